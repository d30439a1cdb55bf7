// The SQLite store's review schema (migration 3): guarded unit and person transitions, review
// queues and their counts, persons and photos with one badge per person per edition, free
// places, delivery addresses with their limits, and access tokens.
#include <algorithm>

#include <catch2/catch.hpp>

#include "store/postgres/pg_migrations.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

using ciie::Instant;
using ciie::Person;
using ciie::PersonState;
using ciie::Status;
using ciie::Unit;
using ciie::UnitCategory;
using ciie::UnitRegion;
using ciie::UnitState;
using namespace ciie::store;

namespace {

const Instant kT0 = *Instant::parse("2024-06-01T10:00:00+08:00");

Instant at(std::int64_t seconds) { return kT0.plus_seconds(seconds); }

std::string query_one(const std::string& location, const std::string& sql) {
  const auto rows = ciie::test::query_store(location, sql);
  return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

void exec(const std::string& location, const std::string& sql) {
  ciie::test::exec_store(location, sql);
}

std::unique_ptr<Store> open_new(const std::string& path) {
  StoreOptions options;
  options.create_if_missing = true;
  auto store = open_store(path, options);
  REQUIRE(store.is_ok());
  REQUIRE((*store)->migrate().is_ok());
  return std::move(store).value();
}

// Runs body in a write transaction and requires it to succeed.
void write(Store& store, const std::function<Status()>& body) {
  const Status status = store.write_transaction(body);
  INFO(status.reason() << ": " << status.message());
  REQUIRE(status.is_ok());
}

// A migrated store with the 7th edition's reference data, two sub-delegations of Shanghai made
// for the tests and free quotas on them.
struct Fixture {
  ciie::test::TempDir dir;
  std::string path = ciie::test::store_location(dir.file("s.db"));
  std::unique_ptr<Store> store = open_new(path);

  Fixture() {
    ciie::Rules rules = ciie::Rules::seventh_edition();
    auto shanghai = std::find_if(rules.delegations.begin(), rules.delegations.end(),
                                 [](const ciie::Delegation& d) { return d.slug == "shanghai"; });
    REQUIRE(shanghai != rules.delegations.end());
    shanghai->free_quota["full"] = 2;
    for (const char* slug : {"zz-test-a", "zz-test-b"}) {
      ciie::SubDelegation sub;
      sub.slug = slug;
      sub.name_zh = slug;
      sub.name_en = slug;
      shanghai->sub_delegations.push_back(sub);
    }
    shanghai->sub_delegations.back().free_quota["full"] = 1;  // zz-test-b
    write(*store, [&] { return store->sync_reference_data(rules).status(); });
  }

  // Inserts a registered Shanghai unit (mainland unless `region` says otherwise).
  Unit add_unit(const std::string& account, const std::string& name,
                UnitCategory category = UnitCategory::kEnterprise,
                const std::string& sub_delegation = "", UnitRegion region = UnitRegion::kMainland,
                int edition = 7) {
    Unit unit;
    unit.account = account;
    unit.edition = edition;
    unit.region = region;
    if (region == UnitRegion::kMainland) {
      unit.uscc = account;
      unit.route.home_delegation = "shanghai";
      unit.route.sub_delegation = sub_delegation;
    } else {
      unit.email = account + "@example.com";
    }
    unit.category = category;
    unit.name = name;
    unit.consent_at = unit.created_at = unit.updated_at = kT0;
    unit.created_by = "organizer";
    write(*store, [&] { return store->insert_unit(unit, ""); });
    return unit;
  }

  bool transition(const UnitTransition& t) {
    bool changed = false;
    write(*store, [&]() -> Status {
      CIIE_ASSIGN_OR_RETURN(changed, store->transition_unit(t));
      return Status::ok();
    });
    return changed;
  }

  // registered → submitted into `queue` at `when`.
  void submit(const std::string& account, const std::string& queue, Instant when) {
    UnitTransition t;
    t.account = account;
    t.from = {UnitState::kRegistered, UnitState::kRejected};
    t.to = UnitState::kSubmitted;
    t.at = when;
    t.review_queue = queue;
    t.review_why = std::vector<std::string>{"category"};
    t.set_submitted_at = true;
    REQUIRE(transition(t));
  }

  void decide(const std::string& account, UnitState to, const std::string& by, Instant when) {
    UnitTransition t;
    t.account = account;
    t.from = {UnitState::kSubmitted, UnitState::kRegistered};
    t.to = to;
    t.at = when;
    t.set_decided = true;
    t.decided_by = by;
    if (to == UnitState::kRejected) t.review_reason = "incomplete";
    REQUIRE(transition(t));
  }

  Person make_person(const std::string& unit, const std::string& key, int edition = 7) {
    Person person;
    person.unit = unit;
    person.edition = edition;
    person.name = "张三";
    person.document_kind = ciie::codes::DocumentKind::kPassport;
    person.document_number = key;
    person.document_key = key;
    person.phone = "13800138000";
    person.badge_type = "full";
    person.state = PersonState::kDraft;
    person.source = "unit";
    person.created_at = person.updated_at = kT0;
    person.created_by = "unit:" + unit;
    return person;
  }

  Status insert_person(Person& person, const std::string& photo = "") {
    return store->write_transaction([&] { return store->insert_person(person, photo); });
  }

  bool transition_person(std::int64_t id, std::vector<PersonState> from, PersonState to,
                         Instant when, std::optional<std::string> queue = std::nullopt) {
    PersonTransition t;
    t.id = id;
    t.from = std::move(from);
    t.to = to;
    t.at = when;
    t.review_queue = std::move(queue);
    if (to == PersonState::kSubmitted) t.set_submitted_at = true;
    bool changed = false;
    write(*store, [&]() -> Status {
      CIIE_ASSIGN_OR_RETURN(changed, store->transition_person(t));
      return Status::ok();
    });
    return changed;
  }
};

std::vector<std::string> accounts(const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const Unit& u : units) out.push_back(u.account);
  return out;
}

std::vector<std::int64_t> ids(const std::vector<Person>& persons) {
  std::vector<std::int64_t> out;
  for (const Person& p : persons) out.push_back(p.id);
  return out;
}

using Strings = std::vector<std::string>;
using Ids = std::vector<std::int64_t>;

const std::string kUsccA = "91310000000000001A";
const std::string kUsccB = "91310000000000002B";
const std::string kUsccC = "91310000000000003C";
const std::string kUsccD = "91310000000000004D";
const std::string kUsccE = "91310000000000005E";
const std::string kUsccF = "91310000000000006F";

}  // namespace

