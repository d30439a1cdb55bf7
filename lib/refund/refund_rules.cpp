// The refund rules that need no store; see refund_rules.hpp.
#include "refund/refund_rules.hpp"

#include <algorithm>
#include <string>

namespace ciie::refund {

Status check_window(const RefundRules& rules, Instant now) {
  if (now > rules.deadline) {
    return Status::refused("refund.deadline", "refunds closed at " +
                                                  rules.deadline.to_shanghai_string() + " (RFD-1)");
  }
  return Status::ok();
}

Status check_badge_state(const RefundRules& rules, const Person& person) {
  const std::string_view badge = badge_state(person);
  const bool allowed =
      !badge.empty() && std::find(rules.allowed_states.begin(), rules.allowed_states.end(),
                                  badge) != rules.allowed_states.end();
  if (!allowed) {
    return Status::refused("refund.not_allowed",
                           "person " + std::to_string(person.id) + "'s badge is " +
                               (badge.empty() ? std::string(to_string(person.state))
                                              : std::string(badge)) +
                               ": refunds are allowed only while it is one of the refund "
                               "states of the rules (RFD-1)")
        .in_field("persons");
  }
  return Status::ok();
}

Status check_amount(Money paid, Money refunded, Money amount) {
  const std::int64_t left = paid.fen() - refunded.fen();
  if (amount.fen() > left) {
    return Status::refused("refund.amount", "a refund of " + amount.to_string() +
                                                " exceeds what is left to refund: paid " +
                                                paid.to_string() + " − refunded " +
                                                refunded.to_string() + " (RFD-2)");
  }
  return Status::ok();
}

}  // namespace ciie::refund
