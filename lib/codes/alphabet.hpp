// Character classes shared by the code checkers: ASCII digits and letters, the 31-symbol USCC
// alphabet (GB 32100 drops I, O, S, V and Z), the mainland province prefixes, and UTF-8 length.
#pragma once

#include <cstddef>
#include <string_view>

namespace ciie::codes::detail {

// The USCC alphabet in value order: '0' is 0, 'A' is 10, 'Y' is 30 (GB 32100-2015 §4).
inline constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// The value of a character in the USCC alphabet, or -1 when it is not in it.
constexpr int uscc_value(char c) {
  const std::size_t at = kUsccAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// 0–9 for digits and 10–35 for 'A'–'Z' (GB 11714 and ISO 7064 letter values), else -1.
constexpr int alnum_value(char c) {
  if (is_digit(c)) return c - '0';
  if (is_upper(c)) return c - 'A' + 10;
  return -1;
}

constexpr bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// The number formed by two ASCII digits. REQUIRES: all_digits(text.substr(0, 2)).
constexpr int two_digit_number(std::string_view text) {
  return (text[0] - '0') * 10 + (text[1] - '0');
}

// Whether a 2-digit prefix names one of the 31 mainland provincial-level units of GB/T 2260
// (11–15, 21–23, 31–37, 41–46, 50–54, 61–65). Taiwan 71, Hong Kong 81 and Macao 82 are not.
constexpr bool is_mainland_province(int prefix) {
  return (prefix >= 11 && prefix <= 15) || (prefix >= 21 && prefix <= 23) ||
         (prefix >= 31 && prefix <= 37) || (prefix >= 41 && prefix <= 46) ||
         (prefix >= 50 && prefix <= 54) || (prefix >= 61 && prefix <= 65);
}

// The bytes of the character starting at text[at]: a lead byte with the continuation bytes it
// announces (as many as follow). Every other byte, a stray continuation byte included, is a
// character of its own, so that invalid UTF-8 never hides bytes from a length check (it is then
// refused by the alphabet or shape check). REQUIRES: at < text.size().
constexpr std::size_t character_bytes(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t announced = lead >= 0xF0U ? 3 : lead >= 0xE0U ? 2 : lead >= 0xC0U ? 1 : 0;
  std::size_t bytes = 1;
  while (announced-- > 0 && at + bytes < text.size() &&
         (static_cast<unsigned char>(text[at + bytes]) & 0xC0U) == 0x80U) {
    ++bytes;
  }
  return bytes;
}

// The number of characters (character_bytes) in UTF-8 text, so that a length check counts "９"
// or "号" as one character; for valid UTF-8, the number of code points.
constexpr std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size(); at += character_bytes(text, at)) ++count;
  return count;
}

}  // namespace ciie::codes::detail
