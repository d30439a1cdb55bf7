// Low-level child processes for the concurrency tests: start a worker with chosen stdin and
// stdout descriptors (no shell), and read its output with a deadline, so that a stuck worker
// fails its round instead of hanging the suite.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace ciie::test {

// Reads `fd` into `buffer` until EOF, or (when `one_line`) until the buffer holds a newline.
// False when `deadline` passed first.
bool read_until(int fd, std::string& buffer, bool one_line,
                std::chrono::steady_clock::time_point deadline);

// Starts `argv` (argv[0] a path) with `stdin_fd` as its stdin and `stdout_fd` as its stdout;
// stderr is ours. Throws std::runtime_error when it cannot start.
pid_t spawn(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd);

}  // namespace ciie::test
