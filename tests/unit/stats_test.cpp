// Statistics (stats.hpp) on a small edition built through the Registry (support/stats_fixture.hpp):
// every figure of every row checked against the hand count there, for each grouping, and who may
// see which rows.
#include <map>

#include <catch2/catch.hpp>

#include "support/stats_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

const StatsRow* row_of(const StatsReport& report, const std::string& key, bool industry = false) {
  for (const StatsRow& row : report.rows) {
    if (row.key == key && row.industry == industry) return &row;
  }
  return nullptr;
}

StatsFigures units(std::int64_t total, std::int64_t registered, std::int64_t submitted,
                   std::int64_t approved, std::int64_t rejected) {
  StatsFigures f;
  f.units = total;
  f.units_registered = registered;
  f.units_submitted = submitted;
  f.units_approved = approved;
  f.units_rejected = rejected;
  return f;
}

StatsFigures with_persons(StatsFigures f, std::int64_t draft, std::int64_t submitted,
                          std::int64_t under_review, std::int64_t free_used) {
  f.persons = draft + submitted + under_review;
  f.persons_draft = draft;
  f.persons_submitted = submitted;
  f.persons_under_review = under_review;
  f.free_badges_used = free_used;
  return f;
}

// The paid unit's money: 1 badge still paid, 1 order, 400.00 in, 200.00 refunded, invoiced
// 400.00 − 400.00 + 200.00.
StatsFigures with_money(StatsFigures f) {
  f.badges_paid = 1;
  f.orders_paid = 1;
  f.paid = Money::from_fen(40000);
  f.refunded = Money::from_fen(20000);
  f.invoiced = Money::from_fen(20000);
  return f;
}

StatsReport stats(test::RegistryFixture& f, const Actor& actor, StatsGrouping by,
                  const std::string& delegation = "") {
  return must(f->stats(actor, StatsQuery{by, delegation}), "stats");
}

}  // namespace

TEST_CASE("the fixture's edition is what the statistics count", "[stats]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  CHECK(e.refund.amount == Money::from_fen(20000));
  const auto invoices = must(f->invoices(Actor::finance(), {}), "invoices");
  std::int64_t net = 0;
  for (const Invoice& invoice : invoices) net += invoice.gross_total.fen();
  CHECK(invoices.size() == 3);  // blue, red, re-issued blue
  CHECK(net == 20000);
  CHECK(must(f->unit(Actor::organizer(), e.bureau), "bureau").state == UnitState::kRejected);
  CHECK(must(f->unit(Actor::organizer(), e.hangzhou), "hz").state == UnitState::kApproved);
  CHECK(must(f->unit(Actor::organizer(), e.member), "m").route.industry_delegation ==
        "industry-01");
}

TEST_CASE("by delegation: home delegations, the industry member under its home, totals",
          "[stats]") {
  test::RegistryFixture f;
  test::stats_edition(*f);
  const StatsReport report = stats(f, Actor::organizer(), StatsGrouping::kDelegation);
  CHECK(report.edition == 7);
  CHECK(report.delegation.empty());
  REQUIRE(report.rows.size() == 4);  // "", shanghai, zhejiang, then industry-01
  CHECK(report.rows[0].key.empty());
  CHECK(report.rows[1].key == "shanghai");
  CHECK(report.rows[2].key == "zhejiang");
  CHECK(report.rows[3].key == "industry-01");

  const StatsRow* shanghai = row_of(report, "shanghai");
  REQUIRE(shanghai != nullptr);
  CHECK(shanghai->name == "上海交易团");
  CHECK_FALSE(shanghai->industry);
  // paid (approved), member (registered), bureau (rejected); persons: paid's 1 draft +
  // 1 under_review, member's 1 draft, bureau's 1 submitted.
  CHECK(shanghai->figures == with_money(with_persons(units(3, 1, 0, 1, 1), 2, 1, 1, 0)));

  const StatsRow* zhejiang = row_of(report, "zhejiang");
  REQUIRE(zhejiang != nullptr);
  CHECK(zhejiang->figures == with_persons(units(1, 0, 0, 1, 0), 0, 2, 0, 1));

  const StatsRow* none = row_of(report, "");
  REQUIRE(none != nullptr);
  CHECK(none->name.empty());
  CHECK(none->figures == units(1, 1, 0, 0, 0));

  const StatsRow* industry = row_of(report, "industry-01", true);
  REQUIRE(industry != nullptr);
  CHECK(industry->name == "商贸流通行业交易团");
  CHECK(industry->figures == with_persons(units(1, 1, 0, 0, 0), 1, 0, 0, 0));
  CHECK(row_of(report, "industry-01", false) == nullptr);  // not a home delegation

  // Every unit once: the industry row is not added again.
  CHECK(report.totals == with_money(with_persons(units(5, 2, 0, 2, 1), 2, 3, 1, 1)));
}

