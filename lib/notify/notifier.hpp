// Delivery of verification codes (REG-5, RET-2) by SMS and e-mail, behind one small interface.
// Backends: outbox (stored for `ciie verify outbox`), http (an SMS gateway) and smtp (e-mail).
// Internal to the library; it knows neither SQL (the outbox writes through OutboxSink) nor users.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::notify {

enum class Channel { kSms, kEmail };

// "sms" / "email".
std::string_view to_string(Channel channel);

// One message to one recipient.
struct Message {
  Channel channel = Channel::kSms;
  std::string to;       // a phone number for kSms, an addr-spec ("a@b.cn") for kEmail
  std::string subject;  // e-mail only (UTF-8); ignored for SMS
  std::string body;     // UTF-8 text
  // Sent unchanged on every attempt so a gateway can drop duplicates of one send(); the smtp
  // backend derives the Message-ID from it. When empty, send() makes a random one.
  std::string idempotency_key;
};

// Delivers messages of one channel.
// Thread-safety: send() and backend() may be called concurrently on one object (the http and
// smtp backends hold only immutable configuration; the outbox backend is as safe as its sink).
class Notifier {
 public:
  virtual ~Notifier();

  // Delivers `message`, blocking for at most (1 + retries) timeouts plus the backoff waits.
  // Errors: notify.recipient (invalid_input: `to` is empty, has control characters, or is not an
  // e-mail address on the e-mail channel), notify.backend (invalid_input: the configuration is
  // unusable), notify.refused (external: the gateway or mail server said no; not retried),
  // notify.unavailable (external: no answer, a timeout or a 5xx/4xx-transient reply on every
  // attempt), or whatever the outbox sink returned.
  virtual Status send(const Message& message) = 0;

  // "outbox", "http" or "smtp".
  virtual std::string_view backend() const = 0;
};

// Where the outbox backend keeps messages; the store implements it.
// Thread-safety: as documented by the implementation.
class OutboxSink {
 public:
  // Stores `message` for later display. `backend` is the backend that handled it ("outbox").
  // Errors: whatever the store reports (store.*).
  virtual Status store_outbox(const Message& message, std::string_view backend) = 0;

 protected:
  ~OutboxSink() = default;  // not owned through this interface
};

// A notifier that hands every message to `sink`. REQUIRES: `sink` outlives the notifier.
std::unique_ptr<Notifier> make_outbox_notifier(OutboxSink& sink);

// An SMS notifier posting JSON to rules.http_url (see docs/notify.md). Uses http_url,
// http_auth_header, http_timeout_ms, http_retries, http_retry_backoff_ms. When those are unusable
// (see check_rules) every send() returns that notify.backend failure.
std::unique_ptr<Notifier> make_http_sms_notifier(const NotifyRules& rules);

// An e-mail notifier speaking SMTP to rules.smtp_url. Uses smtp_url, smtp_user, smtp_password,
// smtp_from, smtp_timeout_ms, smtp_retries, smtp_retry_backoff_ms. When those are unusable every
// send() returns that notify.backend failure.
std::unique_ptr<Notifier> make_smtp_notifier(const NotifyRules& rules);

// Whether `backend` ("outbox", "http", "smtp") can serve `channel` with `rules`: an SMS backend is
// outbox or http, an e-mail backend outbox or smtp; http needs an http(s):// URL and a well-formed
// auth header (or none); smtp an smtp(s):// URL and an address in smtp_from; timeouts positive,
// retries and backoffs not negative. Messages never repeat a secret.
// Errors: notify.backend (invalid_input), with the offending key as field() ("notify.http_url").
Status check_rules(Channel channel, std::string_view backend, const NotifyRules& rules);

// The notifier configured for `channel` (rules.sms_backend or rules.email_backend).
// REQUIRES: `sink` outlives the notifier (only the outbox backend uses it).
// Errors: notify.backend, as check_rules.
Result<std::unique_ptr<Notifier>> make_notifier(Channel channel, const NotifyRules& rules,
                                                OutboxSink& sink);

}  // namespace ciie::notify
