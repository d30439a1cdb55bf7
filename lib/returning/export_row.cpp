// The previous edition's export, one row at a time. Unit rows share the registration columns
// (register_row.cpp) and person rows the person columns (person_check.cpp), so a unit or a person
// is read and checked the same way whichever door it comes through.
#include "returning/export_row.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "ciie/codes.hpp"

#include "account/access_token.hpp"
#include "account/password.hpp"
#include "ocr/image_check.hpp"
#include "registry/profile_rules.hpp"
#include "registry/register_row.hpp"
#include "review/person_check.hpp"

namespace ciie::returning {
namespace {

constexpr std::size_t kMaxIdBytes = 64;

std::string text(const Record& record, const std::string& column) {
  const auto found = record.fields.find(column);
  if (found == record.fields.end()) return {};
  const std::string& value = found->second;
  const auto first = value.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = value.find_last_not_of(" \t\r\n");
  return value.substr(first, last - first + 1);
}

Status refused(const Record& record, std::string reason, std::string message,
               const std::string& column) {
  return Status::refused(std::move(reason), std::move(message)).at(record.line, column);
}

Status located(Status status, const Record& record, const std::string& column) {
  const std::string field = status.field().empty() ? column : status.field();
  return std::move(status).at(record.line, field);
}

Result<bool> yes_no(const Record& record, const std::string& column) {
  const std::string value = text(record, column);
  if (value == "true" || value == "yes" || value == "1" || value == "y") return true;
  if (value.empty() || value == "false" || value == "no" || value == "0" || value == "n") {
    return false;
  }
  return Status::invalid_input("bulk.value", column + ": write true or false, not '" + value + "'")
      .at(record.line, column);
}

Result<int> edition_of(const Record& record, const Rules& rules) {
  const std::string value = text(record, "edition");
  int edition = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), edition);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || edition < 1 ||
      edition >= rules.edition.number) {
    return refused(record, "returning.edition",
                   "the edition must be a whole number from 1 to " +
                       std::to_string(rules.edition.number - 1) + " (a previous edition), not '" +
                       value + "'",
                   "edition");
  }
  return edition;
}

