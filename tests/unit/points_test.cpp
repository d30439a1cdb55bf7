// Points (PTS-1, PTS-2): the pure rules table by table; awards earned through the real review,
// submission and refund flows of the Registry; idempotency per (rule, subject); reversals on
// refund and on an overriding rejection; the balance never negative; e-coupons and their
// limits; deals; published needs; the check-in import (all or none, line and field, dry run,
// re-import unchanged); who may read what.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <sstream>

#include <sqlite3.h>

#include "points/points_rules.hpp"
#include "registry/points_flow.hpp"
#include "registry/review_flow.hpp"
#include "store/store.hpp"
#include "support/paid_order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

std::string unit_holder(const std::string& account) {
  return PointsHolder::unit(account).to_string();
}
std::string person_holder(std::int64_t id) { return PointsHolder::of_person(id).to_string(); }

std::int64_t balance(test::RegistryFixture& f, const std::string& holder) {
  return must(f->points_balance(Actor::organizer(), holder), "balance").balance;
}

std::vector<PointsEntry> history(test::RegistryFixture& f, const std::string& holder) {
  PointsQuery query;
  query.holder = holder;
  return must(f->points_history(Actor::organizer(), query), "history");
}

void in_transaction(store::Store& store, const std::function<Status()>& body) {
  const Status status = store.write_transaction(body);
  INFO(status.to_string());
  REQUIRE(status.is_ok());
}

std::unique_ptr<store::Store> open_store(test::RegistryFixture& f) {
  return must(store::open_store(f.dir.file("ciie.db"), store::StoreOptions{}), "store");
}

// A referral code issued in the name of unit `account`.
std::string code_of_unit(test::RegistryFixture& f, const std::string& account) {
  CreateReferralsRequest request;
  request.issuer = "unit:" + account;
  return must(f->create_referrals(Actor::organizer(), request), "codes").front().code;
}

// Registers Shanghai unit `index` (category `category`) with `code`, adds one person and submits.
SubmitOutcome invitee(test::RegistryFixture& f, std::int64_t index, const std::string& code,
                      int person, UnitCategory category = UnitCategory::kEnterprise) {
  RegisterRequest request = test::enterprise(test::uscc_in("310115", index),
                                             "上海受邀单位" + std::to_string(index) + "有限公司");
  request.referral_code = code;
  request.category = category;
  const std::string account =
      must(f->register_unit(Actor::organizer(), request), "register").unit.account;
  must(f->add_person(Actor::organizer(), account, test::person_request(person)), "person");
  return must(f->submit(Actor::organizer(), account, SubmitRequest{}), "submit");
}

Rules lenient_refunds() {
  Rules rules = Rules::seventh_edition();
  rules.refund.allowed_states.push_back("in_production");
  return rules;
}

// Orders and pays (transfer, confirmed by finance) every person of a ready unit: persons with a
// photo are approved on entering person review.
Order pay_all(test::RegistryFixture& f, const test::ReadyUnit& ready, std::int64_t index) {
  const Order order = must(f->create_order(Actor::unit(ready.account), ready.account, {}), "o");
  TransferProof proof{"上海测试企业" + std::to_string(index) + "有限公司",
                      "3100" + std::to_string(index), order.total, Date{2024, 6, 3},
                      test::test_photo()};
  const Payment p =
      must(f->submit_transfer_proof(Actor::unit(ready.account), order.number, proof), "proof");
  must(f->decide_payment(Actor::finance(), {p.id, true, "", false}), "confirm");
  return order;
}

BulkSummary import(test::RegistryFixture& f, const std::string& text, InputFormat format,
                   BulkOptions options, std::vector<RowOutcome>* rows = nullptr) {
  std::istringstream input(text);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::checkin_columns();
  reader_options.required_columns = Registry::checkin_required_columns();
  auto reader = make_record_reader(input, format, reader_options);
  return must(f->import_checkins(Actor::organizer(), *reader, options,
                                 [&](const RowOutcome& row) {
                                   if (rows != nullptr) rows->push_back(row);
                                 }),
              "import");
}

}  // namespace

