// `ciie quota show|set`: free badge quotas (BDG-2). `show` lists places, used and left per
// delegation, sub-delegation and badge type; `set` (organizer) changes a quota's places.
#include "context.hpp"
#include "exit_status.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct QuotaArgs {
  std::string delegation;
  std::string sub_delegation;
  std::string badge;
  std::int64_t places = 0;
};

nlohmann::json quota_json(const FreeQuota& quota) {
  return {{"delegation", quota.delegation},   {"sub_delegation", quota.sub_delegation},
          {"badge_type", quota.badge_type},   {"places", quota.places},
          {"used", quota.used},               {"left", quota.left()}};
}

std::string quota_table(const std::vector<FreeQuota>& quotas) {
  std::vector<std::vector<std::string>> rows = {
      {"DELEGATION", "SUB-DELEGATION", "BADGE", "PLACES", "USED", "LEFT"}};
  for (const FreeQuota& quota : quotas) {
    rows.push_back({quota.delegation, quota.sub_delegation.empty() ? "-" : quota.sub_delegation,
                    quota.badge_type, std::to_string(quota.places), std::to_string(quota.used),
                    std::to_string(quota.left())});
  }
  return aligned_table(rows);
}

int run_show(Context& ctx, const QuotaArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto quotas = session->registry->quotas(session->actor, args.delegation);
  if (!quotas.is_ok()) return ctx.fail(quotas.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const FreeQuota& quota : *quotas) list.push_back(quota_json(quota));
    ctx.out().json({{"ok", true}, {"quotas", list}});
    return kExitOk;
  }
  if (quotas->empty()) {
    ctx.out().note("no free quotas" +
                   (args.delegation.empty() ? std::string() : " of " + args.delegation) + "\n");
    return kExitOk;
  }
  ctx.out().text(quota_table(*quotas));
  return kExitOk;
}

int run_set(Context& ctx, const QuotaArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto quota = session->registry->set_quota(session->actor, args.delegation, args.sub_delegation,
                                            args.badge, args.places);
  if (!quota.is_ok()) return ctx.fail(quota.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"quota", quota_json(*quota)}});
    return kExitOk;
  }
  const std::string pool =
      quota->delegation + (quota->sub_delegation.empty() ? "" : "/" + quota->sub_delegation);
  ctx.out().text("set free quota " + pool + " " + quota->badge_type + ": " +
                 std::to_string(quota->places) + " places, " + std::to_string(quota->used) +
                 " used, " + std::to_string(quota->left()) + " left\n");
  ctx.out().note(
      "note: `ciie init` makes the places equal to the configuration again; put the value in "
      "ciie.toml to keep it\n");
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<QuotaArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_quota(CLI::App& app, Context& ctx) {
  CLI::App* quota = app.add_subcommand("quota", "free badge quotas (BDG-2)");
  quota->require_subcommand(1);
  auto args = std::make_shared<QuotaArgs>();

  CLI::App* show = quota->add_subcommand("show", "free places, used and left");
  show->add_option("--delegation", args->delegation,
                   "only this delegation (its own pool and its sub-delegations')");
  show->footer(
      "The organizer sees every quota, a delegation its own.\nExample:\n  ciie quota show "
      "--delegation shanghai");
  on_run(show, ctx, args, run_show);

  CLI::App* set = quota->add_subcommand("set", "set the places of a quota (organizer)");
  set->add_option("--delegation", args->delegation, "the delegation's slug")->required();
  set->add_option("--sub-delegation", args->sub_delegation,
                  "a sub-delegation of it (its own pool; default: the delegation's pool)");
  set->add_option("--badge", args->badge, "badge type code, e.g. full or weekend")->required();
  set->add_option("--places", args->places, "free places, at least the places held")->required();
  set->footer(
      "quota.below_used when fewer places than are held. `ciie init` resets the places to the "
      "configuration.\nExample:\n  ciie quota set --delegation shanghai --badge full --places 500");
  on_run(set, ctx, args, run_set);
}

}  // namespace ciie::cli
