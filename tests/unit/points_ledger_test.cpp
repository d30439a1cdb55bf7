// Points (PTS-1, PTS-2) through the Registry: e-coupons and their limits, manual adjustments,
// deals, published needs, the check-in import (all or none, line and field, dry run, re-import
// unchanged), who may read what, and the ledger's append-only schema.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <sstream>



#include "registry/points_flow.hpp"
#include "support/points_fixture.hpp"

using namespace ciie;
using namespace ciie::test;
using test::must;

TEST_CASE("e-coupons: cost, value, the per-edition limit, unknown coupons, who may redeem",
          "[points]") {
  Rules rules = Rules::seventh_edition();
  CouponRules meal;
  meal.code = "meal-50";
  meal.cost_points = 800;
  meal.value = Money::from_fen(5000);
  meal.max_per_unit_per_edition = 5;
  rules.points.coupons.push_back(meal);
  test::RegistryFixture f(rules);
  const auto ready = test::ready_unit(*f, 6, 60, 1);
  const auto other = test::ready_unit(*f, 7, 70, 1);
  const std::string holder = unit_holder(ready.account);
  must(f->award_points(Actor::organizer(), {holder, 2000, "补发", ""}), "award");  // 2100

  const CouponRedemption first =
      must(f->redeem_coupon(Actor::unit(ready.account), holder, "badge-20"), "redeem");
  CHECK(first.code.size() == 10);
  CHECK(first.code[0] == 'E');
  CHECK(first.value == Money::from_fen(2000));
  CHECK(first.cost_points == 1000);
  CHECK(balance(f, holder) == 1100);
  CHECK(f->redeem_coupon(Actor::unit(ready.account), holder, "badge-20").status().reason() ==
        "points.coupon_limit");
  CHECK(f->redeem_coupon(Actor::unit(ready.account), holder, "badge-99").status().reason() ==
        "points.coupon_unknown");
  must(f->redeem_coupon(Actor::organizer(), holder, "meal-50"), "meal");  // 300 left
  CHECK(f->redeem_coupon(Actor::unit(ready.account), holder, "meal-50").status().reason() ==
        "points.insufficient");
  CHECK(balance(f, holder) == 300);
  CHECK(f->redeem_coupon(Actor::unit(other.account), holder, "meal-50").status().reason() ==
        "auth.forbidden");
  CHECK(f->redeem_coupon(Actor::delegation("shanghai"), holder, "meal-50").status().reason() ==
        "auth.forbidden");
  const PointsBalance shown = must(f->points_balance(Actor::unit(ready.account), holder), "show");
  CHECK(shown.spent == 1800);
  CHECK(shown.earned == 2100);
  REQUIRE(shown.coupons.size() == 2);
  CHECK(shown.coupons[0].coupon == "meal-50");
  CHECK(shown.coupons[1].code == first.code);
}

TEST_CASE("manual adjustments: organizer only, a reason, idempotent per key, never below 0",
          "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 8, 80, 1);
  const std::string holder = person_holder(ready.persons[0]);
  CHECK(f->award_points(Actor::unit(ready.account), {holder, 10, "x", ""}).status().reason() ==
        "auth.forbidden");
  CHECK(f->award_points(Actor::organizer(), {holder, 0, "x", ""}).status().reason() ==
        "points.value");
  CHECK(f->award_points(Actor::organizer(), {holder, 10, "", ""}).status().reason() ==
        "points.reason_required");
  CHECK(f->award_points(Actor::organizer(), {"person:999", 10, "x", ""}).status().reason() ==
        "person.unknown");
  CHECK(f->award_points(Actor::organizer(), {"nobody", 10, "x", ""}).status().reason() ==
        "points.holder");
  const AwardResult first = must(f->award_points(Actor::organizer(), {holder, 40, "志愿者", "k1"}), "a");
  CHECK(first.outcome == AwardOutcome::kAwarded);
  const AwardResult again = must(f->award_points(Actor::organizer(), {holder, 40, "志愿者", "k1"}), "a");
  CHECK(again.outcome == AwardOutcome::kUnchanged);
  CHECK(again.entry->id == first.entry->id);
  CHECK(balance(f, holder) == 40);  // the person is not approved yet: only the adjustment
  CHECK(f->award_points(Actor::organizer(), {holder, -41, "更正", "k2"}).status().reason() ==
        "points.insufficient");
  must(f->award_points(Actor::organizer(), {holder, -40, "更正", "k2"}), "take");
  CHECK(balance(f, holder) == 0);
}

