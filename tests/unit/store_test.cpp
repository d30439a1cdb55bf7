// The SQLite store: schema versions and migrations, transactions, busy handling, the
// append-only audit trail and the synchronisation of reference data.
#include "store/store.hpp"

#include <thread>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "support/temp_dir.hpp"

using ciie::Rules;
using ciie::Status;
using namespace ciie::store;

namespace {

std::unique_ptr<Store> open_new(const std::string& path, std::int64_t busy_ms = 2000) {
  StoreOptions options;
  options.create_if_missing = true;
  options.busy_timeout_ms = busy_ms;
  auto store = open_store(path, options);
  REQUIRE(store.is_ok());
  REQUIRE((*store)->migrate().is_ok());
  return std::move(store).value();
}

std::string query_one(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

void exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

ciie::AuditEntry entry(const std::string& action) {
  ciie::AuditEntry e;
  e.at = *ciie::Instant::parse("2024-06-01T10:00:00+08:00");
  e.actor = "organizer";
  e.action = action;
  e.subject = "store";
  e.details = R"({"n":1})";
  return e;
}

}  // namespace

TEST_CASE("store URIs", "[store]") {
  CHECK(parse_store_uri("ciie.db")->location == "ciie.db");
  CHECK(parse_store_uri("sqlite:/tmp/x.db")->location == "/tmp/x.db");
  CHECK(parse_store_uri("sqlite:///tmp/x.db")->location == "/tmp/x.db");
  CHECK(parse_store_uri("sqlite::memory:")->kind == StoreUri::Kind::kSqliteMemory);
  CHECK(parse_store_uri("postgresql://u@h/db")->kind == StoreUri::Kind::kPostgres);
  CHECK(parse_store_uri("").status().reason() == "store.uri");
  CHECK(parse_store_uri("mysql://x").status().reason() == "store.uri");
  CHECK(parse_store_uri("sqlite:").status().reason() == "store.uri");
}

TEST_CASE("a new store is WAL with foreign keys and the latest schema", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto store = open_new(path);
  CHECK(store->schema_version() == store->latest_schema_version());
  CHECK(store->latest_schema_version() >= 1);
  CHECK(query_one(path, "PRAGMA journal_mode") == "wal");
  CHECK(query_one(path, "PRAGMA user_version") == std::to_string(store->latest_schema_version()));
  // Migrating again is a no-op.
  auto again = store->migrate();
  REQUIRE(again.is_ok());
  CHECK(*again == store->latest_schema_version());
}

TEST_CASE("opening refuses missing, empty and too-new stores", "[store]") {
  ciie::test::TempDir dir;
  CHECK(open_store(dir.file("missing.db"), {}).status().reason() == "store.not_initialized");
  exec(dir.file("empty.db"), "CREATE TABLE t (x)");
  CHECK(open_store(dir.file("empty.db"), {}).status().reason() == "store.not_initialized");
  exec(dir.file("future.db"), "PRAGMA user_version = 9999");
  const auto future = open_store(dir.file("future.db"), {});
  CHECK(future.status().reason() == "store.too_new");
  CHECK(future.status().code() == ciie::Code::kStorage);
  CHECK(open_store("postgresql://localhost/ciie", {}).status().reason() == "store.unsupported");
}

TEST_CASE("a failed transaction leaves nothing behind", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto store = open_new(path);
  Status failed = store->write_transaction([&]() -> Status {
    auto e = entry("test.first");
    CIIE_RETURN_IF_ERROR(store->append_audit(e));
    return Status::refused("test.no", "changed my mind");
  });
  CHECK(failed.reason() == "test.no");
  Status thrown = store->write_transaction([&]() -> Status {
    auto e = entry("test.second");
    CIIE_RETURN_IF_ERROR(store->append_audit(e));
    throw std::runtime_error("boom");
  });
  CHECK(thrown.code() == ciie::Code::kInternal);
  CHECK(query_one(path, "SELECT count(*) FROM audit") == "0");

  // Nested transactions join the outer one and commit with it.
  Status nested = store->write_transaction([&]() -> Status {
    return store->write_transaction([&]() -> Status {
      auto e = entry("test.nested");
      return store->append_audit(e);
    });
  });
  CHECK(nested.is_ok());
  CHECK(query_one(path, "SELECT action FROM audit") == "test.nested");
}

TEST_CASE("a writer blocked past the busy timeout fails with store.busy", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto holder = open_new(path);
  auto waiter = open_new(path, 100);
  Status inner;
  Status outer = holder->write_transaction([&]() -> Status {
    inner = waiter->write_transaction([] { return Status::ok(); });
    return Status::ok();
  });
  CHECK(outer.is_ok());
  CHECK(inner.reason() == "store.busy");
  CHECK(inner.code() == ciie::Code::kConflict);
  // Once the lock is free the same writer succeeds.
  CHECK(waiter->write_transaction([] { return Status::ok(); }).is_ok());
}

TEST_CASE("a writer waits for the lock within the busy timeout", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto first = open_new(path);
  auto second = open_new(path, 5000);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    (void)first->write_transaction([&] {
      holding = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return Status::ok();
    });
  });
  while (!holding) std::this_thread::yield();
  auto e = entry("test.after_wait");
  CHECK(second->write_transaction([&] { return second->append_audit(e); }).is_ok());
  holder.join();
}

