// `ciie person add|import|list|remove|join` (and past|bring-forward, cmd_person_returning.cpp): the attendees of a unit (SUB-2, BDG-2) and staff
// join requests (REV-4). Document numbers and phones are masked in all output unless --reveal
// (organizer only, audited); photos are read from files by the CLI, bounded by
// [registration] photo_max_bytes.
#include <filesystem>
#include <fstream>

#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "person_render.hpp"

namespace ciie::cli {
namespace {

struct PersonArgs {
  std::string account;
  // add, join
  std::string name;
  std::string doc_type;
  std::string doc_number;
  std::string phone;
  std::string position;
  std::string badge;
  bool free_badge = false;
  std::string photo;
  // import
  std::string from;
  std::string format;
  std::string photo_dir;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
  // list
  std::string state;
  std::string badge_filter;
  bool reveal = false;
  int limit = 1000;
  // remove
  std::vector<std::string> ids;
};

// The bytes of a photo file, at most max_bytes + 1 of them: a larger file is not read whole,
// and the library refuses it (person.photo_size) by its size. Errors: person.photo_read,
// person.photo_format for an empty file.
Result<std::string> read_photo(const std::string& path, std::int64_t max_bytes) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::invalid_input(
        "person.photo_read",
        "cannot read the photo '" + path +
            "': " + (std::filesystem::exists(path, error) ? "not a regular file" : "no such file"));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Status::invalid_input("person.photo_read",
                                 "cannot read the photo '" + path + "': permission denied");
  }
  std::string bytes(static_cast<std::size_t>(max_bytes) + 1, '\0');
  file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (file.bad()) {
    return Status::invalid_input("person.photo_read",
                                 "cannot read the photo '" + path + "': read error");
  }
  bytes.resize(static_cast<std::size_t>(file.gcount()));
  // A file named but empty is a bad photo, not "no photo".
  if (bytes.empty()) {
    return Status::refused("person.photo_format", "the photo '" + path + "' is empty")
        .in_field("photo");
  }
  return bytes;
}

// The person of `person add` / `person join` from the options, the photo read from its file.
Result<PersonRequest> build_request(Context& ctx, const PersonArgs& args) {
  PersonRequest request;
  const auto kind = codes::parse_document_kind(args.doc_type);
  if (!kind) {
    return Status::invalid_input(
        "usage", "unknown --doc-type '" + args.doc_type + "' (" + document_kinds_text() + ")");
  }
  request.name = args.name;
  request.document_kind = *kind;
  request.document_number = args.doc_number;
  request.phone = args.phone;
  request.position = args.position;
  request.badge_type = args.badge;
  request.free_badge = args.free_badge;
  if (!args.photo.empty()) {
    CIIE_ASSIGN_OR_RETURN(const Rules* rules, ctx.rules());
    CIIE_ASSIGN_OR_RETURN(request.photo,
                          read_photo(args.photo, rules->registration.photo_max_bytes));
  }
  return request;
}

int print_person(Context& ctx, const Person& person, const std::string& prefix,
                 const std::string& after) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"person", person_json(person, false)}});
  } else {
    ctx.out().text(prefix + person_text(person, false) + after);
  }
  return kExitOk;
}

