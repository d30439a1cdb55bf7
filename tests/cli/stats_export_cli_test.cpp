// `ciie stats` and `ciie export` as processes, on the statistics fixture's edition (built through
// the library into the store file the tool then opens): the table's alignment with Chinese names
// (display width, numbers right-aligned), --json and --csv, refusals and their exit statuses, an
// export to a file (no partial file, --force), JSON Lines to stdout, reveal refused to a
// delegation, and a revealed units export registered again in a new store.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/stats_fixture.hpp"
#include "table.hpp"

namespace {

using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";

struct Edition {
  ciie::test::RegistryFixture f;
  ciie::test::StatsEdition e;
  Edition() {
    e = ciie::test::stats_edition(*f);
    f.registry.reset();  // the tool opens the file now
  }
  std::string dir() const { return f.dir.path().string(); }
  CommandResult run(const std::vector<std::string>& args) const {
    return ciie::test::run_ciie(args, {}, {{"CIIE_NOW", kNow}}, dir());
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find('\n', from)) != std::string::npos; from = at + 1) {
    std::string line = text.substr(from, at - from);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The display column where the first number of a line ends: the UNITS column, right-aligned.
std::size_t end_of_first_number(const std::string& line) {
  std::size_t i = 0;
  // Skip the label cells: up to the first run of digits preceded by a space.
  while (i < line.size() && !(line[i] >= '0' && line[i] <= '9' && i > 0 && line[i - 1] == ' ')) {
    ++i;
  }
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  return ciie::cli::display_width(line.substr(0, i));
}

}  // namespace

TEST_CASE("stats: a table aligned by display width, with Chinese names", "[cli][stats]") {
  Edition s;
  const auto result = s.run({"stats"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_status == 0);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 7);  // header, -, shanghai, zhejiang, TOTAL, industry-01, the note
  CHECK(lines[0].rfind("DELEGATION", 0) == 0);
  CHECK(lines[2].find("上海交易团") != std::string::npos);
  CHECK(lines[5].find("商贸流通行业交易团") != std::string::npos);
  CHECK(lines[4].rfind("TOTAL", 0) == 0);
  CHECK(lines[6].find("industry delegations") != std::string::npos);
  // UNITS is right-aligned: every row's first number ends where the header's "UNITS" ends,
  // measured in display columns (a Chinese character takes two), not bytes.
  const std::size_t units_end = ciie::cli::display_width(
      lines[0].substr(0, lines[0].find("UNITS") + std::string("UNITS").size()));
  for (std::size_t i = 1; i <= 5; ++i) {
    INFO(lines[i]);
    CHECK(end_of_first_number(lines[i]) == units_end);
  }
  // The byte lengths differ (three bytes per Chinese character), the display widths line up.
  CHECK(lines[2].find("  3  ") != std::string::npos);
  CHECK(lines[4].find("400.00") != std::string::npos);
}

TEST_CASE("stats --json and --csv carry every figure, totals and industry rows", "[cli][stats]") {
  Edition s;
  const auto json = s.run({"--json", "stats"});
  REQUIRE(json.exit_status == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["by"] == "delegation");
  CHECK(doc["edition"] == 7);
  CHECK(doc["totals"]["units"] == 5);
  CHECK(doc["totals"]["persons"] == 6);
  CHECK(doc["totals"]["paid"] == "400.00");
  CHECK(doc["totals"]["paid_fen"] == 40000);
  CHECK(doc["totals"]["invoiced_fen"] == 20000);
  REQUIRE(doc["rows"].size() == 4);
  CHECK(doc["rows"][3]["key"] == "industry-01");
  CHECK(doc["rows"][3]["industry"] == true);

  const auto csv = s.run({"stats", "--by", "state", "--csv"});
  REQUIRE(csv.exit_status == 0);
  const auto lines = lines_of(csv.out);
  REQUIRE(lines.size() == 5);  // header, approved, registered, rejected, total
  CHECK(csv.out.find("\r\n") != std::string::npos);
  CHECK(lines[0].rfind("row,key,parent,name,units,units_registered,", 0) == 0);
  CHECK(lines[1].rfind("group,approved,,,2,0,0,2,0,4,", 0) == 0);
  CHECK(lines[4] == "total,,,,5,2,0,2,1,6,0,2,3,1,0,0,1,1,1,400.00,200.00,200.00");

  const auto both = s.run({"--json", "stats", "--csv"});
  CHECK(both.exit_status == 2);
  const auto bad = s.run({"--json", "stats", "--by", "province"});
  CHECK(bad.exit_status == 2);
  CHECK(nlohmann::json::parse(bad.out)["error"]["reason"] == "stats.by");
  const auto unit = s.run({"--json", "--as", "unit:" + s.e.paid.unit, "stats"});
  CHECK(unit.exit_status == 1);
  CHECK(nlohmann::json::parse(unit.out)["error"]["reason"] == "auth.forbidden");
  const auto own = s.run({"--json", "--as", "delegation:zhejiang", "stats"});
  REQUIRE(own.exit_status == 0);
  CHECK(nlohmann::json::parse(own.out)["totals"]["units"] == 1);
}

TEST_CASE("export to a file: masked, no partial file, --force, and JSON Lines to stdout",
          "[cli][export]") {
  Edition s;
  const auto out = s.run({"export", "units", "--out", "units.csv"});
  INFO(out.out << out.err);
  REQUIRE(out.exit_status == 0);
  CHECK(out.out.empty());
  CHECK(out.err.find("exported 5 units (masked) to units.csv") != std::string::npos);
  const std::string text = ciie::test::read_file(s.dir() + "/units.csv");
  CHECK(text.rfind("account,region,category,uscc,name,", 0) == 0);
  CHECK(text.find("138****5678") != std::string::npos);
  CHECK(text.find("13812345678") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(s.dir() + "/units.csv.part"));

  const auto again = s.run({"--json", "export", "units", "--out", "units.csv"});
  CHECK(again.exit_status == 4);
  CHECK(nlohmann::json::parse(again.out)["error"]["reason"] == "output.exists");
  const auto forced = s.run({"--json", "export", "orders", "--out", "units.csv", "--force"});
  REQUIRE(forced.exit_status == 0);
  CHECK(nlohmann::json::parse(forced.out)["rows"] == 1);
  CHECK(ciie::test::read_file(s.dir() + "/units.csv").rfind("number,unit,state,", 0) == 0);

  const auto jsonl = s.run({"export", "persons", "--format", "jsonl"});
  REQUIRE(jsonl.exit_status == 0);
  const auto lines = lines_of(jsonl.out);
  REQUIRE(lines.size() == 6);
  for (const auto& line : lines) CHECK(nlohmann::json::parse(line)["phone"] == "139****1234");
  const auto by_name = s.run({"export", "invoices", "--out", "invoices.jsonl"});
  REQUIRE(by_name.exit_status == 0);
  CHECK(ciie::test::read_file(s.dir() + "/invoices.jsonl").front() == '{');

  CHECK(s.run({"--json", "export", "pets"}).exit_status == 2);
  const auto format = s.run({"--json", "export", "units", "--format", "xlsx"});
  CHECK(format.exit_status == 2);
  CHECK(nlohmann::json::parse(format.out)["error"]["reason"] == "export.format");
  CHECK(s.run({"--json", "export", "units"}).exit_status == 2);  // --json needs --out
  const auto reveal = s.run(
      {"--json", "--as", "delegation:shanghai", "export", "units", "--reveal", "--out", "x.csv"});
  CHECK(reveal.exit_status == 1);
  CHECK(nlohmann::json::parse(reveal.out)["error"]["reason"] == "auth.forbidden");
  CHECK_FALSE(std::filesystem::exists(s.dir() + "/x.csv"));
  CHECK_FALSE(std::filesystem::exists(s.dir() + "/x.csv.part"));
  const auto finance = s.run({"--json", "--as", "finance", "export", "persons", "--out", "p.csv"});
  CHECK(finance.exit_status == 1);
}

TEST_CASE("a revealed units export registers again in a new store", "[cli][export]") {
  Edition s;
  REQUIRE(s.run({"export", "units", "--reveal", "--out", "units.csv"}).exit_status == 0);
  ciie::test::TempDir fresh;
  const std::map<std::string, std::string> env{{"CIIE_NOW", kNow}};
  REQUIRE(ciie::test::run_ciie({"init"}, {}, env, fresh.path().string()).exit_status == 0);
  const auto result = ciie::test::run_ciie({"--json", "register", "--from", s.dir() + "/units.csv",
                                            "--ignore-unknown", "--continue-on-error"},
                                           {}, env, fresh.path().string());
  INFO(result.out << result.err);
  int registered = 0;
  std::vector<std::string> refused;
  for (const auto& line : lines_of(result.out)) {
    const auto row = nlohmann::json::parse(line);
    if (row.value("outcome", "") == "registered") ++registered;
    if (row.contains("reason") && row.contains("line")) refused.push_back(row["reason"]);
  }
  // Four units come back; the industry member's old referral code is unknown in the new store.
  CHECK(registered == 4);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0] == "referral.unknown");

  // A revealed persons export, cut to one unit's rows, is person-input: the paid unit's two
  // persons come back (without photos) into the unit registered again above.
  REQUIRE(s.run({"export", "persons", "--reveal", "--out", "persons.csv"}).exit_status == 0);
  const auto all = lines_of(ciie::test::read_file(s.dir() + "/persons.csv"));
  std::string one_unit = all[0] + "\n";
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (all[i].find("," + s.e.paid.unit + ",") != std::string::npos) one_unit += all[i] + "\n";
  }
  fresh.write("persons.csv", one_unit);
  const auto persons = ciie::test::run_ciie({"--json", "person", "import", "--unit", s.e.paid.unit,
                                             "--from", "persons.csv", "--ignore-unknown"},
                                            {}, env, fresh.path().string());
  INFO(persons.out << persons.err);
  CHECK(persons.exit_status == 0);
  int added = 0;
  for (const auto& line : lines_of(persons.out)) {
    const auto row = nlohmann::json::parse(line);
    if (row.contains("line") && !row.contains("reason")) ++added;
  }
  CHECK(added == 2);
}
