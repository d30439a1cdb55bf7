// REG-3 at registration: how a licence reading (ocr.hpp) and what the caller typed become one
// RegisterRequest. The scan's USCC becomes the account; the fields the caller also gave must
// agree with the scan unless the caller accepts the scan's values, which sends the unit to
// manual review (REV-1). Pure functions over values: no store, no OCR.
// Thread-safety: every function here is pure and safe to call from any thread.
#pragma once

#include <string>
#include <vector>

#include "ciie/ocr.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie {

// One field the caller gave that the scan contradicts.
struct LicenceMismatch {
  std::string field;    // a name of licence_field_names(): uscc, name, legal_rep, …
  std::string typed;    // as the caller gave it
  std::string scanned;  // the reading's (normalised) value
  friend bool operator==(const LicenceMismatch&, const LicenceMismatch&) = default;
};

// The fields of `typed` that disagree with the scan, in licence_field_names() order. Compared:
// uscc; name; legal_rep (profile.legal_representative); registered_capital
// (profile.registered_capital_wan, only when the scan shows whole 万元 of RMB); address
// (profile.address). Both sides are compared after codes::normalize (NFKC, spaces and hyphens
// removed, ASCII upper case). A field the caller left empty, or the scan did not find, agrees.
std::vector<LicenceMismatch> licence_mismatches(const RegisterRequest& typed,
                                                const LicenceReading& reading);

// The request to register from a scan: `typed` with the scan's USCC (and region mainland: a
// licence is a mainland document), its name, legal representative, address and registered
// capital filled from the scan where the caller gave none. With `accept_ocr` the scan's value
// also replaces each disagreeing typed one, and the request's ocr_accepted_fields names them
// ("uscc" too for a corrected code taken unconfirmed), which flags the unit for manual review.
// A kCorrected USCC is confirmed when the caller typed the same code.
// Errors (kRefused): licence.mismatch (details: `fields`, comma-separated, and one per field,
// `typed "…" / scanned "…"`), licence.unconfirmed (a kCorrected USCC neither typed nor
// accepted; details: `uscc`, `corrections`).
Result<RegisterRequest> apply_licence(RegisterRequest typed, const LicenceReading& reading,
                                      bool accept_ocr);

}  // namespace ciie
