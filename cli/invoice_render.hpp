// How invoices (INV-1..8) look on the command line: the stored request, the issued document as a
// text summary (the JSON and the HTML of the document are the library's: invoice_json,
// invoice_html), a list as a table or as CSV, red-letter confirmation forms and what a reversal
// did. Money as in order_render.hpp: yuan with two decimals, plus `*_fen` integers in JSON.
// Delivery phones and e-mail addresses are personal data and masked (cli.md); the buyer's and
// seller's address, phone, bank and account are the parties' own, printed on the document.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/invoice.hpp"

namespace ciie::cli {

// {"order","unit","type","title_kind","title","taxpayer_id","address","phone","bank","account",
// "delivery_phone","delivery_email","remark","title_locked","requested_at","requested_by"};
// the delivery phone and e-mail masked.
nlohmann::json invoice_request_json(const StoredInvoiceRequest& stored);
// "invoice request for order V…  normal, unit" then the buyer's fields one per line, and
// "(title locked: the paying unit's, INV-3)" when it is.
std::string invoice_request_text(const StoredInvoiceRequest& stored);

// The document and its status: ciie::invoice_json parsed, so that it nests in a reply, with the
// delivery phone and e-mail masked.
nlohmann::json invoice_doc_json(const Invoice& invoice);
// "invoice NUMBER  blue  normal 电子发票（普通发票）", then order, unit, issue date, buyer,
// seller, the items as a table (ITEM, BADGE, UNIT, QTY, PRICE, AMOUNT, RATE, TAX, GROSS), the
// totals with 大写, delivery, remark, and the status: buyer confirmation, what red invoices
// reversed (a blue invoice) or which blue one it reverses and why (a red one).
std::string invoice_text(const Invoice& invoice);
// NUMBER, KIND, TYPE, ORDER, UNIT, ISSUED, BUYER, GROSS, REVERSED, BUYER STATUS.
std::string invoice_table(const std::vector<Invoice>& invoices);
// RFC 4180 CSV with a header row: number, kind, type, order, unit, issued_on, buyer,
// taxpayer_id, amount, tax, gross, refers_to, buyer_status, reversed; CRLF line ends, fields
// quoted when they hold a comma, a quote, CR or LF. Against CSV injection every text field that
// starts with = + - @ TAB or CR gets a leading apostrophe; the four amount columns are numbers
// this function writes itself ("-200.00"), never text from outside, and are left as numbers so
// that a spreadsheet can sum them.
std::string invoice_csv(const std::vector<Invoice>& invoices);
// One CSV field as invoice_csv writes a text field: neutralised, then quoted when needed.
std::string csv_text_field(const std::string& text);

// Every field of a form; instants in Asia/Shanghai, decided_at null while undecided.
nlohmann::json red_form_json(const RedForm& form);
// "red-letter confirmation form 3  pending" then invoice, order, unit, reason, amount, persons,
// raised (by whom), the 72-hour deadline or the decision, note, red invoice, refund.
std::string red_form_text(const RedForm& form);
// ID, INVOICE, ORDER, UNIT, REASON, AMOUNT, STATE, RAISED, EXPIRES.
std::string red_form_table(const std::vector<RedForm>& forms);

// {"red_invoice":{…}|null,"form":{…}|null,"reissued":{…}|null}.
nlohmann::json reversal_json(const ReversalOutcome& outcome);
// What a reversal did, for people: "issued red invoice N (-300.00 yuan) reversing B" with its
// summary, or "raised red-letter confirmation form 3 …: the buyer confirms it by TIME", then the
// reissued invoice, if any. Empty when the outcome is empty.
std::string reversal_text(const ReversalOutcome& outcome);

// "600" basis points → "6%", "150" → "1.5%", "1300" → "13%".
std::string tax_rate_text(int basis_points);

// An invoice number as typed: surrounding spaces dropped.
std::string normalize_invoice_number(const std::string& text);

}  // namespace ciie::cli
