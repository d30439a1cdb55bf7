// Runs a program as a child process (no shell), feeding stdin and capturing stdout, stderr and
// the exit status. Used by the CLI golden tests and the differential oracle.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ciie::test {

struct CommandResult {
  int exit_status = -1;  // the exit code, or 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH when it has no slash) with the given arguments.
// `env` entries are added to (or override) the current environment; `cwd` is the working
// directory ("" = the current one).
CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                          const std::map<std::string, std::string>& env = {},
                          const std::string& cwd = {});

// Runs the built `ciie` tool with `args`, with CIIE_* variables cleared so that the host's
// environment cannot leak into a test, plus `env`.
CommandResult run_ciie(const std::vector<std::string>& args, const std::string& stdin_data = {},
                       const std::map<std::string, std::string>& env = {},
                       const std::string& cwd = {});

}  // namespace ciie::test
