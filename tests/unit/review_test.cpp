// Submission and review (SUB-1, REV-1..5), delivery addresses (ADR-1) and access tokens
// (credential.hpp): what a submission does and which queue it lands in, the queues reviewers
// see, their decisions one at a time, from a file or for a whole filter, person review after
// payment, the progress flow, addresses, tokens — and the audit entry of every mutation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "registry/review_flow.hpp"
#include "store/store.hpp"
#include "support/registry_fixture.hpp"

using namespace ciie;
using test::enterprise;

namespace {

const std::string kShanghai = "91310115591693856A";  // 上海浦东 enterprise: approved automatically
const std::string kHangzhou = "91330106MA27Y4U47R";  // 杭州 (330106): zhejiang / zhejiang-3301

// A valid USCC in `division` (6 digits), distinct for every index below 10^7.
std::string uscc_in(const std::string& division, std::int64_t index) {
  const std::string digits = std::to_string(index);
  const std::string org_body = "5" + std::string(7 - digits.size(), '0') + digits;
  std::string first17 = "91" + division + org_body;
  first17 += codes::org_code_check_char(org_body);
  return first17 + codes::uscc_check_char(first17);
}

// A valid cn_id number: born 1980-01-(1 + n / 999), sequence n % 999 + 1, with its check char.
std::string cn_id(int n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", 1 + (n / 999) % 28, n % 999 + 1);
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

PersonRequest person(int n, bool free_badge = false) {
  PersonRequest r;
  r.name = "参观人员" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "1390000" + std::to_string(1000 + n);
  r.badge_type = "full";
  r.free_badge = free_badge;
  return r;
}

std::string png() {
  const std::string bytes = test::read_file(
      (std::filesystem::path(CIIE_SOURCE_DIR) / "tests/data/licences/blank.png").string());
  REQUIRE(bytes.size() > 100);
  return bytes;
}

std::vector<AuditEntry> audit(test::RegistryFixture& f, const std::string& action,
                              const std::string& subject = "") {
  AuditQuery query;
  query.action = action;
  query.subject = subject;
  query.limit = 100'000;
  auto entries = f->audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  return *entries;
}

std::size_t audit_total(test::RegistryFixture& f) { return audit(f, "").size(); }

Unit register_unit(test::RegistryFixture& f, const std::string& uscc, const std::string& name,
                   UnitCategory category = UnitCategory::kEnterprise) {
  RegisterRequest r = enterprise(uscc, name);
  r.category = category;
  auto registered = f->register_unit(Actor::organizer(), r);
  INFO(registered.status().to_string());
  REQUIRE(registered.is_ok());
  return registered->unit;
}

Person add(test::RegistryFixture& f, const std::string& account, const PersonRequest& request) {
  auto added = f->add_person(Actor::organizer(), account, request);
  INFO(added.status().to_string());
  REQUIRE(added.is_ok());
  return *added;
}

SubmitOutcome submit(test::RegistryFixture& f, const std::string& account,
                     const SubmitRequest& request = {}, const Actor& actor = Actor::organizer()) {
  auto outcome = f->submit(actor, account, request);
  INFO(outcome.status().to_string());
  REQUIRE(outcome.is_ok());
  return *outcome;
}

// Registers a unit, adds person n and submits both; the clock moves on a minute afterwards so
// that queues (oldest submission first) have a definite order.
SubmitOutcome registered_and_submitted(test::RegistryFixture& f, const std::string& uscc,
                                       const std::string& name, UnitCategory category, int n) {
  register_unit(f, uscc, name, category);
  add(f, uscc, person(n));
  SubmitOutcome outcome = submit(f, uscc);
  f.clock->advance_seconds(60);
  return outcome;
}

Unit unit_of(test::RegistryFixture& f, const std::string& account) {
  auto unit = f->unit(Actor::organizer(), account);
  INFO(unit.status().to_string());
  REQUIRE(unit.is_ok());
  return *unit;
}

Person person_of(test::RegistryFixture& f, const std::string& account, std::int64_t id) {
  PersonFilter all;
  for (PersonState state : {PersonState::kDraft, PersonState::kSubmitted, PersonState::kUnderReview,
                            PersonState::kApproved, PersonState::kRejected,
                            PersonState::kJoinRequested}) {
    all.state = state;
    auto persons = f->persons(Actor::organizer(), account, all);
    REQUIRE(persons.is_ok());
    for (const Person& p : persons->persons) {
      if (p.id == id) return p;
    }
  }
  FAIL("no person " << id << " in unit " << account);
  return {};
}

ReviewQueue queue(test::RegistryFixture& f, const Actor& actor, const QueueFilter& filter = {}) {
  auto listed = f->review_queue(actor, filter);
  INFO(listed.status().to_string());
  REQUIRE(listed.is_ok());
  return *listed;
}

std::vector<std::string> accounts(const ReviewQueue& q) {
  std::vector<std::string> out;
  for (const QueueItem& item : q.items) out.push_back(item.unit.account);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The payment module's call: a paid (submitted) person enters person review.
Result<Person> enter_review(test::RegistryFixture& f, std::int64_t id) {
  auto store = store::open_store(test::store_location(f.dir.file("ciie.db")), store::StoreOptions{});
  REQUIRE(store.is_ok());
  Options options;
  options.clock = f.clock;
  options.rules = f->rules();
  Result<Person> entered = Status::internal("not run");
  const Status committed = (*store)->write_transaction([&]() -> Status {
    entered = registry::enter_person_review(**store, options, Actor::organizer(), id);
    return entered.status();
  });
  if (!committed.is_ok()) return committed;
  return entered;
}

std::int64_t quota_used(test::RegistryFixture& f, const std::string& delegation) {
  auto store = store::open_store(test::store_location(f.dir.file("ciie.db")), store::StoreOptions{});
  REQUIRE(store.is_ok());
  auto row = (*store)->find_quota(delegation, "", "full");
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  return (*row)->used;
}

struct Run {
  Result<BulkSummary> summary = Status::internal("not run");
  std::vector<RowOutcome> rows;
};

Run run_decisions(test::RegistryFixture& f, const Actor& actor, const std::string& csv,
                  BulkOptions options = {}) {
  std::istringstream input(csv);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::decision_columns();
  reader_options.required_columns = {"unit", "decision"};
  auto reader = make_record_reader(input, InputFormat::kCsv, reader_options);
  Run result;
  result.summary = f->review_units(actor, *reader, options,
                                   [&](const RowOutcome& row) { result.rows.push_back(row); });
  return result;
}

Run run_approve_all(test::RegistryFixture& f, const Actor& actor, const QueueFilter& filter,
                    BulkOptions options = {}) {
  Run result;
  result.summary = f->approve_all(actor, filter, options,
                                  [&](const RowOutcome& row) { result.rows.push_back(row); });
  return result;
}

const ProgressStep& step(const Progress& progress, const std::string& name) {
  for (const ProgressStep& s : progress.steps) {
    if (s.step == name) return s;
  }
  FAIL("no step " << name);
  return progress.steps.front();
}

Progress progress_of(test::RegistryFixture& f, const std::string& account,
                     const Actor& actor = Actor::organizer()) {
  auto shown = f->progress(actor, account);
  INFO(shown.status().to_string());
  REQUIRE(shown.is_ok());
  return *shown;
}

AddressRequest address(int n, bool make_default = false) {
  AddressRequest r;
  r.recipient = "收件人" + std::to_string(n);
  r.phone = "1381234567" + std::to_string(n % 10);
  r.division = "310115";
  r.detail = "浦东新区某某路" + std::to_string(n) + "号";
  r.postcode = "200120";
  r.make_default = make_default;
  return r;
}

std::vector<Address> addresses_of(test::RegistryFixture& f, const std::string& account) {
  auto list = f->addresses(Actor::unit(account), account, false);
  REQUIRE(list.is_ok());
  return *list;
}

// ADR-1: exactly one default whenever any address exists, listed first. Returns its id.
std::int64_t only_default(const std::vector<Address>& list) {
  const auto defaults = std::count_if(list.begin(), list.end(),
                                      [](const Address& a) { return a.is_default; });
  CHECK(defaults == (list.empty() ? 0 : 1));
  if (list.empty()) return 0;
  CHECK(list.front().is_default);
  return list.front().id;
}

}  // namespace

// ---- SUB-1 ------------------------------------------------------------------------------------

TEST_CASE("SUB-1: a unit is submitted with or after at least one person — the pending count",
          "[review][submit]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");

  auto alone = f->submit(Actor::unit(kShanghai), kShanghai, SubmitRequest{});
  CHECK(alone.status().reason() == "submit.no_person");
  CHECK(alone.status().code() == Code::kRefused);
  CHECK(unit_of(f, kShanghai).state == UnitState::kRegistered);

  const Person a = add(f, kShanghai, person(1));
  const Person b = add(f, kShanghai, person(2));
  const Person c = add(f, kShanghai, person(3));
  // Drafts are not enough: at least one person is submitted with the unit or before it.
  SubmitRequest unit_only;
  unit_only.all_persons = false;
  CHECK(f->submit(Actor::unit(kShanghai), kShanghai, unit_only).status().reason() ==
        "submit.no_person");
  CHECK(unit_of(f, kShanghai).state == UnitState::kRegistered);
  CHECK(audit(f, "person.submit").empty());
  CHECK(audit(f, "unit.submit").empty());

  // Persons before the unit.
  SubmitRequest just_a;
  just_a.unit = false;
  just_a.all_persons = false;
  just_a.persons = {a.id};
  const SubmitOutcome first = submit(f, kShanghai, just_a, Actor::unit(kShanghai));
  CHECK_FALSE(first.unit_submitted);
  CHECK(first.persons_submitted == std::vector<std::int64_t>{a.id});
  CHECK(first.pending == 2);
  CHECK(first.unit.state == UnitState::kRegistered);
  CHECK(f->persons(Actor::unit(kShanghai), kShanghai, PersonFilter{})->pending == 2);
  CHECK(person_of(f, kShanghai, a.id).state == PersonState::kSubmitted);
  REQUIRE(audit(f, "person.submit", "person:" + std::to_string(a.id)).size() == 1);

  // A submitted person named again: person.not_draft, and the other one stays a draft.
  SubmitRequest a_and_b = just_a;
  a_and_b.persons = {a.id, b.id};
  CHECK(f->submit(Actor::unit(kShanghai), kShanghai, a_and_b).status().reason() ==
        "person.not_draft");
  CHECK(person_of(f, kShanghai, b.id).state == PersonState::kDraft);
  SubmitRequest stranger = just_a;
  stranger.persons = {999'999};
  CHECK(f->submit(Actor::unit(kShanghai), kShanghai, stranger).status().reason() ==
        "person.unknown");

  // Now the unit with the rest: an enterprise in Shanghai is approved at once (REV-1).
  const SubmitOutcome second = submit(f, kShanghai, SubmitRequest{}, Actor::unit(kShanghai));
  CHECK(second.unit_submitted);
  CHECK(second.auto_approved);
  CHECK(second.queue.empty());
  CHECK(second.review_why.empty());
  CHECK(second.persons_submitted == std::vector<std::int64_t>{b.id, c.id});
  CHECK(second.pending == 0);
  CHECK(second.unit.state == UnitState::kApproved);
  CHECK(second.unit.decided_by == "automatic");
  REQUIRE(second.unit.submitted_at.has_value());
  CHECK(*second.unit.submitted_at == f.clock->now());
  CHECK(audit(f, "unit.submit", "unit:" + kShanghai).size() == 1);
  CHECK(audit(f, "review.auto_approve", "unit:" + kShanghai).size() == 1);
  CHECK(audit(f, "person.submit").size() == 3);

  // Nothing new: the unit was submitted already; no unit and no draft: nothing to submit.
  auto already = f->submit(Actor::unit(kShanghai), kShanghai, SubmitRequest{});
  CHECK(already.status().reason() == "submit.already");
  CHECK(already.status().code() == Code::kConflict);
  SubmitRequest persons_only;
  persons_only.unit = false;
  CHECK(f->submit(Actor::unit(kShanghai), kShanghai, persons_only).status().reason() ==
        "submit.nothing");

  // SUB-2: persons added after the unit was approved are submitted alone.
  const Person d = add(f, kShanghai, person(4));
  CHECK(f->persons(Actor::unit(kShanghai), kShanghai, PersonFilter{})->pending == 1);
  const SubmitOutcome later = submit(f, kShanghai, SubmitRequest{}, Actor::unit(kShanghai));
  CHECK_FALSE(later.unit_submitted);
  CHECK(later.persons_submitted == std::vector<std::int64_t>{d.id});
  CHECK(later.unit.state == UnitState::kApproved);
  CHECK(audit(f, "unit.submit", "unit:" + kShanghai).size() == 1);
}

// ---- REV-1 ------------------------------------------------------------------------------------

TEST_CASE("REV-1: which queue a submitted unit enters, and why", "[review][routing]") {
  test::RegistryFixture f;

  SECTION("a mainland enterprise or public institution is approved automatically") {
    const SubmitOutcome enterprise_unit = registered_and_submitted(
        f, kShanghai, "上海某某有限公司", UnitCategory::kEnterprise, 1);
    CHECK(enterprise_unit.auto_approved);
    CHECK(enterprise_unit.unit.state == UnitState::kApproved);
    CHECK(enterprise_unit.unit.decided_by == "automatic");
    CHECK(enterprise_unit.unit.review_queue.empty());
    const SubmitOutcome institution = registered_and_submitted(
        f, uscc_in("310104", 1), "上海某某研究院", UnitCategory::kPublicInstitution, 2);
    CHECK(institution.auto_approved);
    CHECK(institution.unit.decided_by == "automatic");
    const auto entries = audit(f, "review.auto_approve", "unit:" + kShanghai);
    REQUIRE(entries.size() == 1);
    CHECK(audit(f, "review.approve").empty());  // no person decided anything
  }
  SECTION("government and social organisations go to the home delegation's queue") {
    const SubmitOutcome government = registered_and_submitted(
        f, kHangzhou, "杭州市某某局", UnitCategory::kGovernment, 1);
    CHECK_FALSE(government.auto_approved);
    CHECK(government.unit_submitted);
    CHECK(government.unit.state == UnitState::kSubmitted);
    CHECK(government.queue == "delegation:zhejiang");
    CHECK(government.unit.review_queue == "delegation:zhejiang");
    CHECK(contains(government.review_why, "category:government"));
    CHECK(contains(government.unit.review_why, "category:government"));
    CHECK(government.unit.decided_by.empty());
    const SubmitOutcome social = registered_and_submitted(
        f, uscc_in("330106", 1), "杭州某某协会", UnitCategory::kSocialOrg, 2);
    CHECK(social.queue == "delegation:zhejiang");
    CHECK(contains(social.review_why, "category:social_org"));
    CHECK(audit(f, "review.auto_approve").empty());
    const auto submitted = audit(f, "unit.submit", "unit:" + kHangzhou);
    REQUIRE(submitted.size() == 1);
    CHECK_THAT(submitted.front().details, Catch::Contains("delegation:zhejiang"));
  }
  SECTION("an enterprise routed by affiliation choice is reviewed by a person") {
    RegisterRequest r = enterprise(uscc_in("330106", 2), "杭州某某贸易有限公司");
    r.affiliation = Affiliation::kChosen;
    r.delegation = "shanghai";
    r.affiliation_reason = "总部在上海";
    REQUIRE(f->register_unit(Actor::organizer(), r).is_ok());
    add(f, r.uscc, person(1));
    const SubmitOutcome chosen = submit(f, r.uscc);
    CHECK_FALSE(chosen.auto_approved);
    CHECK(chosen.unit.state == UnitState::kSubmitted);
    CHECK(chosen.queue == "delegation:shanghai");
    CHECK(contains(chosen.review_why, "flag:affiliation_choice"));
  }
  SECTION("an overseas unit goes to the organizer") {
    RegisterRequest r;
    r.region = UnitRegion::kOverseas;
    r.category = UnitCategory::kEnterprise;
    r.name = "Example Trading GmbH";
    r.email = "buyer@example.de";
    r.consent = true;
    auto registered = f->register_unit(Actor::organizer(), r);
    REQUIRE(registered.is_ok());
    const std::string account = registered->unit.account;
    add(f, account, person(1));
    const SubmitOutcome overseas = submit(f, account);
    CHECK_FALSE(overseas.auto_approved);
    CHECK(overseas.queue == "organizer");
    CHECK(contains(overseas.review_why, "region:overseas"));
    CHECK(contains(accounts(queue(f, Actor::organizer())), account));
  }
  SECTION("an industry delegation's member goes to that delegation's queue") {
    CreateReferralsRequest request;
    request.issuer = "delegation:industry-01";
    auto codes = f->create_referrals(Actor::organizer(), request);
    REQUIRE(codes.is_ok());
    REQUIRE(codes->size() == 1);
    RegisterRequest r = enterprise(uscc_in("310115", 3), "上海某某商贸有限公司");
    r.referral_code = codes->front().code;
    auto registered = f->register_unit(Actor::organizer(), r);
    INFO(registered.status().to_string());
    REQUIRE(registered.is_ok());
    CHECK(registered->unit.route.industry_delegation == "industry-01");
    CHECK(registered->unit.route.home_delegation == "shanghai");
    add(f, r.uscc, person(1));
    const SubmitOutcome member = submit(f, r.uscc);
    CHECK_FALSE(member.auto_approved);
    CHECK(member.queue == "delegation:industry-01");
    CHECK(contains(member.review_why, "industry_member"));
    CHECK(contains(accounts(queue(f, Actor::delegation("industry-01"))), r.uscc));
    // REV-2: the home delegation sees the unit but does not review it.
    CHECK(f->unit(Actor::delegation("shanghai"), r.uscc).is_ok());
    CHECK(f->review_unit(Actor::delegation("shanghai"), {r.uscc, Decision::kApprove, ""})
              .status()
              .reason() == "auth.forbidden");
    auto approved =
        f->review_unit(Actor::delegation("industry-01"), {r.uscc, Decision::kApprove, ""});
    REQUIRE(approved.is_ok());
    CHECK(approved->decided_by == "delegation:industry-01");
  }
}

// ---- REV-2: queues and decisions --------------------------------------------------------------

TEST_CASE("review_queue lists a queue with its counts, filters and masked phones",
          "[review][queue]") {
  test::RegistryFixture f;
  const std::string gov1 = kHangzhou, gov2 = uscc_in("330106", 1), social = uscc_in("330106", 2),
                    wenzhou = uscc_in("330302", 1), shanghai_gov = uscc_in("310104", 1);
  registered_and_submitted(f, gov1, "杭州市甲局", UnitCategory::kGovernment, 1);
  registered_and_submitted(f, gov2, "杭州市乙局", UnitCategory::kGovernment, 2);
  registered_and_submitted(f, social, "杭州某某协会", UnitCategory::kSocialOrg, 3);
  registered_and_submitted(f, wenzhou, "温州市某某局", UnitCategory::kGovernment, 4);
  registered_and_submitted(f, shanghai_gov, "上海市某某局", UnitCategory::kGovernment, 5);
  const std::size_t audit_before = audit_total(f);

  const ReviewQueue all = queue(f, Actor::delegation("zhejiang"));
  CHECK(all.queue == "delegation:zhejiang");
  CHECK(accounts(all) == std::vector<std::string>{gov1, gov2, social, wenzhou});  // oldest first
  CHECK(all.pending == 4);
  CHECK(all.approved == 0);
  CHECK(all.rejected == 0);
  const QueueItem& first = all.items.front();
  CHECK(first.queue == "delegation:zhejiang");
  CHECK(contains(first.review_why, "category:government"));
  CHECK(first.persons_submitted == 1);
  CHECK(first.unit.phone == "138****5678");  // masked (domain §2)
  CHECK(first.unit.name == "杭州市甲局");
  CHECK(audit_total(f) == audit_before);  // listing writes nothing

  QueueFilter social_only;
  social_only.category = UnitCategory::kSocialOrg;
  const ReviewQueue socials = queue(f, Actor::delegation("zhejiang"), social_only);
  CHECK(accounts(socials) == std::vector<std::string>{social});
  CHECK(socials.pending == 1);

  QueueFilter by_name;
  by_name.name_contains = "温州";
  CHECK(accounts(queue(f, Actor::delegation("zhejiang"), by_name)) ==
        std::vector<std::string>{wenzhou});

  QueueFilter hangzhou;
  hangzhou.sub_delegation = "zhejiang-3301";
  CHECK(accounts(queue(f, Actor::delegation("zhejiang"), hangzhou)) ==
        std::vector<std::string>{gov1, gov2, social});
  QueueFilter wenzhou_only;
  wenzhou_only.sub_delegation = "zhejiang-3303";
  CHECK(accounts(queue(f, Actor::delegation("zhejiang"), wenzhou_only)) ==
        std::vector<std::string>{wenzhou});
  // A sub-delegation's own queue is its part of the parent's.
  const ReviewQueue sub = queue(f, Actor::delegation("zhejiang-3301"));
  CHECK(sub.queue == "delegation:zhejiang");
  CHECK(accounts(sub) == std::vector<std::string>{gov1, gov2, social});
  CHECK(sub.pending == 3);

  // The counts ignore limit and offset.
  QueueFilter page;
  page.limit = 1;
  page.offset = 1;
  const ReviewQueue paged = queue(f, Actor::delegation("zhejiang"), page);
  CHECK(accounts(paged) == std::vector<std::string>{gov2});
  CHECK(paged.pending == 4);

  // The organizer names any queue; its own is empty here; "all" has every waiting unit.
  CHECK(queue(f, Actor::organizer()).items.empty());
  QueueFilter every;
  every.queue = "all";
  CHECK(queue(f, Actor::organizer(), every).items.size() == 5);
  QueueFilter zhejiang;
  zhejiang.queue = "delegation:zhejiang";
  CHECK(queue(f, Actor::organizer(), zhejiang).pending == 4);

  // Another delegation's queue, an unknown one, a foreign sub-delegation.
  CHECK(f->review_queue(Actor::delegation("shanghai"), zhejiang).status().reason() ==
        "auth.forbidden");
  CHECK(f->review_queue(Actor::delegation("shanghai"), every).status().reason() ==
        "auth.forbidden");
  QueueFilter nowhere;
  nowhere.queue = "delegation:atlantis";
  CHECK(f->review_queue(Actor::organizer(), nowhere).status().reason() == "delegation.unknown");
  QueueFilter foreign_sub;
  foreign_sub.sub_delegation = "jiangsu-3201";
  CHECK(f->review_queue(Actor::delegation("zhejiang"), foreign_sub).status().reason() ==
        "delegation.sub_mismatch");

  // Decisions move the counts.
  REQUIRE(f->review_unit(Actor::delegation("zhejiang"), {gov1, Decision::kApprove, ""}).is_ok());
  REQUIRE(f->review_unit(Actor::delegation("zhejiang"), {gov2, Decision::kReject, "资料不全"})
              .is_ok());
  const ReviewQueue after = queue(f, Actor::delegation("zhejiang"));
  CHECK(accounts(after) == std::vector<std::string>{social, wenzhou});
  CHECK(after.pending == 2);
  CHECK(after.approved == 1);
  CHECK(after.rejected == 1);
}

TEST_CASE("review_unit approves or rejects once — a rejection needs a reason", "[review]") {
  test::RegistryFixture f;
  registered_and_submitted(f, kHangzhou, "杭州市某某局", UnitCategory::kGovernment, 1);
  register_unit(f, uscc_in("330106", 1), "杭州市未提交局", UnitCategory::kGovernment);

  auto no_reason = f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kReject, ""});
  CHECK(no_reason.status().reason() == "review.reason_required");
  CHECK(no_reason.status().field() == "reason");
  CHECK(f->review_unit(Actor::delegation("shanghai"), {kHangzhou, Decision::kApprove, ""})
            .status()
            .reason() == "auth.forbidden");
  CHECK(f->review_unit(Actor::delegation("zhejiang-3303"), {kHangzhou, Decision::kApprove, ""})
            .status()
            .reason() == "auth.forbidden");
  CHECK(unit_of(f, kHangzhou).state == UnitState::kSubmitted);
  CHECK(audit(f, "review.approve").empty());
  CHECK(audit(f, "review.reject").empty());

