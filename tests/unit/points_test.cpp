// Points (PTS-1): the pure rules table by table; awards earned through the real review,
// submission and refund flows of the Registry; idempotency per (rule, subject); reversals on
// refund and on an overriding rejection; the balance never negative. Coupons, adjustments,
// deals, needs, check-ins and access: points_ledger_test.cpp.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <sstream>

#include "points/points_rules.hpp"
#include "registry/points_flow.hpp"
#include "registry/review_flow.hpp"
#include "support/points_fixture.hpp"

using namespace ciie;
using namespace ciie::test;
using test::must;

namespace {

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

