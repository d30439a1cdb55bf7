// Invoice requests and reversals beyond the main scenario (INV-2..7): the title a QR payer
// chooses, individuals, the 31 December deadline, what a reversal may be (full only before the
// buyer books it, never partial for an invoicing error), refusing and withdrawing forms.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "payment/notice.hpp"
#include "support/http_server.hpp"
#include "support/paid_order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

InvoiceRequest normal_request(const std::string& order) {
  InvoiceRequest r;
  r.order = order;
  r.type = InvoiceType::kNormal;
  r.delivery_phone = "13900001111";
  return r;
}

}  // namespace

TEST_CASE("INV-2 and INV-4: individuals, enterprise taxpayer ids, contacts, the deadline",
          "[invoice]") {
  test::RegistryFixture f;
  const auto paid = test::paid_by_transfer(*f, 1, 1, 1);
  const Actor unit = Actor::unit(paid.unit);
  InvoiceRequest r = normal_request(paid.order.number);
  r.delivery_phone.clear();
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.field_required");
  r.delivery_email = "not an address";
  CHECK(f->request_invoice(unit, r).status().reason() == "email.format");
  r.delivery_email = "Finance@Example.COM";
  // An individual title: a name, no taxpayer id.
  r.title_kind = TitleKind::kIndividual;
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.field_required");
  r.title = "张三";
  r.taxpayer_id = "ignored";
  const auto individual = must(f->request_invoice(unit, r), "individual");
  CHECK(individual.request.title == "张三");
  CHECK(individual.request.taxpayer_id.empty());
  CHECK(individual.request.delivery_email == "Finance@example.com");
  // Asking again replaces the standing request.
  r.title_kind = TitleKind::kUnit;
  r.title.clear();
  r.taxpayer_id = "91310115000000000X";  // not the payer's (locked by the transfer)
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.title_locked");
  r.taxpayer_id.clear();
  const auto replaced = must(f->request_invoice(unit, r), "unit");
  CHECK(replaced.request.title == paid.unit_name);
  CHECK(must(f->invoice_request(unit, paid.order.number), "standing")->request.title_kind ==
        TitleKind::kUnit);
  // INV-4: requests close at 23:59:59 on 31 December (Asia/Shanghai), inclusive.
  test::move_clock_to(*f.clock, *Instant::parse("2024-12-31T23:59:59+08:00"));
  CHECK(f->request_invoice(unit, r).is_ok());
  f.clock->advance_seconds(1);
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.deadline");
  // The standing request may still be issued after the deadline.
  const Invoice issued = must(f->issue_invoice(unit, paid.order.number), "issue");
  CHECK(issued.type == InvoiceType::kNormal);
  CHECK(issued.gross_total == Money::from_fen(20000));
  CHECK(issued.issued_on == Date{2025, 1, 1});
  CHECK(issued.number.substr(0, 2) == "25");  // the number's year is the year of issue
}

