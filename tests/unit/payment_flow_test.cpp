// Paying orders through the Registry (PAY-1..5, ORD-4): an intent from a real gateway on loopback
// (idempotency key reused after no answer; gateway down leaves the order unchanged), signed
// notices (confirm once, duplicates, flags, bad and stale signatures), transfer proofs decided by
// finance, and bank statements matched line by line, idempotently.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "payment/notice.hpp"
#include "support/http_server.hpp"
#include "support/order_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

const std::string kSecret = "notice-secret-for-tests";

Rules rules_with_gateway(const std::string& base_url) {
  Rules rules = Rules::seventh_edition();
  for (const char* name : {"wechat", "alipay", "unionpay", "b2b"}) {
    GatewayRules g;
    g.name = name;
    g.base_url = base_url;
    g.secret = kSecret;
    rules.payment.gateways.push_back(g);
  }
  rules.payment.timeout_ms = 2000;
  rules.payment.retries = 1;
  rules.payment.retry_backoff_ms = 1;
  return rules;
}

std::string notice_body(const std::string& gateway, const std::string& transaction,
                        const std::string& order, std::int64_t amount_fen, Instant timestamp,
                        const std::string& payer = "") {
  nlohmann::json body = {{"gateway", gateway},          {"transaction_id", transaction},
                         {"order", order},              {"status", "success"},
                         {"amount_fen", amount_fen},    {"timestamp", timestamp.to_utc_string()}};
  if (!payer.empty()) {
    body["payer_name"] = payer;
    body["payer_account"] = "6222 0000 1111";
  }
  return body.dump();
}

Result<NoticeOutcome> deliver(test::RegistryFixture& f, const std::string& body) {
  return f->accept_notice(body, payment::sign_notice(kSecret, body));
}

PersonState state_of(test::RegistryFixture& f, const std::string& unit, std::int64_t id) {
  for (const Person& p : must(f->persons(Actor::organizer(), unit, {}), "persons").persons) {
    if (p.id == id) return p.state;
  }
  return PersonState::kRejected;
}

std::string png() { return test::test_photo(); }

}  // namespace

TEST_CASE("start_payment: a QR intent from the gateway, and no answer keeps the attempt and its key",
          "[payment][gateway]") {
  test::HttpServer gateway;
  test::RegistryFixture f(rules_with_gateway(gateway.url("")));
  const auto unit = test::ready_unit(*f, 1, 1, 1);
  const Order order = must(f->create_order(Actor::organizer(), unit.account, {}), "order");

  // Down: every attempt fails transiently; exit 6 material, the order unchanged.
  gateway.enqueue(test::HttpResponse::json(503, R"({"message":"maintenance"})"));
  gateway.enqueue(test::HttpResponse::json(503, R"({"message":"maintenance"})"));
  auto down = f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kQrWechat);
  CHECK(down.status().reason() == "payment.unavailable");
  CHECK(down.status().code() == Code::kExternal);
  CHECK(must(f->order(Actor::organizer(), order.number), "o").state ==
        OrderState::kAwaitingPayment);

  // Up again: the same attempt, the same idempotency key.
  gateway.enqueue(test::HttpResponse::json(
      200, R"({"intent_id":"wx-1","qr_content":"weixin://wxpay/bizpayurl?pr=abc"})"));
  auto started =
      f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kQrWechat);
  REQUIRE(started.is_ok());
  CHECK(started->payment.state == PaymentState::kPending);
  CHECK(started->payment.attempt == 1);
  CHECK(started->payment.qr_content == "weixin://wxpay/bizpayurl?pr=abc");
  const auto requests = gateway.requests();
  REQUIRE(requests.size() == 3);
  for (const auto& request : requests) {
    CHECK(request.header("Idempotency-Key") == order.number + "-1");
  }
  // A refusal closes that attempt; the next one has a new key.
  gateway.enqueue(test::HttpResponse::json(400, R"({"message":"amount too large"})"));
  auto refused = f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kB2b);
  CHECK(refused.status().reason() == "payment.refused");
  gateway.enqueue(
      test::HttpResponse::json(200, R"({"intent_id":"b2b-9","pay_url":"https://bank/pay/9"})"));
  auto b2b = f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kB2b);
  REQUIRE(b2b.is_ok());
  CHECK(b2b->payment.attempt == 3);
  CHECK(gateway.requests().back().header("Idempotency-Key") == order.number + "-3");
  auto payments = must(f->payments(Actor::organizer(), order.number), "payments");
  REQUIRE(payments.size() == 3);
  CHECK(payments[1].state == PaymentState::kFailed);

  // A transfer needs no gateway: the account to pay into.
  auto transfer =
      f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kTransfer);
  REQUIRE(transfer.is_ok());
  CHECK(transfer->transfer_account_name == "中国国际进口博览局");
  // No gateway configured for a method.
  Rules none = Rules::seventh_edition();
  f.open(none);
  CHECK(f->start_payment(Actor::unit(unit.account), order.number, PaymentMethod::kQrAlipay)
            .status()
            .reason() == "payment.gateway");
}

