// Registration's two phases. The referral guard (REF-2) is the conditional UPDATE in
// Store::take_referral_use, run in the transaction that inserts the unit.
#include "registry/registration.hpp"

#include <atomic>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "audit/audit.hpp"
#include "ciie/codes.hpp"
#include "registry/access.hpp"
#include "registry/profile_rules.hpp"

namespace ciie::registry {
namespace {

std::atomic<bool> referral_guard_disabled{false};

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Checks and canonicalises the fields that need no store.
Result<RegisterRequest> normalise(const RegisterRequest& in) {
  RegisterRequest out = in;
  if (!in.consent) {
    return Status::refused("register.consent", "privacy consent is required (REG-1)").in_field("consent");
  }
  out.name = trimmed(in.name);
  if (out.name.empty()) return Status::refused("register.name", "the unit's name is required").in_field("name");
  if (out.name.size() > 200) {
    return Status::refused("register.name", "the unit's name is longer than 200 bytes").in_field("name");
  }
  if (in.region == UnitRegion::kMainland) {
    auto uscc = codes::check_uscc(in.uscc);
    if (!uscc.is_ok()) return std::move(uscc).take_status().in_field("uscc");
    out.uscc = uscc->code;
  } else {
    out.uscc.clear();
    if (trimmed(in.email).empty()) {
      return Status::refused("register.email_required",
                             "units outside the mainland register with an e-mail address")
          .in_field("email");
    }
  }
  if (!trimmed(in.phone).empty()) {
    auto phone = codes::check_phone(in.phone);
    if (!phone.is_ok()) return std::move(phone).take_status().in_field("phone");
    out.phone = phone->number;
  } else {
    out.phone.clear();
  }
  if (!trimmed(in.email).empty()) {
    auto email = codes::check_email(in.email);
    if (!email.is_ok()) return std::move(email).take_status().in_field("email");
    out.email = *email;
  } else {
    out.email.clear();
  }
  out.affiliation_reason = trimmed(in.affiliation_reason);
  CIIE_RETURN_IF_ERROR(check_unit_text(out.affiliation_reason, "affiliation_reason"));
  if (!trimmed(in.referral_code).empty()) {
    auto code = check_referral_code(in.referral_code);
    if (!code.is_ok()) return std::move(code).take_status().in_field("referral_code");
    out.referral_code = *code;
  } else {
    out.referral_code.clear();
  }
  return out;
}

// Why a code cannot be used now, or ok.
Status referral_usable(const ReferralCode& code, Instant now) {
  if (code.revoked_at) {
    return Status::refused("referral.revoked", "referral code " + code.code + " was revoked");
  }
  if (code.expires_at && now >= *code.expires_at) {
    return Status::refused("referral.expired", "referral code " + code.code + " expired at " +
                                                   code.expires_at->to_shanghai_string());
  }
  if (code.max_uses && code.uses >= *code.max_uses) {
    return Status::refused("referral.exhausted", "referral code " + code.code + " has been used " +
                                                     std::to_string(code.uses) + " of " +
                                                     std::to_string(*code.max_uses) + " times");
  }
  return Status::ok();
}

bool same_registration(const Unit& unit, const RegisterRequest& r, const RouteDecision& route) {
  return unit.name == r.name && unit.region == r.region && unit.category == r.category &&
         unit.phone == r.phone && unit.email == r.email &&
         unit.route.home_delegation == route.home_delegation &&
         unit.route.sub_delegation == route.sub_delegation &&
         unit.route.industry_delegation == route.industry_delegation &&
         unit.affiliation_reason == r.affiliation_reason && unit.referral_code == r.referral_code &&
         unit.profile == r.profile;
}

Status exists_error(const Unit& unit) {
  return Status::conflict("unit.exists",
                          "unit " + unit.account + " (" + unit.name +
                              ") is already registered in this edition with other data; "
                              "use `ciie unit update` to change it")
      .with_detail("account", unit.account);
}

// A login for a unit without a USCC: "OV" (overseas) or "HM" (HK/Macao/Taiwan) + 10 characters
// of the referral alphabet (no look-alikes).
std::string generated_account(UnitRegion region) {
  std::string account = region == UnitRegion::kOverseas ? "OV" : "HM";
  for (int i = 0; i < 10; ++i) {
    account += kReferralAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kReferralAlphabet.size()))];
  }
  return account;
}

Result<std::optional<Unit>> find_existing(store::Store& store, int edition, const RegisterRequest& r) {
  if (r.region == UnitRegion::kMainland) return store.find_unit_by_uscc(edition, r.uscc);
  return store.find_unit_by_email(edition, r.email);
}

// Takes the referral use, guarded (one conditional UPDATE) or — only in the negative control —
// by writing back the count seen during prepare.
Status take_use(store::Store& store, const PreparedRegistration& prepared, Instant now) {
  const ReferralCode& seen = *prepared.referral;
  if (referral_guard_disabled.load()) {
    return store.set_referral_uses(seen.code, seen.uses + 1);
  }
  CIIE_ASSIGN_OR_RETURN(const bool taken, store.take_referral_use(seen.code, now));
  if (taken) return Status::ok();
  CIIE_ASSIGN_OR_RETURN(const auto current, store.find_referral(seen.code));
  if (!current) return Status::refused("referral.unknown", "no referral code " + seen.code);
  Status why = referral_usable(*current, now);
  return why.is_ok() ? Status::refused("referral.exhausted", "referral code " + seen.code +
                                                                 " has no use left")
                     : why;
}

}  // namespace

