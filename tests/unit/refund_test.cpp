// Refunds (RFD-1..5) through the Registry: what may be refunded (deadline, badge states, the
// amount ceiling over several partial refunds), free places given back, QR money back through a
// real gateway on loopback (and retried when it did not answer), and the automatic refund of a
// person rejected in person review (REV-3).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "payment/notice.hpp"
#include "support/http_server.hpp"
#include "support/paid_order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

const std::string kSecret = "notice-secret-for-tests";

Rules with_shanghai_quota(Rules rules, std::int64_t places) {
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

RefundRequest refund_of(const std::string& order, std::vector<std::int64_t> persons) {
  return RefundRequest{order, std::move(persons), "不再参加", RedReason::kServiceStopped};
}

}  // namespace

TEST_CASE("refund rules: paid orders only, before the deadline, allowed badge states, reason",
          "[refund]") {
  test::RegistryFixture f;
  const auto paid = test::paid_by_transfer(*f, 1, 1, 2);
  const Actor unit = Actor::unit(paid.unit);

  // Not paid: an open order is cancelled, not refunded.
  test::RegistryFixture g;
  const auto ready = test::ready_unit(*g, 2, 10, 1);
  const Order open = must(g->create_order(Actor::unit(ready.account), ready.account, {}), "o");
  CHECK(g->request_refund(Actor::unit(ready.account), refund_of(open.number, {}))
            .status()
            .reason() == "refund.not_paid");

  // Persons not on the order.
  CHECK(f->request_refund(unit, refund_of(paid.order.number, {999})).status().reason() ==
        "refund.person");
  // Another unit may not refund it.
  const auto other = test::paid_by_transfer(*f, 3, 20, 1);
  CHECK(f->request_refund(Actor::unit(other.unit), refund_of(paid.order.number, {}))
            .status()
            .reason() == "auth.forbidden");

  // RFD-1: after the deadline (inclusive up to it).
  test::move_clock_to(*f.clock, f->rules().refund.deadline);
  const auto on_deadline = f->request_refund(unit, refund_of(paid.order.number, {paid.persons[0]}));
  CHECK(on_deadline.is_ok());
  f.clock->advance_seconds(1);
  CHECK(f->request_refund(unit, refund_of(paid.order.number, {paid.persons[1]})).status().reason() ==
        "refund.deadline");
  // Refunded twice: the line is taken.
  test::move_clock_to(*f.clock, f->rules().refund.deadline.plus_seconds(-10));
  CHECK(f->request_refund(unit, refund_of(paid.order.number, {paid.persons[0]})).status().reason() ==
        "refund.person");

  // A badge in production (the person approved: it had a photo) is not refunded by default.
  test::RegistryFixture h;
  const auto approved_unit = test::ready_unit(*h, 4, 30, 1);
  const Order approved_order =
      must(h->create_order(Actor::unit(approved_unit.account), approved_unit.account, {}), "o");
  TransferProof proof{"上海测试企业4有限公司", "3100", approved_order.total, Date{2024, 6, 3},
                      test::test_photo()};
  const Payment p = must(h->submit_transfer_proof(Actor::unit(approved_unit.account),
                                                  approved_order.number, proof),
                         "proof");
  must(h->decide_payment(Actor::finance(), {p.id, true, "", false}), "confirm");
  const auto in_production =
      h->request_refund(Actor::unit(approved_unit.account), refund_of(approved_order.number, {}));
  CHECK(in_production.status().reason() == "refund.not_allowed");
  CHECK(in_production.status().field() == "persons");
  // … unless the rules allow it.
  Rules lenient = Rules::seventh_edition();
  lenient.refund.allowed_states.push_back("in_production");
  h.open(lenient);
  CHECK(h->request_refund(Actor::unit(approved_unit.account), refund_of(approved_order.number, {}))
            .is_ok());
}