int run_add(Context& ctx, const PersonArgs& args) {
  // The photo is read before the store is opened: a bad path costs nothing.
  auto request = build_request(ctx, args);
  if (!request.is_ok()) return ctx.fail(request.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto person =
      session->registry->add_person(session->actor, codes::normalize(args.account), *request);
  if (!person.is_ok()) return ctx.fail(person.status());
  return print_person(ctx, *person, "added ", "");
}

int run_join(Context& ctx, const PersonArgs& args) {
  auto request = build_request(ctx, args);
  if (!request.is_ok()) return ctx.fail(request.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  JoinRequest join;
  join.unit = codes::normalize(args.account);
  join.person = std::move(*request);
  auto person = session->registry->request_join(session->actor, join);
  if (!person.is_ok()) return ctx.fail(person.status());
  return print_person(ctx, *person, "join request: ",
                      "the unit decides: ciie --as unit:" + join.unit +
                          " review --join-requests --unit " + join.unit + " --approve " +
                          std::to_string(person->id) + "\n");
}

int run_import(Context& ctx, const PersonArgs& args) {
  BulkImportSpec spec;
  spec.input = {args.from, args.format, args.ignore_unknown};
  spec.columns = Registry::person_columns();
  spec.required = Registry::person_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "person";
  spec.style.outcomes = {"added", "unchanged"};
  spec.style.progress_label = "importing";
  const std::string account = codes::normalize(args.account);
  const std::string photo_dir = folder_for_row_files(args.photo_dir, args.from);
  return run_bulk_import(ctx, spec,
                         [&](Registry& registry, const Actor& actor, RecordReader& reader,
                             const BulkOptions& options, const RowCallback& on_row) {
                           return registry.add_persons(actor, account, reader, options, photo_dir,
                                                       on_row);
                         });
}

Result<PersonFilter> build_filter(const PersonArgs& args) {
  PersonFilter filter;
  if (!args.state.empty()) {
    filter.state = parse_person_state(args.state);
    if (!filter.state) {
      return Status::invalid_input("usage", "unknown --state '" + args.state +
                                                "' (join_requested, draft, submitted, "
                                                "under_review, approved or rejected)");
    }
  }
  filter.badge_type = args.badge_filter;
  filter.limit = args.limit;
  filter.reveal = args.reveal;
  return filter;
}

int run_list(Context& ctx, const PersonArgs& args) {
  auto filter = build_filter(args);
  if (!filter.is_ok()) return ctx.fail(filter.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  auto list = session->registry->persons(session->actor, account, *filter);
  if (!list.is_ok()) return ctx.fail(list.status());
  if (ctx.out().json_mode()) {
    nlohmann::json persons = nlohmann::json::array();
    for (const Person& person : list->persons) persons.push_back(person_json(person, args.reveal));
    ctx.out().json(
        {{"ok", true}, {"unit", account}, {"persons", persons}, {"pending", list->pending}});
    return kExitOk;
  }
  if (list->persons.empty()) {
    ctx.out().note("no persons match\n");
  } else {
    ctx.out().text(person_table(list->persons, args.reveal));
  }
  ctx.out().text("pending (待提交人数): " + std::to_string(list->pending) + "\n");
  return kExitOk;
}

int run_remove(Context& ctx, const PersonArgs& args) {
  auto ids = parse_ids(args.ids, "person remove");
  if (!ids.is_ok()) return ctx.fail(ids.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const std::string account = codes::normalize(args.account);
  const Status removed = session->registry->remove_persons(session->actor, account, *ids);
  if (!removed.is_ok()) return ctx.fail(removed);
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"unit", account}, {"removed", *ids}});
  } else {
    ctx.out().text("removed " + std::string(ids->size() == 1 ? "person " : "persons ") +
                   ids_text(*ids) + " from " + account + "\n");
  }
  return kExitOk;
}

