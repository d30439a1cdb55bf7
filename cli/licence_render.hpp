// How a licence reading (REG-3) looks on the command line, as text and as JSON: shared by
// `ciie ocr` and `ciie register --licence`, so both show a scan the same way.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ciie/ocr.hpp"

namespace ciie::cli {

// {"kind", "uscc", "uscc_source", "uscc_corrections", "uscc_confidence", one member per field of
// licence_field_names() but uscc ({"value","raw","confidence"}, or null when not found),
// "capital_currency", "seconds"}. Confidences and seconds are rounded to 2 decimals.
nlohmann::json licence_json(const LicenceReading& reading);

// One line per field: its name, value and confidence ("-" when not found); the USCC line says
// how the code was obtained, and a corrected code says that it needs confirming.
std::string licence_text(const LicenceReading& reading);

// "91370200MA6XWQ409T (as_read)" / "… (corrected: 1 character)".
std::string uscc_text(const LicenceReading& reading);

}  // namespace ciie::cli
