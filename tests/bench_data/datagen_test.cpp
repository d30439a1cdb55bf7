// ciie_datagen (bench/datagen) against the real ciie: the same seed and scale give the same
// bytes, another seed other bytes; and on a fresh store the generated configuration, units,
// persons, previous-edition export and exhibits are accepted as they are, and a statement made
// from the store's own orders export imports with exactly the outcome counts the generator
// promised.
#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/csv_cells.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";

CommandResult datagen(const std::vector<std::string>& args) {
  std::vector<std::string> argv{CIIE_DATAGEN_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return ciie::test::run_command(argv);
}

// The outcome of every line of a bulk command's JSON Lines output, counted; the summary aside.
std::map<std::string, std::int64_t> outcomes(const std::string& json_lines,
                                              nlohmann::json* summary) {
  std::map<std::string, std::int64_t> counts;
  std::istringstream in(json_lines);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    if (j.contains("summary")) {
      *summary = j["summary"];
    } else if (j.value("ok", false)) {
      ++counts[j["outcome"].get<std::string>()];
    } else {
      ++counts["refused:" + j.value("reason", std::string("?"))];
    }
  }
  return counts;
}

}  // namespace

TEST_CASE("ciie_datagen: the same seed gives the same files, another seed others",
          "[datagen]") {
  ciie::test::TempDir dir;
  const auto a = datagen({"--out", dir.file("a"), "--scale", "0.002", "--seed", "7"});
  INFO(a.err);
  REQUIRE(a.exit_status == 0);
  REQUIRE(datagen({"--out", dir.file("b"), "--scale", "0.002", "--seed", "7"}).exit_status == 0);
  REQUIRE(datagen({"--out", dir.file("c"), "--scale", "0.002", "--seed", "8"}).exit_status == 0);
  const std::string manifest_a = ciie::test::read_file(dir.file("a/manifest.json"));
  REQUIRE(!manifest_a.empty());
  CHECK(manifest_a == ciie::test::read_file(dir.file("b/manifest.json")));
  CHECK(manifest_a != ciie::test::read_file(dir.file("c/manifest.json")));
  for (const char* file : {"units.csv", "previous-edition.csv", "needs.csv", "ciie.toml"}) {
    INFO(file);
    CHECK(ciie::test::read_file(dir.file(std::string("a/") + file)) ==
          ciie::test::read_file(dir.file(std::string("b/") + file)));
  }
  CHECK(ciie::test::read_file(dir.file("a/units.csv")) !=
        ciie::test::read_file(dir.file("c/units.csv")));

  const auto m = nlohmann::json::parse(manifest_a);
  CHECK(m["seed"] == 7);
  CHECK(m["files"]["units.csv"]["rows"] == 240);
  CHECK(m["files"]["persons/"]["rows"] == 860);
  CHECK(m["summary"]["persons"] == 860);
  CHECK(m["summary"]["units_per_delegation"].size() == 43);
  // Heavy-tailed: Jiangsu is the largest delegation, the industry delegations have none.
  std::int64_t largest = 0;
  for (const auto& [slug, n] : m["summary"]["units_per_delegation"].items()) {
    largest = std::max<std::int64_t>(largest, n.get<std::int64_t>());
  }
  CHECK(m["summary"]["units_per_delegation"]["jiangsu"] == largest);
  CHECK(m["summary"]["units_per_delegation"]["industry-01"] == 0);
  CHECK(m["summary"]["units_per_category"]["enterprise"].get<int>() > 150);
  CHECK(m["summary"]["units_per_category"]["government"].get<int>() > 40);

  SECTION("a non-empty directory is refused without --force") {
    CHECK(datagen({"--out", dir.file("a"), "--scale", "0.002"}).exit_status == 2);
    CHECK(datagen({"--out", dir.file("a"), "--scale", "0.002", "--force"}).exit_status == 0);
    CHECK(ciie::test::read_file(dir.file("a/manifest.json")) == manifest_a);
  }
}

TEST_CASE("ciie_datagen: the configuration at scale 1 holds the edition's 780 sub-delegations",
          "[datagen][cli]") {
  ciie::test::TempDir dir;
  const auto made = datagen({"--out", dir.file("full"), "--only", "config"});
  INFO(made.err);
  REQUIRE(made.exit_status == 0);
  const std::string config = dir.file("full/ciie.toml");
  const auto checked = ciie::test::run_ciie({"config", "check", config});
  INFO(checked.out << checked.err);
  CHECK(checked.exit_status == 0);
  const auto shown = ciie::test::run_ciie({"--json", "config", "show"}, {}, {{"CIIE_CONFIG", config}});
  REQUIRE(shown.exit_status == 0);
  const auto rules = nlohmann::json::parse(shown.out)["config"];
  std::size_t subs = 0;
  for (const auto& d : rules["delegation"]) subs += d.value("sub_delegation", nlohmann::json::array()).size();
  CHECK(rules["delegation"].size() == 43);
  CHECK(subs == 780);
  const auto m = nlohmann::json::parse(ciie::test::read_file(dir.file("full/manifest.json")));
  CHECK(m["summary"]["sub_delegations"]["total"] == 780);
  CHECK(m["summary"]["units"] == 120000);
  CHECK(m["summary"]["units_per_delegation"]["jiangsu"] == 9100);
}

