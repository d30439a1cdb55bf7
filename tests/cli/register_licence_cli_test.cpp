// `ciie register --licence` through the built tool (REG-3): the scan's USCC becomes the account,
// typed fields that disagree are licence.mismatch, --accept-ocr takes the scan's values and
// flags the unit for manual review. Three scans are read here; the corrected-code rule
// (licence.unconfirmed) is table-tested in tests/unit/licence_check_test.cpp, since no real
// scan reliably needs a correction.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

// lic0000.jpg: a clean scan of 青岛聚鑫餐饮管理股份有限公司 (truth: lic0000.json).
const std::string kScan = std::string(CIIE_SOURCE_DIR) + "/tests/data/licences/lic0000.jpg";
constexpr const char* kUscc = "91370200MA6XWQ409T";

// A store in a temporary directory, and `ciie` run there at a pinned time.
class Workspace {
 public:
  Workspace() { REQUIRE(run({"init"}).exit_status == 0); }

  CommandResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--now", "2024-06-03T10:00:00+08:00"});
    CommandResult result = ciie::test::run_ciie(args, {}, {}, dir_.path().string());
    UNSCOPED_INFO("stdout: " << result.out << "stderr: " << result.err);
    return result;
  }

 private:
  ciie::test::TempDir dir_;
};

std::vector<std::string> register_from_scan(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"register",   "--licence",  kScan,
                                   "--category", "enterprise", "--consent"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("register --licence takes the USCC and the fields from the scan", "[cli][register]") {
  Workspace ws;
  const CommandResult registered = ws.run(register_from_scan());
  REQUIRE(registered.exit_status == 0);
  CHECK_THAT(registered.out, Catch::StartsWith("licence " + kScan + ": " + kUscc + " ("));
  CHECK_THAT(registered.out, Catch::Contains(std::string("registered ") + kUscc));
  CHECK_THAT(registered.out, Catch::Contains("qingdao"));

  const CommandResult shown = ws.run({"--json", "unit", "show", kUscc});
  REQUIRE(shown.exit_status == 0);
  const auto unit = nlohmann::json::parse(shown.out).at("unit");
  CHECK(unit.at("uscc") == kUscc);
  CHECK(unit.at("route").at("home_delegation") == "qingdao");
  CHECK(unit.at("route").at("flags") == nlohmann::json::array());
  // Filled from the scan (how well the name is read is the OCR benchmark's business).
  CHECK_FALSE(unit.at("name").get<std::string>().empty());
  CHECK(unit.at("registered_capital_wan") == 500);
}

TEST_CASE("register --licence refuses typed fields that disagree unless --accept-ocr",
          "[cli][register]") {
  Workspace ws;
  const std::vector<std::string> typed = {"--uscc", "91310115591693856A", "--name",
                                          "青岛另一家公司"};
  const CommandResult refused = ws.run([&] {
    auto args = register_from_scan(typed);
    args.insert(args.begin(), "--json");
    return args;
  }());
  CHECK(refused.exit_status == 1);
  const auto error = nlohmann::json::parse(refused.out).at("error");
  CHECK(error.at("reason") == "licence.mismatch");
  CHECK(error.at("details").at("fields") == "uscc,name");
  CHECK(error.at("details").at("uscc") ==
        std::string("typed \"91310115591693856A\" / scanned \"") + kUscc + "\"");
  CHECK_THAT(refused.err, Catch::Contains("licence.mismatch") && Catch::Contains("青岛另一家公司"));
  CHECK(ws.run({"unit", "show", kUscc}).exit_status == 3);  // nothing registered

  auto accepting = register_from_scan(typed);
  accepting.push_back("--accept-ocr");
  const CommandResult accepted = ws.run(accepting);
  REQUIRE(accepted.exit_status == 0);
  CHECK_THAT(accepted.out,
             Catch::Contains("accepted from the scan over what was typed: uscc, name"));
  CHECK_THAT(accepted.out, Catch::Contains("flags:         ocr_accepted"));
  CHECK_THAT(accepted.out, Catch::Contains("review:        home_delegation (delegation:qingdao)"));

  const CommandResult audit =
      ws.run({"--json", "audit", "--subject", std::string("unit:") + kUscc});
  REQUIRE(audit.exit_status == 0);
  const auto entries = nlohmann::json::parse(audit.out).at("entries");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].at("details").at("ocr_accepted") == nlohmann::json{"uscc", "name"});
}

TEST_CASE("register --licence options that do not fit are usage errors", "[cli][register]") {
  Workspace ws;
  const CommandResult without_scan = ws.run({"register", "--uscc", kUscc, "--name", "某公司",
                                             "--category", "enterprise", "--accept-ocr"});
  CHECK(without_scan.exit_status == 2);
  CHECK_THAT(without_scan.err, Catch::Contains("--licence"));

  const CommandResult overseas = ws.run(register_from_scan({"--region", "overseas"}));
  CHECK(overseas.exit_status == 2);
  CHECK_THAT(overseas.err, Catch::Contains("mainland"));

  const CommandResult bulk = ws.run({"register", "--from", "units.csv", "--licence", kScan});
  CHECK(bulk.exit_status == 2);
  CHECK_THAT(bulk.err, Catch::Contains("--licence does not go with --from"));

  const CommandResult missing =
      ws.run({"register", "--licence", "nowhere.png", "--category", "enterprise", "--consent"});
  CHECK(missing.exit_status == 2);
  CHECK_THAT(missing.err, Catch::Contains("licence.read"));
}