  auto approved = f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kApprove, ""});
  REQUIRE(approved.is_ok());
  CHECK(approved->state == UnitState::kApproved);
  CHECK(approved->decided_by == "delegation:zhejiang");
  REQUIRE(approved->decided_at.has_value());
  CHECK(*approved->decided_at == f.clock->now());
  const auto entries = audit(f, "review.approve", "unit:" + kHangzhou);
  REQUIRE(entries.size() == 1);
  CHECK(entries.front().actor == "delegation:zhejiang");

  // A second decision, whichever: review.not_pending, and the first one stands.
  auto again = f->review_unit(Actor::organizer(), {kHangzhou, Decision::kReject, "改主意"});
  CHECK(again.status().reason() == "review.not_pending");
  CHECK(again.status().code() == Code::kConflict);
  CHECK(f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kApprove, ""})
            .status()
            .reason() == "review.not_pending");
  CHECK(unit_of(f, kHangzhou).state == UnitState::kApproved);
  CHECK(audit(f, "review.reject").empty());

  // A unit that never submitted is not waiting; an unknown unit is unknown.
  CHECK(f->review_unit(Actor::delegation("zhejiang"), {uscc_in("330106", 1), Decision::kApprove, ""})
            .status()
            .reason() == "review.not_pending");
  CHECK(f->review_unit(Actor::organizer(), {uscc_in("330106", 9), Decision::kApprove, ""})
            .status()
            .reason() == "unit.unknown");
}

