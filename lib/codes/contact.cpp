// Phone numbers and e-mail addresses of contacts (china-rules §5): mainland mobiles are reduced
// to their 11 digits, other phones kept in E.164; e-mail follows the HTML standard's pattern.
#include <array>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"
#include "codes/text.hpp"

namespace ciie::codes {
namespace {

constexpr std::size_t kMainlandLength = 11;
// Prefixes that may precede a mainland mobile; stripped only when exactly 11 digits remain.
constexpr std::array<std::string_view, 3> kMainlandPrefixes = {"+86", "0086", "86"};
constexpr std::string_view kChinaCountryCode = "+86";
// China's international call prefix, which people type instead of '+'.
constexpr std::string_view kInternationalPrefix = "00";
// E.164: '+', a country code not starting with 0, at most 15 digits in all (7 is a sane minimum).
constexpr std::size_t kE164MinDigits = 7, kE164MaxDigits = 15;

constexpr std::size_t kEmailMaxLength = 254;  // RFC 5321 path limit, in octets
constexpr std::size_t kLocalPartMaxLength = 64;
constexpr std::size_t kLabelMaxLength = 63;
constexpr std::string_view kAtextSymbols = "!#$%&'*+/=?^_`{|}~-";

constexpr bool is_ascii_alnum(char c) {
  return detail::is_digit(c) || detail::is_upper(c) || (c >= 'a' && c <= 'z');
}

bool is_mainland_mobile(std::string_view digits) {
  return digits.size() == kMainlandLength && detail::all_digits(digits) && digits[0] == '1' &&
         digits[1] >= '3' && digits[1] <= '9';
}

bool is_e164(std::string_view number) {
  if (number.size() < 1 + kE164MinDigits || number.size() > 1 + kE164MaxDigits) return false;
  return number[0] == '+' && number[1] != '0' && detail::all_digits(number.substr(1));
}

Status phone_error(std::string message) {
  return Status::refused("phone.format", std::move(message));
}

// The HTML standard's local part: one or more of atext and '.'.
bool is_valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > kLocalPartMaxLength) return false;
  for (const char c : local) {
    if (!is_ascii_alnum(c) && c != '.' && kAtextSymbols.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Labels of 1–63 letters, digits and inner hyphens, separated by single dots.
bool is_valid_domain(std::string_view domain) {
  while (true) {
    const std::size_t dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > kLabelMaxLength) return false;
    if (!is_ascii_alnum(label.front()) || !is_ascii_alnum(label.back())) return false;
    for (const char c : label) {
      if (!is_ascii_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    domain.remove_prefix(dot + 1);
  }
}

}  // namespace

Result<PhoneInfo> check_phone(std::string_view input) {
  const std::string number = normalize(input);
  for (const std::string_view prefix : kMainlandPrefixes) {
    if (number.starts_with(prefix) && number.size() == prefix.size() + kMainlandLength) {
      const std::string_view rest = std::string_view(number).substr(prefix.size());
      if (is_mainland_mobile(rest)) return PhoneInfo{std::string(rest), true};
    }
  }
  if (is_mainland_mobile(number)) return PhoneInfo{number, true};

  std::string international = number;
  if (international.starts_with(kInternationalPrefix)) {
    international.replace(0, kInternationalPrefix.size(), "+");
  }
  if (international.starts_with(kChinaCountryCode)) {
    // Mainland contacts must be reachable by SMS (REG-5): landlines and IoT numbers are refused.
    return phone_error("a +86 number must be an 11-digit mainland mobile 1[3-9]xxxxxxxxx");
  }
  if (is_e164(international)) return PhoneInfo{international, false};
  return phone_error("not a mainland mobile (1[3-9] and 9 digits) or an E.164 number (+country…)");
}

Result<std::string> check_email(std::string_view input) {
  const std::optional<std::string> folded = detail::nfkc(input);
  if (!folded) return Status::refused("email.format", "the address is not valid UTF-8");
  const std::string_view address = detail::trim_ascii(*folded);
  if (address.size() > kEmailMaxLength) {
    return Status::refused("email.format", "the address is longer than 254 octets");
  }
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos) {
    return Status::refused("email.format", "the address has no '@'");
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (!is_valid_local_part(local)) {
    return Status::refused(
        "email.format", "the part before '@' must be 1-64 letters, digits or .!#$%&'*+/=?^_`{|}~-");
  }
  if (!is_valid_domain(domain)) {
    return Status::refused(
        "email.format", "the domain must be dot-separated labels of letters, digits and hyphens");
  }
  std::string canonical(local);
  canonical += '@';
  for (const char c : domain) {
    canonical += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return canonical;
}

}  // namespace ciie::codes
