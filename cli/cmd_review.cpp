// `ciie review`: review queues and decisions (REV-1, REV-2). Listing shows a queue with its
// counts; `--unit A --approve|--reject --reason …` decides one unit; `--batch --decisions FILE`
// or `--batch --approve-all [filters]` decides many in one transaction (all or none by
// default). `--persons` (REV-3) and `--join-requests` (REV-4) are in cmd_review_persons.cpp.
#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "review_args.hpp"
#include "review_render.hpp"

namespace ciie::cli {

Result<QueueFilter> build_queue_filter(const ReviewArgs& args) {
  QueueFilter filter;
  if (!args.delegation.empty() && !args.queue.empty()) {
    return Status::invalid_input("usage", "give --delegation or --queue, not both");
  }
  if (!args.delegation.empty()) {
    filter.queue = "delegation:" + args.delegation;
  } else if (!args.queue.empty()) {
    if (args.queue != "organizer" && args.queue != "all") {
      return Status::invalid_input("usage", "unknown --queue '" + args.queue +
                                                "' (organizer or all; a delegation's queue is "
                                                "--delegation SLUG)");
    }
    filter.queue = args.queue;
  }
  if (!args.category.empty()) {
    filter.category = parse_unit_category(args.category);
    if (!filter.category) {
      return Status::invalid_input("usage", "unknown --category '" + args.category +
                                                "' (enterprise, government, public_institution, "
                                                "social_org or other)");
    }
  }
  if (!args.region.empty()) {
    filter.region = parse_unit_region(args.region);
    if (!filter.region) {
      return Status::invalid_input(
          "usage", "unknown --region '" + args.region + "' (mainland, hk_mo_tw or overseas)");
    }
  }
  if (!args.submitted_before.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Instant before, Instant::parse(args.submitted_before));
    filter.submitted_before = before;
  }
  filter.name_contains = args.name;
  filter.limit = args.limit;
  return filter;
}

Result<Decision> single_decision(const ReviewArgs& args) {
  if (args.approving() && args.rejecting()) {
    return Status::invalid_input("usage", "give --approve or --reject, not both");
  }
  if (!args.approving() && !args.rejecting()) {
    return Status::invalid_input("usage", "a decision needs --approve or --reject --reason TEXT");
  }
  if (!args.approve_ids.empty() || !args.reject_ids.empty()) {
    return Status::invalid_input("usage",
                                 "--approve and --reject take ids only with --join-requests");
  }
  return args.approving() ? Decision::kApprove : Decision::kReject;
}

namespace {

bool filters_given(const ReviewArgs& args) {
  return !args.delegation.empty() || !args.queue.empty() || !args.category.empty() ||
         !args.region.empty() || !args.name.empty() || !args.submitted_before.empty();
}

int run_list(Context& ctx, const ReviewArgs& args) {
  auto filter = build_queue_filter(args);
  if (!filter.is_ok()) return ctx.fail(filter.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto queue = session->registry->review_queue(session->actor, *filter);
  if (!queue.is_ok()) return ctx.fail(queue.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(review_queue_json(*queue));
  } else {
    ctx.out().text(review_queue_text(*queue));
  }
  return kExitOk;
}

int run_decide_unit(Context& ctx, const ReviewArgs& args) {
  auto decision = single_decision(args);
  if (!decision.is_ok()) return ctx.fail(decision.status());
  if (filters_given(args)) {
    return ctx.fail(Status::invalid_input(
        "usage", "--unit decides one unit: the queue filters go with listing or --approve-all"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  UnitDecision request{codes::normalize(args.unit), *decision, args.reason};
  auto unit = session->registry->review_unit(session->actor, request);
  if (!unit.is_ok()) return ctx.fail(unit.status());
  const std::string decided(*decision == Decision::kApprove ? "approved" : "rejected");
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"account", unit->account},
                    {"decision", std::string(to_string(*decision))},
                    {"state", std::string(to_string(unit->state))},
                    {"decided_by", unit->decided_by},
                    {"reason", unit->review_reason}});
    return kExitOk;
  }
  std::string text = decided + " " + unit->account + "  " + unit->name + "\n";
  if (!unit->decided_by.empty()) text += "  by:            " + unit->decided_by + "\n";
  if (*decision == Decision::kReject) {
    text += "  reason:        " + unit->review_reason + "\n";
    text += "  the unit corrects its information and submits again (REV-2)\n";
  }
  ctx.out().text(text);
  return kExitOk;
}

}  // namespace

