// `ciie points show|history|award|redeem|deal|checkins` (PTS-1, PTS-2): a holder's balance and
// ledger, manual adjustments, e-coupons, recorded deals and the import of check-in records.
// A holder is named by --unit ACCOUNT or --person ID. Rules: docs/points.md.
#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct PointsArgs {
  std::string unit;
  std::int64_t person = 0;
  std::string rule;
  std::string award_rule = "manual";
  int limit = 1000;
  std::int64_t points = 0;
  std::string reason;
  std::string key;
  std::string coupon;
  std::string amount;
  std::string reference;
  // checkins
  std::string from;
  std::string format;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
};

Result<std::string> holder_of(const PointsArgs& args) {
  if (args.unit.empty() == (args.person == 0)) {
    return Status::invalid_input("usage", "name the holder with exactly one of --unit and --person");
  }
  if (!args.unit.empty()) return PointsHolder::unit(codes::normalize(args.unit)).to_string();
  return PointsHolder::of_person(args.person).to_string();
}

nlohmann::json entry_json(const PointsEntry& e) {
  return {{"id", e.id},
          {"edition", e.edition},
          {"holder", e.holder},
          {"rule", std::string(to_string(e.rule))},
          {"subject", e.subject},
          {"points", e.points},
          {"reverses", e.reverses},
          {"shortfall", e.shortfall},
          {"reason", e.reason},
          {"at", e.at.to_shanghai_string()},
          {"by", e.by}};
}

nlohmann::json coupon_json(const CouponRedemption& c) {
  return {{"id", c.id},
          {"code", c.code},
          {"coupon", c.coupon},
          {"edition", c.edition},
          {"holder", c.holder},
          {"cost_points", c.cost_points},
          {"value_fen", c.value.fen()},
          {"value", c.value.to_string()},
          {"entry", c.entry},
          {"at", c.at.to_shanghai_string()},
          {"by", c.by}};
}

nlohmann::json award_json(const AwardResult& a) {
  return {{"outcome", std::string(to_string(a.outcome))},
          {"entry", a.entry ? entry_json(*a.entry) : nlohmann::json(nullptr)}};
}

std::string signed_points(std::int64_t points) {
  return (points > 0 ? "+" : "") + std::to_string(points);
}

int run_show(Context& ctx, const PointsArgs& args) {
  auto holder = holder_of(args);
  if (!holder.is_ok()) return ctx.fail(holder.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->points_balance(session->actor, *holder);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json coupons = nlohmann::json::array();
    for (const CouponRedemption& c : found->coupons) coupons.push_back(coupon_json(c));
    ctx.out().json({{"ok", true},
                    {"holder", found->holder},
                    {"balance", found->balance},
                    {"earned", found->earned},
                    {"spent", found->spent},
                    {"entries", found->entries},
                    {"coupons", coupons}});
    return kExitOk;
  }
  std::string text = aligned_table({{"holder", found->holder},
                                    {"balance", std::to_string(found->balance)},
                                    {"earned", std::to_string(found->earned)},
                                    {"spent on coupons", std::to_string(found->spent)},
                                    {"entries", std::to_string(found->entries)}});
  if (!found->coupons.empty()) {
    std::vector<std::vector<std::string>> rows{{"COUPON", "CODE", "VALUE", "COST", "AT"}};
    for (const CouponRedemption& c : found->coupons) {
      rows.push_back({c.coupon, c.code, c.value.to_string(), std::to_string(c.cost_points),
                      c.at.to_shanghai_string()});
    }
    text += "\n" + aligned_table(rows);
  }
  ctx.out().text(text);
  return kExitOk;
}

