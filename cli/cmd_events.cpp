// `ciie events import|list|apply|applications` (EVT-1): the organizer imports the supporting
// events; anyone lists them; a unit applies for one open to professional visitors.
#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "match_render.hpp"

namespace ciie::cli {
namespace {

struct EventsArgs {
  // import
  std::string file;
  std::string format;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
  // list
  std::string name;
  std::string organiser;
  std::string on;
  std::string from;
  std::string to;
  bool open_only = false;
  int limit = 1000;
  // apply, applications
  std::string event;
  std::string unit;
  std::int64_t persons = 1;
};

int run_import(Context& ctx, const EventsArgs& args) {
  BulkImportSpec spec;
  spec.input = {args.file, args.format, args.ignore_unknown};
  spec.columns = Registry::event_columns();
  spec.required = Registry::event_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "event";
  spec.style.outcomes = {"imported", "updated", "unchanged"};
  spec.style.progress_label = "importing";
  return run_bulk_import(ctx, spec,
                         [](Registry& registry, const Actor& actor, RecordReader& reader,
                            const BulkOptions& options, const RowCallback& on_row) {
                           return registry.import_events(actor, reader, options, on_row);
                         });
}

Result<std::optional<Date>> date_option(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<Date>();
  auto date = Date::parse(text);
  if (!date.is_ok()) {
    return Status::invalid_input("time.format", std::string(flag) + ": " +
                                                    date.status().message());
  }
  return std::optional<Date>(*date);
}

int run_list(Context& ctx, const EventsArgs& args) {
  EventFilter filter;
  filter.name_contains = args.name;
  filter.organiser_contains = args.organiser;
  filter.open_only = args.open_only;
  filter.limit = args.limit;
  if (!args.on.empty() && (!args.from.empty() || !args.to.empty())) {
    return ctx.fail(Status::invalid_input("usage", "--on excludes --from and --to"));
  }
  auto from = date_option(args.on.empty() ? args.from : args.on, "--from");
  if (!from.is_ok()) return ctx.fail(from.status());
  auto to = date_option(args.on.empty() ? args.to : args.on, "--to");
  if (!to.is_ok()) return ctx.fail(to.status());
  filter.from = *from;
  filter.to = *to;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->events(session->actor, filter);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Event& e : *found) list.push_back(event_json(e));
    ctx.out().json({{"ok", true}, {"events", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no events match\n");
    return kExitOk;
  }
  ctx.out().text(events_table(*found));
  return kExitOk;
}

int run_apply(Context& ctx, const EventsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  EventApplyRequest request;
  request.event = args.event;
  request.unit = codes::normalize(args.unit);
  request.persons = args.persons;
  auto applied = session->registry->apply_for_event(session->actor, request);
  if (!applied.is_ok()) return ctx.fail(applied.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"application", application_json(*applied)}});
  } else {
    ctx.out().text("applied: " + applied->unit + " (" + applied->unit_name + ") for event " +
                   applied->event + ", " + std::to_string(applied->persons) + " person(s)\n");
  }
  return kExitOk;
}

int run_applications(Context& ctx, const EventsArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto event = session->registry->event(session->actor, args.event);
  if (!event.is_ok()) return ctx.fail(event.status());
  auto found = session->registry->event_applications(session->actor, args.event);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const EventApplication& a : *found) list.push_back(application_json(a));
    ctx.out().json({{"ok", true}, {"event", event_json(*event)}, {"applications", list}});
    return kExitOk;
  }
  std::string text = event->code + " " + event->name + ": " + places_text(*event) + " taken\n";
  if (!found->empty()) text += applications_table(*found);
  ctx.out().text(text);
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<EventsArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_events(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EventsArgs>();
  CLI::App* events = app.add_subcommand("events", "supporting events (配套活动, EVT-1)");
  events->require_subcommand(1);

  CLI::App* import = events->add_subcommand("import", "load supporting events (organizer)");
  import->add_option("--from", args->file, "the events file ('-': stdin)")
      ->required()
      ->type_name("FILE");
  import->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  import->add_flag("--continue-on-error", args->continue_on_error,
                   "import the good rows even when some fail (default: all or none)");
  import->add_flag("--dry-run", args->dry_run, "check every row, change nothing");
  import->add_flag("--ignore-unknown", args->ignore_unknown,
                   "drop unknown columns instead of refusing");
  import->footer(
      "Columns: code, name, starts_on, ends_on, organiser, contact_name, contact_phone, open,\n"
      "capacity (docs/match.md). Each row: imported, updated or unchanged by its code;\n"
      "importing the same file again changes nothing.\n"
      "Example:\n  ciie events import --from examples/match/events.csv --dry-run");
  on_run(import, ctx, args, run_import);

  CLI::App* list = events->add_subcommand("list", "events by first day (anyone)");
  list->add_option("--name", args->name, "the name contains this text");
  list->add_option("--organiser", args->organiser, "the organiser contains this text");
  list->add_option("--on", args->on, "takes place on this day")->type_name("DATE");
  list->add_option("--from", args->from, "takes place on or after this day")->type_name("DATE");
  list->add_option("--to", args->to, "takes place on or before this day")->type_name("DATE");
  list->add_flag("--open", args->open_only, "only events open to professional visitors");
  list->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->footer("Example:\n  ciie events list --on 2024-11-06 --open");
  on_run(list, ctx, args, run_list);

  CLI::App* apply = events->add_subcommand("apply", "a unit applies for an open event");
  apply->add_option("EVENT", args->event, "the event's code")->required();
  apply->add_option("--unit", args->unit, "the unit's account")->required();
  apply->add_option("--persons", args->persons, "how many persons come (1–50)")
      ->capture_default_str();
  apply->footer(
      "Refusals: event.closed (not open to professional visitors), event.full, event.applied.\n"
      "Example:\n  ciie --as unit:91510100MA34729FXF events apply EVT-2024-001 \\\n"
      "      --unit 91510100MA34729FXF --persons 2");
  on_run(apply, ctx, args, run_apply);

  CLI::App* applications =
      events->add_subcommand("applications", "an event's applications (organizer; a unit: its own)");
  applications->add_option("EVENT", args->event, "the event's code")->required();
  applications->footer(
      "Example:\n  ciie events applications EVT-2024-001\n"
      "  ciie --as unit:91350100MA45BGC17X events applications EVT-2024-001");
  on_run(applications, ctx, args, run_applications);
}

}  // namespace ciie::cli
