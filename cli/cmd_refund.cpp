// `ciie refund ORDER [--persons ID,…] --reason TEXT`: refund persons of a paid order (RFD-1..5);
// an invoiced order's invoice is reversed first (INV-7). `refund show|list` look at refunds;
// finance makes the gateway refund calls due (`send`, exit 6 when one still fails) and records
// the outgoing bank transfer of a transfer refund (`confirm-transfer`). Like `pay`, `refund`
// takes the order itself and has subcommands: an order number (V + 23 digits) is never a
// subcommand's name, so both forms parse.
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "invoice_render.hpp"
#include "order_render.hpp"
#include "person_render.hpp"
#include "refund_render.hpp"

namespace ciie::cli {
namespace {

struct RefundArgs {
  // `refund ORDER [--persons ID,…] --reason TEXT [--red-reason R]`
  std::string order;  // the positional of `refund` itself; empty when a subcommand was chosen
  std::vector<std::string> persons;
  std::string reason;
  std::string red_reason;
  // show, send, confirm-transfer
  std::int64_t id = 0;
  std::string reference;
  // list
  std::string unit;
  std::string list_order;
  std::string state;
  int limit = 1000;
  bool csv = false;
};

// CLI11 lets a subcommand's unknown options fall through to `refund`, so `refund list --reason x`
// would parse: refuse the request's options on a subcommand. Errors: usage.
Status no_request_options(const RefundArgs& args, const std::string& subcommand) {
  if (!args.order.empty() || !args.persons.empty() || !args.reason.empty() ||
      !args.red_reason.empty()) {
    return Status::invalid_input("usage", "refund " + subcommand +
                                              " takes no ORDER before it, --persons, --reason or "
                                              "--red-reason (those request a refund: ciie refund "
                                              "ORDER --reason …)");
  }
  return Status::ok();
}

// refund_csv columns: id, order, unit, amount, method, state, persons, invoice, red_invoice,
// reissued_invoice, created_at, completed_at, last_error; text neutralised as invoice_csv does.
std::string refund_csv(const std::vector<Refund>& refunds) {
  std::string csv =
      "id,order,unit,amount,method,state,persons,invoice,red_invoice,reissued_invoice,"
      "created_at,completed_at,last_error\r\n";
  for (const Refund& refund : refunds) {
    const std::vector<std::string> fields{
        std::to_string(refund.id),
        csv_text_field(refund.order),
        csv_text_field(refund.unit),
        yuan(refund.amount),
        csv_text_field(std::string(to_string(refund.method))),
        csv_text_field(std::string(to_string(refund.state))),
        std::to_string(refund.lines.size()),
        csv_text_field(refund.invoice),
        csv_text_field(refund.red_invoice),
        csv_text_field(refund.reissued_invoice),
        csv_text_field(refund.created_at.to_shanghai_string()),
        csv_text_field(refund.completed_at ? refund.completed_at->to_shanghai_string() : ""),
        csv_text_field(refund.last_error)};
    for (std::size_t i = 0; i < fields.size(); ++i) csv += (i == 0 ? "" : ",") + fields[i];
    csv += "\r\n";
  }
  return csv;
}

int run_request(Context& ctx, const RefundArgs& args) {
  if (args.order.empty()) {
    return ctx.fail(
        Status::invalid_input("usage",
                              "refund needs ORDER --reason … or a subcommand (show, list, send, "
                              "confirm-transfer; see `ciie refund --help`)"));
  }
  RefundRequest request;
  request.order = normalize_order_number(args.order);
  if (!args.persons.empty()) {
    auto persons = parse_ids(args.persons, "--persons");
    if (!persons.is_ok()) return ctx.fail(persons.status());
    request.persons = *persons;
  }
  request.reason = args.reason;
  if (!args.red_reason.empty()) {
    const auto red = parse_red_reason(args.red_reason);
    if (!red) {
      return ctx.fail(
          Status::invalid_input("usage", "unknown --red-reason '" + args.red_reason +
                                             "' (returned, service_stopped, discount or error)"));
    }
    request.red_reason = *red;
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto outcome = session->registry->request_refund(session->actor, request);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  // The refund is recorded either way: a gateway that did not answer leaves it awaiting_gateway,
  // for `refund send` (exit 0 here; the note says what is left to do).
  if (ctx.out().json_mode()) {
    ctx.out().json(refund_outcome_json(*outcome));
  } else {
    ctx.out().text(refund_outcome_text(*outcome));
  }
  if (!outcome->refund.last_error.empty()) {
    ctx.out().note("ciie: refund " + std::to_string(outcome->refund.id) +
                   " is not sent yet: " + outcome->refund.last_error +
                   " (ciie --as finance refund send " + std::to_string(outcome->refund.id) + ")\n");
  }
  return kExitOk;
}

int run_show(Context& ctx, const RefundArgs& args) {
  if (Status none = no_request_options(args, "show"); !none.is_ok()) return ctx.fail(none);
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto refund = session->registry->refund(session->actor, args.id);
  if (!refund.is_ok()) return ctx.fail(refund.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"refund", refund_json(*refund)}});
  } else {
    ctx.out().text(refund_text(*refund));
  }
  return kExitOk;
}

