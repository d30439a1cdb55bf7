// Fuzz target "contact": the same bytes through check_phone, check_email and the three masks.
// Properties: refusals are kRefused phone.format / email.format; an accepted phone is 11 mainland
// digits starting with 1, or E.164 ('+' and 8–15 digits), and a fixed point; an accepted e-mail
// has one '@', at most 254 octets (64 in the local part), a lower-case domain, and is a fixed
// point; a mask of any non-empty text holds its run of asterisks, keeps valid UTF-8 valid (it
// never cuts a character), and a canonical phone or e-mail is masked in the documented form.
#include <string>

#include "ciie/codes.hpp"
#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "contact";

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

void check_phone(std::string_view input) {
  const Result<codes::PhoneInfo> checked = codes::check_phone(input);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "phone.");
    return;
  }
  const std::string& number = checked->number;
  if (checked->mainland) {
    require(number.size() == 11 && number[0] == '1' && all_digits(number), kName,
            "mainland phone is not 1 and 10 digits: " + number);
  } else {
    require(number.size() >= 2 && number[0] == '+' && all_digits(number.substr(1)) &&
                number.size() <= 16,
            kName, "phone is not E.164: " + number);
  }
  const Result<codes::PhoneInfo> again = codes::check_phone(number);
  require(again.is_ok() && again->number == number && again->mainland == checked->mainland, kName,
          "phone " + number + " is not a fixed point");
  const std::string masked = codes::mask_phone(number);
  require(masked.find("****") != std::string::npos && masked != number, kName,
          "mask of phone " + number + " is " + masked);
}

void check_email(std::string_view input) {
  const Result<std::string> checked = codes::check_email(input);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "email.");
    return;
  }
  const std::string& email = *checked;
  const std::size_t at = email.find('@');
  require(at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
              at + 1 < email.size(),
          kName, "e-mail without exactly one '@' between parts: " + email);
  require(email.size() <= 254 && at <= 64, kName, "e-mail over the length limits: " + email);
  for (std::size_t i = at + 1; i < email.size(); ++i) {
    require(!(email[i] >= 'A' && email[i] <= 'Z'), kName, "domain not lower-case: " + email);
  }
  const Result<std::string> again = codes::check_email(email);
  require(again.is_ok() && *again == email, kName, "e-mail " + email + " is not a fixed point");
  const std::string masked = codes::mask_email(email);
  // The documented form exactly (an address may itself look masked: "L*******@x.cn").
  require(masked == email.substr(0, 1) + "*******" + email.substr(at), kName,
          "mask of e-mail " + email + " is " + masked);
}

void check_masks(std::string_view input) {
  const bool valid = is_utf8(input);
  const std::string masks[] = {codes::mask_document(input), codes::mask_phone(input),
                               codes::mask_email(input)};
  for (const std::string& masked : masks) {
    require(input.empty() == masked.empty(), kName, "a mask is empty iff its input is");
    if (input.empty()) continue;
    require(masked.find("****") != std::string::npos, kName, "a mask without asterisks");
    if (valid) require(is_utf8(masked), kName, "a mask cut a UTF-8 character in half");
  }
}

}  // namespace

int fuzz_contact(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = as_text(data, size);
  check_phone(input);
  check_email(input);
  check_masks(input);
  return 0;
}

}  // namespace ciie::fuzz
