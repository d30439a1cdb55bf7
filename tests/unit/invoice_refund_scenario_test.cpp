// The invoice and refund use cases end to end through the Registry (INV-1..8, RFD-1..5), every
// amount checked to the fen: pay by transfer → the title locked to the payer → a special invoice
// → the buyer books it → a partial refund raises a confirmation form → the form expires after
// 72 hours → a new form → confirmed → the red invoice → a new blue invoice for the rest.
#include <catch2/catch.hpp>

#include "invoice/invoice_number.hpp"
#include "support/paid_order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

PersonState state_of(test::RegistryFixture& f, const std::string& unit, std::int64_t id) {
  for (const Person& p : must(f->persons(Actor::organizer(), unit, {}), "persons").persons) {
    if (p.id == id) return p.state;
  }
  FAIL("no person " << id);
  return PersonState::kRejected;
}

std::int64_t sequence(const Invoice& invoice) { return invoice::sequence_of(invoice.number); }

}  // namespace

TEST_CASE("the full scenario: locked title, booked invoice, expired form, red and new blue",
          "[invoice][refund][scenario]") {
  test::RegistryFixture f;
  const auto paid = test::paid_by_transfer(*f, 1, 1, 2);
  const Actor unit = Actor::unit(paid.unit);
  REQUIRE(paid.order.state == OrderState::kPaid);
  REQUIRE(paid.order.total == Money::from_fen(40000));
  CHECK(state_of(f, paid.unit, paid.persons[0]) == PersonState::kUnderReview);

  // INV-2 and INV-3: the request.
  InvoiceRequest request = test::special_request(paid.order.number);
  request.title = "另一家公司";
  CHECK(f->request_invoice(unit, request).status().reason() == "invoice.title_locked");
  request.title.clear();
  request.taxpayer_id = test::uscc_in("310115", 99);
  CHECK(f->request_invoice(unit, request).status().reason() == "invoice.title_locked");
  request.taxpayer_id.clear();
  request.title_kind = TitleKind::kIndividual;
  CHECK(f->request_invoice(unit, request).status().reason() == "invoice.special_individual");
  request.title_kind = TitleKind::kUnit;
  request.bank.clear();
  const auto no_bank = f->request_invoice(unit, request);
  CHECK(no_bank.status().reason() == "invoice.field_required");
  CHECK(no_bank.status().field() == "bank");
  request.bank = "中国银行上海分行";
  const auto stored = must(f->request_invoice(unit, request), "request");
  CHECK(stored.title_locked);
  CHECK(stored.request.title == paid.unit_name);
  CHECK(stored.request.taxpayer_id == paid.uscc);

  // INV-5: issued, numbered, copied.
  const Invoice blue = must(f->issue_invoice(unit, paid.order.number), "issue");
  CHECK(blue.number.size() == 20);
  CHECK(blue.number.substr(0, 5) == "24310");  // 2024, Shanghai (31), channel 0
  CHECK(sequence(blue) == 1);
  CHECK(blue.kind == InvoiceKind::kBlue);
  CHECK(blue.type == InvoiceType::kSpecial);
  CHECK(blue.buyer.name == paid.unit_name);
  CHECK(blue.buyer.taxpayer_id == paid.uscc);
  CHECK(blue.buyer.bank == "中国银行上海分行");
  CHECK(blue.seller.name == "中国国际进口博览局");
  CHECK(blue.gross_total == Money::from_fen(40000));
  CHECK(blue.tax_total == Money::from_fen(2264));
  CHECK(blue.amount_total == Money::from_fen(37736));
  CHECK(blue.gross_in_words == "肆佰圆整");
  REQUIRE(blue.items.size() == 1);
  CHECK(blue.items[0].quantity == 2);
  CHECK(f->issue_invoice(unit, paid.order.number).status().reason() == "invoice.exists");
  // A later request may not change the locked title either, and an invoice exists.
  InvoiceRequest change = test::special_request(paid.order.number);
  change.title = "改名后的公司";
  CHECK(f->request_invoice(unit, change).status().reason() == "invoice.title_locked");
  CHECK(f->request_invoice(unit, test::special_request(paid.order.number)).status().reason() ==
        "invoice.exists");

  // The buyer books it (finance records the platform's answer).
  CHECK(f->set_buyer_status(unit, blue.number, BuyerStatus::kBooked).status().reason() ==
        "auth.forbidden");
  CHECK(must(f->set_buyer_status(Actor::finance(), blue.number, BuyerStatus::kBooked), "book")
            .buyer_status == BuyerStatus::kBooked);

  // A partial refund of one person: a confirmation form, the refund waits for it.
  RefundRequest ask{paid.order.number, {paid.persons[0]}, "", RedReason::kServiceStopped};
  CHECK(f->request_refund(unit, ask).status().reason() == "refund.reason_required");
  ask.reason = "参观人员1 不能出席";
  const RefundOutcome first = must(f->request_refund(unit, ask), "refund");
  CHECK(first.refund.amount == Money::from_fen(20000));
  CHECK(first.refund.state == RefundState::kAwaitingReversal);
  CHECK(first.refund.method == PaymentMethod::kTransfer);
  CHECK(first.refund.payee_name == paid.unit_name);
  REQUIRE(first.reversal.form.has_value());
  CHECK_FALSE(first.reversal.red_invoice.has_value());
  const RedForm form1 = *first.reversal.form;
  CHECK(form1.state == RedFormState::kPending);
  CHECK_FALSE(form1.partial);  // a refund reverses the invoice in full, then re-invoices
  CHECK(form1.amount == Money::from_fen(40000));
  CHECK(form1.expires_at == f.clock->now().plus_seconds(72 * 3600));
  CHECK(first.refund.red_form == form1.id);
  CHECK(state_of(f, paid.unit, paid.persons[0]) == PersonState::kDraft);
  CHECK(must(f->order(unit, paid.order.number), "o").refunded == Money::from_fen(20000));
  // Another refund waits until the form is decided.
  RefundRequest second_ask{paid.order.number, {paid.persons[1]}, "也不来了",
                           RedReason::kServiceStopped};
  CHECK(f->request_refund(unit, second_ask).status().reason() == "redform.pending");

  // 72 hours pass: the form is void.
  f.clock->advance_seconds(72 * 3600);
  CHECK(f->decide_red_form(unit, form1.id, RedFormDecision::kConfirm, "").status().reason() ==
        "redform.expired");
  RedFormFilter by_invoice;
  by_invoice.invoice = blue.number;
  CHECK(must(f->red_forms(Actor::finance(), by_invoice), "forms").front().state ==
        RedFormState::kExpired);
  CHECK(must(f->refund(unit, first.refund.id), "r").state == RefundState::kAwaitingReversal);

  // A new form; the buyer confirms it in time: the red invoice, then a new blue one for the rest.
  ReversalRequest again{blue.number, RedReason::kServiceStopped, {}, "第二次确认单"};
  const ReversalOutcome raised = must(f->reverse_invoice(Actor::finance(), again), "reverse");
  REQUIRE(raised.form.has_value());
  CHECK(must(f->refund(unit, first.refund.id), "r").red_form == raised.form->id);
  f.clock->advance_seconds(71 * 3600);
  CHECK(f->decide_red_form(Actor::unit("91310000000000000X"), raised.form->id,
                           RedFormDecision::kConfirm, "")
            .status()
            .reason() == "redform.unknown");
  const ReversalOutcome done =
      must(f->decide_red_form(unit, raised.form->id, RedFormDecision::kConfirm, ""), "confirm");
  REQUIRE(done.red_invoice.has_value());
  REQUIRE(done.reissued.has_value());
  const Invoice& red = *done.red_invoice;
  const Invoice& reissued = *done.reissued;
  CHECK(red.kind == InvoiceKind::kRed);
  CHECK(red.refers_to == blue.number);
  CHECK(red.red_form == raised.form->id);
  CHECK(red.gross_total == Money::from_fen(-40000));
  CHECK(red.tax_total == Money::from_fen(-2264));
  CHECK(red.amount_total == Money::from_fen(-37736));
  CHECK(red.gross_in_words == "负肆佰圆整");
  CHECK(red.buyer == blue.buyer);
  CHECK(sequence(red) == 2);
  CHECK(reissued.kind == InvoiceKind::kBlue);
  CHECK(sequence(reissued) == 3);
  CHECK(reissued.gross_total == Money::from_fen(20000));
  CHECK(reissued.tax_total == Money::from_fen(1132));
  CHECK(reissued.amount_total == Money::from_fen(18868));
  CHECK(reissued.gross_in_words == "贰佰圆整");
  CHECK(reissued.buyer == blue.buyer);  // the locked title, again
  const Invoice blue_after = must(f->invoice(unit, blue.number), "blue");
  CHECK(blue_after.reversed == Money::from_fen(40000));
  CHECK_FALSE(is_valid_blue(blue_after));
  CHECK(blue_after.red_invoices == std::vector<std::string>{red.number});
  // The document itself did not change.
  CHECK(blue_after.items == blue.items);
  CHECK(blue_after.buyer == blue.buyer);

  // The refund goes on to the money: a transfer finance sends and confirms.
  Refund refund = must(f->refund(unit, first.refund.id), "r");
  CHECK(refund.state == RefundState::kAwaitingTransfer);
  CHECK(refund.red_invoice == red.number);
  CHECK(refund.reissued_invoice == reissued.number);
  CHECK(f->confirm_refund_transfer(Actor::finance(), refund.id, "").status().reason() ==
        "refund.reference_required");
  CHECK(f->confirm_refund_transfer(unit, refund.id, "X").status().reason() == "auth.forbidden");
  refund = must(f->confirm_refund_transfer(Actor::finance(), refund.id, "BOC-OUT-0001"), "sent");
  CHECK(refund.state == RefundState::kCompleted);
  CHECK(refund.transfer_reference == "BOC-OUT-0001");
  CHECK(f->confirm_refund_transfer(Actor::finance(), refund.id, "again").status().reason() ==
        "refund.state");

  // The second person: the new invoice is not booked, so it is reversed in full at once and
  // nothing is left to re-invoice; the order is refunded.
  const RefundOutcome second = must(f->request_refund(unit, second_ask), "second");
  CHECK(second.refund.amount == Money::from_fen(20000));
  REQUIRE(second.reversal.red_invoice.has_value());
  CHECK_FALSE(second.reversal.form.has_value());
  CHECK_FALSE(second.reversal.reissued.has_value());
  CHECK(second.reversal.red_invoice->gross_total == Money::from_fen(-20000));
  CHECK(second.reversal.red_invoice->refers_to == reissued.number);
  CHECK(sequence(*second.reversal.red_invoice) == 4);
  CHECK(second.refund.state == RefundState::kAwaitingTransfer);
  const Order order = must(f->order(unit, paid.order.number), "o");
  CHECK(order.state == OrderState::kRefunded);
  CHECK(order.refunded == Money::from_fen(40000));
  CHECK(f->request_refund(unit, second_ask).status().reason() == "refund.not_paid");
  CHECK(f->request_invoice(unit, test::special_request(paid.order.number)).status().reason() ==
        "invoice.not_paid");

  // Every state change is in the audit trail.
  AuditQuery query;
  query.subject = "refund:" + std::to_string(first.refund.id);
  const auto trail = must(f->audit(Actor::organizer(), query), "audit");
  std::vector<std::string> actions;
  for (const AuditEntry& entry : trail) actions.push_back(entry.action);
  CHECK(actions == std::vector<std::string>{"refund.complete", "refund.reversed", "refund.request"});
}
