// The CLI reference (docs/cli-reference.md) written from the command tree itself, so that it
// cannot drift from `ciie COMMAND --help`: `ciie help-reference` prints it (hidden from the
// command list), tests/cli/cli_reference_test.cpp compares it with the committed file.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace ciie::cli {

// The commands of the tree under `root`, root first, depth-first in the order they were added,
// without hidden ones (those in no group). Each with its full name ("ciie points redeem").
struct CommandEntry {
  const CLI::App* app = nullptr;
  std::string path;
};
std::vector<CommandEntry> command_tree(const CLI::App& root);

// The fixed set of values an option accepts, as its validators describe it ("{csv,jsonl}" in
// its type name, e.g. from CLI::IsMember or choices()); empty when the set is open.
std::vector<std::string> option_choices(const CLI::Option& option);

// A validator that only names the values an option accepts (help, reference, completion) and
// lets every value through, for options whose command reports a bad value itself with its own
// reason (e.g. export.format) rather than as a usage error.
CLI::Validator choices(const std::vector<std::string>& values);

// Markdown: for every command of command_tree(root), its description, usage line, options
// (names, value type, description, default, environment variable) and footer.
std::string help_reference(const CLI::App& root);

// Registers the hidden `help-reference` command on `app`, printing help_reference(app).
void setup_help_reference(CLI::App& app, Context& ctx);

}  // namespace ciie::cli