TEST_CASE("INV-7: full at once before booking, forms after, never partial for an error",
          "[invoice][redform]") {
  test::RegistryFixture f;
  const auto paid = test::paid_by_transfer(*f, 1, 1, 3);
  const Actor unit = Actor::unit(paid.unit);
  must(f->request_invoice(unit, normal_request(paid.order.number)), "request");
  CHECK(f->issue_invoice(unit, "V000").status().reason() == "order.unknown");
  const Invoice blue = must(f->issue_invoice(unit, paid.order.number), "issue");
  CHECK(blue.gross_total == Money::from_fen(60000));

  ReversalRequest partial{blue.number, RedReason::kReturned, {paid.persons[0]}, ""};
  CHECK(f->reverse_invoice(unit, partial).status().reason() == "auth.forbidden");
  // Not booked: only in full.
  CHECK(f->reverse_invoice(Actor::finance(), partial).status().reason() == "redform.partial");
  must(f->set_buyer_status(Actor::finance(), blue.number, BuyerStatus::kBooked), "book");
  // An invoicing error is never reversed in part.
  ReversalRequest error_part{blue.number, RedReason::kIssuedInError, {paid.persons[0]}, ""};
  CHECK(f->reverse_invoice(Actor::finance(), error_part).status().reason() == "redform.partial");
  ReversalRequest stranger{blue.number, RedReason::kReturned, {424242}, ""};
  CHECK(f->reverse_invoice(Actor::finance(), stranger).status().reason() == "redform.persons");

  // A partial form: refused by the buyer (a note is required), then raised again and withdrawn.
  const auto form = must(f->reverse_invoice(Actor::finance(), partial), "form").form;
  REQUIRE(form.has_value());
  CHECK(form->partial);
  CHECK(form->amount == Money::from_fen(20000));
  CHECK(f->reverse_invoice(Actor::finance(), partial).status().reason() == "redform.pending");
  CHECK(f->decide_red_form(unit, form->id, RedFormDecision::kRefuse, "").status().reason() ==
        "redform.note_required");
  CHECK(f->decide_red_form(unit, form->id, RedFormDecision::kWithdraw, "x").status().reason() ==
        "auth.forbidden");
  const auto refused = must(f->decide_red_form(unit, form->id, RedFormDecision::kRefuse, "金额不对"),
                            "refuse");
  CHECK(refused.form->state == RedFormState::kRefused);
  CHECK(f->decide_red_form(unit, form->id, RedFormDecision::kConfirm, "").status().reason() ==
        "redform.not_pending");
  const auto again = must(f->reverse_invoice(Actor::finance(), partial), "again").form;
  const auto withdrawn =
      must(f->decide_red_form(Actor::finance(), again->id, RedFormDecision::kWithdraw, "改为全额"),
           "withdraw");
  CHECK(withdrawn.form->state == RedFormState::kWithdrawn);

  // A partial form confirmed: a red invoice for that person; the blue stays valid for the rest.
  const auto third = must(f->reverse_invoice(Actor::finance(), partial), "third").form;
  const auto confirmed =
      must(f->decide_red_form(unit, third->id, RedFormDecision::kConfirm, ""), "confirm");
  REQUIRE(confirmed.red_invoice.has_value());
  CHECK(confirmed.red_invoice->gross_total == Money::from_fen(-20000));
  CHECK(confirmed.red_invoice->tax_total == Money::from_fen(-1132));
  CHECK_FALSE(confirmed.reissued.has_value());
  const Invoice after = must(f->invoice(unit, blue.number), "blue");
  CHECK(after.reversed == Money::from_fen(20000));
  CHECK(is_valid_blue(after));
  CHECK(f->issue_invoice(unit, paid.order.number).status().reason() == "invoice.exists");
  // The same person again: reversed already.
  CHECK(f->reverse_invoice(Actor::finance(), partial).status().reason() == "redform.persons");
  // Refunding that person needs no second reversal: its badge is on no valid invoice any more.
  const auto refunded = must(
      f->request_refund(unit, {paid.order.number, {paid.persons[0]}, "退回", RedReason::kReturned}),
      "refund");
  CHECK_FALSE(refunded.reversal.form.has_value());
  CHECK_FALSE(refunded.reversal.red_invoice.has_value());
  CHECK(refunded.refund.invoice.empty());
  CHECK(refunded.refund.state == RefundState::kAwaitingTransfer);
  // The rest, for an error, in full: a form for the 400.00 left, then a new blue can be issued.
  ReversalRequest rest{blue.number, RedReason::kIssuedInError, {}, "抬头有误"};
  const auto last = must(f->reverse_invoice(Actor::finance(), rest), "rest").form;
  CHECK(last->amount == Money::from_fen(40000));
  const auto done = must(f->decide_red_form(unit, last->id, RedFormDecision::kConfirm, ""), "c");
  CHECK(done.red_invoice->gross_total == Money::from_fen(-40000));
  CHECK_FALSE(is_valid_blue(must(f->invoice(unit, blue.number), "blue")));
  CHECK(f->reverse_invoice(Actor::finance(), rest).status().reason() == "invoice.reversed");
  CHECK(f->reverse_invoice(Actor::finance(), {done.red_invoice->number, RedReason::kReturned, {}, ""})
            .status()
            .reason() == "invoice.not_blue");
  const Invoice reissued = must(f->issue_invoice(unit, paid.order.number), "reissue");
  CHECK(reissued.gross_total == Money::from_fen(40000));  // the refunded person is not on it
  // Finance lists them; the unit sees its own; another unit sees nothing.
  CHECK(must(f->invoices(Actor::finance(), {}), "all").size() == 4);
  InvoiceFilter reds;
  reds.kind = InvoiceKind::kRed;
  CHECK(must(f->invoices(unit, reds), "reds").size() == 2);
  CHECK(f->invoice(Actor::unit("91310000000000000X"), blue.number).status().reason() ==
        "invoice.unknown");
}

TEST_CASE("after a QR payment the unit chooses the title, after a transfer it may not",
          "[invoice]") {
  const std::string secret = "notice-secret-for-tests";
  test::HttpServer gateway;
  Rules rules = Rules::seventh_edition();
  GatewayRules alipay;
  alipay.name = "alipay";
  alipay.base_url = gateway.url("");
  alipay.secret = secret;
  rules.payment.gateways.push_back(alipay);
  test::RegistryFixture f(rules);
  const auto ready = test::ready_unit(*f, 1, 1, 1);
  const Actor unit = Actor::unit(ready.account);
  const Order order = must(f->create_order(unit, ready.account, {}), "order");
  gateway.enqueue(test::HttpResponse::json(200, R"({"intent_id":"ali-1","qr_content":"alipay://x"})"));
  must(f->start_payment(unit, order.number, PaymentMethod::kQrAlipay), "start");
  const std::string body =
      nlohmann::json{{"gateway", "alipay"}, {"transaction_id", "ali-tx-1"},
                     {"order", order.number}, {"intent_id", "ali-1"}, {"status", "success"},
                     {"amount_fen", 20000}, {"timestamp", f.clock->now().to_utc_string()}}
          .dump();
  REQUIRE(must(f->accept_notice(body, payment::sign_notice(secret, body)), "notice").outcome ==
          "confirmed");
  InvoiceRequest r = normal_request(order.number);
  r.title = "上海另一家有限公司";
  r.taxpayer_id = test::uscc_in("310115", 7);
  const auto chosen = must(f->request_invoice(unit, r), "chosen");
  CHECK_FALSE(chosen.title_locked);
  CHECK(chosen.request.title == "上海另一家有限公司");
  // A title naming another unit needs its taxpayer id, and a valid one.
  r.taxpayer_id = "91310115000000000X";
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.taxpayer_id");
  r.taxpayer_id.clear();
  CHECK(f->request_invoice(unit, r).status().reason() == "invoice.field_required");

  const auto paid = test::paid_by_transfer(*f, 2, 10, 1);
  InvoiceRequest locked = normal_request(paid.order.number);
  locked.title = "上海另一家有限公司";
  locked.taxpayer_id = test::uscc_in("310115", 7);
  CHECK(f->request_invoice(Actor::unit(paid.unit), locked).status().reason() ==
        "invoice.title_locked");
}