// The fields of one person, shared by add and join (a join request takes no free place: the
// unit's account assigns free badges itself, join.free_badge).
void add_person_options(CLI::App* cmd, PersonArgs& args, bool with_free) {
  cmd->add_option("--unit", args.account, "the unit's account")->required();
  cmd->add_option("--name", args.name, "the person's name (姓名)")->required();
  cmd->add_option("--doc-type", args.doc_type, document_kinds_text())
      ->required()
      ->type_name("KIND");
  cmd->add_option("--doc-number", args.doc_number, "the document's number")->required();
  cmd->add_option("--phone", args.phone, "mainland mobile or E.164 (+852…)")->required();
  cmd->add_option("--badge", args.badge, "badge type code, e.g. full or weekend")->required();
  cmd->add_option("--position", args.position, "position (职务)");
  if (with_free) {
    cmd->add_flag("--free", args.free_badge,
                  "take a free place of the unit's delegation for this badge type (BDG-2)");
  }
  cmd->add_option("--photo", args.photo, "a PNG or JPEG photo (证件照)")->type_name("FILE");
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<PersonArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_person(CLI::App& app, Context& ctx) {
  CLI::App* person = app.add_subcommand("person", "a unit's attendees (SUB-2), in bulk too");
  person->require_subcommand(1);
  auto args = std::make_shared<PersonArgs>();

  CLI::App* add = person->add_subcommand("add", "add one person to a unit, in draft");
  add_person_options(add, *args, true);
  add->footer(
      "One badge per person per edition, across all units (person.duplicate). --free takes a\n"
      "place of the delegation's free quota at once (quota.exhausted when none is left).\n"
      "Example:\n  ciie person add --unit 91310115591693856A --name 张三 --doc-type cn_id \\\n"
      "      --doc-number 440883199001012977 --phone 13812345678 --badge full --photo zhang.jpg");
  on_run(add, ctx, args, run_add);

  CLI::App* import = person->add_subcommand("import", "add every row of a CSV or JSON Lines file");
  import->add_option("--unit", args->account, "the unit's account")->required();
  import->add_option("--from", args->from, "the file ('-': stdin)")->required()->type_name("FILE");
  import->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  import
      ->add_option("--photo-dir", args->photo_dir,
                   "where the photo column's file names are (default: the file's directory)")
      ->type_name("DIR");
  import->add_flag("--continue-on-error", args->continue_on_error,
                   "add the good rows even when some fail (default: all or none)");
  import->add_flag("--dry-run", args->dry_run, "check every row, change nothing");
  import->add_flag("--ignore-unknown", args->ignore_unknown,
                   "drop unknown columns instead of refusing");
  import->footer(
      "One line per refused row, then a summary; --json gives JSON Lines and a summary line.\n"
      "Exit 0 when every row is ok, 1 when any was refused, 2 when the file cannot be read.\n"
      "Columns: docs/person-input.md.\n"
      "Example:\n  ciie person import --unit 91310115591693856A --from staff.csv --dry-run");
  on_run(import, ctx, args, run_import);

  CLI::App* list = person->add_subcommand("list", "a unit's persons and the pending count");
  list->add_option("--unit", args->account, "the unit's account")->required();
  list->add_option("--state", args->state,
                   "join_requested, draft, submitted, under_review, approved or rejected");
  list->add_option("--badge", args->badge_filter, "only this badge type");
  list->add_option("--limit", args->limit, "at most this many persons")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->add_flag("--reveal", args->reveal,
                 "document numbers and phones in full (organizer only; audited)");
  list->footer("Example:\n  ciie person list --unit 91310115591693856A --state draft");
  on_run(list, ctx, args, run_list);

  CLI::App* remove = person->add_subcommand("remove", "remove draft persons (all or none)");
  remove->add_option("--unit", args->account, "the unit's account")->required();
  remove->add_option("ID", args->ids, "person ids (also comma-separated)")->required();
  remove->footer("Example:\n  ciie person remove --unit 91310115591693856A 3 4");
  on_run(remove, ctx, args, run_remove);

  CLI::App* join = person->add_subcommand(
      "join", "a staff member asks to join a unit (REV-4; normally --as applicant)");
  add_person_options(join, *args, false);
  join->footer(
      "The unit's account approves or rejects the request with `ciie review --join-requests`.\n"
      "Example:\n  ciie --as applicant person join --unit 91310115591693856A --name 李四 \\\n"
      "      --doc-type passport --doc-number E12345678 --phone 13912345678 --badge full");
  on_run(join, ctx, args, run_join);

  setup_person_returning(*person, ctx);
}

}  // namespace ciie::cli
