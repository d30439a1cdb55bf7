// The 20-digit 数电 invoice number (INV-5): yy + region + channel + 15-digit sequence.
#include <catch2/catch.hpp>

#include <string>

#include "invoice/invoice_number.hpp"

using namespace ciie::invoice;

TEST_CASE("invoice_series is the year, the region and the channel", "[invoice][number]") {
  CHECK(invoice_series(2024, "31", 0) == "24310");
  CHECK(invoice_series(2025, "44", 3) == "25443");
  CHECK(invoice_series(2009, "11", 9) == "09119");
  CHECK(invoice_series(2100, "31", 1) == "00311");
}

TEST_CASE("format_invoice_number pads the sequence to 15 digits", "[invoice][number]") {
  CHECK(format_invoice_number("24310", 1) == "24310000000000000001");
  CHECK(format_invoice_number("24310", 1234567) == "24310000000001234567");
  CHECK(format_invoice_number("25443", kMaxSequence) == "25443999999999999999");
  CHECK(format_invoice_number("24310", 42).size() == 20);
}

TEST_CASE("is_invoice_number accepts 20 ASCII digits only", "[invoice][number]") {
  CHECK(is_invoice_number("24310000000000000001"));
  CHECK(is_invoice_number("00000000000000000000"));
  CHECK_FALSE(is_invoice_number(""));
  CHECK_FALSE(is_invoice_number("2431000000000000001"));    // 19 digits
  CHECK_FALSE(is_invoice_number("243100000000000000011"));  // 21 digits
  CHECK_FALSE(is_invoice_number("2431000000000000000A"));
  CHECK_FALSE(is_invoice_number("24310 00000000000001"));
  CHECK_FALSE(is_invoice_number("2431000000000000000-"));
  CHECK_FALSE(is_invoice_number("24310000000000000１"));  // a full-width digit, 20 bytes
}

TEST_CASE("sequence_of reads back the formatted sequence", "[invoice][number]") {
  for (std::int64_t sequence : {std::int64_t{1}, std::int64_t{10}, std::int64_t{999},
                                std::int64_t{1'000'000'007}, kMaxSequence}) {
    const std::string number = format_invoice_number(invoice_series(2024, "31", 0), sequence);
    INFO(number);
    REQUIRE(is_invoice_number(number));
    CHECK(sequence_of(number) == sequence);
    CHECK(number.substr(0, 5) == "24310");
  }
  CHECK(sequence_of("24310000000000000100") == 100);
}
