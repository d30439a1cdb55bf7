// Reading passwords for the CLI. A password never comes from argv (other users can read it
// in `ps`): either the lines of standard input (`--password-stdin`) or a prompt on a terminal.
#pragma once

#include <string>
#include <vector>

#include "ciie/status.hpp"

namespace ciie::cli {

// What one password is for: the prompt shown on a terminal, and whether to ask twice there
// (a new password is typed blind, so a typo would lock the user out).
struct PasswordPrompt {
  std::string label;     // "New password"
  bool confirm = false;  // ask again and compare
};

// Reads one password per prompt, in order.
// - from_stdin: the next lines of standard input, each without its line end ("\n" or "\r\n");
//   no confirmation. A missing line is a usage error.
// - otherwise, when standard input is a terminal: prompts on stderr with echo off (termios),
//   restoring the terminal afterwards, also on Ctrl-C.
// Errors: usage (no line on stdin, no terminal to prompt on, the confirmation differs).
// Thread-safety: not thread-safe (it owns the terminal while prompting).
Result<std::vector<std::string>> read_passwords(bool from_stdin,
                                                const std::vector<PasswordPrompt>& prompts);

// Whether a prompt is possible: standard input is a terminal.
bool can_prompt_for_password();

}  // namespace ciie::cli
