// Supporting events (EVT-1) through the Registry on a real SQLite store: import all or none with
// line and field, dry run, re-import unchanged, continue-on-error, the list filters, and the rules
// of applying (closed, full, twice, past, persons, scope).
#include <catch2/catch.hpp>

#include <algorithm>

#include "support/match_fixture.hpp"
#include "support/registry_fixture.hpp"

using namespace ciie;

namespace {

const char* kHeader = "code,name,starts_on,ends_on,organiser,contact_name,contact_phone,open,capacity\n";
const char* kFood =
    "EVT-1,食品及农产品展区供需对接会,2024-11-06,,中国国际进口博览局,王敏,021-67008888,yes,3\n";
const char* kAuto =
    "EVT-2,智慧出行与新能源汽车发布会,2024-11-07,2024-11-08,上海市商务委员会,李强,021-23110000,是,\n";
const char* kForum =
    "EVT-3,虹桥国际经济论坛分论坛,2024-11-05,,虹桥国际经济论坛秘书处,陈静,021-67009999,no,200\n";

Result<BulkSummary> import(test::RegistryFixture& f, const std::string& body,
                           test::Outcomes& outcomes, BulkOptions options = {}) {
  test::StringInput input(kHeader + body, Registry::event_columns(),
                          Registry::event_required_columns());
  return f->import_events(Actor::organizer(), *input.reader, options, outcomes.callback());
}

std::vector<std::string> codes_of(const std::vector<Event>& events) {
  std::vector<std::string> codes;
  for (const Event& e : events) codes.push_back(e.code);
  return codes;
}

}  // namespace

TEST_CASE("events import: all or none with line and field, dry run, re-import", "[events]") {
  test::RegistryFixture f;
  test::Outcomes bad;
  const std::string broken =
      std::string(kFood) + "EVT-X,坏日期,2024-13-01,,主办方,,,yes,\n" + kAuto +
      "EVT-Y,容量,2024-11-06,,主办方,,,yes,-5\n";
  auto summary = import(f, broken, bad);
  REQUIRE(summary.is_ok());
  CHECK(summary->failed == 2);
  CHECK_FALSE(summary->applied);
  REQUIRE(bad.rows.size() == 4);
  CHECK(bad.rows[1].error.reason() == "time.format");
  CHECK(bad.rows[1].error.line() == 3);
  CHECK(bad.rows[1].error.field() == "starts_on");
  CHECK(bad.rows[3].error.reason() == "event.capacity");
  CHECK(bad.rows[3].error.field() == "capacity");
  CHECK(f->events(Actor::applicant(), EventFilter{})->empty());  // all or none

  test::Outcomes dry;
  BulkOptions dry_run;
  dry_run.dry_run = true;
  summary = import(f, std::string(kFood) + kAuto + kForum, dry, dry_run);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["imported"] == 3);
  CHECK_FALSE(summary->applied);
  CHECK(f->events(Actor::organizer(), EventFilter{})->empty());

  test::Outcomes first;
  summary = import(f, std::string(kFood) + kAuto + kForum, first);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["imported"] == 3);
  CHECK(summary->applied);
  const Event food = *f->event(Actor::applicant(), "EVT-1");
  CHECK(food.ends_on == food.starts_on);  // an empty ends_on: one day
  CHECK(food.capacity == 3);
  CHECK(f->event(Actor::applicant(), "EVT-2")->open_to_visitors);  // 是
  CHECK_FALSE(f->event(Actor::applicant(), "EVT-2")->capacity);

  test::Outcomes again;
  summary = import(f, std::string(kFood) + kAuto + kForum, again);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["unchanged"] == 3);
  CHECK_FALSE(summary->applied);
  const auto audit = f->audit(Actor::organizer(), AuditQuery{});
  REQUIRE(audit.is_ok());
  CHECK(std::count_if(audit->begin(), audit->end(), [](const AuditEntry& e) {
          return e.action == "event.import";
        }) == 1);

  test::Outcomes changed;
  std::string renamed = kForum;
  renamed.replace(renamed.find(",no,"), 4, ",yes,");
  summary = import(f, std::string(kFood) + renamed, changed);
  REQUIRE(summary.is_ok());
  CHECK(summary->by_outcome["updated"] == 1);
  CHECK(summary->by_outcome["unchanged"] == 1);
  CHECK(f->event(Actor::applicant(), "EVT-3")->open_to_visitors);
}

TEST_CASE("events import: continue-on-error keeps the good rows", "[events]") {
  test::RegistryFixture f;
  test::Outcomes outcomes;
  BulkOptions options;
  options.continue_on_error = true;
  auto summary =
      import(f, std::string(kFood) + "bad code!,名称,2024-11-06,,主办方,,,maybe,\n" + kAuto,
             outcomes, options);
  REQUIRE(summary.is_ok());
  CHECK(summary->ok == 2);
  CHECK(summary->failed == 1);
  CHECK(outcomes.rows[1].error.reason() == "event.code");
  CHECK(codes_of(*f->events(Actor::organizer(), EventFilter{})) ==
        std::vector<std::string>{"EVT-1", "EVT-2"});
}

