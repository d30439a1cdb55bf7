// `ciie register`: one unit from options or from a licence scan (REG-1..5, DEL-1..4), or many
// from a CSV / JSON Lines file with --from (domain §15: every row reported with its line, all
// rows or none by default).
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "ciie/licence_check.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "licence_render.hpp"
#include "password_input.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct RegisterArgs {
  // One unit.
  std::string uscc;
  std::string name;
  std::string category;
  std::string region = "mainland";
  std::string delegation;
  std::string sub_delegation;
  std::string affiliation = "place";
  std::string reason;
  std::string referral;
  std::string phone;
  std::string sms_code;
  std::string email;
  std::string legal_rep;
  std::string address;
  std::string licence;      // a scan whose USCC and fields register the unit (REG-3)
  bool accept_ocr = false;  // the scan's values win over typed ones that disagree
  bool password_stdin = false;
  bool consent = false;
  // Many units.
  std::string from;
  std::string format;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
  std::vector<CLI::Option*> one_unit_options;  // none of these may go with --from
};

// ---- one unit ------------------------------------------------------------------------------

Result<RegisterRequest> build_request(const RegisterArgs& args) {
  RegisterRequest request;
  const auto region = parse_unit_region(args.region);
  if (!region) {
    return Status::invalid_input(
        "usage", "unknown --region '" + args.region + "' (mainland, hk_mo_tw or overseas)");
  }
  if (args.category.empty()) return Status::invalid_input("usage", "--category is required");
  const auto category = parse_unit_category(args.category);
  if (!category) {
    return Status::invalid_input("usage", "unknown --category '" + args.category +
                                              "' (enterprise, government, public_institution, "
                                              "social_org or other)");
  }
  const auto affiliation = parse_affiliation(args.affiliation);
  if (!affiliation) {
    return Status::invalid_input("usage", "unknown --affiliation '" + args.affiliation +
                                              "' (place, central, nhc or choice)");
  }
  // With --licence the scan gives the USCC and the name (apply_licence); typed ones are checked.
  if (!args.licence.empty() && *region != UnitRegion::kMainland) {
    return Status::invalid_input(
        "usage",
        "--licence is a mainland business licence: it does not go with --region " + args.region);
  }
  if (args.licence.empty() && args.name.empty()) {
    return Status::invalid_input("usage", "--name is required (or --licence)");
  }
  if (args.licence.empty() && *region == UnitRegion::kMainland && args.uscc.empty()) {
    return Status::invalid_input("usage", "--uscc is required for a mainland unit (or --licence)");
  }
  request.region = *region;
  request.category = *category;
  request.affiliation = *affiliation;
  request.uscc = args.uscc;
  request.name = args.name;
  request.consent = args.consent;
  request.phone = args.phone;
  request.sms_code = args.sms_code;
  request.email = args.email;
  request.delegation = args.delegation;
  request.sub_delegation = args.sub_delegation;
  request.affiliation_reason = args.reason;
  request.referral_code = args.referral;
  request.profile.legal_representative = args.legal_rep;
  request.profile.address = args.address;
  return request;
}

// The password: from stdin with --password-stdin; prompted (twice) when an applicant registers
// itself on a terminal; otherwise none — the organizer or a delegation registering on a unit's
// behalf sets no password, and an applicant without one is refused by the library with
// register.password_required, a reason scripts can match.
Result<std::optional<std::string>> password_for(const RegisterArgs& args, const Actor& actor) {
  const bool prompt = actor.kind == ActorKind::kApplicant && can_prompt_for_password();
  if (!args.password_stdin && !prompt) return std::optional<std::string>();
  CIIE_ASSIGN_OR_RETURN(auto passwords, read_passwords(args.password_stdin,
                                                       {{"Password for the new account", true}}));
  return std::optional<std::string>(std::move(passwords.front()));
}

// The scan of --licence, read with the configured [ocr] options. Errors: config.*, licence.*,
// ocr.*.
Result<LicenceReading> read_scan(Context& ctx, const RegisterArgs& args) {
  CIIE_ASSIGN_OR_RETURN(const OcrOptions options, ctx.ocr_options());
  return read_licence_file(args.licence, options);
}