TEST_CASE("a rejected unit corrects, resubmits and waits in the queue again", "[review]") {
  test::RegistryFixture f;
  registered_and_submitted(f, kHangzhou, "杭州市某某局", UnitCategory::kGovernment, 1);
  auto rejected = f->review_unit(Actor::delegation("zhejiang-3301"),
                                 {kHangzhou, Decision::kReject, "营业执照不清晰"});
  REQUIRE(rejected.is_ok());
  CHECK(rejected->state == UnitState::kRejected);
  CHECK(rejected->review_reason == "营业执照不清晰");
  CHECK(rejected->decided_by == "delegation:zhejiang-3301");
  const auto entries = audit(f, "review.reject", "unit:" + kHangzhou);
  REQUIRE(entries.size() == 1);
  CHECK_THAT(entries.front().details, Catch::Contains("营业执照不清晰"));
  CHECK(queue(f, Actor::delegation("zhejiang")).items.empty());
  CHECK(queue(f, Actor::delegation("zhejiang")).rejected == 1);

  // Correct and resubmit (no new person is needed: one was submitted before).
  UnitUpdate update;
  update.name = "杭州市某某管理局";
  REQUIRE(f->update_unit(Actor::unit(kHangzhou), kHangzhou, update).is_ok());
  f.clock->advance_seconds(3600);
  const SubmitOutcome again = submit(f, kHangzhou, SubmitRequest{}, Actor::unit(kHangzhou));
  CHECK(again.unit_submitted);
  CHECK_FALSE(again.auto_approved);
  CHECK(again.queue == "delegation:zhejiang");
  CHECK(again.unit.state == UnitState::kSubmitted);
  CHECK(again.unit.review_reason.empty());
  REQUIRE(again.unit.submitted_at.has_value());
  CHECK(*again.unit.submitted_at == f.clock->now());
  const ReviewQueue waiting = queue(f, Actor::delegation("zhejiang"));
  CHECK(accounts(waiting) == std::vector<std::string>{kHangzhou});
  CHECK(waiting.rejected == 0);
  const auto submissions = audit(f, "unit.submit", "unit:" + kHangzhou);
  REQUIRE(submissions.size() == 2);
  CHECK_THAT(submissions.front().details, Catch::Contains("resubmission"));  // newest first

  auto approved = f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kApprove, ""});
  REQUIRE(approved.is_ok());
  CHECK(approved->state == UnitState::kApproved);
}

