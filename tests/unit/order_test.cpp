// Orders (ORD-1..4): who may be ordered for, the number, the total and its guard, settling a free
// order, cancelling and expiring (persons and free places given back), and the payment deadline.
#include <catch2/catch.hpp>

#include <regex>

#include "support/order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

Rules with_shanghai_quota(std::int64_t places) {
  Rules rules = Rules::seventh_edition();
  for (Delegation& d : rules.delegations) {
    if (d.slug == "shanghai") d.free_quota["full"] = places;
  }
  return rules;
}

std::int64_t quota_used(test::RegistryFixture& f) {
  for (const FreeQuota& q : must(f->quotas(Actor::organizer(), "shanghai"), "quotas")) {
    if (q.sub_delegation.empty() && q.badge_type == "full") return q.used;
  }
  return -1;
}

PersonState state_of(test::RegistryFixture& f, const std::string& unit, std::int64_t id) {
  PersonFilter all;
  all.reveal = false;
  for (const Person& p : must(f->persons(Actor::organizer(), unit, all), "persons").persons) {
    if (p.id == id) return p.state;
  }
  return PersonState::kRejected;
}

}  // namespace

TEST_CASE("create_order: every person awaiting payment, priced from the fees, numbered V+time+9",
          "[order]") {
  test::RegistryFixture f(with_shanghai_quota(5));
  const auto unit = test::ready_unit(*f, 1, 1, 3, 1);
  auto order = f->create_order(Actor::unit(unit.account), unit.account, OrderRequest{});
  REQUIRE(order.is_ok());
  CHECK(std::regex_match(order->number, std::regex("^V\\d{23}$")));
  CHECK(order->number.substr(1, 14) == "20240603100000");  // the clock, Asia/Shanghai
  CHECK(order->state == OrderState::kAwaitingPayment);
  REQUIRE(order->lines.size() == 3);
  CHECK(order->lines[0].free_badge);
  CHECK(order->lines[0].fee == Money::from_fen(0));
  CHECK(order->total == Money::from_fen(40000));
  CHECK(order->expires_at == *Instant::parse("2024-06-06T10:00:00+08:00"));
  CHECK(must(f->order(Actor::unit(unit.account), order->number), "order").lines.size() == 3);

  // ORD-1: each person is in at most one open order.
  auto again = f->create_order(Actor::organizer(), unit.account, OrderRequest{});
  CHECK(again.status().reason() == "order.empty");
  OrderRequest named;
  named.persons = {unit.persons[1]};
  auto busy = f->create_order(Actor::organizer(), unit.account, named);
  CHECK(busy.status().reason() == "order.person_busy");
  CHECK(busy.status().code() == Code::kConflict);

  // Another unit, a delegation elsewhere, the applicant: not theirs.
  const auto other = test::ready_unit(*f, 2, 10, 1);
  CHECK(f->create_order(Actor::unit(other.account), unit.account, OrderRequest{})
            .status()
            .reason() == "auth.forbidden");
  CHECK(f->order(Actor::unit(other.account), order->number).status().reason() ==
        "auth.forbidden");
  CHECK(f->order(Actor::organizer(), "V00000000000000000000000").status().reason() ==
        "order.unknown");
  CHECK(f->orders(Actor::unit(unit.account), OrderFilter{})->size() == 1);
  CHECK(f->orders(Actor::organizer(), OrderFilter{})->size() == 1);
  CHECK(f->orders(Actor::delegation("shanghai"), OrderFilter{}).status().reason() ==
        "auth.forbidden");
}

TEST_CASE("create_order refuses: unit not approved, unknown or unsubmitted persons, a changed "
          "total",
          "[order]") {
  test::RegistryFixture f;
  const auto unit = test::ready_unit(*f, 1, 1, 2);

  SECTION("a unit that is not approved") {
    RegisterRequest r = test::enterprise(test::uscc_in("310115", 9), "上海未提交有限公司");
    const std::string account = must(f->register_unit(Actor::organizer(), r), "r").unit.account;
    CHECK(f->create_order(Actor::organizer(), account, OrderRequest{}).status().reason() ==
          "order.unit_not_approved");
  }
  SECTION("a person of another unit, or a draft") {
    OrderRequest foreign;
    foreign.persons = {999};
    CHECK(f->create_order(Actor::organizer(), unit.account, foreign).status().reason() ==
          "person.unknown");
    const Person draft = must(f->add_person(Actor::organizer(), unit.account,
                                            test::person_request(50)),
                              "draft");
    OrderRequest drafts;
    drafts.persons = {draft.id};
    CHECK(f->create_order(Actor::organizer(), unit.account, drafts).status().reason() ==
          "order.person_state");
  }
  SECTION("--expect-total: refused when the total is not the one confirmed") {
    OrderRequest confirmed;
    confirmed.expect_total = Money::from_fen(20000);
    auto changed = f->create_order(Actor::organizer(), unit.account, confirmed);
    CHECK(changed.status().reason() == "order.total_changed");
    CHECK(f->orders(Actor::organizer(), OrderFilter{})->empty());  // nothing was made
    confirmed.expect_total = Money::from_fen(40000);
    CHECK(f->create_order(Actor::organizer(), unit.account, confirmed).is_ok());
  }
  SECTION("after the payment deadline") {
    test::move_clock_to(*f.clock, *Instant::parse("2024-10-21T00:00:00+08:00"));
    CHECK(f->create_order(Actor::organizer(), unit.account, OrderRequest{}).status().reason() ==
          "payment.deadline");
  }
}