TEST_CASE("migration 3 applies to an empty store and to a version-2 store", "[store_review]") {
  SECTION("an empty store migrates straight to the latest version") {
    ciie::test::TempDir dir;
    const std::string path = ciie::test::store_location(dir.file("s.db"));
    auto store = open_new(path);
    CHECK(store->latest_schema_version() >= 3);
    CHECK(store->schema_version() == store->latest_schema_version());
    const std::string tables = ciie::test::testing_postgres()
                                   ? "SELECT count(*) FROM pg_tables WHERE schemaname = "
                                     "current_schema() AND tablename IN "
                                   : "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                     "AND name IN ";
    CHECK(query_one(path, tables + "('person', 'person_photo', 'address', 'access_token')") ==
          "4");
  }
  SECTION("a version-2 store keeps its units and gains the review columns") {
    ciie::test::TempDir dir;
    const std::string path = ciie::test::store_location(dir.file("v2.db"));
    const bool postgres = ciie::test::testing_postgres();
    std::string schema;
    for (const auto& migration : postgres ? ciie::store::postgres::migrations()
                                          : ciie::store::sqlite::migrations()) {
      if (migration.version <= 2) schema += std::string(migration.sql);
    }
    schema += postgres ? "UPDATE schema_version SET version = 2;" : "PRAGMA user_version = 2;";
    exec(path, schema + R"sql(
      INSERT INTO delegation (slug, name_zh, name_en, kind) VALUES ('shanghai', '上海', 'Shanghai', 'province');
      INSERT INTO unit (account, edition, uscc, region, category, name, home_delegation, route,
                        state, consent_at, created_at, updated_at, created_by)
      VALUES ('91310000000000001A', 7, '91310000000000001A', 'mainland', 'enterprise', '老单位',
              'shanghai',
              '{"home_delegation":"shanghai","sub_delegation":"","industry_delegation":"","review":"automatic","reviewer":"","flags":[],"basis":"place","reason":""}',
              'registered', '2024-06-01T02:00:00.000000Z', '2024-06-01T02:00:00.000000Z',
              '2024-06-01T02:00:00.000000Z', 'organizer');)sql");
    auto opened = open_store(path, {});
    REQUIRE(opened.is_ok());
    auto& store = *opened;
    CHECK(store->schema_version() == 2);
    auto before = store->migrate();
    REQUIRE(before.is_ok());
    CHECK(*before == 2);
    CHECK(store->schema_version() == store->latest_schema_version());
    auto unit = store->find_unit(kUsccA);
    REQUIRE(unit.is_ok());
    REQUIRE(unit->has_value());
    CHECK((*unit)->name == "老单位");
    CHECK((*unit)->review_queue.empty());
    CHECK((*unit)->review_why.empty());
    CHECK_FALSE((*unit)->submitted_at.has_value());
    CHECK_FALSE((*unit)->decided_at.has_value());
    CHECK((*unit)->decided_by.empty());
    CHECK(query_one(path, "SELECT count(*) FROM person") == "0");
  }
}

