// Invoice steps shared by the invoice and refund use cases; see invoice_flow.hpp.
#include "registry/invoice_flow.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "ciie/codes.hpp"
#include "invoice/invoice_items.hpp"
#include "registry/refund_flow.hpp"

namespace ciie::registry {
namespace {

Status required(const std::string& value, const std::string& field, const std::string& why) {
  if (!value.empty()) return Status::ok();
  return Status::refused("invoice.field_required", field + " is required: " + why + " (INV-2)")
      .in_field(field);
}

// Collapses runs of white space and trims, so that a payer name typed by a bank and a title
// typed by a person compare as the same text.
std::string squeeze(const std::string& text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool locks_title(PaymentMethod method) {
  return method == PaymentMethod::kB2b || method == PaymentMethod::kTransfer;
}

// The lines of an order that no refund took out, with a fee.
std::vector<OrderLine> chargeable_lines(const Order& order) {
  std::vector<OrderLine> lines;
  for (const OrderLine& line : order.lines) {
    if (line.refund == 0 && !line.fee.is_zero()) lines.push_back(line);
  }
  return lines;
}

Invoice document_for(const Options& options, const Actor& actor, const Order& order,
                     InvoiceKind kind) {
  Invoice doc;
  doc.kind = kind;
  doc.order = order.number;
  doc.unit = order.unit;
  doc.edition = order.edition;
  doc.issued_at = options.clock->now();
  doc.issued_on = doc.issued_at.shanghai_date();
  const SellerRules& seller = options.rules.invoice.seller;
  doc.seller = {seller.name, seller.taxpayer_id, seller.address,
                seller.phone, seller.bank,       seller.account};
  doc.issued_by = actor.to_string();
  return doc;
}

nlohmann::json invoice_details(const Invoice& invoice) {
  nlohmann::json details = {{"order", invoice.order},
                            {"unit", invoice.unit},
                            {"kind", to_string(invoice.kind)},
                            {"gross_fen", invoice.gross_total.fen()},
                            {"buyer", invoice.buyer.name},
                            {"platform", invoice.platform}};
  if (!invoice.refers_to.empty()) details["refers_to"] = invoice.refers_to;
  if (!invoice.red_reason.empty()) details["reason"] = invoice.red_reason;
  return details;
}

// Issues a red invoice reversing the `persons` of `blue`.
Result<Invoice> issue_red(store::Store& store, const Options& options, invoice::Platform& platform,
                          const Actor& actor, const Invoice& blue, RedReason reason,
                          const std::vector<std::int64_t>& persons, std::int64_t form) {
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(blue.order));
  if (!order) return Status::internal("an invoiced order vanished");
  const std::set<std::int64_t> chosen(persons.begin(), persons.end());
  std::vector<OrderLine> lines;
  for (const OrderLine& line : order->lines) {
    if (chosen.count(line.person_id) != 0 && !line.fee.is_zero()) lines.push_back(line);
  }
  Invoice red = document_for(options, actor, *order, InvoiceKind::kRed);
  red.type = blue.type;
  red.title_kind = blue.title_kind;
  red.buyer = blue.buyer;  // the red invoice names the blue one's buyer, whatever changed since
  red.delivery_phone = blue.delivery_phone;
  red.delivery_email = blue.delivery_email;
  red.refers_to = blue.number;
  red.red_reason = std::string(to_string(reason));
  red.red_form = form;
  red.remark = "被红冲蓝字数电发票号码：" + blue.number + "；红冲原因：" +
               std::string(chinese_name(reason));
  red.items = invoice::build_items(lines, options.rules.invoice, /*negate=*/true);
  invoice::fill_totals(red);
  if (red.gross_total.fen() >= 0) {
    return Status::refused("invoice.reversed", "nothing of invoice " + blue.number +
                                                   " is left to reverse for those persons");
  }
  CIIE_RETURN_IF_ERROR(platform.prepare(red));
  CIIE_RETURN_IF_ERROR(platform.issue(red));
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "invoice.issue_red",
                                     "invoice:" + red.number, invoice_details(red)));
  return red;
}

