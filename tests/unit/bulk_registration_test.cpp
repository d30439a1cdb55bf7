// Bulk registration (domain §15): all or nothing, --continue-on-error, dry runs, idempotent
// re-runs, and every refusal with its line and column.
#include <sstream>

#include <catch2/catch.hpp>

#include "support/registry_fixture.hpp"

using namespace ciie;

namespace {

struct Run {
  Result<BulkSummary> summary = Status::internal("not run");
  std::vector<RowOutcome> rows;
};

Run run(test::RegistryFixture& f, const std::string& csv, BulkOptions options = {},
        const Actor& actor = Actor::organizer()) {
  std::istringstream input(csv);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::register_columns();
  reader_options.required_columns = Registry::register_required_columns();
  reader_options.ignore_unknown = options.ignore_unknown;
  auto reader = make_record_reader(input, InputFormat::kCsv, reader_options);
  Run result;
  result.summary = f->register_units(actor, *reader, options,
                                     [&](const RowOutcome& row) { result.rows.push_back(row); });
  return result;
}

std::size_t unit_count(test::RegistryFixture& f) {
  return f->units(Actor::organizer(), UnitFilter{})->size();
}

const std::string kHeader = "uscc,name,category,consent,phone,delegation\n";
const std::string kGood =
    "91310115591693856A,上海甲公司,enterprise,true,13812345678,\n"
    "9144030071526726XG,深圳乙公司,government,true,,\n";
const std::string kBad = "91310115591693856B,坏的,enterprise,true,,\n";

}  // namespace

TEST_CASE("a file with a bad row applies nothing, and says where", "[bulk][registration]") {
  test::RegistryFixture f;
  Run result = run(f, kHeader + kGood + kBad);
  REQUIRE(result.summary.is_ok());
  CHECK(result.summary->rows == 3);
  CHECK(result.summary->ok == 2);
  CHECK(result.summary->failed == 1);
  CHECK_FALSE(result.summary->applied);
  REQUIRE(result.rows.size() == 3);
  CHECK(result.rows[2].line == 4);
  CHECK(result.rows[2].error.reason() == "uscc.checksum");
  CHECK(*result.rows[2].error.line() == 4);
  CHECK(unit_count(f) == 0);
}

TEST_CASE("continue-on-error applies the good rows — a re-run is unchanged",
          "[bulk][registration]") {
  test::RegistryFixture f;
  BulkOptions keep_going;
  keep_going.continue_on_error = true;
  Run first = run(f, kHeader + kGood + kBad, keep_going);
  REQUIRE(first.summary.is_ok());
  CHECK(first.summary->applied);
  CHECK(first.summary->by_outcome["registered"] == 2);
  CHECK(unit_count(f) == 2);

  Run again = run(f, kHeader + kGood);
  REQUIRE(again.summary.is_ok());
  CHECK(again.summary->failed == 0);
  CHECK(again.summary->by_outcome["unchanged"] == 2);
  CHECK(unit_count(f) == 2);
}

TEST_CASE("a dry run changes nothing", "[bulk][registration]") {
  test::RegistryFixture f;
  BulkOptions dry;
  dry.dry_run = true;
  Run result = run(f, kHeader + kGood, dry);
  REQUIRE(result.summary.is_ok());
  CHECK(result.summary->ok == 2);
  CHECK_FALSE(result.summary->applied);
  CHECK(unit_count(f) == 0);
}

TEST_CASE("row refusals name their column", "[bulk][registration]") {
  test::RegistryFixture f;
  Run result = run(f, kHeader +
                          "91310115591693856A,甲,enterprise,no,,\n"
                          "91310115591693856A,甲,clergy,true,,\n"
                          "91310115591693856A,甲,enterprise,true,123,\n"
                          "91310115591693856A,甲,enterprise,true,,industry-01\n"
                          "91310115591693856A,甲,enterprise,true\n");
  REQUIRE(result.summary.is_ok());
  REQUIRE(result.rows.size() == 5);
  CHECK(result.rows[0].error.reason() == "register.consent");
  CHECK(result.rows[0].error.field() == "consent");
  CHECK(result.rows[1].error.reason() == "register.category");
  CHECK(result.rows[2].error.reason() == "phone.format");
  CHECK(result.rows[2].error.field() == "phone");
  CHECK(result.rows[3].error.reason() == "delegation.referral_required");
  CHECK(result.rows[4].error.reason() == "bulk.syntax");
  CHECK(*result.rows[4].error.line() == 6);
}

TEST_CASE("a header the command cannot read ends the run", "[bulk][registration]") {
  test::RegistryFixture f;
  Run unknown = run(f, "uscc,name,category,consent,colour\n");
  CHECK(unknown.summary.status().reason() == "bulk.unknown_column");
  Run missing = run(f, "uscc,name\n91310115591693856A,甲\n");
  CHECK(missing.summary.status().reason() == "bulk.missing_column");
  CHECK(unit_count(f) == 0);
}

TEST_CASE("a delegation registers in bulk only units that route to it", "[bulk][registration]") {
  test::RegistryFixture f;
  Run result = run(f, kHeader + kGood, {}, Actor::delegation("shanghai"));
  REQUIRE(result.summary.is_ok());
  CHECK(result.rows[0].ok);
  CHECK(result.rows[1].error.reason() == "auth.forbidden");  // Shenzhen's unit
  CHECK(run(f, kHeader + kGood, {}, Actor::unit("x")).summary.status().reason() ==
        "auth.forbidden");
}
