// `ciie config show` (the effective configuration as TOML or JSON, secrets as ***) and
// `ciie config check FILE` (every problem of a ciie.toml with its line; exit 2 when any).
#include <memory>
#include <string>

#include "config_file.hpp"
#include "context.hpp"
#include "exit_status.hpp"

namespace ciie::cli {
namespace {

int run_show(Context& ctx) {
  Result<const Rules*> rules = ctx.rules();
  if (!rules.is_ok()) return ctx.fail(rules.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"source", ctx.rules_source()}, {"config", render_config_json(**rules)}});
  } else {
    ctx.out().text("# ciie effective configuration; source: " + ctx.rules_source() +
                   "; secrets shown as ***\n" + render_config_toml(**rules));
  }
  return kExitOk;
}

nlohmann::json problem_json(const ConfigProblem& p) {
  return {{"line", p.line},
          {"column", p.column},
          {"key", p.key},
          {"reason", p.reason},
          {"message", p.message}};
}

int run_check(Context& ctx, const std::string& file) {
  const LoadedConfig loaded = load_config_file(file, process_env());
  Output& out = ctx.out();
  for (const ConfigProblem& p : loaded.problems) {
    if (out.json_mode()) {
      out.json(problem_json(p));
    } else {
      out.text(file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
               p.reason + ": " + p.message + "\n");
    }
  }
  if (out.json_mode()) {
    out.json({{"summary", {{"problems", loaded.problems.size()}}}});
  } else if (loaded.problems.empty()) {
    out.text(file + ": ok\n");
  } else {
    out.note(file + ": " + std::to_string(loaded.problems.size()) + " problem(s)\n");
  }
  return loaded.problems.empty() ? kExitOk : kExitUsage;
}

}  // namespace

void setup_config(CLI::App& app, Context& ctx) {
  CLI::App* config =
      app.add_subcommand("config", "Show the effective configuration or check a ciie.toml");
  config->require_subcommand(1);
  // Global options (--json, --config, …) may also follow the subcommand: `config show --json`.
  config->fallthrough();

  CLI::App* show = config->add_subcommand(
      "show", "Print the effective configuration (TOML, or JSON with --json); secrets as ***");
  show->fallthrough();
  show->footer("Example:\n  ciie --config ciie.toml config show > effective.toml");
  show->callback([&ctx] { ctx.set_action([&ctx] { return run_show(ctx); }); });

  auto file = std::make_shared<std::string>();
  CLI::App* check = config->add_subcommand(
      "check",
      "Validate a ciie.toml: every problem as FILE:LINE:COL: reason: message; exit 2 "
      "when there is any");
  check->fallthrough();
  check->add_option("FILE", *file, "The ciie.toml to check")->required();
  check->footer("Example:\n  ciie config check examples/ciie.toml");
  check->callback([&ctx, file] { ctx.set_action([&ctx, file] { return run_check(ctx, *file); }); });
}

}  // namespace ciie::cli