TEST_CASE("RFD-2: several partial refunds never exceed what was paid", "[refund]") {
  test::RegistryFixture f;
  // Three badges (600.00) of which finance accepted a short payment of 450.00.
  const auto paid = test::paid_by_transfer(*f, 1, 1, 3, "full", 45000);
  REQUIRE(paid.order.state == OrderState::kPaid);
  const Actor unit = Actor::unit(paid.unit);
  const auto first = must(f->request_refund(unit, refund_of(paid.order.number, {paid.persons[0]})),
                          "first");
  CHECK(first.refund.amount == Money::from_fen(20000));
  const auto second = must(f->request_refund(unit, refund_of(paid.order.number, {paid.persons[1]})),
                           "second");
  CHECK(second.refund.amount == Money::from_fen(20000));
  CHECK(must(f->order(unit, paid.order.number), "o").refunded == Money::from_fen(40000));
  // 50.00 is left of the payment: the third badge's 200.00 is too much.
  const auto third = f->request_refund(unit, refund_of(paid.order.number, {}));
  CHECK(third.status().reason() == "refund.amount");
  CHECK(must(f->order(unit, paid.order.number), "o").refunded == Money::from_fen(40000));
  CHECK(must(f->refunds(unit, {}), "list").size() == 2);
}

TEST_CASE("a refund gives the free places back and its persons return to draft", "[refund]") {
  test::RegistryFixture f(with_shanghai_quota(Rules::seventh_edition(), 5));
  const auto paid = test::paid_by_transfer(*f, 1, 1, 2, "full", -1, /*free=*/1);
  REQUIRE(paid.order.total == Money::from_fen(20000));  // one free badge, one paid
  CHECK(quota_used(f) == 1);
  const auto outcome = must(f->request_refund(Actor::finance(), refund_of(paid.order.number, {})),
                            "refund");
  CHECK(outcome.refund.amount == Money::from_fen(20000));
  CHECK(outcome.refund.lines.size() == 2);
  CHECK(quota_used(f) == 0);
  for (const Person& p :
       must(f->persons(Actor::organizer(), paid.unit, {}), "persons").persons) {
    CHECK(p.state == PersonState::kDraft);
    CHECK(p.free_quota.empty());
  }
  const Order order = must(f->order(Actor::finance(), paid.order.number), "o");
  CHECK(order.state == OrderState::kRefunded);
  for (const OrderLine& line : order.lines) CHECK(line.refund == outcome.refund.id);
  OrderFilter refunded;
  refunded.state = OrderState::kRefunded;
  CHECK(must(f->orders(Actor::finance(), refunded), "orders").size() == 1);
  OrderFilter paid_only;
  paid_only.state = OrderState::kPaid;
  CHECK(must(f->orders(Actor::finance(), paid_only), "orders").empty());
}

