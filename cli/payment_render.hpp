// How payments (PAY-1..5) look on the command line, as text and as JSON: what a payer is told to
// do (scan a code, follow a URL, transfer with the order number as remark), payments, gateway
// notices, finance's queue and its decisions, statement lines. Money as in order_render.hpp:
// yuan text plus `*_fen` integers in JSON. Payer accounts are shown in full: they are the paying
// unit's bank account, which finance matches on, not personal data (domain §2 masks documents
// and phones).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/payment.hpp"

namespace ciie::cli {

// Every field of a payment; dates as YYYY-MM-DD, instants in Asia/Shanghai, absent ones null.
nlohmann::json payment_json(const Payment& payment);
// Every field of a statement line.
nlohmann::json statement_line_json(const StatementLine& line);

// {"ok":true,"payment":{…},"order":{…}} plus, for transfers, "transfer":{"account_name","bank",
// "account_number","remark"}; a transfer's "payment" is null (nothing is recorded before the
// proof).
nlohmann::json payment_start_json(const PaymentStart& start);
// What the payer does next, by method: the QR content (the drawing is the caller's), the pay
// URL, or the account to transfer to with the order number as remark and the proof command.
std::string payment_start_text(const PaymentStart& start);

// {"ok":true,"outcome":…,"payment":{…},"order":{…}}.
nlohmann::json notice_json(const NoticeOutcome& outcome);
// "confirmed: payment 3 pays order V… (400.00 yuan)" and the like, one line per fact.
std::string notice_text(const NoticeOutcome& outcome);

// ID, METHOD, ATTEMPT, STATE, AMOUNT, TRANSACTION, PAYER, PAID ON, FLAG, UPDATED.
std::string payment_table(const std::vector<Payment>& payments);

// {"ok":true,"payments":[…],"lines":[…]}.
nlohmann::json finance_queue_json(const FinanceQueue& queue);
// "finance queue: 2 payments, 1 statement line", then a payments table (ID, ORDER, METHOD,
// STATE, AMOUNT, FLAG, PAYER, ACCOUNT, PAID ON, PROOF) and a lines table (LINE, BOOKED, AMOUNT,
// PAYER, ACCOUNT, REMARK, WHY, FROM), each only when it has rows.
std::string finance_queue_text(const FinanceQueue& queue);

// "confirmed payment 3 (order V…, 400.00 yuan)" with who decided, why, and whether forced.
std::string payment_decision_text(const Payment& payment);
// "assigned statement line 4 to order V… (payment 5, confirmed)" or "discarded statement line 4:
// reason".
std::string statement_decision_text(const StatementLine& line);

// The payer's wording of a method: "WeChat Pay (微信支付)", "online banking (B2B)", …
std::string method_label(PaymentMethod method);

}  // namespace ciie::cli