// "licence scan.png: 91370200MA6XWQ409T (as_read)", and what was taken over typed values.
std::string licence_summary(const RegisterArgs& args, const LicenceReading& reading,
                            const RegisterRequest& request) {
  std::string text = "licence " + args.licence + ": " + uscc_text(reading) + "\n";
  if (request.ocr_accepted_fields.empty()) return text;
  std::string fields;
  for (const std::string& field : request.ocr_accepted_fields) {
    fields += (fields.empty() ? "" : ", ") + field;
  }
  return text + "  accepted from the scan over what was typed: " + fields +
         " (flagged ocr_accepted: manual review)\n";
}

int run_register_one(Context& ctx, const RegisterArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  auto request = build_request(args);
  if (!request.is_ok()) return ctx.fail(request.status());
  std::optional<LicenceReading> reading;
  if (!args.licence.empty()) {
    // Read before asking for a password: a scan that is refused should not cost the typing.
    auto scan = read_scan(ctx, args);
    if (!scan.is_ok()) return ctx.fail(scan.status());
    reading = std::move(*scan);
    auto merged = apply_licence(std::move(*request), *reading, args.accept_ocr);
    if (!merged.is_ok()) return ctx.fail(merged.status());
    request = std::move(merged);
  }
  auto password = password_for(args, *actor);
  if (!password.is_ok()) return ctx.fail(password.status());
  request->password = std::move(*password);
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto outcome = (*registry)->register_unit(*actor, *request);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  if (ctx.out().json_mode()) {
    nlohmann::json json = {
        {"ok", true}, {"created", outcome->created}, {"unit", unit_json(outcome->unit)}};
    if (reading) {
      json["licence"] = licence_json(*reading);
      json["licence"]["file"] = args.licence;
      json["ocr_accepted"] = request->ocr_accepted_fields;
    }
    ctx.out().json(json);
    return kExitOk;
  }
  if (reading) ctx.out().text(licence_summary(args, *reading, *request));
  ctx.out().text((outcome->created ? "registered " : "already registered (unchanged) ") +
                 registration_text(outcome->unit, (*registry)->rules()));
  return kExitOk;
}

// ---- many units ----------------------------------------------------------------------------

// A row counter on stderr, only when stderr is a terminal and not in --json or -q mode
// (cli.md: never when piped). Redraws in place and erases itself at the end.
class Progress {
 public:
  explicit Progress(const Output& out)
      : enabled_(!out.json_mode() && out.verbosity() >= 0 && isatty(STDERR_FILENO) == 1) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void row(std::int64_t rows) {
    if (!enabled_ || rows % kEvery != 0) return;
    std::fprintf(stderr, "\rregistering… %lld rows", static_cast<long long>(rows));
    std::fflush(stderr);
    shown_ = true;
  }
  // Erases the counter before anything else goes to stderr.
  void clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  static constexpr std::int64_t kEvery = 50;
  bool enabled_;
  bool shown_ = false;
};

nlohmann::json row_json(const RowOutcome& row) {
  if (row.ok) {
    return {{"line", row.line}, {"ok", true}, {"outcome", row.outcome}, {"account", row.subject}};
  }
  nlohmann::json json = {{"line", row.line}, {"ok", false}, {"reason", row.error.reason()}};
  if (!row.error.field().empty()) json["field"] = row.error.field();
  json["message"] = row.error.message();
  return json;
}

// "line 12: uscc.checksum (field uscc): the check character should be L".
std::string row_text(const RowOutcome& row) {
  std::string text = "line " + std::to_string(row.line) + ": " + row.error.reason();
  if (!row.error.field().empty()) text += " (field " + row.error.field() + ")";
  return text + ": " + row.error.message() + "\n";
}

std::int64_t count_of(const BulkSummary& summary, const std::string& outcome) {
  const auto it = summary.by_outcome.find(outcome);
  return it == summary.by_outcome.end() ? 0 : it->second;
}

