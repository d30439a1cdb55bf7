// Running a benchmark's child process and measuring it: the benchmarks that compare ciie with
// the sqlite3 shell run each side as its own process, so that each one's peak memory is its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bench {

// One child's run: its wall time and peak resident set, whether it exited 0, and the row counts
// the caller reads from its output.
struct Measured {
  double seconds = 0.0;
  double peak_mib = 0.0;
  std::int64_t rows = 0;
  std::int64_t unchanged = 0;
  bool ok = false;
};

// Runs argv (argv[0] looked up in PATH) with stdin from `input` ("" = /dev/null) and stdout into
// the file `output`; fills seconds, peak_mib and ok. Exits the benchmark when it cannot fork.
Measured run_child(const std::vector<std::string>& argv, const std::string& input,
                   const std::string& output);

}  // namespace bench
