// cli/table.hpp's right-aligned columns (added for `ciie stats`): numbers end in one display
// column whatever the width of the Chinese names before them, and the left-aligned overload
// used by the other commands keeps its behaviour.
#include <catch2/catch.hpp>

#include "table.hpp"

using ciie::cli::aligned_table;
using ciie::cli::display_width;

TEST_CASE("right-aligned columns line up after Chinese names", "[stats][table]") {
  const std::vector<std::vector<std::string>> rows = {
      {"DELEGATION", "NAME", "UNITS", "PAID"},
      {"shanghai", "上海交易团", "3", "400.00"},
      {"industry-01", "商贸流通行业交易团", "12", "0.00"},
      {"-", "", "1", "1234567.89"},
  };
  const std::string table = aligned_table(rows, {false, false, true, true});
  CHECK(table ==
        "DELEGATION   NAME                UNITS        PAID\n"
        "shanghai     上海交易团              3      400.00\n"
        "industry-01  商贸流通行业交易团     12        0.00\n"
        "-                                    1  1234567.89\n");
  // Every line has the same display width (the last column is padded too), not the same bytes.
  std::size_t lines = 0;
  for (std::size_t from = 0, at; (at = table.find('\n', from)) != std::string::npos;
       from = at + 1, ++lines) {
    CHECK(display_width(table.substr(from, at - from)) == 50);
  }
  CHECK(lines == 4);
}

TEST_CASE("without right-aligned columns the table is the left-aligned one", "[stats][table]") {
  const std::vector<std::vector<std::string>> rows = {{"A", "名称", "N"}, {"bb", "x", "10"}};
  CHECK(aligned_table(rows, {}) == aligned_table(rows));
  CHECK(aligned_table(rows) == "A   名称  N\nbb  x     10\n");
  // A right-aligned first column pads on the left; a missing cell leaves the line short.
  CHECK(aligned_table({{"1", "a"}, {"100"}}, {true}) == "  1  a\n100\n");
}
