// Writing CSV cells as the project's readers take them (docs/bulk-input.md): a cell is quoted,
// its quotes doubled, when it holds a comma, a quote, a line break or edge spaces.
#pragma once

#include <string>
#include <string_view>

namespace ciie::datagen {

inline std::string csv_cell(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace ciie::datagen