TEST_CASE("a unit transition happens only from the states it names", "[store_review]") {
  Fixture f;
  f.add_unit(kUsccA, "甲");
  UnitTransition submit;
  submit.account = kUsccA;
  submit.from = {UnitState::kRegistered};
  submit.to = UnitState::kSubmitted;
  submit.at = at(60);
  submit.review_queue = "delegation:shanghai";
  submit.review_why = Strings{"category", "flag:ocr_accepted"};
  submit.set_submitted_at = true;
  CHECK(f.transition(submit));
  CHECK_FALSE(f.transition(submit));  // no longer registered

  auto unit = f.store->find_unit(kUsccA);
  REQUIRE(unit->has_value());
  CHECK((*unit)->state == UnitState::kSubmitted);
  CHECK((*unit)->review_queue == "delegation:shanghai");
  CHECK((*unit)->review_why == Strings{"category", "flag:ocr_accepted"});
  CHECK((*unit)->submitted_at == at(60));
  CHECK((*unit)->updated_at == at(60));
  CHECK_FALSE((*unit)->decided_at.has_value());

  // Two reviewers decide at once: only the first one, starting from submitted, changes it.
  UnitTransition reject;
  reject.account = kUsccA;
  reject.from = {UnitState::kSubmitted};
  reject.to = UnitState::kRejected;
  reject.at = at(120);
  reject.set_decided = true;
  reject.decided_by = "delegation:shanghai";
  reject.review_reason = "licence unreadable";
  UnitTransition approve = reject;
  approve.to = UnitState::kApproved;
  approve.decided_by = "organizer";
  approve.review_reason.reset();
  approve.at = at(180);
  CHECK(f.transition(reject));
  CHECK_FALSE(f.transition(approve));

  unit = f.store->find_unit(kUsccA);
  CHECK((*unit)->state == UnitState::kRejected);
  CHECK((*unit)->decided_by == "delegation:shanghai");
  CHECK((*unit)->decided_at == at(120));
  CHECK((*unit)->review_reason == "licence unreadable");
  // Fields the transition left unset are as they were.
  CHECK((*unit)->review_queue == "delegation:shanghai");
  CHECK((*unit)->review_why == Strings{"category", "flag:ocr_accepted"});
  CHECK((*unit)->submitted_at == at(60));

  // Resubmission after a rejection; an empty from-list never changes anything.
  submit.from = {UnitState::kRejected};
  submit.at = at(240);
  submit.review_why = Strings{};
  CHECK(f.transition(submit));
  unit = f.store->find_unit(kUsccA);
  CHECK((*unit)->submitted_at == at(240));
  CHECK((*unit)->review_why.empty());
  CHECK((*unit)->review_reason == "licence unreadable");  // kept until a decision replaces it
  UnitTransition nothing = approve;
  nothing.from.clear();
  CHECK_FALSE(f.transition(nothing));
  CHECK(f.store->find_unit(kUsccA).value()->state == UnitState::kSubmitted);
  // An unknown unit changes nothing.
  approve.account = "unknown";
  CHECK_FALSE(f.transition(approve));
}