int run_list(Context& ctx, const RefundArgs& args) {
  if (Status none = no_request_options(args, "list"); !none.is_ok()) return ctx.fail(none);
  if (args.csv && ctx.out().json_mode()) {
    return ctx.fail(Status::invalid_input("usage", "--csv and --json are two formats: pick one"));
  }
  RefundFilter filter;
  filter.unit = args.unit.empty() ? std::string() : codes::normalize(args.unit);
  filter.order = args.list_order.empty() ? std::string() : normalize_order_number(args.list_order);
  if (!args.state.empty()) {
    filter.state = parse_refund_state(args.state);
    if (!filter.state) {
      return ctx.fail(Status::invalid_input(
          "usage", "unknown --state '" + args.state +
                       "' (awaiting_reversal, awaiting_gateway, awaiting_transfer or completed)"));
    }
  }
  filter.limit = args.limit;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto refunds = session->registry->refunds(session->actor, filter);
  if (!refunds.is_ok()) return ctx.fail(refunds.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Refund& refund : *refunds) list.push_back(refund_json(refund));
    ctx.out().json({{"ok", true}, {"refunds", list}});
    return kExitOk;
  }
  if (args.csv) {
    ctx.out().text(refund_csv(*refunds));
    return kExitOk;
  }
  if (refunds->empty()) {
    ctx.out().note("no refunds match\n");
    return kExitOk;
  }
  ctx.out().text(refund_table(*refunds));
  return kExitOk;
}

int run_send(Context& ctx, const RefundArgs& args) {
  if (Status none = no_request_options(args, "send"); !none.is_ok()) return ctx.fail(none);
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto tried = session->registry->send_refunds(session->actor, args.id);
  if (!tried.is_ok()) return ctx.fail(tried.status());
  std::vector<std::int64_t> completed;
  std::vector<std::int64_t> failed;
  for (const Refund& refund : *tried) {
    (refund.state == RefundState::kCompleted ? completed : failed).push_back(refund.id);
  }
  if (!failed.empty()) {
    // One document in --json, as for every refusal: the error names what failed and what went.
    if (!ctx.out().json_mode()) ctx.out().text(refund_table(*tried));
    std::string why;
    for (const Refund& refund : *tried) {
      if (refund.state != RefundState::kCompleted && why.empty()) why = refund.last_error;
    }
    Status status = Status::external(
        "refund.failed", std::to_string(failed.size()) + " of " + std::to_string(tried->size()) +
                             (tried->size() == 1 ? " refund" : " refunds") +
                             " still failed at the gateway" + (why.empty() ? "" : ": " + why) +
                             " (run ciie refund send again)");
    status.with_detail("failed", ids_text(failed)).with_detail("completed", ids_text(completed));
    return ctx.fail(status);
  }
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Refund& refund : *tried) list.push_back(refund_json(refund));
    ctx.out().json({{"ok", true}, {"refunds", list}});
    return kExitOk;
  }
  if (tried->empty()) {
    ctx.out().text("no refunds await the gateway\n");
    return kExitOk;
  }
  ctx.out().text("sent " + std::to_string(tried->size()) +
                 (tried->size() == 1 ? " refund" : " refunds") + "\n" + refund_table(*tried));
  return kExitOk;
}