TEST_CASE("points rules: deals per whole 10,000 yuan, the invitation cap, reversals, coupons",
          "[points]") {
  PointsRules rules;
  struct DealCase {
    std::int64_t fen;
    std::int64_t points;
  };
  const DealCase deals[] = {{0, 0},           {-100, 0},           {999'999, 0},
                            {1'000'000, 10},  {1'999'999, 10},     {2'000'000, 20},
                            {25'000'000, 250}, {10'000'000'000, 100'000}};
  for (const DealCase& c : deals) {
    INFO(c.fen);
    CHECK(points::deal_points(rules, Money::from_fen(c.fen)) == c.points);
  }
  PointsRules zero = rules;
  zero.deal_per_10k_yuan = 0;
  CHECK(points::deal_points(zero, Money::from_fen(5'000'000)) == 0);
  PointsRules huge = rules;
  huge.deal_per_10k_yuan = std::numeric_limits<std::int64_t>::max() / 2;
  CHECK(points::deal_points(huge, Money::from_fen(300'000'000)) ==
        std::numeric_limits<std::int64_t>::max());

  CHECK_FALSE(points::invite_capped(rules, 0));
  CHECK_FALSE(points::invite_capped(rules, 19));
  CHECK(points::invite_capped(rules, 20));
  PointsRules no_invites = rules;
  no_invites.invite_cap = 0;
  CHECK(points::invite_capped(no_invites, 0));

  struct TakeCase {
    std::int64_t wanted, balance, taken;
  };
  const TakeCase takes[] = {{100, 500, 100}, {100, 100, 100}, {100, 40, 40},
                            {100, 0, 0},     {100, -5, 0},    {0, 50, 0}};
  for (const TakeCase& c : takes) {
    INFO(c.wanted << " of " << c.balance);
    CHECK(points::reversal_take(c.wanted, c.balance) == c.taken);
  }

  const CouponRules coupon;  // 1000 points, once per edition
  CHECK(points::judge_redemption(coupon, 1000, 0) == points::RedeemVerdict::kNone);
  CHECK(points::judge_redemption(coupon, 999, 0) == points::RedeemVerdict::kInsufficient);
  CHECK(points::judge_redemption(coupon, 5000, 1) == points::RedeemVerdict::kLimit);
  CouponRules never = coupon;
  never.max_per_unit_per_edition = 0;
  CHECK(points::judge_redemption(never, 5000, 0) == points::RedeemVerdict::kLimit);
  CHECK(points::find_coupon(rules, "badge-20") != nullptr);
  CHECK(points::find_coupon(rules, "badge-50") == nullptr);
}

TEST_CASE("points names: rules, outcomes and holders round-trip", "[points]") {
  for (const char* name :
       {"register", "invite", "attend", "deal", "need", "manual", "coupon", "reversal"}) {
    const auto rule = parse_points_rule(name);
    REQUIRE(rule);
    CHECK(to_string(*rule) == name);
  }
  CHECK_FALSE(parse_points_rule("bonus"));
  CHECK(to_string(AwardOutcome::kCapped) == "capped");
  CHECK(must(parse_points_holder("unit:91310115591693856A"), "h").account ==
        "91310115591693856A");
  CHECK(must(parse_points_holder("person:12"), "h").person == 12);
  CHECK(PointsHolder::of_person(7).to_string() == "person:7");
  for (const char* bad : {"", "unit:", "person:", "person:0", "person:-3", "person:1x", "org:1"}) {
    INFO(bad);
    CHECK(parse_points_holder(bad).status().reason() == "points.holder");
  }
}

TEST_CASE("an automatically approved unit earns registration points and its inviter invite points "
          "up to the cap",
          "[points]") {
  Rules rules = Rules::seventh_edition();
  rules.points.invite_cap = 2;
  test::RegistryFixture f(rules);
  const auto inviter = test::ready_unit(*f, 1, 1, 1);
  CHECK(balance(f, unit_holder(inviter.account)) == 100);  // its own registration
  const std::string code = code_of_unit(f, inviter.account);
  for (int i = 0; i < 3; ++i) {
    const SubmitOutcome done = invitee(f, 10 + i, code, 10 + i);
    REQUIRE(done.auto_approved);
    CHECK(balance(f, unit_holder(done.unit.account)) == 100);
  }
  // Two invitations rewarded (cap 2), the third not.
  CHECK(balance(f, unit_holder(inviter.account)) == 200);
  std::vector<PointsEntry> entries = history(f, unit_holder(inviter.account));
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].rule == PointsRule::kInvite);
  CHECK(entries[0].subject.rfind("invitee:", 0) == 0);
  CHECK(entries[2].rule == PointsRule::kRegister);

  // A delegation's code earns nobody anything: delegations are not point holders.
  CreateReferralsRequest by_delegation;
  by_delegation.issuer = "delegation:shanghai";
  const std::string delegation_code =
      must(f->create_referrals(Actor::organizer(), by_delegation), "codes").front().code;
  const SubmitOutcome plain = invitee(f, 20, delegation_code, 20);
  CHECK(balance(f, unit_holder(plain.unit.account)) == 100);
  CHECK(balance(f, unit_holder(inviter.account)) == 200);

  // Re-running an award inserts nothing.
  auto store = open_store(f);
  const Unit approved = must(f->unit(Actor::organizer(), plain.unit.account), "unit");
  in_transaction(*store, [&]() -> Status {
    return registry::award_unit_approved(*store, f->rules(), approved, f.clock->now(), "test");
  });
  CHECK(history(f, unit_holder(plain.unit.account)).size() == 1);
}