TEST_CASE("a signed notice confirms once: duplicates change nothing, persons go to review",
          "[payment][notice]") {
  test::HttpServer gateway;
  gateway.enqueue(test::HttpResponse::json(200, R"({"intent_id":"i-1","qr_content":"x"})"));
  test::RegistryFixture f(rules_with_gateway(gateway.url("")));
  const auto unit = test::ready_unit(*f, 1, 1, 2);
  const Order order = must(f->create_order(Actor::organizer(), unit.account, {}), "order");
  REQUIRE(f->start_payment(Actor::organizer(), order.number, PaymentMethod::kQrWechat).is_ok());

  const std::string body = notice_body("wechat", "4200001", order.number, 40000, f.clock->now());
  auto first = deliver(f, body);
  REQUIRE(first.is_ok());
  CHECK(first->outcome == "confirmed");
  CHECK(first->order.state == OrderState::kPaid);
  CHECK(first->payment.state == PaymentState::kConfirmed);
  CHECK(first->payment.transaction_id == "4200001");
  CHECK(state_of(f, unit.account, unit.persons[0]) == PersonState::kApproved);  // photo, valid id

  auto again = deliver(f, body);
  REQUIRE(again.is_ok());
  CHECK(again->outcome == "duplicate");
  CHECK(again->payment.id == first->payment.id);
  CHECK(must(f->payments(Actor::organizer(), order.number), "p").size() == 1);

  // A second payment for the paid order (another transaction): kept, flagged for finance.
  auto twice = deliver(f, notice_body("wechat", "4200002", order.number, 40000, f.clock->now()));
  REQUIRE(twice.is_ok());
  CHECK(twice->outcome == "flagged");
  CHECK(twice->payment.flag == "payment.already_paid");
  CHECK(must(f->finance_queue(Actor::finance()), "q").payments.size() == 1);
}

TEST_CASE("notices refused: wrong signature, stale, malformed, unknown gateway or order",
          "[payment][notice]") {
  test::RegistryFixture f(rules_with_gateway("http://127.0.0.1:9"));
  const auto unit = test::ready_unit(*f, 1, 1, 1);
  const Order order = must(f->create_order(Actor::organizer(), unit.account, {}), "order");
  const std::string body = notice_body("wechat", "t-1", order.number, 20000, f.clock->now());

  CHECK(f->accept_notice(body, payment::sign_notice("another key", body)).status().reason() ==
        "payment.signature");
  std::string tampered = body;
  tampered.replace(tampered.find("20000"), 5, "20001");
  CHECK(f->accept_notice(tampered, payment::sign_notice(kSecret, body)).status().reason() ==
        "payment.signature");
  const Instant old = Instant::from_unix_micros(f.clock->now().unix_micros() - 301'000'000);
  CHECK(deliver(f, notice_body("wechat", "t-2", order.number, 20000, old)).status().reason() ==
        "payment.stale");
  CHECK(deliver(f, "{not json").status().reason() == "payment.notice");
  CHECK(deliver(f, notice_body("paypal", "t-3", order.number, 20000, f.clock->now()))
            .status()
            .reason() == "payment.gateway");
  CHECK(deliver(f, notice_body("wechat", "t-4", "V20240603100000000000000", 20000,
                               f.clock->now()))
            .status()
            .reason() == "order.unknown");
  CHECK(must(f->payments(Actor::organizer(), order.number), "p").empty());
  CHECK(must(f->order(Actor::organizer(), order.number), "o").state ==
        OrderState::kAwaitingPayment);
}

