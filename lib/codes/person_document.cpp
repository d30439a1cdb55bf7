// check_document(): normalises the number and dispatches on the kind the caller gave (never
// guessed, domain §2), plus the travel documents that carry no check digit: HK/Macao and Taiwan
// travel permits and passports, which are checked for shape and reduced to a lifelong key.
#include <array>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"
#include "codes/resident_id.hpp"

namespace ciie::codes {
namespace {

struct KindName {
  DocumentKind kind;
  std::string_view name;
};
constexpr std::array<KindName, 6> kKindNames = {{
    {DocumentKind::kCnId, "cn_id"},
    {DocumentKind::kHmtResidence, "hmt_residence"},
    {DocumentKind::kFpr, "fpr"},
    {DocumentKind::kHkMoPermit, "hk_mo_permit"},
    {DocumentKind::kTwPermit, "tw_permit"},
    {DocumentKind::kPassport, "passport"},
}};

// 回乡证: H (Hong Kong) or M (Macao), an 8-digit lifelong number, then an optional 2-digit renewal
// count. The key drops the count, so a renewed permit is still the same person.
constexpr std::size_t kHkMoKeyLength = 9, kHkMoLongLength = 11;
// 台胞证: 8 lifelong digits, then on old booklets a 2-digit issue count and sometimes "(X)".
constexpr std::size_t kTwKeyLength = 8, kTwLongLength = 10;
// ICAO 9303 document numbers hold at most 9 characters; shorter than 5 is not a passport.
constexpr std::size_t kPassportMinLength = 5, kPassportMaxLength = 9;

DocumentInfo shape_only(DocumentKind kind, std::string number, std::size_t key_length) {
  DocumentInfo info;
  info.kind = kind;
  info.key = number.substr(0, key_length);
  info.number = std::move(number);
  return info;
}

Result<DocumentInfo> check_hk_mo_permit(std::string number) {
  const std::size_t length = detail::code_point_count(number);
  if (length != kHkMoKeyLength && length != kHkMoLongLength) {
    return Status::refused("id.length", "an HK/Macao permit number has 9 or 11 characters, not " +
                                            std::to_string(length));
  }
  if ((number[0] != 'H' && number[0] != 'M') || !detail::all_digits(number.substr(1))) {
    return Status::refused("id.format", "an HK/Macao permit number is H or M followed by digits");
  }
  return shape_only(DocumentKind::kHkMoPermit, std::move(number), kHkMoKeyLength);
}

// Drops a trailing parenthesised issuing-office code: "1234567801(B)" → "1234567801".
std::string without_office_suffix(std::string number) {
  if (!number.empty() && number.back() == ')') {
    const std::size_t open = number.rfind('(');
    if (open != std::string::npos) number.erase(open);
  }
  return number;
}

Result<DocumentInfo> check_tw_permit(std::string number) {
  number = without_office_suffix(std::move(number));
  const std::size_t length = detail::code_point_count(number);
  if (length != kTwKeyLength && length != kTwLongLength) {
    return Status::refused(
        "id.length", "a Taiwan permit number has 8 or 10 digits, not " + std::to_string(length));
  }
  if (!detail::all_digits(number)) {
    return Status::refused("id.format", "a Taiwan permit number has digits only");
  }
  return shape_only(DocumentKind::kTwPermit, std::move(number), kTwKeyLength);
}

Result<DocumentInfo> check_passport(std::string number) {
  const std::size_t length = detail::code_point_count(number);
  if (length < kPassportMinLength || length > kPassportMaxLength) {
    return Status::refused(
        "id.length", "a passport number has 5 to 9 characters, not " + std::to_string(length));
  }
  for (const char c : number) {
    if (!detail::is_digit(c) && !detail::is_upper(c)) {
      return Status::refused("id.format", "a passport number has letters A-Z and digits only");
    }
  }
  // A passport number changes on renewal; the key is the number as it stands.
  return shape_only(DocumentKind::kPassport, std::move(number), kPassportMaxLength);
}

}  // namespace

std::string_view to_string(DocumentKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

std::optional<DocumentKind> parse_document_kind(std::string_view text) {
  for (const KindName& k : kKindNames) {
    if (k.name == text) return k.kind;
  }
  return std::nullopt;
}

Result<DocumentInfo> check_document(DocumentKind kind, std::string_view input, const Date& today) {
  std::string number = normalize(input);
  switch (kind) {
    case DocumentKind::kCnId:
      return detail::check_cn_id(std::move(number), today);
    case DocumentKind::kHmtResidence:
      return detail::check_hmt_residence(std::move(number), today);
    case DocumentKind::kFpr:
      return detail::check_fpr(std::move(number), today);
    case DocumentKind::kHkMoPermit:
      return check_hk_mo_permit(std::move(number));
    case DocumentKind::kTwPermit:
      return check_tw_permit(std::move(number));
    case DocumentKind::kPassport:
      return check_passport(std::move(number));
  }
  return Status::internal("unhandled document kind");
}

}  // namespace ciie::codes