TEST_CASE("deals earn per whole 10,000 yuan, once per reference", "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 9, 90, 1);
  const auto other = test::ready_unit(*f, 10, 91, 1);
  const std::string holder = unit_holder(ready.account);
  DealRecord deal;
  deal.reference = "CT-2024-0042";
  deal.unit = ready.account;
  deal.amount = must(Money::parse("259999.99"), "m");
  const DealOutcome done = must(f->record_deal(Actor::organizer(), deal), "deal");
  CHECK(done.recorded);
  CHECK(done.award.outcome == AwardOutcome::kAwarded);
  CHECK(done.award.entry->points == 250);
  CHECK(balance(f, holder) == 350);
  const DealOutcome again = must(f->record_deal(Actor::organizer(), deal), "deal");
  CHECK_FALSE(again.recorded);
  CHECK(again.award.outcome == AwardOutcome::kUnchanged);
  CHECK(balance(f, holder) == 350);
  DealRecord moved = deal;
  moved.unit = other.account;
  CHECK(f->record_deal(Actor::organizer(), moved).status().reason() == "points.deal_conflict");
  DealRecord small = deal;
  small.reference = "CT-2024-0043";
  small.amount = Money::from_fen(999'999);
  CHECK(must(f->record_deal(Actor::organizer(), small), "small").award.outcome ==
        AwardOutcome::kNone);
  DealRecord bad = deal;
  bad.reference = "";
  CHECK(f->record_deal(Actor::organizer(), bad).status().reason() == "points.reference_required");
  bad = deal;
  bad.amount = Money::from_fen(0);
  CHECK(f->record_deal(Actor::organizer(), bad).status().reason() == "points.amount");
  CHECK(f->record_deal(Actor::unit(ready.account), deal).status().reason() == "auth.forbidden");
  bad = deal;
  bad.reference = "CT-X";
  bad.unit = "91310115000000000X";
  CHECK(f->record_deal(Actor::organizer(), bad).status().reason() == "unit.unknown");
}

TEST_CASE("a published need earns publish_need once per need (award_need_published)", "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 11, 110, 1);
  auto store = open_store(f);
  for (int run = 0; run < 2; ++run) {
    in_transaction(*store, [&]() -> Status {
      CIIE_RETURN_IF_ERROR(registry::award_need_published(*store, f->rules(), ready.account, 7,
                                                          f.clock->now(), "unit:" + ready.account));
      return registry::award_need_published(*store, f->rules(), ready.account, 8, f.clock->now(),
                                            "unit:" + ready.account);
    });
  }
  CHECK(balance(f, unit_holder(ready.account)) == 140);
  const auto entries = history(f, unit_holder(ready.account));
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].subject == "need:8");
  CHECK(entries[0].rule == PointsRule::kNeed);
}

