// The http SMS backend: POSTs {"to", "text", "idempotency_key"} as JSON to a gateway. 2xx is
// delivered; 5xx and transport failures are retried with backoff; any other status is a refusal.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "notify/common.hpp"
#include "notify/curl_session.hpp"
#include "notify/notifier.hpp"
#include "notify/retry.hpp"

namespace ciie::notify {
namespace {

constexpr std::size_t kMaxErrorText = 200;  // of the gateway's explanation, in a Status message

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_header_token(std::string_view text) {
  return !text.empty() && text.size() <= 200 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// What a response body says went wrong: {"error": "…"}, {"error": {"message": "…"}},
// {"message": "…"}, or else the start of the body itself.
std::string gateway_error_text(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    for (const char* key : {"error", "message"}) {
      const auto it = json.find(key);
      if (it == json.end()) continue;
      if (it->is_string()) return it->get<std::string>();
      if (it->is_object() && it->contains("message") && (*it)["message"].is_string()) {
        return (*it)["message"].get<std::string>();
      }
      return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return body;
}

// Thread-safety: immutable after construction; each send() uses its own CurlSession.
class HttpSmsNotifier final : public Notifier {
 public:
  explicit HttpSmsNotifier(const NotifyRules& rules)
      : config_(check_rules(Channel::kSms, "http", rules)),
        url_(rules.http_url),
        auth_header_(rules.http_auth_header),
        timeout_ms_(rules.http_timeout_ms),
        policy_{rules.http_retries, rules.http_retry_backoff_ms} {}

  Status send(const Message& message) override {
    CIIE_RETURN_IF_ERROR(config_);
    if (message.channel != Channel::kSms) {
      return Status::invalid_input("notify.backend", "the http backend delivers SMS only");
    }
    CIIE_RETURN_IF_ERROR(check_recipient(message));
    const HttpPost post = build_post(message);
    CurlSession session;  // one handle for every attempt of this message
    return run_with_retries(policy_, [&](int) { return attempt(session, post); });
  }

  std::string_view backend() const override { return "http"; }

 private:
  HttpPost build_post(const Message& message) const {
    const std::string key = idempotency_key_for(message);
    const nlohmann::json body = {
        {"to", message.to}, {"text", message.body}, {"idempotency_key", key}};
    HttpPost post;
    post.url = url_;
    post.timeout_ms = timeout_ms_;
    // Invalid UTF-8 in the text becomes U+FFFD rather than an exception.
    post.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    post.headers = {"Content-Type: application/json", "Accept: application/json",
                    "Expect:"};  // no 100-continue round trip for a small body
    // The body always carries the key; the header only when it cannot break the header block.
    if (is_header_token(key)) post.headers.push_back("Idempotency-Key: " + key);
    if (!auth_header_.empty()) post.headers.push_back(auth_header_);
    return post;
  }

  AttemptOutcome attempt(CurlSession& session, const HttpPost& post) const {
    const TransferResult result = session.post(post);
    if (!result.completed) {
      return {Status::external("notify.unavailable", "sms gateway: " + safe(result.error)),
              result.transient};
    }
    const long status = result.response_code;
    if (status >= 200 && status < 300) return {Status::ok(), false};
    const std::string text =
        "HTTP " + std::to_string(status) + ": " +
        printable_prefix(safe(std::string(trim_spaces(gateway_error_text(result.body)))),
                         kMaxErrorText);
    if (status >= 500) {
      return {Status::external("notify.unavailable", "sms gateway failed, " + text), true};
    }
    return {Status::external("notify.refused", "sms gateway refused the message, " + text)
                .with_detail("http_status", std::to_string(status)),
            false};
  }

  // `text` without the credential, however the gateway or libcurl came to repeat it.
  std::string safe(std::string text) const {
    const std::string_view value =
        trim_spaces(std::string_view(auth_header_).substr(auth_header_.find(':') + 1));
    const std::size_t space = value.rfind(' ');
    const std::string_view token =
        space == std::string_view::npos ? value : value.substr(space + 1);
    return redact(std::move(text), {value, token});
  }

  Status config_;  // ok, or why every send() must fail
  std::string url_;
  std::string auth_header_;
  std::int64_t timeout_ms_;
  RetryPolicy policy_;
};

}  // namespace

std::unique_ptr<Notifier> make_http_sms_notifier(const NotifyRules& rules) {
  return std::make_unique<HttpSmsNotifier>(rules);
}

}  // namespace ciie::notify
