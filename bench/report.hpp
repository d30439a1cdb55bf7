// What the benchmark makes of the scored scans: per-level aggregates, the Markdown tables
// (stdout, --markdown) and the machine-readable JSON (--json).
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <vector>

#include "score.hpp"

namespace bench {

// Facts about the run printed above the tables and stored in the JSON.
struct RunInfo {
  std::string dir;
  int threads = 1;
  bool baseline = true;
  std::string tesseract_version;
  std::string omp_thread_limit;
  std::string started;                    // local time, "2025-01-02 10:11"
  double ours_startup_seconds = 0.0;      // the slowest worker: first handle and one warm-up scan
  double baseline_startup_seconds = 0.0;  // the slowest worker: Init and one warm-up scan
  double wall_seconds = 0.0;
};

// The Markdown report: run facts, the side-by-side table, our other fields, the targets.
std::string markdown_report(const RunInfo& info, const std::vector<ImageRow>& rows);
// The same as JSON: "run", "summary" per level and "all", and one entry per image.
std::string json_report(const RunInfo& info, const std::vector<ImageRow>& rows);

}  // namespace bench