TEST_CASE("review queues list, filter and count submitted units", "[store_review]") {
  Fixture f;
  const std::string sh = "delegation:shanghai";
  f.add_unit(kUsccA, "上海甲公司", UnitCategory::kEnterprise, "zz-test-a");
  f.add_unit(kUsccB, "乙局", UnitCategory::kGovernment, "zz-test-b");
  f.add_unit("OS-0001", "Overseas Corp", UnitCategory::kEnterprise, "", UnitRegion::kOverseas);
  f.add_unit(kUsccC, "丙已批准", UnitCategory::kEnterprise, "zz-test-a");
  f.add_unit(kUsccD, "丁自动", UnitCategory::kEnterprise);
  f.add_unit(kUsccE, "戊已退回", UnitCategory::kEnterprise);
  f.add_unit(kUsccF, "己未提交", UnitCategory::kEnterprise);
  f.add_unit("91310000000000008H", "庚第八届", UnitCategory::kEnterprise, "", UnitRegion::kMainland,
             8);

  f.submit(kUsccA, sh, at(200));  // submitted after B although registered first
  f.submit(kUsccB, sh, at(100));
  f.submit("OS-0001", "organizer", at(50));
  f.submit(kUsccC, sh, at(10));
  f.decide(kUsccC, UnitState::kApproved, sh, at(300));
  f.decide(kUsccD, UnitState::kApproved, "automatic", at(20));  // straight from registered
  f.submit(kUsccE, sh, at(30));
  f.decide(kUsccE, UnitState::kRejected, sh, at(310));
  f.submit("91310000000000008H", sh, at(40));

  auto list = [&](const QueueQuery& q) {
    auto units = f.store->list_queue(q);
    REQUIRE(units.is_ok());
    return accounts(*units);
  };
  auto count = [&](const QueueQuery& q) {
    auto counts = f.store->count_queue(q);
    REQUIRE(counts.is_ok());
    return std::vector<std::int64_t>{counts->pending, counts->approved, counts->rejected};
  };

  QueueQuery q;
  q.edition = 7;
  q.queue = sh;
  CHECK(list(q) == Strings{kUsccB, kUsccA});
  CHECK(count(q) == std::vector<std::int64_t>{2, 1, 1});
  auto first = f.store->list_queue(q);
  CHECK((*first)[0].review_why == Strings{"category"});
  CHECK((*first)[0].submitted_at == at(100));

  QueueQuery all = q;
  all.queue = "all";
  CHECK(list(all) == Strings{"OS-0001", kUsccB, kUsccA});
  CHECK(count(all) == std::vector<std::int64_t>{3, 1, 1});  // the automatic approval is not counted

  QueueQuery organizer = q;
  organizer.queue = "organizer";
  CHECK(list(organizer) == Strings{"OS-0001"});
  CHECK(count(organizer) == std::vector<std::int64_t>{1, 0, 0});

  QueueQuery sub = q;
  sub.sub_delegation = "zz-test-a";
  CHECK(list(sub) == Strings{kUsccA});
  CHECK(count(sub) == std::vector<std::int64_t>{1, 1, 0});

  QueueQuery category = all;
  category.category = UnitCategory::kGovernment;
  CHECK(list(category) == Strings{kUsccB});

  QueueQuery region = all;
  region.region = UnitRegion::kOverseas;
  CHECK(list(region) == Strings{"OS-0001"});

  QueueQuery before = q;
  before.submitted_before = at(200);  // strictly before: A, submitted at 200, is not included
  CHECK(list(before) == Strings{kUsccB});
  CHECK(count(before) == std::vector<std::int64_t>{1, 1, 1});  // only pending is limited

  QueueQuery name = q;
  name.name_contains = "甲";
  CHECK(list(name) == Strings{kUsccA});
  CHECK(count(name) == std::vector<std::int64_t>{1, 0, 0});

  QueueQuery eighth = q;
  eighth.edition = 8;
  CHECK(list(eighth) == Strings{"91310000000000008H"});
  CHECK(count(eighth) == std::vector<std::int64_t>{1, 0, 0});

  QueueQuery page = q;
  page.limit = 1;
  page.offset = 1;
  CHECK(list(page) == Strings{kUsccA});
  CHECK(count(page) == std::vector<std::int64_t>{2, 1, 1});  // counts ignore limit and offset
}

