// The shape every bulk use case shares (domain §15): rows read one at a time, each validated and
// applied in a savepoint of one outer write transaction, each outcome reported with its line;
// the outer transaction commits only when every row passed (or continue_on_error), and never on
// a dry run. A file whose header is unusable fails the run as a whole.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/status.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// What one row did when it succeeded.
struct RowResult {
  std::string outcome;   // "registered", "approved", "added", "unchanged", …
  std::string subject;   // the unit's account, the person's id, …
  bool changed = true;   // false for "unchanged": a re-run changes nothing
};

using RowFunction = std::function<Result<RowResult>(const Record&)>;

// How a failing row is undone.
//   kSavepoint    each row runs in a savepoint of its own: whatever it wrote before failing is
//                 rolled back, the other rows kept.
//   kChecksFirst  the row function promises to refuse a row before its first write, so a
//                 refusal leaves nothing to undo and no savepoint is taken (a savepoint a row
//                 costs a large import about a sixth of its time). A store.* failure, which may
//                 come after a write, then ends the whole run, rolled back, even with
//                 continue_on_error.
enum class RowIsolation { kSavepoint, kChecksFirst };

// Runs `apply_row` on every record of `reader` as described above. summary.applied is true when
// the transaction committed and some row changed the store. A failed row's outcome names its
// subject from `subject_column` when given (the unit a decision was about). Errors: store.* (the
// outer transaction), or the reader's error when the file is unusable before its first record.
// `isolation` says how a failing row is undone (above). `before_commit`, when given, runs inside the outer transaction once every row is done and the
// transaction is about to commit (a run's one audit entry, say); its failure rolls back the run.
Result<BulkSummary> apply_bulk(store::Store& store, RecordReader& reader,
                               const BulkOptions& options, const RowCallback& on_row,
                               const RowFunction& apply_row,
                               const std::string& subject_column = {},
                               const std::function<Status(const BulkSummary&)>& before_commit = {},
                               RowIsolation isolation = RowIsolation::kSavepoint);

// A RecordReader over records already in memory (approve-all, a list of ids), numbered 1, 2, …
// unless they carry a line of their own.
class RecordListReader final : public RecordReader {
 public:
  explicit RecordListReader(std::vector<Record> records);
  Result<std::optional<Record>> next() override;
  bool ended() const override { return next_ >= records_.size(); }

 private:
  std::vector<Record> records_;
  std::size_t next_ = 0;
};

}  // namespace ciie::registry
