// `ciie invoice request|issue|show|list|booked|reverse|confirm-redform|redforms`: electronic
// invoices (INV-1..8). A unit asks for the invoice of a paid order (the title is the paying
// unit's after a b2b or transfer payment, INV-3) and has it issued; `show` prints the document,
// also as JSON and as a printable HTML page; finance records whether the buyer booked it, and
// reverses it: a red invoice at once, or a red-letter confirmation form the buyer confirms
// within 72 hours (`confirm-redform`).
#include <filesystem>
#include <fstream>

#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "invoice_render.hpp"
#include "order_render.hpp"
#include "person_render.hpp"

namespace ciie::cli {
namespace {

struct InvoiceArgs {
  // request
  std::string order;
  std::string type;
  std::string title_kind = "unit";
  InvoiceRequest request;  // the free-text fields, straight from their options
  bool issue = false;
  // show, booked, reverse
  std::string number;
  std::string html;
  bool force = false;
  bool unconfirmed = false;
  std::string reason;
  std::vector<std::string> persons;
  std::string note;
  // confirm-redform
  std::int64_t form_id = 0;
  bool refuse = false;
  bool withdraw = false;
  // list, redforms
  std::string unit;
  std::string kind;
  std::string from;
  std::string to;
  std::string state;
  std::string invoice;
  int limit = 1000;
  bool csv = false;
};

Result<Date> parse_date_option(const std::string& text, const std::string& option) {
  auto date = Date::parse(text);
  if (!date.is_ok()) {
    return Status(date.status().code(), date.status().reason(),
                  option + ": " + date.status().message() + " (YYYY-MM-DD)");
  }
  return *date;
}

std::string unit_or_empty(const std::string& account) {
  return account.empty() ? std::string() : codes::normalize(account);
}

// Where `invoice show --html FILE` may write: FILE's directory exists, FILE is not a directory,
// and an existing FILE is replaced only with --force. Checked before the store is opened, so a
// refusal changes nothing and costs nothing. Errors: usage, output.exists.
Status check_html_path(const std::string& path, bool force) {
  if (path.empty()) return Status::invalid_input("usage", "--html needs a file name ('-': stdout)");
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Status::invalid_input(
        "usage", "cannot write the invoice to '" + path + "': no directory '" + dir.string() + "'");
  }
  if (std::filesystem::is_directory(path, error)) {
    return Status::invalid_input("usage",
                                 "cannot write the invoice to '" + path + "': it is a directory");
  }
  if (!force && std::filesystem::exists(path, error)) {
    return Status::conflict("output.exists", "'" + path + "' exists: --force replaces it")
        .with_detail("file", path);
  }
  return Status::ok();
}

Status write_html(const std::string& path, const std::string& html) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) file.write(html.data(), static_cast<std::streamsize>(html.size()));
  file.close();
  if (!file) {
    return Status::storage("output.write", "cannot write the invoice to '" + path + "'")
        .with_detail("file", path);
  }
  return Status::ok();
}

int print_invoice(Context& ctx, const Invoice& invoice, const std::string& prefix) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"invoice", invoice_doc_json(invoice)}});
  } else {
    ctx.out().text(prefix + invoice_text(invoice));
  }
  return kExitOk;
}

Result<InvoiceRequest> build_request(const InvoiceArgs& args) {
  InvoiceRequest request = args.request;
  request.order = normalize_order_number(args.order);
  const auto type = parse_invoice_type(args.type);
  if (!type) {
    return Status::invalid_input("usage", "unknown --type '" + args.type + "' (normal or special)");
  }
  request.type = *type;
  const auto kind = parse_title_kind(args.title_kind);
  if (!kind) {
    return Status::invalid_input(
        "usage", "unknown --title-kind '" + args.title_kind + "' (unit or individual)");
  }
  request.title_kind = *kind;
  return request;
}

