// Finance's half of `ciie pay` (PAY-3, PAY-5): `pay review` lists what waits (flagged payments,
// transfer proofs, statement lines no order matched), decides a payment (--confirm, --reject,
// --force past the deadline or for a closed order), assigns or discards a statement line, and
// saves a proof file to look at; `pay import-statement` matches a bank statement's lines to
// orders, a bulk command like the others.
#include <fstream>

#include "bulk_output.hpp"
#include "exit_status.hpp"
#include "order_render.hpp"
#include "pay_args.hpp"
#include "payment_render.hpp"

namespace ciie::cli {
namespace {

bool decision_given(const PayArgs& args) {
  return args.confirm || args.reject || args.force || !args.reason.empty() ||
         !args.assign_order.empty() || args.discard || !args.save_proof.empty();
}

int run_queue(Context& ctx) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto queue = session->registry->finance_queue(session->actor);
  if (!queue.is_ok()) return ctx.fail(queue.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(finance_queue_json(*queue));
  } else {
    ctx.out().text(finance_queue_text(*queue));
  }
  return kExitOk;
}

// Writes a payment's proof to a file for a person to look at. Errors: payment.no_proof,
// output.write, and those of payment_proof.
int run_save_proof(Context& ctx, const PayArgs& args) {
  if (args.confirm || args.reject || args.force || !args.reason.empty()) {
    return ctx.fail(
        Status::invalid_input("usage", "--save-proof saves the proof: decide in another run"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto proof = session->registry->payment_proof(session->actor, args.payment_id);
  if (!proof.is_ok()) return ctx.fail(proof.status());
  if (proof->empty()) {
    return ctx.fail(Status::not_found(
        "payment.no_proof", "payment " + std::to_string(args.payment_id) + " has no proof file"));
  }
  std::ofstream file(args.save_proof, std::ios::binary | std::ios::trunc);
  file.write(proof->data(), static_cast<std::streamsize>(proof->size()));
  file.close();
  if (!file) {
    return ctx.fail(
        Status::storage("output.write", "cannot write the proof to '" + args.save_proof + "'"));
  }
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"payment_id", args.payment_id},
                    {"file", args.save_proof},
                    {"bytes", proof->size()}});
  } else {
    ctx.out().text("saved the proof of payment " + std::to_string(args.payment_id) + " to " +
                   args.save_proof + " (" + std::to_string(proof->size()) + " bytes)\n");
  }
  return kExitOk;
}

int run_decide_payment(Context& ctx, const PayArgs& args) {
  if (!args.assign_order.empty() || args.discard) {
    return ctx.fail(
        Status::invalid_input("usage", "--order and --discard decide a statement line (--line)"));
  }
  if (!args.save_proof.empty()) return run_save_proof(ctx, args);
  if (args.confirm == args.reject) {
    return ctx.fail(Status::invalid_input(
        "usage", "--payment ID needs --confirm or --reject --reason TEXT (one of them)"));
  }
  if (args.force && !args.confirm) {
    return ctx.fail(Status::invalid_input("usage", "--force goes with --confirm"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  PaymentDecision decision{args.payment_id, args.confirm, args.reason, args.force};
  auto payment = session->registry->decide_payment(session->actor, decision);
  if (!payment.is_ok()) return ctx.fail(payment.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"payment", payment_json(*payment)}});
  } else {
    ctx.out().text(payment_decision_text(*payment));
  }
  return kExitOk;
}

int run_decide_line(Context& ctx, const PayArgs& args) {
  if (args.confirm || args.reject || args.force || !args.save_proof.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "a statement line is assigned (--order NUMBER) or discarded (--discard); "
        "--confirm, --reject, --force and --save-proof go with --payment"));
  }
  if (args.assign_order.empty() == !args.discard) {
    return ctx.fail(Status::invalid_input(
        "usage", "--line ID needs --order NUMBER or --discard --reason TEXT (one of them)"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  StatementLineDecision decision{args.line_id, normalize_order_number(args.assign_order),
                                 args.reason};
  auto line = session->registry->decide_statement_line(session->actor, decision);
  if (!line.is_ok()) return ctx.fail(line.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"line", statement_line_json(*line)}});
  } else {
    ctx.out().text(statement_decision_text(*line));
  }
  return kExitOk;
}