Result<PreparedRegistration> prepare_registration(store::Store& store, const Options& options,
                                                  const Actor& actor,
                                                  const RegisterRequest& request) {
  if (actor.kind == ActorKind::kUnit || actor.kind == ActorKind::kFinance) {
    return forbidden(actor, "register units");
  }
  PreparedRegistration prepared;
  CIIE_ASSIGN_OR_RETURN(prepared.request, normalise(request));
  CIIE_RETURN_IF_ERROR(check_profile(options.rules, prepared.request.profile));
  const RegisterRequest& r = prepared.request;
  const Instant now = options.clock->now();

  RouteRequest route_request;
  route_request.region = r.region;
  route_request.category = r.category;
  route_request.uscc = r.uscc;
  route_request.affiliation = r.affiliation;
  route_request.delegation = r.delegation;
  route_request.sub_delegation = r.sub_delegation;
  route_request.reason = r.affiliation_reason;
  route_request.ocr_accepted = !r.ocr_accepted_fields.empty();
  if (!r.referral_code.empty()) {
    CIIE_ASSIGN_OR_RETURN(prepared.referral, store.find_referral(r.referral_code));
    if (!prepared.referral) {
      return Status::refused("referral.unknown", "no referral code " + r.referral_code)
          .in_field("referral_code");
    }
    // A code that is used up may still name the unit that used it: re-running a registration
    // is then "unchanged", not a refusal (the commit takes no second use).
    Status usable = referral_usable(*prepared.referral, now);
    if (!usable.is_ok()) {
      CIIE_ASSIGN_OR_RETURN(const auto earlier,
                            find_existing(store, options.rules.edition.number, r));
      if (!earlier || earlier->referral_code != r.referral_code) {
        return std::move(usable).in_field("referral_code");
      }
    }
    route_request.industry_via_referral = prepared.referral->industry_delegation;
  }
  CIIE_ASSIGN_OR_RETURN(prepared.route, route_unit(options.rules, route_request));
  if (actor.kind == ActorKind::kDelegation && !delegation_covers(actor, prepared.route)) {
    return forbidden(actor, "register a unit that routes to " +
                                (prepared.route.home_delegation.empty()
                                     ? std::string("no delegation")
                                     : prepared.route.home_delegation));
  }
  CIIE_ASSIGN_OR_RETURN(prepared.existing,
                        find_existing(store, options.rules.edition.number, r));
  if (prepared.existing && !same_registration(*prepared.existing, r, prepared.route)) {
    return exists_error(*prepared.existing);
  }
  return prepared;
}

Result<RegisterOutcome> commit_registration(store::Store& store, const Options& options,
                                            const Actor& actor, const PreparedRegistration& prepared,
                                            const std::string& password_hash, bool phone_verified) {
  const RegisterRequest& r = prepared.request;
  const int edition = options.rules.edition.number;
  const Instant now = options.clock->now();
  // Re-check inside the lock: another writer may have registered the unit since prepare.
  CIIE_ASSIGN_OR_RETURN(const auto existing, find_existing(store, edition, r));
  if (existing) {
    if (!same_registration(*existing, r, prepared.route)) return exists_error(*existing);
    return RegisterOutcome{*existing, false};
  }
  if (prepared.referral) CIIE_RETURN_IF_ERROR(take_use(store, prepared, now));

  Unit unit;
  unit.account = r.region == UnitRegion::kMainland ? r.uscc : generated_account(r.region);
  unit.edition = edition;
  unit.uscc = r.uscc;
  unit.region = r.region;
  unit.category = r.category;
  unit.name = r.name;
  unit.route = prepared.route;
  unit.affiliation_reason = r.affiliation_reason;
  unit.referral_code = r.referral_code;
  unit.phone = r.phone;
  unit.phone_verified = phone_verified && !r.phone.empty();
  unit.email = r.email;
  unit.has_password = !password_hash.empty();
  unit.state = UnitState::kRegistered;
  unit.profile = r.profile;
  unit.consent_at = now;
  unit.created_at = now;
  unit.updated_at = now;
  unit.created_by = actor.to_string();
  Status inserted = store.insert_unit(unit, password_hash);
  if (!inserted.is_ok() && inserted.reason() == "store.constraint" &&
      r.region != UnitRegion::kMainland) {
    unit.account = generated_account(r.region);  // a generated id collided: draw again once
    inserted = store.insert_unit(unit, password_hash);
  }
  CIIE_RETURN_IF_ERROR(inserted);
  if (prepared.referral) {
    CIIE_RETURN_IF_ERROR(store.record_referral_use(r.referral_code, unit.account, now));
  }
  nlohmann::json flags = nlohmann::json::array();
  for (RouteFlag flag : unit.route.flags) flags.push_back(std::string(to_string(flag)));
  nlohmann::json details = {{"home_delegation", unit.route.home_delegation},
                            {"sub_delegation", unit.route.sub_delegation},
                            {"industry_delegation", unit.route.industry_delegation},
                            {"review", std::string(to_string(unit.route.review))},
                            {"flags", flags},
                            {"referral_code", unit.referral_code},
                            {"phone_verified", unit.phone_verified}};
  // What the reviewer of an ocr_accepted unit should compare with the scan (REG-3, REV-1).
  if (!r.ocr_accepted_fields.empty()) details["ocr_accepted"] = r.ocr_accepted_fields;
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "unit.register",
                                     "unit:" + unit.account, details));
  return RegisterOutcome{unit, true};
}

namespace testing {
void set_referral_guard_disabled(bool disabled) { referral_guard_disabled.store(disabled); }
}  // namespace testing

}  // namespace ciie::registry
