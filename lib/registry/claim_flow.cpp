// Claim bookkeeping and the licence re-check; see claim_flow.hpp.
#include "registry/claim_flow.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ciie/licence_check.hpp"
#include "ciie/ocr.hpp"

#include "audit/audit.hpp"

namespace ciie::registry {
namespace {

constexpr ClaimMethod kMethods[] = {ClaimMethod::kPassword, ClaimMethod::kSms,
                                    ClaimMethod::kEmail};

bool has_failed(const Candidate& candidate, ClaimMethod method) {
  return std::find(candidate.failed_methods.begin(), candidate.failed_methods.end(), method) !=
         candidate.failed_methods.end();
}

std::string open_methods(const Candidate& candidate) {
  std::string names;
  for (const ClaimMethod method : kMethods) {
    if (has_failed(candidate, method)) continue;
    names += (names.empty() ? "" : ", ") + std::string(to_string(method));
  }
  return names;
}

}  // namespace

std::string claim_destination(const Candidate& candidate, ClaimMethod method) {
  switch (method) {
    case ClaimMethod::kSms:
      return candidate.phone;
    case ClaimMethod::kEmail:
      return candidate.email;
    case ClaimMethod::kPassword:
      break;
  }
  return {};
}

bool method_available(const Candidate& candidate, ClaimMethod method) {
  return method == ClaimMethod::kPassword ? candidate.has_password
                                          : !claim_destination(candidate, method).empty();
}

Status failed_method_refusal(const Candidate& candidate, ClaimMethod method,
                             std::string_view why) {
  if (candidate.state == CandidateState::kBarred) {
    return Status::refused("returning.barred",
                           "every verification of " + candidate.account +
                               "'s past record has failed: register anew with `ciie register`; "
                               "past information is not brought forward (RET-2)")
        .in_field("method");
  }
  return Status::refused("returning.method_failed",
                         "the " + std::string(to_string(method)) + " verification " +
                             std::string(why) + "; still open: " + open_methods(candidate))
      .in_field("method")
      .with_detail("open_methods", open_methods(candidate));
}

Status check_claimable(const Candidate& candidate, ClaimMethod method) {
  if (candidate.state == CandidateState::kClaimed) {
    return Status::conflict("returning.claimed", "the past record of " + candidate.account +
                                                     " was claimed by unit " +
                                                     candidate.claimed_unit);
  }
  if (candidate.state == CandidateState::kBarred || has_failed(candidate, method)) {
    return failed_method_refusal(candidate, method, "has failed before");
  }
  return Status::ok();
}

Result<Candidate> record_failure(store::Store& store, const Options& options, const Actor& actor,
                                 Candidate candidate, ClaimMethod method, bool method_failed) {
  Candidate after;
  CIIE_RETURN_IF_ERROR(store.write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto stored, store.find_candidate(candidate.account));
    if (!stored) return Status::internal("a returning candidate vanished");
    after = *stored;
    if (after.state != CandidateState::kOpen) return Status::ok();  // decided meanwhile
    if (method == ClaimMethod::kPassword) {
      after.password_failures = std::max(after.password_failures, candidate.password_failures);
    }
    if (method_failed && !has_failed(after, method)) after.failed_methods.push_back(method);
    const bool barred = std::all_of(std::begin(kMethods), std::end(kMethods),
                                    [&](ClaimMethod m) { return has_failed(after, m); });
    if (barred) after.state = CandidateState::kBarred;
    CIIE_ASSIGN_OR_RETURN(const bool written,
                          store.update_candidate_claim(after, CandidateState::kOpen));
    if (!written) return Status::internal("a returning candidate moved during its update");
    if (!method_failed) return Status::ok();
    return audit::record(store, *options.clock, actor,
                         barred ? "returning.barred" : "returning.method_failed",
                         "returning:" + after.account,
                         {{"method", std::string(to_string(method))}});
  }));
  return after;
}

Result<LicenceRecheck> recheck_licence(const Options& options, const RegisterRequest& request,
                                       const std::string& scan) {
  LicenceRecheck recheck;
  if (scan.empty()) {
    recheck.outcome = "no_scan";
    return recheck;
  }
  const Rules& rules = options.rules;
  OcrOptions ocr;
  ocr.tessdata_path = rules.ocr.tessdata_path;
  ocr.languages = rules.ocr.languages;
  ocr.preprocess = rules.ocr.preprocess;
  ocr.max_bytes = rules.registration.licence_max_bytes;
  ocr.max_pixels = rules.registration.licence_max_pixels;
  ocr.formats = rules.registration.licence_formats;
  auto reading = read_licence(scan, ocr);
  if (!reading.is_ok()) {
    Status why = std::move(reading).take_status();
    if (why.reason().rfind("ocr.", 0) == 0) return why;
    recheck.outcome = "unreadable";
    recheck.fields = {"licence"};
    recheck.detail = why.reason() + ": " + why.message();
    return recheck;
  }
  for (const LicenceMismatch& mismatch : licence_mismatches(request, *reading)) {
    recheck.fields.push_back(mismatch.field);
  }
  recheck.outcome = recheck.fields.empty() ? "confirmed" : "mismatch";
  return recheck;
}

}  // namespace ciie::registry
