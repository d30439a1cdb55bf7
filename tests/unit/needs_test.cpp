// Exhibits, purchase needs, matching and meetings (MATCH-1) through the Registry on a real SQLite
// store: importing the example exhibits (and refusing an exhibitor written two ways), publishing
// and withdrawing needs with their checks and scopes, ranking both ways, and the meeting rules.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "support/match_fixture.hpp"
#include "support/registry_fixture.hpp"

using namespace ciie;

namespace {

std::string example_exhibits() {
  std::ifstream in(std::string(CIIE_SOURCE_DIR) + "/examples/match/exhibits.csv");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Result<BulkSummary> import(test::RegistryFixture& f, const std::string& text,
                           test::Outcomes& outcomes) {
  test::StringInput input(text, Registry::exhibit_columns(), Registry::exhibit_required_columns());
  return f->import_exhibits(Actor::organizer(), *input.reader, BulkOptions{},
                            outcomes.callback());
}

NeedRequest milk_need(const std::string& unit) {
  NeedRequest r;
  r.unit = unit;
  r.area = "food-agri";
  r.category = "dairy";
  r.keywords = "进口全脂牛奶";
  r.budget = Money::from_fen(50'000'000);
  r.quantity = 2000;
  return r;
}

}  // namespace

TEST_CASE("exhibits import: the example file, re-import unchanged, a mismatched exhibitor",
          "[match]") {
  test::RegistryFixture f;
  test::Outcomes first;
  auto summary = import(f, example_exhibits(), first);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["imported"] == 8);
  test::Outcomes again;
  summary = import(f, example_exhibits(), again);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["unchanged"] == 8);
  CHECK_FALSE(summary->applied);
  const auto fonterra = f->exhibitor(Actor::applicant(), "EXH-NZ-001");
  REQUIRE(fonterra.is_ok());
  CHECK(fonterra->exhibits == 2);
  CHECK(fonterra->country == "NZ");

  test::Outcomes bad;
  summary = import(f,
                   "exhibitor,exhibitor_name,exhibit,area,category,name,country\n"
                   "EXH-A,甲公司,EXB-A1,food-agri,dairy,牛奶,nz\n"
                   "EXH-A,乙公司,EXB-A2,food-agri,dairy,奶酪,\n"
                   "EXH-B,丙公司,EXB-B1,food-agri,cars,汽车,\n"
                   "EXH-B,丙公司,EXB-B2,moon,dairy,月饼,\n"
                   "EXH-B,丙公司,EXB-B3,food-agri,dairy,饼,Germany\n",
                   bad);
  REQUIRE(summary.is_ok());
  REQUIRE(bad.rows.size() == 5);
  CHECK(bad.rows[0].ok);
  CHECK(bad.rows[1].error.reason() == "exhibitor.mismatch");
  CHECK(bad.rows[1].error.field() == "exhibitor_name");
  CHECK(bad.rows[2].error.reason() == "match.category");
  CHECK(bad.rows[2].error.line() == 4);
  CHECK(bad.rows[3].error.reason() == "match.area");
  CHECK(bad.rows[4].error.reason() == "match.country");
  CHECK(f->exhibitor(Actor::applicant(), "EXH-A").status().reason() == "exhibitor.unknown");
}

