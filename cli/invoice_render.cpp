// Text, JSON and CSV of invoice requests, invoices, confirmation forms and reversals.
#include "invoice_render.hpp"

#include "ciie/codes.hpp"

#include "order_render.hpp"
#include "person_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

void add_line(std::string& text, const std::string& label, const std::string& value) {
  if (value.empty()) return;
  // An empty label continues the line above.
  text += "  " + pad_to(label.empty() ? label : label + ":", 15) + value + "\n";
}

std::string indent(const std::string& block) {
  std::string text;
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size() - 1;
    text += "  " + block.substr(start, end - start + 1);
    start = end + 1;
  }
  return text;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

nlohmann::json optional_instant(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

// The printed name of an invoice type (INV-1).
std::string type_label(InvoiceType type) {
  return type == InvoiceType::kSpecial ? "电子发票（增值税专用发票）" : "电子发票（普通发票）";
}

// "138****5678, a***@example.com": where the electronic invoice goes, masked.
std::string delivery_text(const std::string& phone, const std::string& email) {
  std::string text = phone.empty() ? std::string() : codes::mask_phone(phone);
  if (!email.empty()) text += (text.empty() ? "" : ", ") + codes::mask_email(email);
  return text;
}

// "上海示例贸易有限公司 (taxpayer id 9131…)".
std::string party_text(const std::string& name, const std::string& taxpayer_id) {
  return or_dash(name) +
         (taxpayer_id.empty() ? std::string() : " (taxpayer id " + taxpayer_id + ")");
}

// The address, phone, bank and account of a party (printed on special invoices), on one line.
std::string party_details(const InvoiceParty& party) {
  std::string text;
  for (const std::string* part : {&party.address, &party.phone}) {
    if (!part->empty()) text += (text.empty() ? "" : " ") + *part;
  }
  std::string bank;
  for (const std::string* part : {&party.bank, &party.account}) {
    if (!part->empty()) bank += (bank.empty() ? "" : " ") + *part;
  }
  if (!bank.empty()) text += (text.empty() ? "" : "; ") + bank;
  return text;
}

std::string reason_text(const std::string& spelling) {
  const auto reason = parse_red_reason(spelling);
  if (!reason) return spelling;
  return spelling + " (" + std::string(chinese_name(*reason)) + ")";
}

// Quotes a CSV field when RFC 4180 requires it (a comma, a quote, CR or LF in it).
std::string csv_quoted(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += ',';
    row += fields[i];
  }
  return row + "\r\n";
}

}  // namespace

std::string tax_rate_text(int basis_points) {
  const bool negative = basis_points < 0;
  const int bp = negative ? -basis_points : basis_points;
  std::string text = std::to_string(bp / 100);
  int rest = bp % 100;
  if (rest != 0) {
    text += '.';
    text += static_cast<char>('0' + rest / 10);
    if (rest % 10 != 0) text += static_cast<char>('0' + rest % 10);
  }
  return (negative ? "-" : "") + text + "%";
}

