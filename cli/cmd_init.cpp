// `ciie init`: create or migrate the store and load delegations, badge types and quotas.
#include "ciie/store_admin.hpp"
#include "context.hpp"

namespace ciie::cli {

void setup_init(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "init", "create or migrate the store; load delegations, badge types, quotas from config");
  cmd->footer("Example:\n  ciie --db ciie.db init\n  ciie --config ciie.toml --json init");
  cmd->callback([&ctx] {
    ctx.set_action([&ctx]() -> int {
      ctx.allow_store_creation();
      auto actor = ctx.actor();
      if (!actor.is_ok()) return ctx.fail(actor.status());
      auto registry = ctx.registry();
      if (!registry.is_ok()) return ctx.fail(registry.status());
      auto report = (*registry)->init(*actor);
      if (!report.is_ok()) return ctx.fail(report.status());
      const std::string db =
          redacted_store_uri(ctx.options().db.empty() ? "ciie.db" : ctx.options().db);
      nlohmann::json changes = nlohmann::json::array();
      std::string change_lines;
      for (const QuotaChange& change : report->quota_changes) {
        const std::string pool =
            change.quota.delegation +
            (change.quota.sub_delegation.empty() ? "" : "/" + change.quota.sub_delegation);
        changes.push_back({{"delegation", change.quota.delegation},
                           {"sub_delegation", change.quota.sub_delegation},
                           {"badge_type", change.quota.badge_type},
                           {"places_before", change.places_before},
                           {"places", change.quota.places},
                           {"removed", change.removed}});
        change_lines += "free quota " + pool + " " + change.quota.badge_type + ": " +
                        std::to_string(change.places_before) + " -> " +
                        (change.removed ? std::string("removed")
                                        : std::to_string(change.quota.places) + " places") +
                        " (from the configuration)\n";
      }
      if (ctx.out().json_mode()) {
        nlohmann::json out = {{"ok", true},
                        {"store", db},
                        {"config", ctx.rules_source()},
                        {"schema_version_before", report->schema_version_before},
                        {"schema_version_after", report->schema_version_after},
                        {"delegations", report->delegations},
                        {"sub_delegations", report->sub_delegations},
                        {"badge_types", report->badge_types},
                        {"quotas", report->quotas},
                        {"rows_changed", report->changed}};
        // Only when init overwrote places the store held (e.g. set with `ciie quota set`).
        if (!changes.empty()) out["quota_changes"] = changes;
        ctx.out().json(out);
        return 0;
      }
      std::string text = "store " + db + ": schema version ";
      text += report->schema_version_before == report->schema_version_after
                  ? std::to_string(report->schema_version_after) + " (up to date)\n"
                  : std::to_string(report->schema_version_before) + " -> " +
                        std::to_string(report->schema_version_after) + "\n";
      text += "config: " + ctx.rules_source() + "\n";
      text += "loaded " + std::to_string(report->delegations) + " delegations, " +
              std::to_string(report->sub_delegations) + " sub-delegations, " +
              std::to_string(report->badge_types) + " badge types, " +
              std::to_string(report->quotas) + " free quotas (" + std::to_string(report->changed) +
              " rows changed)\n";
      ctx.out().text(text + change_lines);
      return 0;
    });
  });
}

}  // namespace ciie::cli
