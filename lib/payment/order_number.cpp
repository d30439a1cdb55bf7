// Order numbers (ORD-2): formatting, the random serial, and reading them back out of a bank
// transfer's remark, where people type them with spaces, full-width digits and look-alike letters.
#include "payment/order_number.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

#include <sodium.h>
#include <utf8proc.h>

#include "account/sodium_ready.hpp"

namespace ciie::payment {
namespace {

constexpr std::size_t kSerialDigits = 9;
constexpr std::size_t kNumberDigits = 14 + kSerialDigits;  // yyyyMMddHHmmss + serial
constexpr std::uint32_t kSerialLimit = 1'000'000'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// The digit a character of an upper-cased remark stands for: itself, a look-alike letter, or none.
std::optional<char> digit_of(char c) {
  if (is_digit(c)) return c;
  constexpr std::string_view kLookalikes = "O0Q0D0I1L1|1Z2S5G6T7B8";  // letter, then its digit
  for (std::size_t i = 0; i < kLookalikes.size(); i += 2) {
    if (kLookalikes[i] == c) return kLookalikes[i + 1];
  }
  return std::nullopt;
}

// What is dropped from a remark before looking for numbers: white space of every kind (NFKC has
// already made U+3000 and U+00A0 plain spaces), the separators - _ . / : (full-width ones are
// ASCII after NFKC), the Unicode hyphens and minus, and the invisible characters copy and paste
// brings along.
bool is_separator(utf8proc_int32_t cp) {
  constexpr std::string_view kAsciiSeparators = "-_./:";
  if (cp > 0 && cp < 0x80 &&
      kAsciiSeparators.find(static_cast<char>(cp)) != std::string_view::npos) {
    return true;
  }
  if (cp >= 0x09 && cp <= 0x0D) return true;
  if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) return true;
  if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) return true;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

// NFKC, then without separators, ASCII upper case. Text that is not UTF-8 is taken byte by byte
// with only ASCII separators dropped: its ASCII digits and letters can still be found.
std::string normalise(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  std::string out;
  if (length < 0) {
    out.reserve(text.size());
    for (char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x80 && is_separator(byte)) continue;
      out += ascii_upper(c);
    }
    return out;
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  out.reserve(static_cast<std::size_t>(length));
  utf8proc_ssize_t at = 0;
  while (at < length) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t width = utf8proc_iterate(mapped + at, length - at, &cp);
    if (width <= 0) break;  // unreachable: utf8proc_map produced valid UTF-8
    if (!is_separator(cp)) {
      for (utf8proc_ssize_t i = 0; i < width; ++i) {
        out += ascii_upper(static_cast<char>(mapped[at + i]));
      }
    }
    at += width;
  }
  return out;
}

}  // namespace

std::string format_order_number(std::string_view prefix, Instant at, std::uint32_t serial) {
  assert(serial < kSerialLimit);
  char digits[16];
  std::snprintf(digits, sizeof digits, "%09u", static_cast<unsigned>(serial % kSerialLimit));
  std::string number(prefix);
  number += at.to_shanghai_compact();
  number += digits;
  return number;
}

std::string new_order_number(std::string_view prefix, Instant at) {
  // Initialised once per process; randombytes_uniform is unbiased over 0…999999999.
  (void)account::sodium_ready();
  return format_order_number(prefix, at, randombytes_uniform(kSerialLimit));
}

bool is_order_number(std::string_view prefix, std::string_view text) {
  if (text.size() != prefix.size() + kNumberDigits || text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  const std::string_view digits = text.substr(prefix.size());
  return std::all_of(digits.begin(), digits.end(), is_digit);
}

std::vector<std::string> find_order_numbers(std::string_view prefix, std::string_view remark) {
  std::vector<std::string> found;
  const std::string wanted = normalise(prefix);
  if (wanted.empty()) return found;
  const std::string text = normalise(remark);
  const std::string canonical_prefix(prefix);
  std::size_t from = 0;
  for (std::size_t at = text.find(wanted, from); at != std::string::npos;
       at = text.find(wanted, from)) {
    std::size_t pos = at + wanted.size();
    std::string digits;
    while (digits.size() < kNumberDigits && pos < text.size()) {
      const std::optional<char> digit = digit_of(text[pos]);
      if (!digit) break;
      digits += *digit;
      ++pos;
    }
    // A 24th real digit makes the run ambiguous; a look-alike letter after 23 digits is text.
    const bool complete =
        digits.size() == kNumberDigits && (pos == text.size() || !is_digit(text[pos]));
    if (complete) {
      std::string number = canonical_prefix + digits;
      if (std::find(found.begin(), found.end(), number) == found.end()) {
        found.push_back(std::move(number));
      }
      from = pos;
    } else {
      from = at + 1;
    }
  }
  return found;
}

}  // namespace ciie::payment