int run_request(Context& ctx, const InvoiceArgs& args) {
  auto request = build_request(args);
  if (!request.is_ok()) return ctx.fail(request.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto stored = session->registry->request_invoice(session->actor, *request);
  if (!stored.is_ok()) return ctx.fail(stored.status());
  if (!args.issue) {
    if (ctx.out().json_mode()) {
      ctx.out().json({{"ok", true}, {"request", invoice_request_json(*stored)}});
    } else {
      ctx.out().text("recorded " + invoice_request_text(*stored) + "issue it: ciie invoice issue " +
                     stored->request.order + "\n");
    }
    return kExitOk;
  }
  auto invoice = session->registry->issue_invoice(session->actor, stored->request.order);
  if (!invoice.is_ok()) {
    // The request stands: say so, so that only `invoice issue` is left to run.
    Status failed = invoice.status();
    failed.with_detail("request", "recorded");
    if (!ctx.out().json_mode()) ctx.out().text("recorded " + invoice_request_text(*stored));
    return ctx.fail(failed);
  }
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"request", invoice_request_json(*stored)},
                    {"invoice", invoice_doc_json(*invoice)}});
    return kExitOk;
  }
  ctx.out().text("recorded " + invoice_request_text(*stored) + "issued " + invoice_text(*invoice));
  return kExitOk;
}

int run_show_request(Context& ctx, const InvoiceArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string order = normalize_order_number(args.order);
  auto stored = session->registry->invoice_request(session->actor, order);
  if (!stored.is_ok()) return ctx.fail(stored.status());
  if (!stored->has_value()) {
    return ctx.fail(Status::refused("invoice.not_requested",
                                    "order " + order + " has no invoice request")
                        .in_field("order"));
  }
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"request", invoice_request_json(**stored)}});
  } else {
    ctx.out().text(invoice_request_text(**stored));
  }
  return kExitOk;
}

int run_issue(Context& ctx, const InvoiceArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto invoice =
      session->registry->issue_invoice(session->actor, normalize_order_number(args.order));
  if (!invoice.is_ok()) return ctx.fail(invoice.status());
  return print_invoice(ctx, *invoice, "issued ");
}

int run_show(Context& ctx, const InvoiceArgs& args) {
  const bool to_stdout = args.html == "-";
  if (args.force && args.html.empty()) {
    return ctx.fail(Status::invalid_input("usage", "--force goes with --html FILE"));
  }
  if (to_stdout && ctx.out().json_mode()) {
    return ctx.fail(Status::invalid_input(
        "usage", "--html - writes the page to stdout, which --json keeps for its one document"));
  }
  if (!args.html.empty() && !to_stdout) {
    if (Status path = check_html_path(args.html, args.force); !path.is_ok()) {
      return ctx.fail(path);
    }
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto invoice = session->registry->invoice(session->actor, normalize_invoice_number(args.number));
  if (!invoice.is_ok()) return ctx.fail(invoice.status());
  if (to_stdout) {
    ctx.out().text(invoice_html(*invoice));
    return kExitOk;
  }
  if (!args.html.empty()) {
    if (Status written = write_html(args.html, invoice_html(*invoice)); !written.is_ok()) {
      return ctx.fail(written);
    }
  }
  if (ctx.out().json_mode()) {
    nlohmann::json doc = {{"ok", true}, {"invoice", invoice_doc_json(*invoice)}};
    if (!args.html.empty()) doc["html"] = args.html;
    ctx.out().json(doc);
    return kExitOk;
  }
  std::string text = invoice_text(*invoice);
  if (!args.html.empty()) text += "HTML written to " + args.html + "\n";
  ctx.out().text(text);
  return kExitOk;
}

int run_list(Context& ctx, const InvoiceArgs& args) {
  if (args.csv && ctx.out().json_mode()) {
    return ctx.fail(Status::invalid_input("usage", "--csv and --json are two formats: pick one"));
  }
  InvoiceFilter filter;
  filter.unit = unit_or_empty(args.unit);
  filter.order = args.order.empty() ? std::string() : normalize_order_number(args.order);
  if (!args.kind.empty()) {
    if (args.kind == to_string(InvoiceKind::kBlue)) {
      filter.kind = InvoiceKind::kBlue;
    } else if (args.kind == to_string(InvoiceKind::kRed)) {
      filter.kind = InvoiceKind::kRed;
    } else {
      return ctx.fail(
          Status::invalid_input("usage", "unknown --kind '" + args.kind + "' (blue or red)"));
    }
  }
  if (!args.from.empty()) {
    auto from = parse_date_option(args.from, "--from");
    if (!from.is_ok()) return ctx.fail(from.status());
    filter.issued_from = *from;
  }
  if (!args.to.empty()) {
    auto to = parse_date_option(args.to, "--to");
    if (!to.is_ok()) return ctx.fail(to.status());
    filter.issued_to = *to;
  }
  filter.limit = args.limit;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto invoices = session->registry->invoices(session->actor, filter);
  if (!invoices.is_ok()) return ctx.fail(invoices.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Invoice& invoice : *invoices) list.push_back(invoice_doc_json(invoice));
    ctx.out().json({{"ok", true}, {"invoices", list}});
    return kExitOk;
  }
  if (args.csv) {
    ctx.out().text(invoice_csv(*invoices));  // the header row even when nothing matches
    return kExitOk;
  }
  if (invoices->empty()) {
    ctx.out().note("no invoices match\n");
    return kExitOk;
  }
  ctx.out().text(invoice_table(*invoices));
  return kExitOk;
}

