// `ciie events …`, `ciie exhibitors …`, `ciie exhibits list`, `ciie needs …`, `ciie match` and
// `ciie meeting …` as processes, on the example files of examples/match: a dry run that keeps
// nothing, an import and its idempotent re-run, a refused row with its line, the event list and
// its filters with aligned Chinese columns, applying until full, a need matched both ways, and a
// meeting requested, accepted and cancelled.
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kUnitA = "91310104MA1FL5XX0C";
constexpr const char* kUnitB = "91330106MA27Y4U47R";

std::string example(const std::string& name) {
  std::ifstream in(std::string(CIIE_SOURCE_DIR) + "/examples/match/" + name);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", kNow}};

  Store() {
    dir.write("events.csv", example("events.csv"));
    dir.write("exhibits.csv", example("exhibits.csv"));
    REQUIRE(run({"init"}).exit_status == 0);
  }
  CommandResult run(const std::vector<std::string>& args) const {
    return ciie::test::run_ciie(args, {}, env, dir.path().string());
  }
  nlohmann::json json(const std::vector<std::string>& args, int exit_status = 0) const {
    std::vector<std::string> with{"--json"};
    with.insert(with.end(), args.begin(), args.end());
    const auto result = run(with);
    INFO(result.out << result.err);
    REQUIRE(result.exit_status == exit_status);
    return nlohmann::json::parse(result.out);
  }
  std::string refusal(const std::vector<std::string>& args, int exit_status) const {
    return json(args, exit_status)["error"]["reason"].get<std::string>();
  }
  void register_unit(const char* uscc, const char* name, const char* phone) const {
    const auto r = run({"register", "--uscc", uscc, "--name", name, "--category", "enterprise",
                        "--phone", phone, "--consent"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_status == 0);
  }
};

}  // namespace

