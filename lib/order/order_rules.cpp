// The order rules (ORD-2..4, PAY-2, PAY-5) as pure functions; see order_rules.hpp.
#include "order/order_rules.hpp"

#include <algorithm>

namespace ciie::order {

Result<OrderLine> price_line(const Rules& rules, const Person& person) {
  const auto type = std::find_if(rules.badge_types.begin(), rules.badge_types.end(),
                                 [&](const BadgeType& t) { return t.code == person.badge_type; });
  if (type == rules.badge_types.end()) {
    return Status::refused("person.badge_type", "person " + std::to_string(person.id) +
                                                    " has badge type '" + person.badge_type +
                                                    "', which the configuration no longer has");
  }
  OrderLine line;
  line.person_id = person.id;
  line.person_name = person.name;
  line.badge_type = person.badge_type;
  line.free_badge = !person.free_quota.empty();
  line.fee = line.free_badge ? Money::from_fen(0) : type->fee;
  return line;
}

Money total_of(const std::vector<OrderLine>& lines) {
  std::int64_t fen = 0;
  for (const OrderLine& line : lines) fen += line.fee.fen();
  return Money::from_fen(fen);
}

Instant expiry_of(const OrderRules& rules, Instant created) {
  const Instant after_expiry =
      Instant::from_unix_micros(created.unix_micros() + rules.unpaid_expiry_seconds * 1'000'000);
  return std::min(after_expiry, rules.payment_deadline);
}

Verdict judge_payment(const OrderRules& rules, OrderState state, Money total, Money amount,
                      Instant paid_at) {
  if (state == OrderState::kPaid || state == OrderState::kSettled) return Verdict::kAlreadyPaid;
  if (state != OrderState::kAwaitingPayment) return Verdict::kOrderClosed;
  if (paid_at > rules.payment_deadline) return Verdict::kPastDeadline;
  if (amount != total) return Verdict::kAmountMismatch;
  return Verdict::kConfirm;
}

std::string_view flag_of(Verdict verdict) {
  switch (verdict) {
    case Verdict::kConfirm: return "";
    case Verdict::kAlreadyPaid: return "payment.already_paid";
    case Verdict::kOrderClosed: return "payment.order_closed";
    case Verdict::kPastDeadline: return "payment.deadline";
    case Verdict::kAmountMismatch: return "payment.amount_mismatch";
  }
  return "";
}

}  // namespace ciie::order