TEST_CASE("persons are inserted, found, listed, counted, moved on and deleted",
          "[store_review]") {
  Fixture f;
  f.add_unit(kUsccA, "甲");
  f.add_unit(kUsccB, "乙");

  const std::string photo("\x89PNG\r\n\x1a\n\0\xff\xfe tail", 16);
  Person first = f.make_person(kUsccA, "E10000001");
  first.document_kind = ciie::codes::DocumentKind::kCnId;
  first.birth_date = ciie::Date{1990, 3, 7};
  first.sex = ciie::codes::Sex::kFemale;
  first.position = "经理";
  first.free_badge = true;
  first.free_quota = "shanghai/zz-test-b";
  first.photo_format = "png";
  first.photo_sha256 = std::string(64, 'a');
  REQUIRE(f.insert_person(first, photo).is_ok());
  CHECK(first.id > 0);
  CHECK(first.has_photo);

  Person second = f.make_person(kUsccA, "E10000002");
  second.badge_type = "weekend";
  REQUIRE(f.insert_person(second).is_ok());
  Person joining = f.make_person(kUsccA, "E10000003");
  joining.state = PersonState::kJoinRequested;
  joining.source = "join";
  REQUIRE(f.insert_person(joining).is_ok());
  Person elsewhere = f.make_person(kUsccB, "E10000004");
  REQUIRE(f.insert_person(elsewhere).is_ok());

  auto found = f.store->find_person(first.id);
  REQUIRE(found.is_ok());
  REQUIRE(found->has_value());
  const Person& p = **found;
  CHECK(p.unit == kUsccA);
  CHECK(p.edition == 7);
  CHECK(p.name == "张三");
  CHECK(p.document_kind == ciie::codes::DocumentKind::kCnId);
  CHECK(p.document_number == "E10000001");
  CHECK(p.document_key == "E10000001");
  CHECK(p.birth_date == ciie::Date{1990, 3, 7});
  CHECK(p.sex == ciie::codes::Sex::kFemale);
  CHECK(p.phone == "13800138000");
  CHECK(p.position == "经理");
  CHECK(p.badge_type == "full");
  CHECK(p.free_badge);
  CHECK(p.free_quota == "shanghai/zz-test-b");
  CHECK(p.has_photo);
  CHECK(p.photo_format == "png");
  CHECK(p.photo_sha256 == std::string(64, 'a'));
  CHECK(p.state == PersonState::kDraft);
  CHECK(p.review_queue.empty());
  CHECK(p.review_why.empty());
  CHECK(p.source == "unit");
  CHECK(p.created_at == kT0);
  CHECK_FALSE(p.submitted_at.has_value());
  CHECK(p.created_by == "unit:" + kUsccA);
  CHECK_FALSE(p.masked);
  CHECK(f.store->person_photo(first.id).value() == photo);

  auto plain = f.store->find_person(second.id);
  REQUIRE(plain->has_value());
  CHECK_FALSE((*plain)->birth_date.has_value());
  CHECK_FALSE((*plain)->sex.has_value());
  CHECK_FALSE((*plain)->free_badge);
  CHECK((*plain)->free_quota.empty());
  CHECK_FALSE((*plain)->has_photo);
  CHECK((*plain)->document_kind == ciie::codes::DocumentKind::kPassport);
  CHECK(f.store->person_photo(second.id).value().empty());
  CHECK_FALSE(f.store->find_person(9999).value().has_value());

  // Listing: join requests only when asked for; badge type; paging; id order.
  ciie::PersonFilter filter;
  CHECK(ids(f.store->list_persons(kUsccA, filter).value()) == Ids{first.id, second.id});
  filter.state = PersonState::kJoinRequested;
  CHECK(ids(f.store->list_persons(kUsccA, filter).value()) == Ids{joining.id});
  CHECK(f.store->list_persons(kUsccA, filter).value()[0].source == "join");
  filter.state.reset();
  filter.badge_type = "weekend";
  CHECK(ids(f.store->list_persons(kUsccA, filter).value()) == Ids{second.id});
  filter.badge_type.clear();
  filter.limit = 1;
  filter.offset = 1;
  CHECK(ids(f.store->list_persons(kUsccA, filter).value()) == Ids{second.id});

  auto counts = f.store->count_persons(kUsccA);
  REQUIRE(counts.is_ok());
  CHECK(counts->draft == 2);
  CHECK(counts->join_requested == 1);
  CHECK(counts->submitted == 0);
  CHECK(counts->total() == 2);

  // Transitions are guarded like the unit's.
  CHECK(f.transition_person(second.id, {PersonState::kDraft}, PersonState::kSubmitted, at(60)));
  CHECK_FALSE(
      f.transition_person(second.id, {PersonState::kDraft}, PersonState::kSubmitted, at(90)));
  auto moved = f.store->find_person(second.id);
  CHECK((*moved)->state == PersonState::kSubmitted);
  CHECK((*moved)->submitted_at == at(60));
  CHECK((*moved)->updated_at == at(60));
  CHECK((*moved)->review_queue.empty());  // left unset by the transition
  PersonTransition review;
  review.id = second.id;
  review.from = {PersonState::kSubmitted};
  review.to = PersonState::kUnderReview;
  review.at = at(70);
  review.review_queue = "organizer";
  review.review_why = Strings{"photo_missing"};
  review.review_reason = "no photo";
  write(*f.store, [&] { return f.store->transition_person(review).status(); });
  moved = f.store->find_person(second.id);
  CHECK((*moved)->state == PersonState::kUnderReview);
  CHECK((*moved)->review_queue == "organizer");
  CHECK((*moved)->review_why == Strings{"photo_missing"});
  CHECK((*moved)->review_reason == "no photo");
  CHECK((*moved)->submitted_at == at(60));  // kept: set_submitted_at was false
  PersonTransition back = review;
  back.from = {PersonState::kUnderReview};
  back.to = PersonState::kSubmitted;
  back.at = at(80);
  back.review_queue.reset();
  back.review_why.reset();
  back.review_reason.reset();
  bool moved_back = false;
  write(*f.store, [&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(moved_back, f.store->transition_person(back));
    return Status::ok();
  });
  CHECK(moved_back);
  moved = f.store->find_person(second.id);
  CHECK((*moved)->review_queue == "organizer");
  CHECK((*moved)->review_why == Strings{"photo_missing"});
  CHECK((*moved)->updated_at == at(80));
  filter = {};
  filter.state = PersonState::kSubmitted;
  CHECK(ids(f.store->list_persons(kUsccA, filter).value()) == Ids{second.id});
  counts = f.store->count_persons(kUsccA);
  CHECK(counts->draft == 1);
  CHECK(counts->submitted == 1);

  // Deleting removes the photo too.
  write(*f.store, [&] { return f.store->delete_person(first.id); });
  CHECK_FALSE(f.store->find_person(first.id).value().has_value());
  CHECK(f.store->person_photo(first.id).value().empty());
  CHECK(query_one(f.path, "SELECT count(*) FROM person_photo") == "0");
  CHECK(query_one(f.path, "SELECT count(*) FROM person") == "3");
}

