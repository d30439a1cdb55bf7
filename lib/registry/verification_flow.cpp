// Verification codes: 6 random digits, hashed with Argon2id before they are stored, valid for
// verification.lifetime_seconds, at most verification.max_attempts wrong tries, one send per
// verification.resend_interval_seconds and address.
#include "registry/verification_flow.hpp"

#include "ciie/codes.hpp"

#include "account/verification_code.hpp"
#include "audit/audit.hpp"
#include "notify/notifier.hpp"

namespace ciie::registry {
namespace {

// The outbox backend's sink: writes into the store (inside the caller's transaction).
class StoreOutbox final : public notify::OutboxSink {
 public:
  StoreOutbox(store::Store& store, Instant now) : store_(store), now_(now) {}
  Status store_outbox(const notify::Message& message, std::string_view backend) override {
    OutboxMessage stored;
    stored.channel = std::string(notify::to_string(message.channel));
    stored.destination = message.to;
    stored.subject = message.subject;
    stored.body = message.body;
    stored.created_at = now_;
    return store_.append_outbox(stored, std::string(backend));
  }

 private:
  store::Store& store_;
  Instant now_;
};

notify::Channel notify_channel(VerifyChannel channel) {
  return channel == VerifyChannel::kSms ? notify::Channel::kSms : notify::Channel::kEmail;
}

notify::Message compose(VerifyChannel channel, const std::string& destination,
                        const std::string& code, std::int64_t lifetime_seconds) {
  const std::string minutes = std::to_string((lifetime_seconds + 59) / 60);
  notify::Message message;
  message.channel = notify_channel(channel);
  message.to = destination;
  message.subject = "进博会专业观众注册验证码 / CIIE verification code";
  message.body = "【进博会】您的验证码为 " + code + "，" + minutes + " 分钟内有效。" +
                 "Your CIIE verification code is " + code + ", valid for " + minutes + " minutes.";
  return message;
}

std::string masked(VerifyChannel channel, const std::string& destination) {
  return channel == VerifyChannel::kSms ? codes::mask_phone(destination)
                                        : codes::mask_email(destination);
}

std::string subject_of(VerifyChannel channel, const std::string& destination) {
  return std::string(to_string(channel)) + ":" + masked(channel, destination);
}

}  // namespace

Result<std::string> canonical_destination(VerifyChannel channel, std::string_view destination) {
  if (channel == VerifyChannel::kSms) {
    CIIE_ASSIGN_OR_RETURN(const codes::PhoneInfo phone, codes::check_phone(destination));
    return phone.number;
  }
  return codes::check_email(destination);
}

Result<VerificationSent> send_code(store::Store& store, const Options& options, const Actor& actor,
                                   VerifyChannel channel, const std::string& destination,
                                   VerifyPurpose purpose) {
  const VerificationRules& limits = options.rules.verification;
  const Instant now = options.clock->now();
  auto rate_limited = [&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto last, store.last_verification_sent(channel, destination));
    if (last && now < last->plus_seconds(limits.resend_interval_seconds)) {
      const std::int64_t wait =
          last->plus_seconds(limits.resend_interval_seconds).unix_seconds() - now.unix_seconds();
      return Status::refused("verify.rate_limited",
                             "a code was sent to " + masked(channel, destination) +
                                 " moments ago; try again in " + std::to_string(wait) + " s")
          .with_detail("retry_after_seconds", std::to_string(wait));
    }
    return Status::ok();
  };
  CIIE_RETURN_IF_ERROR(rate_limited());

  const std::string code = account::generate_verification_code(limits.code_length);
  CIIE_ASSIGN_OR_RETURN(const std::string hash, account::hash_verification_code(code));
  StoreOutbox outbox(store, now);
  CIIE_ASSIGN_OR_RETURN(
      auto notifier, notify::make_notifier(notify_channel(channel), options.rules.notify, outbox));
  const notify::Message message = compose(channel, destination, code, limits.lifetime_seconds);
  const bool deferred = notifier->backend() == "outbox";
  if (!deferred) CIIE_RETURN_IF_ERROR(notifier->send(message));

  store::VerificationRecord record;
  record.channel = channel;
  record.destination = destination;
  record.purpose = purpose;
  record.code_hash = hash;
  record.backend = std::string(notifier->backend());
  record.sent_at = now;
  record.expires_at = now.plus_seconds(limits.lifetime_seconds);
  CIIE_RETURN_IF_ERROR(store.write_transaction([&]() -> Status {
    if (deferred) {
      // Nothing has left the system yet, so the limit can still be enforced exactly.
      CIIE_RETURN_IF_ERROR(rate_limited());
      CIIE_RETURN_IF_ERROR(notifier->send(message));
    }
    CIIE_RETURN_IF_ERROR(store.insert_verification(record));
    return audit::record(
        store, *options.clock, actor, "verify.send", subject_of(channel, destination),
        {{"purpose", std::string(to_string(purpose))}, {"backend", record.backend}});
  }));
  return VerificationSent{channel, destination, purpose, record.backend, record.expires_at};
}

Status check_code(store::Store& store, const Options& options, const Actor& actor,
                  VerifyChannel channel, const std::string& destination, VerifyPurpose purpose,
                  std::string_view code) {
  const Instant now = options.clock->now();
  const int max_attempts = options.rules.verification.max_attempts;
  Status outcome;  // decided inside the transaction, returned after it commits
  Status written = store.write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto latest,
                          store.latest_verification(channel, destination, purpose));
    if (!latest || latest->consumed_at) {
      outcome = Status::refused("verify.not_sent", "no unused " + std::string(to_string(purpose)) +
                                                       " code was sent to " +
                                                       masked(channel, destination));
      return Status::ok();
    }
    if (now >= latest->expires_at) {
      outcome = Status::refused("verify.expired", "the code has expired; ask for a new one");
      return Status::ok();
    }
    if (latest->attempts >= max_attempts) {
      outcome =
          Status::refused("verify.too_many_attempts", "too many wrong codes; ask for a new one");
      return Status::ok();
    }
    if (!account::verification_code_matches(latest->code_hash, code)) {
      const int attempts = latest->attempts + 1;
      CIIE_RETURN_IF_ERROR(store.update_verification(latest->id, attempts, std::nullopt));
      outcome = Status::refused("verify.mismatch", "the code does not match")
                    .with_detail("attempts_left", std::to_string(max_attempts - attempts));
      return audit::record(store, *options.clock, actor, "verify.mismatch",
                           subject_of(channel, destination),
                           {{"purpose", std::string(to_string(purpose))}, {"attempts", attempts}});
    }
    CIIE_RETURN_IF_ERROR(store.update_verification(latest->id, latest->attempts, now));
    outcome = Status::ok();
    return audit::record(store, *options.clock, actor, "verify.check",
                         subject_of(channel, destination),
                         {{"purpose", std::string(to_string(purpose))}});
  });
  CIIE_RETURN_IF_ERROR(written);
  return outcome;
}

}  // namespace ciie::registry