int run_review(Context& ctx, const PayArgs& args) {
  if (Status none = no_pay_options(args, "review"); !none.is_ok()) return ctx.fail(none);
  const bool payment = args.payment_option->count() > 0;
  const bool line = args.line_option->count() > 0;
  if (payment && line) {
    return ctx.fail(Status::invalid_input("usage", "decide a --payment or a --line, not both"));
  }
  if (payment) return run_decide_payment(ctx, args);
  if (line) return run_decide_line(ctx, args);
  if (decision_given(args)) {
    return ctx.fail(Status::invalid_input(
        "usage", "a decision names what it decides: --payment ID or --line ID"));
  }
  return run_queue(ctx);
}

int run_import(Context& ctx, const PayArgs& args) {
  if (Status none = no_pay_options(args, "import-statement"); !none.is_ok()) {
    return ctx.fail(none);
  }
  BulkImportSpec spec;
  spec.input = {args.statement, args.format, args.ignore_unknown};
  spec.columns = Registry::statement_columns();
  spec.required = Registry::statement_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "order";
  // A queued line's outcome names why it waits ("queued:no_order", "queued:amount", …); those
  // are counted as they come, after these.
  spec.style.outcomes = {"matched", "flagged", "unchanged"};
  spec.style.noun = "line";
  spec.style.progress_label = "matching";
  const std::string file = args.statement == "-" ? std::string("stdin") : args.statement;
  return run_bulk_import(ctx, spec,
                         [&file](Registry& registry, const Actor& actor, RecordReader& reader,
                                 const BulkOptions& options, const RowCallback& on_row) {
                           return registry.import_statement(actor, reader, file, options, on_row);
                         });
}

}  // namespace

void add_pay_finance_commands(CLI::App* pay, Context& ctx, std::shared_ptr<PayArgs> args) {
  CLI::App* review = pay->add_subcommand(
      "review", "finance: what waits, and the decisions on payments and statement lines");
  args->payment_option =
      review->add_option("--payment", args->payment_id, "a flagged payment or transfer proof")
          ->type_name("ID");
  review->add_flag("--confirm", args->confirm, "confirm it: it pays its order");
  review->add_flag("--reject", args->reject, "reject it (with --reason): the money goes back");
  review->add_flag("--force", args->force,
                   "confirm past the payment deadline or for a closed order (audited; --reason)");
  review->add_option("--save-proof", args->save_proof, "write the payment's proof to FILE")
      ->type_name("FILE");
  args->line_option =
      review->add_option("--line", args->line_id, "a statement line waiting in the queue")
          ->type_name("ID");
  review->add_option("--order", args->assign_order, "assign the line to this order")
      ->type_name("NUMBER");
  review->add_flag("--discard", args->discard, "the line pays no order (with --reason)");
  review->add_option("--reason", args->reason, "why: required to reject, force or discard");
  review->footer(
      "Without --payment or --line: the queue (flagged payments and transfer proofs, then\n"
      "statement lines that matched nothing or only in part), oldest first.\nExamples:\n"
      "  ciie --as finance pay review\n"
      "  ciie --as finance pay review --payment 3 --confirm\n"
      "  ciie --as finance pay review --payment 4 --reject --reason '金额不符'\n"
      "  ciie --as finance pay review --line 7 --order V20240603100000123456789");
  on_pay_run(review, ctx, args, run_review);

  CLI::App* import = pay->add_subcommand(
      "import-statement", "finance: match a bank statement's lines to orders (PAY-3)");
  import->add_option("FILE", args->statement, "the statement, CSV or JSON Lines ('-': stdin)")
      ->required();
  import->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  import->add_flag("--dry-run", args->dry_run, "match every line, change nothing");
  import->add_flag("--continue-on-error", args->continue_on_error,
                   "import the good lines even when some fail (default: all or none)");
  import->add_flag("--ignore-unknown", args->ignore_unknown,
                   "drop unknown columns instead of refusing");
  import->footer(
      "Columns: date, amount, payer_name, payer_account, remark (the order number), reference.\n"
      "Each line is matched, queued (for a person: ciie pay review), flagged (a closed or paid\n"
      "order) or unchanged (imported before). Exit 0 when every line is ok, 1 when any was\n"
      "refused, 2 when the file cannot be read.\nExample:\n"
      "  ciie --as finance pay import-statement statement-2024-06-04.csv --dry-run");
  on_pay_run(import, ctx, args, run_import);
}

}  // namespace ciie::cli
