// `ciie import-returning`, `ciie returning claim|show|list` and `ciie person past|bring-forward`
// as processes: a dry run that keeps nothing, an import and its idempotent re-run, a refused row
// with its line, a claim by password on stdin (a wrong one first) and by an SMS code read from the
// outbox, past persons masked, bring-forward refused for reuse and then done.
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kChengdu = "91510100MA34729FXF";
constexpr const char* kPastPassword = "Past-pass-2023";

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", kNow}};

  Store() {
    // The example export without its licence scan (the walkthrough reads that one).
    std::string text;
    std::ifstream in(std::string(CIIE_SOURCE_DIR) + "/examples/returning/export.jsonl");
    for (std::string line; std::getline(in, line);) {
      nlohmann::json row = nlohmann::json::parse(line);
      row.erase("licence");
      if (row.contains("photo")) row["photo"] = "photo.png";
      text += row.dump() + "\n";
    }
    dir.write("export.jsonl", text);
    std::ifstream photo(std::string(CIIE_SOURCE_DIR) + "/examples/returning/photos/lei-chenfang.png",
                        std::ios::binary);
    dir.write("photo.png", std::string(std::istreambuf_iterator<char>(photo), {}));
    REQUIRE(run({"init"}).exit_status == 0);
  }
  CommandResult run(const std::vector<std::string>& args, const std::string& input = {}) const {
    return ciie::test::run_ciie(args, input, env, dir.path().string());
  }
  nlohmann::json json(const std::vector<std::string>& args, int exit_status = 0,
                      const std::string& input = {}) const {
    std::vector<std::string> with{"--json"};
    with.insert(with.end(), args.begin(), args.end());
    const auto result = run(with, input);
    INFO(result.out << result.err);
    REQUIRE(result.exit_status == exit_status);
    return nlohmann::json::parse(result.out);
  }
};

TEST_CASE("import-returning: dry run, import, re-run, a refused row", "[cli][returning]") {
  Store store;
  const auto dry = store.run({"import-returning", "--from", "export.jsonl", "--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_status == 0);
  CHECK(dry.out.find("4 imported") != std::string::npos);
  CHECK(store.json({"returning", "list"})["candidates"].empty());

  const auto first = store.run({"import-returning", "--from", "export.jsonl"});
  CHECK(first.exit_status == 0);
  CHECK(first.out.find("4 rows: 4 imported, 0 updated, 0 unchanged, 0 failed; applied") !=
        std::string::npos);
  const auto again = store.run({"import-returning", "--from", "export.jsonl"});
  CHECK(again.out.find("4 unchanged") != std::string::npos);
  const auto list = store.json({"returning", "list"})["candidates"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["account"] == kChengdu);
  CHECK(list[0]["persons"] == 3);
  CHECK(list[0]["phone"] == "138****0001");

  store.dir.write("bad.jsonl",
                  "{\"record\":\"unit\",\"edition\":6,\"uscc\":\"91510100MA34729FXF\","
                  "\"category\":\"enterprise\",\"name\":\"x\"}\n"
                  "{\"record\":\"badge\",\"edition\":6}\n");
  const auto bad = store.run({"import-returning", "--from", "bad.jsonl"});
  CHECK(bad.exit_status == 1);
  CHECK((bad.out + bad.err).find("line 2: returning.record (field record)") != std::string::npos);
  // All or none: the good first row did not rename the candidate.
  CHECK(store.json({"returning", "show", "--uscc", kChengdu})["candidate"]["name"] ==
        "成都市联兴环保科技有限公司");
  CHECK(store.json({"--as", "delegation:sichuan", "import-returning", "--from", "export.jsonl"},
                   1)["error"]["reason"] == "auth.forbidden");
}

TEST_CASE("returning claim by password on stdin, then bring-forward with reuse",
          "[cli][returning]") {
  Store store;
  REQUIRE(store.run({"import-returning", "--from", "export.jsonl"}).exit_status == 0);
  const std::vector<std::string> claim{"--as",   "applicant", "returning",        "claim",
                                       "--uscc", kChengdu,    "--method",         "password",
                                       "--password-stdin", "--consent"};
  const auto wrong = store.json(claim, 1, "Wrong-pass-1\n");
  CHECK(wrong["error"]["reason"] == "auth.failed");
  const auto claimed = store.json(claim, 0, std::string(kPastPassword) + "\n");
  CHECK(claimed["unit"]["account"] == kChengdu);
  CHECK(claimed["licence"]["outcome"] == "no_scan");
  CHECK(store.json(claim, 4, std::string(kPastPassword) + "\n")["error"]["reason"] ==
        "returning.claimed");

  const std::string own = std::string("unit:") + kChengdu;
  const auto past = store.json({"--as", own, "person", "past", "--unit", kChengdu});
  REQUIRE(past["past_persons"].size() == 3);
  CHECK(past["past_persons"][0]["masked"] == true);

  const auto refused = store.json({"--as", own, "person", "bring-forward", "--unit", kChengdu,
                                   "--persons", "P-0001,P-0002", "--reuse"},
                                  1);
  CHECK(refused["error"]["reason"] == "badge.reuse_ineligible");
  const auto brought = store.json(
      {"--as", own, "person", "bring-forward", "--unit", kChengdu, "--persons", "P-0001", "--reuse"});
  REQUIRE(brought["persons"].size() == 1);
  CHECK(brought["persons"][0]["badge_reuse"] == true);
  CHECK(brought["persons"][0]["outcome"] == "brought_forward");
  const auto rest = store.run({"--as", own, "person", "bring-forward", "--unit", kChengdu});
  CHECK(rest.exit_status == 0);
  CHECK(rest.out.find("brought forward P-0002") != std::string::npos);
  CHECK(rest.out.find("brought forward P-0003") != std::string::npos);
}

TEST_CASE("returning claim by SMS: the code goes to the past phone", "[cli][returning]") {
  Store store;
  REQUIRE(store.run({"import-returning", "--from", "export.jsonl"}).exit_status == 0);
  const auto sent =
      store.json({"--as", "applicant", "returning", "claim", "--uscc", kChengdu, "--method", "sms"});
  CHECK(sent["sent"]["destination"] == "138****0001");
  const auto outbox = store.json({"verify", "outbox", "--to", "13808080001"});
  const std::string body = outbox["messages"][0]["body"].get<std::string>();
  std::smatch match;
  REQUIRE(std::regex_search(body, match, std::regex("\\b([0-9]{6})\\b")));
  const std::string code = match[1].str();
  const auto claimed = store.json({"--as", "applicant", "returning", "claim", "--uscc", kChengdu,
                                   "--method", "sms", "--code", code, "--consent"});
  CHECK(claimed["unit"]["phone_verified"] == true);
  CHECK(store.json({"--as", std::string("unit:") + kChengdu, "returning", "show", "--uscc",
                    kChengdu})["candidate"]["claimed_by"] == "sms");
}

}  // namespace
