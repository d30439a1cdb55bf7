// The order rules as pure functions (ORD-3, ORD-4, PAY-2, PAY-5): pricing, expiry, and the
// verdict on money arriving for an order in every state — a table, as Indico tests its payment
// transitions.
#include <catch2/catch.hpp>

#include "order/order_rules.hpp"

using namespace ciie;

namespace {

Instant at(const char* text) { return *Instant::parse(text); }

}  // namespace

TEST_CASE("price_line: the badge type's fee, 0 for a person holding a free place", "[order]") {
  const Rules rules = Rules::seventh_edition();
  Person p;
  p.id = 7;
  p.name = "张三";
  p.badge_type = "full";
  auto paid = order::price_line(rules, p);
  REQUIRE(paid.is_ok());
  CHECK(paid->fee == Money::from_fen(20000));
  CHECK_FALSE(paid->free_badge);
  p.badge_type = "weekend";
  CHECK(order::price_line(rules, p)->fee == Money::from_fen(10000));
  p.free_badge = true;
  p.free_quota = "shanghai";
  auto free = order::price_line(rules, p);
  CHECK(free->fee == Money::from_fen(0));
  CHECK(free->free_badge);
  // Asking for a free badge without holding a place is not free.
  p.free_quota.clear();
  CHECK(order::price_line(rules, p)->fee == Money::from_fen(10000));
  p.badge_type = "vip";
  CHECK(order::price_line(rules, p).status().reason() == "person.badge_type");

  std::vector<OrderLine> lines(3);
  lines[0].fee = Money::from_fen(20000);
  lines[1].fee = Money::from_fen(0);
  lines[2].fee = Money::from_fen(10000);
  CHECK(order::total_of(lines) == Money::from_fen(30000));
  CHECK(order::total_of({}) == Money::from_fen(0));
}

TEST_CASE("expiry_of: the unpaid expiry, or the payment deadline when that comes first",
          "[order]") {
  OrderRules rules;
  rules.unpaid_expiry_seconds = 72 * 3600;
  rules.payment_deadline = at("2024-10-20T23:59:59+08:00");
  CHECK(order::expiry_of(rules, at("2024-06-03T10:00:00+08:00")) ==
        at("2024-06-06T10:00:00+08:00"));
  CHECK(order::expiry_of(rules, at("2024-10-19T10:00:00+08:00")) ==
        at("2024-10-20T23:59:59+08:00"));
}

TEST_CASE("judge_payment: every order state × amount × time", "[order][payment]") {
  OrderRules rules;
  rules.payment_deadline = at("2024-10-20T23:59:59+08:00");
  const Money total = Money::from_fen(40000);
  const Instant in_time = at("2024-10-20T23:59:59+08:00");  // the deadline itself is in time
  const Instant late = at("2024-10-21T00:00:00+08:00");
  using V = order::Verdict;
  struct Row {
    OrderState state;
    std::int64_t amount;
    Instant paid_at;
    V verdict;
    const char* flag;
  };
  const Row table[] = {
      {OrderState::kAwaitingPayment, 40000, in_time, V::kConfirm, ""},
      {OrderState::kAwaitingPayment, 39999, in_time, V::kAmountMismatch, "payment.amount_mismatch"},
      {OrderState::kAwaitingPayment, 40001, in_time, V::kAmountMismatch, "payment.amount_mismatch"},
      {OrderState::kAwaitingPayment, 40000, late, V::kPastDeadline, "payment.deadline"},
      {OrderState::kAwaitingPayment, 1, late, V::kPastDeadline, "payment.deadline"},
      {OrderState::kPaid, 40000, in_time, V::kAlreadyPaid, "payment.already_paid"},
      {OrderState::kSettled, 0, in_time, V::kAlreadyPaid, "payment.already_paid"},
      {OrderState::kCancelled, 40000, in_time, V::kOrderClosed, "payment.order_closed"},
      {OrderState::kExpired, 40000, late, V::kOrderClosed, "payment.order_closed"},
  };
  for (const Row& row : table) {
    INFO(to_string(row.state) << " " << row.amount);
    const V verdict = order::judge_payment(rules, row.state, total, Money::from_fen(row.amount),
                                           row.paid_at);
    CHECK(verdict == row.verdict);
    CHECK(order::flag_of(verdict) == row.flag);
  }
}
