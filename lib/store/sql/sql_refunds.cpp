// Refunds in the SQL store (RFD). Inserting a refund takes its persons out of the order in the same
// statements: their order lines stop holding them and point at the refund, and the order's
// refunded total grows. A line is taken by one conditional UPDATE from refund IS NULL: a
// person's badge of an order is refunded once, whatever races.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kRefundColumns = R"sql(
  id, order_number, unit, amount_fen, reason, automatic, state, method, payment, idempotency_key,
  gateway_refund_id, payee_name, payee_account, transfer_reference, invoice, red_form,
  red_invoice, reissued_invoice, last_error, created_by, completed_by, created_at, updated_at,
  completed_at)sql";

Status corrupt(std::int64_t id, const std::string& what) {
  return Status::storage("store.io", "corrupt refund " + std::to_string(id) + ": " + what);
}

Result<Refund> read_refund(const Statement& stmt) {
  Refund r;
  r.id = stmt.column_int(0);
  r.order = stmt.column_text(1);
  r.unit = stmt.column_text(2);
  r.amount = Money::from_fen(stmt.column_int(3));
  r.reason = stmt.column_text(4);
  r.automatic = stmt.column_int(5) != 0;
  const auto state = parse_refund_state(stmt.column_text(6));
  if (!state) return corrupt(r.id, "state '" + stmt.column_text(6) + "'");
  r.state = *state;
  const auto method = parse_payment_method(stmt.column_text(7));
  if (!method) return corrupt(r.id, "method '" + stmt.column_text(7) + "'");
  r.method = *method;
  r.payment_id = stmt.column_int(8);
  r.idempotency_key = stmt.column_text(9);
  r.gateway_refund_id = stmt.column_text(10);
  r.payee_name = stmt.column_text(11);
  r.payee_account = stmt.column_text(12);
  r.transfer_reference = stmt.column_text(13);
  r.invoice = stmt.column_text(14);
  r.red_form = stmt.column_int(15);
  r.red_invoice = stmt.column_text(16);
  r.reissued_invoice = stmt.column_text(17);
  r.last_error = stmt.column_text(18);
  r.created_by = stmt.column_text(19);
  r.completed_by = stmt.column_text(20);
  CIIE_ASSIGN_OR_RETURN(r.created_at, Instant::parse(stmt.column_text(21)));
  CIIE_ASSIGN_OR_RETURN(r.updated_at, Instant::parse(stmt.column_text(22)));
  CIIE_ASSIGN_OR_RETURN(r.completed_at, optional_instant(stmt, 23));
  return r;
}

}  // namespace

