// parse_exhibit_row(): an exhibit row's columns checked one by one; the area and category
// against the rules' [[area]] list.
#include "match/exhibit_row.hpp"

#include <algorithm>

#include "codes/text.hpp"
#include "match/event_row.hpp"

namespace ciie::match {
namespace {

std::string field(const Record& record, const std::string& column) {
  const auto found = record.fields.find(column);
  if (found == record.fields.end()) return {};
  return std::string(codes::detail::trim_ascii(found->second));
}

// ISO 3166-1 alpha-2 shape (upper-cased): two ASCII letters.
std::optional<std::string> country_code(std::string_view text) {
  if (text.size() != 2) return std::nullopt;
  std::string code(text);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return code;
}

}  // namespace

const std::vector<std::string>& exhibit_columns() {
  static const std::vector<std::string> columns{
      "exhibitor", "exhibitor_name", "exhibitor_country", "exhibit", "area",
      "category",  "name",           "description",       "country"};
  return columns;
}

const std::vector<std::string>& exhibit_required_columns() {
  static const std::vector<std::string> columns{"exhibitor", "exhibitor_name", "exhibit",
                                                "area",      "category",       "name"};
  return columns;
}

Status check_area_category(const Rules& rules, const std::string& area,
                           const std::string& category) {
  const auto found = std::find_if(rules.areas.begin(), rules.areas.end(),
                                  [&](const Area& a) { return a.slug == area; });
  if (found == rules.areas.end()) {
    std::string known;
    for (const Area& a : rules.areas) known += (known.empty() ? "" : ", ") + a.slug;
    return Status::invalid_input("match.area",
                                 "unknown area '" + area + "' (one of: " + known + ")")
        .in_field("area");
  }
  if (std::find(found->categories.begin(), found->categories.end(), category) ==
      found->categories.end()) {
    std::string known;
    for (const std::string& c : found->categories) known += (known.empty() ? "" : ", ") + c;
    return Status::invalid_input("match.category", "category '" + category +
                                                       "' is not one of area " + area + "'s (" +
                                                       known + ")")
        .in_field("category");
  }
  return Status::ok();
}

Result<ExhibitRow> parse_exhibit_row(const Record& record, const Rules& rules) {
  ExhibitRow row;
  row.exhibitor.id = field(record, "exhibitor");
  if (!is_valid_id(row.exhibitor.id)) {
    return Status::invalid_input("exhibitor.id",
                                 "exhibitor: 1–40 letters, digits, '.', '_' or '-', not '" +
                                     row.exhibitor.id + "'")
        .at(record.line, "exhibitor");
  }
  row.exhibitor.name = field(record, "exhibitor_name");
  if (row.exhibitor.name.empty() || row.exhibitor.name.size() > 400) {
    return Status::invalid_input("exhibitor.name", "exhibitor_name: required, at most 400 bytes")
        .at(record.line, "exhibitor_name");
  }
  const std::string exhibitor_country = field(record, "exhibitor_country");
  if (!exhibitor_country.empty()) {
    const auto code = country_code(exhibitor_country);
    if (!code) {
      return Status::invalid_input("match.country", "exhibitor_country: an ISO 3166-1 alpha-2 "
                                                    "code (JP, DE, …), not '" +
                                                        exhibitor_country + "'")
          .at(record.line, "exhibitor_country");
    }
    row.exhibitor.country = *code;
  }
  Exhibit& e = row.exhibit;
  e.id = field(record, "exhibit");
  if (!is_valid_id(e.id)) {
    return Status::invalid_input("exhibit.id",
                                 "exhibit: 1–40 letters, digits, '.', '_' or '-', not '" + e.id +
                                     "'")
        .at(record.line, "exhibit");
  }
  e.exhibitor = row.exhibitor.id;
  e.exhibitor_name = row.exhibitor.name;
  e.area = field(record, "area");
  e.category = field(record, "category");
  Status area = check_area_category(rules, e.area, e.category);
  if (!area) return std::move(area.at(record.line, area.field()));
  e.name = field(record, "name");
  if (e.name.empty() || e.name.size() > 400) {
    return Status::invalid_input("exhibit.name", "name: required, at most 400 bytes")
        .at(record.line, "name");
  }
  e.description = field(record, "description");
  const std::string country = field(record, "country");
  if (country.empty()) {
    e.country = row.exhibitor.country;
  } else {
    const auto code = country_code(country);
    if (!code) {
      return Status::invalid_input("match.country",
                                   "country: an ISO 3166-1 alpha-2 code (JP, DE, …), not '" +
                                       country + "'")
          .at(record.line, "country");
    }
    e.country = *code;
  }
  return row;
}

}  // namespace ciie::match
