// `ciie needs publish|list|withdraw` (MATCH-1): a unit's purchase needs (采购需求).
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "help_reference.hpp"
#include "match_render.hpp"

namespace ciie::cli {
namespace {

struct NeedsArgs {
  std::string unit;
  std::string area;
  std::string category;
  std::string keywords;
  std::string description;
  std::string budget;
  std::int64_t quantity = 0;
  std::string state;
  int limit = 1000;
  std::int64_t id = 0;
};

int print_need(Context& ctx, const PurchaseNeed& need, const std::string& verb) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"need", need_json(need)}});
  } else {
    ctx.out().text(verb + " need " + std::to_string(need.id) + " of " + need.unit + " (" +
                   need.unit_name + "): " + need.area + "/" + need.category + " " +
                   need.keywords + "\n");
  }
  return kExitOk;
}

int run_publish(Context& ctx, const NeedsArgs& args) {
  NeedRequest request;
  request.unit = codes::normalize(args.unit);
  request.area = args.area;
  request.category = args.category;
  request.keywords = args.keywords;
  request.description = args.description;
  if (!args.budget.empty()) {
    auto budget = Money::parse(args.budget);
    if (!budget.is_ok()) return ctx.fail(budget.status());
    request.budget = *budget;
  }
  if (args.quantity != 0) request.quantity = args.quantity;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto published = session->registry->publish_need(session->actor, request);
  if (!published.is_ok()) return ctx.fail(published.status());
  return print_need(ctx, *published, "published");
}

int run_list(Context& ctx, const NeedsArgs& args) {
  NeedFilter filter;
  filter.unit = args.unit.empty() ? std::string() : codes::normalize(args.unit);
  filter.area = args.area;
  filter.limit = args.limit;
  if (!args.state.empty()) {
    filter.state = parse_need_state(args.state);
    if (!filter.state) {
      return ctx.fail(
          Status::invalid_input("usage", "unknown --state '" + args.state + "' (open, withdrawn)"));
    }
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->needs(session->actor, filter);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const PurchaseNeed& n : *found) list.push_back(need_json(n));
    ctx.out().json({{"ok", true}, {"needs", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no needs match\n");
    return kExitOk;
  }
  ctx.out().text(needs_table(*found));
  return kExitOk;
}

int run_withdraw(Context& ctx, const NeedsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto withdrawn = session->registry->withdraw_need(session->actor, args.id);
  if (!withdrawn.is_ok()) return ctx.fail(withdrawn.status());
  return print_need(ctx, *withdrawn, "withdrew");
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<NeedsArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_needs(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<NeedsArgs>();
  CLI::App* needs = app.add_subcommand("needs", "purchase needs (采购需求, MATCH-1)");
  needs->require_subcommand(1);

  CLI::App* publish = needs->add_subcommand("publish", "publish a unit's purchase need");
  publish->add_option("--unit", args->unit, "the unit's account")->required();
  publish->add_option("--area", args->area, "the exhibition area (slug)")->required();
  publish->add_option("--category", args->category, "one of the area's categories")->required();
  publish->add_option("--keywords", args->keywords, "product keywords (Chinese or Latin)")
      ->required();
  publish->add_option("--description", args->description, "more about the need");
  publish->add_option("--budget", args->budget, "the budget in yuan")->type_name("YUAN");
  publish->add_option("--quantity", args->quantity, "how many")->check(CLI::PositiveNumber);
  publish->footer(
      "Example:\n  ciie needs publish --unit 91510100MA34729FXF --area food-agri --category dairy \\\n"
      "      --keywords \"进口牛奶 奶酪\" --budget 500000 --quantity 2000");
  on_run(publish, ctx, args, run_publish);

  CLI::App* list = needs->add_subcommand(
      "list", "needs by id (organizer: all; a unit: its own; a delegation: one unit's)");
  list->add_option("--unit", args->unit, "of this unit");
  list->add_option("--area", args->area, "in this area");
  list->add_option("--state", args->state, "open or withdrawn")
      ->check(choices({"open", "withdrawn"}));  // a bad one: refused by run_list
  list->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->footer(
      "Example:\n  ciie needs list --area food-agri --state open\n"
      "  ciie --as unit:91350100MA45BGC17X needs list --unit 91350100MA45BGC17X");
  on_run(list, ctx, args, run_list);

  CLI::App* withdraw = needs->add_subcommand("withdraw", "withdraw an open need");
  withdraw->add_option("ID", args->id, "the need's id")->required();
  withdraw->footer(
      "Its need points are reversed (docs/points.md).\n"
      "Example:\n  ciie --as unit:91350100MA45BGC17X needs withdraw 1");
  on_run(withdraw, ctx, args, run_withdraw);
}

}  // namespace ciie::cli
