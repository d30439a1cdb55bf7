// Badge orders in the SQL store (ORD). An order and its lines are written once; closing is one
// conditional UPDATE from awaiting_payment, so two closers (a payment and an expiry, say) cannot
// both win. A person is held by at most one order: the partial unique index order_line_one_holding.
#include "store/sql/row_readers.hpp"
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kOrderColumns = R"sql(
  number, unit, edition, state, total_fen, created_at, expires_at, closed_at, created_by,
  closed_by, close_reason, refunded_fen, refunded_at)sql";

Result<Order> read_order(const Statement& stmt) {
  Order order;
  order.number = stmt.column_text(0);
  order.unit = stmt.column_text(1);
  order.edition = static_cast<int>(stmt.column_int(2));
  const auto state = parse_order_state(stmt.column_text(3));
  if (!state) {
    return Status::storage("store.io", "corrupt order " + order.number + ": state '" +
                                           stmt.column_text(3) + "'");
  }
  order.state = *state;
  order.total = Money::from_fen(stmt.column_int(4));
  CIIE_ASSIGN_OR_RETURN(order.created_at, Instant::parse(stmt.column_text(5)));
  CIIE_ASSIGN_OR_RETURN(order.expires_at, Instant::parse(stmt.column_text(6)));
  CIIE_ASSIGN_OR_RETURN(order.closed_at, optional_instant(stmt, 7));
  order.created_by = stmt.column_text(8);
  order.closed_by = stmt.column_text(9);
  order.close_reason = stmt.column_text(10);
  order.refunded = Money::from_fen(stmt.column_int(11));
  // The state column predates refunds: a paid order refunded in full has refunded_at.
  if (order.state == OrderState::kPaid && !stmt.column_is_null(12)) {
    order.state = OrderState::kRefunded;
  }
  return order;
}

}  // namespace

// The shared readers of row_readers.hpp (statistics and export).
std::string_view order_row_columns() { return kOrderColumns; }
Result<Order> read_order_row(const Statement& stmt) { return read_order(stmt); }

Status SqlStore::insert_order(const Order& order) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO badge_order (number, unit, edition, state, total_fen, created_at, expires_at,
                             closed_at, created_by, closed_by, close_reason)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql"));
  stmt.bind(1, order.number).bind(2, order.unit).bind(3, order.edition);
  stmt.bind(4, to_string(order.state)).bind(5, order.total.fen());
  stmt.bind(6, order.created_at).bind(7, order.expires_at);
  bind_optional_instant(stmt, 8, order.closed_at);
  stmt.bind(9, order.created_by).bind(10, order.closed_by).bind(11, order.close_reason);
  CIIE_RETURN_IF_ERROR(stmt.run());
  // Every line of a new order holds its person (a settled order's too: they are paid for).
  const bool holding = order.state == OrderState::kAwaitingPayment ||
                    order.state == OrderState::kPaid || order.state == OrderState::kSettled;
  for (const OrderLine& line : order.lines) {
    CIIE_ASSIGN_OR_RETURN(auto insert_line, prepare(R"sql(
      INSERT INTO order_line (order_number, person, person_name, badge_type, free_badge, fee_fen,
                              holding)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql"));
    insert_line.bind(1, order.number).bind(2, line.person_id).bind(3, line.person_name);
    insert_line.bind(4, line.badge_type).bind(5, line.free_badge ? 1 : 0);
    insert_line.bind(6, line.fee.fen()).bind(7, holding ? 1 : 0);
    CIIE_RETURN_IF_ERROR(insert_line.run());
  }
  return Status::ok();
}

Result<std::vector<OrderLine>> SqlStore::order_lines(const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT person, person_name, badge_type, free_badge, fee_fen, refund FROM order_line
     WHERE order_number = ?1 ORDER BY person)sql"));
  stmt.bind(1, number);
  std::vector<OrderLine> lines;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    OrderLine line;
    line.person_id = stmt.column_int(0);
    line.person_name = stmt.column_text(1);
    line.badge_type = stmt.column_text(2);
    line.free_badge = stmt.column_int(3) != 0;
    line.fee = Money::from_fen(stmt.column_int(4));
    line.refund = stmt.column_is_null(5) ? 0 : stmt.column_int(5);
    lines.push_back(std::move(line));
  }
  return lines;
}

