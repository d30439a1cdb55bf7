// The payment gateway adapter (PAY-1, PAY-2, RFD-4): asks a configured gateway for a payment
// intent, or to refund a payment, over HTTP(S) with libcurl. The use cases see only this
// interface; libcurl stays in the .cpp.
#pragma once

#include <memory>
#include <string>

#include "ciie/money.hpp"
#include "ciie/payment.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::payment {

// What the use case asks the gateway for.
struct IntentRequest {
  std::string order;            // the order number
  std::string idempotency_key;  // "<order>-<attempt>": the same key for every retry of an attempt
  PaymentMethod method = PaymentMethod::kQrWechat;
  Money amount;
  std::string description;  // shown to the payer, e.g. "第七届进博会证件费 V…"
};

// The gateway's answer.
struct Intent {
  std::string intent_id;
  std::string qr_content;  // qr methods: what the QR code encodes (required for them)
  std::string pay_url;     // b2b: where the payer's bank session starts (required for it)
};

// What the refund use case asks the gateway for (RFD-4): money back to the payer of a confirmed
// payment.
struct RefundCall {
  std::string order;
  std::string idempotency_key;  // "<order>-R<refund id>": the same key for every retry
  std::string transaction_id;   // the confirmed payment's gateway transaction
  std::string intent_id;        // its intent, when known
  Money amount;                 // positive, at most what the payment brought
  std::string reason;
};

// The gateway's answer: its refund id. A gateway that takes the refund for later processing
// still answers with an id; the money is then the gateway's to deliver.
struct RefundAnswer {
  std::string refund_id;
};

// Thread-safety: an instance is used by one thread at a time.
class Gateway {
 public:
  virtual ~Gateway() = default;
  // Errors: payment.unavailable (kExternal: no connection, timeout, 5xx or 429 after every retry;
  // not retried: a 2xx answer that is not the documented JSON, a 1xx/3xx status, no base_url),
  // payment.refused (kRefused: any other 4xx; the gateway's message is kept, detail
  // http_status), internal (a transfer, or an idempotency key that cannot be a header).
  virtual Result<Intent> create_intent(const IntentRequest& request) = 0;
  // Asks the gateway to refund (POST <base_url>/refunds). A 2xx answer with status "succeeded" or
  // "pending" is the refund taken. Errors as create_intent, and: payment.refused also for a 2xx
  // answer with status "failed" (detail http_status); internal for an amount that is not
  // positive, an empty transaction_id or an idempotency key that cannot be a header.
  virtual Result<RefundAnswer> refund(const RefundCall& call) = 0;
};

// The HTTP gateway of docs/payment.md: POST <base_url>/intents and <base_url>/refunds with a JSON
// body and an `Idempotency-Key` header; timeouts, retries and backoff from `rules`.
std::unique_ptr<Gateway> make_http_gateway(const GatewayRules& gateway, const PaymentRules& rules);

}  // namespace ciie::payment
