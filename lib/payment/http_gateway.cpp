// The HTTP payment gateway (PAY-1, PAY-2, RFD-4): POST <base_url>/intents and <base_url>/refunds
// with a JSON request and an Idempotency-Key header, retrying transient failures with the same key
// (docs/payment.md).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "notify/common.hpp"
#include "notify/curl_session.hpp"
#include "notify/retry.hpp"
#include "payment/gateway.hpp"

namespace ciie::payment {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxErrorText = 200;    // of the gateway's explanation, in a Status
constexpr std::size_t kMaxId = 200;           // bytes of an intent_id or refund_id
constexpr std::size_t kMaxStatus = 32;        // bytes of a refund's status
constexpr std::size_t kMaxAnswerText = 4096;  // bytes of qr_content or pay_url

bool is_header_token(std::string_view text) {
  return !text.empty() && text.size() <= 200 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

bool is_qr(PaymentMethod method) {
  return method == PaymentMethod::kQrAlipay || method == PaymentMethod::kQrWechat ||
         method == PaymentMethod::kQrUnionpay;
}

// The gateway's own explanation in a JSON answer: {"message": "…"}, {"error": "…"} or
// {"error": {"message": "…"}}; nullopt when it gives none.
std::optional<std::string> gateway_message(const json& answer) {
  if (!answer.is_object()) return std::nullopt;
  for (const char* key : {"message", "error"}) {
    const auto it = answer.find(key);
    if (it == answer.end()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("message") && (*it)["message"].is_string()) {
      return (*it)["message"].get<std::string>();
    }
  }
  return std::nullopt;
}

// What an error body says: the gateway's message, or else the start of the body itself.
std::string gateway_error_text(const std::string& body) {
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return gateway_message(answer).value_or(body);
}

// The string under `key`, "" when absent or null; nullopt when it is of another type, too long
// or has control characters.
std::optional<std::string> answer_text(const json& answer, const char* key, std::size_t max) {
  const auto it = answer.find(key);
  if (it == answer.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::nullopt;
  std::string text = it->get<std::string>();
  if (text.size() > max || has_control(text)) return std::nullopt;
  return text;
}

// A 2xx answer, unread: each call reads its own JSON from it.
struct Answer {
  long http_status = 0;
  std::string body;
};

// How one attempt ended: a 2xx answer, or a failure that is (not) worth another attempt.
struct Attempt {
  std::optional<Answer> answer;
  Status status;
  bool transient = false;
};

// Thread-safety: one thread at a time (the Gateway contract); each call has its own session.
class HttpGateway final : public Gateway {
 public:
  HttpGateway(const GatewayRules& gateway, const PaymentRules& rules)
      : name_(gateway.name),
        base_url_(without_trailing_slashes(gateway.base_url)),
        secret_(gateway.secret),
        timeout_ms_(rules.timeout_ms > 0 ? rules.timeout_ms : PaymentRules().timeout_ms),
        policy_{std::max(0, rules.retries), std::max<std::int64_t>(0, rules.retry_backoff_ms)} {}

  Result<Intent> create_intent(const IntentRequest& request) override {
    if (request.method == PaymentMethod::kTransfer) {
      return Status::internal("a transfer has no gateway intent");
    }
    CIIE_RETURN_IF_ERROR(check_key(request.idempotency_key));
    const json body = {{"order", request.order},
                       {"idempotency_key", request.idempotency_key},
                       {"method", std::string(to_string(request.method))},
                       {"amount_fen", request.amount.fen()},
                       {"currency", "CNY"},
                       {"description", request.description}};
    CIIE_ASSIGN_OR_RETURN(const Answer answer,
                          exchange("intents", "intent", request.idempotency_key, body));
    return read_intent(answer.body, request.method);
  }

  Result<RefundAnswer> refund(const RefundCall& call) override {
    // The use case derives these from a stored refund and its confirmed payment: a call without
    // them is a bug there, not something a user or the gateway could cause.
    if (call.amount.fen() <= 0) {
      return Status::internal("a refund of " + std::to_string(call.amount.fen()) +
                              " fen for order " + notify::printable_prefix(call.order, 60) +
                              " is not positive");
    }
    if (call.transaction_id.empty()) {
      return Status::internal("a refund for order " + notify::printable_prefix(call.order, 60) +
                              " names no gateway transaction");
    }
    CIIE_RETURN_IF_ERROR(check_key(call.idempotency_key));
    json body = {{"order", call.order},
                 {"idempotency_key", call.idempotency_key},
                 {"transaction_id", call.transaction_id},
                 {"amount_fen", call.amount.fen()},
                 {"currency", "CNY"},
                 {"reason", call.reason}};
    if (!call.intent_id.empty()) body["intent_id"] = call.intent_id;  // omitted when unknown
    CIIE_ASSIGN_OR_RETURN(const Answer answer,
                          exchange("refunds", "refund", call.idempotency_key, body));
    return read_refund(answer);
  }

 private:
  static std::string without_trailing_slashes(std::string base) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
  }

  // internal when `key` cannot be sent as the Idempotency-Key header: the use case makes keys.
  static Status check_key(const std::string& key) {
    if (is_header_token(key)) return Status::ok();
    return Status::internal("idempotency key \"" + notify::printable_prefix(key, 60) +
                            "\" cannot be sent as a header");
  }

  // POSTs `body` to <base_url>/<path> and returns the first 2xx answer, unread. A transient
  // failure (no connection, timeout, 5xx, 429) is tried again, 1 + retries times in all with
  // the backoff between, with the same bytes and the same `key`, so that a gateway which did
  // act on a lost answer recognises the request. Errors: payment.unavailable (no base_url; every
  // attempt failed transiently; a 1xx/3xx), payment.refused (another 4xx). `what` names the
  // request in messages ("intent", "refund").
  Result<Answer> exchange(std::string_view path, std::string_view what, const std::string& key,
                          const json& body) const {
    if (base_url_.empty()) {
      return Status::external("payment.unavailable",
                              "gateway " + name_ + " has no base_url configured");
    }
    const notify::HttpPost post = build_post(path, key, body);
    notify::CurlSession session;  // one handle for every attempt: libcurl keeps the connection
    const int attempts = 1 + policy_.retries;
    std::string last_failure;
    for (int i = 0; i < attempts; ++i) {
      if (i > 0) std::this_thread::sleep_for(notify::backoff_delay(policy_, i - 1));
      Attempt outcome = attempt(session, post, what);
      if (outcome.answer) return std::move(*outcome.answer);
      if (!outcome.transient) return std::move(outcome.status);
      last_failure = outcome.status.message();
    }
    return Status::external("payment.unavailable",
                            "gateway " + name_ + " unavailable after " + std::to_string(attempts) +
                                (attempts == 1 ? " attempt: " : " attempts: ") + last_failure)
        .with_detail("attempts", std::to_string(attempts));
  }

  notify::HttpPost build_post(std::string_view path, const std::string& key,
                              const json& body) const {
    notify::HttpPost post;
    post.url = base_url_ + "/" + std::string(path);
    post.timeout_ms = timeout_ms_;
    // Invalid UTF-8 in free text (a description, a reason) becomes U+FFFD, not an exception.
    post.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    post.headers = {"Content-Type: application/json", "Accept: application/json",
                    "Idempotency-Key: " + key,
                    "Expect:"};  // no 100-continue round trip for a small body
    return post;
  }

  // One POST, classified: a 2xx answer, a transient failure, or a final one.
  Attempt attempt(notify::CurlSession& session, const notify::HttpPost& post,
                  std::string_view what) const {
    const notify::TransferResult result = session.post(post);
    if (!result.completed) {
      return {
          std::nullopt,
          Status::external("payment.unavailable", "gateway " + name_ + ": " + safe(result.error)),
          result.transient};
    }
    const long code = result.response_code;
    if (code >= 200 && code < 300) return {Answer{code, result.body}, Status::ok(), false};
    const std::string text =
        "HTTP " + std::to_string(code) + ": " +
        safe(notify::printable_prefix(gateway_error_text(result.body), kMaxErrorText));
    if (code >= 500 || code == 429) {
      return {std::nullopt,
              Status::external("payment.unavailable", "gateway " + name_ + " failed, " + text),
              true};
    }
    if (code >= 400) {
      return {std::nullopt,
              Status::refused("payment.refused", "gateway " + name_ + " refused the " +
                                                     std::string(what) + ", " + text)
                  .with_detail("http_status", std::to_string(code)),
              false};
    }
    return {std::nullopt,
            Status::external("payment.unavailable",
                             "gateway " + name_ + " answered with an unexpected " + text)
                .with_detail("http_status", std::to_string(code)),
            false};
  }

  // A 2xx answer that is not the documented JSON: a gateway that does not speak the protocol,
  // not worth retrying with the same request.
  Status malformed(const std::string& why) const {
    return Status::external("payment.unavailable",
                            "gateway " + name_ + " sent a malformed answer: " + why);
  }

  // An intent's 2xx body: {"intent_id", "qr_content" (qr methods), "pay_url" (b2b)}.
  Result<Intent> read_intent(const std::string& body, PaymentMethod method) const {
    const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object()) return malformed("not a JSON object");
    Intent intent;
    const std::optional<std::string> intent_id = answer_text(answer, "intent_id", kMaxId);
    if (!intent_id || intent_id->empty()) return malformed("no usable intent_id");
    intent.intent_id = *intent_id;
    const std::optional<std::string> qr = answer_text(answer, "qr_content", kMaxAnswerText);
    if (!qr) return malformed("qr_content is not usable text");
    intent.qr_content = *qr;
    const std::optional<std::string> url = answer_text(answer, "pay_url", kMaxAnswerText);
    if (!url) return malformed("pay_url is not usable text");
    intent.pay_url = *url;
    if (is_qr(method) && intent.qr_content.empty()) return malformed("no qr_content");
    if (method == PaymentMethod::kB2b) {
      if (intent.pay_url.empty()) return malformed("no pay_url");
      // The payer's browser is sent there: only a web address will do.
      if (intent.pay_url.rfind("https://", 0) != 0 && intent.pay_url.rfind("http://", 0) != 0) {
        return malformed("pay_url is not an http(s) address");
      }
    }
    return intent;
  }

  // A refund's 2xx body: {"refund_id", "status": "succeeded"|"pending"}. "failed" is the
  // gateway declining the refund after all: payment.refused with its message, as for a 4xx.
  Result<RefundAnswer> read_refund(const Answer& answered) const {
    const json answer = json::parse(answered.body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object()) return malformed("not a JSON object");
    const std::optional<std::string> status = answer_text(answer, "status", kMaxStatus);
    if (!status) return malformed("status is not usable text");
    if (*status == "failed") {
      const std::string why = gateway_message(answer).value_or("status failed");
      return Status::refused("payment.refused",
                             "gateway " + name_ + " refused the refund, HTTP " +
                                 std::to_string(answered.http_status) + ": " +
                                 safe(notify::printable_prefix(why, kMaxErrorText)))
          .with_detail("http_status", std::to_string(answered.http_status));
    }
    if (*status != "succeeded" && *status != "pending") {
      return malformed("refund status \"" + safe(notify::printable_prefix(*status, kMaxStatus)) +
                       "\" is not succeeded, pending or failed");
    }
    const std::optional<std::string> refund_id = answer_text(answer, "refund_id", kMaxId);
    if (!refund_id || refund_id->empty()) return malformed("no usable refund_id");
    return RefundAnswer{*refund_id};
  }

  // `text` without the notice secret, should a gateway ever echo it.
  std::string safe(std::string text) const { return notify::redact(std::move(text), {secret_}); }

  std::string name_;
  std::string base_url_;  // without a trailing '/'; "" when not configured
  std::string secret_;
  std::int64_t timeout_ms_;
  notify::RetryPolicy policy_;
};

}  // namespace

std::unique_ptr<Gateway> make_http_gateway(const GatewayRules& gateway, const PaymentRules& rules) {
  return std::make_unique<HttpGateway>(gateway, rules);
}

}  // namespace ciie::payment
