// The order rules as pure functions over values (ORD-2..4, PAY-2, PAY-5): pricing a person's
// badge, when an unpaid order expires, and what money arriving for an order does. Table-tested
// in tests/unit/order_rules_test.cpp; the use cases in lib/registry load, apply and save.
#pragma once

#include <string_view>
#include <vector>

#include "ciie/order.hpp"
#include "ciie/person.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::order {

// The line of `person`: its badge type's fee, or 0 when it holds a free place (person.free_quota
// not empty). Errors: person.badge_type (no such badge type in the rules: they changed since).
Result<OrderLine> price_line(const Rules& rules, const Person& person);
Money total_of(const std::vector<OrderLine>& lines);

// When an order made at `created` expires: unpaid_expiry_seconds later, or at the payment
// deadline when that comes first.
Instant expiry_of(const OrderRules& rules, Instant created);

// What money arriving for an order does. The first that applies, in this order:
//   kAlreadyPaid     the order is paid or settled            → flagged payment.already_paid
//   kOrderClosed     the order is cancelled or expired       → flagged payment.order_closed
//   kPastDeadline    paid after the payment deadline (PAY-5) → flagged payment.deadline
//   kAmountMismatch  the amount is not the total (PAY-2)     → flagged payment.amount_mismatch
//   kConfirm         the payment pays the order
enum class Verdict { kConfirm, kAlreadyPaid, kOrderClosed, kPastDeadline, kAmountMismatch };
Verdict judge_payment(const OrderRules& rules, OrderState state, Money total, Money amount,
                      Instant paid_at);
// The reason key a flagged payment carries; "" for kConfirm.
std::string_view flag_of(Verdict verdict);

}  // namespace ciie::order