Result<std::optional<Order>> SqlStore::find_order(const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kOrderColumns) +
                                           " FROM badge_order WHERE number = ?1"));
  stmt.bind(1, number);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Order>();
  CIIE_ASSIGN_OR_RETURN(Order order, read_order(stmt));
  CIIE_ASSIGN_OR_RETURN(order.lines, order_lines(order.number));
  return std::optional<Order>(std::move(order));
}

Result<std::vector<Order>> SqlStore::list_orders(const OrderQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kOrderColumns) + R"sql(
      FROM badge_order WHERE edition = ?1 AND (?2 = '' OR unit = ?2) AND (?3 = '' OR state = ?3)
       AND (?6 = 0 OR (?6 = 1) = (refunded_at IS NOT NULL))
     ORDER BY created_at DESC, number DESC LIMIT ?4 OFFSET ?5)sql"));
  stmt.bind(1, query.edition).bind(2, query.unit);
  // kRefunded is stored as 'paid' with refunded_at (see read_order).
  const bool refunded = query.state == OrderState::kRefunded;
  const bool paid = query.state == OrderState::kPaid;
  stmt.bind(3, query.state ? std::string(to_string(refunded ? OrderState::kPaid : *query.state))
                           : std::string());
  stmt.bind(6, refunded ? 1 : paid ? 2 : 0);
  stmt.bind(4, query.limit).bind(5, query.offset);
  std::vector<Order> orders;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Order order, read_order(stmt));
    orders.push_back(std::move(order));
  }
  for (Order& order : orders) {
    CIIE_ASSIGN_OR_RETURN(order.lines, order_lines(order.number));
  }
  return orders;
}

Result<bool> SqlStore::close_order(const OrderClose& close) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE badge_order SET state = ?2, closed_at = ?3, closed_by = ?4, close_reason = ?5
     WHERE number = ?1 AND state = ?6)sql"));
  stmt.bind(1, close.number).bind(2, to_string(close.to)).bind(3, close.at);
  stmt.bind(4, close.by).bind(5, close.reason).bind(6, to_string(close.from));
  CIIE_RETURN_IF_ERROR(stmt.run());
  if (changes() != 1) return false;
  const auto lets_go = [](OrderState state) {
    return state == OrderState::kCancelled || state == OrderState::kExpired;
  };
  if (lets_go(close.to) != lets_go(close.from)) {
    CIIE_ASSIGN_OR_RETURN(auto lines,
                          prepare("UPDATE order_line SET holding = ?2 WHERE order_number = ?1"));
    lines.bind(1, close.number).bind(2, lets_go(close.to) ? 0 : 1);
    CIIE_RETURN_IF_ERROR(lines.run());
  }
  return true;
}

Status SqlStore::mark_order_refunded(const std::string& number, Instant at) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "UPDATE badge_order SET refunded_at = ?2 WHERE number = ?1 AND state = 'paid'"));
  stmt.bind(1, number).bind(2, at);
  return stmt.run();
}

Status SqlStore::force_order_state(const std::string& number, OrderState state, Instant at) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "UPDATE badge_order SET state = ?2, closed_at = ?3 WHERE number = ?1"));
  stmt.bind(1, number).bind(2, to_string(state)).bind(3, at);
  return stmt.run();
}

Result<std::vector<std::string>> SqlStore::due_orders(Instant now, int limit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT number FROM badge_order WHERE state = 'awaiting_payment' AND expires_at <= ?1
     ORDER BY expires_at, number LIMIT ?2)sql"));
  stmt.bind(1, now).bind(2, limit);
  std::vector<std::string> numbers;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    numbers.push_back(stmt.column_text(0));
  }
  return numbers;
}

Result<std::string> SqlStore::order_holding_person(std::int64_t person_id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT order_number FROM order_line WHERE person = ?1 AND holding = 1)sql"));
  stmt.bind(1, person_id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_text(0) : std::string();
}

}  // namespace ciie::store::sql
