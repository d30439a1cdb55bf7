// Invalid UTF-8 in identifiers (found by the fuzz targets, tests/fuzz/regressions/): a stray
// continuation byte is a character of its own, so it can neither hide from a length check nor
// vanish from a mask.
#include <string>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"
#include "ciie/referral.hpp"

namespace codes = ciie::codes;

TEST_CASE("a stray continuation byte is counted, never skipped", "[codes][fuzz-found]") {
  // 18 ASCII characters of a valid USCC with one more byte, 0x8C, in the middle.
  const auto uscc = codes::check_uscc(std::string("81442300157\x8c") + "26726XG");
  REQUIRE_FALSE(uscc.is_ok());
  CHECK(uscc.status().reason() == "uscc.length");
  const std::string alphabet_case = std::string("9131011559169385\x8c") + "A";  // 18 characters
  CHECK(codes::check_uscc(alphabet_case).status().reason() == "uscc.alphabet");

  const ciie::Date today{2026, 11, 5};
  const auto id = codes::check_document(codes::DocumentKind::kCnId,
                                        std::string("110101200002290018") + "\xb7\xb7", today);
  REQUIRE_FALSE(id.is_ok());
  CHECK(id.status().reason() == "id.length");
  CHECK_FALSE(codes::check_org_code(std::string("60003734-1") + "\x80").is_ok());
  CHECK_FALSE(codes::check_registration_number(std::string("110108000000016") + "\xbf").is_ok());
  CHECK_FALSE(ciie::check_referral_code(std::string("\x80") + "23456789").is_ok());
}

TEST_CASE("masks of a lone continuation byte still mask", "[codes][fuzz-found]") {
  CHECK(codes::mask_document("\x97") == "*****");
  CHECK(codes::mask_phone("\x97") == "****");
  CHECK(codes::mask_email("\x97").find("*******") != std::string::npos);
  // Valid UTF-8 counts as before: code points.
  CHECK(codes::mask_document("号码一二三四五六") == "号码*****五六");
}
