// The Registry facade: opening stores, init (idempotent, audited, organizer-only), audit access.
#include "ciie/registry.hpp"

#include <catch2/catch.hpp>


#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

using namespace ciie;

namespace {

Options options_at(const std::string& uri, bool create) {
  Options options;
  options.store_uri = uri;
  options.create_if_missing = create;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  return options;
}

}  // namespace

TEST_CASE("init creates the store, loads the rules and writes one audit entry", "[registry]") {
  test::TempDir dir;
  const std::string path = test::store_location(dir.file("ciie.db"));
  CHECK(Registry::open(options_at(path, false)).status().reason() == "store.not_initialized");

  auto registry = Registry::open(options_at(path, true));
  REQUIRE(registry.is_ok());
  auto first = (*registry)->init(Actor::organizer());
  REQUIRE(first.is_ok());
  CHECK(first->schema_version_before == 0);
  CHECK(first->schema_version_after == Registry::latest_schema_version());
  CHECK(first->delegations == 43);
  CHECK(first->badge_types == 2);
  CHECK(first->changed > 43);

  auto second = (*registry)->init(Actor::organizer());
  REQUIRE(second.is_ok());
  CHECK(second->schema_version_before == second->schema_version_after);
  CHECK(second->changed == 0);

  AuditQuery query;
  query.subject = "store";
  auto entries = (*registry)->audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  REQUIRE(entries->size() == 1);  // the repeated init changed nothing and wrote nothing
  CHECK((*entries)[0].action == "store.init");
  CHECK((*entries)[0].actor == "organizer");
  CHECK((*entries)[0].at.to_shanghai_string() == "2024-06-03T10:00:00+08:00");

  // Once initialised, the store opens without the create flag.
  CHECK(Registry::open(options_at(path, false)).is_ok());
}

TEST_CASE("only the organizer initialises — others read only their own audit", "[registry]") {
  auto registry = Registry::open(options_at("sqlite::memory:", true));
  REQUIRE(registry.is_ok());
  for (const Actor& actor :
       {Actor::finance(), Actor::delegation("shanghai"), Actor::unit("91310115591693856A")}) {
    INFO(actor.to_string());
    const auto refused = (*registry)->init(actor);
    CHECK(refused.status().reason() == "auth.forbidden");
    CHECK(refused.status().code() == Code::kRefused);
  }
  REQUIRE((*registry)->init(Actor::organizer()).is_ok());
  AuditQuery all;
  CHECK((*registry)->audit(Actor::finance(), all).status().reason() == "auth.forbidden");
  AuditQuery own;
  own.subject = "unit:91310115591693856A";
  CHECK((*registry)->audit(Actor::unit("91310115591693856A"), own).is_ok());
}

TEST_CASE("a database without the ciie schema is not a store", "[registry]") {
  test::TempDir dir;
  const std::string path = test::store_location(dir.file("old.db"));
  test::exec_store(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  // Schema version 0 with tables: not a ciie store yet.
  CHECK(Registry::open(options_at(path, false)).status().reason() == "store.not_initialized");
}

TEST_CASE("invalid rules are refused at open", "[registry]") {
  Options options = options_at("sqlite::memory:", true);
  options.rules.delegations.push_back(options.rules.delegations.front());  // a duplicate slug
  const auto refused = Registry::open(options);
  CHECK(refused.status().reason() == "config.invalid");
}
