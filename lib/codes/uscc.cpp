// Unified Social Credit Code (GB 32100-2015) checking. Hard checks run in a fixed order (length,
// alphabet, region, embedded organisation code, mod-31 check) so the reason is predictable; the
// authority/category pair and the division's presence in GB/T 2260 only ever warn.
#include <array>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"
#include "codes/uscc_categories.hpp"

namespace ciie::codes {
namespace {

constexpr std::size_t kUsccLength = 18;
constexpr int kUsccModulus = 31;
// w_i = 3^(i−1) mod 31 for positions 1–17 (GB 32100 §5; ISO 7064 MOD 31-3 style).
constexpr std::array<int, 17> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};
static_assert(
    [] {
      for (std::size_t i = 1; i < kUsccWeights.size(); ++i) {
        if (kUsccWeights[i] != kUsccWeights[i - 1] * 3 % kUsccModulus) return false;
      }
      return true;
    }(),
    "each weight is three times the previous one, which is what catches transpositions");

// Positions (0-based) of the parts of a USCC.
constexpr std::size_t kDivisionAt = 2, kDivisionLength = 6;
constexpr std::size_t kOrgCodeAt = 8, kOrgCodeBodyLength = 8;
constexpr std::size_t kOrgCheckAt = 16, kUsccCheckAt = 17;
// Positions 3–8 of a national-level registration; the only code with prefix 10.
constexpr std::string_view kNationalDivision = "100000";

std::string position_text(std::size_t index) { return "position " + std::to_string(index + 1); }

Status check_length(std::string_view code) {
  const std::size_t length = detail::code_point_count(code);
  if (length == kUsccLength) return Status::ok();
  return Status::refused("uscc.length", "a USCC has 18 characters, not " + std::to_string(length));
}

// REQUIRES: 18 code points. Afterwards the code is known to be 18 ASCII bytes.
Status check_alphabet(std::string_view code) {
  std::size_t index = 0;
  for (std::size_t at = 0; at < code.size(); at += detail::character_bytes(code, at)) {
    const char c = code[at];
    const auto byte = static_cast<unsigned char>(c);
    if (detail::uscc_value(c) < 0) {
      const std::string shown = byte < 0x80U ? std::string("'") + c + "'" : "a non-ASCII character";
      return Status::refused("uscc.alphabet", position_text(index) + " is " + shown +
                                                  "; a USCC uses 0-9 and A-Y without I, O, S, V")
          .with_detail("position", std::to_string(index + 1));
    }
    ++index;
  }
  return Status::ok();
}

Status check_region(std::string_view code) {
  const std::string_view division = code.substr(kDivisionAt, kDivisionLength);
  if (!detail::all_digits(division)) {
    return Status::refused("uscc.region", "positions 3-8 must be a 6-digit division code");
  }
  const int province = detail::two_digit_number(division);
  if (division == kNationalDivision || detail::is_mainland_province(province)) {
    return Status::ok();
  }
  return Status::refused("uscc.region", "division " + std::string(division) +
                                            " does not start with a mainland province code")
      .with_detail("division", std::string(division));
}

Status check_embedded_org_code(std::string_view code) {
  const char check = code[kOrgCheckAt];
  const char expected = org_code_check_char(code.substr(kOrgCodeAt, kOrgCodeBodyLength));
  if (check == expected) return Status::ok();
  return Status::refused("uscc.org_code",
                         "the organisation code in positions 9-17 fails its "
                         "GB 11714 check (position 17 should be " +
                             std::string(1, expected) + ")")
      .with_detail("expected", std::string(1, expected));
}

Status check_check_char(std::string_view code) {
  const char expected = uscc_check_char(code.substr(0, kUsccCheckAt));
  if (code[kUsccCheckAt] == expected) return Status::ok();
  return Status::refused("uscc.checksum", std::string("the check character should be ") + expected +
                                              ", not " + code[kUsccCheckAt])
      .with_detail("expected", std::string(1, expected));
}

// Fills the names and warnings of a code that passed every hard check.
UsccInfo describe(std::string code) {
  UsccInfo info;
  info.authority = code[0];
  info.category = code[1];
  const detail::CategoryNames names = detail::category_names(info.authority, info.category);
  info.authority_name = names.authority;
  info.category_name = names.category;
  if (names.category.empty()) {
    info.warnings.push_back({"uscc.unknown_category",
                             "authority/category " + code.substr(0, 2) + " is not in the table"});
  }
  info.division = code.substr(kDivisionAt, kDivisionLength);
  info.province = info.division.substr(0, 2);
  if (info.division != kNationalDivision) {
    info.division_name = division_full_name(info.division);
    if (info.division_name.empty()) {
      info.warnings.push_back({"uscc.unknown_division",
                               "division " + info.division + " is not in GB/T 2260 (1981 on)"});
    }
  }
  info.org_code = code.substr(kOrgCodeAt, kOrgCodeBodyLength) + "-" + code[kOrgCheckAt];
  info.code = std::move(code);
  return info;
}

}  // namespace

char uscc_check_char(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < kUsccWeights.size(); ++i) {
    sum += detail::uscc_value(first17[i]) * kUsccWeights[i];
  }
  // The weighted sum of all 18 values (weight 1 on the check) is ≡ 0 mod 31.
  return detail::kUsccAlphabet[static_cast<std::size_t>((kUsccModulus - sum % kUsccModulus) %
                                                        kUsccModulus)];
}

Result<UsccInfo> check_uscc(std::string_view input) {
  std::string code = normalize(input);
  CIIE_RETURN_IF_ERROR(check_length(code));
  CIIE_RETURN_IF_ERROR(check_alphabet(code));
  CIIE_RETURN_IF_ERROR(check_region(code));
  CIIE_RETURN_IF_ERROR(check_embedded_org_code(code));
  CIIE_RETURN_IF_ERROR(check_check_char(code));
  return describe(std::move(code));
}

}  // namespace ciie::codes