TEST_CASE("review_units applies a decisions file all or none, each failure with its line",
          "[review][bulk]") {
  test::RegistryFixture f;
  const std::string a = kHangzhou, b = uscc_in("330106", 1), c = uscc_in("330106", 2),
                    done = uscc_in("330106", 3), shanghai_gov = uscc_in("310104", 1);
  registered_and_submitted(f, a, "杭州市甲局", UnitCategory::kGovernment, 1);
  registered_and_submitted(f, b, "杭州市乙局", UnitCategory::kGovernment, 2);
  registered_and_submitted(f, c, "杭州市丙局", UnitCategory::kGovernment, 3);
  registered_and_submitted(f, done, "杭州市丁局", UnitCategory::kGovernment, 4);
  registered_and_submitted(f, shanghai_gov, "上海市某某局", UnitCategory::kGovernment, 5);
  REQUIRE(f->review_unit(Actor::delegation("zhejiang"), {done, Decision::kApprove, ""}).is_ok());
  const Actor zhejiang = Actor::delegation("zhejiang");
  const std::string header = "unit,decision,reason\n";
  auto unchanged = [&] {
    CHECK(unit_of(f, a).state == UnitState::kSubmitted);
    CHECK(unit_of(f, b).state == UnitState::kSubmitted);
    CHECK(unit_of(f, c).state == UnitState::kSubmitted);
    CHECK(audit(f, "review.approve").size() == 1);  // only `done`
    CHECK(audit(f, "review.reject").empty());
  };

  SECTION("a unit outside the actor's queue") {
    const Run result = run_decisions(
        f, zhejiang, header + a + ",approve,\n" + b + ",reject,资料不全\n" + shanghai_gov +
                         ",approve,\n" + c + ",approved,\n");
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->rows == 4);
    CHECK(result.summary->ok == 3);
    CHECK(result.summary->failed == 1);
    CHECK_FALSE(result.summary->applied);
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[0].outcome == "approved");
    CHECK(result.rows[1].outcome == "rejected");
    CHECK_FALSE(result.rows[2].ok);
    CHECK(result.rows[2].line == 4);
    CHECK(result.rows[2].error.reason() == "auth.forbidden");
    CHECK(result.rows[2].error.line() == 4);
    CHECK(result.rows[2].error.field() == "unit");
    unchanged();
  }
  SECTION("a unit not pending, a rejection without a reason, a bad decision") {
    const Run result = run_decisions(f, zhejiang,
                                     header + a + ",approve,\n" + done + ",approve,\n" + b +
                                         ",reject,\n" + c + ",maybe,\n");
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->ok == 1);
    CHECK(result.summary->failed == 3);
    CHECK_FALSE(result.summary->applied);
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[1].error.reason() == "review.not_pending");
    CHECK(result.rows[1].error.line() == 3);
    CHECK(result.rows[2].error.reason() == "review.reason_required");
    CHECK(result.rows[2].error.line() == 4);
    CHECK(result.rows[2].error.field() == "reason");
    CHECK(result.rows[3].error.reason() == "bulk.value");
    CHECK(result.rows[3].error.field() == "decision");
    CHECK(result.rows[3].error.line() == 5);
    unchanged();
  }
  SECTION("a good file is applied in one go") {
    const Run result = run_decisions(f, zhejiang,
                                     header + a + ",approve,\n" + b + ",reject,资料不全\n");
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->applied);
    CHECK(result.summary->by_outcome.at("approved") == 1);
    CHECK(result.summary->by_outcome.at("rejected") == 1);
    CHECK(unit_of(f, a).state == UnitState::kApproved);
    CHECK(unit_of(f, a).decided_by == "delegation:zhejiang");
    CHECK(unit_of(f, b).state == UnitState::kRejected);
    CHECK(unit_of(f, b).review_reason == "资料不全");
    CHECK(audit(f, "review.approve", "unit:" + a).size() == 1);
    CHECK(audit(f, "review.reject", "unit:" + b).size() == 1);
    // Running it again decides nothing more.
    const Run again = run_decisions(f, zhejiang,
                                    header + a + ",approve,\n" + b + ",reject,资料不全\n");
    REQUIRE(again.summary.is_ok());
    CHECK(again.summary->failed == 2);
    CHECK_FALSE(again.summary->applied);
    CHECK(audit(f, "review.approve", "unit:" + a).size() == 1);
  }
  SECTION("continue_on_error applies the good rows") {
    BulkOptions options;
    options.continue_on_error = true;
    const Run result = run_decisions(
        f, zhejiang, header + a + ",approve,\n" + shanghai_gov + ",approve,\n" + b +
                         ",reject,资料不全\n",
        options);
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->ok == 2);
    CHECK(result.summary->failed == 1);
    CHECK(result.summary->applied);
    CHECK(result.rows[1].error.reason() == "auth.forbidden");
    CHECK(unit_of(f, a).state == UnitState::kApproved);
    CHECK(unit_of(f, b).state == UnitState::kRejected);
    CHECK(unit_of(f, shanghai_gov).state == UnitState::kSubmitted);
  }
  SECTION("only reviewers") {
    for (const Actor& actor : {Actor::finance(), Actor::unit(a), Actor::applicant()}) {
      INFO(actor.to_string());
      CHECK(run_decisions(f, actor, header + a + ",approve,\n").summary.status().reason() ==
            "auth.forbidden");
    }
    unchanged();
  }
}

