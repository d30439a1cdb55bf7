// `ciie migrate-store --to postgresql://…`: copy the SQLite store (--db) into an empty
// PostgreSQL database (docs/deployment.md). The organizer's: it reads every row of every unit.
#include "ciie/store_admin.hpp"

#include "context.hpp"

namespace ciie::cli {

void setup_migrate_store(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "migrate-store", "copy this SQLite store into an empty PostgreSQL database (organizer)");
  auto to = std::make_shared<std::string>();  // lives as long as the callback, as other commands'
  cmd->add_option("--to", *to, "the PostgreSQL database, postgresql://user@host:port/database")
      ->required()
      ->type_name("URI");
  cmd->footer(
      "Example:\n  ciie --db ciie.db migrate-store --to postgresql://ciie@db.internal/ciie");
  cmd->callback([&ctx, to] {
    ctx.set_action([&ctx, to]() -> int {
      auto actor = ctx.actor();
      if (!actor.is_ok()) return ctx.fail(actor.status());
      // Opening the store proves the actor on a secured store.
      auto registry = ctx.registry();
      if (!registry.is_ok()) return ctx.fail(registry.status());
      if (actor->kind != ActorKind::kOrganizer) {
        return ctx.fail(Status::refused("auth.forbidden", actor->to_string() +
                                                              " may not copy the store "
                                                              "(organizer only)"));
      }
      const std::string from = ctx.options().db.empty() ? "ciie.db" : ctx.options().db;
      auto report = copy_store_to_postgres(from, *to, ctx.options().busy_timeout_ms);
      if (!report.is_ok()) return ctx.fail(report.status());
      if (ctx.out().json_mode()) {
        nlohmann::json tables = nlohmann::json::object();
        for (const auto& [table, rows] : report->tables) tables[table] = rows;
        ctx.out().json({{"ok", true},
                        {"from", redacted_store_uri(from)},
                        {"to", redacted_store_uri(*to)},
                        {"schema_version", report->schema_version},
                        {"rows", report->rows},
                        {"tables", tables}});
        return 0;
      }
      std::string text = "copied " + redacted_store_uri(from) + " to " + redacted_store_uri(*to) +
                         ": schema version " + std::to_string(report->schema_version) + ", " +
                         std::to_string(report->tables.size()) + " tables, " +
                         std::to_string(report->rows) + " rows\n";
      for (const auto& [table, rows] : report->tables) {
        if (rows > 0) text += "  " + table + ": " + std::to_string(rows) + "\n";
      }
      ctx.out().text(text);
      return 0;
    });
  });
}

}  // namespace ciie::cli