int run_history(Context& ctx, const PointsArgs& args) {
  auto holder = holder_of(args);
  if (!holder.is_ok()) return ctx.fail(holder.status());
  PointsQuery query;
  query.holder = *holder;
  query.limit = args.limit;
  if (!args.rule.empty()) {
    query.rule = parse_points_rule(args.rule);
    if (!query.rule) {
      return ctx.fail(Status::invalid_input("usage", "unknown --rule '" + args.rule + "'"));
    }
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->points_history(session->actor, query);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const PointsEntry& e : *found) list.push_back(entry_json(e));
    ctx.out().json({{"ok", true}, {"holder", *holder}, {"entries", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no points entries for " + *holder + "\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "AT", "RULE", "POINTS", "SUBJECT", "REASON"}};
  for (const PointsEntry& e : *found) {
    std::string reason = e.reason;
    if (e.shortfall > 0) reason += " (shortfall " + std::to_string(e.shortfall) + ")";
    rows.push_back({std::to_string(e.id), e.at.to_shanghai_string(),
                    std::string(to_string(e.rule)), signed_points(e.points), e.subject, reason});
  }
  ctx.out().text(aligned_table(rows));
  return kExitOk;
}

int run_award(Context& ctx, const PointsArgs& args) {
  auto holder = holder_of(args);
  if (!holder.is_ok()) return ctx.fail(holder.status());
  if (args.award_rule != "manual") {
    return ctx.fail(Status::invalid_input(
        "usage", "only --rule manual is awarded by hand; the other rules are earned by their flows"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  ManualAward ask{*holder, args.points, args.reason, args.key};
  auto done = session->registry->award_points(session->actor, ask);
  if (!done.is_ok()) return ctx.fail(done.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"award", award_json(*done)}});
  } else if (done->outcome == AwardOutcome::kUnchanged) {
    ctx.out().text("unchanged: " + *holder + " had this adjustment already (entry " +
                   std::to_string(done->entry->id) + ")\n");
  } else {
    ctx.out().text("awarded " + signed_points(done->entry->points) + " points to " + *holder +
                   " (entry " + std::to_string(done->entry->id) + ")\n");
  }
  return kExitOk;
}

int run_redeem(Context& ctx, const PointsArgs& args) {
  auto holder = holder_of(args);
  if (!holder.is_ok()) return ctx.fail(holder.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto done = session->registry->redeem_coupon(session->actor, *holder, args.coupon);
  if (!done.is_ok()) return ctx.fail(done.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"coupon", coupon_json(*done)}});
  } else {
    ctx.out().text("e-coupon " + done->code + " (" + done->coupon + ", " +
                   done->value.to_string() + " yuan) for " + done->holder + ": " +
                   std::to_string(done->cost_points) + " points spent\n");
  }
  return kExitOk;
}

int run_deal(Context& ctx, const PointsArgs& args) {
  auto amount = Money::parse(args.amount);
  if (!amount.is_ok()) {
    Status failure = amount.status();
    return ctx.fail(std::move(failure).in_field("amount"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  DealRecord ask;
  ask.reference = args.reference;
  ask.unit = codes::normalize(args.unit);
  ask.amount = *amount;
  auto done = session->registry->record_deal(session->actor, ask);
  if (!done.is_ok()) return ctx.fail(done.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"deal",
                     {{"reference", done->deal.reference},
                      {"unit", done->deal.unit},
                      {"amount_fen", done->deal.amount.fen()},
                      {"at", done->deal.at.to_shanghai_string()},
                      {"by", done->deal.by}}},
                    {"recorded", done->recorded},
                    {"award", award_json(done->award)}});
    return kExitOk;
  }
  std::string text = (done->recorded ? "recorded deal " : "unchanged: deal ") +
                     done->deal.reference + " of " + done->deal.unit + " (" +
                     done->deal.amount.to_string() + " yuan)";
  if (done->award.entry) {
    text += ": " + signed_points(done->award.entry->points) + " points";
  } else {
    text += ": no points (below 10,000 yuan)";
  }
  ctx.out().text(text + "\n");
  return kExitOk;
}

int run_checkins(Context& ctx, const PointsArgs& args) {
  BulkImportSpec spec;
  spec.input = {args.from, args.format, args.ignore_unknown};
  spec.columns = Registry::checkin_columns();
  spec.required = Registry::checkin_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "person";
  spec.style.outcomes = {"awarded", "recorded", "unchanged"};
  spec.style.progress_label = "importing";
  return run_bulk_import(ctx, spec,
                         [](Registry& registry, const Actor& actor, RecordReader& reader,
                            const BulkOptions& options, const RowCallback& on_row) {
                           return registry.import_checkins(actor, reader, options, on_row);
                         });
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<PointsArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

void add_holder_options(CLI::App* cmd, PointsArgs& args) {
  cmd->add_option("--unit", args.unit, "the unit's account (for mainland units its USCC)");
  cmd->add_option("--person", args.person, "the person's id")->check(CLI::PositiveNumber);
}

}  // namespace

