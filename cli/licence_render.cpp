// Text and JSON of a licence reading. The field list comes from licence_field_names(), so a
// field the reader learns to extract appears in both forms without a change here.
#include "licence_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ciie::cli {
namespace {

double rounded(double value) { return std::round(value * 100.0) / 100.0; }

std::string two_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// The capital is read in 万元; the currency printed beside it is kept apart.
std::string shown_value(const std::string& name, const LicenceField& field,
                        const LicenceReading& reading) {
  if (name != "registered_capital") return field.value;
  std::string text = field.value + " 万元";
  if (!reading.capital_currency.empty()) text += " " + reading.capital_currency;
  return text;
}

void add_line(std::string& text, const std::string& name, const std::string& value) {
  constexpr std::size_t kNameWidth = 20;  // "registered_capital" and two spaces
  text +=
      "  " + name + std::string(kNameWidth - std::min(kNameWidth, name.size()), ' ') + value + "\n";
}

}  // namespace

std::string uscc_text(const LicenceReading& reading) {
  std::string text = reading.uscc + " (" + std::string(to_string(reading.uscc_source));
  if (reading.uscc_source == UsccSource::kCorrected) {
    text += ": " + std::to_string(reading.uscc_corrections) +
            (reading.uscc_corrections == 1 ? " character" : " characters");
  }
  return text + ")";
}

nlohmann::json licence_json(const LicenceReading& reading) {
  nlohmann::json json = {{"kind", std::string(to_string(reading.kind))},
                         {"uscc", reading.uscc},
                         {"uscc_source", std::string(to_string(reading.uscc_source))},
                         {"uscc_corrections", reading.uscc_corrections},
                         {"uscc_confidence", rounded(reading.uscc_confidence)}};
  for (const std::string& name : licence_field_names()) {
    const LicenceField* field = licence_field(reading, name);
    if (field == nullptr) continue;  // uscc, above
    json[name] = field->found ? nlohmann::json{{"value", field->value},
                                               {"raw", field->raw},
                                               {"confidence", rounded(field->confidence)}}
                              : nlohmann::json(nullptr);
  }
  json["capital_currency"] = reading.capital_currency;
  json["seconds"] = rounded(reading.seconds);
  return json;
}

std::string licence_text(const LicenceReading& reading) {
  std::string text;
  add_line(text, "uscc", uscc_text(reading) + "  " + two_decimals(reading.uscc_confidence));
  if (reading.uscc_source == UsccSource::kCorrected) {
    add_line(text, "", "a corrected code: check it against the scan before using it");
  }
  for (const std::string& name : licence_field_names()) {
    const LicenceField* field = licence_field(reading, name);
    if (field == nullptr) continue;
    add_line(text, name,
             field->found
                 ? shown_value(name, *field, reading) + "  " + two_decimals(field->confidence)
                 : std::string("-"));
  }
  return text;
}

}  // namespace ciie::cli
