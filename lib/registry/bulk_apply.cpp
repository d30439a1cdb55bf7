// One outer transaction, one savepoint per row, all or nothing by default.
#include "registry/bulk_apply.hpp"

namespace ciie::registry {
namespace {

// Returned from the outer transaction to roll it back on purpose; never leaves this file.
constexpr std::string_view kNotApplied = "bulk.not_applied";

}  // namespace

Result<BulkSummary> apply_bulk(store::Store& store, RecordReader& reader,
                               const BulkOptions& options, const RowCallback& on_row,
                               const RowFunction& apply_row,
                               const std::string& subject_column,
                               const std::function<Status(const BulkSummary&)>& before_commit,
                               RowIsolation isolation) {
  BulkSummary summary;
  Status fatal;
  bool any_record_yet = false;
  bool any_change = false;
  auto report = [&](RowOutcome outcome) {
    ++summary.rows;
    if (outcome.ok) {
      ++summary.ok;
      ++summary.by_outcome[outcome.outcome];
    } else {
      ++summary.failed;
    }
    if (on_row) on_row(outcome);
  };

  // Exactly once: the body reads the input as it goes and reports each row, so a collision on
  // PostgreSQL fails the command with store.busy (nothing applied) instead of running it again.
  const Status outer = store.write_transaction_once([&]() -> Status {
    while (true) {
      auto next = reader.next();
      if (!next.is_ok()) {
        Status error = next.status();
        const long line = error.line().value_or(0);
        if (reader.ended() && !any_record_yet) {
          // The file is unusable as a whole (its header, say): report every problem the reader
          // has, then fail the run.
          if (fatal.is_ok()) fatal = error;
          if (on_row) on_row({line, false, "", "", std::move(error)});
          continue;
        }
        report({line, false, "", "", std::move(error)});
        continue;
      }
      if (!*next) break;
      any_record_yet = true;
      const Record& record = **next;
      RowResult result;
      const auto run_row = [&]() -> Status {
        CIIE_ASSIGN_OR_RETURN(result, apply_row(record));
        return Status::ok();
      };
      const Status row = isolation == RowIsolation::kSavepoint
                             ? store.write_transaction(run_row)  // a savepoint
                             : run_row();
      if (isolation == RowIsolation::kChecksFirst && !row.is_ok() &&
          row.reason().rfind("store.", 0) == 0) {
        // It may have written part of the row: nothing of the run may be kept.
        fatal = row;
        if (on_row) on_row({record.line, false, "", "", row});
        break;
      }
      if (row.is_ok()) {
        any_change = any_change || result.changed;
        report({record.line, true, result.outcome, result.subject, Status::ok()});
      } else {
        Status located = row;
        const auto named = subject_column.empty() ? record.fields.end()
                                                  : record.fields.find(subject_column);
        report({record.line, false, "", named == record.fields.end() ? "" : named->second,
                std::move(located).at(record.line, row.field())});
      }
    }
    if (!fatal.is_ok() || options.dry_run || (summary.failed > 0 && !options.continue_on_error)) {
      return Status(Code::kInvalidInput, std::string(kNotApplied), "");
    }
    if (before_commit) return before_commit(summary);
    return Status::ok();
  });
  if (!fatal.is_ok()) return fatal;
  if (!outer.is_ok() && outer.reason() != kNotApplied) return outer;
  summary.applied = outer.is_ok() && any_change;
  return summary;
}

RecordListReader::RecordListReader(std::vector<Record> records) : records_(std::move(records)) {
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (records_[i].line == 0) records_[i].line = static_cast<long>(i + 1);
  }
}

Result<std::optional<Record>> RecordListReader::next() {
  if (next_ >= records_.size()) return std::optional<Record>();
  return std::optional<Record>(records_[next_++]);
}

}  // namespace ciie::registry
