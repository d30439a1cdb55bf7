// `ciie audit`: read the audit trail, newest first.
#include "context.hpp"

namespace ciie::cli {
namespace {

struct AuditArgs {
  std::string subject;
  std::string action;
  std::string since;
  int limit = 50;
};

int run_audit(Context& ctx, const AuditArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  AuditQuery query;
  query.subject = args.subject;
  query.action = args.action;
  query.limit = args.limit;
  if (!args.since.empty()) {
    auto since = Instant::parse(args.since);
    if (!since.is_ok()) return ctx.fail(since.status());
    query.since = *since;
  }
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto entries = (*registry)->audit(*actor, query);
  if (!entries.is_ok()) return ctx.fail(entries.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const AuditEntry& e : *entries) {
      list.push_back({{"id", e.id},
                      {"at", e.at.to_shanghai_string()},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"subject", e.subject},
                      {"details", nlohmann::json::parse(e.details, nullptr, false)}});
    }
    ctx.out().json({{"ok", true}, {"entries", list}});
    return 0;
  }
  for (const AuditEntry& e : *entries) {
    ctx.out().text(std::to_string(e.id) + "  " + e.at.to_shanghai_string() + "  " + e.actor + "  " +
                   e.action + "  " + e.subject + "  " + e.details + "\n");
  }
  if (entries->empty()) ctx.out().note("no audit entries match\n");
  return 0;
}

}  // namespace

void setup_audit(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "the audit trail, newest first");
  cmd->add_option("--subject", args->subject, "only entries about this subject (e.g. store)");
  cmd->add_option("--action", args->action, "only this action (e.g. store.init)");
  cmd->add_option("--since", args->since, "only entries at or after this instant");
  cmd->add_option("--limit", args->limit, "at most this many entries")
      ->check(CLI::Range(1, 100000));
  cmd->footer("Example:\n  ciie audit --subject store --limit 10");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_audit(ctx, *args); }); });
}

}  // namespace ciie::cli
