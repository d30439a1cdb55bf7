// Payments in the SQL store (PAY). One row per attempt. The gateway's or bank's transaction id is
// unique (payment_transaction), and every change of state is one conditional UPDATE from the states
// it may start from, so a notice racing its twin, or finance racing a notice, changes a payment
// once.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kPaymentColumns = R"sql(
  id, order_number, method, attempt, idempotency_key, state, amount_fen, intent_id, qr_content,
  pay_url, transaction_id, payer_name, payer_account, paid_on, flag, proof_format, proof_sha256,
  last_error, decided_by, reason, forced, created_at, updated_at, confirmed_at)sql";

Status corrupt(std::int64_t id, const std::string& what) {
  return Status::storage("store.io", "corrupt payment row " + std::to_string(id) + ": " + what);
}

Result<Payment> read_payment(const Statement& stmt) {
  Payment p;
  p.id = stmt.column_int(0);
  p.order = stmt.column_text(1);
  const auto method = parse_payment_method(stmt.column_text(2));
  if (!method) return corrupt(p.id, "method '" + stmt.column_text(2) + "'");
  p.method = *method;
  p.attempt = static_cast<int>(stmt.column_int(3));
  p.idempotency_key = stmt.column_text(4);
  const auto state = parse_payment_state(stmt.column_text(5));
  if (!state) return corrupt(p.id, "state '" + stmt.column_text(5) + "'");
  p.state = *state;
  p.amount = Money::from_fen(stmt.column_int(6));
  p.intent_id = stmt.column_text(7);
  p.qr_content = stmt.column_text(8);
  p.pay_url = stmt.column_text(9);
  p.transaction_id = stmt.column_text(10);
  p.payer_name = stmt.column_text(11);
  p.payer_account = stmt.column_text(12);
  if (!stmt.column_is_null(13)) {
    CIIE_ASSIGN_OR_RETURN(const Date paid_on, Date::parse(stmt.column_text(13)));
    p.paid_on = paid_on;
  }
  p.flag = stmt.column_text(14);
  p.has_proof = !stmt.column_is_null(16);
  p.proof_format = stmt.column_text(15);
  p.proof_sha256 = stmt.column_text(16);
  p.last_error = stmt.column_text(17);
  p.decided_by = stmt.column_text(18);
  p.reason = stmt.column_text(19);
  p.forced = stmt.column_int(20) != 0;
  CIIE_ASSIGN_OR_RETURN(p.created_at, Instant::parse(stmt.column_text(21)));
  CIIE_ASSIGN_OR_RETURN(p.updated_at, Instant::parse(stmt.column_text(22)));
  CIIE_ASSIGN_OR_RETURN(p.confirmed_at, optional_instant(stmt, 23));
  return p;
}

Result<std::vector<Payment>> read_payments(Statement& stmt) {
  std::vector<Payment> payments;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Payment payment, read_payment(stmt));
    payments.push_back(std::move(payment));
  }
  return payments;
}

// The mutable columns, bound to ?2 … ?17 by bind_mutable.
constexpr std::string_view kMutableSet = R"sql(
  state = ?2, amount_fen = ?3, intent_id = ?4, qr_content = ?5, pay_url = ?6,
  transaction_id = ?7, payer_name = ?8, payer_account = ?9, paid_on = ?10, flag = ?11,
  last_error = ?12, decided_by = ?13, reason = ?14, forced = ?15, updated_at = ?16,
  confirmed_at = ?17)sql";

void bind_mutable(Statement& stmt, const Payment& p) {
  stmt.bind(2, to_string(p.state)).bind(3, p.amount.fen()).bind(4, p.intent_id);
  stmt.bind(5, p.qr_content).bind(6, p.pay_url);
  bind_or_null(stmt, 7, p.transaction_id);
  stmt.bind(8, p.payer_name).bind(9, p.payer_account);
  if (p.paid_on) {
    stmt.bind(10, p.paid_on->to_string());
  } else {
    stmt.bind_null(10);
  }
  stmt.bind(11, p.flag).bind(12, p.last_error).bind(13, p.decided_by).bind(14, p.reason);
  stmt.bind(15, p.forced ? 1 : 0).bind(16, p.updated_at);
  bind_optional_instant(stmt, 17, p.confirmed_at);
}

}  // namespace

