// Registry use cases for claiming a past record (RET-2): sending an SMS or e-mail code to the
// past phone or address, and the claim itself, which registers this edition's unit from the
// past record through registration's own prepare and commit (registration.hpp).
#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "account/password.hpp"
#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/claim_flow.hpp"
#include "registry/password_cost.hpp"
#include "registry/registration.hpp"
#include "registry/verification_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

VerifyChannel channel_of(ClaimMethod method) {
  return method == ClaimMethod::kEmail ? VerifyChannel::kEmail : VerifyChannel::kSms;
}

Result<Candidate> claimable_candidate(store::Store& store, const std::string& account,
                                      ClaimMethod method) {
  CIIE_ASSIGN_OR_RETURN(auto found, store.find_candidate(account));
  if (!found) {
    // A mainland account is a USCC: accept it as typed (lower case, spaces, hyphens).
    CIIE_ASSIGN_OR_RETURN(found, store.find_candidate(codes::normalize(account)));
  }
  if (!found) {
    return Status::not_found("returning.unknown", "no past record for '" + account + "'")
        .in_field("account");
  }
  CIIE_RETURN_IF_ERROR(registry::check_claimable(*found, method));
  return std::move(*found);
}

// The unavailable method fails when tried: the export cannot serve it.
Status unavailable(store::Store& store, const Options& options, const Actor& actor,
                   const Candidate& candidate, ClaimMethod method) {
  CIIE_ASSIGN_OR_RETURN(const Candidate after,
                        registry::record_failure(store, options, actor, candidate, method, true));
  if (after.state == CandidateState::kBarred) {
    return registry::failed_method_refusal(after, method, "");
  }
  static constexpr const char* kWhat[] = {"no password", "no phone", "no e-mail address"};
  return Status::refused("returning.method_unavailable",
                         "the past record has " +
                             std::string(kWhat[static_cast<int>(method)]) +
                             ": this method has failed; try another")
      .in_field("method");
}

// The registration a claim makes: the past record, with the claim's routing choice (the past
// delegation and sub-delegation unless it names others).
RegisterRequest registration_of(const Candidate& candidate, const ClaimRequest& request) {
  RegisterRequest r;
  r.region = candidate.region;
  r.category = candidate.category;
  r.uscc = candidate.uscc;
  r.name = candidate.name;
  r.consent = request.consent;
  r.phone = candidate.phone;
  r.email = candidate.email;
  r.profile = candidate.profile;
  const bool chosen = request.affiliation != Affiliation::kNone || !request.delegation.empty() ||
                      !request.sub_delegation.empty();
  r.affiliation = request.affiliation;
  r.delegation = chosen ? request.delegation : candidate.delegation;
  r.sub_delegation = chosen ? request.sub_delegation : candidate.sub_delegation;
  r.affiliation_reason = request.affiliation_reason;
  r.referral_code = request.referral_code;
  return r;
}

}  // namespace

Result<VerificationSent> Registry::send_claim_code(const Actor& actor,
                                                   const ClaimCodeRequest& request) {
  if (request.method == ClaimMethod::kPassword) {
    return Status::invalid_input("returning.method",
                           "the password method has no code: give the past password")
        .in_field("method");
  }
  CIIE_ASSIGN_OR_RETURN(const Candidate candidate,
                        claimable_candidate(*store_, request.account, request.method));
  if (!registry::method_available(candidate, request.method)) {
    return unavailable(*store_, options_, actor, candidate, request.method);
  }
  CIIE_ASSIGN_OR_RETURN(
      VerificationSent sent,
      registry::send_code(*store_, options_, actor, channel_of(request.method),
                          registry::claim_destination(candidate, request.method),
                          VerifyPurpose::kClaim));
  // The claimant learns where the code went, not the address itself.
  sent.destination = request.method == ClaimMethod::kSms ? codes::mask_phone(sent.destination)
                                                         : codes::mask_email(sent.destination);
  return sent;
}