TEST_CASE("approve_all approves what a filter picks from the queue — a dry run changes nothing",
          "[review][bulk]") {
  test::RegistryFixture f;
  const std::string gov1 = kHangzhou, gov2 = uscc_in("330106", 1), social = uscc_in("330106", 2),
                    wenzhou = uscc_in("330302", 1);
  registered_and_submitted(f, gov1, "杭州市甲局", UnitCategory::kGovernment, 1);
  registered_and_submitted(f, gov2, "杭州市乙局", UnitCategory::kGovernment, 2);
  registered_and_submitted(f, social, "杭州某某协会", UnitCategory::kSocialOrg, 3);
  registered_and_submitted(f, wenzhou, "温州市某某局", UnitCategory::kGovernment, 4);
  const Actor zhejiang = Actor::delegation("zhejiang");

  QueueFilter government;
  government.category = UnitCategory::kGovernment;
  BulkOptions dry;
  dry.dry_run = true;
  const Run preview = run_approve_all(f, zhejiang, government, dry);
  REQUIRE(preview.summary.is_ok());
  CHECK(preview.summary->ok == 3);
  CHECK(preview.summary->failed == 0);
  CHECK_FALSE(preview.summary->applied);
  REQUIRE(preview.rows.size() == 3);
  CHECK(preview.rows[0].subject == gov1);
  CHECK(preview.rows[0].outcome == "approved");
  CHECK(queue(f, zhejiang).pending == 4);
  CHECK(audit(f, "review.approve").empty());

  government.sub_delegation = "zhejiang-3301";
  const Run applied = run_approve_all(f, zhejiang, government);
  REQUIRE(applied.summary.is_ok());
  CHECK(applied.summary->ok == 2);
  CHECK(applied.summary->applied);
  CHECK(unit_of(f, gov1).state == UnitState::kApproved);
  CHECK(unit_of(f, gov2).state == UnitState::kApproved);
  CHECK(unit_of(f, social).state == UnitState::kSubmitted);
  CHECK(unit_of(f, wenzhou).state == UnitState::kSubmitted);
  CHECK(audit(f, "review.approve").size() == 2);

  // Nothing left to pick: nothing happens.
  const Run empty = run_approve_all(f, zhejiang, government);
  REQUIRE(empty.summary.is_ok());
  CHECK(empty.summary->rows == 0);
  CHECK_FALSE(empty.summary->applied);

  // Another delegation's queue is not for approving.
  QueueFilter theirs;
  theirs.queue = "delegation:zhejiang";
  CHECK(run_approve_all(f, Actor::delegation("shanghai"), theirs).summary.status().reason() ==
        "auth.forbidden");
  CHECK(unit_of(f, social).state == UnitState::kSubmitted);
}

// ---- REV-3: person review ---------------------------------------------------------------------

