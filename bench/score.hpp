// What each pipeline read from one scan, and how it scores against the truth: the USCC outcome
// and, per field, whether the value is exact under truth.hpp's folding.
// Thread-safety: plain values; each ImageRow is written by one worker, then read by one thread.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace bench