TEST_CASE("one badge per person per edition is enforced by the store", "[store_review]") {
  Fixture f;
  f.add_unit(kUsccA, "甲");
  f.add_unit(kUsccB, "乙");
  Person first = f.make_person(kUsccA, "P1234567");
  REQUIRE(f.insert_person(first).is_ok());

  Person again = f.make_person(kUsccB, "P1234567");
  const Status duplicate = f.insert_person(again);
  CHECK(duplicate.reason() == "store.constraint");
  CHECK(duplicate.code() == ciie::Code::kConflict);
  CHECK(query_one(f.path, "SELECT count(*) FROM person") == "1");

  auto holder = f.store->find_person_by_document(7, ciie::codes::DocumentKind::kPassport,
                                                 "P1234567");
  REQUIRE(holder.is_ok());
  REQUIRE(holder->has_value());
  CHECK((*holder)->id == first.id);
  // Another kind with the same key, or another edition, is another badge.
  CHECK_FALSE(f.store->find_person_by_document(7, ciie::codes::DocumentKind::kFpr, "P1234567")
                  .value()
                  .has_value());
  Person other_kind = f.make_person(kUsccB, "P1234567");
  other_kind.document_kind = ciie::codes::DocumentKind::kFpr;
  CHECK(f.insert_person(other_kind).is_ok());
  Person next_edition = f.make_person(kUsccB, "P1234567", 8);
  CHECK(f.insert_person(next_edition).is_ok());

  // Once the first is rejected the key is free again in its edition.
  CHECK(f.transition_person(first.id, {PersonState::kDraft}, PersonState::kRejected, at(10)));
  CHECK_FALSE(f.store->find_person_by_document(7, ciie::codes::DocumentKind::kPassport,
                                               "P1234567")
                  .value()
                  .has_value());
  Person after = f.make_person(kUsccB, "P1234567");
  REQUIRE(f.insert_person(after).is_ok());
  holder = f.store->find_person_by_document(7, ciie::codes::DocumentKind::kPassport, "P1234567");
  REQUIRE(holder->has_value());
  CHECK((*holder)->id == after.id);
  // And taken again by the new holder.
  Person third = f.make_person(kUsccA, "P1234567");
  CHECK(f.insert_person(third).reason() == "store.constraint");
}

TEST_CASE("the person queue lists persons under review by the unit's filters",
          "[store_review]") {
  Fixture f;
  const std::string sh = "delegation:shanghai";
  f.add_unit(kUsccA, "上海甲公司", UnitCategory::kEnterprise, "zz-test-a");
  f.add_unit(kUsccB, "乙局", UnitCategory::kGovernment, "zz-test-b");

  auto add = [&](const std::string& unit, const std::string& key, const std::string& name,
                 std::optional<std::string> queue) {
    Person person = f.make_person(unit, key);
    person.name = name;
    REQUIRE(f.insert_person(person).is_ok());
    REQUIRE(f.transition_person(person.id, {PersonState::kDraft}, PersonState::kSubmitted, at(5)));
    if (queue) {
      REQUIRE(f.transition_person(person.id, {PersonState::kSubmitted},
                                  PersonState::kUnderReview, at(10), queue));
    }
    return person.id;
  };
  const auto a1 = add(kUsccA, "K1", "甲一", sh);
  const auto b1 = add(kUsccB, "K2", "甲二", sh);  // the person's name has 甲, its unit's not
  const auto a2 = add(kUsccA, "K3", "甲三", std::string("organizer"));
  add(kUsccA, "K4", "甲四", std::nullopt);  // submitted, not yet under review

  auto list = [&](const QueueQuery& q) { return ids(f.store->list_person_queue(q).value()); };
  auto count = [&](const QueueQuery& q) { return f.store->count_person_queue(q).value(); };

  QueueQuery q;
  q.edition = 7;
  q.queue = sh;
  CHECK(list(q) == Ids{a1, b1});
  CHECK(count(q) == 2);
  CHECK(f.store->list_person_queue(q).value()[0].review_queue == sh);
  QueueQuery all = q;
  all.queue = "all";
  CHECK(list(all) == Ids{a1, b1, a2});
  CHECK(count(all) == 3);
  QueueQuery name = all;
  name.name_contains = "甲";
  CHECK(list(name) == Ids{a1, a2});
  CHECK(count(name) == 2);
  QueueQuery sub = q;
  sub.sub_delegation = "zz-test-b";
  CHECK(list(sub) == Ids{b1});
  QueueQuery category = all;
  category.category = UnitCategory::kGovernment;
  CHECK(list(category) == Ids{b1});
  QueueQuery region = all;
  region.region = UnitRegion::kOverseas;
  CHECK(list(region).empty());
  CHECK(count(region) == 0);
  QueueQuery page = all;
  page.limit = 1;
  page.offset = 2;
  CHECK(list(page) == Ids{a2});
  QueueQuery eighth = all;
  eighth.edition = 8;
  CHECK(count(eighth) == 0);

  // A decision takes the person out of the queue.
  CHECK(f.transition_person(a1, {PersonState::kUnderReview}, PersonState::kApproved, at(20)));
  CHECK(list(q) == Ids{b1});
}