int run_booked(Context& ctx, const InvoiceArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const BuyerStatus status = args.unconfirmed ? BuyerStatus::kUnconfirmed : BuyerStatus::kBooked;
  auto invoice = session->registry->set_buyer_status(session->actor,
                                                     normalize_invoice_number(args.number), status);
  if (!invoice.is_ok()) return ctx.fail(invoice.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"invoice", invoice_doc_json(*invoice)}});
    return kExitOk;
  }
  ctx.out().text("invoice " + invoice->number + ": buyer " +
                 std::string(to_string(invoice->buyer_status)) +
                 (invoice->buyer_status == BuyerStatus::kBooked
                      ? " (a reversal now needs the buyer's confirmation form, INV-7)\n"
                      : " (a reversal issues its red invoice at once, INV-7)\n"));
  return kExitOk;
}

int run_reverse(Context& ctx, const InvoiceArgs& args) {
  ReversalRequest request;
  request.invoice = normalize_invoice_number(args.number);
  const auto reason = parse_red_reason(args.reason);
  if (!reason) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "unknown --reason '" + args.reason + "' (error, returned, service_stopped or discount)"));
  }
  request.reason = *reason;
  if (!args.persons.empty()) {
    auto persons = parse_ids(args.persons, "--persons");
    if (!persons.is_ok()) return ctx.fail(persons.status());
    request.persons = *persons;
  }
  request.note = args.note;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto outcome = session->registry->reverse_invoice(session->actor, request);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  if (ctx.out().json_mode()) {
    nlohmann::json doc = reversal_json(*outcome);
    doc["ok"] = true;
    ctx.out().json(doc);
    return kExitOk;
  }
  ctx.out().text(reversal_text(*outcome));
  return kExitOk;
}

int run_decide(Context& ctx, const InvoiceArgs& args) {
  if (args.refuse && args.withdraw) {
    return ctx.fail(Status::invalid_input(
        "usage", "--refuse (the buyer's answer) and --withdraw (the seller's) exclude each other"));
  }
  const RedFormDecision decision = args.refuse     ? RedFormDecision::kRefuse
                                   : args.withdraw ? RedFormDecision::kWithdraw
                                                   : RedFormDecision::kConfirm;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto outcome =
      session->registry->decide_red_form(session->actor, args.form_id, decision, args.note);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  if (ctx.out().json_mode()) {
    nlohmann::json doc = reversal_json(*outcome);
    doc["ok"] = true;
    ctx.out().json(doc);
    return kExitOk;
  }
  const std::string id = std::to_string(args.form_id);
  if (decision != RedFormDecision::kConfirm) {
    std::string text = std::string(decision == RedFormDecision::kRefuse ? "refused" : "withdrew") +
                       " red-letter confirmation form " + id + ": the invoice stands\n";
    if (outcome->form) text += red_form_text(*outcome->form);
    ctx.out().text(text);
    return kExitOk;
  }
  std::string text =
      "confirmed red-letter confirmation form " + id + "\n" + reversal_text(*outcome);
  if (outcome->form && outcome->form->refund != 0) {
    text += "refund " + std::to_string(outcome->form->refund) + " goes on: ciie refund show " +
            std::to_string(outcome->form->refund) + "\n";
  }
  ctx.out().text(text);
  return kExitOk;
}

int run_red_forms(Context& ctx, const InvoiceArgs& args) {
  RedFormFilter filter;
  filter.unit = unit_or_empty(args.unit);
  filter.invoice = normalize_invoice_number(args.invoice);
  if (!args.state.empty()) {
    filter.state = parse_red_form_state(args.state);
    if (!filter.state) {
      return ctx.fail(Status::invalid_input(
          "usage", "unknown --state '" + args.state +
                       "' (pending, confirmed, refused, withdrawn or expired)"));
    }
  }
  filter.limit = args.limit;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto forms = session->registry->red_forms(session->actor, filter);
  if (!forms.is_ok()) return ctx.fail(forms.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const RedForm& form : *forms) list.push_back(red_form_json(form));
    ctx.out().json({{"ok", true}, {"forms", list}});
    return kExitOk;
  }
  if (forms->empty()) {
    ctx.out().note("no confirmation forms match\n");
    return kExitOk;
  }
  ctx.out().text(red_form_table(*forms));
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<InvoiceArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

