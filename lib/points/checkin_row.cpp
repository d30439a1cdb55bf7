// Parsing check-in rows; see checkin_row.hpp.
#include "points/checkin_row.hpp"

#include <charconv>

namespace ciie::points {
namespace {

std::string field(const Record& record, const std::string& name) {
  const auto found = record.fields.find(name);
  return found == record.fields.end() ? std::string() : found->second;
}

}  // namespace

const std::vector<std::string>& checkin_columns() {
  static const std::vector<std::string> columns{"person",  "document_kind", "document",
                                                "badge",   "checked_in",    "gate"};
  return columns;
}

const std::vector<std::string>& checkin_required_columns() {
  static const std::vector<std::string> columns{"checked_in"};
  return columns;
}

Result<CheckinRow> parse_checkin_row(const Record& record, const Date& today) {
  CheckinRow row;
  const std::string person = field(record, "person");
  const std::string document = field(record, "document");
  if (person.empty() == document.empty()) {
    return Status::invalid_input("checkin.person",
                                 "name the person by exactly one of person (its id) and document")
        .at(record.line, person.empty() ? "person" : "document");
  }
  if (!person.empty()) {
    const auto [end, error] = std::from_chars(person.data(), person.data() + person.size(),
                                              row.person);
    if (error != std::errc() || end != person.data() + person.size() || row.person <= 0) {
      return Status::invalid_input("checkin.person",
                                   "person '" + person + "' is not a person id")
          .at(record.line, "person");
    }
  } else {
    const std::string kind = field(record, "document_kind");
    if (!kind.empty()) {
      const auto parsed = codes::parse_document_kind(kind);
      if (!parsed) {
        return Status::invalid_input("checkin.document_kind",
                                     "unknown document kind '" + kind + "'")
            .at(record.line, "document_kind");
      }
      row.document_kind = *parsed;
    }
    auto checked = codes::check_document(row.document_kind, document, today);
    if (!checked.is_ok()) {
      Status failure = checked.status();
      return std::move(failure).at(record.line, "document");
    }
    row.document = checked->key;
  }
  const std::string at = field(record, "checked_in");
  auto instant = Instant::parse(at);
  if (!instant.is_ok() || at.size() <= 10) {
    return Status::invalid_input("time.format",
                                 "checked_in '" + at + "' is not an instant with an offset")
        .at(record.line, "checked_in");
  }
  row.checked_in = *instant;
  row.badge = field(record, "badge");
  row.gate = field(record, "gate");
  return row;
}

}  // namespace ciie::points
