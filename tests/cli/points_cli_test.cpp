// `ciie points show|history|award|redeem|deal|checkins` as processes: a unit approved on
// submission holds its registration points, a manual award tops it up, an e-coupon is bought
// (and a second refused by the per-edition limit), a deal awards per 10,000 yuan once per
// reference, check-ins of a paid and approved person import (dry run first, re-import
// unchanged, a refused row with its line and field), and the history lists newest first.
#include <filesystem>
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
constexpr const char* kUnit = "91310104MA1FL5XX0C";
constexpr const char* kUnitName = "上海徐汇示例科技有限公司";
constexpr const char* kDocument = "310104198506060060";
const std::string kAsUnit = std::string("unit:") + kUnit;

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", kNow}};

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
  // init, an enterprise approved on submission with one person (with a photo), ordered and paid
  // by a transfer finance confirmed: the person is approved. Returns the person's id.
  std::int64_t paid_unit() const {
    REQUIRE(run({"init"}).exit_status == 0);
    REQUIRE(run({"register", "--uscc", kUnit, "--name", kUnitName, "--category", "enterprise",
                 "--phone", "13812340002", "--consent"})
                .exit_status == 0);
    const std::string photo =
        (std::filesystem::path(CIIE_SOURCE_DIR) / "tests/cli/data/photos/zhang.png").string();
    const auto person = json({"person", "add", "--unit", kUnit, "--name", "高翔", "--doc-type",
                              "cn_id", "--doc-number", kDocument, "--phone", "13700000007",
                              "--badge", "full", "--photo", photo});
    const std::int64_t id = person["person"]["id"].get<std::int64_t>();
    REQUIRE(run({"submit", "--unit", kUnit}).exit_status == 0);
    const std::string number =
        json({"order", "create", "--unit", kUnit})["order"]["number"].get<std::string>();
    json({"--as", kAsUnit, "pay", "proof", number, "--payer-name", kUnitName, "--payer-account",
          "31001234567890001", "--amount", "200.00", "--date", "2024-06-03", "--file", photo});
    const auto queue = json({"--as", "finance", "pay", "review"});
    REQUIRE(queue["payments"].size() == 1);
    json({"--as", "finance", "pay", "review", "--payment",
          std::to_string(queue["payments"][0]["id"].get<std::int64_t>()), "--confirm"});
    return id;
  }
};

}  // namespace