Status SqlStore::insert_refund(Refund& refund) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO refund (order_number, unit, amount_fen, reason, automatic, state, method, payment,
                        payee_name, payee_account, invoice, created_by, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13))sql"));
  stmt.bind(1, refund.order).bind(2, refund.unit).bind(3, refund.amount.fen());
  stmt.bind(4, refund.reason).bind(5, refund.automatic ? 1 : 0).bind(6, to_string(refund.state));
  stmt.bind(7, to_string(refund.method)).bind(8, refund.payment_id);
  stmt.bind(9, refund.payee_name).bind(10, refund.payee_account).bind(11, refund.invoice);
  stmt.bind(12, refund.created_by).bind(13, refund.created_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(refund.id, db_->last_insert_id());
  refund.updated_at = refund.created_at;
  // The idempotency key names the refund, so it is known only now.
  refund.idempotency_key = refund.order + "-R" + std::to_string(refund.id);
  CIIE_ASSIGN_OR_RETURN(auto key, prepare("UPDATE refund SET idempotency_key = ?2 WHERE id = ?1"));
  key.bind(1, refund.id).bind(2, refund.idempotency_key);
  CIIE_RETURN_IF_ERROR(key.run());
  for (const RefundLine& line : refund.lines) {
    CIIE_ASSIGN_OR_RETURN(auto insert_line, prepare(R"sql(
      INSERT INTO refund_line (refund, person, person_name, badge_type, fee_fen)
      VALUES (?1, ?2, ?3, ?4, ?5))sql"));
    insert_line.bind(1, refund.id).bind(2, line.person_id).bind(3, line.person_name);
    insert_line.bind(4, line.badge_type).bind(5, line.fee.fen());
    CIIE_RETURN_IF_ERROR(insert_line.run());
    CIIE_ASSIGN_OR_RETURN(auto release, prepare(R"sql(
      UPDATE order_line SET holding = 0, refund = ?3
       WHERE order_number = ?1 AND person = ?2 AND refund IS NULL)sql"));
    release.bind(1, refund.order).bind(2, line.person_id).bind(3, refund.id);
    CIIE_RETURN_IF_ERROR(release.run());
    if (changes() != 1) {
      return Status::conflict("store.constraint", "person " + std::to_string(line.person_id) +
                                                     " is not an unrefunded line of order " +
                                                     refund.order);
    }
  }
  CIIE_ASSIGN_OR_RETURN(auto total, prepare(
      "UPDATE badge_order SET refunded_fen = refunded_fen + ?2 WHERE number = ?1"));
  total.bind(1, refund.order).bind(2, refund.amount.fen());
  return total.run();
}

Result<bool> SqlStore::update_refund(const Refund& r, RefundState from) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE refund SET state = ?2, gateway_refund_id = ?3, transfer_reference = ?4, red_form = ?5,
                      red_invoice = ?6, reissued_invoice = ?7, last_error = ?8,
                      completed_by = ?9, updated_at = ?10, completed_at = ?11
     WHERE id = ?1 AND state = ?12)sql"));
  stmt.bind(1, r.id).bind(2, to_string(r.state)).bind(3, r.gateway_refund_id);
  stmt.bind(4, r.transfer_reference).bind(5, r.red_form).bind(6, r.red_invoice);
  stmt.bind(7, r.reissued_invoice).bind(8, r.last_error).bind(9, r.completed_by);
  stmt.bind(10, r.updated_at);
  bind_optional_instant(stmt, 11, r.completed_at);
  stmt.bind(12, to_string(from));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::vector<RefundLine>> SqlStore::refund_lines(std::int64_t refund) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT person, person_name, badge_type, fee_fen FROM refund_line WHERE refund = ?1
     ORDER BY person)sql"));
  stmt.bind(1, refund);
  std::vector<RefundLine> lines;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    RefundLine line;
    line.person_id = stmt.column_int(0);
    line.person_name = stmt.column_text(1);
    line.badge_type = stmt.column_text(2);
    line.fee = Money::from_fen(stmt.column_int(3));
    lines.push_back(std::move(line));
  }
  return lines;
}

Result<std::optional<Refund>> SqlStore::find_refund(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kRefundColumns) +
                                           " FROM refund WHERE id = ?1"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Refund>();
  CIIE_ASSIGN_OR_RETURN(Refund refund, read_refund(stmt));
  CIIE_ASSIGN_OR_RETURN(refund.lines, refund_lines(refund.id));
  return std::optional<Refund>(std::move(refund));
}

Result<std::vector<Refund>> SqlStore::list_refunds(const RefundFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kRefundColumns) + R"sql(
      FROM refund
     WHERE (?1 = '' OR unit = ?1) AND (?2 = '' OR order_number = ?2) AND (?3 = '' OR state = ?3)
     ORDER BY id DESC LIMIT ?4 OFFSET ?5)sql"));
  stmt.bind(1, filter.unit).bind(2, filter.order);
  stmt.bind(3, filter.state ? std::string(to_string(*filter.state)) : std::string());
  stmt.bind(4, filter.limit).bind(5, filter.offset);
  std::vector<Refund> refunds;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Refund refund, read_refund(stmt));
    refunds.push_back(std::move(refund));
  }
  for (Refund& refund : refunds) {
    CIIE_ASSIGN_OR_RETURN(refund.lines, refund_lines(refund.id));
  }
  return refunds;
}

Result<std::int64_t> SqlStore::refund_of_person(std::int64_t person_id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "SELECT max(refund) FROM refund_line WHERE person = ?1 HAVING count(*) > 0"));
  stmt.bind(1, person_id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_int(0) : std::int64_t{0};
}

}  // namespace ciie::store::sql
