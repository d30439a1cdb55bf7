// Referral codes (REF-1): the check character on hand-computed vectors, normalisation, the
// look-alike-free alphabet, and the detection property for every single substitution and every
// adjacent or jump transposition of generated codes.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ciie/referral.hpp"
#include "support/mutations.hpp"

namespace {

using ciie::test::transpositions;

std::vector<std::string> substitutions(const std::string& code) {
  return ciie::test::substitutions(code, ciie::kReferralAlphabet);
}

}  // namespace

TEST_CASE("referral: check character of hand-computed vectors", "[referral]") {
  // Weights of positions 1..8: 3^8..3^1 mod 31 = 20 17 16 26 19 27 9 3; the check has weight 1.
  // Values: '2'..'9' are 0..7, 'A' 8, 'B' 9, 'C' 10, … 'H' 15, 'J' 16, … 'Q' 21, … 'Z' 30.
  struct Case {
    const char* body;
    char check;
  };
  const Case cases[] = {
      // All values 0: sum 0, check value 0 = '2'.
      {"22222222", '2'},
      // 0·20 + 1·17 + 2·16 + 3·26 + 4·19 + 5·27 + 6·9 + 7·3 = 413 = 13·31 + 10;
      // check 31−10 = 21 'Q'.
      {"23456789", 'Q'},
      // 8·20 + 9·17 + 10·16 + 11·26 + 12·19 + 13·27 + 14·9 + 15·3 = 1509 = 48·31 + 21;
      // check 31−21 = 10 'C'.
      {"ABCDEFGH", 'C'},
      // 30 ≡ −1, so the sum ≡ −(20+17+16+26+19+27+9+3) = −137 ≡ −13; check 13 'F'.
      {"ZZZZZZZZ", 'F'},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    CHECK(ciie::referral_check_char(c.body) == c.check);
    const std::string code = std::string(c.body) + c.check;
    const auto checked = ciie::check_referral_code(code);
    REQUIRE(checked.is_ok());
    CHECK(*checked == code);
  }
}

TEST_CASE("referral: lower case, spaces, hyphens and full-width forms are accepted", "[referral]") {
  for (const char* input :
       {"abcd-efgh-c", "ABCD EFGH C", "  abcdefghc\t", "AbCd-EfGh-C", "ＡＢＣＤ－ＥＦＧＨ－Ｃ"}) {
    INFO(input);
    const auto checked = ciie::check_referral_code(input);
    REQUIRE(checked.is_ok());
    CHECK(*checked == "ABCDEFGHC");
  }
}

TEST_CASE("referral: wrong length and characters outside the alphabet are referral.format",
          "[referral]") {
  for (const char* input : {"", "ABCDEFGH", "ABCDEFGHCC", "ABCD-EFGH", "ABCDEFGH号"}) {
    INFO(input);
    const auto checked = ciie::check_referral_code(input);
    REQUIRE_FALSE(checked.is_ok());
    CHECK(checked.status().reason() == "referral.format");
    CHECK(checked.status().code() == ciie::Code::kRefused);
  }
  // The look-alikes 0, 1, I, L, O (and their lower case) are not in the alphabet.
  for (const char* input : {"0BCDEFGHC", "A1CDEFGHC", "ABIDEFGHC", "ABCLEFGHC", "ABCDOFGHC",
                            "abcdefghl", "abcdefgho", "ABCD_EFGH", "ABCDEFG号C"}) {
    INFO(input);
    const auto checked = ciie::check_referral_code(input);
    REQUIRE_FALSE(checked.is_ok());
    CHECK(checked.status().reason() == "referral.format");
  }
}

TEST_CASE("referral: a wrong check character is referral.checksum", "[referral]") {
  const auto checked = ciie::check_referral_code("ABCDEFGHD");
  REQUIRE_FALSE(checked.is_ok());
  CHECK(checked.status().reason() == "referral.checksum");
}

TEST_CASE("referral: every substitution and adjacent or jump transposition is caught",
          "[referral]") {
  for (int n = 0; n < 200; ++n) {
    const std::string code = ciie::generate_referral_code();
    INFO(code);
    REQUIRE(ciie::check_referral_code(code).is_ok());
    for (const std::string& changed : substitutions(code)) {
      INFO(changed);
      const auto checked = ciie::check_referral_code(changed);
      REQUIRE_FALSE(checked.is_ok());
      REQUIRE(checked.status().reason() == "referral.checksum");
    }
    for (const std::string& swapped : transpositions(code)) {
      INFO(swapped);
      const auto checked = ciie::check_referral_code(swapped);
      REQUIRE_FALSE(checked.is_ok());
      REQUIRE(checked.status().reason() == "referral.checksum");
    }
  }
}

TEST_CASE("referral: generated codes are valid, canonical and distinct", "[referral]") {
  constexpr int kCount = 10'000;
  std::set<std::string> seen;
  for (int n = 0; n < kCount; ++n) {
    const std::string code = ciie::generate_referral_code();
    REQUIRE(code.size() == ciie::kReferralCodeLength);
    const auto checked = ciie::check_referral_code(code);
    REQUIRE(checked.is_ok());
    REQUIRE(*checked == code);
    seen.insert(code);
  }
  // 31^8 ≈ 8.5·10^11 bodies: a repeat among 10,000 has probability about 6·10^-5.
  CHECK(seen.size() == static_cast<std::size_t>(kCount));
}
