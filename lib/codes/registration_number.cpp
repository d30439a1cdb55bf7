// The 15-digit business registration number (工商注册号, GS15-2006) printed on licences issued
// before the USCC: 6-digit authority code, 8-digit sequence and an ISO 7064 MOD 11,10 check digit.
#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"

namespace ciie::codes {
namespace {

constexpr std::size_t kRegistrationNumberLength = 15;

// ISO 7064 MOD 11,10 over all digits, check digit included: P starts at 10; for each digit
// S = (P + d) mod 10 (0 counts as 10) and P = 2·S mod 11. A number is valid when the final S is 1.
bool mod11_10_valid(std::string_view digits) {
  int product = 10;
  int sum = 0;
  for (const char c : digits) {
    sum = (product + (c - '0')) % 10;
    if (sum == 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return sum == 1;
}

}  // namespace

Result<std::string> check_registration_number(std::string_view input) {
  std::string number = normalize(input);
  const std::size_t length = detail::code_point_count(number);
  if (length != kRegistrationNumberLength) {
    return Status::refused("regno.length",
                           "a registration number has 15 digits, not " + std::to_string(length));
  }
  if (!detail::all_digits(number)) {
    return Status::refused("regno.format", "a registration number has digits only");
  }
  if (!mod11_10_valid(number)) {
    return Status::refused("regno.checksum", "the check digit does not match (ISO 7064 MOD 11,10)");
  }
  return number;
}

}  // namespace ciie::codes
