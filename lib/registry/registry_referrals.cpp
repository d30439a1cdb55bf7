// Registry use cases for referral codes (REF-1..3): creating them for an issuer, checking,
// listing and revoking. Using a code happens inside registration (registration.cpp).
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

constexpr int kMaxCodesPerRequest = 10'000;

// Resolves an issuer and checks that the actor may issue in its name. Returns the industry
// delegation the codes admit to ("" unless the issuer is one).
Result<std::string> check_issuer(const Rules& rules, store::Store& store, const Actor& actor,
                                 const std::string& issuer) {
  if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kDelegation) {
    return registry::forbidden(actor, "create referral codes");
  }
  auto parsed = Actor::parse(issuer);
  if (!parsed.is_ok() || parsed->kind == ActorKind::kFinance ||
      parsed->kind == ActorKind::kApplicant) {
    return Status::refused(
               "referral.issuer",
               "an issuer is delegation:<slug>, unit:<account> or organizer, not '" + issuer + "'")
        .in_field("issuer");
  }
  if (actor.kind != ActorKind::kOrganizer &&
      !(actor.kind == ActorKind::kDelegation && parsed->kind == ActorKind::kDelegation &&
        parsed->id == actor.id)) {
    return registry::forbidden(actor, "create referral codes for " + issuer);
  }
  if (parsed->kind == ActorKind::kDelegation) {
    const Delegation* delegation = rules.find_delegation(parsed->id);
    if (delegation == nullptr) {
      return Status::refused("referral.issuer", "no delegation '" + parsed->id + "'")
          .in_field("issuer");
    }
    return delegation->kind == DelegationKind::kIndustry ? delegation->slug : std::string();
  }
  if (parsed->kind == ActorKind::kUnit) {
    // A partner unit issues codes on the organiser's behalf (REF-1).
    CIIE_ASSIGN_OR_RETURN(const auto unit, store.find_unit(parsed->id));
    if (!unit) {
      return Status::refused("referral.issuer", "no unit '" + parsed->id + "'").in_field("issuer");
    }
  }
  return std::string();
}

Status check_may_manage(const Actor& actor, const ReferralCode& code) {
  if (actor.kind == ActorKind::kOrganizer) return Status::ok();
  if (actor.kind == ActorKind::kDelegation && code.issuer == actor.to_string()) return Status::ok();
  return registry::forbidden(actor, "manage referral code " + code.code);
}

}  // namespace

Result<std::vector<ReferralCode>> Registry::create_referrals(
    const Actor& actor, const CreateReferralsRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const std::string industry,
                        check_issuer(options_.rules, *store_, actor, request.issuer));
  if (request.count < 1 || request.count > kMaxCodesPerRequest) {
    return Status::refused(
               "referral.count",
               "between 1 and " + std::to_string(kMaxCodesPerRequest) + " codes at a time")
        .in_field("count");
  }
  if (request.max_uses && *request.max_uses < 1) {
    return Status::refused("referral.max_uses", "a maximum number of uses is at least 1")
        .in_field("max_uses");
  }
  const Instant now = options_.clock->now();
  if (request.expires_at && *request.expires_at <= now) {
    return Status::refused(
               "referral.expiry",
               "the expiry " + request.expires_at->to_shanghai_string() + " is not in the future")
        .in_field("expires");
  }
  std::vector<ReferralCode> created;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    created.clear();
    for (int i = 0; i < request.count; ++i) {
      ReferralCode code;
      code.issuer = request.issuer;
      code.industry_delegation = industry;
      code.max_uses = request.max_uses;
      code.expires_at = request.expires_at;
      code.created_at = now;
      code.created_by = actor.to_string();
      code.note = request.note;
      // 31^8 ≈ 8.5e11 codes: a collision is rare; draw again when one happens.
      Status inserted = Status::conflict("store.constraint", "");
      for (int attempt = 0; attempt < 5 && !inserted.is_ok(); ++attempt) {
        code.code = generate_referral_code();
        inserted = store_->insert_referral(code);
        if (!inserted.is_ok() && inserted.reason() != "store.constraint") return inserted;
      }
      CIIE_RETURN_IF_ERROR(inserted);
      created.push_back(code);
    }
    nlohmann::json details{{"issuer", request.issuer}, {"count", request.count}};
    if (request.max_uses) details["max_uses"] = *request.max_uses;
    if (request.expires_at) details["expires_at"] = request.expires_at->to_shanghai_string();
    return audit::record(*store_, *options_.clock, actor, "referral.create", request.issuer,
                         details);
  }));
  return created;
}

Result<ReferralCheck> Registry::check_referral(std::string_view input) {
  CIIE_ASSIGN_OR_RETURN(const std::string code, check_referral_code(input));
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_referral(code));
  if (!found) return Status::refused("referral.unknown", "no referral code " + code);
  ReferralCheck check{*found, Status::ok()};
  const Instant now = options_.clock->now();
  if (found->revoked_at) {
    check.usable = Status::refused("referral.revoked",
                                   "revoked at " + found->revoked_at->to_shanghai_string());
  } else if (found->expires_at && now >= *found->expires_at) {
    check.usable = Status::refused("referral.expired",
                                   "expired at " + found->expires_at->to_shanghai_string());
  } else if (found->max_uses && found->uses >= *found->max_uses) {
    check.usable =
        Status::refused("referral.exhausted", "used " + std::to_string(found->uses) + " of " +
                                                  std::to_string(*found->max_uses) + " times");
  }
  return check;
}

Result<std::vector<ReferralCode>> Registry::referrals(const Actor& actor,
                                                      const std::string& issuer) {
  if (actor.kind == ActorKind::kOrganizer) return store_->list_referrals(issuer);
  if (actor.kind == ActorKind::kDelegation && (issuer.empty() || issuer == actor.to_string())) {
    return store_->list_referrals(actor.to_string());
  }
  return registry::forbidden(actor,
                             "list referral codes" + (issuer.empty() ? "" : " of " + issuer));
}

Status Registry::revoke_referral(const Actor& actor, std::string_view input) {
  CIIE_ASSIGN_OR_RETURN(const std::string code, check_referral_code(input));
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_referral(code));
  if (!found) return Status::refused("referral.unknown", "no referral code " + code);
  CIIE_RETURN_IF_ERROR(check_may_manage(actor, *found));
  if (found->revoked_at) return Status::ok();  // revoking twice changes nothing
  return store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(store_->revoke_referral(code, options_.clock->now()));
    return audit::record(*store_, *options_.clock, actor, "referral.revoke", "referral:" + code,
                         {{"issuer", found->issuer}, {"uses", found->uses}});
  });
}

}  // namespace ciie
