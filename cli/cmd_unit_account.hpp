// The account subcommands of `ciie unit` (cmd_unit_account.cpp), added by setup_unit.
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ciie::cli {

// Adds `password change|reset` and `phone` under the `unit` subcommand.
void setup_unit_account(CLI::App& unit, Context& ctx);

}  // namespace ciie::cli