TEST_CASE("a reviewer's approval earns points and an overriding rejection reverses them and the "
          "inviter's",
          "[points]") {
  test::RegistryFixture f;
  const auto inviter = test::ready_unit(*f, 1, 1, 1);
  const std::string code = code_of_unit(f, inviter.account);
  const SubmitOutcome waiting = invitee(f, 30, code, 30, UnitCategory::kGovernment);
  REQUIRE_FALSE(waiting.auto_approved);
  const std::string account = waiting.unit.account;
  CHECK(balance(f, unit_holder(account)) == 0);
  must(f->review_unit(Actor::delegation("shanghai"), {account, Decision::kApprove, ""}), "ok");
  CHECK(balance(f, unit_holder(account)) == 100);
  CHECK(balance(f, unit_holder(inviter.account)) == 150);

  // Only with the review guard off does a decision land on an approved unit (approved →
  // rejected): the decision step itself, as a racing reviewer's would.
  auto store = open_store(f);
  Options options;
  options.rules = f->rules();
  options.clock = f.clock;
  registry::testing::set_review_guard_disabled(true);
  const Status rejected = store->write_transaction([&]() -> Status {
    return registry::decide_unit(*store, options, Actor::delegation("shanghai"),
                                 {account, Decision::kReject, "资料不实"})
        .status();
  });
  registry::testing::set_review_guard_disabled(false);
  INFO(rejected.to_string());
  REQUIRE(rejected.is_ok());
  CHECK(balance(f, unit_holder(account)) == 0);
  CHECK(balance(f, unit_holder(inviter.account)) == 100);
  const auto unit_entries = history(f, unit_holder(account));
  REQUIRE(unit_entries.size() == 2);
  CHECK(unit_entries[0].rule == PointsRule::kReversal);
  CHECK(unit_entries[0].reverses == unit_entries[1].id);
  CHECK(unit_entries[0].points == -100);
  CHECK(unit_entries[0].subject.rfind("rejection:unit:" + account + "@", 0) == 0);

  // Reversing again (the same cause, or another) changes nothing: an entry is reversed once.
  const Unit now_rejected = must(f->unit(Actor::organizer(), account), "unit");
  in_transaction(*store, [&]() -> Status {
    return registry::reverse_unit_approval(*store, f->rules(), now_rejected, f.clock->now(), "t");
  });
  CHECK(history(f, unit_holder(account)).size() == 2);
  CHECK(history(f, unit_holder(inviter.account)).size() == 3);
}