TEST_CASE("an order of free badges only is settled at once and its persons go to review",
          "[order]") {
  test::RegistryFixture f(with_shanghai_quota(2));
  const auto unit = test::ready_unit(*f, 1, 1, 2, 2);
  auto order = f->create_order(Actor::organizer(), unit.account, OrderRequest{});
  REQUIRE(order.is_ok());
  CHECK(order->total == Money::from_fen(0));
  CHECK(order->state == OrderState::kSettled);
  CHECK(order->closed_at.has_value());
  CHECK(state_of(f, unit.account, unit.persons[0]) == PersonState::kApproved);
  CHECK(must(f->payments(Actor::organizer(), order->number), "payments").empty());
}

TEST_CASE("cancel and expiry give persons and free places back, and the next order takes the place "
          "again",
          "[order][quota]") {
  test::RegistryFixture f(with_shanghai_quota(1));
  const auto unit = test::ready_unit(*f, 1, 1, 2, 1);
  CHECK(quota_used(f) == 1);
  const Order first = must(f->create_order(Actor::organizer(), unit.account, OrderRequest{}), "o");

  // Cancel (ORD-4): the persons await payment again; the free place is given back.
  auto cancelled = f->cancel_order(Actor::unit(unit.account), first.number, "wrong persons");
  REQUIRE(cancelled.is_ok());
  CHECK(cancelled->state == OrderState::kCancelled);
  CHECK(cancelled->close_reason == "wrong persons");
  CHECK(quota_used(f) == 0);
  CHECK(f->cancel_order(Actor::organizer(), first.number, "").status().reason() ==
        "order.not_open");

  // Meanwhile another unit takes the only place: the free person cannot be ordered free now.
  const auto rival = test::ready_unit(*f, 2, 20, 1, 1);
  CHECK(quota_used(f) == 1);
  auto refused = f->create_order(Actor::organizer(), unit.account, OrderRequest{});
  CHECK(refused.status().reason() == "quota.exhausted");
  // The rival's order of one free badge is settled at once and keeps its place.
  const Order rival_order =
      must(f->create_order(Actor::organizer(), rival.account, OrderRequest{}), "rival");
  CHECK(rival_order.state == OrderState::kSettled);
  CHECK(quota_used(f) == 1);

  // A second place (the configuration changes, init applies it): the next order takes it.
  f.open(with_shanghai_quota(2));
  const Order second =
      must(f->create_order(Actor::organizer(), unit.account, OrderRequest{}), "second");
  CHECK(quota_used(f) == 2);
  CHECK(second.total == Money::from_fen(20000));

  // Expiry (ORD-4), by the clock: 72 hours after creation.
  test::move_clock_to(*f.clock, second.expires_at);
  auto expired = f->order(Actor::organizer(), second.number);
  REQUIRE(expired.is_ok());
  CHECK(expired->state == OrderState::kExpired);
  CHECK(expired->closed_by == "clock");
  CHECK(quota_used(f) == 1);
  CHECK(state_of(f, unit.account, unit.persons[0]) == PersonState::kSubmitted);
  auto third = f->create_order(Actor::organizer(), unit.account, OrderRequest{});
  REQUIRE(third.is_ok());
  CHECK(quota_used(f) == 2);

  // The sweep expires what is due, once.
  test::move_clock_to(*f.clock, *Instant::parse("2024-10-21T00:00:00+08:00"));
  auto swept = f->expire_orders(Actor::finance());
  REQUIRE(swept.is_ok());
  REQUIRE(swept->size() == 1);
  CHECK(swept->front().number == third->number);
  CHECK(f->expire_orders(Actor::finance())->empty());
  CHECK(f->expire_orders(Actor::unit(unit.account)).status().reason() == "auth.forbidden");
}
