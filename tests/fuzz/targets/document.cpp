// Fuzz target "document": the first byte picks the document kind and the day judged as "today",
// the rest is the number. Properties: a refusal is kRefused with a listed id.* key; an accepted
// number is a fixed point (checking it again gives the same number, key, birth date and sex), its
// key is a prefix of it, an 18-digit mainland ID carries a birth date not after today and a valid
// MOD 11-2 check character, and the mask never shows the middle of the number.
#include <array>
#include <string>

#include "ciie/codes.hpp"
#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "document";
constexpr std::array<codes::DocumentKind, 6> kKinds = {
    codes::DocumentKind::kCnId,      codes::DocumentKind::kHmtResidence,
    codes::DocumentKind::kFpr,       codes::DocumentKind::kHkMoPermit,
    codes::DocumentKind::kTwPermit,  codes::DocumentKind::kPassport};
// Today: an ordinary day, a leap day, and the first day the table's newest codes apply.
constexpr std::array<Date, 3> kToday = {Date{2026, 11, 5}, Date{2024, 2, 29}, Date{2000, 1, 1}};

void check_accepted(codes::DocumentKind kind, const codes::DocumentInfo& info, const Date& today) {
  const std::string& number = info.number;
  const std::string kind_name(codes::to_string(kind));
  require(info.kind == kind, kName, "kind changed for " + number);
  require(!number.empty() && number.starts_with(info.key) && !info.key.empty(), kName,
          kind_name + " key \"" + info.key + "\" is not a non-empty prefix of " + number);
  require(codes::parse_document_kind(kind_name) == kind, kName, "kind name does not parse back");
  if (info.birth_date) {
    require(info.birth_date->is_valid() && *info.birth_date <= today &&
                info.birth_date->year >= 1900,
            kName, kind_name + " " + number + " has birth date " + info.birth_date->to_string());
  }
  if (kind == codes::DocumentKind::kCnId) {
    require(number.size() == 18 && info.birth_date.has_value() && info.sex.has_value(), kName,
            "accepted cn_id " + number + " lacks 18 characters, a birth date or a sex");
    require(codes::mod11_2_check_char(std::string_view(number).substr(0, 17)) == number[17], kName,
            "accepted cn_id " + number + " fails its own check character");
    require(info.division == number.substr(0, 6), kName, "cn_id division is not positions 1-6");
  }
  const Result<codes::DocumentInfo> again = codes::check_document(kind, number, today);
  require(again.is_ok() && again->number == number && again->key == info.key &&
              again->birth_date == info.birth_date && again->sex == info.sex,
          kName, kind_name + " " + number + " does not check the same way again");
  const std::string masked = codes::mask_document(number);
  require(masked.find("*****") != std::string::npos && masked != number, kName,
          "mask of " + number + " is " + masked);
  for (const codes::Warning& warning : info.warnings) {
    require(warning.reason == "id.unknown_division", kName, "unlisted warning " + warning.reason);
  }
}

}  // namespace

int fuzz_document(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const codes::DocumentKind kind = kKinds[data[0] % kKinds.size()];
  const Date& today = kToday[(data[0] / kKinds.size()) % kToday.size()];
  const std::string_view input = as_text(data + 1, size - 1);
  const Result<codes::DocumentInfo> checked = codes::check_document(kind, input, today);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "id.");
    return 0;
  }
  check_accepted(kind, *checked, today);
  return 0;
}

}  // namespace ciie::fuzz
