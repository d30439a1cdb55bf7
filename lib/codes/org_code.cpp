// GB 11714-1997 organisation codes (组织机构代码): 8 characters and a mod-11 check character. They
// stand alone on old certificates and sit in positions 9–17 of every USCC.
#include <array>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"

namespace ciie::codes {
namespace {

constexpr std::size_t kOrgCodeLength = 9;
constexpr std::array<int, 8> kOrgCodeWeights = {3, 7, 9, 10, 5, 8, 4, 2};

}  // namespace

char org_code_check_char(std::string_view first8) {
  int sum = 0;
  for (std::size_t i = 0; i < kOrgCodeWeights.size(); ++i) {
    sum += detail::alnum_value(first8[i]) * kOrgCodeWeights[i];
  }
  // 11 − (Σ mod 11), where 10 is written X and 11 is written 0.
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

Result<std::string> check_org_code(std::string_view input) {
  const std::string code = normalize(input);
  if (detail::code_point_count(code) != kOrgCodeLength) {
    return Status::refused("org_code.length", "an organisation code has 9 characters, not " +
                                                  std::to_string(detail::code_point_count(code)));
  }
  for (std::size_t i = 0; i + 1 < kOrgCodeLength; ++i) {
    if (detail::alnum_value(code[i]) < 0) {
      return Status::refused("org_code.alphabet", "character " + std::to_string(i + 1) +
                                                      " must be a digit or a capital letter");
    }
  }
  const char check = code[kOrgCodeLength - 1];
  if (!detail::is_digit(check) && check != 'X') {
    return Status::refused("org_code.alphabet", "the check character must be a digit or X");
  }
  const char expected = org_code_check_char(code);
  if (check != expected) {
    return Status::refused("org_code.checksum",
                           std::string("the check character should be ") + expected);
  }
  return code.substr(0, kOrgCodeLength - 1) + "-" + check;
}

}  // namespace ciie::codes
