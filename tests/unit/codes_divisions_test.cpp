// The compiled-in GB/T 2260 history: table invariants the generator promises (sorted, one run
// per code, newest last), lookups of reused and retired codes, and the in-use interval rule.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"

#include "codes/divisions_table.hpp"

namespace codes = ciie::codes;
using ciie::codes::detail::DivisionRow;

TEST_CASE("Divisions: the generated table is complete and sorted", "[codes][divisions]") {
  using ciie::codes::detail::kDivisionRowCount;
  using ciie::codes::detail::kDivisionRows;
  // result.csv of yescallop/areacodes as vendored: 6,823 rows, 359 codes in more than one row.
  CHECK(kDivisionRowCount == 6823);
  const DivisionRow* begin = kDivisionRows;
  const DivisionRow* end = kDivisionRows + kDivisionRowCount;
  CHECK(std::is_sorted(begin, end, [](const DivisionRow& a, const DivisionRow& b) {
    if (a.code != b.code) return a.code < b.code;
    return a.first_year < b.first_year;
  }));
  std::size_t reused = 0;
  for (const DivisionRow* row = begin; row != end; ++row) {
    INFO(row->code << " " << row->name);
    CHECK(row->code.size() == 6);
    CHECK(std::all_of(row->code.begin(), row->code.end(),
                      [](char c) { return c >= '0' && c <= '9'; }));
    CHECK(row->level >= 1);
    CHECK(row->level <= 3);
    CHECK(row->first_year >= 1981);
    CHECK((row->last_year == 0 || row->last_year >= row->first_year));
    CHECK(row->prefecture.empty() == (row->level == 1));
    if (row + 1 != end && row[1].code == row->code) {
      ++reused;
      CHECK(row->last_year != 0);  // only the newest row of a code may still be in use
    }
  }
  CHECK(reused == 373);  // rows that a later row of the same code superseded
  CHECK(codes::divisions_version() == "GB/T 2260 1981–2024 (yescallop/areacodes, CC0)");
}

TEST_CASE("Divisions: lookups", "[codes][divisions]") {
  SECTION("a county in use") {
    const auto rows = codes::find_division("310115");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].name == "浦东新区");
    CHECK(rows[0].province == "上海市");
    CHECK(rows[0].prefecture == "直辖");
    CHECK(rows[0].level == 3);
    CHECK(rows[0].first_year == 1992);
    CHECK(rows[0].last_year == 0);
    CHECK(codes::division_full_name("310115") == "上海市浦东新区");
  }
  SECTION("a reused code has several rows, oldest first") {
    const auto rows = codes::find_division("120110");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].name == "东郊区");
    CHECK(rows[0].first_year == 1981);
    CHECK(rows[0].last_year == 1991);  // the CSV's retirement year 1992 is exclusive
    CHECK(rows[1].name == "东丽区");
    CHECK(rows[1].first_year == 1992);
    CHECK(rows[1].last_year == 0);
    CHECK(codes::division_full_name("120110") == "天津市东丽区");  // the newest name
  }
  SECTION("full names by level") {
    CHECK(codes::division_full_name("310000") == "上海市");
    CHECK(codes::division_full_name("350200") == "福建省厦门市");
    CHECK(codes::division_full_name("440883") == "广东省湛江市吴川市");
    CHECK(codes::division_full_name("429004") == "湖北省仙桃市");  // directly under the province
    CHECK(codes::division_full_name("659001") == "新疆维吾尔自治区石河子市");
    CHECK(codes::division_full_name("412723") == "河南省周口地区商水县");  // retired
    CHECK(codes::division_full_name("710000") == "台湾省");
    CHECK(codes::division_full_name("810000") == "香港特别行政区");
  }
  SECTION("unknown codes") {
    for (const char* code : {"100000", "830000", "319999", "000000", "", "31011", "3101150"}) {
      INFO(code);
      CHECK(codes::find_division(code).empty());
      CHECK(codes::division_full_name(code).empty());
      CHECK_FALSE(codes::division_in_use_between(code, 1900, 2100));
    }
  }
}

TEST_CASE("Divisions: in use between two years (the intersect rule)", "[codes][divisions]") {
  // 潮阳县 440524: 1983–1992.
  CHECK(codes::division_in_use_between("440524", 1880, 2024));
  CHECK(codes::division_in_use_between("440524", 1992, 1992));
  CHECK(codes::division_in_use_between("440524", 1970, 1983));
  CHECK_FALSE(codes::division_in_use_between("440524", 1993, 2024));
  CHECK_FALSE(codes::division_in_use_between("440524", 1950, 1982));
  // 房山区 110111 since 1986: a holder born in 1980 and still alive meets it.
  CHECK(codes::division_in_use_between("110111", 1980, 2024));
  CHECK_FALSE(codes::division_in_use_between("110111", 1980, 1985));
  // A reused code: in use in either interval.
  CHECK(codes::division_in_use_between("120110", 1985, 1985));
  CHECK(codes::division_in_use_between("120110", 2020, 2020));
  // An open interval reaches past the table's last year.
  CHECK(codes::division_in_use_between("310115", 2030, 2030));
}

TEST_CASE("Divisions: prefectures in use in a year", "[codes][divisions]") {
  const auto names = [](const std::vector<codes::Division>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.emplace_back(row.code);
    return out;
  };
  // Shanghai has no prefecture-level rows: its districts sit directly under it.
  CHECK(codes::prefectures_in_use("31", 2024).empty());
  const auto fujian = names(codes::prefectures_in_use("35", 2024));
  CHECK(fujian.size() == 9);
  CHECK(std::count(fujian.begin(), fujian.end(), "350200") == 1);  // Xiamen
  for (const auto& row : codes::prefectures_in_use("44", 2024)) {
    CHECK(row.level == 2);
    CHECK(row.code.substr(0, 2) == "44");
    CHECK(row.last_year == 0);
  }
  // 周口地区 (412700) became 周口市 (411600) in 2000.
  const auto henan_1990 = names(codes::prefectures_in_use("41", 1990));
  const auto henan_2024 = names(codes::prefectures_in_use("41", 2024));
  CHECK(std::count(henan_1990.begin(), henan_1990.end(), "412700") == 1);
  CHECK(std::count(henan_2024.begin(), henan_2024.end(), "412700") == 0);
  CHECK(std::count(henan_2024.begin(), henan_2024.end(), "411600") == 1);
  CHECK(codes::prefectures_in_use("4", 2024).empty());
  CHECK(codes::prefectures_in_use("99", 2024).empty());
}
