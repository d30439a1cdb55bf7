// Refund steps shared by the refund, invoice and person-review use cases (RFD-1..5).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/order.hpp"
#include "ciie/refund.hpp"
#include "invoice/platform.hpp"
#include "store/store.hpp"

namespace ciie::registry {

// What a refund asks of create_refund.
struct RefundAsk {
  std::vector<std::int64_t> persons;  // empty: every person of the order not refunded yet
  std::string reason;
  RedReason red_reason = RedReason::kServiceStopped;
  // Made by person review rejecting a paid person (REV-3): the refund window and the badge
  // states do not apply, the person stays rejected, and a pending confirmation form is waited
  // for instead of refused.
  bool automatic = false;
};

// Records a refund of persons of a paid order: takes them out of the order (back to draft,
// free places given back), reverses the order's invoice (in full: at once, or through a form),
// and leaves the money to move (awaiting_gateway or awaiting_transfer; completed when the
// amount is 0). REQUIRES: inside store.write_transaction. Errors: refund.not_paid,
// refund.person, refund.deadline, refund.not_allowed, refund.amount, redform.pending.
Result<RefundOutcome> create_refund(store::Store& store, const Options& options,
                                    invoice::Platform& platform, const Actor& actor,
                                    const Order& order, const RefundAsk& ask);

// The reversal a refund waited for is done (its red invoice exists): the refund moves on to
// the money. REQUIRES: inside store.write_transaction.
Status reversal_done(store::Store& store, const Options& options, const Actor& actor,
                     const Refund& refund, const std::string& red_invoice,
                     const std::string& reissued_invoice);

// Makes the gateway's refund call for an awaiting_gateway refund, outside any transaction,
// then records the answer: completed, or the failure in last_error (the refund stays awaiting
// the gateway). Returns the refund as stored afterwards.
Result<Refund> send_to_gateway(store::Store& store, const Options& options, const Actor& actor,
                               const Refund& refund);

}  // namespace ciie::registry