TEST_CASE("by sub-delegation, category and state: every grouping adds up to the same totals",
          "[stats]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  const StatsFigures totals = with_money(with_persons(units(5, 2, 0, 2, 1), 2, 3, 1, 1));

  const StatsReport subs = stats(f, Actor::organizer(), StatsGrouping::kSubDelegation);
  CHECK(subs.totals == totals);
  const std::string hz_sub =
      must(f->unit(Actor::organizer(), e.hangzhou), "u").route.sub_delegation;
  REQUIRE_FALSE(hz_sub.empty());
  // Shanghai's three units, in whatever sub-delegations 310115 and 310104 route to (or none).
  std::map<std::string, std::int64_t> shanghai_subs;
  for (const std::string& account : {e.paid.unit, e.member, e.bureau}) {
    ++shanghai_subs[must(f->unit(Actor::organizer(), account), "u").route.sub_delegation];
  }
  std::map<std::string, std::int64_t> shanghai_rows;
  bool hangzhou_seen = false, none_seen = false;
  for (const StatsRow& row : subs.rows) {
    CHECK_FALSE(row.industry);
    if (row.parent == "shanghai") shanghai_rows[row.key] = row.figures.units;
    if (row.parent == "zhejiang" && row.key == hz_sub) {
      hangzhou_seen = true;
      CHECK(row.name == "杭州市分团");
      CHECK(row.figures == with_persons(units(1, 0, 0, 1, 0), 0, 2, 0, 1));
    }
    if (row.parent.empty() && row.key.empty()) {  // the overseas unit: no delegation, no sub
      none_seen = true;
      CHECK(row.figures == units(1, 1, 0, 0, 0));
    }
  }
  CHECK(hangzhou_seen);
  CHECK(none_seen);
  CHECK(shanghai_rows == shanghai_subs);
  CHECK(subs.rows.size() == shanghai_subs.size() + 2);
  CHECK(subs.rows.front().parent.empty());  // ordered by parent, then key

  const StatsReport categories = stats(f, Actor::finance(), StatsGrouping::kCategory);
  CHECK(categories.totals == totals);
  REQUIRE(categories.rows.size() == 3);
  CHECK(categories.rows[0].key == "enterprise");
  CHECK(categories.rows[0].figures ==
        with_money(with_persons(units(3, 1, 0, 2, 0), 2, 2, 1, 1)));  // paid, member, hangzhou
  CHECK(categories.rows[1].key == "government");
  CHECK(categories.rows[1].figures == with_persons(units(1, 0, 0, 0, 1), 0, 1, 0, 0));
  CHECK(categories.rows[2].key == "other");
  CHECK(categories.rows[2].figures == units(1, 1, 0, 0, 0));

  const StatsReport states = stats(f, Actor::organizer(), StatsGrouping::kState);
  CHECK(states.totals == totals);
  REQUIRE(states.rows.size() == 3);
  CHECK(states.rows[0].key == "approved");  // paid and hangzhou
  CHECK(states.rows[0].figures == with_money(with_persons(units(2, 0, 0, 2, 0), 1, 2, 1, 1)));
  CHECK(states.rows[1].key == "registered");  // member and overseas
  CHECK(states.rows[1].figures == with_persons(units(2, 2, 0, 0, 0), 1, 0, 0, 0));
  CHECK(states.rows[2].key == "rejected");
  CHECK(states.rows[2].figures == with_persons(units(1, 0, 0, 0, 1), 0, 1, 0, 0));
}

TEST_CASE("statistics access: a delegation its own rows, units and the applicant none",
          "[stats][access]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);

  const StatsReport zhejiang = stats(f, Actor::delegation("zhejiang"), StatsGrouping::kDelegation);
  CHECK(zhejiang.delegation == "zhejiang");
  REQUIRE(zhejiang.rows.size() == 1);
  CHECK(zhejiang.rows[0].key == "zhejiang");
  CHECK(zhejiang.totals == with_persons(units(1, 0, 0, 1, 0), 0, 2, 0, 1));
  CHECK(f->stats(Actor::delegation("zhejiang"), {StatsGrouping::kDelegation, "shanghai"})
            .status()
            .reason() == "auth.forbidden");
  // A delegation may narrow itself to one of its sub-delegations.
  const std::string hz_sub =
      must(f->unit(Actor::organizer(), e.hangzhou), "u").route.sub_delegation;
  CHECK(stats(f, Actor::delegation("zhejiang"), StatsGrouping::kState, hz_sub).totals.units == 1);

  // The industry delegation sees its member, under the member's home delegation and its own row.
  const StatsReport industry =
      stats(f, Actor::delegation("industry-01"), StatsGrouping::kDelegation);
  REQUIRE(industry.rows.size() == 2);
  CHECK(industry.rows[0].key == "shanghai");
  CHECK(industry.rows[0].figures == with_persons(units(1, 1, 0, 0, 0), 1, 0, 0, 0));
  CHECK(industry.rows[1].industry);
  CHECK(industry.totals.units == 1);

  // The organizer may ask for one delegation's rows.
  const StatsReport shanghai = stats(f, Actor::organizer(), StatsGrouping::kCategory, "shanghai");
  CHECK(shanghai.totals == with_money(with_persons(units(3, 1, 0, 1, 1), 2, 1, 1, 0)));

  CHECK(f->stats(Actor::unit(e.paid.unit), {}).status().reason() == "auth.forbidden");
  CHECK(f->stats(Actor::applicant(), {}).status().reason() == "auth.forbidden");
  CHECK(f->stats(Actor::organizer(), {StatsGrouping::kDelegation, "atlantis"}).status().reason() ==
        "delegation.unknown");
}

TEST_CASE("an empty edition has no rows and zero totals", "[stats]") {
  test::RegistryFixture f;
  const StatsReport report = stats(f, Actor::organizer(), StatsGrouping::kDelegation);
  CHECK(report.rows.empty());
  CHECK(report.totals == StatsFigures{});
}

TEST_CASE("grouping names round-trip", "[stats]") {
  for (auto by : {StatsGrouping::kDelegation, StatsGrouping::kSubDelegation,
                  StatsGrouping::kCategory, StatsGrouping::kState}) {
    CHECK(parse_stats_grouping(to_string(by)) == by);
  }
  CHECK(to_string(StatsGrouping::kSubDelegation) == "sub-delegation");
  CHECK_FALSE(parse_stats_grouping("province").has_value());
}