int run_confirm_transfer(Context& ctx, const RefundArgs& args) {
  if (Status none = no_request_options(args, "confirm-transfer"); !none.is_ok()) {
    return ctx.fail(none);
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto refund = session->registry->confirm_refund_transfer(session->actor, args.id, args.reference);
  if (!refund.is_ok()) return ctx.fail(refund.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"refund", refund_json(*refund)}});
  } else {
    ctx.out().text("confirmed the transfer of " + refund_text(*refund));
  }
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<RefundArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_refund(CLI::App& app, Context& ctx) {
  CLI::App* refund =
      app.add_subcommand("refund", "refund persons of a paid order; refunds (RFD-1..5)");
  refund->require_subcommand(0, 1);
  auto args = std::make_shared<RefundArgs>();
  refund->add_option("ORDER", args->order, "the paid order to refund");
  refund
      ->add_option("--persons", args->persons,
                   "person ids, comma-separated (default: every person not refunded yet)")
      ->type_name("ID,…");
  refund->add_option("--reason", args->reason, "why (required), kept with the refund");
  refund
      ->add_option("--red-reason", args->red_reason,
                   "how an invoiced order's invoice is reversed: service_stopped (default), "
                   "returned, discount or error")
      ->type_name("REASON");
  refund->footer(
      "The persons leave the order and their free places are given back at once; an invoiced\n"
      "order is reversed first (a red invoice, or a confirmation form the refund waits for);\n"
      "then qr and b2b money goes back through the gateway, a transfer waits for finance.\n"
      "Examples:\n  ciie refund V20240603100000123456789 --persons 2 --reason '人员变更'\n"
      "  ciie --as finance refund list --state awaiting_transfer");
  // `refund ORDER …` runs only when no subcommand was chosen: CLI11 calls a subcommand's
  // callback before its parent's, and the parent must not replace the action then.
  refund->callback([refund, &ctx, args] {
    if (!refund->get_subcommands().empty()) return;
    ctx.set_action([&ctx, args] { return run_request(ctx, *args); });
  });

  CLI::App* show = refund->add_subcommand("show", "one refund with its lines");
  show->add_option("ID", args->id, "the refund's id")->required();
  show->footer("Example:\n  ciie refund show 3");
  on_run(show, ctx, args, run_show);

  CLI::App* list = refund->add_subcommand("list", "refunds, newest first (table or CSV)");
  list->add_option("--unit", args->unit, "only this unit's refunds");
  list->add_option("--order", args->list_order, "only this order's refunds")->type_name("NUMBER");
  list->add_option("--state", args->state,
                   "awaiting_reversal, awaiting_gateway, awaiting_transfer or completed");
  list->add_option("--limit", args->limit, "at most this many refunds")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->add_flag("--csv", args->csv, "RFC 4180 CSV with a header row, for spreadsheets");
  list->footer(
      "A unit sees its own refunds, a delegation those of its units, finance all.\nExample:\n"
      "  ciie --as finance refund list --state awaiting_gateway");
  on_run(list, ctx, args, run_list);

  CLI::App* send = refund->add_subcommand(
      "send", "finance: make the gateway refund calls due (of one refund, or all)");
  send->add_option("ID", args->id, "only this refund (default: every one awaiting the gateway)");
  send->footer(
      "Each refund is sent with its idempotency key (<order>-R<id>), so sending again is safe.\n"
      "Exit 6 (refund.failed) when any refund tried still failed; run it again later.\n"
      "Example:\n  ciie --as finance refund send");
  on_run(send, ctx, args, run_send);

  CLI::App* transfer = refund->add_subcommand(
      "confirm-transfer", "finance: the money of a transfer refund was sent back");
  transfer->add_option("ID", args->id, "the refund's id")->required();
  transfer->add_option("--reference", args->reference, "the outgoing transfer's reference")
      ->type_name("TEXT");
  transfer->footer(
      "Example:\n  ciie --as finance refund confirm-transfer 3 --reference "
      "BK20240610001");
  on_run(transfer, ctx, args, run_confirm_transfer);
}

}  // namespace ciie::cli