TEST_CASE("the audit trail is append-only and filterable", "[store][audit]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto store = open_new(path);
  REQUIRE(store
              ->write_transaction([&]() -> Status {
                for (const char* action : {"a.one", "a.two", "a.one"}) {
                  auto e = entry(action);
                  CIIE_RETURN_IF_ERROR(store->append_audit(e));
                }
                return Status::ok();
              })
              .is_ok());
  ciie::AuditQuery all;
  auto entries = store->list_audit(all);
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].id > (*entries)[2].id);  // newest first
  CHECK((*entries)[0].details == R"({"n":1})");
  ciie::AuditQuery ones;
  ones.action = "a.one";
  CHECK(store->list_audit(ones)->size() == 2);
  ones.limit = 1;
  CHECK(store->list_audit(ones)->size() == 1);

  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  CHECK(sqlite3_exec(db, "UPDATE audit SET actor = 'x'", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
  CHECK(query_one(path, "SELECT count(*) FROM audit") == "3");
}

TEST_CASE("reference data follows the rules and is idempotent", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto store = open_new(path);
  Rules rules = Rules::seventh_edition();
  rules.delegations[0].free_quota["full"] = 30;
  SyncCounts first;
  REQUIRE(store
              ->write_transaction([&]() -> Status {
                CIIE_ASSIGN_OR_RETURN(first, store->sync_reference_data(rules));
                return Status::ok();
              })
              .is_ok());
  CHECK(first.delegations == 43);
  CHECK(first.badge_types == 2);
  CHECK(first.quotas == 1);
  CHECK(first.changed == first.delegations + first.sub_delegations + first.badge_types + 1);
  CHECK(query_one(path, "SELECT count(*) FROM delegation") == "43");
  CHECK(query_one(path, "SELECT fee_fen FROM badge_type WHERE code = 'full'") == "20000");

  SyncCounts second;
  REQUIRE(store
              ->write_transaction([&]() -> Status {
                CIIE_ASSIGN_OR_RETURN(second, store->sync_reference_data(rules));
                return Status::ok();
              })
              .is_ok());
  CHECK(second.changed == 0);

  // A changed fee, a removed delegation and a removed quota are applied.
  rules.badge_types[0].fee = ciie::Money::from_fen(25000);
  const std::string removed = rules.delegations.back().slug;
  rules.delegations.pop_back();
  rules.delegations[0].free_quota.clear();
  SyncCounts third;
  REQUIRE(store
              ->write_transaction([&]() -> Status {
                CIIE_ASSIGN_OR_RETURN(third, store->sync_reference_data(rules));
                return Status::ok();
              })
              .is_ok());
  CHECK(third.changed >= 3);
  CHECK(query_one(path, "SELECT fee_fen FROM badge_type WHERE code = 'full'") == "25000");
  CHECK(query_one(path, "SELECT count(*) FROM delegation WHERE slug = '" + removed + "'") == "0");
  CHECK(query_one(path, "SELECT count(*) FROM free_quota") == "0");
}

TEST_CASE("a quota with places held is not silently removed", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = dir.file("s.db");
  auto store = open_new(path);
  Rules rules = Rules::seventh_edition();
  rules.delegations[0].free_quota["full"] = 5;
  auto sync = [&] {
    return store->write_transaction(
        [&]() -> Status { return store->sync_reference_data(rules).status(); });
  };
  REQUIRE(sync().is_ok());
  exec(path, "UPDATE free_quota SET used = 2");
  rules.delegations[0].free_quota.clear();
  const Status refused = sync();
  CHECK(refused.reason() == "store.in_use");
  CHECK(query_one(path, "SELECT places FROM free_quota") == "5");  // rolled back
}