void add_limit(CLI::App* cmd, InvoiceArgs& args, const std::string& what) {
  cmd->add_option("--limit", args.limit, "at most this many " + what)
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
}

void setup_request(CLI::App* invoice, Context& ctx, const std::shared_ptr<InvoiceArgs>& args) {
  CLI::App* request =
      invoice->add_subcommand("request", "ask for the invoice of a paid order (INV-1..4)");
  InvoiceRequest& r = args->request;
  request->add_option("ORDER", args->order, "the order number")->required();
  request->add_option("--type", args->type, "normal (普通发票) or special (增值税专用发票)")
      ->required();
  request->add_option("--title-kind", args->title_kind,
                      "unit (the default), or individual (a natural person: normal invoices "
                      "only)");
  request->add_option("--title", r.title,
                      "the buyer's name (发票抬头); after b2b or transfer: the paying unit's");
  request->add_option("--taxpayer-id", r.taxpayer_id, "the buyer's taxpayer id (税号, its USCC)")
      ->type_name("USCC");
  request->add_option("--address", r.address, "the buyer's address (special: required)");
  request->add_option("--phone", r.phone, "the buyer's phone (special: required)");
  request->add_option("--bank", r.bank, "the buyer's bank (special: required)");
  request->add_option("--account", r.account, "the buyer's bank account (special: required)");
  request->add_option("--delivery-phone", r.delivery_phone,
                      "where the invoice is sent by SMS (this or --delivery-email)");
  request->add_option("--delivery-email", r.delivery_email, "where the invoice is sent by e-mail");
  request->add_option("--remark", r.remark, "备注, printed on the invoice");
  request->add_flag("--issue", args->issue, "issue the invoice at once and print it");
  request->footer(
      "Asking again replaces the request until the invoice is issued. After a b2b or transfer\n"
      "payment the title and taxpayer id are the paying unit's (INV-3): leave them out, or give\n"
      "the same (invoice.title_locked otherwise).\nExample:\n"
      "  ciie invoice request V20240603100000123456789 --type normal --title-kind unit \\\n"
      "      --delivery-email finance@example.com --issue");
  on_run(request, ctx, args, run_request);
}

}  // namespace