// "12 rows: 10 registered, 1 unchanged, 1 failed; nothing applied".
std::string summary_text(const BulkSummary& summary, bool dry_run) {
  std::string text = std::to_string(summary.rows) + (summary.rows == 1 ? " row: " : " rows: ") +
                     std::to_string(count_of(summary, "registered")) + " registered, " +
                     std::to_string(count_of(summary, "unchanged")) + " unchanged, ";
  for (const auto& [outcome, count] : summary.by_outcome) {
    if (outcome != "registered" && outcome != "unchanged") {
      text += std::to_string(count) + " " + outcome + ", ";
    }
  }
  text += std::to_string(summary.failed) + " failed; ";
  if (summary.applied) return text + "applied\n";
  return text + (dry_run ? "dry run, nothing applied\n" : "nothing applied\n");
}

nlohmann::json summary_json(const BulkSummary& summary, bool dry_run) {
  nlohmann::json json = {{"rows", summary.rows},
                         {"ok", summary.ok},
                         {"failed", summary.failed},
                         {"registered", count_of(summary, "registered")},
                         {"unchanged", count_of(summary, "unchanged")},
                         {"applied", summary.applied},
                         {"dry_run", dry_run}};
  return {{"summary", json}};
}

Result<InputFormat> input_format(const RegisterArgs& args) {
  if (!args.format.empty()) {
    const auto format = parse_input_format(args.format);
    if (!format)
      return Status::invalid_input("usage",
                                   "unknown --format '" + args.format + "' (csv or jsonl)");
    return *format;
  }
  const auto format = format_from_path(args.from);
  if (!format) {
    return Status::invalid_input("usage",
                                 "cannot tell the format of '" + args.from +
                                     "' from its name: add --format csv or --format jsonl");
  }
  return *format;
}

int run_register_many(Context& ctx, const RegisterArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  auto format = input_format(args);
  if (!format.is_ok()) return ctx.fail(format.status());
  std::ifstream file;
  const bool from_stdin = args.from == "-";
  if (!from_stdin) {
    // A directory opens but fails on the first read: refused here, as BulkInput::open does.
    std::error_code error;
    if (std::filesystem::is_directory(args.from, error)) {
      return ctx.fail(Status::invalid_input("usage", "'" + args.from + "' is a directory"));
    }
    file.open(args.from, std::ios::binary);
    if (!file) return ctx.fail(Status::invalid_input("usage", "cannot open '" + args.from + "'"));
  }
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());

  ReaderOptions reader_options;
  reader_options.known_columns = Registry::register_columns();
  reader_options.required_columns = Registry::register_required_columns();
  reader_options.ignore_unknown = args.ignore_unknown;
  auto reader = make_record_reader(from_stdin ? std::cin : file, *format, reader_options);
  BulkOptions options;
  options.continue_on_error = args.continue_on_error;
  options.dry_run = args.dry_run;
  options.ignore_unknown = args.ignore_unknown;

  Output& out = ctx.out();
  Progress progress(out);
  std::int64_t rows = 0;
  auto summary = (*registry)->register_units(*actor, *reader, options, [&](const RowOutcome& row) {
    progress.row(++rows);
    if (out.json_mode()) {
      out.json(row_json(row));
    } else if (!row.ok) {
      out.text(row_text(row));
    } else if (out.verbosity() > 0) {
      progress.clear();
      out.note("line " + std::to_string(row.line) + ": " + row.outcome + " " + row.subject + "\n");
    }
  });
  progress.clear();
  // A reader error that ends the stream (bad header, not UTF-8): the file as a whole is bad.
  if (!summary.is_ok()) return ctx.fail(summary.status());
  if (out.json_mode()) {
    out.json(summary_json(*summary, args.dry_run));
  } else {
    out.text(summary_text(*summary, args.dry_run));
  }
  return summary->failed == 0 ? kExitOk : kExitRefused;
}

int run_register(Context& ctx, const RegisterArgs& args) {
  if (args.from.empty()) return run_register_one(ctx, args);
  // Checked here rather than with CLI11's excludes(), which would print "Excludes: --from" on
  // every option of the help.
  for (const CLI::Option* option : args.one_unit_options) {
    if (option->count() > 0) {
      return ctx.fail(Status::invalid_input(
          "usage",
          option->get_name() + " does not go with --from: the file gives each unit's fields"));
    }
  }
  return run_register_many(ctx, args);
}

}  // namespace

