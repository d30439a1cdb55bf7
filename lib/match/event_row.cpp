// parse_event_row(): the columns of an events file, each checked on its own, then across.
#include "match/event_row.hpp"

#include <algorithm>
#include <charconv>

#include "codes/text.hpp"

namespace ciie::match {
namespace {

std::string field(const Record& record, const std::string& column) {
  const auto found = record.fields.find(column);
  if (found == record.fields.end()) return {};
  return std::string(codes::detail::trim_ascii(found->second));
}

Status at(Status status, const Record& record, const std::string& column) {
  return std::move(status.at(record.line, column));
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

const std::vector<std::string>& event_columns() {
  static const std::vector<std::string> columns{
      "code",         "name",          "starts_on", "ends_on", "organiser",
      "contact_name", "contact_phone", "open",      "capacity"};
  return columns;
}

const std::vector<std::string>& event_required_columns() {
  static const std::vector<std::string> columns{"code", "name", "starts_on", "organiser", "open"};
  return columns;
}

bool is_valid_id(std::string_view text) {
  if (text.empty() || text.size() > 40) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

std::optional<bool> parse_yes_no(std::string_view text) {
  const std::string lower = lower_ascii(text);
  if (lower == "yes" || lower == "true" || lower == "1" || lower == "是") return true;
  if (lower == "no" || lower == "false" || lower == "0" || lower == "否") return false;
  return std::nullopt;
}

Result<Event> parse_event_row(const Record& record) {
  Event event;
  event.code = field(record, "code");
  if (!is_valid_id(event.code)) {
    return Status::invalid_input("event.code", "code: 1–40 letters, digits, '.', '_' or '-', not '" +
                                                   event.code + "'")
        .at(record.line, "code");
  }
  event.name = field(record, "name");
  if (event.name.empty() || event.name.size() > 400) {
    return Status::invalid_input("event.name", "name: required, at most 400 bytes")
        .at(record.line, "name");
  }
  auto starts = Date::parse(field(record, "starts_on"));
  if (!starts.is_ok()) return at(std::move(starts).take_status(), record, "starts_on");
  event.starts_on = *starts;
  const std::string ends_text = field(record, "ends_on");
  if (ends_text.empty()) {
    event.ends_on = event.starts_on;
  } else {
    auto ends = Date::parse(ends_text);
    if (!ends.is_ok()) return at(std::move(ends).take_status(), record, "ends_on");
    event.ends_on = *ends;
  }
  if (event.ends_on < event.starts_on) {
    return Status::invalid_input("event.dates", "ends_on " + event.ends_on.to_string() +
                                                    " is before starts_on " +
                                                    event.starts_on.to_string())
        .at(record.line, "ends_on");
  }
  event.organiser = field(record, "organiser");
  if (event.organiser.empty()) {
    return Status::invalid_input("event.organiser", "organiser: required")
        .at(record.line, "organiser");
  }
  event.contact_name = field(record, "contact_name");
  event.contact_phone = field(record, "contact_phone");
  const auto open = parse_yes_no(field(record, "open"));
  if (!open) {
    return Status::invalid_input("bulk.value", "open: write yes or no, not '" +
                                                   field(record, "open") + "'")
        .at(record.line, "open");
  }
  event.open_to_visitors = *open;
  const std::string capacity = field(record, "capacity");
  if (!capacity.empty()) {
    std::int64_t value = 0;
    const auto [end, error] =
        std::from_chars(capacity.data(), capacity.data() + capacity.size(), value);
    if (error != std::errc() || end != capacity.data() + capacity.size() || value < 1 ||
        value > 1'000'000) {
      return Status::invalid_input("event.capacity",
                                   "capacity: a whole number of persons from 1 to 1000000, "
                                   "or empty for no limit; not '" + capacity + "'")
          .at(record.line, "capacity");
    }
    event.capacity = value;
  }
  return event;
}

}  // namespace ciie::match