void setup_invoice(CLI::App& app, Context& ctx) {
  CLI::App* invoice = app.add_subcommand("invoice", "electronic invoices (INV-1..8)");
  invoice->require_subcommand(1);
  invoice->footer(
      "A unit asks for the invoice of a paid order and has it issued; finance reverses it.\n"
      "Example:\n  ciie invoice request V20240603100000123456789 --type normal --title-kind unit "
      "--issue");
  auto args = std::make_shared<InvoiceArgs>();

  setup_request(invoice, ctx, args);

  CLI::App* issue = invoice->add_subcommand("issue", "issue the requested invoice of an order");
  issue->add_option("ORDER", args->order, "the order number")->required();
  issue->footer(
      "The invoice covers what is paid and not refunded; its number is allocated now (INV-5).\n"
      "Example:\n  ciie invoice issue V20240603100000123456789");
  on_run(issue, ctx, args, run_issue);

  CLI::App* requested =
      invoice->add_subcommand("show-request", "the standing invoice request of an order");
  requested->add_option("ORDER", args->order, "the order number")->required();
  requested->footer(
      "What `invoice issue` will print on the invoice: the buyer as requested, or as locked to\n"
      "the paying unit (INV-3).\nExample:\n  ciie invoice show-request V20240603100000123456789");
  on_run(requested, ctx, args, run_show_request);

  CLI::App* show = invoice->add_subcommand("show", "one invoice: text, --json or --html");
  show->add_option("NUMBER", args->number, "the invoice number (20 digits)")->required();
  show->add_option("--html", args->html, "also write the printable page to FILE ('-': stdout)")
      ->type_name("FILE");
  show->add_flag("--force", args->force, "replace an existing --html FILE");
  show->footer(
      "--json prints the document and its status (stable field names, amounts as \"200.00\"\n"
      "and *_fen integers). An existing --html FILE is kept unless --force (output.exists).\n"
      "Example:\n  ciie invoice show 24312000000000000001 --html invoice.html");
  on_run(show, ctx, args, run_show);

  CLI::App* list = invoice->add_subcommand("list", "invoices, newest first (table or CSV)");
  list->add_option("--unit", args->unit, "only this unit's invoices");
  list->add_option("--order", args->order, "only this order's invoices");
  list->add_option("--kind", args->kind, "blue or red");
  list->add_option("--from", args->from, "issued on or after")->type_name("YYYY-MM-DD");
  list->add_option("--to", args->to, "issued on or before")->type_name("YYYY-MM-DD");
  add_limit(list, *args, "invoices");
  list->add_flag("--csv", args->csv, "RFC 4180 CSV with a header row, for spreadsheets");
  list->footer(
      "A unit sees its own invoices, a delegation those of its units, finance all.\n"
      "In CSV, text starting with = + - @ TAB or CR gets a leading ' (no formulas); the\n"
      "amount columns stay plain numbers (-200.00).\nExample:\n"
      "  ciie --as finance invoice list --from 2024-06-01 --to 2024-06-30 --csv > june.csv");
  on_run(list, ctx, args, run_list);

  CLI::App* booked = invoice->add_subcommand(
      "booked", "finance: the buyer confirmed or booked a blue invoice (INV-7)");
  booked->add_option("NUMBER", args->number, "the blue invoice's number")->required();
  booked->add_flag("--unconfirmed", args->unconfirmed, "back to unconfirmed");
  booked->footer(
      "After the buyer booked an invoice, reversing it needs the buyer's confirmation form.\n"
      "Example:\n  ciie --as finance invoice booked 24312000000000000001");
  on_run(booked, ctx, args, run_booked);

  CLI::App* reverse =
      invoice->add_subcommand("reverse", "finance: reverse a blue invoice (红字, INV-7)");
  reverse->add_option("NUMBER", args->number, "the blue invoice's number")->required();
  reverse
      ->add_option("--reason", args->reason,
                   "error (开票有误, full only), returned, service_stopped or discount")
      ->required();
  reverse
      ->add_option("--persons", args->persons,
                   "partial: the persons whose badges are reversed (only after the buyer booked)")
      ->type_name("ID,…");
  reverse->add_option("--note", args->note, "why, kept with the form");
  reverse->footer(
      "Not booked by the buyer: a full red invoice is issued at once. Booked: a red-letter\n"
      "confirmation form is raised, which the buyer confirms within 72 hours.\nExample:\n"
      "  ciie --as finance invoice reverse 24312000000000000001 --reason error");
  on_run(reverse, ctx, args, run_reverse);

  CLI::App* decide = invoice->add_subcommand(
      "confirm-redform", "confirm, refuse or withdraw a red-letter confirmation form");
  decide->add_option("ID", args->form_id, "the form's id")->required();
  decide->add_flag("--refuse", args->refuse, "the buyer refuses it (with --note)");
  decide->add_flag("--withdraw", args->withdraw, "finance withdraws it (with --note)");
  decide->add_option("--note", args->note, "why: required to refuse or withdraw");
  decide->footer(
      "Confirming issues the red invoice (and lets a refund waiting for it go on). The unit or\n"
      "finance confirms or refuses; finance withdraws. 72 hours after raising, a form is void\n"
      "(redform.expired).\nExamples:\n"
      "  ciie --as unit:91310115591693856A invoice confirm-redform 3\n"
      "  ciie --as finance invoice confirm-redform 3 --withdraw --note '重复申请'");
  on_run(decide, ctx, args, run_decide);

  CLI::App* forms =
      invoice->add_subcommand("redforms", "red-letter confirmation forms, newest first");
  forms->add_option("--unit", args->unit, "only this unit's forms");
  forms->add_option("--invoice", args->invoice, "only the forms of this blue invoice")
      ->type_name("NUMBER");
  forms->add_option("--state", args->state, "pending, confirmed, refused, withdrawn or expired");
  add_limit(forms, *args, "forms");
  forms->footer(
      "Pending forms past 72 hours are expired first.\nExample:\n"
      "  ciie --as finance invoice redforms --state pending");
  on_run(forms, ctx, args, run_red_forms);
}

}  // namespace ciie::cli
