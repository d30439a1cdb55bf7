// Imported bank statement lines in the SQL store (PAY-3). The checksum column is unique, so the
// same line imported twice is one row; a queued line changes state once (conditional UPDATE).
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kLineColumns = R"sql(
  id, checksum, booked_on, amount_fen, payer_name, payer_account, remark, reference, state,
  order_number, why, payment, file, line, imported_at, decided_by, reason)sql";

Result<StatementLineState> parse_line_state(const std::string& text, std::int64_t id) {
  for (auto state : {StatementLineState::kMatched, StatementLineState::kQueued,
                     StatementLineState::kFlagged, StatementLineState::kAssigned,
                     StatementLineState::kDiscarded}) {
    if (to_string(state) == text) return state;
  }
  return Status::storage("store.io",
                         "corrupt statement line " + std::to_string(id) + ": state '" + text + "'");
}

Result<StatementLine> read_line(const Statement& stmt) {
  StatementLine line;
  line.id = stmt.column_int(0);
  line.checksum = stmt.column_text(1);
  CIIE_ASSIGN_OR_RETURN(line.booked_on, Date::parse(stmt.column_text(2)));
  line.amount = Money::from_fen(stmt.column_int(3));
  line.payer_name = stmt.column_text(4);
  line.payer_account = stmt.column_text(5);
  line.remark = stmt.column_text(6);
  line.reference = stmt.column_text(7);
  CIIE_ASSIGN_OR_RETURN(line.state, parse_line_state(stmt.column_text(8), line.id));
  line.order = stmt.column_text(9);
  line.why = stmt.column_text(10);
  line.payment_id = stmt.column_is_null(11) ? 0 : stmt.column_int(11);
  line.file = stmt.column_text(12);
  line.line = static_cast<long>(stmt.column_int(13));
  CIIE_ASSIGN_OR_RETURN(line.imported_at, Instant::parse(stmt.column_text(14)));
  line.decided_by = stmt.column_text(15);
  line.reason = stmt.column_text(16);
  return line;
}

void bind_payment(Statement& stmt, int index, std::int64_t payment_id) {
  if (payment_id == 0) {
    stmt.bind_null(index);
  } else {
    stmt.bind(index, payment_id);
  }
}

}  // namespace

Status SqlStore::insert_statement_line(StatementLine& line) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO statement_line (checksum, booked_on, amount_fen, payer_name, payer_account, remark,
                                reference, state, order_number, why, payment, file, line,
                                imported_at, decided_by, reason)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))sql"));
  stmt.bind(1, line.checksum).bind(2, line.booked_on.to_string()).bind(3, line.amount.fen());
  stmt.bind(4, line.payer_name).bind(5, line.payer_account).bind(6, line.remark);
  stmt.bind(7, line.reference).bind(8, to_string(line.state)).bind(9, line.order);
  stmt.bind(10, line.why);
  bind_payment(stmt, 11, line.payment_id);
  stmt.bind(12, line.file).bind(13, static_cast<std::int64_t>(line.line));
  stmt.bind(14, line.imported_at).bind(15, line.decided_by).bind(16, line.reason);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(line.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::optional<StatementLine>> SqlStore::find_statement_line(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kLineColumns) +
                                           " FROM statement_line WHERE id = ?1"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<StatementLine>();
  CIIE_ASSIGN_OR_RETURN(StatementLine line, read_line(stmt));
  return std::optional<StatementLine>(std::move(line));
}

Result<bool> SqlStore::statement_checksum_known(const std::string& checksum) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT 1 FROM statement_line WHERE checksum = ?1"));
  stmt.bind(1, checksum);
  return stmt.step();
}

Result<bool> SqlStore::update_statement_line(const StatementLine& line,
                                                StatementLineState from) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE statement_line SET state = ?2, order_number = ?3, why = ?4, payment = ?5,
                              decided_by = ?6, reason = ?7
     WHERE id = ?1 AND state = ?8)sql"));
  stmt.bind(1, line.id).bind(2, to_string(line.state)).bind(3, line.order).bind(4, line.why);
  bind_payment(stmt, 5, line.payment_id);
  stmt.bind(6, line.decided_by).bind(7, line.reason).bind(8, to_string(from));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::vector<StatementLine>> SqlStore::list_statement_lines(StatementLineState state,
                                                                     int limit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kLineColumns) +
                                           " FROM statement_line WHERE state = ?1 ORDER BY id"
                                           " LIMIT ?2"));
  stmt.bind(1, to_string(state)).bind(2, limit);
  std::vector<StatementLine> lines;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(StatementLine line, read_line(stmt));
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace ciie::store::sql