TEST_CASE("person review: a paid person waits when the photo is missing — a rejection gives the "
          "free place back",
          "[review][person_review]") {
  Rules rules = Rules::seventh_edition();
  for (Delegation& d : rules.delegations) {
    if (d.slug == "shanghai") d.free_quota["full"] = 2;
  }
  test::RegistryFixture f(rules);
  register_unit(f, kShanghai, "上海某某有限公司");
  const Person no_photo_free = add(f, kShanghai, person(1, true));
  PersonRequest with_photo = person(2);
  with_photo.photo = png();
  const Person photographed = add(f, kShanghai, with_photo);
  const Person no_photo = add(f, kShanghai, person(3));
  const Person draft = add(f, kShanghai, person(4));
  SubmitRequest three;
  three.all_persons = false;
  three.persons = {no_photo_free.id, photographed.id, no_photo.id};
  REQUIRE(submit(f, kShanghai, three).auto_approved);
  CHECK(quota_used(f, "shanghai") == 1);

  // Entering review: everything in order is approved at once; a missing photo waits.
  auto passed = enter_review(f, photographed.id);
  REQUIRE(passed.is_ok());
  CHECK(passed->state == PersonState::kApproved);
  CHECK(audit(f, "review.person_auto_approve", "person:" + std::to_string(photographed.id))
            .size() == 1);
  auto waiting = enter_review(f, no_photo_free.id);
  REQUIRE(waiting.is_ok());
  CHECK(waiting->state == PersonState::kUnderReview);
  CHECK(waiting->review_queue == "delegation:shanghai");  // the auto-approved unit's home
  CHECK(waiting->review_why == std::vector<std::string>{"photo_missing"});
  REQUIRE(enter_review(f, no_photo.id).is_ok());
  CHECK(enter_review(f, no_photo_free.id).status().reason() == "review.not_pending");
  CHECK(enter_review(f, draft.id).status().reason() == "review.not_pending");

  // The queue: masked, with the reasons; only the reviewer's own.
  auto listed = f->person_review_queue(Actor::delegation("shanghai"), QueueFilter{}, false);
  REQUIRE(listed.is_ok());
  CHECK(listed->queue == "delegation:shanghai");
  CHECK(listed->pending == 2);
  REQUIRE(listed->items.size() == 2);
  const PersonQueueItem& item = listed->items.front();
  CHECK(item.person.id == no_photo_free.id);
  CHECK(item.unit_name == "上海某某有限公司");
  CHECK(item.queue == "delegation:shanghai");
  CHECK(item.review_why == std::vector<std::string>{"photo_missing"});
  CHECK(item.person.masked);
  CHECK(item.person.document_number == codes::mask_document(cn_id(1)));
  CHECK(f->person_review_queue(Actor::delegation("zhejiang"), QueueFilter{}, false)
            ->items.empty());
  QueueFilter theirs;
  theirs.queue = "delegation:shanghai";
  CHECK(f->person_review_queue(Actor::delegation("zhejiang"), theirs, false).status().reason() ==
        "auth.forbidden");
  CHECK(f->person_review_queue(Actor::delegation("shanghai"), QueueFilter{}, true)
            .status()
            .reason() == "auth.forbidden");
  CHECK(audit(f, "data.reveal").empty());
  auto revealed = f->person_review_queue(Actor::organizer(), theirs, true);
  REQUIRE(revealed.is_ok());
  REQUIRE(revealed->items.size() == 2);
  CHECK(revealed->items.front().person.document_number == cn_id(1));
  CHECK(audit(f, "data.reveal").size() == 1);

  // Approving without a photo is refused, and the person keeps waiting.
  auto refused = f->review_person(Actor::delegation("shanghai"),
                                  {no_photo_free.id, Decision::kApprove, ""});
  CHECK(refused.status().reason() == "review.photo_missing");
  CHECK(person_of(f, kShanghai, no_photo_free.id).state == PersonState::kUnderReview);
  CHECK(f->person_review_queue(Actor::delegation("shanghai"), QueueFilter{}, false)->pending == 2);
  CHECK(f->review_person(Actor::delegation("zhejiang"),
                         {no_photo_free.id, Decision::kReject, "无照片"})
            .status()
            .reason() == "auth.forbidden");
  CHECK(f->review_person(Actor::delegation("shanghai"), {no_photo_free.id, Decision::kReject, ""})
            .status()
            .reason() == "review.reason_required");
  CHECK(f->review_person(Actor::delegation("shanghai"), {photographed.id, Decision::kReject, "x"})
            .status()
            .reason() == "review.not_pending");
  CHECK(f->review_person(Actor::organizer(), {999'999, Decision::kApprove, ""}).status().reason() ==
        "person.unknown");
  CHECK(quota_used(f, "shanghai") == 1);

  // Rejecting: the free place and the document are free again.
  auto rejected = f->review_person(Actor::delegation("shanghai"),
                                   {no_photo_free.id, Decision::kReject, "无照片"});
  REQUIRE(rejected.is_ok());
  CHECK(rejected->state == PersonState::kRejected);
  CHECK(rejected->review_reason == "无照片");
  CHECK(quota_used(f, "shanghai") == 0);
  CHECK(audit(f, "review.person_reject", "person:" + std::to_string(no_photo_free.id)).size() ==
        1);
  CHECK(f->review_person(Actor::delegation("shanghai"), {no_photo_free.id, Decision::kReject, "x"})
            .status()
            .reason() == "review.not_pending");
  const ReviewQueue unused = queue(f, Actor::delegation("shanghai"));  // units: none waiting
  CHECK(unused.items.empty());
  CHECK(f->person_review_queue(Actor::delegation("shanghai"), QueueFilter{}, false)->pending == 1);
  register_unit(f, uscc_in("310104", 1), "上海另一家公司");
  CHECK(f->add_person(Actor::organizer(), uscc_in("310104", 1), person(1)).is_ok());
}

// ---- REV-5: progress --------------------------------------------------------------------------

TEST_CASE("progress shows the eight steps of a unit as it goes", "[review][progress]") {
  test::RegistryFixture f;
  const std::vector<std::string> names{"registered",      "unit_submitted", "unit_review",
                                       "persons_submitted", "payment",      "person_review",
                                       "badge_production", "delivery"};
  const Unit unit = register_unit(f, kHangzhou, "杭州市某某局", UnitCategory::kGovernment);

  const Progress fresh = progress_of(f, kHangzhou, Actor::unit(kHangzhou));
  REQUIRE(fresh.steps.size() == 8);
  for (std::size_t i = 0; i < names.size(); ++i) CHECK(fresh.steps[i].step == names[i]);
  CHECK(fresh.account == kHangzhou);
  CHECK(fresh.state == UnitState::kRegistered);
  CHECK(fresh.persons == 0);
  CHECK(fresh.pending == 0);
  CHECK(step(fresh, "registered").state == StepState::kDone);
  CHECK(step(fresh, "registered").at == unit.created_at);
  for (std::size_t i = 1; i < names.size(); ++i) {
    INFO(names[i]);
    CHECK(fresh.steps[i].state == StepState::kNotStarted);
  }

  const Person first = add(f, kHangzhou, person(1));
  add(f, kHangzhou, person(2));
  const Progress drafts = progress_of(f, kHangzhou);
  CHECK(drafts.persons == 2);
  CHECK(drafts.pending == 2);
  CHECK(step(drafts, "persons_submitted").state == StepState::kNotStarted);

  SubmitRequest one;
  one.all_persons = false;
  one.persons = {first.id};
  submit(f, kHangzhou, one);
  const Progress submitted = progress_of(f, kHangzhou);
  CHECK(submitted.state == UnitState::kSubmitted);
  CHECK(submitted.pending == 1);
  CHECK(step(submitted, "unit_submitted").state == StepState::kDone);
  CHECK(step(submitted, "unit_submitted").at == f.clock->now());
  CHECK(step(submitted, "unit_review").state == StepState::kWaiting);
  CHECK_THAT(step(submitted, "unit_review").detail, Catch::Contains("delegation:zhejiang"));
  CHECK(step(submitted, "persons_submitted").state == StepState::kInProgress);
  CHECK(step(submitted, "payment").state == StepState::kWaiting);
  CHECK(step(submitted, "person_review").state == StepState::kNotStarted);

  SECTION("after approval") {
    f.clock->advance_seconds(600);
    REQUIRE(f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kApprove, ""})
                .is_ok());
    const Progress approved = progress_of(f, kHangzhou, Actor::delegation("zhejiang-3301"));
    CHECK(approved.state == UnitState::kApproved);
    CHECK(step(approved, "unit_review").state == StepState::kDone);
    CHECK(step(approved, "unit_review").at == f.clock->now());
    CHECK_THAT(step(approved, "unit_review").detail, Catch::Contains("delegation:zhejiang"));
    CHECK(step(approved, "payment").state == StepState::kWaiting);
    CHECK(step(approved, "badge_production").state == StepState::kNotStarted);
  }
  SECTION("after a rejection") {
    REQUIRE(f->review_unit(Actor::delegation("zhejiang"),
                           {kHangzhou, Decision::kReject, "单位名称与执照不符"})
                .is_ok());
    const Progress rejected = progress_of(f, kHangzhou, Actor::unit(kHangzhou));
    CHECK(rejected.state == UnitState::kRejected);
    CHECK(step(rejected, "unit_submitted").state == StepState::kDone);
    CHECK(step(rejected, "unit_review").state == StepState::kRejected);
    CHECK_THAT(step(rejected, "unit_review").detail, Catch::Contains("单位名称与执照不符"));
  }
  SECTION("an automatically approved unit") {
    registered_and_submitted(f, kShanghai, "上海某某有限公司", UnitCategory::kEnterprise, 3);
    const Progress automatic = progress_of(f, kShanghai);
    CHECK(automatic.state == UnitState::kApproved);
    CHECK(step(automatic, "unit_review").state == StepState::kDone);
    CHECK_THAT(step(automatic, "unit_review").detail, Catch::Contains("automatic"));
    CHECK(step(automatic, "persons_submitted").state == StepState::kDone);
  }
  SECTION("only who may read the unit") {
    CHECK(f->progress(Actor::delegation("shanghai"), kHangzhou).status().reason() ==
          "auth.forbidden");
    CHECK(f->progress(Actor::organizer(), uscc_in("330106", 9)).status().reason() ==
          "unit.unknown");
  }
}

// ---- ADR-1: delivery addresses ----------------------------------------------------------------

