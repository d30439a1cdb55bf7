// Registry use cases for accounts (REG-4, REG-5): logging in, changing and resetting the
// password, changing the phone; and the verification codes they rely on.
#include <sodium.h>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/password_cost.hpp"
#include "registry/verification_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

Status auth_failed() { return Status::refused("auth.failed", "unknown account or wrong password"); }

// A fixed Argon2id hash to verify against when an account has none, so that a failed login takes
// as long for an unknown account as for a wrong password.
const std::string& decoy_hash() {
  static const std::string hash = [] {
    auto made = account::hash_password("decoy-password-1!", account::kMinimalCost);
    return made.is_ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

Result<Actor> Registry::authenticate_unit(const std::string& account, std::string_view password) {
  CIIE_ASSIGN_OR_RETURN(const std::string hash, store_->password_hash(account));
  if (hash.empty()) {
    (void)account::verify_password(decoy_hash(), password);
    return auth_failed();
  }
  if (!account::verify_password(hash, password)) return auth_failed();
  return Actor::unit(account);
}

Status Registry::change_password(const Actor& actor, const std::string& account,
                                 std::string_view old_password, std::string_view new_password) {
  if (actor.kind != ActorKind::kUnit || actor.id != account) {
    return registry::forbidden(actor, "change the password of " + account);
  }
  CIIE_RETURN_IF_ERROR(authenticate_unit(account, old_password).status());
  Status policy =
      account::check_password_policy(new_password, options_.rules.registration.password_min_length);
  if (!policy.is_ok()) return std::move(policy).in_field("password");
  CIIE_ASSIGN_OR_RETURN(const std::string hash,
                        account::hash_password(new_password, registry::password_cost(options_)));
  return store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(store_->set_password_hash(account, hash, options_.clock->now()));
    return audit::record(*store_, *options_.clock, actor, "unit.password_change",
                         "unit:" + account);
  });
}

Result<VerificationSent> Registry::request_password_reset(const Actor& actor,
                                                          const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(account));
  if (!unit) return Status::not_found("unit.unknown", "no unit '" + account + "'");
  if (unit->phone.empty()) {
    return Status::refused("unit.no_phone",
                           "unit " + account +
                               " has no phone to send a reset code to; "
                               "ask its delegation or the organizer to record one");
  }
  return registry::send_code(*store_, options_, actor, VerifyChannel::kSms, unit->phone,
                             VerifyPurpose::kResetPassword);
}

Status Registry::reset_password(const Actor& actor, const std::string& account,
                                std::string_view sms_code, std::string_view new_password) {
  CIIE_ASSIGN_OR_RETURN(auto unit, store_->find_unit(account));
  if (!unit) return Status::not_found("unit.unknown", "no unit '" + account + "'");
  Status policy =
      account::check_password_policy(new_password, options_.rules.registration.password_min_length);
  if (!policy.is_ok()) return std::move(policy).in_field("password");
  CIIE_RETURN_IF_ERROR(registry::check_code(*store_, options_, actor, VerifyChannel::kSms,
                                            unit->phone, VerifyPurpose::kResetPassword, sms_code));
  CIIE_ASSIGN_OR_RETURN(const std::string hash,
                        account::hash_password(new_password, registry::password_cost(options_)));
  return store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(store_->set_password_hash(account, hash, options_.clock->now()));
    // The code proved the phone too.
    unit->phone_verified = true;
    unit->updated_at = options_.clock->now();
    CIIE_RETURN_IF_ERROR(store_->update_unit(*unit));
    return audit::record(*store_, *options_.clock, actor, "unit.password_reset", "unit:" + account);
  });
}

