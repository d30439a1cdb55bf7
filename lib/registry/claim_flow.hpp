// The parts of a returning unit's claim (RET-2) that are not the use case's sequence: which
// methods have failed, barring a candidate, and re-checking the past licence.
#pragma once

#include <string>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/returning.hpp"
#include "ciie/unit.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// Where a method's code would go, "" when the candidate has none (or for the password method).
std::string claim_destination(const Candidate& candidate, ClaimMethod method);
// Whether the candidate can serve the method at all: a hash, a phone, an e-mail address.
bool method_available(const Candidate& candidate, ClaimMethod method);

// Refuses a claim on a candidate that is claimed, barred, or whose method has failed.
// Errors: returning.claimed, returning.barred, returning.method_failed.
Status check_claimable(const Candidate& candidate, ClaimMethod method);

// Records that `method` failed (and bars the candidate once all three have), with its audit
// entry, in its own write transaction: the failure stays even though the claim fails.
// `password_failures` is the candidate's new count (the password method counts each wrong
// password). Returns the candidate as stored after. REQUIRES: not inside a write transaction.
Result<Candidate> record_failure(store::Store& store, const Options& options, const Actor& actor,
                                 Candidate candidate, ClaimMethod method, bool method_failed);

// The refusal for a failed method: returning.barred when none is left, else
// returning.method_failed naming the methods still open.
Status failed_method_refusal(const Candidate& candidate, ClaimMethod method,
                             std::string_view why);

// Reads the stored scan with the licence OCR and compares it with `request` (REG-3's
// licence_mismatches). An empty scan is no_scan. Errors: ocr.* when the OCR cannot run at all
// (a missing language pack): an unreadable scan is an outcome, not an error.
Result<LicenceRecheck> recheck_licence(const Options& options, const RegisterRequest& request,
                                       const std::string& scan);

}  // namespace ciie::registry
