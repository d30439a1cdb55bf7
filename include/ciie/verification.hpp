// Verification codes (REG-5): 6 random digits sent by SMS or e-mail, stored only as a hash,
// valid for a limited time, with a limited number of wrong tries and a minimum interval between
// sends to the same address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ciie/time.hpp"

namespace ciie {

enum class VerifyChannel { kSms, kEmail };
// What a code proves: a registration's phone, a password reset, a phone change (old or new
// number), or a returning unit's claim (RET-2).
enum class VerifyPurpose { kRegister, kResetPassword, kChangePhoneOld, kChangePhoneNew, kClaim };

std::string_view to_string(VerifyChannel channel);  // "sms", "email"
std::optional<VerifyChannel> parse_verify_channel(std::string_view text);
std::string_view to_string(VerifyPurpose purpose);  // "register", "reset_password", …
std::optional<VerifyPurpose> parse_verify_purpose(std::string_view text);

// What was sent (never the code itself, except through the outbox backend).
struct VerificationSent {
  VerifyChannel channel = VerifyChannel::kSms;
  std::string destination;  // canonical phone or e-mail
  VerifyPurpose purpose = VerifyPurpose::kRegister;
  std::string backend;  // "outbox", "http", "smtp"
  Instant expires_at;
};

// A message kept by the outbox backend (development and tests), as `ciie verify outbox` shows it.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string channel;  // "sms", "email"
  std::string destination;
  std::string subject;
  std::string body;
  Instant created_at;
};

}  // namespace ciie