TEST_CASE("free places are taken up to the quota and given back", "[store_review]") {
  Fixture f;
  auto take = [&](const std::string& d, const std::string& s) {
    bool taken = false;
    write(*f.store, [&]() -> Status {
      CIIE_ASSIGN_OR_RETURN(taken, f.store->take_free_place(d, s, "full"));
      return Status::ok();
    });
    return taken;
  };
  auto release = [&](const std::string& d, const std::string& s) {
    write(*f.store, [&] { return f.store->release_free_place(d, s, "full"); });
  };
  auto used = [&](const std::string& d, const std::string& s) {
    auto quota = f.store->find_quota(d, s, "full");
    REQUIRE(quota.is_ok());
    REQUIRE(quota->has_value());
    return (*quota)->used;
  };

  auto quota = f.store->find_quota("shanghai", "", "full");
  REQUIRE(quota->has_value());
  CHECK((*quota)->delegation == "shanghai");
  CHECK((*quota)->sub_delegation.empty());
  CHECK((*quota)->badge_type == "full");
  CHECK((*quota)->places == 2);
  CHECK((*quota)->used == 0);
  CHECK_FALSE(f.store->find_quota("shanghai", "", "weekend").value().has_value());

  CHECK(take("shanghai", ""));
  CHECK(take("shanghai", ""));
  CHECK_FALSE(take("shanghai", ""));  // both places held
  CHECK(used("shanghai", "") == 2);
  // The sub-delegation's quota is its own.
  CHECK(take("shanghai", "zz-test-b"));
  CHECK_FALSE(take("shanghai", "zz-test-b"));
  CHECK(used("shanghai", "zz-test-b") == 1);
  CHECK_FALSE(take("shanghai", "zz-test-a"));  // no quota row at all
  CHECK_FALSE(take("beijing", ""));

  release("shanghai", "");
  CHECK(used("shanghai", "") == 1);
  CHECK(take("shanghai", ""));
  CHECK_FALSE(take("shanghai", ""));
  for (int i = 0; i < 3; ++i) release("shanghai", "");
  CHECK(used("shanghai", "") == 0);  // never below zero
  CHECK(used("shanghai", "zz-test-b") == 1);
}

TEST_CASE("a unit keeps at most five addresses and one default", "[store_review]") {
  Fixture f;
  f.add_unit(kUsccA, "甲");
  f.add_unit(kUsccB, "乙");
  auto make = [&](const std::string& unit, bool is_default) {
    ciie::Address address;
    address.unit = unit;
    address.recipient = "李四";
    address.phone = "13800138000";
    address.division = "310115";
    address.detail = "世博大道 1 号";
    address.postcode = "200120";
    address.is_default = is_default;
    address.created_at = kT0;
    return address;
  };
  auto insert = [&](ciie::Address& address) {
    return f.store->write_transaction([&] { return f.store->insert_address(address); });
  };

  std::vector<std::int64_t> mine;
  for (int i = 0; i < 5; ++i) {
    ciie::Address address = make(kUsccA, i == 0);
    REQUIRE(insert(address).is_ok());
    CHECK(address.id > 0);
    mine.push_back(address.id);
  }
  ciie::Address sixth = make(kUsccA, false);
  const Status limit = insert(sixth);
  CHECK(limit.reason() == "address.limit");
  CHECK(limit.code() == ciie::Code::kRefused);
  CHECK(query_one(f.path, "SELECT count(*) FROM address") == "5");

  ciie::Address theirs = make(kUsccB, true);
  REQUIRE(insert(theirs).is_ok());  // the limit is per unit
  ciie::Address second_default = make(kUsccB, true);
  CHECK(insert(second_default).reason() == "store.constraint");

  auto list = f.store->list_addresses(kUsccA);
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 5);
  CHECK((*list)[0].id == mine[0]);
  CHECK((*list)[0].is_default);
  CHECK((*list)[0].division_name == "上海市浦东新区");
  CHECK((*list)[0].detail == "世博大道 1 号");
  CHECK((*list)[0].postcode == "200120");
  CHECK((*list)[0].created_at == kT0);

  auto set_default = [&](const std::string& unit, std::int64_t id) {
    bool done = false;
    write(*f.store, [&]() -> Status {
      CIIE_ASSIGN_OR_RETURN(done, f.store->set_default_address(unit, id));
      return Status::ok();
    });
    return done;
  };
  CHECK(set_default(kUsccA, mine[3]));
  list = f.store->list_addresses(kUsccA);
  CHECK((*list)[0].id == mine[3]);
  CHECK(std::count_if(list->begin(), list->end(),
                      [](const ciie::Address& a) { return a.is_default; }) == 1);
  std::vector<std::int64_t> order;
  for (const auto& a : *list) order.push_back(a.id);
  CHECK(order == Ids{mine[3], mine[0], mine[1], mine[2], mine[4]});
  CHECK(set_default(kUsccA, mine[3]));  // already the default
  CHECK_FALSE(set_default(kUsccA, theirs.id));  // not this unit's
  CHECK_FALSE(set_default(kUsccA, 9999));
  CHECK(f.store->list_addresses(kUsccA).value()[0].id == mine[3]);
  CHECK(f.store->list_addresses(kUsccB).value()[0].is_default);

  auto remove = [&](const std::string& unit, std::int64_t id) {
    bool done = false;
    write(*f.store, [&]() -> Status {
      CIIE_ASSIGN_OR_RETURN(done, f.store->delete_address(unit, id));
      return Status::ok();
    });
    return done;
  };
  CHECK_FALSE(remove(kUsccA, theirs.id));
  CHECK(remove(kUsccA, mine[1]));
  CHECK_FALSE(remove(kUsccA, mine[1]));
  CHECK(f.store->list_addresses(kUsccA).value().size() == 4);
  ciie::Address replacement = make(kUsccA, false);
  CHECK(insert(replacement).is_ok());  // room again after a deletion
}

