// The benchmark's per-image outcomes and what is made of them: per-level aggregates, the
// Markdown tables (stdout, --markdown) and the machine-readable JSON (--json).
// Thread-safety: plain values; each ImageRow is written by one worker, then read by one thread.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baseline.hpp"
#include "truth.hpp"

namespace bench {

// The fields scored for our reader besides the USCC, in report order.
inline constexpr std::array<std::string_view, 9> kOurFields = {
    "name", "type",    "legal_rep", "registered_capital", "established",
    "term", "address", "authority", "issue_date"};

enum class UsccOutcome { kExact, kWrong, kRefused };
std::string_view to_string(UsccOutcome outcome);

// One field of our reading as scored: `match` is nullopt when the truth has no such field.
struct FieldScore {
  bool found = false;
  std::string value;
  std::optional<bool> match;
};

struct OursOutcome {
  bool ok = false;
  std::string reason;   // the refusal's reason key (empty when ok)
  std::string message;  // the refusal's message
  std::string uscc;
  std::string uscc_source;  // as_read, confirmed, corrected
  int uscc_corrections = 0;
  bool uscc_passes_checks = false;  // ciie::codes::check_uscc on what was returned
  std::string kind;
  std::map<std::string, FieldScore, std::less<>> fields;  // keyed by kOurFields
  double seconds = 0.0;
};

struct BaselineOutcome {
  bool ran = false;   // false with --no-baseline
  std::string error;  // the file did not decode or recognition failed
  BaselineFields fields;
  std::optional<bool> name_match, address_match;
  double seconds = 0.0;
};

struct ImageRow {
  Truth truth;
  OursOutcome ours;
  BaselineOutcome baseline;
  UsccOutcome ours_uscc = UsccOutcome::kRefused;
  UsccOutcome baseline_uscc = UsccOutcome::kRefused;
};

// Scores what was read against the truth (fills the match members and the USCC outcomes).
void score(ImageRow& row);

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
