// Choosing a notify backend from NotifyRules, and the checks that make a configuration usable.
// Messages name the offending key but never repeat a secret's value.
#include "notify/notifier.hpp"

#include <algorithm>
#include <cctype>

#include "notify/common.hpp"

namespace ciie::notify {
namespace {

constexpr std::string_view kReason = "notify.backend";

Status bad(std::string key, std::string message) {
  return Status::invalid_input(std::string(kReason), std::move(message)).at(0, std::move(key));
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// A header line "Name: value": a token name (RFC 9110), a colon, no line breaks.
bool is_header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || has_line_break(line)) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

Status check_timing(std::string_view prefix, std::int64_t timeout_ms, int retries,
                    std::int64_t backoff_ms) {
  const std::string p(prefix);
  if (timeout_ms <= 0) return bad(p + "_timeout_ms", "the timeout must be positive");
  if (retries < 0) return bad(p + "_retries", "retries must not be negative");
  if (backoff_ms < 0) return bad(p + "_retry_backoff_ms", "the backoff must not be negative");
  return Status::ok();
}

Status check_http(const NotifyRules& rules) {
  if (rules.http_url.empty()) return bad("notify.http_url", "the http backend needs http_url");
  if (!starts_with_nocase(rules.http_url, "http://") &&
      !starts_with_nocase(rules.http_url, "https://")) {
    return bad("notify.http_url", "http_url must start with http:// or https://");
  }
  if (has_line_break(rules.http_url)) return bad("notify.http_url", "http_url has a line break");
  if (!rules.http_auth_header.empty() && !is_header_line(rules.http_auth_header)) {
    return bad("notify.http_auth_header",
               "http_auth_header must be one header line, \"Name: value\" (value not shown)");
  }
  return check_timing("notify.http", rules.http_timeout_ms, rules.http_retries,
                      rules.http_retry_backoff_ms);
}

Status check_smtp(const NotifyRules& rules) {
  if (rules.smtp_url.empty()) return bad("notify.smtp_url", "the smtp backend needs smtp_url");
  if (!starts_with_nocase(rules.smtp_url, "smtp://") &&
      !starts_with_nocase(rules.smtp_url, "smtps://")) {
    return bad("notify.smtp_url", "smtp_url must start with smtp:// or smtps://");
  }
  if (has_line_break(rules.smtp_url)) return bad("notify.smtp_url", "smtp_url has a line break");
  if (!parse_mailbox(rules.smtp_from)) {
    return bad("notify.smtp_from",
               "smtp_from must be an address, \"noreply@example.cn\" or \"Name <noreply@…>\"");
  }
  if (has_line_break(rules.smtp_user)) return bad("notify.smtp_user", "smtp_user has a line break");
  return check_timing("notify.smtp", rules.smtp_timeout_ms, rules.smtp_retries,
                      rules.smtp_retry_backoff_ms);
}

}  // namespace

std::string_view to_string(Channel channel) { return channel == Channel::kSms ? "sms" : "email"; }

Notifier::~Notifier() = default;

Status check_rules(Channel channel, std::string_view backend, const NotifyRules& rules) {
  const std::string key = channel == Channel::kSms ? "notify.sms_backend" : "notify.email_backend";
  if (backend == "outbox") return Status::ok();
  if (channel == Channel::kSms && backend == "http") return check_http(rules);
  if (channel == Channel::kEmail && backend == "smtp") return check_smtp(rules);
  const std::string allowed = channel == Channel::kSms ? "outbox or http" : "outbox or smtp";
  return bad(key, "unknown " + std::string(to_string(channel)) + " backend \"" +
                      std::string(backend) + "\" (expected " + allowed + ")");
}

Result<std::unique_ptr<Notifier>> make_notifier(Channel channel, const NotifyRules& rules,
                                                OutboxSink& sink) {
  const std::string& backend = channel == Channel::kSms ? rules.sms_backend : rules.email_backend;
  CIIE_RETURN_IF_ERROR(check_rules(channel, backend, rules));
  if (backend == "http") return make_http_sms_notifier(rules);
  if (backend == "smtp") return make_smtp_notifier(rules);
  return make_outbox_notifier(sink);
}

}  // namespace ciie::notify
