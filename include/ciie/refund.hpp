// Refunds (domain §11, RFD-1..5): a whole paid order or some of its persons, before the refund
// deadline and while their badges are in an allowed state. An invoiced order is reversed first
// (INV-7); the money goes back the way it came: through the gateway's refund call for qr and
// b2b, by a bank transfer finance confirms for transfers. docs/refund.md has the rules in full.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/invoice.hpp"
#include "ciie/money.hpp"
#include "ciie/payment.hpp"
#include "ciie/time.hpp"

namespace ciie {

// Where a refund stands:
//   awaiting_reversal  the order's invoice is being reversed through a confirmation form; the
//                      refund goes on when the red invoice exists (RFD-3)
//   awaiting_gateway   qr/b2b: the gateway's refund call is to be made (or made again after a
//                      failure: last_error says why)
//   awaiting_transfer  transfer: finance sends the money back to the payer account and confirms
//   completed          the money went back
// A refund's persons leave their order when it is requested, and their free places are given
// back then (RFD-5): what follows only moves money and documents.
enum class RefundState { kAwaitingReversal, kAwaitingGateway, kAwaitingTransfer, kCompleted };
std::string_view to_string(RefundState state);
std::optional<RefundState> parse_refund_state(std::string_view text);

// One refunded person and its fee.
struct RefundLine {
  std::int64_t person_id = 0;
  std::string person_name;
  std::string badge_type;
  Money fee;
};

struct Refund {
  std::int64_t id = 0;
  std::string order;
  std::string unit;
  std::vector<RefundLine> lines;
  Money amount;  // Σ line fees, within paid − already refunded (RFD-2)
  std::string reason;
  bool automatic = false;  // made by person review rejecting a paid person (REV-3)
  RefundState state = RefundState::kAwaitingGateway;
  PaymentMethod method = PaymentMethod::kTransfer;  // how the money came, and goes back
  std::int64_t payment_id = 0;                      // the confirmed payment it returns
  std::string idempotency_key;                      // "<order>-R<id>", sent to the gateway
  std::string gateway_refund_id;                    // the gateway's answer
  std::string payee_name;                           // transfer: where the money goes
  std::string payee_account;
  std::string transfer_reference;  // transfer: the outgoing transfer finance recorded
  std::string invoice;             // the blue invoice reversed for it, "" when none
  std::int64_t red_form = 0;       // the confirmation form it waits for, 0 when none
  std::string red_invoice;         // the red invoice, once issued
  std::string reissued_invoice;    // the new blue invoice for what remains (INV-8)
  std::string last_error;          // the gateway's last failure
  std::string created_by;
  std::string completed_by;
  Instant created_at;
  Instant updated_at;
  std::optional<Instant> completed_at;
};

// What a refund asks for.
struct RefundRequest {
  std::string order;
  std::vector<std::int64_t> persons;  // empty: every person of the order not refunded yet
  std::string reason;                 // required
  // The reason the invoice is reversed with, when the order was invoiced.
  RedReason red_reason = RedReason::kServiceStopped;
};

// What requesting a refund did.
struct RefundOutcome {
  Refund refund;
  ReversalOutcome reversal;  // empty when the order had no invoice
};

// Which refunds to list; empty fields match everything.
struct RefundFilter {
  std::string unit;
  std::string order;
  std::optional<RefundState> state;
  int limit = 1000;
  int offset = 0;
};

}  // namespace ciie
