// The REG-3 comparison of typed fields with a licence scan, and the merge of the two. The scan
// reads the fields straight from LicenceReading rather than through licence_field(), so this
// rule does not depend on the OCR module's code, only on its value types.
#include "ciie/licence_check.hpp"

#include <algorithm>
#include <optional>

#include "ciie/codes.hpp"

namespace ciie {
namespace {

// A typed text field and the scanned field it is compared with, under its licence_field_names()
// name. The order is that of licence_field_names().
struct TextSlot {
  const char* field;
  std::string RegisterRequest::*top = nullptr;  // set for name
  std::string UnitProfile::*profile = nullptr;  // set for the profile fields
  LicenceField LicenceReading::*scanned;
};

constexpr TextSlot kName{"name", &RegisterRequest::name, nullptr, &LicenceReading::name};
constexpr TextSlot kLegalRep{"legal_rep", nullptr, &UnitProfile::legal_representative,
                             &LicenceReading::legal_rep};
constexpr TextSlot kAddress{"address", nullptr, &UnitProfile::address, &LicenceReading::address};

std::string& typed_text(RegisterRequest& request, const TextSlot& slot) {
  return slot.top != nullptr ? request.*slot.top : request.profile.*slot.profile;
}

const std::string& typed_text(const RegisterRequest& request, const TextSlot& slot) {
  return slot.top != nullptr ? request.*slot.top : request.profile.*slot.profile;
}

// The value of a scanned field, or "" when the scan did not find it.
const std::string& scanned_text(const LicenceReading& reading, const TextSlot& slot) {
  static const std::string kNone;
  const LicenceField& field = reading.*slot.scanned;
  return field.found ? field.value : kNone;
}

// The scan's capital as whole 万元 of RMB (the unit of UnitProfile::registered_capital_wan), when
// it is one: a foreign-currency or fractional capital is neither compared nor copied.
std::optional<std::int64_t> scanned_capital_wan(const LicenceReading& reading) {
  const LicenceField& field = reading.registered_capital;
  if (!field.found || field.value.empty() || field.value.size() > 15) return std::nullopt;
  if (!reading.capital_currency.empty() && reading.capital_currency != "人民币") {
    return std::nullopt;
  }
  if (!std::all_of(field.value.begin(), field.value.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(field.value);
}

void compare_text(const RegisterRequest& typed, const LicenceReading& reading, const TextSlot& slot,
                  std::vector<LicenceMismatch>& out) {
  const std::string& mine = typed_text(typed, slot);
  const std::string& theirs = scanned_text(reading, slot);
  if (mine.empty() || theirs.empty()) return;
  if (codes::normalize(mine) != codes::normalize(theirs)) out.push_back({slot.field, mine, theirs});
}

bool mismatched(const std::vector<LicenceMismatch>& mismatches, std::string_view field) {
  return std::any_of(mismatches.begin(), mismatches.end(),
                     [&](const LicenceMismatch& m) { return m.field == field; });
}

// Fills an empty typed field from the scan; replaces a disagreeing one when it was accepted.
void take_text(RegisterRequest& request, const LicenceReading& reading, const TextSlot& slot,
               bool replace) {
  std::string& mine = typed_text(request, slot);
  const std::string& theirs = scanned_text(reading, slot);
  if (!theirs.empty() && (mine.empty() || replace)) mine = theirs;
}

Status mismatch_error(const std::vector<LicenceMismatch>& mismatches) {
  std::string fields;
  std::string listed;
  for (const LicenceMismatch& m : mismatches) {
    fields += (fields.empty() ? "" : ",") + m.field;
    listed += (listed.empty() ? "" : "; ") + m.field + " typed \"" + m.typed + "\", scanned \"" +
              m.scanned + "\"";
  }
  Status status = Status::refused(
      "licence.mismatch", "the licence scan disagrees with what was given (REG-3): " + listed +
                              "; correct the typed values, or accept the scan's (--accept-ocr)");
  status.with_detail("fields", fields);
  for (const LicenceMismatch& m : mismatches) {
    status.with_detail(m.field, "typed \"" + m.typed + "\" / scanned \"" + m.scanned + "\"");
  }
  return status;
}

Status unconfirmed_error(const LicenceReading& reading) {
  const std::string characters = std::to_string(reading.uscc_corrections) +
                                 (reading.uscc_corrections == 1 ? " character" : " characters");
  return Status::refused("licence.unconfirmed",
                         "the licence's USCC reads as " + reading.uscc + " only after correcting " +
                             characters +
                             " of what OCR saw: compare it with the licence and confirm it "
                             "by re-running with --uscc " +
                             reading.uscc + " (or accept it with --accept-ocr)")
      .with_detail("uscc", reading.uscc)
      .with_detail("corrections", std::to_string(reading.uscc_corrections));
}

}  // namespace

std::vector<LicenceMismatch> licence_mismatches(const RegisterRequest& typed,
                                                const LicenceReading& reading) {
  std::vector<LicenceMismatch> out;
  if (!typed.uscc.empty() && codes::normalize(typed.uscc) != reading.uscc) {
    out.push_back({"uscc", typed.uscc, reading.uscc});
  }
  compare_text(typed, reading, kName, out);
  compare_text(typed, reading, kLegalRep, out);
  const std::optional<std::int64_t> capital = scanned_capital_wan(reading);
  if (typed.profile.registered_capital_wan && capital &&
      *typed.profile.registered_capital_wan != *capital) {
    out.push_back({"registered_capital", std::to_string(*typed.profile.registered_capital_wan),
                   std::to_string(*capital)});
  }
  compare_text(typed, reading, kAddress, out);
  return out;
}

Result<RegisterRequest> apply_licence(RegisterRequest typed, const LicenceReading& reading,
                                      bool accept_ocr) {
  const std::vector<LicenceMismatch> mismatches = licence_mismatches(typed, reading);
  // A corrected code is the reader's best inference, not what it saw: a person confirms it by
  // typing it, having looked at the licence.
  const bool unconfirmed =
      reading.uscc_source == UsccSource::kCorrected && codes::normalize(typed.uscc) != reading.uscc;
  if (!accept_ocr && !mismatches.empty()) return mismatch_error(mismatches);
  if (!accept_ocr && unconfirmed) return unconfirmed_error(reading);

  RegisterRequest request = std::move(typed);
  request.region = UnitRegion::kMainland;
  request.uscc = reading.uscc;
  for (const TextSlot& slot : {kName, kLegalRep, kAddress}) {
    take_text(request, reading, slot, mismatched(mismatches, slot.field));
  }
  if (const std::optional<std::int64_t> capital = scanned_capital_wan(reading);
      capital &&
      (!request.profile.registered_capital_wan || mismatched(mismatches, "registered_capital"))) {
    request.profile.registered_capital_wan = capital;
  }
  request.ocr_accepted_fields.clear();
  for (const LicenceMismatch& m : mismatches) request.ocr_accepted_fields.push_back(m.field);
  if (unconfirmed && !mismatched(mismatches, "uscc")) {
    request.ocr_accepted_fields.insert(request.ocr_accepted_fields.begin(), "uscc");
  }
  return request;
}

}  // namespace ciie
