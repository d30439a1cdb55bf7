// The refund rules that need no store (RFD-1, RFD-2): the refund window, the badge states a
// refund allows, and the amount ceiling.
#pragma once

#include <string_view>

#include "ciie/money.hpp"
#include "ciie/person.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::refund {

// RFD-1: refunds close at rules.deadline (inclusive). Errors: refund.deadline.
Status check_window(const RefundRules& rules, Instant now);
// RFD-1: the person's badge state must be one of rules.allowed_states. Errors:
// refund.not_allowed (in field "persons").
Status check_badge_state(const RefundRules& rules, const Person& person);
// RFD-2: amount <= paid − refunded. Errors: refund.amount.
Status check_amount(Money paid, Money refunded, Money amount);

}  // namespace ciie::refund
