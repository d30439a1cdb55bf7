// UTF-8 validation of argv (RFC 3629 well-formed byte sequences, Unicode table 3-7), kept in the
// tool: the library receives text that was checked here or by the bulk readers.
#include "argument_check.hpp"

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace ciie::cli {
namespace {

// The offset of the first byte that makes `text` ill-formed UTF-8, or npos.
std::size_t first_invalid_byte(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int continuation = 0;
    unsigned char lower = 0x80, upper = 0xBF;  // the range of the first continuation byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      continuation = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuation = 2;
      if (lead == 0xE0) lower = 0xA0;  // no overlong forms
      if (lead == 0xED) upper = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuation = 3;
      if (lead == 0xF0) lower = 0x90;  // no overlong forms
      if (lead == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;  // C0, C1, F5–FF, or a stray continuation byte
    }
    for (int k = 1; k <= continuation; ++k) {
      if (i + k >= text.size()) return i + k;
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (byte < (k == 1 ? lower : 0x80) || byte > (k == 1 ? upper : 0xBF)) return i + k;
    }
    i += static_cast<std::size_t>(continuation) + 1;
  }
  return std::string_view::npos;
}

}  // namespace

Status check_argument_encoding(int argc, const char* const* argv) {
  for (int index = 1; index < argc; ++index) {
    const std::string_view argument(argv[index]);
    const std::size_t at = first_invalid_byte(argument);
    if (at == std::string_view::npos) continue;
    std::string where = "at byte " + std::to_string(at + 1);
    if (at < argument.size()) {
      char hex[8];
      std::snprintf(hex, sizeof hex, " (0x%02X)", static_cast<unsigned char>(argument[at]));
      where += hex;
    } else {
      where += " (the argument ends inside a character)";
    }
    return Status::invalid_input("argument.encoding",
                                 "command-line argument " + std::to_string(index) +
                                     " is not UTF-8 text, " + where +
                                     "; use UTF-8 (the locale's encoding is not converted)")
        .with_detail("argument", std::to_string(index));
  }
  return Status::ok();
}

}  // namespace ciie::cli
