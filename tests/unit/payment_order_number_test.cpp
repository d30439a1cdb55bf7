// Order numbers (ORD-2): the exact format, random serials, and finding numbers in the remark of a
// bank transfer (PAY-3) despite spaces, full-width forms and look-alike letters.
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "payment/order_number.hpp"

using ciie::Instant;
using ciie::payment::find_order_numbers;
using ciie::payment::format_order_number;
using ciie::payment::is_order_number;
using ciie::payment::new_order_number;

namespace {

constexpr const char* kNumber = "V20241001123000123456789";
constexpr const char* kOther = "V20241002090000000000001";

}  // namespace

TEST_CASE("order numbers are V, the Shanghai time and a 9-digit serial",
          "[payment][order_number]") {
  const Instant at = Instant::parse("2021-05-07T11:42:59+08:00").value();
  CHECK(format_order_number("V", at, 654822001) == "V20210507114259654822001");
  CHECK(format_order_number("V", at, 0) == "V20210507114259000000000");
  CHECK(format_order_number("V", at, 999'999'999) == "V20210507114259999999999");
  // The same instant written in UTC gives the Shanghai wall time.
  CHECK(format_order_number("V", Instant::parse("2021-05-06T16:30:00Z").value(), 7) ==
        "V20210507003000000000007");
  CHECK(format_order_number("T-", at, 1) == "T-20210507114259000000001");
}

TEST_CASE("new order numbers match the format and differ", "[payment][order_number]") {
  const Instant at = Instant::parse("2024-10-01T12:30:00+08:00").value();
  const std::regex format(R"(^V\d{23}$)");
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string number = new_order_number("V", at);
    INFO(number);
    CHECK(std::regex_match(number, format));
    CHECK(number.substr(0, 15) == "V20241001123000");
    CHECK(is_order_number("V", number));
    seen.insert(number);
  }
  CHECK(seen.size() >= 49);  // 50 draws from 10^9 serials: a repeat is one chance in ~10^6
}

TEST_CASE("is_order_number wants the prefix and exactly 23 digits", "[payment][order_number]") {
  CHECK(is_order_number("V", kNumber));
  for (const char* text :
       {"", "V", "v20241001123000123456789", "V2024100112300012345678", "V202410011230001234567890",
        "X20241001123000123456789", "V2024100112300012345678O", "V20241001123000123456789 ",
        " V20241001123000123456789", "V２0241001123000123456789"}) {
    INFO(text);
    CHECK_FALSE(is_order_number("V", text));
  }
}

TEST_CASE("find_order_numbers reads numbers out of transfer remarks", "[payment][order_number]") {
  struct Case {
    const char* remark;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"V20241001123000123456789", {kNumber}},
      {"v2024 1001 1230 0012 3456 789", {kNumber}},                     // spaces, lower case
      {"订单号：V20241001123000123456789。", {kNumber}},                // full-width colon, 。
      {"Ｖ２０２４１００１１２３０００１２３４５６７８９", {kNumber}},  // full-width forms
      {"V2O241OO1123OOO123456789", {kNumber}},                          // O for 0
      {"v2o24-1oo1-1230-0012-3456-789", {kNumber}},                     // lower-case o, hyphens
      {"VZ0Z4I00II230001Z345G7B9", {"V20241001123000123456789"}},       // Z I G B
      {"V2024.10.01/12:30:00_123456789", {kNumber}},
      {"V2024\u30001001\u00a01230 0012 3456 789", {kNumber}},  // ideographic, nbsp spaces
      {"V 2024 1001 1230 0012 3456 789 进博会证件费", {kNumber}},
      {"付款 V20241001123000123456789 TO CIIE", {kNumber}},  // look-alikes after: text
      {"V20241001123000123456789V20241002090000000000001", {kNumber, kOther}},
      {"V20241001123000123456789，V20241002090000000000001", {kNumber, kOther}},
      {"V20241001123000123456789 again V20241001123000123456789", {kNumber}},  // dedupe
      {"V2024 1001 1230 0012 3456 789 / v20241001123000123456789", {kNumber}},
      {"V202410011230001234567890", {}},   // 24 digits: ambiguous
      {"V20241001123000123456789 0", {}},  // a 24th digit after a space
      {"V2024100112300012345678", {}},     // 22 digits
      {"V2024100112300012345678X", {}},
      {"", {}},
      {"货款 20241001123000123456789", {}},  // no prefix
      {"VISIT 20241001", {}},
      {"VV20241001123000123456789", {kNumber}},
      {"V202410011230001234567890 V20241002090000000000001", {kOther}},
      {"\xff\xfe V20241001123000123456789", {kNumber}},  // not UTF-8: bytes as they are
  };
  for (const Case& c : cases) {
    INFO(c.remark);
    CHECK(find_order_numbers("V", c.remark) == c.expected);
  }
}

TEST_CASE("find_order_numbers uses the configured prefix", "[payment][order_number]") {
  CHECK(find_order_numbers("X", "x20241001123000123456789") ==
        std::vector<std::string>{"X20241001123000123456789"});
  CHECK(find_order_numbers("X", kNumber).empty());
  CHECK(find_order_numbers("", kNumber).empty());
}
