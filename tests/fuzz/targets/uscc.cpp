// Fuzz target "uscc": the same bytes through check_uscc, check_org_code and
// check_registration_number. Properties: a refusal is kRefused with a listed key of the checker's
// own family; an accepted code is canonical (upper-case ASCII from the alphabet, the check
// characters recomputed agree), is a fixed point (checking the canonical form accepts it again,
// unchanged), and its parts (division, province, org code) are the code's own characters.
#include <string>

#include "ciie/codes.hpp"
#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "uscc";
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool all_of(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

bool is_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void check_normalize(std::string_view input) {
  const std::string once = codes::normalize(input);
  // Removing spaces and hyphens can bring combining marks next to letters, so NFKC need not be
  // idempotent on arbitrary text; on the ASCII results the checkers accept, it must be.
  if (is_ascii(once)) {
    require(codes::normalize(once) == once, kName, "normalize is not idempotent on \"" + once + "\"");
  }
}

void check_uscc(std::string_view input) {
  const Result<codes::UsccInfo> checked = codes::check_uscc(input);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "uscc.");
    return;
  }
  const codes::UsccInfo& info = *checked;
  const std::string& code = info.code;
  require(code.size() == 18 && all_of(code, kUsccAlphabet), kName,
          "accepted USCC is not 18 characters of the alphabet: " + code);
  require(codes::uscc_check_char(std::string_view(code).substr(0, 17)) == code[17], kName,
          "accepted USCC " + code + " fails its own check character");
  require(info.authority == code[0] && info.category == code[1], kName,
          "authority/category are not positions 1-2 of " + code);
  require(info.division == code.substr(2, 6) && info.province == code.substr(2, 2), kName,
          "division/province are not positions 3-8 of " + code);
  require(info.org_code == code.substr(8, 8) + "-" + code.substr(16, 1), kName,
          "org_code is not positions 9-17 of " + code + ": " + info.org_code);
  const Result<std::string> org = codes::check_org_code(info.org_code);
  require(org.is_ok() && *org == info.org_code, kName,
          "the org code embedded in accepted USCC " + code + " does not check");
  const Result<codes::UsccInfo> again = codes::check_uscc(code);
  require(again.is_ok() && again->code == code && again->warnings.size() == info.warnings.size(),
          kName, "the canonical USCC " + code + " does not check the same way again");
  for (const codes::Warning& warning : info.warnings) {
    require(warning.reason == "uscc.unknown_category" || warning.reason == "uscc.unknown_division",
            kName, "unlisted warning " + warning.reason);
  }
}

void check_org_code(std::string_view input) {
  const Result<std::string> checked = codes::check_org_code(input);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "org_code.");
    return;
  }
  const std::string& code = *checked;
  require(code.size() == 10 && code[8] == '-', kName, "org code not XXXXXXXX-X: " + code);
  require(codes::org_code_check_char(std::string_view(code).substr(0, 8)) == code[9], kName,
          "accepted org code " + code + " fails its own check character");
  const Result<std::string> again = codes::check_org_code(code);
  require(again.is_ok() && *again == code, kName, "org code " + code + " is not a fixed point");
}

void check_registration_number(std::string_view input) {
  const Result<std::string> checked = codes::check_registration_number(input);
  if (!checked) {
    require_refusal(checked.status(), Code::kRefused, kName, "regno.");
    return;
  }
  const std::string& number = *checked;
  require(number.size() == 15 && all_of(number, "0123456789"), kName,
          "registration number is not 15 digits: " + number);
  const Result<std::string> again = codes::check_registration_number(number);
  require(again.is_ok() && *again == number, kName,
          "registration number " + number + " is not a fixed point");
}

}  // namespace

int fuzz_uscc(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = as_text(data, size);
  check_normalize(input);
  check_uscc(input);
  check_org_code(input);
  check_registration_number(input);
  return 0;
}

}  // namespace ciie::fuzz
