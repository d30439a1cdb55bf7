// `ciie exhibitors import|list|show` and `ciie exhibits list` (MATCH-1): the organizer imports
// exhibits with their exhibitors; anyone reads them (查看展商展品).
#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "match_render.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct ExhibitorsArgs {
  std::string file;
  std::string format;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
  std::string id;
  std::string exhibitor;
  std::string area;
  std::string category;
  int limit = 1000;
};

int run_import(Context& ctx, const ExhibitorsArgs& args) {
  BulkImportSpec spec;
  spec.input = {args.file, args.format, args.ignore_unknown};
  spec.columns = Registry::exhibit_columns();
  spec.required = Registry::exhibit_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "exhibit";
  spec.style.outcomes = {"imported", "updated", "unchanged"};
  spec.style.progress_label = "importing";
  return run_bulk_import(ctx, spec,
                         [](Registry& registry, const Actor& actor, RecordReader& reader,
                            const BulkOptions& options, const RowCallback& on_row) {
                           return registry.import_exhibits(actor, reader, options, on_row);
                         });
}

int run_list(Context& ctx, const ExhibitorsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->exhibitors(session->actor, args.limit, 0);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Exhibitor& x : *found) list.push_back(exhibitor_json(x));
    ctx.out().json({{"ok", true}, {"exhibitors", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no exhibitors\n");
    return kExitOk;
  }
  ctx.out().text(exhibitors_table(*found));
  return kExitOk;
}

int run_show(Context& ctx, const ExhibitorsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->exhibitor(session->actor, args.id);
  if (!found.is_ok()) return ctx.fail(found.status());
  ExhibitFilter filter;
  filter.exhibitor = found->id;
  filter.limit = 0;
  auto exhibits = session->registry->exhibits(session->actor, filter);
  if (!exhibits.is_ok()) return ctx.fail(exhibits.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Exhibit& e : *exhibits) list.push_back(exhibit_json(e));
    ctx.out().json({{"ok", true}, {"exhibitor", exhibitor_json(*found)}, {"exhibits", list}});
    return kExitOk;
  }
  std::string text = aligned_table({{"id", found->id},
                                    {"name", found->name},
                                    {"country", found->country.empty() ? "-" : found->country},
                                    {"exhibits", std::to_string(found->exhibits)}});
  if (!exhibits->empty()) text += "\n" + exhibits_table(*exhibits);
  ctx.out().text(text);
  return kExitOk;
}

int run_exhibits(Context& ctx, const ExhibitorsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  ExhibitFilter filter;
  filter.exhibitor = args.exhibitor;
  filter.area = args.area;
  filter.category = args.category;
  filter.limit = args.limit;
  auto found = session->registry->exhibits(session->actor, filter);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Exhibit& e : *found) list.push_back(exhibit_json(e));
    ctx.out().json({{"ok", true}, {"exhibits", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no exhibits match\n");
    return kExitOk;
  }
  ctx.out().text(exhibits_table(*found));
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<ExhibitorsArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

void add_limit(CLI::App* cmd, ExhibitorsArgs& args) {
  cmd->add_option("--limit", args.limit, "at most this many")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
}

}  // namespace

void setup_exhibitors(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExhibitorsArgs>();
  CLI::App* exhibitors = app.add_subcommand("exhibitors", "exhibitors and their exhibits (MATCH-1)");
  exhibitors->require_subcommand(1);

  CLI::App* import =
      exhibitors->add_subcommand("import", "load exhibits with their exhibitors (organizer)");
  import->add_option("--from", args->file, "the exhibits file ('-': stdin)")
      ->required()
      ->type_name("FILE");
  import->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  import->add_flag("--continue-on-error", args->continue_on_error,
                   "import the good rows even when some fail (default: all or none)");
  import->add_flag("--dry-run", args->dry_run, "check every row, change nothing");
  import->add_flag("--ignore-unknown", args->ignore_unknown,
                   "drop unknown columns instead of refusing");
  import->footer(
      "One row per exhibit. Columns: exhibitor, exhibitor_name, exhibitor_country, exhibit,\n"
      "area, category, name, description, country (docs/match.md). Importing the same file\n"
      "again changes nothing.\n"
      "Example:\n  ciie exhibitors import --from examples/match/exhibits.csv");
  on_run(import, ctx, args, run_import);

  CLI::App* list = exhibitors->add_subcommand("list", "exhibitors by id (anyone)");
  add_limit(list, *args);
  list->footer("Example:\n  ciie exhibitors list --limit 20");
  on_run(list, ctx, args, run_list);

  CLI::App* show = exhibitors->add_subcommand("show", "one exhibitor and its exhibits");
  show->add_option("ID", args->id, "the exhibitor's id")->required();
  show->footer("Example:\n  ciie exhibitors show EXH-NZ-001");
  on_run(show, ctx, args, run_show);

  CLI::App* exhibits = app.add_subcommand("exhibits", "exhibits (MATCH-1)");
  exhibits->require_subcommand(1);
  CLI::App* exhibits_list = exhibits->add_subcommand("list", "exhibits by id (anyone)");
  exhibits_list->add_option("--exhibitor", args->exhibitor, "of this exhibitor");
  exhibits_list->add_option("--area", args->area, "in this area (slug)");
  exhibits_list->add_option("--category", args->category, "in this category");
  add_limit(exhibits_list, *args);
  exhibits_list->footer("Example:\n  ciie exhibits list --area food-agri --category dairy");
  on_run(exhibits_list, ctx, args, run_exhibits);
}

}  // namespace ciie::cli
