// How refunds (RFD-1..5) look on the command line, as text and as JSON: the refund with its
// lines, and what requesting it did to the order's invoice (a red invoice, a confirmation form
// the refund waits for, a reissued invoice). Money as in order_render.hpp. The payee account of
// a transfer refund is the paying unit's bank account, shown in full as payment_render does.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/refund.hpp"

namespace ciie::cli {

// Every field of a refund: {"id","order","unit","lines":[{"person_id","person_name",
// "badge_type","fee","fee_fen"}],"amount","amount_fen","reason","automatic","state","method",
// "payment_id","idempotency_key","gateway_refund_id","payee_name","payee_account",
// "transfer_reference","invoice","red_form","red_invoice","reissued_invoice","last_error",
// "created_by","completed_by","created_at","updated_at","completed_at"}; completed_at null
// until completed.
nlohmann::json refund_json(const Refund& refund);
// "refund 3  awaiting_gateway" then order, unit, amount, method, reason, the invoice side, the
// gateway or transfer side, created/completed, the lines as a table (ID, NAME, BADGE, FEE), and
// what comes next (the command that moves it on).
std::string refund_text(const Refund& refund);
// ID, ORDER, UNIT, AMOUNT, METHOD, STATE, PERSONS, INVOICE, CREATED, LAST ERROR.
std::string refund_table(const std::vector<Refund>& refunds);

// {"ok":true,"refund":{…},"reversal":{"red_invoice","form","reissued"}|null}; reversal null
// when the order had no invoice.
nlohmann::json refund_outcome_json(const RefundOutcome& outcome);
// "requested refund 3 …", the refund, then what happened to the invoice.
std::string refund_outcome_text(const RefundOutcome& outcome);

}  // namespace ciie::cli
