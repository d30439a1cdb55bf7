// Money arriving for an order (PAY-2, PAY-3, PAY-5, ORD-4), shared by gateway notices, statement
// lines and finance decisions: judge it against the order, then either confirm it (the order is
// paid, its persons go to person review) or keep it flagged for finance with the reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/payment.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// `payment` carries the money's facts (amount, payer, transaction id, paid_on) and is stored
// already (its id set), in one of `from`. Judges it (order::judge_payment) at `paid_at`; on
// kConfirm marks the order paid and the payment confirmed, otherwise sets state flagged and
// payment.flag. Writes the payment with one conditional update from `from` and an audit entry
// (payment.confirm or payment.flag). Returns "confirmed" or "flagged"; "duplicate" when the
// payment was no longer in `from` (someone else got there first). `seen_state` is the order's
// state as read before the transaction: only the negative control uses it (see
// testing::set_payment_guard_disabled). REQUIRES: inside store.write_transaction.
Result<std::string> settle_payment(store::Store& store, const Options& options,
                                   const Actor& actor, Payment& payment,
                                   const std::vector<PaymentState>& from, Instant paid_at,
                                   std::optional<OrderState> seen_state = {});

// Stores a new payment of `order` for money that arrived without an intent of ours (a transfer,
// a statement line, a notice for an intent we never recorded), with the next attempt number;
// sets payment.id. REQUIRES: inside store.write_transaction. Errors: store.constraint (its
// transaction id is recorded already).
Status insert_arrived_payment(store::Store& store, const Options& options, Payment& payment,
                              const std::string& proof = {});

namespace testing {
// Turns the payment-confirmation guard off (true) or on. With it off, settle_payment judges the
// order by the state read before the transaction (seen_state) and writes the order paid and the
// payment confirmed unconditionally: the check-then-act race that the conditional updates exist
// to prevent. Process-wide. Only the concurrency test's negative control does this.
void set_payment_guard_disabled(bool disabled);
bool payment_guard_disabled();
}  // namespace testing

}  // namespace ciie::registry
