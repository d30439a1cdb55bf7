// Registry use cases for units: registering one, reading and listing, updating the profile.
#include <algorithm>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/password_cost.hpp"
#include "registry/profile_rules.hpp"
#include "registry/registration.hpp"
#include "registry/verification_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

Status unknown_unit(const std::string& account) {
  return Status::not_found("unit.unknown", "no unit '" + account + "'");
}

}  // namespace

Result<RegisterOutcome> Registry::register_unit(const Actor& actor,
                                                const RegisterRequest& request) {
  const bool self_service = actor.kind == ActorKind::kApplicant;
  if (self_service) {
    if (!request.password) {
      return Status::refused("register.password_required",
                             "a unit registering itself sets its password (REG-4)")
          .in_field("password");
    }
    if (request.phone.empty()) {
      return Status::refused("register.phone_required",
                             "a unit registering itself verifies a phone (REG-5)")
          .in_field("phone");
    }
    if (request.sms_code.empty()) {
      return Status::refused("verify.required",
                             "send a code with `ciie verify send --phone …` and give it (REG-5)")
          .in_field("sms_code");
    }
  }
  if (request.password) {
    Status policy = account::check_password_policy(*request.password,
                                                   options_.rules.registration.password_min_length);
    if (!policy.is_ok()) return std::move(policy).in_field("password");
  }
  CIIE_ASSIGN_OR_RETURN(const registry::PreparedRegistration prepared,
                        registry::prepare_registration(*store_, options_, actor, request));
  if (prepared.existing) return RegisterOutcome{*prepared.existing, false};

  std::string hash;
  if (request.password) {
    CIIE_ASSIGN_OR_RETURN(
        hash, account::hash_password(*request.password, registry::password_cost(options_)));
  }
  bool phone_verified = false;
  if (!request.sms_code.empty()) {
    if (prepared.request.phone.empty()) {
      return Status::refused("register.phone_required",
                             "an SMS code needs the phone it was sent to")
          .in_field("phone");
    }
    Status verified =
        registry::check_code(*store_, options_, actor, VerifyChannel::kSms, prepared.request.phone,
                             VerifyPurpose::kRegister, request.sms_code);
    if (!verified.is_ok()) return std::move(verified).in_field("sms_code");
    phone_verified = true;
  }
  RegisterOutcome outcome;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(outcome, registry::commit_registration(*store_, options_, actor, prepared,
                                                                 hash, phone_verified));
    return Status::ok();
  }));
  return outcome;
}

Result<Unit> Registry::unit(const Actor& actor, const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_unit(account));
  if (!found) {
    // A reader outside the unit's scope learns nothing, not even whether it exists.
    if (actor.kind == ActorKind::kOrganizer || actor.kind == ActorKind::kFinance) {
      return unknown_unit(account);
    }
    if (actor.kind == ActorKind::kUnit && actor.id == account) return unknown_unit(account);
    return registry::forbidden(actor, "read unit " + account);
  }
  if (!registry::may_read_unit(actor, *found)) {
    return registry::forbidden(actor, "read unit " + account);
  }
  return *found;
}

Result<std::vector<Unit>> Registry::units(const Actor& actor, const UnitFilter& filter) {
  UnitFilter scoped = filter;
  switch (actor.kind) {
    case ActorKind::kOrganizer:
    case ActorKind::kFinance:
      break;
    case ActorKind::kDelegation:
      if (!filter.delegation.empty() && filter.delegation != actor.id) {
        // A sub-delegation of its own is fine; anything else is another delegation's list.
        const auto [owner, sub] = options_.rules.find_sub_delegation(filter.delegation);
        if (owner == nullptr || owner->slug != actor.id) {
          return registry::forbidden(actor, "list the units of " + filter.delegation);
        }
      } else {
        scoped.delegation = actor.id;
      }
      break;
    case ActorKind::kUnit:
    case ActorKind::kApplicant:
      return registry::forbidden(actor, "list units");
  }
  return store_->list_units(options_.rules.edition.number, scoped);
}

namespace {

// Applies `update` to `unit` (the copy read inside the transaction) and says which fields moved.
Status apply_update(const Rules& rules, const UnitUpdate& update, Unit& unit,
                    nlohmann::json& changed) {
  if (update.name) {
    if (update.name->empty() || update.name->size() > 200) {
      return Status::refused("register.name", "the unit's name must be 1–200 bytes")
          .in_field("name");
    }
    unit.name = *update.name;
    changed.push_back("name");
  }
  if (update.email) {
    if (update.email->empty()) {
      if (unit.region != UnitRegion::kMainland) {
        return Status::refused("register.email_required",
                               "units outside the mainland keep an e-mail address")
            .in_field("email");
      }
      unit.email.clear();
    } else {
      auto email = codes::check_email(*update.email);
      if (!email.is_ok()) return std::move(email).take_status().in_field("email");
      if (*email != unit.email) unit.email_verified = false;
      unit.email = *email;
    }
    changed.push_back("email");
  }
  if (update.profile || update.edit_profile) {
    UnitProfile profile = update.profile ? *update.profile : unit.profile;
    if (update.edit_profile) CIIE_RETURN_IF_ERROR(update.edit_profile(profile));
    CIIE_RETURN_IF_ERROR(registry::check_profile(rules, profile));
    unit.profile = std::move(profile);
    changed.push_back("profile");
  }
  return Status::ok();
}

}  // namespace

Result<Unit> Registry::update_unit(const Actor& actor, const std::string& account,
                                   const UnitUpdate& update) {
  // Scope first (outside the transaction: a refusal takes no write lock), then read, change
  // and write in one transaction so that concurrent updates compose.
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "change unit " + account);
  }
  Unit unit;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(auto current, store_->find_unit(account));
    if (!current) return unknown_unit(account);
    unit = std::move(*current);
    nlohmann::json changed = nlohmann::json::array();
    CIIE_RETURN_IF_ERROR(apply_update(options_.rules, update, unit, changed));
    if (changed.empty()) return Status::ok();
    unit.updated_at = options_.clock->now();
    CIIE_RETURN_IF_ERROR(store_->update_unit(unit));
    return audit::record(*store_, *options_.clock, actor, "unit.update", "unit:" + account,
                         {{"fields", changed}});
  }));
  return unit;
}

}  // namespace ciie