std::string normalize_invoice_number(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

nlohmann::json invoice_request_json(const StoredInvoiceRequest& stored) {
  const InvoiceRequest& r = stored.request;
  return {{"order", r.order},
          {"unit", stored.unit},
          {"type", std::string(to_string(r.type))},
          {"title_kind", std::string(to_string(r.title_kind))},
          {"title", r.title},
          {"taxpayer_id", r.taxpayer_id},
          {"address", r.address},
          {"phone", r.phone},
          {"bank", r.bank},
          {"account", r.account},
          {"delivery_phone", r.delivery_phone.empty() ? "" : codes::mask_phone(r.delivery_phone)},
          {"delivery_email", r.delivery_email.empty() ? "" : codes::mask_email(r.delivery_email)},
          {"remark", r.remark},
          {"title_locked", stored.title_locked},
          {"requested_at", stored.requested_at.to_shanghai_string()},
          {"requested_by", stored.requested_by}};
}

std::string invoice_request_text(const StoredInvoiceRequest& stored) {
  const InvoiceRequest& r = stored.request;
  std::string text = "invoice request for order " + r.order + "  " +
                     std::string(to_string(r.type)) + " " + type_label(r.type) + ", " +
                     std::string(to_string(r.title_kind)) + "\n";
  add_line(text, "unit", stored.unit);
  add_line(text, "title",
           or_dash(r.title) +
               (stored.title_locked ? " (locked: the paying unit's, INV-3)" : std::string()));
  add_line(text, "taxpayer id", r.taxpayer_id);
  add_line(text, "address", r.address);
  add_line(text, "phone", r.phone);
  add_line(text, "bank", r.bank);
  add_line(text, "account", r.account);
  add_line(text, "delivery", delivery_text(r.delivery_phone, r.delivery_email));
  add_line(text, "remark", r.remark);
  add_line(text, "requested",
           stored.requested_at.to_shanghai_string() +
               (stored.requested_by.empty() ? std::string() : " by " + stored.requested_by));
  return text;
}

nlohmann::json invoice_doc_json(const Invoice& invoice) {
  nlohmann::json doc = nlohmann::json::parse(invoice_json(invoice));
  // Where the invoice is delivered is personal data, masked in all CLI output (cli.md); it is
  // not printed on the document itself.
  if (!invoice.delivery_phone.empty()) {
    doc["delivery_phone"] = codes::mask_phone(invoice.delivery_phone);
  }
  if (!invoice.delivery_email.empty()) {
    doc["delivery_email"] = codes::mask_email(invoice.delivery_email);
  }
  return doc;
}

std::string invoice_text(const Invoice& invoice) {
  std::string text = "invoice " + invoice.number + "  " + std::string(to_string(invoice.kind)) +
                     "  " + std::string(to_string(invoice.type)) + " " + type_label(invoice.type) +
                     "\n";
  add_line(text, "order", invoice.order);
  add_line(text, "unit", invoice.unit);
  add_line(text, "issued",
           invoice.issued_on.to_string() + " (" + invoice.issued_at.to_shanghai_string() +
               (invoice.issued_by.empty() ? std::string() : " by " + invoice.issued_by) + ")");
  add_line(text, "buyer",
           party_text(invoice.buyer.name, invoice.buyer.taxpayer_id) + ", " +
               std::string(to_string(invoice.title_kind)));
  add_line(text, "", party_details(invoice.buyer));
  add_line(text, "seller", party_text(invoice.seller.name, invoice.seller.taxpayer_id));
  add_line(text, "", party_details(invoice.seller));
  std::vector<std::vector<std::string>> rows{
      {"ITEM", "BADGE", "UNIT", "QTY", "PRICE", "AMOUNT", "RATE", "TAX", "GROSS"}};
  for (const InvoiceItem& item : invoice.items) {
    rows.push_back({item.name, item.badge_type, item.unit_of_measure, std::to_string(item.quantity),
                    yuan(item.unit_price), yuan(item.amount), tax_rate_text(item.tax_rate_bp),
                    yuan(item.tax), yuan(item.gross)});
  }
  text += indent(aligned_table(rows));
  add_line(text, "total",
           "amount " + yuan(invoice.amount_total) + ", tax " + yuan(invoice.tax_total));
  add_line(text, "gross", yuan(invoice.gross_total) + " yuan (" + invoice.gross_in_words + ")");
  add_line(text, "delivery", delivery_text(invoice.delivery_phone, invoice.delivery_email));
  add_line(text, "remark", invoice.remark);
  if (invoice.kind == InvoiceKind::kRed) {
    add_line(
        text, "refers to",
        or_dash(invoice.refers_to) + ", " + reason_text(invoice.red_reason) +
            (invoice.red_form != 0 ? ", form " + std::to_string(invoice.red_form) : std::string()));
  } else {
    std::string status = "buyer " + std::string(to_string(invoice.buyer_status));
    if (!invoice.reversed.is_zero()) status += ", reversed " + yuan(invoice.reversed) + " yuan";
    if (!is_valid_blue(invoice)) status += " (reversed in full)";
    add_line(text, "status", status);
    std::string reds;
    for (const std::string& red : invoice.red_invoices) reds += (reds.empty() ? "" : ", ") + red;
    add_line(text, "red invoices", reds);
  }
  return text;
}

std::string invoice_table(const std::vector<Invoice>& invoices) {
  std::vector<std::vector<std::string>> rows{{"NUMBER", "KIND", "TYPE", "ORDER", "UNIT", "ISSUED",
                                              "BUYER", "GROSS", "REVERSED", "BUYER STATUS"}};
  for (const Invoice& invoice : invoices) {
    const bool red = invoice.kind == InvoiceKind::kRed;
    rows.push_back(
        {invoice.number, std::string(to_string(invoice.kind)), std::string(to_string(invoice.type)),
         invoice.order, invoice.unit, invoice.issued_on.to_string(), invoice.buyer.name,
         yuan(invoice.gross_total), red ? "-" : yuan(invoice.reversed),
         red ? "refers to " + invoice.refers_to : std::string(to_string(invoice.buyer_status))});
  }
  return aligned_table(rows);
}

std::string csv_text_field(const std::string& text) {
  // OWASP's advice against formula injection: a cell that starts with one of these characters
  // may be taken for a formula by a spreadsheet; the apostrophe makes it text.
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return csv_quoted("'" + text);
  }
  return csv_quoted(text);
}

std::string invoice_csv(const std::vector<Invoice>& invoices) {
  std::string csv =
      csv_row({"number", "kind", "type", "order", "unit", "issued_on", "buyer", "taxpayer_id",
               "amount", "tax", "gross", "refers_to", "buyer_status", "reversed"});
  for (const Invoice& invoice : invoices) {
    // Amounts are Money::to_string (-?digits.dd): numbers, not text from outside.
    csv += csv_row(
        {csv_text_field(invoice.number), csv_text_field(std::string(to_string(invoice.kind))),
         csv_text_field(std::string(to_string(invoice.type))), csv_text_field(invoice.order),
         csv_text_field(invoice.unit), csv_text_field(invoice.issued_on.to_string()),
         csv_text_field(invoice.buyer.name), csv_text_field(invoice.buyer.taxpayer_id),
         yuan(invoice.amount_total), yuan(invoice.tax_total), yuan(invoice.gross_total),
         csv_text_field(invoice.refers_to),
         csv_text_field(invoice.kind == InvoiceKind::kRed
                            ? std::string()
                            : std::string(to_string(invoice.buyer_status))),
         yuan(invoice.reversed)});
  }
  return csv;
}

