// Gateway notices (PAY-2): parsing the JSON body, checking its HMAC-SHA256 signature in constant
// time, and its freshness. Pure functions over values; the use case applies the notice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ciie/money.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie::payment {

// A notice as docs/payment.md defines it.
struct Notice {
  std::string gateway;         // "alipay", "wechat", "unionpay", "b2b"
  std::string transaction_id;  // the gateway's, unique
  std::string order;           // the order number
  std::string intent_id;       // optional
  std::string status;          // "success" or "failed"
  Money amount;                // amount_fen
  Instant timestamp;           // when the gateway sent it (freshness)
  std::optional<Instant> paid_at;
  std::string payer_name;  // b2b: the paying unit (PAY-4)
  std::string payer_account;
};

// Parses a notice. Required: gateway, transaction_id, order, status (non-empty strings),
// amount_fen (an integer ≥ 0; 200.0 is not one), timestamp; optional (absent or null): intent_id,
// paid_at, payer_name, payer_account. Unknown keys are ignored. Errors: payment.notice
// (kInvalidInput; field() names the bad key, "" when the body itself is bad): not a JSON object
// (or over 64 KiB, or not UTF-8), a required key missing, null or of the wrong type, an unknown
// status, a negative amount, a bad timestamp, text over 200 bytes or with a control character.
Result<Notice> parse_notice(std::string_view body);

// The lower-case hex HMAC-SHA256 of `body` under `secret`.
std::string sign_notice(std::string_view secret, std::string_view body);

// Checks `signature` (hex, either case, surrounding white space ignored) against the HMAC of the
// exact body, in constant time. Errors: payment.signature (kRefused): wrong, malformed, or an
// empty secret.
Status verify_signature(std::string_view secret, std::string_view body, std::string_view signature);

// Errors: payment.stale (kRefused): `timestamp` more than max_age_seconds before `now`, or more
// than max_age_seconds after it (a clock that far ahead is not trusted either).
Status check_fresh(Instant timestamp, Instant now, std::int64_t max_age_seconds);

}  // namespace ciie::payment
