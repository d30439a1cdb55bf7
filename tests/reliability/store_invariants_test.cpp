// The store invariants the crash-safety and load tests rely on (tests/support/store_invariants.hpp)
// hold on the richest store we make — the walkthrough's: quotas held, a referral code used,
// orders paid by notice and by transfer, invoices, a red-letter reversal and a refund — and
// each one reports a store broken on purpose, so that a silent checker cannot pass those tests.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/run_command.hpp"
#include "support/store_invariants.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace {

namespace fs = std::filesystem;

// Applies `sql` to the store at `path` (foreign keys off, as a damaged file would be).
void tamper(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO(sql << ": " << (error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

bool mentions(const std::vector<std::string>& violations, const std::string& what) {
  for (const std::string& v : violations) {
    if (v.find(what) != std::string::npos) return true;
  }
  return false;
}

// The walkthrough's store, made once per test run (Catch2 runs a test case again for each of its
// sections; the walkthrough takes a minute).
const std::string& walkthrough_store() {
  static ciie::test::TempDir dir;
  static const std::string store = [] {
    const auto walked = ciie::test::run_command(
        {CIIE_SOURCE_DIR "/examples/walkthrough.sh", CIIE_CLI_PATH}, {},
        {{"TMPDIR", dir.path().string()}});
    if (walked.exit_status != 0) {
      throw std::runtime_error("the walkthrough failed: " + walked.err.substr(0, 2000));
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      if (entry.path().filename() == "ciie.db") return entry.path().string();
    }
    throw std::runtime_error("the walkthrough left no store");
  }();
  return store;
}

}  // namespace

TEST_CASE("store invariants: the walkthrough's store holds them, and each catches its breach",
          "[reliability][invariants]") {
  if (ciie::test::sqlite_only("tampers with the SQLite file")) return;
  ciie::test::TempDir dir;
  const std::string& store = walkthrough_store();

  const std::vector<std::string> clean = ciie::test::store_invariant_violations(store);
  for (const std::string& v : clean) UNSCOPED_INFO(v);
  REQUIRE(clean.empty());

  struct Breach {
    const char* sql;
    const char* reported_as;
  };
  const Breach breaches[] = {
      // The walkthrough configures no free quota: one is made, its place taken by nobody …
      {"INSERT INTO free_quota (delegation, sub_delegation, badge_type, places, used) "
       "VALUES ('jiangsu', '', 'full', 5, 1)",
       "free quota used"},
      // … or a person holds a place of a quota that is not there.
      {"UPDATE person SET free_delegation = 'jiangsu', free_sub_delegation = '' "
       "WHERE id = (SELECT min(id) FROM person)",
       "quota that does not exist"},
      {"UPDATE referral_code SET uses = uses + 1 WHERE uses > 0", "referral code uses"},
      {"UPDATE order_line SET fee_fen = fee_fen + 100 WHERE rowid = "
       "(SELECT min(rowid) FROM order_line WHERE refund IS NULL)",
       "order total"},
      {"UPDATE badge_order SET refunded_fen = refunded_fen + 100 WHERE refunded_fen > 0",
       "order refunded total"},
      {"UPDATE refund_line SET fee_fen = fee_fen + 1", "refund amount"},
      {"UPDATE payment SET amount_fen = 1 WHERE order_number IN "
       "(SELECT number FROM badge_order WHERE refunded_fen > 0)",
       "refunded never exceeds"},
      {"UPDATE payment SET state = 'failed' WHERE id = "
       "(SELECT min(id) FROM payment WHERE state = 'confirmed')",
       "confirmed payment"},
      // The partial unique index keeps this from happening; without it, the checker sees it.
      {"DROP INDEX order_line_one_holding; "
       "INSERT INTO order_line (order_number, person, person_name, badge_type, free_badge, "
       "fee_fen, holding) SELECT o.number, h.person, 'x', 'full', 0, 0, 1 FROM badge_order o, "
       "(SELECT person, order_number FROM order_line WHERE holding = 1 LIMIT 1) h "
       "WHERE o.number <> h.order_number LIMIT 1",
       "held by at most one order"},
      {"UPDATE invoice_sequence SET last = last + 1", "invoice numbers"},
      {"PRAGMA foreign_keys = OFF; INSERT INTO order_line (order_number, person, person_name, "
       "badge_type, free_badge, fee_fen) VALUES ('no-such-order', 999999, 'x', 'full', 0, 0)",
       "foreign_key_check"},
  };
  for (const Breach& breach : breaches) {
    DYNAMIC_SECTION(breach.reported_as) {
      const std::string copy = dir.file("broken.db");
      fs::copy_file(store, copy, fs::copy_options::overwrite_existing);
      tamper(copy, breach.sql);
      const std::vector<std::string> found = ciie::test::store_invariant_violations(copy);
      for (const std::string& v : found) UNSCOPED_INFO(v);
      CHECK(mentions(found, breach.reported_as));
    }
  }
}
