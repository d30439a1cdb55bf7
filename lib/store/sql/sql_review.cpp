// Review of units in the SQL store (REV-1, REV-2). A transition is one conditional UPDATE whose
// WHERE names the states it may start from, so of two reviewers deciding the same unit at once only
// the first changes it; the second sees changes() == 0. Queues are the submitted units whose
// review_queue names the queue, oldest submission first.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

// The filter conditions on unit columns shared by list_queue and count_queue (parameters as
// bind_queue_filter binds them; ?6, submitted_before, is applied by each query itself).
constexpr std::string_view kQueueWhere = R"sql(
      edition = ?1 AND (?2 = 'all' OR review_queue = ?2)
  AND (?3 = '' OR sub_delegation = ?3) AND (?4 = '' OR category = ?4) AND (?5 = '' OR region = ?5)
  AND (?7 = '' OR instr(name, ?7) > 0))sql";

}  // namespace

void bind_queue_filter(Statement& stmt, const QueueQuery& query) {
  stmt.bind(1, query.edition).bind(2, query.queue).bind(3, query.sub_delegation);
  stmt.bind(4, query.category ? std::string(to_string(*query.category)) : std::string());
  stmt.bind(5, query.region ? std::string(to_string(*query.region)) : std::string());
  bind_optional_instant(stmt, 6, query.submitted_before);
  stmt.bind(7, query.name_contains);
}

Result<bool> SqlStore::transition_unit(const UnitTransition& t) {
  // Unset optionals bind NULL, and coalesce keeps the column as it is.
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("UPDATE unit SET " + std::string(kReviewTransitionSet) +
                                           " WHERE account = ?1 AND state IN (SELECT value FROM json_each(?2))"));
  stmt.bind(1, t.account);
  bind_review_transition(stmt, t);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::vector<Unit>> SqlStore::list_queue(const QueueQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(unit_columns()) +
                                           " FROM unit WHERE state = 'submitted' AND " +
                                           std::string(kQueueWhere) + R"sql(
      AND (submitted_at < ?6 OR ?6 IS NULL)
    ORDER BY submitted_at, account LIMIT ?8 OFFSET ?9)sql"));
  bind_queue_filter(stmt, query);
  stmt.bind(8, query.limit).bind(9, query.offset);
  std::vector<Unit> units;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Unit unit, read_unit(stmt));
    units.push_back(std::move(unit));
  }
  return units;
}

Result<QueueCounts> SqlStore::count_queue(const QueueQuery& query) {
  // submitted_before limits the pending count only: it picks what an --approve-all would take.
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT coalesce(count(*) FILTER (WHERE state = 'submitted' AND (submitted_at < ?6 OR ?6 IS NULL)), 0),
           coalesce(count(*) FILTER (WHERE state = 'approved' AND decided_by <> 'automatic'), 0),
           coalesce(count(*) FILTER (WHERE state = 'rejected'), 0)
      FROM unit WHERE state IN ('submitted', 'approved', 'rejected') AND )sql" +
                                           std::string(kQueueWhere)));
  bind_queue_filter(stmt, query);
  CIIE_RETURN_IF_ERROR(stmt.step().status());
  QueueCounts counts;
  counts.pending = stmt.column_int(0);
  counts.approved = stmt.column_int(1);
  counts.rejected = stmt.column_int(2);
  return counts;
}

}  // namespace ciie::store::sql