// What follows a red invoice: the refunds waiting for the reversal of `blue` go on, and when the
// blue invoice is now reversed in full and one of them waited, a new blue invoice covers what
// remains paid (INV-8).
Status after_red(store::Store& store, const Options& options, invoice::Platform& platform,
                 const Actor& actor, const Invoice& blue, ReversalOutcome& outcome) {
  CIIE_ASSIGN_OR_RETURN(const auto after, store.find_invoice(blue.number));
  if (!after) return Status::internal("a reversed invoice vanished");
  RefundFilter waiting;
  waiting.order = blue.order;
  waiting.state = RefundState::kAwaitingReversal;
  CIIE_ASSIGN_OR_RETURN(const auto refunds, store.list_refunds(waiting));
  if (refunds.empty()) return Status::ok();
  CIIE_ASSIGN_OR_RETURN(const auto still_invoiced, unreversed_persons(store, *after));
  std::optional<Invoice> reissued;
  if (!is_valid_blue(*after)) {
    CIIE_ASSIGN_OR_RETURN(const auto request, store.find_invoice_request(blue.order));
    CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(blue.order));
    if (request && order && !chargeable_lines(*order).empty()) {
      CIIE_ASSIGN_OR_RETURN(reissued,
                            issue_blue(store, options, platform, actor, *order, *request));
      outcome.reissued = reissued;
    }
  }
  const std::string red_number = outcome.red_invoice ? outcome.red_invoice->number : "";
  for (const Refund& refund : refunds) {
    const bool covered = std::none_of(
        refund.lines.begin(), refund.lines.end(), [&](const RefundLine& line) {
          return std::find(still_invoiced.begin(), still_invoiced.end(), line.person_id) !=
                 still_invoiced.end();
        });
    if (!covered) continue;
    CIIE_RETURN_IF_ERROR(reversal_done(store, options, actor, refund, red_number,
                                       reissued ? reissued->number : ""));
  }
  return Status::ok();
}

}  // namespace

Result<std::optional<Payment>> confirmed_payment(store::Store& store, const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(const auto payments, store.list_payments(order));
  for (const Payment& payment : payments) {
    if (payment.state == PaymentState::kConfirmed) return std::optional<Payment>(payment);
  }
  return std::optional<Payment>();
}

Result<StoredInvoiceRequest> judge_request(const Unit& unit,
                                           const std::optional<Payment>& payment,
                                           const std::optional<StoredInvoiceRequest>& previous,
                                           InvoiceRequest request) {
  StoredInvoiceRequest stored;
  stored.unit = unit.account;
  request.title = squeeze(request.title);
  request.taxpayer_id = codes::normalize(request.taxpayer_id);
  if (request.type == InvoiceType::kSpecial && request.title_kind == TitleKind::kIndividual) {
    return Status::refused("invoice.special_individual",
                           "a special VAT invoice cannot be issued to an individual (INV-2)")
        .in_field("title_kind");
  }
  if (request.title_kind == TitleKind::kUnit) {
    const bool locked = payment && locks_title(payment->method);
    if (locked) {
      // INV-3: the paying unit's name; its taxpayer id is the unit's own USCC when the unit paid
      // itself, else the first request's, kept by every later one.
      const std::string payer = squeeze(payment->payer_name);
      std::string taxpayer = payer == squeeze(unit.name) ? unit.uscc : std::string();
      if (taxpayer.empty() && previous && previous->title_locked) {
        taxpayer = previous->request.taxpayer_id;
      }
      if (!request.title.empty() && request.title != payer) {
        return Status::refused("invoice.title_locked",
                               "the order was paid by " + std::string(to_string(payment->method)) +
                                   " from " + payer + ": the invoice title is the paying unit's "
                                   "and cannot be changed (INV-3)")
            .in_field("title");
      }
      if (!taxpayer.empty() && !request.taxpayer_id.empty() && request.taxpayer_id != taxpayer) {
        return Status::refused("invoice.title_locked",
                               "the taxpayer id is the paying unit's (" + taxpayer +
                                   ") and cannot be changed (INV-3)")
            .in_field("taxpayer_id");
      }
      request.title = payer;
      if (!taxpayer.empty()) request.taxpayer_id = taxpayer;
      stored.title_locked = true;
    } else if (request.title.empty()) {
      request.title = unit.name;  // after a QR payment the unit chooses; by default itself
      if (request.taxpayer_id.empty()) request.taxpayer_id = unit.uscc;
    }
    const bool own_title = request.title == squeeze(unit.name);
    const bool enterprise_title = !own_title || unit.category == UnitCategory::kEnterprise;
    if (enterprise_title || request.type == InvoiceType::kSpecial) {
      CIIE_RETURN_IF_ERROR(required(request.taxpayer_id, "taxpayer_id",
                                    "an enterprise title and a special invoice need the "
                                    "buyer's taxpayer id"));
    }
    if (!request.taxpayer_id.empty()) {
      const auto checked = codes::check_uscc(request.taxpayer_id);
      if (!checked.is_ok()) {
        return Status::refused("invoice.taxpayer_id",
                               "taxpayer id " + request.taxpayer_id + " is not a valid unified "
                               "social credit code: " + checked.status().message())
            .in_field("taxpayer_id");
      }
    }
  } else {
    CIIE_RETURN_IF_ERROR(required(request.title, "title", "an individual's invoice names them"));
    request.taxpayer_id.clear();
  }
  if (request.type == InvoiceType::kSpecial) {
    const std::string why = "a special VAT invoice records the buyer's address, phone, bank "
                            "and account";
    CIIE_RETURN_IF_ERROR(required(request.address, "address", why));
    CIIE_RETURN_IF_ERROR(required(request.phone, "phone", why));
    CIIE_RETURN_IF_ERROR(required(request.bank, "bank", why));
    CIIE_RETURN_IF_ERROR(required(request.account, "account", why));
  }
  if (request.delivery_phone.empty() && request.delivery_email.empty()) {
    return Status::refused("invoice.field_required",
                           "a delivery phone or e-mail for the electronic invoice is required "
                           "(INV-2)")
        .in_field("delivery_email");
  }
  if (!request.delivery_phone.empty()) {
    CIIE_ASSIGN_OR_RETURN(const auto phone, codes::check_phone(request.delivery_phone));
    request.delivery_phone = phone.number;
  }
  if (!request.delivery_email.empty()) {
    CIIE_ASSIGN_OR_RETURN(request.delivery_email, codes::check_email(request.delivery_email));
  }
  stored.request = std::move(request);
  return stored;
}