Status SqlStore::insert_payment(Payment& payment, const std::string& proof) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO payment (order_number, method, attempt, idempotency_key, state, amount_fen,
                         proof_format, proof_sha256, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, 'creating', 0, ?5, ?6, ?7, ?7))sql"));
  stmt.bind(1, payment.order).bind(2, to_string(payment.method)).bind(3, payment.attempt);
  stmt.bind(4, payment.idempotency_key);
  if (proof.empty()) {
    stmt.bind_null(5).bind_null(6);
  } else {
    stmt.bind(5, payment.proof_format).bind(6, payment.proof_sha256);
  }
  stmt.bind(7, payment.created_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(payment.id, db_->last_insert_id());
  payment.has_proof = !proof.empty();
  if (!proof.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto insert_proof,
                          prepare("INSERT INTO payment_proof (payment, bytes) VALUES (?1, ?2)"));
    insert_proof.bind(1, payment.id).bind_blob(2, proof);
    CIIE_RETURN_IF_ERROR(insert_proof.run());
  }
  // The rest of the row (state, amount, …) as given: one code path writes mutable columns.
  CIIE_ASSIGN_OR_RETURN(auto update, prepare("UPDATE payment SET " + std::string(kMutableSet) +
                                             " WHERE id = ?1"));
  update.bind(1, payment.id);
  bind_mutable(update, payment);
  return update.run();
}

Result<bool> SqlStore::update_payment(const Payment& payment,
                                         const std::vector<PaymentState>& from) {
  std::vector<std::string> states;
  for (auto state : from) states.emplace_back(to_string(state));
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("UPDATE payment SET " + std::string(kMutableSet) +
                                           R"sql( WHERE id = ?1 AND state IN
                                             (SELECT value FROM json_each(?18)))sql"));
  stmt.bind(1, payment.id);
  bind_mutable(stmt, payment);
  stmt.bind(18, encode_strings(states));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::optional<Payment>> SqlStore::find_payment_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPaymentColumns) +
                                           " FROM payment WHERE " + std::string(where)));
  bind(stmt);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Payment>();
  CIIE_ASSIGN_OR_RETURN(Payment payment, read_payment(stmt));
  return std::optional<Payment>(std::move(payment));
}

Result<std::optional<Payment>> SqlStore::find_payment(std::int64_t id) {
  return find_payment_where("id = ?1", [&](Statement& stmt) { stmt.bind(1, id); });
}

Result<std::optional<Payment>> SqlStore::find_payment_by_transaction(
    const std::string& transaction_id) {
  return find_payment_where("transaction_id = ?1",
                            [&](Statement& stmt) { stmt.bind(1, transaction_id); });
}

Result<std::optional<Payment>> SqlStore::find_payment_by_intent(const std::string& intent_id) {
  return find_payment_where("intent_id = ?1 AND intent_id <> '' ORDER BY id DESC LIMIT 1",
                            [&](Statement& stmt) { stmt.bind(1, intent_id); });
}

Result<std::vector<Payment>> SqlStore::list_payments(const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPaymentColumns) +
                                           " FROM payment WHERE order_number = ?1 ORDER BY id"));
  stmt.bind(1, order);
  return read_payments(stmt);
}

Result<std::vector<Payment>> SqlStore::list_payments_in(const std::vector<PaymentState>& states,
                                                           int limit) {
  std::vector<std::string> names;
  for (auto state : states) names.emplace_back(to_string(state));
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPaymentColumns) + R"sql(
      FROM payment WHERE state IN (SELECT value FROM json_each(?1)) ORDER BY id LIMIT ?2)sql"));
  stmt.bind(1, encode_strings(names)).bind(2, limit);
  return read_payments(stmt);
}

Result<int> SqlStore::last_payment_attempt(const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "SELECT coalesce(max(attempt), 0) FROM payment WHERE order_number = ?1"));
  stmt.bind(1, order);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? static_cast<int>(stmt.column_int(0)) : 0;
}

Result<std::string> SqlStore::payment_proof(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT bytes FROM payment_proof WHERE payment = ?1"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_blob(0) : std::string();
}

}  // namespace ciie::store::sql