TEST_CASE("check-in import: attend once per person per edition, all or none, dry run, re-import "
          "unchanged",
          "[points]") {
  test::RegistryFixture f(lenient_refunds());
  const auto ready = test::ready_unit(*f, 12, 120, 3);
  pay_all(f, ready, 12);
  const std::string p0 = std::to_string(ready.persons[0]);
  const std::string p1 = std::to_string(ready.persons[1]);
  const std::string csv = "person,document,badge,checked_in,gate\n" + p0 +
                          ",,B1,2024-11-05T09:01:00+08:00,east-1\n" + p0 +
                          ",,B1,2024-11-06T09:30:00+08:00,east-2\n,'" + test::cn_id(121) +
                          ",B2,2024-11-05T10:00:00+08:00,north\n";
  // The quote is not a document: line 4 is refused, nothing applied.
  std::vector<RowOutcome> rows;
  const BulkSummary refused = import(f, csv, InputFormat::kCsv, {}, &rows);
  CHECK(refused.failed == 1);
  CHECK_FALSE(refused.applied);
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].error.line() == 4);
  CHECK(rows[2].error.field() == "document");
  CHECK(balance(f, person_holder(ready.persons[0])) == 100);

  const std::string good = "person,document,badge,checked_in,gate\n" + p0 +
                           ",,B1,2024-11-05T09:01:00+08:00,east-1\n" + p0 +
                           ",,B1,2024-11-06T09:30:00+08:00,east-2\n," + test::cn_id(121) +
                           ",B2,2024-11-05T10:00:00+08:00,north\n";
  BulkOptions dry;
  dry.dry_run = true;
  const BulkSummary checked = import(f, good, InputFormat::kCsv, dry);
  CHECK(checked.ok == 3);
  CHECK_FALSE(checked.applied);
  CHECK(balance(f, person_holder(ready.persons[0])) == 100);

  const BulkSummary done = import(f, good, InputFormat::kCsv, {});
  CHECK(done.applied);
  CHECK(done.by_outcome.at("awarded") == 2);
  CHECK(done.by_outcome.at("recorded") == 1);
  CHECK(balance(f, person_holder(ready.persons[0])) == 300);
  CHECK(balance(f, person_holder(ready.persons[1])) == 300);
  CHECK(balance(f, person_holder(ready.persons[2])) == 100);

  const BulkSummary again = import(f, good, InputFormat::kCsv, {});
  CHECK_FALSE(again.applied);
  CHECK(again.by_outcome.at("unchanged") == 3);
  CHECK(balance(f, person_holder(ready.persons[0])) == 300);

  // JSON Lines; an unknown person and a bad instant refused with their fields; the good row
  // applied with --continue-on-error.
  const std::string jsonl = "{\"person\":" + p1 + ",\"checked_in\":\"2024-11-07T08:00:00Z\"}\n" +
                            "{\"person\":999999,\"checked_in\":\"2024-11-07T08:00:00Z\"}\n" +
                            "{\"person\":" + p1 + ",\"checked_in\":\"yesterday\"}\n" +
                            "{\"checked_in\":\"2024-11-07T08:00:00Z\"}\n";
  rows.clear();
  BulkOptions lenient;
  lenient.continue_on_error = true;
  const BulkSummary mixed = import(f, jsonl, InputFormat::kJsonLines, lenient, &rows);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].outcome == "recorded");
  CHECK(rows[1].error.reason() == "person.unknown");
  CHECK(rows[1].error.field() == "person");
  CHECK(rows[2].error.reason() == "time.format");
  CHECK(rows[2].error.field() == "checked_in");
  CHECK(rows[3].error.reason() == "checkin.person");
  CHECK(mixed.applied);

  // A person who is not approved (submitted, not paid yet) has no badge to check in with.
  test::RegistryFixture g;
  const auto waiting = test::ready_unit(*g, 13, 130, 1);
  const BulkSummary unpaid = import(g, "person,checked_in\n" + std::to_string(waiting.persons[0]) +
                                           ",2024-11-05T09:00:00+08:00\n",
                                    InputFormat::kCsv, {}, &rows);
  CHECK(unpaid.failed == 1);
  CHECK(rows.back().error.reason() == "checkin.not_approved");
  std::istringstream empty("checked_in\n");
  auto reader = make_record_reader(empty, InputFormat::kCsv, {});
  CHECK(g->import_checkins(Actor::unit(waiting.account), *reader, {}, {}).status().reason() ==
        "auth.forbidden");
}

TEST_CASE("reading points: a unit its own and its persons', a delegation its units', nobody else",
          "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 14, 140, 1);
  const auto other = test::ready_unit(*f, 15, 150, 1);
  const std::string person = person_holder(ready.persons[0]);
  CHECK(f->points_balance(Actor::unit(ready.account), unit_holder(ready.account)).is_ok());
  CHECK(f->points_balance(Actor::unit(ready.account), person).is_ok());
  CHECK(f->points_balance(Actor::delegation("shanghai"), person).is_ok());
  CHECK(f->points_balance(Actor::finance(), person).is_ok());
  CHECK(f->points_balance(Actor::unit(other.account), person).status().reason() ==
        "auth.forbidden");
  CHECK(f->points_balance(Actor::delegation("zhejiang"), unit_holder(ready.account))
            .status()
            .reason() == "auth.forbidden");
  CHECK(f->points_balance(Actor::unit(other.account), "person:999999").status().reason() ==
        "auth.forbidden");
  PointsQuery query;
  query.holder = unit_holder(ready.account);
  CHECK(f->points_history(Actor::unit(other.account), query).status().reason() ==
        "auth.forbidden");
}

TEST_CASE("the points ledger is append-only and an award is unique per rule, subject and holder",
          "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 16, 160, 1);
  const std::string store = test::store_location(f.dir.file("ciie.db"));
  CHECK_THROWS_WITH(test::exec_store(store, "UPDATE points_entry SET points = 1000000"),
                    Catch::Contains("append-only") || Catch::Contains("points_entry"));
  CHECK_THROWS(test::exec_store(store, "DELETE FROM points_entry"));
  const std::string duplicate =
      "INSERT INTO points_entry (edition, holder, rule, subject, points, at, by) VALUES (7, "
      "'unit:" + ready.account + "', 'register', 'unit:" + ready.account +
      "', 100, '2024-06-01T02:00:00.000000Z', 'x')";
  CHECK_THROWS_WITH(test::exec_store(store, duplicate), Catch::Contains("UNIQUE") ||
                                                            Catch::Contains("unique"));
  CHECK(balance(f, unit_holder(ready.account)) == 100);
}