Result<Invoice> issue_blue(store::Store& store, const Options& options, invoice::Platform& platform,
                           const Actor& actor, const Order& order,
                           const StoredInvoiceRequest& stored) {
  CIIE_ASSIGN_OR_RETURN(const auto existing, store.valid_blue_invoice(order.number));
  if (existing) {
    return Status::conflict("invoice.exists", "order " + order.number + " has invoice " +
                                                  existing->number +
                                                  " already; reverse it first (INV-5)");
  }
  const InvoiceRequest& request = stored.request;
  Invoice blue = document_for(options, actor, order, InvoiceKind::kBlue);
  blue.type = request.type;
  blue.title_kind = request.title_kind;
  blue.buyer = {request.title, request.taxpayer_id, request.address,
                request.phone, request.bank,        request.account};
  blue.delivery_phone = request.delivery_phone;
  blue.delivery_email = request.delivery_email;
  blue.remark = request.remark;
  blue.items = invoice::build_items(chargeable_lines(order), options.rules.invoice, false);
  invoice::fill_totals(blue);
  if (blue.gross_total.fen() <= 0) {
    return Status::refused("invoice.nothing", "order " + order.number +
                                                  " has nothing left to invoice");
  }
  CIIE_RETURN_IF_ERROR(platform.issue(blue));
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "invoice.issue",
                                     "invoice:" + blue.number, invoice_details(blue)));
  return blue;
}

Result<std::vector<std::int64_t>> unreversed_persons(store::Store& store, const Invoice& blue) {
  std::set<std::int64_t> reversed;
  for (const std::string& number : blue.red_invoices) {
    CIIE_ASSIGN_OR_RETURN(const auto red, store.find_invoice(number));
    if (!red) continue;
    for (const InvoiceItem& item : red->items) reversed.insert(item.persons.begin(), item.persons.end());
  }
  std::vector<std::int64_t> persons;
  for (const InvoiceItem& item : blue.items) {
    for (const std::int64_t person : item.persons) {
      if (reversed.count(person) == 0) persons.push_back(person);
    }
  }
  return persons;
}

