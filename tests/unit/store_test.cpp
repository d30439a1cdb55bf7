// The store on either backend (support/test_store.hpp): schema versions and migrations,
// transactions, busy handling, the append-only audit trail and the synchronisation of reference
// data.
#include "store/store.hpp"

#include <thread>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

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

std::string query_one(const std::string& location, const std::string& sql) {
  const auto rows = ciie::test::query_store(location, sql);
  return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

void exec(const std::string& location, const std::string& sql) {
  ciie::test::exec_store(location, sql);
}

// A store of this pass for a SQLite path (support/test_store.hpp).
std::string store_at(const ciie::test::TempDir& dir, const std::string& name) {
  return ciie::test::store_location(dir.file(name));
}

// The delegations and badge types the quota rows of the busy tests refer to.
void sync_rules(Store& store) {
  REQUIRE(store
              .write_transaction([&]() -> Status {
                return store.sync_reference_data(Rules::seventh_edition()).status();
              })
              .is_ok());
}

// One row both writers of the busy tests change: the free quota of zhejiang's full badges.
Status set_places(Store& store, std::int64_t places) {
  return store.set_quota_places("zhejiang", "", "full", places).status();
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
  const std::string path = store_at(dir, "s.db");
  auto store = open_new(path);
  CHECK(store->schema_version() == store->latest_schema_version());
  CHECK(store->latest_schema_version() >= 1);
  if (ciie::test::testing_postgres()) {
    CHECK(query_one(path, "SELECT version FROM schema_version") ==
          std::to_string(store->latest_schema_version()));
  } else {
    CHECK(query_one(path, "PRAGMA journal_mode") == "wal");
    CHECK(query_one(path, "PRAGMA user_version") ==
          std::to_string(store->latest_schema_version()));
  }
  // Migrating again is a no-op.
  auto again = store->migrate();
  REQUIRE(again.is_ok());
  CHECK(*again == store->latest_schema_version());
}

TEST_CASE("opening refuses missing, empty and too-new stores", "[store]") {
  ciie::test::TempDir dir;
  CHECK(open_store(store_at(dir, "missing.db"), {}).status().reason() ==
        "store.not_initialized");
  exec(store_at(dir, "empty.db"), "CREATE TABLE t (x INTEGER)");
  CHECK(open_store(store_at(dir, "empty.db"), {}).status().reason() == "store.not_initialized");
  exec(store_at(dir, "future.db"),
       ciie::test::testing_postgres()
           ? "CREATE TABLE schema_version (version BIGINT NOT NULL); "
             "INSERT INTO schema_version VALUES (9999)"
           : "PRAGMA user_version = 9999");
  const auto future = open_store(store_at(dir, "future.db"), {});
  CHECK(future.status().reason() == "store.too_new");
  CHECK(future.status().code() == ciie::Code::kStorage);
  // Nobody listens on port 9: a PostgreSQL store that cannot be reached is store.open, and the
  // message shows the URI without its password.
  const auto unreachable = open_store("postgresql://ciie:s3cret@127.0.0.1:9/ciie", {});
  CHECK(unreachable.status().reason() == "store.open");
  CHECK(unreachable.status().message().find("s3cret") == std::string::npos);
  CHECK(unreachable.status().message().find("ciie:***@127.0.0.1:9") != std::string::npos);
}

TEST_CASE("a failed transaction leaves nothing behind", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = store_at(dir, "s.db");
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
  const std::string path = store_at(dir, "s.db");
  auto holder = open_new(path);
  sync_rules(*holder);
  auto waiter = open_new(path, 100);
  // SQLite has one writer at a time: any write transaction waits. PostgreSQL's writers wait
  // only for the rows they both change (here the same quota row).
  Status inner;
  Status outer = holder->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(set_places(*holder, 5));
    inner = waiter->write_transaction([&] { return set_places(*waiter, 6); });
    return Status::ok();
  });
  CHECK(outer.is_ok());
  CHECK(inner.reason() == "store.busy");
  CHECK(inner.code() == ciie::Code::kConflict);
  // Once the lock is free the same writer succeeds.
  CHECK(waiter->write_transaction([&] { return set_places(*waiter, 6); }).is_ok());
  CHECK(query_one(path, "SELECT places FROM free_quota") == "6");
}

TEST_CASE("a writer waits for the lock within the busy timeout", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = store_at(dir, "s.db");
  auto first = open_new(path);
  sync_rules(*first);
  auto second = open_new(path, 5000);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    (void)first->write_transaction([&] {
      CIIE_RETURN_IF_ERROR(set_places(*first, 5));
      holding = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return Status::ok();
    });
  });
  while (!holding) std::this_thread::yield();
  // On PostgreSQL the second writer, once the first commits, fails with a serialization
  // failure (it would overwrite a change it did not see) and runs again: it still succeeds.
  auto e = entry("test.after_wait");
  CHECK(second->write_transaction([&] {
                CIIE_RETURN_IF_ERROR(set_places(*second, 7));
                return second->append_audit(e);
              }).is_ok());
  holder.join();
  CHECK(query_one(path, "SELECT places FROM free_quota") == "7");
}

TEST_CASE("the audit trail is append-only and filterable", "[store][audit]") {
  ciie::test::TempDir dir;
  const std::string path = store_at(dir, "s.db");
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

  CHECK_THROWS(exec(path, "UPDATE audit SET actor = 'x'"));
  CHECK_THROWS(exec(path, "DELETE FROM audit"));
  CHECK(query_one(path, "SELECT count(*) FROM audit") == "3");
}

TEST_CASE("reference data follows the rules and is idempotent", "[store]") {
  ciie::test::TempDir dir;
  const std::string path = store_at(dir, "s.db");
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
  const std::string path = store_at(dir, "s.db");
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
