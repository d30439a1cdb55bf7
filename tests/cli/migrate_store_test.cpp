// `ciie migrate-store`: a SQLite store copied into PostgreSQL reads back the same through the
// CLI, ids go on after the copied ones, and a target that holds a store, a non-organizer and a
// target that is not PostgreSQL are refused. Needs the test server: the PostgreSQL pass.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace {

using ciie::test::CommandResult;

const std::string kConfig = std::string(CIIE_SOURCE_DIR) + "/tests/cli/data/quotas.toml";
const std::string kNow = "2024-06-03T10:00:00+08:00";

// `ciie --config … --now … --db DB args…`; "sqlite:" keeps the PostgreSQL pass off the file.
CommandResult ciie_on(const std::string& db, std::vector<std::string> args) {
  std::vector<std::string> full{"--config", kConfig, "--now", kNow, "--db", db};
  full.insert(full.end(), args.begin(), args.end());
  return ciie::test::run_ciie(full);
}

}  // namespace

TEST_CASE("migrate-store copies a SQLite store into PostgreSQL, which then reads the same",
          "[cli][postgres]") {
  if (!ciie::test::testing_postgres()) {
    WARN("migrate-store needs a PostgreSQL server: it runs on the PostgreSQL pass");
    return;
  }
  ciie::test::TempDir dir;
  const std::string sqlite = "sqlite:" + dir.file("source.db");
  const std::string photo = std::string(CIIE_SOURCE_DIR) + "/tests/cli/data/photos/zhang.png";
  REQUIRE(ciie_on(sqlite, {"init"}).exit_status == 0);
  REQUIRE(
      ciie_on(sqlite, {"register", "--uscc", "91310115591693856A", "--name", "上海示例贸易有限公司",
                       "--category", "enterprise", "--phone", "13812345678", "--consent"})
          .exit_status == 0);
  REQUIRE(ciie_on(sqlite, {"person", "add", "--unit", "91310115591693856A", "--name", "张伟",
                           "--doc-type", "cn_id", "--doc-number", "310115198503120012", "--phone",
                           "13812340001", "--badge", "full", "--photo", photo})
              .exit_status == 0);

  const std::string postgres = ciie::test::store_location(dir.file("target.db"));
  const CommandResult copied = ciie_on(sqlite, {"--json", "migrate-store", "--to", postgres});
  INFO(copied.err);
  REQUIRE(copied.exit_status == 0);
  CHECK(copied.out.find("\"ok\":true") != std::string::npos);
  CHECK(copied.out.find("\"unit\":1") != std::string::npos);
  CHECK(copied.out.find("\"person_photo\":1") != std::string::npos);

  // The same answers from both stores: units, persons (photo bytes included), the audit trail.
  for (const std::vector<std::string>& question :
       {std::vector<std::string>{"--json", "unit", "list"},
        {"--json", "person", "list", "--unit", "91310115591693856A"},
        {"--json", "audit"}}) {
    const CommandResult from = ciie_on(sqlite, question);
    const CommandResult to = ciie_on(postgres, question);
    INFO(question.back() << "\n" << to.err);
    CHECK(to.exit_status == 0);
    CHECK(to.out == from.out);
  }
  // New rows take ids after the copied ones.
  const CommandResult added =
      ciie_on(postgres, {"--json", "person", "add", "--unit", "91310115591693856A", "--name",
                         "李娜", "--doc-type", "passport", "--doc-number", "e1234-5678", "--phone",
                         "13812340002", "--badge", "weekend"});
  INFO(added.err);
  CHECK(added.exit_status == 0);
  CHECK(added.out.find("\"id\":2") != std::string::npos);

  // A target with a store is left alone.
  const CommandResult again = ciie_on(sqlite, {"migrate-store", "--to", postgres});
  CHECK(again.exit_status == 4);
  CHECK(again.err.find("store.exists") != std::string::npos);
  // Only the organizer copies; the target must be PostgreSQL.
  const CommandResult delegation =
      ciie_on(sqlite, {"--as", "delegation:shanghai", "migrate-store", "--to",
                       ciie::test::store_location(dir.file("other.db"))});
  CHECK(delegation.err.find("auth.forbidden") != std::string::npos);
  const CommandResult not_postgres =
      ciie_on(sqlite, {"migrate-store", "--to", "sqlite:" + dir.file("copy.db")});
  CHECK(not_postgres.exit_status == 2);
  CHECK(not_postgres.err.find("store.uri") != std::string::npos);
}