Result<ReversalOutcome> reverse(store::Store& store, const Options& options,
                                invoice::Platform& platform, const Actor& actor,
                                const Invoice& blue, const ReversalRequest& request,
                                std::int64_t refund) {
  if (blue.kind != InvoiceKind::kBlue) {
    return Status::refused("invoice.not_blue", "invoice " + blue.number +
                                                   " is red: only a blue invoice is reversed");
  }
  if (!is_valid_blue(blue)) {
    return Status::refused("invoice.reversed", "invoice " + blue.number +
                                                   " is reversed in full already");
  }
  CIIE_ASSIGN_OR_RETURN(const auto remaining, unreversed_persons(store, blue));
  std::vector<std::int64_t> persons = request.persons;
  std::sort(persons.begin(), persons.end());
  persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
  for (const std::int64_t person : persons) {
    if (std::find(remaining.begin(), remaining.end(), person) == remaining.end()) {
      return Status::refused("redform.persons", "person " + std::to_string(person) +
                                                    " is not on invoice " + blue.number +
                                                    ", or was reversed already")
          .in_field("persons");
    }
  }
  const bool partial = !persons.empty() && persons.size() < remaining.size();
  if (!partial) persons = remaining;
  if (partial && !allows_partial(request.reason)) {
    return Status::refused("redform.partial",
                           "an invoicing error (开票有误) is reversed in full, never in part (INV-7)")
        .in_field("persons");
  }
  const bool booked = blue.buyer_status == BuyerStatus::kBooked;
  if (partial && !booked) {
    return Status::refused("redform.partial",
                           "the buyer has not confirmed or booked invoice " + blue.number +
                               ": it can only be reversed in full (INV-7)")
        .in_field("persons");
  }
  ReversalOutcome outcome;
  if (!booked) {
    CIIE_ASSIGN_OR_RETURN(outcome.red_invoice, issue_red(store, options, platform, actor, blue,
                                                         request.reason, persons, 0));
    CIIE_RETURN_IF_ERROR(after_red(store, options, platform, actor, blue, outcome));
    return outcome;
  }
  RedFormFilter pending;
  pending.invoice = blue.number;
  pending.state = RedFormState::kPending;
  CIIE_ASSIGN_OR_RETURN(const auto waiting, store.list_red_forms(pending));
  if (!waiting.empty()) {
    return Status::conflict("redform.pending", "confirmation form " +
                                                   std::to_string(waiting.front().id) +
                                                   " for invoice " + blue.number +
                                                   " waits for the buyer already");
  }
  RedForm form;
  form.invoice = blue.number;
  form.order = blue.order;
  form.unit = blue.unit;
  form.reason = request.reason;
  form.partial = partial;
  form.persons = persons;
  CIIE_ASSIGN_OR_RETURN(const auto order, store.find_order(blue.order));
  if (!order) return Status::internal("an invoiced order vanished");
  std::int64_t amount = 0;
  for (const OrderLine& line : order->lines) {
    if (std::find(persons.begin(), persons.end(), line.person_id) != persons.end()) {
      amount += line.fee.fen();
    }
  }
  form.amount = Money::from_fen(amount);
  form.raised_at = options.clock->now();
  form.expires_at = form.raised_at.plus_seconds(kRedFormSeconds);
  form.raised_by = actor.to_string();
  form.note = request.note;
  form.refund = refund;
  CIIE_RETURN_IF_ERROR(store.insert_red_form(form));
  CIIE_RETURN_IF_ERROR(audit::record(
      store, *options.clock, actor, "redform.raise", "redform:" + std::to_string(form.id),
      {{"invoice", blue.number},
       {"reason", to_string(form.reason)},
       {"partial", form.partial},
       {"amount_fen", form.amount.fen()},
       {"expires_at", form.expires_at.to_utc_string()},
       {"refund", refund}}));
  outcome.form = form;
  return outcome;
}

Result<ReversalOutcome> confirm_form(store::Store& store, const Options& options,
                                     invoice::Platform& platform, const Actor& actor,
                                     RedForm form) {
  CIIE_ASSIGN_OR_RETURN(const auto blue, store.find_invoice(form.invoice));
  if (!blue) return Status::internal("a confirmation form's invoice vanished");
  ReversalOutcome outcome;
  CIIE_ASSIGN_OR_RETURN(outcome.red_invoice, issue_red(store, options, platform, actor, *blue,
                                                       form.reason, form.persons, form.id));
  form.state = RedFormState::kConfirmed;
  form.decided_at = options.clock->now();
  form.decided_by = actor.to_string();
  form.red_invoice = outcome.red_invoice->number;
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.update_red_form(form));
  if (!changed) {
    return Status::conflict("redform.not_pending",
                            "form " + std::to_string(form.id) + " was decided meanwhile");
  }
  CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, actor, "redform.confirm",
                                     "redform:" + std::to_string(form.id),
                                     {{"invoice", form.invoice},
                                      {"red_invoice", form.red_invoice}}));
  CIIE_RETURN_IF_ERROR(after_red(store, options, platform, actor, *blue, outcome));
  outcome.form = form;
  return outcome;
}

Status expire_due_forms(store::Store& store, const Options& options, std::int64_t only) {
  const Instant now = options.clock->now();
  std::vector<std::int64_t> due;
  if (only != 0) {
    due.push_back(only);
  } else {
    CIIE_ASSIGN_OR_RETURN(due, store.due_red_forms(now, 1000));
  }
  for (const std::int64_t id : due) {
    CIIE_ASSIGN_OR_RETURN(auto form, store.find_red_form(id));
    if (!form || form->state != RedFormState::kPending || form->expires_at > now) continue;
    form->state = RedFormState::kExpired;
    form->decided_at = now;
    form->decided_by = "clock";
    CIIE_ASSIGN_OR_RETURN(const bool changed, store.update_red_form(*form));
    if (!changed) continue;
    CIIE_RETURN_IF_ERROR(audit::record(store, *options.clock, Actor::organizer(),
                                       "redform.expire", "redform:" + std::to_string(id),
                                       {{"invoice", form->invoice},
                                        {"expires_at", form->expires_at.to_utc_string()}}));
  }
  return Status::ok();
}

}  // namespace ciie::registry