Result<std::vector<VerificationSent>> Registry::request_phone_change(const Actor& actor,
                                                                     const std::string& account,
                                                                     std::string_view new_phone) {
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, account));
  if (!(actor.kind == ActorKind::kOrganizer ||
        (actor.kind == ActorKind::kUnit && actor.id == account))) {
    return registry::forbidden(actor, "change the phone of " + account);
  }
  CIIE_ASSIGN_OR_RETURN(const codes::PhoneInfo phone, codes::check_phone(new_phone));
  std::vector<VerificationSent> sent;
  if (!unit.phone.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto old_sent,
                          registry::send_code(*store_, options_, actor, VerifyChannel::kSms,
                                              unit.phone, VerifyPurpose::kChangePhoneOld));
    sent.push_back(std::move(old_sent));
  }
  CIIE_ASSIGN_OR_RETURN(auto new_sent,
                        registry::send_code(*store_, options_, actor, VerifyChannel::kSms,
                                            phone.number, VerifyPurpose::kChangePhoneNew));
  sent.push_back(std::move(new_sent));
  return sent;
}

Status Registry::change_phone(const Actor& actor, const std::string& account,
                              std::string_view new_phone, std::string_view old_phone_code,
                              std::string_view new_phone_code) {
  CIIE_ASSIGN_OR_RETURN(Unit unit, this->unit(actor, account));
  if (!(actor.kind == ActorKind::kOrganizer ||
        (actor.kind == ActorKind::kUnit && actor.id == account))) {
    return registry::forbidden(actor, "change the phone of " + account);
  }
  auto phone = codes::check_phone(new_phone);
  if (!phone.is_ok()) return std::move(phone).take_status().in_field("phone");
  if (!unit.phone.empty()) {
    Status old_ok = registry::check_code(*store_, options_, actor, VerifyChannel::kSms, unit.phone,
                                         VerifyPurpose::kChangePhoneOld, old_phone_code);
    if (!old_ok.is_ok()) return std::move(old_ok).in_field("old_code");
  }
  Status new_ok = registry::check_code(*store_, options_, actor, VerifyChannel::kSms, phone->number,
                                       VerifyPurpose::kChangePhoneNew, new_phone_code);
  if (!new_ok.is_ok()) return std::move(new_ok).in_field("new_code");
  const std::string old_masked = codes::mask_phone(unit.phone);
  unit.phone = phone->number;
  unit.phone_verified = true;
  unit.updated_at = options_.clock->now();
  return store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(store_->update_unit(unit));
    return audit::record(*store_, *options_.clock, actor, "unit.phone_change", "unit:" + account,
                         {{"from", old_masked}, {"to", codes::mask_phone(unit.phone)}});
  });
}

Result<VerificationSent> Registry::send_verification(const Actor& actor, VerifyChannel channel,
                                                     std::string_view destination,
                                                     VerifyPurpose purpose) {
  auto canonical = registry::canonical_destination(channel, destination);
  if (!canonical.is_ok()) {
    return std::move(canonical).take_status().in_field(channel == VerifyChannel::kSms ? "phone"
                                                                                      : "email");
  }
  return registry::send_code(*store_, options_, actor, channel, *canonical, purpose);
}

Status Registry::check_verification(const Actor& actor, VerifyChannel channel,
                                    std::string_view destination, VerifyPurpose purpose,
                                    std::string_view code) {
  CIIE_ASSIGN_OR_RETURN(const std::string canonical,
                        registry::canonical_destination(channel, destination));
  return registry::check_code(*store_, options_, actor, channel, canonical, purpose, code);
}

Result<std::vector<OutboxMessage>> Registry::outbox(const Actor& actor,
                                                    std::string_view destination, int limit) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "read the outbox");
  std::string canonical;
  if (!destination.empty()) {
    const VerifyChannel channel = destination.find('@') != std::string_view::npos
                                      ? VerifyChannel::kEmail
                                      : VerifyChannel::kSms;
    CIIE_ASSIGN_OR_RETURN(canonical, registry::canonical_destination(channel, destination));
  }
  return store_->list_outbox(canonical, limit);
}

}  // namespace ciie