TEST_CASE("ciie_datagen: the real ciie accepts the generated data, statements pay its orders",
          "[datagen][cli]") {
  ciie::test::TempDir dir;
  const std::string data = dir.file("data");
  const auto generated = datagen({"--out", data, "--scale", "0.002", "--seed", "11"});
  INFO(generated.err);
  REQUIRE(generated.exit_status == 0);
  const std::map<std::string, std::string> env{{"CIIE_DB", dir.file("ciie.db")},
                                               {"CIIE_CONFIG", data + "/ciie.toml"},
                                               {"CIIE_NOW", kNow}};
  auto ciie = [&](const std::vector<std::string>& args) {
    return ciie::test::run_ciie(args, {}, env, data);
  };
  auto ok = [&](const std::vector<std::string>& args) {
    const CommandResult r = ciie(args);
    INFO(args.back() << ": " << r.out.substr(0, 2000) << r.err.substr(0, 2000));
    REQUIRE(r.exit_status == 0);
    return r;
  };
  ok({"init"});

  nlohmann::json summary;
  const auto registered = ok({"--json", "register", "--from", "units.csv"});
  const auto counts = outcomes(registered.out, &summary);
  CHECK(counts.size() == 1);
  CHECK(summary["registered"] == 240);

  // Which units are enterprises approved on submission: the mainland ones by place or central
  // affiliation (by choice and the XPCC hint go to manual review, REV-1).
  std::vector<std::string> keys, orderable;
  {
    std::istringstream units(ciie::test::read_file(data + "/units.csv"));
    std::string line;
    std::getline(units, line);
    const std::vector<std::string> header = ciie::test::csv_cells(line);
    auto column = [&](const char* name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    while (std::getline(units, line)) {
      const std::vector<std::string> row = ciie::test::csv_cells(line);
      const bool mainland = row[column("region")] == "mainland";
      keys.push_back(mainland ? row[column("uscc")] : row[column("email")]);
      if (mainland && row[column("category")] == "enterprise" &&
          (row[column("affiliation")].empty() || row[column("affiliation")] == "central") &&
          row[column("delegation")] != "xpcc") {
        orderable.push_back(row[column("uscc")]);
      }
    }
  }
  REQUIRE(keys.size() == 240);
  // Overseas units get a generated login: found by their e-mail in the units export.
  std::map<std::string, std::string> account_of;
  {
    const auto exported = ok({"export", "units", "--format", "jsonl", "--reveal"});
    std::istringstream in(exported.out);
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      const std::string account = j["account"];
      account_of[j["uscc"].get<std::string>().empty() ? j["email"].get<std::string>() : account] =
          account;
    }
  }
  std::int64_t added = 0;
  for (const std::string& key : keys) {
    const std::string file = "persons/" + key + ".csv";
    REQUIRE(fs::exists(data + "/" + file));
    REQUIRE(account_of.count(key) == 1);
    const auto imported = ok({"--json", "person", "import", "--unit", account_of[key], "--from", file});
    nlohmann::json s;
    outcomes(imported.out, &s);
    added += s["added"].get<std::int64_t>();
  }
  CHECK(added == 860);

  const auto returning = ok({"--json", "import-returning", "--from", "previous-edition.csv"});
  outcomes(returning.out, &summary);
  CHECK(summary["failed"] == 0);
  const auto exhibits = ok({"exhibitors", "import", "--from", "exhibits.csv"});
  CHECK(exhibits.out.find("18 imported") != std::string::npos);

  // Orders: the approved enterprises submit and order; three orders are cancelled again.
  REQUIRE(orderable.size() > 100);
  std::vector<std::string> numbers;
  for (const std::string& unit : orderable) {
    ok({"submit", "--unit", unit});
    const auto created = ok({"--json", "order", "create", "--unit", unit});
    numbers.push_back(nlohmann::json::parse(created.out)["order"]["number"]);
  }
  for (std::size_t i = 0; i < 3; ++i) ok({"order", "cancel", numbers[i]});
  ok({"export", "orders", "--format", "csv", "--reveal", "--out", "orders.csv"});

  const auto made = datagen({"statement", "--orders", data + "/orders.csv", "--out",
                             data + "/statement.csv", "--seed", "11", "--lines", "400"});
  INFO(made.err);
  REQUIRE(made.exit_status == 0);
  const auto promised = nlohmann::json::parse(made.out);
  CHECK(promised["lines"] == 400);
  std::map<std::string, std::int64_t> expected;
  for (const auto& [outcome, n] : promised["expected"].items()) expected[outcome] = n;
  CHECK(expected["matched"] > 100);
  CHECK(expected["flagged"] > 0);
  CHECK(expected["queued:amount"] > 0);
  CHECK(expected["queued:several_orders"] > 0);
  CHECK(expected["skipped"] > 0);

  const auto paid = ciie({"--json", "--as", "finance", "pay", "import-statement", "statement.csv"});
  INFO(paid.err);
  CHECK(paid.exit_status == 0);
  CHECK(outcomes(paid.out, &summary) == expected);
}
