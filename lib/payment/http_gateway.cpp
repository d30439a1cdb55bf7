// The HTTP payment gateway (PAY-1, PAY-2): POST <base_url>/intents with the JSON request and an
// Idempotency-Key header, retrying transient failures with the same key (docs/payment.md).
#include <algorithm>
#include <optional>
#include <string>
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
constexpr std::size_t kMaxIntentId = 200;     // bytes
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

// What an error body says: {"message": "…"}, {"error": "…"}, {"error": {"message": "…"}}, or
// else the start of the body itself.
std::string gateway_error_text(const std::string& body) {
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_object()) {
    for (const char* key : {"message", "error"}) {
      const auto it = answer.find(key);
      if (it == answer.end()) continue;
      if (it->is_string()) return it->get<std::string>();
      if (it->is_object() && it->contains("message") && (*it)["message"].is_string()) {
        return (*it)["message"].get<std::string>();
      }
    }
  }
  return body;
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

// How one attempt ended: an intent, or a failure that is (not) worth another attempt.
struct Attempt {
  std::optional<Intent> intent;
  Status status;
  bool transient = false;
};

// Thread-safety: one thread at a time (the Gateway contract); each call has its own session.
class HttpGateway final : public Gateway {
 public:
  HttpGateway(const GatewayRules& gateway, const PaymentRules& rules)
      : name_(gateway.name),
        url_(intents_url(gateway.base_url)),
        secret_(gateway.secret),
        timeout_ms_(rules.timeout_ms > 0 ? rules.timeout_ms : PaymentRules().timeout_ms),
        policy_{std::max(0, rules.retries), std::max<std::int64_t>(0, rules.retry_backoff_ms)} {}

  Result<Intent> create_intent(const IntentRequest& request) override {
    if (request.method == PaymentMethod::kTransfer) {
      return Status::internal("a transfer has no gateway intent");
    }
    if (!is_header_token(request.idempotency_key)) {
      return Status::internal("idempotency key \"" +
                              notify::printable_prefix(request.idempotency_key, 60) +
                              "\" cannot be sent as a header");
    }
    if (url_.empty()) {
      return Status::external("payment.unavailable",
                              "gateway " + name_ + " has no base_url configured");
    }
    const notify::HttpPost post = build_post(request);
    notify::CurlSession session;  // one handle for every attempt: libcurl keeps the connection
    const int attempts = 1 + policy_.retries;
    std::string last_failure;
    for (int i = 0; i < attempts; ++i) {
      if (i > 0) std::this_thread::sleep_for(notify::backoff_delay(policy_, i - 1));
      Attempt outcome = attempt(session, post, request.method);
      if (outcome.intent) return std::move(*outcome.intent);
      if (!outcome.transient) return std::move(outcome.status);
      last_failure = outcome.status.message();
    }
    return Status::external("payment.unavailable",
                            "gateway " + name_ + " unavailable after " + std::to_string(attempts) +
                                (attempts == 1 ? " attempt: " : " attempts: ") + last_failure)
        .with_detail("attempts", std::to_string(attempts));
  }

 private:
  static std::string intents_url(std::string base) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base.empty() ? base : base + "/intents";
  }

  notify::HttpPost build_post(const IntentRequest& request) const {
    const json body = {{"order", request.order},
                       {"idempotency_key", request.idempotency_key},
                       {"method", std::string(to_string(request.method))},
                       {"amount_fen", request.amount.fen()},
                       {"currency", "CNY"},
                       {"description", request.description}};
    notify::HttpPost post;
    post.url = url_;
    post.timeout_ms = timeout_ms_;
    // Invalid UTF-8 in the description becomes U+FFFD rather than an exception.
    post.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    post.headers = {"Content-Type: application/json", "Accept: application/json",
                    "Idempotency-Key: " + request.idempotency_key,
                    "Expect:"};  // no 100-continue round trip for a small body
    return post;
  }

  Attempt attempt(notify::CurlSession& session, const notify::HttpPost& post,
                  PaymentMethod method) const {
    const notify::TransferResult result = session.post(post);
    if (!result.completed) {
      return {
          std::nullopt,
          Status::external("payment.unavailable", "gateway " + name_ + ": " + safe(result.error)),
          result.transient};
    }
    const long code = result.response_code;
    if (code >= 200 && code < 300) return read_answer(result.body, method);
    const std::string text =
        "HTTP " + std::to_string(code) + ": " +
        safe(notify::printable_prefix(gateway_error_text(result.body), kMaxErrorText));
    if (code >= 500 || code == 429) {
      return {std::nullopt,
              Status::external("payment.unavailable", "gateway " + name_ + " failed, " + text),
              true};
    }
    if (code >= 400) {
      return {
          std::nullopt,
          Status::refused("payment.refused", "gateway " + name_ + " refused the intent, " + text)
              .with_detail("http_status", std::to_string(code)),
          false};
    }
    return {std::nullopt,
            Status::external("payment.unavailable",
                             "gateway " + name_ + " answered with an unexpected " + text)
                .with_detail("http_status", std::to_string(code)),
            false};
  }

  // A 2xx body: {"intent_id", "qr_content" (qr methods), "pay_url" (b2b)}. Anything else is a
  // gateway that does not speak the protocol: not worth retrying with the same request.
  Attempt read_answer(const std::string& body, PaymentMethod method) const {
    const auto malformed = [&](const std::string& why) {
      return Attempt{std::nullopt,
                     Status::external("payment.unavailable",
                                      "gateway " + name_ + " sent a malformed answer: " + why),
                     false};
    };
    const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object()) return malformed("not a JSON object");
    Intent intent;
    const std::optional<std::string> intent_id = answer_text(answer, "intent_id", kMaxIntentId);
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
    return {std::move(intent), Status::ok(), false};
  }

  // `text` without the notice secret, should a gateway ever echo it.
  std::string safe(std::string text) const { return notify::redact(std::move(text), {secret_}); }

  std::string name_;
  std::string url_;
  std::string secret_;
  std::int64_t timeout_ms_;
  notify::RetryPolicy policy_;
};

}  // namespace

std::unique_ptr<Gateway> make_http_gateway(const GatewayRules& gateway, const PaymentRules& rules) {
  return std::make_unique<HttpGateway>(gateway, rules);
}

}  // namespace ciie::payment