TEST_CASE("approved persons earn points and a refund reverses them, keyed by the refund",
          "[points]") {
  test::RegistryFixture f(lenient_refunds());
  const auto ready = test::ready_unit(*f, 4, 40, 2);
  const Order order = pay_all(f, ready, 4);
  for (const Person& p :
       must(f->persons(Actor::organizer(), ready.account, PersonFilter{}), "p").persons) {
    CHECK(p.state == PersonState::kApproved);
    CHECK(balance(f, person_holder(p.id)) == 100);
  }
  const RefundOutcome refunded = must(
      f->request_refund(Actor::unit(ready.account),
                        RefundRequest{order.number, {ready.persons[0]}, "不再参加",
                                      RedReason::kServiceStopped}),
      "refund");
  CHECK(balance(f, person_holder(ready.persons[0])) == 0);
  CHECK(balance(f, person_holder(ready.persons[1])) == 100);
  CHECK(balance(f, unit_holder(ready.account)) == 100);  // the unit keeps its registration
  const auto entries = history(f, person_holder(ready.persons[0]));
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].subject ==
        "refund:" + std::to_string(refunded.refund.id) + "|" + std::to_string(entries[1].id));
  CHECK(entries[0].shortfall == 0);

  // The same reversal again: nothing new.
  auto store = open_store(f);
  in_transaction(*store, [&]() -> Status {
    return registry::reverse_person_registration(*store, f->rules(), ready.persons[0],
                                                 "refund:" + std::to_string(refunded.refund.id),
                                                 "again", f.clock->now(), "t");
  });
  CHECK(history(f, person_holder(ready.persons[0])).size() == 2);
}

TEST_CASE("the balance never goes negative: a reversal after a coupon takes what is left and "
          "records the shortfall",
          "[points]") {
  test::RegistryFixture f;
  const auto ready = test::ready_unit(*f, 5, 50, 1);
  const std::string holder = unit_holder(ready.account);
  must(f->award_points(Actor::organizer(), {holder, 930, "展前问卷", ""}), "award");
  REQUIRE(balance(f, holder) == 1030);
  must(f->redeem_coupon(Actor::unit(ready.account), holder, "badge-20"), "redeem");
  REQUIRE(balance(f, holder) == 30);
  auto store = open_store(f);
  in_transaction(*store, [&]() -> Status {
    return registry::reverse_award(*store, f->rules(), PointsRule::kRegister, holder, holder,
                                   "rejection:test", "test", f.clock->now(), "t")
        .status();
  });
  CHECK(balance(f, holder) == 0);
  const PointsEntry reversal = history(f, holder).front();
  CHECK(reversal.rule == PointsRule::kReversal);
  CHECK(reversal.points == -30);
  CHECK(reversal.shortfall == 70);

  // A reversal with nothing left takes 0 and records all of it.
  in_transaction(*store, [&]() -> Status {
    return registry::reverse_award(*store, f->rules(), PointsRule::kManual, "manual:展前问卷",
                                   holder, "rejection:test", "test", f.clock->now(), "t")
        .status();
  });
  CHECK(balance(f, holder) == 0);
  CHECK(history(f, holder).front().shortfall == 930);
  // And a debit never overdraws.
  CHECK(f->award_points(Actor::organizer(), {holder, -1, "更正", ""}).status().reason() ==
        "points.insufficient");
}

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
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(f.dir.file("ciie.db").c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE points_entry SET points = 1000000", nullptr, nullptr, nullptr) ==
        SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "DELETE FROM points_entry", nullptr, nullptr, nullptr) ==
        SQLITE_CONSTRAINT);
  const std::string duplicate =
      "INSERT INTO points_entry (edition, holder, rule, subject, points, at, by) VALUES (7, "
      "'unit:" + ready.account + "', 'register', 'unit:" + ready.account + "', 100, 'x', 'x')";
  CHECK(sqlite3_exec(db, duplicate.c_str(), nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
  CHECK(balance(f, unit_holder(ready.account)) == 100);
}