TEST_CASE("access tokens count as valid until they expire or are revoked", "[store_review]") {
  Fixture f;
  auto make = [&](const std::string& actor, const std::string& hash, Instant created,
                  std::optional<Instant> expires) {
    TokenRecord record;
    record.info.actor = actor;
    record.info.prefix = hash.substr(0, 4);
    record.info.note = "note " + hash;
    record.info.created_at = created;
    record.info.created_by = "organizer";
    record.info.expires_at = expires;
    record.secret_hash = hash;
    write(*f.store, [&] { return f.store->insert_token(record); });
    CHECK(record.info.id > 0);
    return record.info.id;
  };
  const Instant now = at(1000);
  const auto organizer = make("organizer", "aaaa1111", at(1), std::nullopt);
  const auto lasting = make("delegation:shanghai", "bbbb2222", at(2), now.plus_seconds(3600));
  const auto expired = make("delegation:shanghai", "cccc3333", at(3), now.plus_seconds(-1));
  const auto finance = make("finance", "dddd4444", at(4), std::nullopt);

  auto valid = [&](Instant when, const std::string& actor) {
    auto n = f.store->count_valid_tokens(when, actor);
    REQUIRE(n.is_ok());
    return *n;
  };
  CHECK(valid(now, "") == 3);
  CHECK(valid(now, "delegation:shanghai") == 1);
  CHECK(valid(now.plus_seconds(3600), "delegation:shanghai") == 0);  // expires at that instant
  CHECK(valid(at(0), "delegation:shanghai") == 2);
  CHECK(valid(now, "delegation:beijing") == 0);

  write(*f.store, [&] { return f.store->revoke_token(finance, at(2000)); });
  CHECK(valid(now, "") == 2);
  CHECK(valid(now, "finance") == 0);
  write(*f.store, [&] { return f.store->revoke_token(finance, at(3000)); });
  auto revoked = f.store->find_token(finance);
  REQUIRE(revoked->has_value());
  CHECK((*revoked)->info.revoked_at == at(2000));  // the first revocation stands

  write(*f.store, [&] { return f.store->touch_token(organizer, at(1500)); });
  auto touched = f.store->find_token(organizer);
  REQUIRE(touched->has_value());
  CHECK((*touched)->info.last_used_at == at(1500));
  CHECK_FALSE((*touched)->info.revoked_at.has_value());
  CHECK_FALSE((*touched)->info.expires_at.has_value());

  auto by_hash = f.store->find_token_by_hash("bbbb2222");
  REQUIRE(by_hash.is_ok());
  REQUIRE(by_hash->has_value());
  CHECK((*by_hash)->info.id == lasting);
  CHECK((*by_hash)->info.actor == "delegation:shanghai");
  CHECK((*by_hash)->info.prefix == "bbbb");
  CHECK((*by_hash)->info.note == "note bbbb2222");
  CHECK((*by_hash)->info.created_at == at(2));
  CHECK((*by_hash)->info.created_by == "organizer");
  CHECK((*by_hash)->info.expires_at == now.plus_seconds(3600));
  CHECK((*by_hash)->secret_hash == "bbbb2222");
  CHECK_FALSE(f.store->find_token_by_hash("nope").value().has_value());
  CHECK_FALSE(f.store->find_token(9999).value().has_value());

  auto tokens = f.store->list_tokens();
  REQUIRE(tokens.is_ok());
  std::vector<std::int64_t> order;
  for (const auto& t : *tokens) order.push_back(t.id);
  CHECK(order == Ids{finance, expired, lasting, organizer});

  TokenRecord same_hash;
  same_hash.info.actor = "organizer";
  same_hash.info.created_by = "organizer";
  same_hash.secret_hash = "aaaa1111";
  CHECK(f.store->write_transaction([&] { return f.store->insert_token(same_hash); }).reason() ==
        "store.constraint");
}