void setup_register(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RegisterArgs>();
  CLI::App* cmd = app.add_subcommand("register", "register one unit, or many with --from");
  args->one_unit_options = {
      cmd->add_option("--uscc", args->uscc, "unified social credit code (mainland units)"),
      cmd->add_option("--name", args->name, "the unit's name (单位名称)"),
      cmd->add_option("--category", args->category,
                      "enterprise, government, public_institution, social_org or other"),
      cmd->add_option("--region", args->region, "mainland, hk_mo_tw or overseas")
          ->capture_default_str(),
      cmd->add_option("--delegation", args->delegation, "the home delegation chosen (slug)"),
      cmd->add_option("--sub-delegation", args->sub_delegation, "the sub-delegation (slug)"),
      cmd->add_option("--affiliation", args->affiliation,
                      "place (by registration place), central, nhc or choice")
          ->capture_default_str(),
      cmd->add_option("--reason", args->reason, "why, when choosing a delegation by affiliation"),
      cmd->add_option("--referral", args->referral,
                      "referral code (required for industry delegations)"),
      cmd->add_option("--phone", args->phone, "the account's phone"),
      cmd->add_option("--sms-code", args->sms_code, "the code sent by `ciie verify send --phone`"),
      cmd->add_option("--email", args->email, "e-mail (required outside the mainland)"),
      cmd->add_flag("--password-stdin", args->password_stdin,
                    "read the account password from the first line of stdin"),
      cmd->add_flag("--consent", args->consent, "the unit accepts the privacy policy (REG-1)"),
      cmd->add_option("--legal-rep", args->legal_rep, "legal representative"),
      cmd->add_option("--address", args->address, "registered address"),
  };
  CLI::Option* licence =
      cmd->add_option("--licence", args->licence,
                      "a PNG or JPEG scan of the business licence: its USCC becomes the account, "
                      "its fields fill what is not typed, and typed ones must agree (REG-3)")
          ->type_name("FILE");
  args->one_unit_options.push_back(licence);
  args->one_unit_options.push_back(
      cmd->add_flag("--accept-ocr", args->accept_ocr,
                    "take the scan's values where typed ones disagree, or a corrected USCC "
                    "unconfirmed; the unit then goes to manual review")
          ->needs(licence));
  CLI::Option* from = cmd->add_option("--from", args->from,
                                      "register every row of a CSV or JSON Lines file ('-': stdin)")
                          ->type_name("FILE");
  cmd->add_option("--format", args->format, "csv or jsonl (default: from the file name)")
      ->needs(from);
  cmd->add_flag("--continue-on-error", args->continue_on_error,
                "apply the good rows even when some fail (default: all or none)")
      ->needs(from);
  cmd->add_flag("--dry-run", args->dry_run, "check every row, change nothing")->needs(from);
  cmd->add_flag("--ignore-unknown", args->ignore_unknown,
                "drop unknown columns instead of refusing")
      ->needs(from);
  cmd->footer(
      "An applicant registering itself gives --password-stdin (or types it at the prompt), "
      "--phone\n"
      "and --sms-code; the organizer or a delegation may register on a unit's behalf without "
      "them.\n"
      "With --licence the scan's USCC and name are used; --uscc, --name, --legal-rep and\n"
      "--address, when given, must agree with it (licence.mismatch) unless --accept-ocr; a USCC\n"
      "the reader had to correct is confirmed by typing it with --uscc (licence.unconfirmed).\n"
      "With --from: one line per refused row, then a summary; exit 0 when every row is ok, 1 when\n"
      "any was refused, 2 when the file cannot be read. Columns: docs/register-input.md.\n"
      "Examples:\n"
      "  ciie register --uscc 91310115591693856A --name '上海示例贸易有限公司' --category "
      "enterprise \\\n"
      "      --phone 13812345678 --consent\n"
      "  ciie --as applicant register --uscc 91310115591693856A --name '上海示例贸易有限公司' \\\n"
      "      --category enterprise --phone 13812345678 --sms-code 123456 --consent "
      "--password-stdin\n"
      "  ciie register --licence scan.png --category enterprise --phone 13812345678 --consent\n"
      "  ciie register --from units.csv --dry-run\n"
      "  ciie --json register --from units.jsonl --continue-on-error");
  cmd->callback(
      [&ctx, args] { ctx.set_action([&ctx, args] { return run_register(ctx, *args); }); });
}

}  // namespace ciie::cli