// An identifier column: 1–64 bytes without control characters.
Result<std::string> identifier(const Record& record, const std::string& column,
                               const std::string& reason) {
  std::string value = text(record, column);
  const bool control = std::any_of(value.begin(), value.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (value.empty() || value.size() > kMaxIdBytes || control) {
    return refused(record, reason, column + " must be 1–64 bytes of text", column);
  }
  return value;
}

// The bytes of a file named relative to `dir` (never absolute, never leaving it with "..").
Result<std::string> relative_file(const Record& record, const std::string& column,
                                  const std::string& dir, std::int64_t max_bytes) {
  const std::string name = text(record, column);
  const std::filesystem::path relative(name);
  bool escapes = relative.is_absolute() || relative.has_root_name();
  for (const auto& part : relative) escapes = escapes || part == "..";
  if (escapes) {
    return refused(record, "returning.file_path",
                   "a file is named relative to the export's directory, without '..': '" + name +
                       "'",
                   column);
  }
  auto bytes = ocr::read_scan_file((std::filesystem::path(dir) / relative).string(), max_bytes);
  if (!bytes.is_ok()) return located(std::move(bytes).take_status(), record, column);
  return std::move(*bytes);
}

Result<store::CandidateImport> unit_row(const Record& record, const Rules& rules, int edition,
                                        const std::string& file_dir) {
  CIIE_ASSIGN_OR_RETURN(RegisterRequest request, registry::parse_unit_fields(record));
  store::CandidateImport row;
  Candidate& c = row.candidate;
  c.edition = edition;
  c.region = request.region;
  c.category = request.category;
  c.name = request.name;
  if (c.name.empty() || c.name.size() > 200) {
    return refused(record, "register.name", "the unit's name must be 1–200 bytes", "name");
  }
  if (c.region == UnitRegion::kMainland) {
    auto uscc = codes::check_uscc(request.uscc);
    const auto& allowed = rules.registration.uscc_allowlist;
    if (uscc.is_ok()) {
      c.uscc = uscc->code;
    } else if (std::find(allowed.begin(), allowed.end(), codes::normalize(request.uscc)) !=
               allowed.end()) {
      c.uscc = codes::normalize(request.uscc);
    } else {
      return located(std::move(uscc).take_status(), record, "uscc");
    }
    c.account = text(record, "account").empty() ? c.uscc : codes::normalize(text(record, "account"));
    if (c.account != c.uscc) {
      return refused(record, "returning.account",
                     "a mainland unit's account is its USCC (" + c.uscc + ")", "account");
    }
  } else {
    if (!request.uscc.empty()) {
      return refused(record, "returning.account", "only mainland units have a USCC", "uscc");
    }
    CIIE_ASSIGN_OR_RETURN(c.account, identifier(record, "account", "returning.account"));
  }
  if (!request.phone.empty()) {
    auto phone = codes::check_phone(request.phone);
    if (!phone.is_ok()) return located(std::move(phone).take_status(), record, "phone");
    c.phone = phone->number;
  }
  if (!request.email.empty()) {
    auto email = codes::check_email(request.email);
    if (!email.is_ok()) return located(std::move(email).take_status(), record, "email");
    c.email = *email;
  }
  row.password_hash = text(record, "password_hash");
  if (!row.password_hash.empty() && !account::acceptable_imported_hash(row.password_hash)) {
    return refused(record, "returning.password_hash",
                   "not an Argon2id hash string ($argon2id$v=19$m=…,t=…,p=…$salt$hash) within "
                   "1 GiB, 10 passes and 8 lanes",
                   "password_hash");
  }
  c.delegation = request.delegation;
  c.sub_delegation = request.sub_delegation;
  c.profile = std::move(request.profile);
  // The profile is checked against this edition's areas and purposes now, so that a claim,
  // which registers it, does not fail on it after its verification.
  Status profile = registry::check_profile(rules, c.profile);
  if (!profile.is_ok()) return located(std::move(profile), record, "");
  if (!text(record, "licence").empty()) {
    CIIE_ASSIGN_OR_RETURN(row.licence, relative_file(record, "licence", file_dir,
                                                     rules.registration.licence_max_bytes));
    auto info = ocr::inspect_image(row.licence, rules.registration.licence_max_bytes,
                                   rules.registration.licence_max_pixels);
    if (!info.is_ok()) return located(std::move(info).take_status(), record, "licence");
    row.licence_sha256 = account::sha256_hex(row.licence);
  }
  return row;
}

Result<store::PastPersonImport> person_row(const Record& record, const Rules& rules, int edition,
                                           const Date& today, const std::string& file_dir) {
  store::PastPersonImport row;
  PastPerson& p = row.person;
  row.edition = edition;
  CIIE_ASSIGN_OR_RETURN(p.unit, identifier(record, "unit", "returning.account"));
  CIIE_ASSIGN_OR_RETURN(p.past_id, identifier(record, "person_id", "returning.person_id"));
  CIIE_ASSIGN_OR_RETURN(
      PersonRequest request,
      review::parse_person_row(record, file_dir, rules.registration.photo_max_bytes));
  auto checked = review::check_person_details(rules, request, today);
  if (!checked.is_ok()) return located(std::move(checked).take_status(), record, "");
  Person& person = *checked;
  p.name = std::move(person.name);
  p.document_kind = person.document_kind;
  p.document_number = std::move(person.document_number);
  p.phone = std::move(person.phone);
  p.position = std::move(person.position);
  p.badge_type = std::move(request.badge_type);
  if (p.badge_type.empty()) {
    return refused(record, "person.badge_type", "the past badge type is required", "badge_type");
  }
  p.free_badge = request.free_badge;
  CIIE_ASSIGN_OR_RETURN(p.badge_reusable, yes_no(record, "badge_reusable"));
  p.badge_number = text(record, "badge_number");
  p.delegation = text(record, "delegation");
  p.sub_delegation = text(record, "sub_delegation");
  if (person.has_photo) {
    p.photo_sha256 = std::move(person.photo_sha256);
    row.photo = std::move(request.photo);
  }
  return row;
}

}  // namespace

const std::vector<std::string>& export_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> all{"record", "edition", "account", "password_hash", "licence",
                                 "unit", "person_id", "badge_number", "badge_reusable"};
    for (const auto& list : {registry::register_row_columns(), review::person_row_columns()}) {
      for (const std::string& column : list) {
        if (std::find(all.begin(), all.end(), column) == all.end()) all.push_back(column);
      }
    }
    // Registration-only columns that mean nothing in a past record.
    for (const char* drop : {"consent", "affiliation", "affiliation_reason", "referral_code"}) {
      all.erase(std::remove(all.begin(), all.end(), drop), all.end());
    }
    return all;
  }();
  return columns;
}

const std::vector<std::string>& export_required_columns() {
  static const std::vector<std::string> columns{"record", "edition"};
  return columns;
}

Result<ExportRow> parse_export_row(const Record& record, const Rules& rules, const Date& today,
                                   const std::string& file_dir) {
  const std::string kind = text(record, "record");
  if (kind != "unit" && kind != "person") {
    return refused(record, "returning.record",
                   "record must be unit or person, not '" + kind + "'", "record");
  }
  CIIE_ASSIGN_OR_RETURN(const int edition, edition_of(record, rules));
  if (kind == "unit") {
    CIIE_ASSIGN_OR_RETURN(store::CandidateImport row, unit_row(record, rules, edition, file_dir));
    return ExportRow(std::move(row));
  }
  CIIE_ASSIGN_OR_RETURN(store::PastPersonImport row, person_row(record, rules, edition, today, file_dir));
  return ExportRow(std::move(row));
}

}  // namespace ciie::returning