TEST_CASE("events list: by name, date, organiser and openness", "[events]") {
  test::RegistryFixture f;
  test::Outcomes outcomes;
  REQUIRE(import(f, std::string(kFood) + kAuto + kForum, outcomes)->failed == 0);
  const auto list = [&](const EventFilter& filter) {
    auto found = f->events(Actor::applicant(), filter);
    REQUIRE(found.is_ok());
    return codes_of(*found);
  };
  using Codes = std::vector<std::string>;
  CHECK(list(EventFilter{}) == Codes{"EVT-3", "EVT-1", "EVT-2"});  // by first day
  EventFilter by_name;
  by_name.name_contains = "新能源";
  CHECK(list(by_name) == Codes{"EVT-2"});
  EventFilter by_organiser;
  by_organiser.organiser_contains = "进口博览局";
  CHECK(list(by_organiser) == Codes{"EVT-1"});
  EventFilter on_day;
  on_day.from = on_day.to = Date{2024, 11, 8};  // EVT-2 runs 11-07 to 11-08
  CHECK(list(on_day) == Codes{"EVT-2"});
  EventFilter range;
  range.from = Date{2024, 11, 5};
  range.to = Date{2024, 11, 6};
  CHECK(list(range) == Codes{"EVT-3", "EVT-1"});
  EventFilter open;
  open.open_only = true;
  CHECK(list(open) == Codes{"EVT-1", "EVT-2"});
  EventFilter percent;
  percent.name_contains = "%";  // literal, not a LIKE wildcard
  CHECK(list(percent).empty());
}

TEST_CASE("events apply: closed, full, twice, persons, scope, past", "[events]") {
  test::RegistryFixture f;
  test::Outcomes outcomes;
  REQUIRE(import(f, std::string(kFood) + kAuto + kForum, outcomes)->failed == 0);
  const std::string a = test::register_enterprise(*f, 1);
  const std::string b = test::register_enterprise(*f, 2);
  const std::string c = test::register_enterprise(*f, 3);
  const auto apply = [&](const Actor& actor, const std::string& event, const std::string& unit,
                         std::int64_t persons) {
    return f->apply_for_event(actor, EventApplyRequest{event, unit, persons});
  };
  CHECK(apply(Actor::unit(a), "EVT-3", a, 1).status().reason() == "event.closed");
  CHECK(apply(Actor::unit(a), "EVT-9", a, 1).status().reason() == "event.unknown");
  CHECK(apply(Actor::unit(a), "EVT-1", a, 0).status().reason() == "event.persons");
  CHECK(apply(Actor::unit(b), "EVT-1", a, 1).status().reason() == "auth.forbidden");
  auto applied = apply(Actor::unit(a), "EVT-1", a, 2);
  INFO(applied.status().to_string());
  REQUIRE(applied.is_ok());
  CHECK(applied->applied_by == "unit:" + a);
  CHECK(apply(Actor::unit(a), "EVT-1", a, 1).status().reason() == "event.applied");
  CHECK(apply(Actor::unit(b), "EVT-1", b, 2).status().reason() == "event.full");  // 2 + 2 > 3
  CHECK(apply(Actor::organizer(), "EVT-1", b, 1).is_ok());  // on the unit's behalf
  CHECK(apply(Actor::unit(c), "EVT-1", c, 1).status().reason() == "event.full");
  CHECK(f->event(Actor::applicant(), "EVT-1")->taken == 3);
  CHECK(apply(Actor::unit(c), "EVT-2", c, 50).is_ok());  // no capacity

  auto all = f->event_applications(Actor::organizer(), "EVT-1");
  REQUIRE(all.is_ok());
  CHECK(all->size() == 2);
  auto own = f->event_applications(Actor::unit(b), "EVT-1");
  REQUIRE(own.is_ok());
  REQUIRE(own->size() == 1);
  CHECK(own->front().unit == b);
  CHECK(f->event_applications(Actor::applicant(), "EVT-1").status().reason() == "auth.forbidden");

  // A re-import may not take the capacity below the persons who applied.
  test::Outcomes lower;
  std::string two = kFood;
  two.replace(two.rfind(",3"), 2, ",2");
  auto summary = import(f, two, lower);
  REQUIRE(summary.is_ok());
  REQUIRE(lower.rows.size() == 1);
  CHECK(lower.rows[0].error.reason() == "event.capacity_below_taken");
  CHECK(lower.rows[0].error.field() == "capacity");

  f.clock->advance_seconds(200 * 86400);  // past 2024-11-08
  CHECK(apply(Actor::unit(c), "EVT-1", c, 1).status().reason() == "event.past");
}