TEST_CASE("money that does not simply pay is kept and flagged: wrong amount, late, closed order",
          "[payment][notice]") {
  test::RegistryFixture f(rules_with_gateway("http://127.0.0.1:9"));
  const auto unit = test::ready_unit(*f, 1, 1, 1);
  const Order order = must(f->create_order(Actor::organizer(), unit.account, {}), "order");

  auto short_paid = deliver(f, notice_body("b2b", "b-1", order.number, 19900, f.clock->now(),
                                           "上海付款单位有限公司"));
  REQUIRE(short_paid.is_ok());
  CHECK(short_paid->outcome == "flagged");
  CHECK(short_paid->payment.flag == "payment.amount_mismatch");
  CHECK(short_paid->payment.amount == Money::from_fen(19900));
  CHECK(short_paid->payment.payer_name == "上海付款单位有限公司");  // PAY-4
  CHECK(short_paid->order.state == OrderState::kAwaitingPayment);

  // Finance: confirming the wrong amount needs force and a reason; rejecting needs a reason.
  PaymentDecision decision;
  decision.payment_id = short_paid->payment.id;
  decision.confirm = true;
  CHECK(f->decide_payment(Actor::finance(), decision).status().reason() ==
        "payment.amount_mismatch");
  CHECK(f->decide_payment(Actor::organizer(), decision).status().reason() == "auth.forbidden");
  decision.force = true;
  CHECK(f->decide_payment(Actor::finance(), decision).status().reason() ==
        "payment.reason_required");
  decision.reason = "1 yuan bank fee, agreed";
  auto forced = f->decide_payment(Actor::finance(), decision);
  REQUIRE(forced.is_ok());
  CHECK(forced->forced);
  CHECK(must(f->order(Actor::organizer(), order.number), "o").state == OrderState::kPaid);
  CHECK(f->decide_payment(Actor::finance(), decision).status().reason() == "payment.not_pending");

  // Late: a payment after the order expired is flagged payment.order_closed, never lost.
  const Order late_order = must(
      f->create_order(Actor::organizer(), test::ready_unit(*f, 2, 10, 1).account, {}), "o2");
  test::move_clock_to(*f.clock, late_order.expires_at);
  auto late = deliver(f, notice_body("wechat", "w-9", late_order.number, 20000, f.clock->now()));
  REQUIRE(late.is_ok());
  CHECK(late->outcome == "flagged");
  CHECK(late->payment.flag == "payment.order_closed");
  CHECK(late->order.state == OrderState::kExpired);
  // Finance forces it: the order is paid after all (its persons are still waiting).
  PaymentDecision accept{late->payment.id, true, "paid in time at the bank", true};
  auto reopened = f->decide_payment(Actor::finance(), accept);
  REQUIRE(reopened.is_ok());
  CHECK(must(f->order(Actor::organizer(), late_order.number), "o").state == OrderState::kPaid);
}

TEST_CASE("transfer: the unit's proof, finance confirms or rejects", "[payment][transfer]") {
  test::RegistryFixture f;
  const auto unit = test::ready_unit(*f, 1, 1, 1);
  const Order order = must(f->create_order(Actor::organizer(), unit.account, {}), "order");
  TransferProof proof{"上海测试企业1有限公司", "31001234567890", Money::from_fen(20000),
                      Date{2024, 6, 3}, png()};
  TransferProof bad = proof;
  bad.file = "not an image";
  CHECK(f->submit_transfer_proof(Actor::unit(unit.account), order.number, bad).status().reason() ==
        "payment.proof_format");
  bad = proof;
  bad.payer_name.clear();
  CHECK(f->submit_transfer_proof(Actor::unit(unit.account), order.number, bad).status().reason() ==
        "payment.payer");
  bad = proof;
  bad.amount = Money::from_fen(0);
  CHECK(f->submit_transfer_proof(Actor::unit(unit.account), order.number, bad).status().reason() ==
        "payment.amount");

  auto submitted = f->submit_transfer_proof(Actor::unit(unit.account), order.number, proof);
  REQUIRE(submitted.is_ok());
  CHECK(submitted->state == PaymentState::kProofSubmitted);
  CHECK(submitted->proof_format == "png");
  auto queue = must(f->finance_queue(Actor::finance()), "queue");
  REQUIRE(queue.payments.size() == 1);
  CHECK(must(f->payment_proof(Actor::finance(), submitted->id), "proof") == proof.file);
  CHECK(f->payment_proof(Actor::unit(unit.account), submitted->id).status().reason() ==
        "auth.forbidden");

  PaymentDecision reject{submitted->id, false, "", false};
  CHECK(f->decide_payment(Actor::finance(), reject).status().reason() ==
        "payment.reason_required");
  PaymentDecision confirm{submitted->id, true, "", false};
  auto confirmed = f->decide_payment(Actor::finance(), confirm);
  REQUIRE(confirmed.is_ok());
  CHECK(confirmed->state == PaymentState::kConfirmed);
  CHECK(confirmed->payer_name == "上海测试企业1有限公司");
  CHECK(must(f->order(Actor::organizer(), order.number), "o").state == OrderState::kPaid);
  CHECK(state_of(f, unit.account, unit.persons[0]) == PersonState::kApproved);
}

