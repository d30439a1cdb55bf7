// The row format every benchmark can write with --rows FILE, and that ciie_bench_table merges
// into one table (bench/run-all): one row per timed operation, its baseline a row of its own.
// Thread-safety: plain values and a pure writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// One timed operation. `rows` is what the operation processed (persons, lines, scans, needs…;
// the operation's text says which), so rows / wall_s is its throughput.
struct BenchRow {
  std::string operation;
  std::int64_t rows = 0;
  double wall_s = 0.0;
  double peak_mib = -1.0;  // the peak resident set of the process doing it; < 0: not measured
  std::string baseline;    // the `operation` of this run's row it is compared with; empty: none
  double ratio = -1.0;     // wall_s over the baseline row's wall_s; < 0: none
  // A row that other rows name as their baseline is itself written with baseline empty and
  // ratio < 0; the table marks it as the baseline.
};

// Writes {"bench": bench, "build_type": build_type, "rows": [{"operation", "rows", "wall_s",
// "rows_per_s", "peak_mib", "baseline", "ratio"}…]} (null for what was not measured) to `path`.
// Returns false, after saying so on stderr, when the file could not be written.
bool write_rows(const std::string& path, std::string_view bench, std::string_view build_type,
                const std::vector<BenchRow>& rows);

}  // namespace bench