TEST_CASE("ADR-1: at most five addresses, exactly one default whenever any exist",
          "[review][address]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  const Actor unit = Actor::unit(kShanghai);

  auto first = f->add_address(unit, kShanghai, address(1));
  REQUIRE(first.is_ok());
  CHECK(first->is_default);  // the first is the default, whatever make_default says
  CHECK(first->division_name == "上海市浦东新区");
  CHECK(first->unit == kShanghai);
  CHECK(audit(f, "address.add", "unit:" + kShanghai).size() == 1);
  auto second = f->add_address(unit, kShanghai, address(2));
  REQUIRE(second.is_ok());
  CHECK_FALSE(second->is_default);
  CHECK(only_default(addresses_of(f, kShanghai)) == first->id);

  auto third = f->add_address(unit, kShanghai, address(3, true));
  REQUIRE(third.is_ok());
  CHECK(third->is_default);
  CHECK(only_default(addresses_of(f, kShanghai)) == third->id);
  REQUIRE(f->add_address(unit, kShanghai, address(4)).is_ok());
  auto fifth = f->add_address(unit, kShanghai, address(5));
  REQUIRE(fifth.is_ok());

  auto sixth = f->add_address(unit, kShanghai, address(6));
  CHECK(sixth.status().reason() == "address.limit");
  std::vector<Address> listed = addresses_of(f, kShanghai);
  CHECK(listed.size() == 5);
  CHECK(only_default(listed) == third->id);
  // Then by creation.
  CHECK(listed[1].id == first->id);
  CHECK(listed[2].id == second->id);
  CHECK(listed[1].phone == "138****5671");  // masked

  // Moving the default.
  REQUIRE(f->set_default_address(unit, kShanghai, first->id).is_ok());
  CHECK(only_default(addresses_of(f, kShanghai)) == first->id);
  CHECK(f->set_default_address(unit, kShanghai, 999'999).reason() == "address.unknown");
  CHECK(only_default(addresses_of(f, kShanghai)) == first->id);

  // Removing the default promotes the oldest remaining one; removing another keeps it.
  REQUIRE(f->remove_address(unit, kShanghai, first->id).is_ok());
  CHECK(only_default(addresses_of(f, kShanghai)) == second->id);
  REQUIRE(f->remove_address(unit, kShanghai, fifth->id).is_ok());
  CHECK(only_default(addresses_of(f, kShanghai)) == second->id);
  CHECK(f->remove_address(unit, kShanghai, fifth->id).reason() == "address.unknown");
  CHECK(addresses_of(f, kShanghai).size() == 3);
  for (const Address& a : addresses_of(f, kShanghai)) {
    REQUIRE(f->remove_address(unit, kShanghai, a.id).is_ok());
  }
  CHECK(addresses_of(f, kShanghai).empty());
  auto again = f->add_address(unit, kShanghai, address(7));
  REQUIRE(again.is_ok());
  CHECK(again->is_default);

  // Another unit's address is unknown here.
  register_unit(f, uscc_in("310104", 1), "上海另一家公司");
  CHECK(f->remove_address(Actor::unit(uscc_in("310104", 1)), uscc_in("310104", 1), again->id)
            .reason() == "address.unknown");
  CHECK(addresses_of(f, kShanghai).size() == 1);
}

TEST_CASE("ADR-1: express delivery is mainland only — each field is checked", "[review][address]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  struct Case {
    const char* name;
    AddressRequest request;
    const char* reason;
    const char* field;
  };
  auto with = [](auto change) {
    AddressRequest r = address(1);
    change(r);
    return r;
  };
  const Case cases[] = {
      {"a Hong Kong phone", with([](auto& r) { r.phone = "+852 9123 4567"; }),
       "address.mainland_only", "phone"},
      {"a Hong Kong division", with([](auto& r) { r.division = "810001"; }),
       "address.mainland_only", "division"},
      {"a Macao division", with([](auto& r) { r.division = "820000"; }), "address.mainland_only",
       "division"},
      {"an unknown division", with([](auto& r) { r.division = "319999"; }), "address.division",
       "division"},
      {"a division of 4 digits", with([](auto& r) { r.division = "3101"; }), "address.division",
       "division"},
      {"a bad phone", with([](auto& r) { r.phone = "12345"; }), "phone.format", "phone"},
      {"no recipient", with([](auto& r) { r.recipient = " "; }), "address.recipient",
       "recipient"},
      {"no street", with([](auto& r) { r.detail = ""; }), "address.detail", "detail"},
      {"a 5-digit postcode", with([](auto& r) { r.postcode = "20012"; }), "address.postcode",
       "postcode"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto refused = f->add_address(Actor::unit(kShanghai), kShanghai, c.request);
    CHECK(refused.status().reason() == c.reason);
    CHECK(refused.status().field() == c.field);
  }
  CHECK(addresses_of(f, kShanghai).empty());
  CHECK(audit(f, "address.add").empty());

  // A revealed listing is the organizer's only, and audited.
  REQUIRE(f->add_address(Actor::unit(kShanghai), kShanghai, address(1)).is_ok());
  CHECK(f->addresses(Actor::unit(kShanghai), kShanghai, true).status().reason() ==
        "auth.forbidden");
  auto revealed = f->addresses(Actor::organizer(), kShanghai, true);
  REQUIRE(revealed.is_ok());
  CHECK(revealed->front().phone == "13812345671");
  const auto reveals = audit(f, "data.reveal", "unit:" + kShanghai);
  REQUIRE(reveals.size() == 1);
  CHECK(reveals.front().actor == "organizer");
}

// ---- Access tokens ----------------------------------------------------------------------------

TEST_CASE("access tokens: the organizer's first, secrets shown once, revoked or expired ones fail",
          "[review][token]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  auto token_for = [](const Actor& actor, const std::string& note = "") {
    TokenRequest request;
    request.for_actor = actor;
    request.note = note;
    return request;
  };
  CHECK_FALSE(*f->credentials_required());

  auto first_finance = f->create_token(Actor::organizer(), token_for(Actor::finance()));
  CHECK(first_finance.status().reason() == "token.first_organizer");
  CHECK(f->create_token(Actor::finance(), token_for(Actor::organizer())).status().reason() ==
        "auth.forbidden");
  CHECK(f->create_token(Actor::delegation("shanghai"), token_for(Actor::organizer()))
            .status()
            .reason() == "auth.forbidden");
  CHECK(f->tokens(Actor::organizer())->empty());
  CHECK_FALSE(*f->credentials_required());

  auto organizer = f->create_token(Actor::organizer(), token_for(Actor::organizer(), "terminal"));
  REQUIRE(organizer.is_ok());
  CHECK(organizer->secret.rfind("ciie_", 0) == 0);
  CHECK(organizer->secret.size() == 48);
  CHECK(organizer->info.actor == "organizer");
  CHECK(organizer->info.created_by == "organizer");
  CHECK(organizer->secret.rfind(organizer->info.prefix, 0) == 0);
  CHECK(organizer->info.prefix.size() < organizer->secret.size());
  CHECK(*f->credentials_required());
  const auto created = audit(f, "token.create", "token:" + std::to_string(organizer->info.id));
  REQUIRE(created.size() == 1);
  CHECK(created.front().details.find(organizer->secret) == std::string::npos);

  // Holders that cannot have a token; an expiry in the past.
  CHECK(f->create_token(Actor::organizer(), token_for(Actor::applicant())).status().reason() ==
        "token.actor");
  CHECK(f->create_token(Actor::organizer(), token_for(Actor::delegation("atlantis")))
            .status()
            .reason() == "token.actor");
  CHECK(f->create_token(Actor::organizer(), token_for(Actor::unit(uscc_in("310104", 9))))
            .status()
            .reason() == "token.actor");
  TokenRequest past = token_for(Actor::finance());
  past.expires_at = f.clock->now().plus_seconds(-1);
  CHECK(f->create_token(Actor::organizer(), past).status().reason() == "token.expiry");

  auto delegation =
      f->create_token(Actor::organizer(), token_for(Actor::delegation("shanghai"), "office"));
  REQUIRE(delegation.is_ok());
  auto sub = f->create_token(Actor::organizer(), token_for(Actor::delegation("zhejiang-3301")));
  REQUIRE(sub.is_ok());
  auto unit = f->create_token(Actor::organizer(), token_for(Actor::unit(kShanghai)));
  REQUIRE(unit.is_ok());
  TokenRequest expiring = token_for(Actor::finance());
  expiring.expires_at = f.clock->now().plus_seconds(3600);
  auto finance = f->create_token(Actor::organizer(), expiring);
  REQUIRE(finance.is_ok());
  CHECK(audit(f, "token.create").size() == 5);

  auto listed = f->tokens(Actor::organizer());
  REQUIRE(listed.is_ok());
  REQUIRE(listed->size() == 5);
  CHECK(listed->front().id == finance->info.id);  // newest first
  CHECK(listed->back().id == organizer->info.id);
  CHECK(listed->back().note == "terminal");
  CHECK(f->tokens(Actor::delegation("shanghai")).status().reason() == "auth.forbidden");

  // Authentication: the actor a secret acts as, its use recorded.
  CHECK(*f->authenticate_token(delegation->secret) == Actor::delegation("shanghai"));
  CHECK(*f->authenticate_token(sub->secret) == Actor::delegation("zhejiang-3301"));
  CHECK(*f->authenticate_token(unit->secret) == Actor::unit(kShanghai));
  CHECK(*f->authenticate_token(organizer->secret) == Actor::organizer());
  const auto token_list = f->tokens(Actor::organizer());
  REQUIRE(token_list.is_ok());
  for (const TokenInfo& info : *token_list) {
    if (info.id == delegation->info.id) CHECK(info.last_used_at.has_value());
    if (info.id == finance->info.id) CHECK_FALSE(info.last_used_at.has_value());
  }
  auto unknown = f->authenticate_token("ciie_" + std::string(43, 'A'));
  CHECK(unknown.status().reason() == "auth.failed");
  CHECK(f->authenticate_token("").status().reason() == "auth.failed");

  // Revoked and expired tokens fail with the same key.
  REQUIRE(f->revoke_token(Actor::organizer(), delegation->info.id).is_ok());
  CHECK(f->authenticate_token(delegation->secret).status().reason() == "auth.failed");
  CHECK(f->revoke_token(Actor::organizer(), delegation->info.id).is_ok());  // twice: no change
  CHECK(audit(f, "token.revoke").size() == 1);
  CHECK(f->revoke_token(Actor::organizer(), 999'999).reason() == "token.unknown");
  CHECK(f->revoke_token(Actor::finance(), finance->info.id).reason() == "auth.forbidden");
  CHECK(*f->authenticate_token(finance->secret) == Actor::finance());
  f.clock->advance_seconds(7200);
  CHECK(f->authenticate_token(finance->secret).status().reason() == "auth.failed");

  // The last organizer token of a secured store cannot be revoked while others are valid.
  const Status last = f->revoke_token(Actor::organizer(), organizer->info.id);
  CHECK(last.reason() == "token.last_organizer");
  CHECK(*f->authenticate_token(organizer->secret) == Actor::organizer());
  auto second = f->create_token(Actor::organizer(), token_for(Actor::organizer(), "spare"));
  REQUIRE(second.is_ok());
  REQUIRE(f->revoke_token(Actor::organizer(), organizer->info.id).is_ok());
  CHECK(f->authenticate_token(organizer->secret).status().reason() == "auth.failed");
  CHECK(f->revoke_token(Actor::organizer(), second->info.id).reason() == "token.last_organizer");

  // With only the organizer's token left, revoking it opens the store again.
  REQUIRE(f->revoke_token(Actor::organizer(), sub->info.id).is_ok());
  REQUIRE(f->revoke_token(Actor::organizer(), unit->info.id).is_ok());
  CHECK(*f->credentials_required());
  REQUIRE(f->revoke_token(Actor::organizer(), second->info.id).is_ok());
  CHECK_FALSE(*f->credentials_required());
}

// ---- Every mutation is audited ----------------------------------------------------------------

TEST_CASE("every mutation writes its audit entry, naming the actor and the subject",
          "[review][audit]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  register_unit(f, kHangzhou, "杭州市某某局", UnitCategory::kGovernment);
  register_unit(f, uscc_in("330106", 1), "杭州市另一局", UnitCategory::kGovernment);
  const Actor shanghai_unit = Actor::unit(kShanghai);
  struct Expect {
    std::string action;
    std::string subject;
    std::string actor;
  };
  std::vector<Expect> expected;
  auto p = [](std::int64_t id) { return "person:" + std::to_string(id); };

  auto added = f->add_person(shanghai_unit, kShanghai, person(1));
  REQUIRE(added.is_ok());
  expected.push_back({"person.add", p(added->id), "unit:" + kShanghai});
  auto removable = f->add_person(shanghai_unit, kShanghai, person(2));
  REQUIRE(removable.is_ok());
  REQUIRE(f->remove_persons(shanghai_unit, kShanghai, {removable->id}).is_ok());
  expected.push_back({"person.remove", p(removable->id), "unit:" + kShanghai});
  SubmitRequest all;
  REQUIRE(f->submit(shanghai_unit, kShanghai, all).is_ok());
  expected.push_back({"person.submit", p(added->id), "unit:" + kShanghai});
  expected.push_back({"unit.submit", "unit:" + kShanghai, "unit:" + kShanghai});
  expected.push_back({"review.auto_approve", "unit:" + kShanghai, "unit:" + kShanghai});

  add(f, kHangzhou, person(3));
  add(f, uscc_in("330106", 1), person(4));
  submit(f, kHangzhou);
  submit(f, uscc_in("330106", 1));
  REQUIRE(f->review_unit(Actor::delegation("zhejiang"), {kHangzhou, Decision::kApprove, ""})
              .is_ok());
  expected.push_back({"review.approve", "unit:" + kHangzhou, "delegation:zhejiang"});
  REQUIRE(f->review_unit(Actor::delegation("zhejiang-3301"),
                         {uscc_in("330106", 1), Decision::kReject, "资料不全"})
              .is_ok());
  expected.push_back(
      {"review.reject", "unit:" + uscc_in("330106", 1), "delegation:zhejiang-3301"});

  JoinRequest join;
  join.unit = kHangzhou;
  join.person = person(5);
  auto j1 = f->request_join(Actor::applicant(), join);
  REQUIRE(j1.is_ok());
  join.person = person(6);
  auto j2 = f->request_join(Actor::applicant(), join);
  REQUIRE(j2.is_ok());
  expected.push_back({"person.join_request", p(j1->id), "applicant"});
  REQUIRE(f->decide_join_requests(Actor::unit(kHangzhou), kHangzhou,
                                  {{j1->id, Decision::kApprove, ""},
                                   {j2->id, Decision::kReject, "不认识"}})
              .is_ok());
  expected.push_back({"join.approve", p(j1->id), "unit:" + kHangzhou});
  expected.push_back({"join.reject", p(j2->id), "unit:" + kHangzhou});

  REQUIRE(f->add_address(shanghai_unit, kShanghai, address(1)).is_ok());
  expected.push_back({"address.add", "unit:" + kShanghai, "unit:" + kShanghai});

  TokenRequest token;
  token.for_actor = Actor::organizer();
  auto issued = f->create_token(Actor::organizer(), token);
  REQUIRE(issued.is_ok());
  expected.push_back({"token.create", "token:" + std::to_string(issued->info.id), "organizer"});

  REQUIRE(f->reveal_unit(Actor::organizer(), kShanghai).is_ok());
  expected.push_back({"data.reveal", "unit:" + kShanghai, "organizer"});
  CHECK(f->reveal_unit(Actor::unit(kShanghai), kShanghai).status().reason() == "auth.forbidden");

  for (const Expect& e : expected) {
    INFO(e.action << " on " << e.subject);
    const auto entries = audit(f, e.action, e.subject);
    REQUIRE(entries.size() == 1);
    CHECK(entries.front().actor == e.actor);
    CHECK(entries.front().at == f.clock->now());
    CHECK_FALSE(entries.front().details.empty());
  }
  // The reveal names what was shown; the revealed unit keeps its phone in full.
  CHECK(f->reveal_unit(Actor::organizer(), kShanghai)->phone == "13812345678");
  CHECK(audit(f, "data.reveal", "unit:" + kShanghai).size() == 2);

  // docs/review.md: audit details never hold a full document number or phone.
  std::vector<std::string> secrets{"13812345678", "13812345671", issued->secret};
  for (int n = 1; n <= 6; ++n) {
    secrets.push_back(cn_id(n));
    secrets.push_back(person(n).phone);
  }
  for (const Expect& e : expected) {
    for (const AuditEntry& entry : audit(f, e.action)) {
      for (const std::string& secret : secrets) {
        INFO(entry.action << " " << entry.subject << ": " << entry.details);
        CHECK(entry.details.find(secret) == std::string::npos);
      }
    }
  }
}
