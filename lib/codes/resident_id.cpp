// GB 11643-1999 numbers: the mainland citizen ID (cn_id), the HK/Macao/Taiwan residence permit
// (hmt_residence) and the 2023 foreign permanent-resident card (fpr). They share the 18-character
// shape, the birth date in positions 7–14, sex in position 17 and the ISO 7064 MOD 11-2 check.
#include "codes/resident_id.hpp"

#include <algorithm>
#include <array>

#include "codes/alphabet.hpp"

namespace ciie::codes::detail {
namespace {

constexpr std::size_t kIdLength = 18;
constexpr std::size_t kFirstGenerationLength = 15;  // GB 11643-1989, invalid since 2013
constexpr std::size_t kDivisionLength = 6;
constexpr std::size_t kBirthDateAt = 6;
constexpr std::size_t kSexAt = 16;
constexpr std::size_t kCheckAt = 17;
// Business rule (china-rules §2.1): nobody registering was born before 1900.
constexpr int kMinBirthYear = 1900;

// The residence-permit address codes (国办发〔2018〕81号). 830000 is used only here: GB/T 2260
// codes Taiwan as 710000, which is therefore refused as a permit prefix.
struct PermitRegion {
  std::string_view code;
  std::string_view name;
};
constexpr std::array<PermitRegion, 3> kPermitRegions = {{
    {"810000", "香港特别行政区"},
    {"820000", "澳门特别行政区"},
    {"830000", "台湾地区"},
}};

// 2023 FPR layout: '9', 2-digit accepting province, 3-digit ISO 3166 nationality, then as GB 11643.
constexpr char kFprLeadDigit = '9';
constexpr std::size_t kFprProvinceAt = 1, kFprNationalityAt = 3;
constexpr std::size_t kOldFprLetters = 3;  // 2004/2017 editions: [A-Z]{3}[0-9]{12}

constexpr bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int number_at(std::string_view digits, std::size_t at, std::size_t length) {
  int value = 0;
  for (const char c : digits.substr(at, length)) value = value * 10 + (c - '0');
  return value;
}

Status length_error(std::size_t expected, std::string_view number) {
  return Status::refused("id.length", "the number has " + std::to_string(expected) +
                                          " characters, not " +
                                          std::to_string(code_point_count(number)));
}

// 17 digits and a digit or X. REQUIRES: 18 code points.
Status check_shape(std::string_view number) {
  if (all_digits(number.substr(0, kCheckAt)) &&
      (is_digit(number[kCheckAt]) || number[kCheckAt] == 'X')) {
    return Status::ok();
  }
  return Status::refused("id.format", "the number is 17 digits and a final digit or X");
}

// Positions 7–14 as a real Gregorian date in [1900-01-01, today]. REQUIRES: a valid shape.
Result<Date> birth_date_of(std::string_view number, const Date& today) {
  const Date date{number_at(number, kBirthDateAt, 4), number_at(number, kBirthDateAt + 4, 2),
                  number_at(number, kBirthDateAt + 6, 2)};
  const std::string text(number.substr(kBirthDateAt, 8));
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > days_in_month(date.year, date.month)) {
    return Status::refused("id.birth_date", "birth date " + text + " is not a calendar date");
  }
  if (date.year < kMinBirthYear) {
    return Status::refused("id.birth_date", "birth date " + text + " is before 1900");
  }
  if (date > today) {
    return Status::refused("id.birth_date", "birth date " + text + " is in the future");
  }
  return date;
}

Status check_mod11_2(std::string_view number) {
  const char expected = mod11_2_check_char(number.substr(0, kCheckAt));
  if (number[kCheckAt] == expected) return Status::ok();
  return Status::refused("id.checksum", std::string("the check character should be ") + expected)
      .with_detail("expected", std::string(1, expected));
}

// The fields every GB 11643 number yields once its checks passed.
DocumentInfo describe(DocumentKind kind, std::string number, const Date& birth) {
  DocumentInfo info;
  info.kind = kind;
  info.birth_date = birth;
  info.sex = (number[kSexAt] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  info.key = number;
  info.number = std::move(number);
  return info;
}

// A 15-digit first-generation number is recognisable and gets its own reason.
Status check_cn_id_length(std::string_view number) {
  const std::size_t length = code_point_count(number);
  if (length == kFirstGenerationLength && all_digits(number)) {
    return Status::refused("id.obsolete",
                           "15-digit first-generation ID numbers are no longer valid (since 2013)");
  }
  if (length != kIdLength) return length_error(kIdLength, number);
  return Status::ok();
}

Result<DocumentInfo> check_new_fpr(std::string number, const Date& today) {
  CIIE_RETURN_IF_ERROR(check_shape(number));
  if (number[0] != kFprLeadDigit) {
    return Status::refused("id.format", "a 2023 permanent-resident number starts with 9");
  }
  const int province = number_at(number, kFprProvinceAt, 2);
  if (!is_mainland_province(province)) {
    return Status::refused("id.region", "positions 2-3 (" + number.substr(kFprProvinceAt, 2) +
                                            ") are not a mainland province");
  }
  const int nationality = number_at(number, kFprNationalityAt, 3);
  if (!is_nationality_code(nationality)) {
    return Status::refused("id.region", "positions 4-6 (" + number.substr(kFprNationalityAt, 3) +
                                            ") are not an ISO 3166 country code");
  }
  CIIE_ASSIGN_OR_RETURN(const Date birth, birth_date_of(number, today));
  CIIE_RETURN_IF_ERROR(check_mod11_2(number));
  return describe(DocumentKind::kFpr, std::move(number), birth);
}

// The 2004/2017 15-character cards: shape only, since no official check rule was found.
Result<DocumentInfo> check_old_fpr(std::string number) {
  const bool shape = number.size() == kFirstGenerationLength &&
                     std::all_of(number.begin(), number.begin() + kOldFprLetters, is_upper) &&
                     all_digits(std::string_view(number).substr(kOldFprLetters));
  if (!shape) {
    return Status::refused("id.format",
                           "a 15-character permanent-resident number is 3 letters "
                           "and 12 digits");
  }
  DocumentInfo info;
  info.kind = DocumentKind::kFpr;
  info.key = number;
  info.number = std::move(number);
  return info;
}

}  // namespace

Result<DocumentInfo> check_cn_id(std::string number, const Date& today) {
  CIIE_RETURN_IF_ERROR(check_cn_id_length(number));
  CIIE_RETURN_IF_ERROR(check_shape(number));
  const std::string division = number.substr(0, kDivisionLength);
  if (!is_mainland_province(two_digit_number(division))) {
    return Status::refused(
        "id.region", "address code " + division + " does not start with a mainland province code");
  }
  CIIE_ASSIGN_OR_RETURN(const Date birth, birth_date_of(number, today));
  CIIE_RETURN_IF_ERROR(check_mod11_2(number));

  DocumentInfo info = describe(DocumentKind::kCnId, std::move(number), birth);
  info.division = division;
  info.division_name = division_full_name(division);
  // The address code is the one in force when the number was assigned, some time between birth
  // and today; a code never in use in that span is worth a look but is not proof of a forgery.
  if (!division_in_use_between(division, birth.year, today.year)) {
    info.warnings.push_back({"id.unknown_division", "address code " + division +
                                                        " was not in use in GB/T 2260 between " +
                                                        std::to_string(birth.year) + " and " +
                                                        std::to_string(today.year)});
  }
  return info;
}

Result<DocumentInfo> check_hmt_residence(std::string number, const Date& today) {
  if (code_point_count(number) != kIdLength) return length_error(kIdLength, number);
  CIIE_RETURN_IF_ERROR(check_shape(number));
  const std::string prefix = number.substr(0, kDivisionLength);
  const auto region = std::find_if(kPermitRegions.begin(), kPermitRegions.end(),
                                   [&](const PermitRegion& r) { return r.code == prefix; });
  if (region == kPermitRegions.end()) {
    return Status::refused("id.region",
                           "a residence permit starts with 810000, 820000 or "
                           "830000, not " +
                               prefix);
  }
  CIIE_ASSIGN_OR_RETURN(const Date birth, birth_date_of(number, today));
  CIIE_RETURN_IF_ERROR(check_mod11_2(number));

  DocumentInfo info = describe(DocumentKind::kHmtResidence, std::move(number), birth);
  info.division = prefix;
  info.division_name = region->name;
  return info;
}

Result<DocumentInfo> check_fpr(std::string number, const Date& today) {
  const std::size_t length = code_point_count(number);
  if (length == kIdLength) return check_new_fpr(std::move(number), today);
  if (length == kFirstGenerationLength) return check_old_fpr(std::move(number));
  return Status::refused("id.length",
                         "a permanent-resident number has 18 characters (15 on "
                         "cards before 2023), not " +
                             std::to_string(length));
}

}  // namespace ciie::codes::detail

namespace ciie::codes {

char mod11_2_check_char(std::string_view first17) {
  // Weights 2^(18−i) mod 11 for positions 1–17; the remainder indexes "10X98765432".
  constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  constexpr std::string_view kCheckChars = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

}  // namespace ciie::codes