TEST_CASE("events import and list: dry run, re-run, a refused row, filters", "[cli][events]") {
  Store store;
  const auto dry = store.run({"events", "import", "--from", "events.csv", "--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_status == 0);
  CHECK(dry.out.find("4 imported") != std::string::npos);
  CHECK(store.json({"events", "list"})["events"].empty());

  const auto first = store.run({"events", "import", "--from", "events.csv"});
  CHECK(first.exit_status == 0);
  CHECK(first.out.find("4 rows: 4 imported, 0 updated, 0 unchanged, 0 failed; applied") !=
        std::string::npos);
  const auto again = store.run({"events", "import", "--from", "events.csv"});
  CHECK(again.out.find("4 unchanged") != std::string::npos);

  store.dir.write("bad.csv", "code,name,starts_on,organiser,open\nE1,好,2024-11-06,某局,yes\n"
                             "E2,坏,2024-11-06,某局,perhaps\n");
  const auto bad = store.run({"events", "import", "--from", "bad.csv"});
  CHECK(bad.exit_status == 1);
  CHECK(bad.out.find("line 3: bulk.value (field open)") != std::string::npos);
  CHECK(store.json({"events", "list"})["events"].size() == 4);  // nothing of bad.csv

  const auto open = store.json({"events", "list", "--open"})["events"];
  CHECK(open.size() == 3);
  const auto on = store.json({"events", "list", "--on", "2024-11-09"})["events"];
  REQUIRE(on.size() == 1);
  CHECK(on[0]["code"] == "EVT-2024-004");  // 11-08 to 11-09
  CHECK(store.json({"events", "list", "--organiser", "商务委"})["events"].size() == 1);
  CHECK(store.json({"events", "list", "--name", "论坛"})["events"][0]["open"] == false);
  CHECK(store.refusal({"events", "list", "--on", "2024-11-09", "--from", "2024-11-01"}, 2) ==
        "usage");

  // The table: the seed's columns, Chinese names aligned by display width.
  const auto table = store.run({"events", "list", "--from", "2024-11-07", "--to", "2024-11-07"});
  INFO(table.out);
  CHECK(table.out.rfind("CODE          NAME", 0) == 0);
  CHECK(table.out.find("EVT-2024-002  智慧出行与新能源汽车发布会") != std::string::npos);
}

TEST_CASE("events apply: until full, closed, twice, the applications", "[cli][events]") {
  Store store;
  REQUIRE(store.run({"events", "import", "--from", "events.csv"}).exit_status == 0);
  store.register_unit(kUnitA, "上海徐汇示例科技有限公司", "13812340001");
  store.register_unit(kUnitB, "杭州示例贸易有限公司", "13812340002");
  const std::string as_a = std::string("unit:") + kUnitA;
  const auto applied = store.json(
      {"--as", as_a, "events", "apply", "EVT-2024-001", "--unit", kUnitA, "--persons", "2"});
  CHECK(applied["application"]["persons"] == 2);
  CHECK(store.refusal({"--as", as_a, "events", "apply", "EVT-2024-001", "--unit", kUnitA}, 4) ==
        "event.applied");
  CHECK(store.refusal({"events", "apply", "EVT-2024-001", "--unit", kUnitB, "--persons", "2"},
                      1) == "event.full");
  CHECK(store.refusal({"events", "apply", "EVT-2024-003", "--unit", kUnitB}, 1) ==
        "event.closed");
  CHECK(store.refusal({"events", "apply", "EVT-NONE", "--unit", kUnitB}, 3) == "event.unknown");
  const auto list = store.run({"events", "applications", "EVT-2024-001"});
  INFO(list.out << list.err);
  CHECK(list.exit_status == 0);
  CHECK(list.out.find("2/3 taken") != std::string::npos);
  CHECK(list.out.find("上海徐汇示例科技有限公司") != std::string::npos);
}

TEST_CASE("exhibitors, needs, match both ways and a meeting", "[cli][match]") {
  Store store;
  const auto imported = store.run({"exhibitors", "import", "--from", "exhibits.csv"});
  INFO(imported.out << imported.err);
  CHECK(imported.exit_status == 0);
  CHECK(imported.out.find("8 rows: 8 imported") != std::string::npos);
  CHECK(store.run({"exhibitors", "import", "--from", "exhibits.csv"}).out.find("8 unchanged") !=
        std::string::npos);
  CHECK(store.json({"exhibitors", "list"})["exhibitors"].size() == 6);
  CHECK(store.json({"exhibits", "list", "--area", "food-agri", "--category", "dairy"})["exhibits"]
            .size() == 3);
  CHECK(store.json({"exhibitors", "show", "EXH-NZ-001"})["exhibits"].size() == 2);

  store.register_unit(kUnitA, "上海徐汇示例科技有限公司", "13812340001");
  const std::string as_a = std::string("unit:") + kUnitA;
  CHECK(store.refusal({"--as", as_a, "needs", "publish", "--unit", kUnitA, "--area", "food-agri",
                       "--category", "cars", "--keywords", "牛奶"},
                      2) == "match.category");
  const auto need = store.json({"--as", as_a, "needs", "publish", "--unit", kUnitA, "--area",
                                "food-agri", "--category", "dairy", "--keywords", "进口全脂牛奶",
                                "--budget", "500000", "--quantity", "2000"})["need"];
  CHECK(need["budget_fen"] == 50000000);
  const std::string id = std::to_string(need["id"].get<std::int64_t>());
  CHECK(store.json({"--as", as_a, "needs", "list"})["needs"].size() == 1);

  const auto matches = store.json({"--as", as_a, "match", "--need", id, "--limit", "3"})["matches"];
  // EXB-0001 holds every term; EXB-0003 (配方奶粉, 原装进口) only 进口; nothing else shares one.
  REQUIRE(matches.size() == 2);
  CHECK(matches[0]["exhibit"]["id"] == "EXB-0001");
  CHECK(matches[0]["category_match"] == true);
  CHECK(matches[1]["exhibit"]["id"] == "EXB-0003");
  CHECK(matches[0]["score"].get<double>() > matches[1]["score"].get<double>());
  CHECK(matches[0]["matched_terms"].size() == 5);
  CHECK(matches[1]["matched_terms"] == nlohmann::json::array({"进口"}));
  const auto table = store.run({"--as", as_a, "match", "--need", id});
  INFO(table.out);
  CHECK(table.out.rfind("RANK  SCORE", 0) == 0);
  CHECK(table.out.find("EXB-0001") != std::string::npos);

  const auto for_exhibitor =
      store.json({"match", "--exhibitor", "EXH-NZ-001"})["matches"];
  REQUIRE(for_exhibitor.size() == 1);
  CHECK(for_exhibitor[0]["need"]["id"] == need["id"]);
  CHECK(store.refusal({"--as", as_a, "match", "--exhibitor", "EXH-NZ-001"}, 1) ==
        "auth.forbidden");
  CHECK(store.refusal({"match"}, 2) == "usage");

  const auto meeting =
      store.json({"--as", as_a, "meeting", "request", "--unit", kUnitA, "--exhibitor",
                  "EXH-NZ-001", "--need", id, "--at", "2024-11-06T10:00:00+08:00", "--note",
                  "希望了解报价"})["meeting"];
  CHECK(meeting["state"] == "requested");
  const std::string meeting_id = std::to_string(meeting["id"].get<std::int64_t>());
  CHECK(store.refusal({"--as", as_a, "meeting", "request", "--unit", kUnitA, "--exhibitor",
                       "EXH-NZ-001"},
                      4) == "meeting.duplicate");
  CHECK(store.refusal({"--as", as_a, "meeting", "accept", meeting_id}, 1) == "auth.forbidden");
  CHECK(store.json({"meeting", "accept", meeting_id})["meeting"]["state"] == "accepted");
  CHECK(store.json({"--as", as_a, "meeting", "cancel", meeting_id})["meeting"]["state"] ==
        "cancelled");
  CHECK(store.json({"--as", as_a, "meeting", "list"})["meetings"].size() == 1);

  CHECK(store.json({"--as", as_a, "needs", "withdraw", id})["need"]["state"] == "withdrawn");
  CHECK(store.refusal({"--as", as_a, "match", "--need", id}, 1) == "need.withdrawn");
}