void setup_points(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<PointsArgs>();
  CLI::App* points =
      app.add_subcommand("points", "the points ledger and e-coupons (PTS-1, PTS-2)");
  points->require_subcommand(1);

  CLI::App* show = points->add_subcommand("show", "a unit's or person's balance and coupons");
  add_holder_options(show, *args);
  show->footer("Example:\n  ciie points show --unit 91310115591693856A");
  on_run(show, ctx, args, run_show);

  CLI::App* history = points->add_subcommand("history", "a holder's ledger entries, newest first");
  add_holder_options(history, *args);
  history->add_option("--rule", args->rule,
                      "only this rule: register, invite, attend, deal, need, manual, coupon, "
                      "reversal");
  history->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  history->footer("Example:\n  ciie points history --person 12 --json");
  on_run(history, ctx, args, run_history);

  CLI::App* award = points->add_subcommand("award", "a manual adjustment (organizer)");
  add_holder_options(award, *args);
  award->add_option("--rule", args->award_rule, "manual (the only rule awarded by hand)")
      ->capture_default_str();
  award->add_option("--points", args->points, "points to add (negative: to take)")->required();
  award->add_option("--reason", args->reason, "why (required)")->required();
  award->add_option("--key", args->key,
                    "idempotency key (default: the reason): the same key twice changes nothing");
  award->footer(
      "A negative adjustment that would take the balance below 0 is refused\n"
      "(points.insufficient).\n"
      "Example:\n  ciie points award --unit 91310115591693856A --points 30 --reason \"survey\"");
  on_run(award, ctx, args, run_award);

  CLI::App* redeem = points->add_subcommand("redeem", "buy an e-coupon with points (PTS-2)");
  add_holder_options(redeem, *args);
  redeem->add_option("--coupon", args->coupon, "the coupon's code in [[points.coupon]]")
      ->required();
  redeem->footer(
      "Refusals: points.insufficient, points.coupon_limit, points.coupon_unknown.\n"
      "Example:\n  ciie points redeem --unit 91310115591693856A --coupon badge-20");
  on_run(redeem, ctx, args, run_redeem);

  CLI::App* deal = points->add_subcommand("deal", "record a deal and award its points (organizer)");
  deal->add_option("--unit", args->unit, "the buying unit's account")->required();
  deal->add_option("--amount", args->amount, "the deal's amount in yuan")->required();
  deal->add_option("--reference", args->reference, "the deal's reference (unique)")->required();
  deal->footer(
      "deal_per_10k_yuan points per whole 10,000 yuan; the same reference again changes nothing.\n"
      "Example:\n"
      "  ciie points deal --unit 91310115591693856A --amount 250000 --reference CT-2024-0042");
  on_run(deal, ctx, args, run_deal);

  CLI::App* checkins =
      points->add_subcommand("checkins", "import check-in records: attend points (organizer)");
  checkins->add_option("--from", args->from, "the check-in file ('-': stdin)")
      ->required()
      ->type_name("FILE");
  checkins->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  checkins->add_flag("--continue-on-error", args->continue_on_error,
                     "import the good rows even when some fail (default: all or none)");
  checkins->add_flag("--dry-run", args->dry_run, "check every row, change nothing");
  checkins->add_flag("--ignore-unknown", args->ignore_unknown,
                     "drop unknown columns instead of refusing");
  checkins->footer(
      "Columns: person (id) or document (+ document_kind, default cn_id), checked_in (an\n"
      "instant with offset), badge, gate. Each row: awarded, recorded (a later check-in) or\n"
      "unchanged; importing the same file again changes nothing. Format: docs/points.md.\n"
      "Example:\n  ciie points checkins --from gate-east-2024-11-05.csv --dry-run");
  on_run(checkins, ctx, args, run_checkins);
}

}  // namespace ciie::cli
