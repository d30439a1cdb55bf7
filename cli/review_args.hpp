// The options of `ciie review`, shared by its unit half (cmd_review.cpp) and its person and
// join-request half (cmd_review_persons.cpp). One subcommand with modes, as cli.md names it:
// listing, --unit decisions, --batch, --persons, --join-requests.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ciie/review.hpp"

#include "context.hpp"

namespace ciie::cli {

struct ReviewArgs {
  // Which queue and which of its units (listing, --approve-all, --persons).
  std::string delegation;
  std::string queue;
  std::string category;
  std::string region;
  std::string name;
  std::string submitted_before;
  int limit = 1000;
  // One decision.
  std::string unit;
  std::int64_t person = 0;
  CLI::Option* person_option = nullptr;
  CLI::Option* approve_option = nullptr;  // a flag, or ids with --join-requests
  CLI::Option* reject_option = nullptr;
  std::string approve_ids;
  std::string reject_ids;
  std::string reason;
  // Modes.
  bool batch = false;
  bool approve_all = false;
  bool persons = false;
  bool join_requests = false;
  bool reveal = false;
  // Decisions file.
  std::string decisions;
  std::string format;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;

  bool approving() const { return approve_option->count() > 0; }
  bool rejecting() const { return reject_option->count() > 0; }
};

// The queue filter of --delegation/--queue and the filter flags. Errors: usage, time.format.
Result<QueueFilter> build_queue_filter(const ReviewArgs& args);
// --approve or --reject for one unit or person: exactly one, without ids. Errors: usage.
Result<Decision> single_decision(const ReviewArgs& args);

// A decisions file (columns `columns`, the first naming the subject) applied by `apply`:
// reading, the per-row output and the summary shared by unit and person review.
using ApplyDecisions = std::function<Result<BulkSummary>(Registry&, const Actor&, RecordReader&,
                                                         const BulkOptions&, const RowCallback&)>;
int run_decisions(Context& ctx, const ReviewArgs& args, const std::vector<std::string>& columns,
                  const ApplyDecisions& apply);

// `review --persons …` and `review --join-requests …` (cmd_review_persons.cpp).
int run_person_review(Context& ctx, const ReviewArgs& args);
int run_join_requests(Context& ctx, const ReviewArgs& args);

}  // namespace ciie::cli