TEST_CASE("needs: publish checks, scopes and withdraw", "[match]") {
  test::RegistryFixture f;
  const std::string a = test::register_enterprise(*f, 11);
  const std::string b = test::register_enterprise(*f, 12);
  NeedRequest r = milk_need(a);
  r.area = "moon";
  CHECK(f->publish_need(Actor::unit(a), r).status().reason() == "match.area");
  r = milk_need(a);
  r.category = "vehicles";
  CHECK(f->publish_need(Actor::unit(a), r).status().reason() == "match.category");
  r = milk_need(a);
  r.keywords = "  ";
  CHECK(f->publish_need(Actor::unit(a), r).status().reason() == "need.keywords");
  r = milk_need(a);
  r.budget = Money::from_fen(0);
  CHECK(f->publish_need(Actor::unit(a), r).status().reason() == "need.budget");
  r = milk_need(a);
  r.quantity = 0;
  CHECK(f->publish_need(Actor::unit(a), r).status().reason() == "need.quantity");
  CHECK(f->publish_need(Actor::unit(b), milk_need(a)).status().reason() == "auth.forbidden");

  auto published = f->publish_need(Actor::unit(a), milk_need(a));
  REQUIRE(published.is_ok());
  CHECK(published->id > 0);
  CHECK(published->budget->to_string() == "500000.00");
  REQUIRE(f->publish_need(Actor::organizer(), milk_need(b)).is_ok());

  CHECK(f->needs(Actor::organizer(), NeedFilter{})->size() == 2);
  const auto own = f->needs(Actor::unit(a), NeedFilter{});
  REQUIRE(own.is_ok());
  REQUIRE(own->size() == 1);
  CHECK(own->front().unit == a);
  NeedFilter others;
  others.unit = b;
  CHECK(f->needs(Actor::unit(a), others).status().reason() == "auth.forbidden");
  CHECK(f->needs(Actor::applicant(), NeedFilter{}).status().reason() == "auth.forbidden");

  CHECK(f->withdraw_need(Actor::unit(b), published->id).status().reason() == "auth.forbidden");
  auto withdrawn = f->withdraw_need(Actor::unit(a), published->id);
  REQUIRE(withdrawn.is_ok());
  CHECK(withdrawn->state == NeedState::kWithdrawn);
  CHECK(f->withdraw_need(Actor::unit(a), published->id).status().reason() == "need.withdrawn");
  CHECK(f->withdraw_need(Actor::unit(a), 999).status().reason() == "need.unknown");
  CHECK(f->match_need(Actor::unit(a), published->id, 10).status().reason() == "need.withdrawn");
}

TEST_CASE("needs: publishing earns points once per need, withdrawing gives them back",
          "[match][points]") {
  test::RegistryFixture f;
  const std::string a = test::register_enterprise(*f, 13);
  const std::string holder = PointsHolder::unit(a).to_string();
  const auto balance = [&] { return f->points_balance(Actor::organizer(), holder)->balance; };
  const std::int64_t before = balance();
  const std::int64_t per_need = Rules::seventh_edition().points.publish_need;
  REQUIRE(per_need > 0);

  const auto first = f->publish_need(Actor::unit(a), milk_need(a));
  REQUIRE(first.is_ok());
  CHECK(balance() == before + per_need);
  const auto second = f->publish_need(Actor::unit(a), milk_need(a));
  REQUIRE(second.is_ok());
  CHECK(balance() == before + 2 * per_need);

  REQUIRE(f->withdraw_need(Actor::unit(a), first->id).is_ok());
  CHECK(balance() == before + per_need);
  PointsQuery query;
  query.holder = holder;
  query.rule = PointsRule::kNeed;
  const auto awards = f->points_history(Actor::organizer(), query);
  REQUIRE(awards.is_ok());
  CHECK(awards->size() == 2);  // one award per published need, the withdrawal is a reversal
}

TEST_CASE("matching through the registry: exhibits for a need, needs for an exhibitor",
          "[match]") {
  test::RegistryFixture f;
  test::Outcomes outcomes;
  REQUIRE(import(f, example_exhibits(), outcomes)->failed == 0);
  const std::string a = test::register_enterprise(*f, 21);
  const std::string b = test::register_enterprise(*f, 22);
  const auto milk = f->publish_need(Actor::unit(a), milk_need(a));
  REQUIRE(milk.is_ok());
  NeedRequest wine = milk_need(b);
  wine.category = "beverages-wine";
  wine.keywords = "红葡萄酒 进口";
  const auto wine_need = f->publish_need(Actor::unit(b), wine);
  REQUIRE(wine_need.is_ok());

  auto results = f->match_need(Actor::unit(a), milk->id, 10);
  INFO(results.status().to_string());
  REQUIRE(results.is_ok());
  REQUIRE_FALSE(results->empty());
  CHECK(results->front().exhibit.id == "EXB-0001");  // 进口全脂牛奶, same category
  CHECK(results->front().category_match);
  for (const MatchResult& r : *results) CHECK(r.exhibit.area == "food-agri");
  CHECK(f->match_need(Actor::unit(b), milk->id, 10).status().reason() == "auth.forbidden");
  CHECK(f->match_need(Actor::unit(a), milk->id, 0).status().reason() == "match.limit");
  CHECK(f->match_need(Actor::unit(a), 999, 10).status().reason() == "need.unknown");

  auto for_exhibitor = f->match_exhibitor(Actor::organizer(), "EXH-CL-001", 10);
  REQUIRE(for_exhibitor.is_ok());
  REQUIRE(for_exhibitor->size() == 1);
  CHECK(for_exhibitor->front().need->id == wine_need->id);
  CHECK(for_exhibitor->front().exhibit.id == "EXB-0005");
  CHECK(f->match_exhibitor(Actor::unit(a), "EXH-CL-001", 10).status().reason() ==
        "auth.forbidden");
  CHECK(f->match_exhibitor(Actor::organizer(), "EXH-XX", 10).status().reason() ==
        "exhibitor.unknown");

  std::int64_t seen = 0;
  auto all = f->match_all_needs(Actor::organizer(), 3, [&](const PurchaseNeed&,
                                                           const std::vector<MatchResult>& r) {
    ++seen;
    CHECK(r.size() <= 3);
  });
  REQUIRE(all.is_ok());
  CHECK(*all == 2);
  CHECK(seen == 2);
}

