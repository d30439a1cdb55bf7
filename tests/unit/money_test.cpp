// Money: parsing, printing and checked arithmetic on integer fen.
#include "ciie/money.hpp"

#include <limits>

#include <catch2/catch.hpp>

using ciie::Money;

TEST_CASE("Money parses yuan text into fen", "[core][money]") {
  struct Case {
    const char* text;
    std::int64_t fen;
  };
  const Case cases[] = {{"200", 20000},
                        {"200.00", 20000},
                        {"200.5", 20050},
                        {"0.07", 7},
                        {"-3.07", -307},
                        {"+1.10", 110},
                        {"1,234.56", 123456},
                        {" 12.30 ", 1230},
                        {".5", 50},
                        {"0", 0},
                        {"92233720368547758.07", 9223372036854775807}};
  for (const Case& c : cases) {
    INFO(c.text);
    auto parsed = Money::parse(c.text);
    REQUIRE(parsed.is_ok());
    CHECK(parsed->fen() == c.fen);
  }
}

TEST_CASE("Money refuses what is not an amount", "[core][money]") {
  for (const char* text : {"", "abc", "1.234", "1.", "1e3", "12,", ",12", "1,,2", "--1", "1 2",
                           "NaN", "0x10", "１２"}) {
    INFO(text);
    auto parsed = Money::parse(text);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().reason() == "money.format");
  }
  CHECK(Money::parse("92233720368547758.08").status().reason() == "money.overflow");
  CHECK(Money::parse("99999999999999999999").status().reason() == "money.overflow");
}

TEST_CASE("Money prints two decimals and round-trips", "[core][money]") {
  CHECK(Money::from_fen(20000).to_string() == "200.00");
  CHECK(Money::from_fen(7).to_string() == "0.07");
  CHECK(Money::from_fen(-307).to_string() == "-3.07");
  CHECK(Money::from_fen(0).to_string() == "0.00");
  CHECK(Money::from_fen(std::numeric_limits<std::int64_t>::min()).to_string() ==
        "-92233720368547758.08");
  for (std::int64_t fen : {0LL, 1LL, 99LL, 100LL, 123456789LL, -5LL, -100LL}) {
    CHECK(Money::parse(Money::from_fen(fen).to_string())->fen() == fen);
  }
}

TEST_CASE("Money arithmetic is checked", "[core][money]") {
  const Money max = Money::from_fen(std::numeric_limits<std::int64_t>::max());
  CHECK(Money::from_fen(150).plus(Money::from_fen(50))->fen() == 200);
  CHECK(Money::from_fen(150).minus(Money::from_fen(200))->fen() == -50);
  CHECK(Money::from_fen(20000).times(3)->fen() == 60000);
  CHECK(max.plus(Money::from_fen(1)).status().reason() == "money.overflow");
  CHECK(Money::from_fen(std::numeric_limits<std::int64_t>::min())
            .minus(Money::from_fen(1))
            .status()
            .reason() == "money.overflow");
  CHECK(max.times(2).status().reason() == "money.overflow");
  CHECK(Money::from_fen(1) < Money::from_fen(2));
  static_assert(!std::is_constructible_v<Money, double>, "no money from a double");
}
