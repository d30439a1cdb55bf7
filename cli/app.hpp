// The command tree of ciie: every command and its options, built on a given CLI::App so that
// main(), the CLI reference (help_reference.hpp) and the completion script (completion.hpp) all
// read the same tree.
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ciie::cli {

// Sets `app`'s name, description, version flag and footer, the global options and every
// command. Commands keep references to `ctx` (and `app`), which must outlive the parse and run.
void build_app(CLI::App& app, Context& ctx);

}  // namespace ciie::cli