Result<ClaimOutcome> Registry::claim_returning(const Actor& actor, const ClaimRequest& request) {
  CIIE_ASSIGN_OR_RETURN(Candidate candidate,
                        claimable_candidate(*store_, request.account, request.method));
  // What the claimant can fix is refused before any try is spent.
  if (!request.consent) {
    return Status::refused("register.consent", "privacy consent is required (REG-1)")
        .in_field("consent");
  }
  if (request.new_password) {
    Status policy = account::check_password_policy(
        *request.new_password, options_.rules.registration.password_min_length);
    if (!policy.is_ok()) return std::move(policy).in_field("new_password");
  }
  if (!registry::method_available(candidate, request.method)) {
    return unavailable(*store_, options_, actor, candidate, request.method);
  }
  if (request.method != ClaimMethod::kPassword && request.code.empty()) {
    return Status::refused("verify.required",
                           "ask for the code first (`ciie returning claim --method " +
                               std::string(to_string(request.method)) +
                               "` without --code), then give it")
        .in_field("code");
  }

  // This edition must not have the unit already: a unit registered anew has no past (RET-2).
  const int edition = options_.rules.edition.number;
  CIIE_ASSIGN_OR_RETURN(const auto existing,
                        candidate.region == UnitRegion::kMainland
                            ? store_->find_unit_by_uscc(edition, candidate.uscc)
                            : store_->find_unit_by_email(edition, candidate.email));
  if (existing) {
    return Status::conflict("unit.exists", "unit " + existing->account +
                                               " is registered in this edition already: a unit "
                                               "registered anew cannot claim its past record")
        .in_field("account");
  }

  // Validate and route before any try is spent: what fails here is the claim's to fix.
  RegisterRequest registration = registration_of(candidate, request);
  CIIE_ASSIGN_OR_RETURN(registry::PreparedRegistration prepared,
                        registry::prepare_registration(*store_, options_, actor, registration));

  // The verification. A wrong answer counts against the method, kept even though the claim fails.
  CIIE_ASSIGN_OR_RETURN(const std::string past_hash,
                        store_->candidate_password_hash(candidate.account));
  const int max_attempts = options_.rules.verification.max_attempts;
  if (request.method == ClaimMethod::kPassword) {
    if (!account::verify_password(past_hash, request.password)) {
      ++candidate.password_failures;
      const bool failed = candidate.password_failures >= max_attempts;
      CIIE_ASSIGN_OR_RETURN(const Candidate after,
                            registry::record_failure(*store_, options_, actor, candidate,
                                                     request.method, failed));
      if (failed) return registry::failed_method_refusal(after, request.method, "has failed");
      return Status::refused("auth.failed", "the past password does not match")
          .in_field("password")
          .with_detail("attempts_left", std::to_string(max_attempts - after.password_failures));
    }
  } else {
    Status verified = registry::check_code(*store_, options_, actor, channel_of(request.method),
                                           registry::claim_destination(candidate, request.method),
                                           VerifyPurpose::kClaim, request.code);
    if (!verified.is_ok()) {
      bool failed = verified.reason() == "verify.too_many_attempts";
      for (const auto& detail : verified.details()) {
        failed = failed || (detail.key == "attempts_left" && detail.value == "0");
      }
      if (failed) {
        CIIE_ASSIGN_OR_RETURN(const Candidate after,
                              registry::record_failure(*store_, options_, actor, candidate,
                                                       request.method, true));
        return registry::failed_method_refusal(after, request.method, "has failed");
      }
      return std::move(verified).in_field("code");
    }
  }

  // Verified: register this edition's unit from the past record, the past licence re-checked.
  CIIE_ASSIGN_OR_RETURN(const std::string scan, store_->candidate_licence(candidate.account));
  CIIE_ASSIGN_OR_RETURN(const LicenceRecheck licence,
                        registry::recheck_licence(options_, registration, scan));
  if (licence.outcome == "mismatch" || licence.outcome == "unreadable") {
    registration.ocr_accepted_fields = licence.fields;
    CIIE_ASSIGN_OR_RETURN(prepared,
                          registry::prepare_registration(*store_, options_, actor, registration));
  }
  std::string hash = past_hash;
  if (request.new_password) {
    CIIE_ASSIGN_OR_RETURN(hash, account::hash_password(*request.new_password,
                                                       registry::password_cost(options_)));
  }
  ClaimOutcome outcome;
  outcome.licence = licence;
  outcome.past_persons = candidate.persons;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const RegisterOutcome registered,
                          registry::commit_registration(*store_, options_, actor, prepared, hash,
                                                        request.method == ClaimMethod::kSms));
    outcome.unit = registered.unit;
    if (request.method == ClaimMethod::kEmail && !outcome.unit.email.empty()) {
      // The code went to the past address: that proves the address as the SMS proves the phone.
      outcome.unit.email_verified = true;
      CIIE_RETURN_IF_ERROR(store_->update_unit(outcome.unit));
    }
    Candidate claimed = candidate;
    claimed.state = CandidateState::kClaimed;
    claimed.claimed_by = request.method;
    claimed.claimed_at = options_.clock->now();
    claimed.claimed_unit = registered.unit.account;
    CIIE_ASSIGN_OR_RETURN(const bool written,
                          store_->update_candidate_claim(claimed, CandidateState::kOpen));
    if (!written) {
      return Status::conflict("returning.claimed",
                              "the past record of " + candidate.account + " was claimed meanwhile");
    }
    nlohmann::json details = {{"candidate", candidate.account},
                              {"edition", candidate.edition},
                              {"method", std::string(to_string(request.method))},
                              {"licence", licence.outcome},
                              {"past_persons", candidate.persons}};
    if (!licence.fields.empty()) details["licence_fields"] = licence.fields;
    return audit::record(*store_, *options_.clock, actor, "returning.claim",
                         "unit:" + registered.unit.account, details);
  }));
  return outcome;
}

}  // namespace ciie