int run_decisions(Context& ctx, const ReviewArgs& args, const std::vector<std::string>& columns,
                  const ApplyDecisions& apply) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  auto input = BulkInput::open({args.decisions, args.format, args.ignore_unknown}, columns,
                               required_decision_columns(columns));
  if (!input.is_ok()) return ctx.fail(input.status());
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  BulkOptions options{args.continue_on_error, args.dry_run, args.ignore_unknown};
  BulkStyle style;
  style.subject_key = columns.front();
  style.outcomes = {"approved", "rejected"};
  style.progress_label = "deciding";
  BulkPrinter printer(ctx.out(), style);
  printer.track(**input);
  const auto summary = apply(**registry, *actor, (*input)->reader(), options, printer.callback());
  return printer.finish(ctx, summary, args.dry_run);
}

namespace {

int run_decisions_file(Context& ctx, const ReviewArgs& args) {
  if (args.approving() || args.rejecting() || !args.unit.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage", "--decisions gives every decision: no --unit, --approve or --reject with it"));
  }
  return run_decisions(ctx, args, Registry::decision_columns(),
                       [](Registry& registry, const Actor& actor, RecordReader& reader,
                          const BulkOptions& options, const RowCallback& on_row) {
                         return registry.review_units(actor, reader, options, on_row);
                       });
}

int run_approve_all(Context& ctx, const ReviewArgs& args) {
  if (!args.unit.empty()) {
    return ctx.fail(Status::invalid_input(
        "usage",
        "--approve-all decides a whole queue: choose its units with the filters "
        "(--category, --region, --name, --submitted-before), not --unit"));
  }
  auto filter = build_queue_filter(args);
  if (!filter.is_ok()) return ctx.fail(filter.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  BulkOptions options{args.continue_on_error, args.dry_run, false};
  BulkStyle style;
  style.subject_key = "unit";
  style.outcomes = {"approved"};
  style.noun = "unit";
  style.progress_label = "approving";
  style.show_ok_rows = true;
  style.lines = false;
  BulkPrinter printer(ctx.out(), style);
  const auto summary =
      session->registry->approve_all(session->actor, *filter, options, printer.callback());
  return printer.finish(ctx, summary, args.dry_run);
}

int run_batch(Context& ctx, const ReviewArgs& args) {
  if (!args.decisions.empty() && args.approve_all) {
    return ctx.fail(
        Status::invalid_input("usage", "give --decisions FILE or --approve-all, not both"));
  }
  if (!args.decisions.empty()) return run_decisions_file(ctx, args);
  if (args.approve_all) return run_approve_all(ctx, args);
  return ctx.fail(
      Status::invalid_input("usage", "--batch needs --decisions FILE or --approve-all"));
}

int run_review(Context& ctx, const ReviewArgs& args) {
  if (args.persons && args.join_requests) {
    return ctx.fail(Status::invalid_input("usage", "give --persons or --join-requests, not both"));
  }
  if (args.join_requests) return run_join_requests(ctx, args);
  if (args.persons) return run_person_review(ctx, args);
  if (args.person_option->count() > 0) {
    return ctx.fail(Status::invalid_input("usage", "--person goes with --persons"));
  }
  if (args.reveal) {
    return ctx.fail(Status::invalid_input(
        "usage", "--reveal goes with --persons (unit queues show no personal numbers)"));
  }
  if (args.batch) return run_batch(ctx, args);
  if (args.approve_all || !args.decisions.empty()) {
    return ctx.fail(
        Status::invalid_input("usage", "--decisions and --approve-all go with --batch"));
  }
  if (!args.unit.empty()) return run_decide_unit(ctx, args);
  if (args.approving() || args.rejecting()) {
    return ctx.fail(Status::invalid_input(
        "usage", "--approve and --reject need --unit ACCOUNT (or --batch --decisions FILE)"));
  }
  return run_list(ctx, args);
}

}  // namespace

void setup_review(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReviewArgs>();
  CLI::App* cmd = app.add_subcommand("review", "review queues and decisions (REV-1..4)");
  cmd->add_option("--delegation", args->delegation,
                  "the queue of this delegation or one of its sub-delegations (slug)");
  cmd->add_option("--queue", args->queue,
                  "organizer or all (organizer only); default: the acting reviewer's own queue");
  cmd->add_option("--category", args->category, "enterprise, government, public_institution, …");
  cmd->add_option("--region", args->region, "mainland, hk_mo_tw or overseas");
  cmd->add_option("--name", args->name, "units whose name contains this text")->type_name("TEXT");
  cmd->add_option("--submitted-before", args->submitted_before,
                  "units submitted before this instant")
      ->type_name("TIME");
  cmd->add_option("--limit", args->limit, "at most this many rows")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--unit", args->unit, "the unit to decide (or, with --join-requests, whose)")
      ->type_name("ACCOUNT");
  args->person_option =
      cmd->add_option("--person", args->person, "with --persons: the person to decide")
          ->type_name("ID");
  args->approve_option =
      cmd->add_option("--approve", args->approve_ids,
                      "approve (with --join-requests: these request ids, comma-separated)")
          ->expected(0, 1)
          ->allow_extra_args(false)
          ->type_name("[ID,…]");
  args->reject_option =
      cmd->add_option("--reject", args->reject_ids,
                      "reject, with --reason (with --join-requests: these request ids)")
          ->expected(0, 1)
          ->allow_extra_args(false)
          ->type_name("[ID,…]");
  cmd->add_option("--reason", args->reason, "why (required to reject; shown to the unit)")
      ->type_name("TEXT");
  cmd->add_flag("--batch", args->batch, "decide many: with --decisions FILE or --approve-all");
  cmd->add_option("--decisions", args->decisions,
                  "CSV or JSON Lines with columns unit (or person), decision, reason ('-': stdin)")
      ->type_name("FILE");
  cmd->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  cmd->add_flag("--approve-all", args->approve_all,
                "approve every unit of the queue matching the filters");
  cmd->add_flag("--continue-on-error", args->continue_on_error,
                "apply the good decisions even when some fail (default: all or none)");
  cmd->add_flag("--dry-run", args->dry_run, "check every decision, change nothing");
  cmd->add_flag("--ignore-unknown", args->ignore_unknown,
                "drop unknown columns of the decisions file instead of refusing");
  cmd->add_flag("--persons", args->persons, "person review (REV-3) instead of unit review");
  cmd->add_flag("--reveal", args->reveal,
                "with --persons: document numbers and phones in full (organizer only; audited)");
  cmd->add_flag(
      "--join-requests", args->join_requests,
      "a unit's staff join requests (REV-4): list, or decide with --approve/--reject IDs");
  cmd->footer(
      "Without a decision option, lists a queue with its counts. Columns of a decisions file:\n"
      "docs/review-input.md. A rejection needs --reason (review.reason_required).\n"
      "Examples:\n"
      "  ciie --as delegation:zhejiang review\n"
      "  ciie review --delegation shanghai --category government\n"
      "  ciie --as delegation:zhejiang review --unit 91330106MA27Y4U47R --approve\n"
      "  ciie review --unit 91330106MA27Y4U47R --reject --reason '单位名称与执照不符'\n"
      "  ciie review --batch --decisions decisions.csv --dry-run\n"
      "  ciie review --batch --approve-all --delegation shanghai --submitted-before 2024-06-10\n"
      "  ciie review --persons --person 12 --approve\n"
      "  ciie --as unit:91310115591693856A review --join-requests --unit 91310115591693856A "
      "--approve 7,8");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_review(ctx, *args); }); });
}

}  // namespace ciie::cli