TEST_CASE("a bank statement: matched, queued, flagged, skipped — a re-import changes nothing",
          "[payment][statement]") {
  test::RegistryFixture f;
  const auto a = test::ready_unit(*f, 1, 1, 1);
  const auto b = test::ready_unit(*f, 2, 10, 2);
  const Order oa = must(f->create_order(Actor::organizer(), a.account, {}), "oa");
  const Order ob = must(f->create_order(Actor::organizer(), b.account, {}), "ob");
  std::string spaced = oa.number.substr(0, 5) + " " + oa.number.substr(5, 8) + " " +
                       oa.number.substr(13);
  for (char& c : spaced) {
    if (c == '0') c = 'O';  // a look-alike the matcher reads as a digit
  }
  const std::string csv =
      "date,amount,payer_name,payer_account,remark\n"
      "2024-06-03,200.00,上海测试企业1有限公司,3100001,货款 " + spaced + "\n" +
      "2024-06-03,300.00,上海测试企业2有限公司,3100002,证件费" + ob.number + "\n" +
      "2024-06-04,50.00,某某公司,3100003,no order number here\n"
      "2024-06-04,-80.00,银行,0,手续费\n"
      "2024-06-04,200.00,上海测试企业1有限公司,3100001," + oa.number + " again\n";
  auto run = [&](const std::string& text, std::vector<RowOutcome>& rows) {
    std::istringstream in(text);
    ReaderOptions reader_options;
    reader_options.known_columns = Registry::statement_columns();
    reader_options.required_columns = Registry::statement_required_columns();
    auto reader = make_record_reader(in, InputFormat::kCsv, reader_options);
    return f->import_statement(Actor::finance(), *reader, "june.csv", BulkOptions{},
                               [&](const RowOutcome& row) { rows.push_back(row); });
  };
  std::vector<RowOutcome> rows;
  auto summary = run(csv, rows);
  REQUIRE(summary.is_ok());
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].outcome == "matched");
  CHECK(rows[0].subject == oa.number);
  CHECK(rows[1].outcome == "queued:amount");  // 300.00 for a 400.00 order
  CHECK(rows[2].outcome == "queued:no_order");
  CHECK(rows[3].outcome == "skipped");
  CHECK(rows[4].outcome == "flagged");  // the same order paid twice
  CHECK(must(f->order(Actor::organizer(), oa.number), "o").state == OrderState::kPaid);

  // The same statement again: every line unchanged.
  std::vector<RowOutcome> again;
  auto second = run(csv, again);
  REQUIRE(second.is_ok());
  CHECK(second->by_outcome["unchanged"] == 4);
  CHECK(second->by_outcome["skipped"] == 1);
  CHECK_FALSE(second->applied);

  // A person assigns the partial line (finance then decides the flagged payment) and discards one.
  auto queue = must(f->finance_queue(Actor::finance()), "queue");
  REQUIRE(queue.lines.size() == 2);
  StatementLineDecision assign{queue.lines[0].id, ob.number, ""};
  auto assigned = f->decide_statement_line(Actor::finance(), assign);
  REQUIRE(assigned.is_ok());
  CHECK(assigned->state == StatementLineState::kAssigned);
  StatementLineDecision discard{queue.lines[1].id, "", ""};
  CHECK(f->decide_statement_line(Actor::finance(), discard).status().reason() ==
        "payment.reason_required");
  discard.reason = "not ours: returned to the sender";
  CHECK(f->decide_statement_line(Actor::finance(), discard)->state ==
        StatementLineState::kDiscarded);
  CHECK(f->decide_statement_line(Actor::finance(), discard).status().reason() ==
        "statement.not_queued");
  CHECK(f->decide_statement_line(Actor::finance(), StatementLineDecision{999, "", "x"})
            .status()
            .reason() == "statement.unknown");

  // A malformed line fails the whole import (all or none) with its line and field.
  std::vector<RowOutcome> bad_rows;
  auto bad = run("date,amount,payer_name,payer_account,remark\n2024-13-01,1.00,x,y,z\n", bad_rows);
  REQUIRE(bad.is_ok());
  REQUIRE(bad_rows.size() == 1);
  CHECK(bad_rows[0].error.reason() == "statement.date");
  CHECK(bad_rows[0].error.line() == 2);
}