TEST_CASE("meetings: request, duplicate, need and time checks, decisions", "[match]") {
  test::RegistryFixture f;
  test::Outcomes outcomes;
  REQUIRE(import(f, example_exhibits(), outcomes)->failed == 0);
  const std::string a = test::register_enterprise(*f, 31);
  const std::string b = test::register_enterprise(*f, 32);
  const auto need_b = f->publish_need(Actor::unit(b), milk_need(b));
  REQUIRE(need_b.is_ok());
  MeetingRequest r;
  r.unit = a;
  r.exhibitor = "EXH-NZ-001";
  r.at = *Instant::parse("2024-11-06T10:00:00+08:00");
  r.note = "希望了解进口牛奶报价";

  MeetingRequest unknown = r;
  unknown.exhibitor = "EXH-XX";
  CHECK(f->request_meeting(Actor::unit(a), unknown).status().reason() == "exhibitor.unknown");
  MeetingRequest foreign_need = r;
  foreign_need.need = need_b->id;
  CHECK(f->request_meeting(Actor::unit(a), foreign_need).status().reason() == "meeting.need");
  MeetingRequest too_late = r;
  too_late.at = *Instant::parse("2024-11-11T10:00:00+08:00");
  CHECK(f->request_meeting(Actor::unit(a), too_late).status().reason() == "meeting.time");
  CHECK(f->request_meeting(Actor::unit(b), r).status().reason() == "auth.forbidden");

  auto meeting = f->request_meeting(Actor::unit(a), r);
  INFO(meeting.status().to_string());
  REQUIRE(meeting.is_ok());
  CHECK(meeting->state == MeetingState::kRequested);
  CHECK(meeting->exhibitor_name == "恒天然乳业 Fonterra");
  CHECK(f->request_meeting(Actor::unit(a), r).status().reason() == "meeting.duplicate");

  CHECK(f->decide_meeting(Actor::unit(a), meeting->id, MeetingDecision::kAccept, "")
            .status()
            .reason() == "auth.forbidden");
  auto accepted = f->decide_meeting(Actor::organizer(), meeting->id, MeetingDecision::kAccept,
                                    "展商确认");
  REQUIRE(accepted.is_ok());
  CHECK(accepted->state == MeetingState::kAccepted);
  CHECK(f->decide_meeting(Actor::organizer(), meeting->id, MeetingDecision::kDecline, "")
            .status()
            .reason() == "meeting.state");
  // Once answered, a new request to the same exhibitor may wait again.
  CHECK(f->request_meeting(Actor::unit(a), r).is_ok());
  CHECK(f->decide_meeting(Actor::unit(b), meeting->id, MeetingDecision::kCancel, "")
            .status()
            .reason() == "auth.forbidden");
  auto cancelled = f->decide_meeting(Actor::unit(a), meeting->id, MeetingDecision::kCancel, "");
  REQUIRE(cancelled.is_ok());
  CHECK(cancelled->state == MeetingState::kCancelled);
  CHECK(f->decide_meeting(Actor::unit(a), 999, MeetingDecision::kCancel, "").status().reason() ==
        "meeting.unknown");

  const auto mine = f->meetings(Actor::unit(a), MeetingFilter{});
  REQUIRE(mine.is_ok());
  CHECK(mine->size() == 2);
  CHECK(f->meetings(Actor::unit(b), MeetingFilter{})->empty());
  CHECK(f->meetings(Actor::applicant(), MeetingFilter{}).status().reason() == "auth.forbidden");
}