TEST_CASE("QR money goes back through the gateway, and a gateway that did not answer is retried",
          "[refund][gateway]") {
  test::HttpServer gateway;
  Rules rules = Rules::seventh_edition();
  GatewayRules wechat;
  wechat.name = "wechat";
  wechat.base_url = gateway.url("");
  wechat.secret = kSecret;
  rules.payment.gateways.push_back(wechat);
  rules.payment.timeout_ms = 2000;
  rules.payment.retries = 0;
  rules.payment.retry_backoff_ms = 1;
  test::RegistryFixture f(rules);
  const auto ready = test::ready_unit(*f, 1, 1, 2);
  const Actor unit = Actor::unit(ready.account);
  const Order order = must(f->create_order(unit, ready.account, {}), "order");
  gateway.enqueue(test::HttpResponse::json(
      200, R"({"intent_id":"wx-1","qr_content":"weixin://wxpay/bizpayurl?pr=abc"})"));
  must(f->start_payment(unit, order.number, PaymentMethod::kQrWechat), "start");
  const std::string body =
      nlohmann::json{{"gateway", "wechat"},     {"transaction_id", "wx-tx-1"},
                     {"order", order.number},   {"intent_id", "wx-1"},
                     {"status", "success"},     {"amount_fen", 40000},
                     {"timestamp", f.clock->now().to_utc_string()}}
          .dump();
  REQUIRE(must(f->accept_notice(body, payment::sign_notice(kSecret, body)), "notice").outcome ==
          "confirmed");
  Rules lenient = rules;
  lenient.refund.allowed_states.push_back("in_production");  // the persons were approved
  f.open(lenient);

  // The gateway is down: the refund is recorded and waits for it.
  gateway.enqueue(test::HttpResponse::json(503, R"({"message":"maintenance"})"));
  const auto down = must(f->request_refund(unit, refund_of(order.number, {ready.persons[0]})),
                         "refund");
  CHECK(down.refund.state == RefundState::kAwaitingGateway);
  CHECK(down.refund.method == PaymentMethod::kQrWechat);
  CHECK(down.refund.last_error.find("payment.unavailable") != std::string::npos);
  const std::size_t before = gateway.request_count();

  // Sent again: the same idempotency key; the gateway's id is kept and the refund completes.
  gateway.enqueue(test::HttpResponse::json(200, R"({"refund_id":"wx-rf-1","status":"succeeded"})"));
  CHECK(f->send_refunds(unit, 0).status().reason() == "auth.forbidden");
  const auto sent = must(f->send_refunds(Actor::finance(), 0), "send");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].state == RefundState::kCompleted);
  CHECK(sent[0].gateway_refund_id == "wx-rf-1");
  CHECK(sent[0].last_error.empty());
  const auto requests = gateway.requests();
  REQUIRE(requests.size() == before + 1);
  const test::HttpRequest& call = requests.back();
  CHECK(call.method == "POST");
  CHECK(call.target == "/refunds");
  CHECK(call.header("Idempotency-Key") == order.number + "-R" + std::to_string(down.refund.id));
  CHECK(requests[before - 1].header("Idempotency-Key") == call.header("Idempotency-Key"));
  const auto sent_body = nlohmann::json::parse(call.body);
  CHECK(sent_body["amount_fen"] == 20000);
  CHECK(sent_body["transaction_id"] == "wx-tx-1");
  CHECK(f->send_refunds(Actor::finance(), down.refund.id).status().reason() == "refund.state");
  // Nothing is due any more.
  CHECK(must(f->send_refunds(Actor::finance(), 0), "again").empty());
}

TEST_CASE("a paid person rejected in person review is refunded automatically (REV-3)",
          "[refund][review]") {
  test::RegistryFixture f;
  const auto paid = test::paid_by_transfer(*f, 1, 1, 2);
  const PersonDecision reject{paid.persons[1], Decision::kReject, "照片不合格且无法补交"};
  const Person rejected = must(f->review_person(Actor::organizer(), reject), "reject");
  CHECK(rejected.state == PersonState::kRejected);
  const auto refunds = must(f->refunds(Actor::finance(), {}), "refunds");
  REQUIRE(refunds.size() == 1);
  CHECK(refunds[0].automatic);
  CHECK(refunds[0].amount == Money::from_fen(20000));
  CHECK(refunds[0].state == RefundState::kAwaitingTransfer);
  REQUIRE(refunds[0].lines.size() == 1);
  CHECK(refunds[0].lines[0].person_id == paid.persons[1]);
  CHECK(refunds[0].reason.find("照片不合格") != std::string::npos);
  const Order order = must(f->order(Actor::finance(), paid.order.number), "o");
  CHECK(order.state == OrderState::kPaid);
  CHECK(order.refunded == Money::from_fen(20000));
  // The rejected person stays rejected (not back to draft).
  for (const Person& p : must(f->persons(Actor::organizer(), paid.unit, {}), "p").persons) {
    if (p.id == paid.persons[1]) CHECK(p.state == PersonState::kRejected);
  }
}