nlohmann::json red_form_json(const RedForm& form) {
  return {{"id", form.id},
          {"invoice", form.invoice},
          {"order", form.order},
          {"unit", form.unit},
          {"reason", std::string(to_string(form.reason))},
          {"partial", form.partial},
          {"amount", yuan(form.amount)},
          {"amount_fen", form.amount.fen()},
          {"persons", form.persons},
          {"state", std::string(to_string(form.state))},
          {"raised_at", form.raised_at.to_shanghai_string()},
          {"expires_at", form.expires_at.to_shanghai_string()},
          {"decided_at", optional_instant(form.decided_at)},
          {"raised_by", form.raised_by},
          {"decided_by", form.decided_by},
          {"note", form.note},
          {"red_invoice", form.red_invoice},
          {"refund", form.refund}};
}

std::string red_form_text(const RedForm& form) {
  std::string text = "red-letter confirmation form " + std::to_string(form.id) + "  " +
                     std::string(to_string(form.state)) + "\n";
  add_line(text, "invoice", form.invoice);
  add_line(text, "order", form.order);
  add_line(text, "unit", form.unit);
  add_line(text, "reason", reason_text(std::string(to_string(form.reason))));
  add_line(text, "amount", yuan(form.amount) + " yuan" + (form.partial ? " (partial)" : ""));
  if (!form.persons.empty()) add_line(text, "persons", ids_text(form.persons));
  add_line(text, "raised",
           form.raised_at.to_shanghai_string() +
               (form.raised_by.empty() ? std::string() : " by " + form.raised_by));
  if (form.state == RedFormState::kPending) {
    add_line(text, "expires",
             form.expires_at.to_shanghai_string() + " unless the buyer confirms it");
  } else if (form.decided_at) {
    add_line(text, std::string(to_string(form.state)),
             form.decided_at->to_shanghai_string() +
                 (form.decided_by.empty() ? std::string() : " by " + form.decided_by));
  } else {
    add_line(text, std::string(to_string(form.state)), form.expires_at.to_shanghai_string());
  }
  add_line(text, "note", form.note);
  add_line(text, "red invoice", form.red_invoice);
  if (form.refund != 0) add_line(text, "refund", std::to_string(form.refund) + " waits for it");
  return text;
}

std::string red_form_table(const std::vector<RedForm>& forms) {
  std::vector<std::vector<std::string>> rows{
      {"ID", "INVOICE", "ORDER", "UNIT", "REASON", "AMOUNT", "STATE", "RAISED", "EXPIRES"}};
  for (const RedForm& form : forms) {
    rows.push_back(
        {std::to_string(form.id), form.invoice, form.order, form.unit,
         std::string(to_string(form.reason)), yuan(form.amount), std::string(to_string(form.state)),
         form.raised_at.to_shanghai_string(),
         form.state == RedFormState::kPending ? form.expires_at.to_shanghai_string() : "-"});
  }
  return aligned_table(rows);
}

nlohmann::json reversal_json(const ReversalOutcome& outcome) {
  auto doc = [](const std::optional<Invoice>& invoice) {
    return invoice ? invoice_doc_json(*invoice) : nlohmann::json(nullptr);
  };
  return {{"red_invoice", doc(outcome.red_invoice)},
          {"form", outcome.form ? red_form_json(*outcome.form) : nlohmann::json(nullptr)},
          {"reissued", doc(outcome.reissued)}};
}

std::string reversal_text(const ReversalOutcome& outcome) {
  std::string text;
  if (outcome.form && !outcome.red_invoice) {
    const RedForm& form = *outcome.form;
    text += "raised red-letter confirmation form " + std::to_string(form.id) + " for invoice " +
            form.invoice + " (" + yuan(form.amount) + " yuan): the buyer had booked it\n";
    if (form.state == RedFormState::kPending) {
      text += "  the buyer confirms it by " + form.expires_at.to_shanghai_string() +
              ": ciie invoice confirm-redform " + std::to_string(form.id) + "\n";
    }
  }
  if (outcome.red_invoice) {
    const Invoice& red = *outcome.red_invoice;
    text += "issued red invoice " + red.number + " (" + yuan(red.gross_total) +
            " yuan) reversing " + red.refers_to +
            (outcome.form ? " (form " + std::to_string(outcome.form->id) + " confirmed)"
                          : std::string()) +
            "\n";
    text += indent(invoice_text(red));
  }
  if (outcome.reissued) {
    const Invoice& blue = *outcome.reissued;
    text += "issued blue invoice " + blue.number + " (" + yuan(blue.gross_total) +
            " yuan) for what remains paid (INV-8)\n";
    text += indent(invoice_text(blue));
  }
  return text;
}

}  // namespace ciie::cli
