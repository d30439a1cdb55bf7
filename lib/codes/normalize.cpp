// normalize(): the one input clean-up every identifier checker applies before looking at the
// characters (domain §2): NFKC, then drop spaces and hyphens, then upper-case ASCII.
#include <algorithm>
#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include "ciie/codes.hpp"

#include "codes/text.hpp"

namespace ciie::codes {
namespace detail {

std::optional<std::string> nfkc(std::string_view input) {
  // ASCII is its own NFKC form: the common case (codes, numbers, phones) skips utf8proc.
  if (std::all_of(input.begin(), input.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(input);
  }
  utf8proc_uint8_t* mapped = nullptr;
  const auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(input.data()),
                   static_cast<utf8proc_ssize_t>(input.size()), &mapped, options);
  if (length < 0) return std::nullopt;  // invalid UTF-8 (or out of memory)
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

std::string_view trim_ascii(std::string_view text) {
  constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
  const std::size_t first = text.find_first_not_of(kAsciiSpace);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(kAsciiSpace);
  return text.substr(first, last - first + 1);
}

}  // namespace detail

namespace {

// Separators people type or paste inside a number: every Unicode space (NFKC has already turned
// U+3000 and U+00A0 into U+0020), invisible format characters that come with copy and paste, and
// the hyphen and dash family (NFKC maps U+FF0D and U+FE63 to '-', but keeps U+2010–U+2015, U+2212).
bool is_separator(utf8proc_int32_t cp) {
  if (cp == '-' || (cp >= 0x09 && cp <= 0x0D)) return true;
  if (cp < 0x80) return cp == ' ';  // the only ASCII space separator (Zs) left
  if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) return true;  // hyphens, dashes, minus
  if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) return true;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string normalize(std::string_view input) {
  const std::optional<std::string> folded = detail::nfkc(input);
  if (!folded) return std::string(detail::trim_ascii(input));

  std::string out;
  out.reserve(folded->size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(folded->data());
  utf8proc_ssize_t at = 0;
  const auto size = static_cast<utf8proc_ssize_t>(folded->size());
  while (at < size) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t width = utf8proc_iterate(bytes + at, size - at, &cp);
    if (width <= 0) break;  // unreachable: utf8proc_map produced valid UTF-8
    if (!is_separator(cp)) {
      for (utf8proc_ssize_t i = 0; i < width; ++i) {
        out += ascii_upper(folded->at(static_cast<std::size_t>(at + i)));
      }
    }
    at += width;
  }
  return out;
}

}  // namespace ciie::codes
