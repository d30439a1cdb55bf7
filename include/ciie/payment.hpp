// Payment of badge orders (domain §9, PAY-1..5): QR codes and the B2B gateway (an intent made by
// the gateway, confirmed by its signed notice), and bank transfers (a proof reviewed by finance,
// or a line of an imported bank statement). A payment is its own record; money that arrives but
// cannot simply pay its order (wrong amount, closed order, past the deadline) is kept and flagged
// for finance, never dropped. docs/payment.md has the formats and the rules in full.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"
#include "ciie/order.hpp"
#include "ciie/time.hpp"

namespace ciie {

// PAY-1. Spelled "qr:alipay", "qr:wechat", "qr:unionpay", "b2b", "transfer".
enum class PaymentMethod { kQrAlipay, kQrWechat, kQrUnionpay, kB2b, kTransfer };
std::string_view to_string(PaymentMethod method);
std::optional<PaymentMethod> parse_payment_method(std::string_view text);
// The configured gateway a method goes through ("alipay", "wechat", "unionpay", "b2b"); "" for
// transfer.
std::string_view gateway_name(PaymentMethod method);

// Where a payment stands:
//   creating        an intent is being asked of the gateway, or the gateway never answered: the
//                   next attempt for the order and method reuses its idempotency key
//   pending         the gateway made an intent; its notice will confirm it
//   proof_submitted a transfer's remittance proof waits for finance (PAY-3)
//   flagged         money arrived but does not simply pay the order; `flag` says why; finance
//                   confirms (pays the order) or rejects (to be returned)
//   confirmed       pays the order
//   rejected        finance refused it, with a reason
//   failed          the gateway refused the intent, or its notice reported a failure
enum class PaymentState {
  kCreating,
  kPending,
  kProofSubmitted,
  kFlagged,
  kConfirmed,
  kRejected,
  kFailed
};
std::string_view to_string(PaymentState state);
std::optional<PaymentState> parse_payment_state(std::string_view text);

struct Payment {
  std::int64_t id = 0;
  std::string order;  // the order number
  PaymentMethod method = PaymentMethod::kTransfer;
  int attempt = 0;              // 1, 2, … per order
  std::string idempotency_key;  // "<order>-<attempt>", sent to the gateway
  PaymentState state = PaymentState::kCreating;
  Money amount;  // what the payer paid (notice, proof or statement line); the total until then
  std::string intent_id;       // the gateway's intent
  std::string qr_content;      // what the QR code encodes (qr methods)
  std::string pay_url;         // where the payer goes (b2b)
  std::string transaction_id;  // the gateway's or the bank's; unique across payments (PAY-2)
  std::string payer_name;      // b2b and transfer: fixes the invoice title (PAY-4)
  std::string payer_account;
  std::optional<Date> paid_on;
  std::string flag;  // the reason key a flagged payment carries: payment.amount_mismatch, …
  bool has_proof = false;
  std::string proof_format;  // "png", "jpeg" or "pdf"
  std::string proof_sha256;
  std::string last_error;   // the gateway's last failure, for creating and failed payments
  std::string decided_by;   // finance, for decided payments
  std::string reason;       // why finance rejected it, or forced it
  bool forced = false;      // finance confirmed it past the payment deadline (PAY-5), audited
  Instant created_at;
  Instant updated_at;
  std::optional<Instant> confirmed_at;
};

// What starting a payment gives the payer.
struct PaymentStart {
  // The attempt, as stored (pending, with its QR content or pay URL). For a transfer nothing is
  // recorded until the proof or the statement line: payment.id is then 0.
  Payment payment;
  Order order;
  // For transfers: the account to pay into (payment rules) and the remark to write (the order
  // number, which the statement import matches).
  std::string transfer_account_name;
  std::string transfer_bank;
  std::string transfer_account_number;
};

// A transfer's remittance details and proof (PAY-3).
struct TransferProof {
  std::string payer_name;
  std::string payer_account;
  Money amount;
  Date paid_on;
  std::string file;  // the proof's bytes: PNG, JPEG or PDF by content, at most photo_max_bytes×4
};

// What a gateway notice did.
struct NoticeOutcome {
  // "confirmed" (paid the order), "duplicate" (this transaction was recorded before: nothing
  // changed), "flagged" (kept for finance; payment.flag says why), "failed" (the gateway reported
  // a failed payment; the intent is closed).
  std::string outcome;
  Payment payment;
  Order order;
};

// Finance's decision on a flagged payment or a transfer proof.
struct PaymentDecision {
  std::int64_t payment_id = 0;
  bool confirm = false;
  std::string reason;  // required to reject, and to force
  // Confirm past the payment deadline or for a closed order (PAY-5, ORD-4): audited. For a closed
  // order the free places are taken again (quota.exhausted when gone).
  bool force = false;
};

// A line of an imported bank statement (PAY-3).
//   matched    paid an order (payment_id)
//   queued     matched nothing, or only in part (the order but not the amount): waits for a person
//   flagged    matched an order that is closed or paid: its payment waits for finance
//   assigned   a person assigned it to an order (payment_id)
//   discarded  a person decided it pays no order
enum class StatementLineState { kMatched, kQueued, kFlagged, kAssigned, kDiscarded };
std::string_view to_string(StatementLineState state);

struct StatementLine {
  std::int64_t id = 0;
  std::string checksum;  // hex SHA-256 of the normalised line and its occurrence (idempotency)
  Date booked_on;
  Money amount;
  std::string payer_name;
  std::string payer_account;
  std::string remark;     // as the bank gave it
  std::string reference;  // the bank's own reference, when the statement has one
  StatementLineState state = StatementLineState::kQueued;
  std::string order;      // the order it matched or was assigned to, "" when none
  std::string why;        // for queued lines: "no_order", "amount", "several_orders"
  std::int64_t payment_id = 0;
  std::string file;  // the statement's file name, as given
  long line = 0;     // its line in that file
  Instant imported_at;
  std::string decided_by;
  std::string reason;
};

// A person's decision on a queued statement line: assign it to an order (which it then pays
// like a matched line, or flags) or discard it.
struct StatementLineDecision {
  std::int64_t line_id = 0;
  std::string order;  // the order to assign it to; "" to discard
  std::string reason;  // required to discard
};

// What waits for finance.
struct FinanceQueue {
  std::vector<Payment> payments;     // proof_submitted and flagged, oldest first
  std::vector<StatementLine> lines;  // queued, oldest first
};

}  // namespace ciie
