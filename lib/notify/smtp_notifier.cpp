// The smtp e-mail backend: one SMTP transaction per message through libcurl. A 5xx reply is a
// refusal; no connection, a timeout or a 4xx (temporary) reply is retried with backoff.
#include <chrono>
#include <string>

#include "notify/common.hpp"
#include "notify/curl_session.hpp"
#include "notify/mail_format.hpp"
#include "notify/notifier.hpp"
#include "notify/retry.hpp"

namespace ciie::notify {
namespace {

constexpr std::size_t kMaxReplyText = 200;

// Thread-safety: immutable after construction; each send() uses its own CurlSession.
class SmtpNotifier final : public Notifier {
 public:
  explicit SmtpNotifier(const NotifyRules& rules)
      : config_(check_rules(Channel::kEmail, "smtp", rules)),
        from_(parse_mailbox(rules.smtp_from).value_or(Mailbox{})),
        url_(rules.smtp_url),
        user_(rules.smtp_user),
        password_(rules.smtp_password),
        timeout_ms_(rules.smtp_timeout_ms),
        policy_{rules.smtp_retries, rules.smtp_retry_backoff_ms} {}

  Status send(const Message& message) override {
    CIIE_RETURN_IF_ERROR(config_);
    if (message.channel != Channel::kEmail) {
      return Status::invalid_input("notify.backend", "the smtp backend delivers e-mail only");
    }
    CIIE_RETURN_IF_ERROR(check_recipient(message));
    const SmtpSend mail = build_send(message);
    CurlSession session;  // one handle, so a retry may reuse the connection
    return run_with_retries(policy_, [&](int) { return attempt(session, mail); });
  }

  std::string_view backend() const override { return "smtp"; }

 private:
  SmtpSend build_send(const Message& message) const {
    MailParts parts;
    parts.from = from_;
    parts.to = message.to;
    parts.subject = message.subject;
    parts.body = message.body;
    parts.message_id = message_id_for(idempotency_key_for(message), from_);
    parts.date = std::chrono::system_clock::now();
    SmtpSend mail;
    mail.url = url_;
    mail.user = user_;
    mail.password = password_;
    mail.mail_from = from_.address;
    mail.recipients = {message.to};
    mail.payload = format_mail(parts);
    mail.timeout_ms = timeout_ms_;
    return mail;
  }

  AttemptOutcome attempt(CurlSession& session, const SmtpSend& mail) const {
    const TransferResult result = session.send_mail(mail);
    if (result.completed) return {Status::ok(), false};
    const long code = result.response_code;
    // A 4xx/5xx reply line says why; otherwise libcurl's error does (a timeout, a reset).
    const bool answered = code >= 400 && code < 600 && !result.last_reply.empty();
    const std::string reply = answered ? result.last_reply : result.error;
    const std::string text = printable_prefix(redact(reply, {password_}), kMaxReplyText);
    if (code >= 500 && code < 600) {
      return {Status::external("notify.refused", "mail server refused the message: " + text)
                  .with_detail("smtp_reply", std::to_string(code)),
              false};
    }
    // 4xx replies are temporary by definition (RFC 5321 §4.2.1).
    const bool transient = (code >= 400 && code < 500) || result.transient;
    return {Status::external("notify.unavailable", "mail server: " + text), transient};
  }

  Status config_;  // ok, or why every send() must fail
  Mailbox from_;
  std::string url_;
  std::string user_;
  std::string password_;
  std::int64_t timeout_ms_;
  RetryPolicy policy_;
};

}  // namespace

std::unique_ptr<Notifier> make_smtp_notifier(const NotifyRules& rules) {
  return std::make_unique<SmtpNotifier>(rules);
}

}  // namespace ciie::notify
