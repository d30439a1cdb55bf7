// Shell completion written from the command tree (app.hpp): `ciie completion bash` prints a
// bash script completing the commands at every level, their options, and the values of an
// option with a fixed set (option_choices), files for any other option value or argument.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ciie::cli {

// The bash completion script for the tree under `root` (defines _ciie, `complete -F _ciie ciie`).
std::string bash_completion(const CLI::App& root);

// Registers `completion bash` on `app`, printing bash_completion(app).
void setup_completion(CLI::App& app, Context& ctx);

}  // namespace ciie::cli