TEST_CASE("points show, award, redeem, deal and history", "[cli][points]") {
  Store store;
  const std::int64_t person = store.paid_unit();
  const std::string person_id = std::to_string(person);

  const auto shown = store.json({"--as", kAsUnit, "points", "show", "--unit", kUnit});
  CHECK(shown["balance"] == 100);
  CHECK(shown["coupons"].empty());
  CHECK(store.json({"points", "show", "--person", person_id})["balance"] == 100);
  const auto text = store.run({"points", "show", "--unit", kUnit});
  CHECK(text.exit_status == 0);
  CHECK(text.out.find("balance") != std::string::npos);

  // Only the organizer awards; the reason is required by the command line.
  CHECK(store.refusal({"--as", kAsUnit, "points", "award", "--unit", kUnit, "--points", "900",
                       "--reason", "展前问卷"},
                      1) == "auth.forbidden");
  const auto awarded = store.json(
      {"points", "award", "--unit", kUnit, "--points", "900", "--reason", "展前问卷"});
  CHECK(awarded["award"]["outcome"] == "awarded");
  CHECK(store.json({"points", "award", "--unit", kUnit, "--points", "900", "--reason",
                    "展前问卷"})["award"]["outcome"] == "unchanged");
  CHECK(store.run({"points", "award", "--unit", kUnit, "--points", "5"}).exit_status == 2);

  const auto coupon =
      store.json({"--as", kAsUnit, "points", "redeem", "--unit", kUnit, "--coupon", "badge-20"});
  CHECK(coupon["coupon"]["value_fen"] == 2000);
  CHECK(coupon["coupon"]["code"].get<std::string>().size() == 10);
  CHECK(store.refusal({"--as", kAsUnit, "points", "redeem", "--unit", kUnit, "--coupon",
                       "badge-20"},
                      1) == "points.coupon_limit");
  CHECK(store.refusal({"points", "redeem", "--unit", kUnit, "--coupon", "nope"}, 3) ==
        "points.coupon_unknown");
  CHECK(store.refusal({"points", "award", "--unit", kUnit, "--points", "-1", "--reason", "更正"},
                      1) == "points.insufficient");

  const auto deal = store.json({"points", "deal", "--unit", kUnit, "--amount", "250000",
                                "--reference", "CT-2024-0042"});
  CHECK(deal["recorded"] == true);
  CHECK(deal["award"]["entry"]["points"] == 250);
  CHECK(store.json({"points", "deal", "--unit", kUnit, "--amount", "250000", "--reference",
                    "CT-2024-0042"})["recorded"] == false);
  CHECK(store.refusal({"points", "deal", "--unit", kUnit, "--amount", "1", "--reference",
                       "CT-2024-0042"},
                      4) == "points.deal_conflict");

  const auto history = store.json({"--as", kAsUnit, "points", "history", "--unit", kUnit});
  const auto& entries = history["entries"];
  REQUIRE(entries.size() == 4);
  CHECK(entries[0]["rule"] == "deal");
  CHECK(entries[1]["rule"] == "coupon");
  CHECK(entries[1]["points"] == -1000);
  CHECK(entries[2]["rule"] == "manual");
  CHECK(entries[3]["rule"] == "register");
  CHECK(store.json({"points", "show", "--unit", kUnit})["balance"] == 250);
  const auto table = store.run({"points", "history", "--unit", kUnit, "--rule", "coupon"});
  CHECK(table.out.find("coupon:E") != std::string::npos);
  CHECK(table.out.find("register") == std::string::npos);
  CHECK(store.run({"points", "show", "--unit", kUnit, "--person", person_id}).exit_status == 2);
}

TEST_CASE("points checkins: dry run, import, re-import unchanged, a refused row", "[cli][points]") {
  Store store;
  const std::int64_t person = store.paid_unit();
  store.dir.write("gate.csv", "person,document,badge,checked_in,gate\n" +
                                  std::to_string(person) +
                                  ",,F0001,2024-11-05T09:01:00+08:00,east-1\n"
                                  ",310104198506060060,F0001,2024-11-06T09:00:00+08:00,east-2\n");
  const auto dry = store.run({"points", "checkins", "--from", "gate.csv", "--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_status == 0);
  CHECK(store.json({"points", "show", "--person", std::to_string(person)})["balance"] == 100);
  const auto first = store.run({"points", "checkins", "--from", "gate.csv"});
  CHECK(first.exit_status == 0);
  CHECK(first.out.find("2 rows: 1 awarded, 1 recorded, 0 unchanged, 0 failed; applied") !=
        std::string::npos);
  CHECK(store.json({"points", "show", "--person", std::to_string(person)})["balance"] == 300);
  const auto again = store.run({"points", "checkins", "--from", "gate.csv"});
  CHECK(again.out.find("2 unchanged") != std::string::npos);
  CHECK(store.json({"points", "show", "--person", std::to_string(person)})["balance"] == 300);

  store.dir.write("bad.jsonl", "{\"person\":" + std::to_string(person) +
                                   ",\"checked_in\":\"2024-11-07T08:00:00Z\"}\n"
                                   "{\"person\":\"x\",\"checked_in\":\"2024-11-07T08:00:00Z\"}\n");
  const auto bad = store.run({"points", "checkins", "--from", "bad.jsonl"});
  CHECK(bad.exit_status == 1);
  CHECK(bad.out.find("line 2: checkin.person (field person)") != std::string::npos);
  CHECK(store.refusal({"--as", kAsUnit, "points", "checkins", "--from", "gate.csv"}, 1) ==
        "auth.forbidden");
}
