// Masking of identifiers for listings and logs (domain §2). Each kind keeps a short head and tail
// and puts a fixed-width run of asterisks in between, so a masked value never shows its length.
#include <array>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"

namespace ciie::codes {
namespace {

// The seed's own examples: "440883*****2977" (document) and "138****5678" (phone).
constexpr std::string_view kDocumentStars = "*****";
constexpr std::string_view kPhoneStars = "****";
constexpr std::string_view kEmailStars = "*******";
// Long numbers (ID numbers, 15/18 characters) keep the 6-digit address code and the last 4.
constexpr std::size_t kLongDocumentLength = 15;
constexpr std::size_t kLongDocumentHead = 6, kDocumentTail = 4;
constexpr std::size_t kShortDocumentMinLength = 5;  // shorter ones are hidden entirely
constexpr std::size_t kMainlandPhoneLength = 11, kPhoneHead = 3, kPhoneTail = 4;

// The byte offset of code point `index` in UTF-8 text (text.size() when past the end), so that
// masking never cuts a multi-byte character in half.
std::size_t byte_offset(std::string_view text, std::size_t index) {
  std::size_t at = 0;
  for (std::size_t seen = 0; at < text.size() && seen < index; ++seen) {
    at += detail::character_bytes(text, at);
  }
  return at;
}

// The first `head` and last `tail` code points with `stars` between. REQUIRES: head + tail <
// length.
std::string keep_ends(std::string_view text, std::size_t head, std::size_t tail,
                      std::string_view stars) {
  const std::size_t length = detail::code_point_count(text);
  std::string out(text.substr(0, byte_offset(text, head)));
  out += stars;
  out += text.substr(byte_offset(text, length - tail));
  return out;
}

// The length of the ITU country code at the start of an E.164 number's digits: 1 and 7 are one
// digit, the 2-digit codes are listed, every other code has 3 digits (the plan is prefix-free).
std::size_t country_code_length(std::string_view digits) {
  constexpr std::array<std::string_view, 44> kTwoDigitCodes = {
      "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
      "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
      "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
  if (digits.starts_with('1') || digits.starts_with('7')) return 1;
  for (const std::string_view code : kTwoDigitCodes) {
    if (digits.starts_with(code)) return 2;
  }
  return 3;
}

}  // namespace

std::string mask_document(std::string_view number) {
  const std::size_t length = detail::code_point_count(number);
  if (length == 0) return {};
  if (length >= kLongDocumentLength) {
    return keep_ends(number, kLongDocumentHead, kDocumentTail, kDocumentStars);
  }
  if (length < kShortDocumentMinLength) return std::string(kDocumentStars);
  const std::size_t quarter = length / 4;
  return keep_ends(number, quarter, quarter, kDocumentStars);
}

std::string mask_phone(std::string_view number) {
  if (number.empty()) return {};
  if (number.size() == kMainlandPhoneLength && detail::all_digits(number)) {
    return keep_ends(number, kPhoneHead, kPhoneTail, kPhoneStars);
  }
  if (number.starts_with('+') && detail::all_digits(number.substr(1))) {
    const std::size_t head = 1 + country_code_length(number.substr(1));
    if (number.size() <= head + kPhoneTail)
      return std::string(number.substr(0, head)) += kPhoneStars;
    return keep_ends(number, head, kPhoneTail, kPhoneStars);
  }
  // Not a canonical number (check_phone() output): keep as little as the mainland rule does.
  if (detail::code_point_count(number) > kPhoneHead + kPhoneTail) {
    return keep_ends(number, kPhoneHead, kPhoneTail, kPhoneStars);
  }
  return std::string(kPhoneStars);
}

std::string mask_email(std::string_view email) {
  if (email.empty()) return {};
  const std::size_t at = email.rfind('@');
  const std::string_view local = email.substr(0, at);
  std::string out(local.substr(0, byte_offset(local, 1)));
  out += kEmailStars;
  if (at != std::string_view::npos) out += email.substr(at);
  return out;
}

}  // namespace ciie::codes
