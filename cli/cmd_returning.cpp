// `ciie import-returning` (RET-1) and `ciie returning claim|show|list` (RET-2): the previous
// edition's export as candidates, and a unit claiming its past record. Phones and e-mail
// addresses are masked unless --reveal (organizer only, audited); passwords come from stdin or a
// prompt, never from argv.

#include "ciie/codes.hpp"

#include "bulk_output.hpp"
#include "context.hpp"
#include "exit_status.hpp"
#include "password_input.hpp"
#include "table.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct ReturningArgs {
  // import-returning
  std::string from;
  std::string format;
  std::string file_dir;
  bool continue_on_error = false;
  bool dry_run = false;
  bool ignore_unknown = false;
  // claim, show
  std::string account;
  std::string method;
  std::string code;
  bool password_stdin = false;
  bool set_password = false;
  bool consent = false;
  std::string affiliation;
  std::string delegation;
  std::string sub_delegation;
  std::string reason;
  std::string referral;
  bool reveal = false;
  // list
  std::string state;
  int limit = 1000;
};

std::string methods_text(const std::vector<ClaimMethod>& methods) {
  std::string text;
  for (const ClaimMethod method : methods) {
    text += (text.empty() ? "" : ",") + std::string(to_string(method));
  }
  return text;
}

nlohmann::json candidate_json(const Candidate& c) {
  nlohmann::json failed = nlohmann::json::array();
  for (const ClaimMethod method : c.failed_methods) failed.push_back(std::string(to_string(method)));
  return {{"account", c.account},
          {"edition", c.edition},
          {"uscc", c.uscc},
          {"region", std::string(to_string(c.region))},
          {"category", std::string(to_string(c.category))},
          {"name", c.name},
          {"phone", c.phone},
          {"email", c.email},
          {"has_password", c.has_password},
          {"delegation", c.delegation},
          {"sub_delegation", c.sub_delegation},
          {"has_licence", c.has_licence},
          {"state", std::string(to_string(c.state))},
          {"failed_methods", failed},
          {"password_failures", c.password_failures},
          {"claimed_by", c.claimed_by ? nlohmann::json(std::string(to_string(*c.claimed_by)))
                                      : nlohmann::json(nullptr)},
          {"claimed_at", c.claimed_at ? nlohmann::json(c.claimed_at->to_shanghai_string())
                                      : nlohmann::json(nullptr)},
          {"claimed_unit", c.claimed_unit},
          {"persons", c.persons},
          {"imported_at", c.imported_at.to_shanghai_string()},
          {"updated_at", c.updated_at.to_shanghai_string()},
          {"masked", c.masked}};
}

std::string candidate_text(const Candidate& c) {
  std::vector<std::vector<std::string>> rows{
      {"account", c.account},
      {"edition", std::to_string(c.edition)},
      {"name", c.name},
      {"category", std::string(to_string(c.category))},
      {"delegation", c.delegation + (c.sub_delegation.empty() ? "" : " / " + c.sub_delegation)},
      {"phone", c.phone.empty() ? "-" : c.phone},
      {"email", c.email.empty() ? "-" : c.email},
      {"password", c.has_password ? "yes" : "no"},
      {"licence scan", c.has_licence ? "yes" : "no"},
      {"past persons", std::to_string(c.persons)},
      {"state", std::string(to_string(c.state))}};
  if (!c.failed_methods.empty()) rows.push_back({"failed methods", methods_text(c.failed_methods)});
  if (c.claimed_by) {
    rows.push_back({"claimed", "by " + c.claimed_unit + " with " +
                                   std::string(to_string(*c.claimed_by)) + " at " +
                                   c.claimed_at->to_shanghai_string()});
  }
  return aligned_table(rows);
}

int run_import(Context& ctx, const ReturningArgs& args) {
  BulkImportSpec spec;
  spec.input = {args.from, args.format, args.ignore_unknown};
  spec.columns = Registry::returning_columns();
  spec.required = Registry::returning_required_columns();
  spec.options = {args.continue_on_error, args.dry_run, args.ignore_unknown};
  spec.style.subject_key = "record";
  spec.style.outcomes = {"imported", "updated", "unchanged"};
  spec.style.progress_label = "importing";
  // Scans and photos are named relative to the export, so an export folder moves as one.
  const std::string file_dir = folder_for_row_files(args.file_dir, args.from);
  return run_bulk_import(ctx, spec,
                         [&file_dir](Registry& registry, const Actor& actor, RecordReader& reader,
                                     const BulkOptions& options, const RowCallback& on_row) {
                           return registry.import_returning(actor, reader, options, file_dir,
                                                            on_row);
                         });
}

Result<ClaimMethod> method_of(const ReturningArgs& args) {
  const auto method = parse_claim_method(args.method);
  if (!method) {
    return Status::invalid_input("usage",
                                 "unknown --method '" + args.method + "' (password, sms or email)");
  }
  return *method;
}

Result<ClaimRequest> claim_request(const ReturningArgs& args, ClaimMethod method) {
  ClaimRequest request;
  request.account = args.account;
  request.method = method;
  request.code = args.code;
  request.consent = args.consent;
  if (!args.affiliation.empty()) {
    const auto affiliation = parse_affiliation(args.affiliation);
    if (!affiliation) {
      return Status::invalid_input("usage", "unknown --affiliation '" + args.affiliation +
                                                "' (place, central, nhc or choice)");
    }
    request.affiliation = *affiliation;
  }
  request.delegation = args.delegation;
  request.sub_delegation = args.sub_delegation;
  request.affiliation_reason = args.reason;
  request.referral_code = args.referral;
  // Passwords, in this order, one stdin line each: the past one, then the new one.
  std::vector<PasswordPrompt> prompts;
  if (method == ClaimMethod::kPassword) prompts.push_back({"Past account password", false});
  if (args.set_password) prompts.push_back({"New password for this edition", true});
  if (!prompts.empty()) {
    if (!args.password_stdin && !can_prompt_for_password()) {
      return Status::invalid_input("usage",
                                   "give the password on standard input with --password-stdin");
    }
    CIIE_ASSIGN_OR_RETURN(auto passwords, read_passwords(args.password_stdin, prompts));
    std::size_t next = 0;
    if (method == ClaimMethod::kPassword) request.password = passwords[next++];
    if (args.set_password) request.new_password = passwords[next];
  }
  return request;
}

int run_claim(Context& ctx, const ReturningArgs& args) {
  auto method = method_of(args);
  if (!method.is_ok()) return ctx.fail(method.status());
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  if (*method != ClaimMethod::kPassword && args.code.empty()) {
    // The first step of an SMS or e-mail claim: send the code.
    auto sent = session->registry->send_claim_code(session->actor, {args.account, *method});
    if (!sent.is_ok()) return ctx.fail(sent.status());
    if (ctx.out().json_mode()) {
      ctx.out().json({{"ok", true}, {"sent", sent_json(*sent)}});
    } else {
      ctx.out().text(sent_text(*sent));
      ctx.out().note("then: ciie returning claim --uscc " + args.account + " --method " +
                     args.method + " --code CODE --consent\n");
    }
    return kExitOk;
  }
  auto request = claim_request(args, *method);
  if (!request.is_ok()) return ctx.fail(request.status());
  auto claimed = session->registry->claim_returning(session->actor, *request);
  if (!claimed.is_ok()) return ctx.fail(claimed.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true},
                    {"unit", unit_json(claimed->unit)},
                    {"licence", {{"outcome", claimed->licence.outcome},
                                 {"fields", claimed->licence.fields},
                                 {"detail", claimed->licence.detail}}},
                    {"past_persons", claimed->past_persons}});
    return kExitOk;
  }
  std::string text = "claimed the past record of " + claimed->unit.account + " (" +
                     claimed->unit.name + ") with " + args.method + ": registered in draft\n";
  text += "licence re-check: " + claimed->licence.outcome;
  if (!claimed->licence.fields.empty()) {
    std::string fields;
    for (const std::string& field : claimed->licence.fields) {
      fields += (fields.empty() ? "" : ", ") + field;
    }
    text += " (" + fields + "; a person reviews the unit)";
  }
  text += "\n" + std::to_string(claimed->past_persons) +
          " past persons can be brought forward: ciie person bring-forward --unit " +
          claimed->unit.account + "\n";
  ctx.out().text(text);
  return kExitOk;
}

int run_show(Context& ctx, const ReturningArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->candidate(session->actor, codes::normalize(args.account),
                                            args.reveal);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"candidate", candidate_json(*found)}});
  } else {
    ctx.out().text(candidate_text(*found));
  }
  return kExitOk;
}

int run_list(Context& ctx, const ReturningArgs& args) {
  CandidateFilter filter;
  if (!args.state.empty()) {
    filter.state = parse_candidate_state(args.state);
    if (!filter.state) {
      return ctx.fail(Status::invalid_input(
          "usage", "unknown --state '" + args.state + "' (open, claimed or barred)"));
    }
  }
  filter.limit = args.limit;
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto found = session->registry->candidates(session->actor, filter);
  if (!found.is_ok()) return ctx.fail(found.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Candidate& c : *found) list.push_back(candidate_json(c));
    ctx.out().json({{"ok", true}, {"candidates", list}});
    return kExitOk;
  }
  if (found->empty()) {
    ctx.out().note("no candidates match\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"ACCOUNT", "EDITION", "NAME", "PERSONS", "STATE", "CLAIMED BY"}};
  for (const Candidate& c : *found) {
    rows.push_back({c.account, std::to_string(c.edition), c.name, std::to_string(c.persons),
                    std::string(to_string(c.state)), c.claimed_unit.empty() ? "-" : c.claimed_unit});
  }
  ctx.out().text(aligned_table(rows));
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<ReturningArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

void add_account_option(CLI::App* cmd, ReturningArgs& args) {
  cmd->add_option("--uscc,--account", args.account,
                  "the past account: the USCC for mainland units")
      ->required();
}

}  // namespace

void setup_returning(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReturningArgs>();

  CLI::App* import = app.add_subcommand(
      "import-returning", "load the previous edition's export as returning candidates (RET-1)");
  import->add_option("--from", args->from, "the export ('-': stdin)")->required()->type_name("FILE");
  import->add_option("--format", args->format, "csv or jsonl (default: from the file name)");
  import
      ->add_option("--file-dir", args->file_dir,
                   "where the licence and photo columns' files are (default: the export's "
                   "directory)")
      ->type_name("DIR");
  import->add_flag("--continue-on-error", args->continue_on_error,
                   "import the good rows even when some fail (default: all or none)");
  import->add_flag("--dry-run", args->dry_run, "check every row, change nothing");
  import->add_flag("--ignore-unknown", args->ignore_unknown,
                   "drop unknown columns instead of refusing");
  import->footer(
      "Each row: imported, updated (changed since the last import) or unchanged; importing the\n"
      "same export again changes nothing. Exit 0 when every row is ok, 1 when any was refused,\n"
      "2 when the file cannot be read. Format: docs/returning.md.\n"
      "Example:\n  ciie import-returning --from edition6-export.jsonl --dry-run");
  on_run(import, ctx, args, run_import);

  CLI::App* returning =
      app.add_subcommand("returning", "returning candidates: claim a past record (RET-2)");
  returning->require_subcommand(1);

  CLI::App* claim = returning->add_subcommand(
      "claim", "claim a past record with its password, or a code by SMS or e-mail");
  add_account_option(claim, *args);
  claim->add_option("--method", args->method, "password, sms or email")->required();
  claim->add_option("--code", args->code,
                    "the code sent by SMS or e-mail (without it, sms and email send one)");
  claim->add_flag("--password-stdin", args->password_stdin,
                  "read the password(s) from standard input, one per line");
  claim->add_flag("--set-password", args->set_password,
                  "set a new password for this edition (read after the past one)");
  claim->add_flag("--consent", args->consent, "privacy consent for this edition (REG-1)");
  claim->add_option("--affiliation", args->affiliation,
                    "place, central, nhc or choice (default: the past delegation)");
  claim->add_option("--delegation", args->delegation, "another delegation than the past one");
  claim->add_option("--sub-delegation", args->sub_delegation, "another sub-delegation");
  claim->add_option("--reason", args->reason, "why the unit chooses by affiliation (DEL-3)");
  claim->add_option("--referral", args->referral, "a referral code (industry delegations, DEL-4)");
  claim->footer(
      "Each wrong password or code counts; a method whose tries are used up has failed, and a\n"
      "unit whose three methods have failed registers anew (returning.barred).\n"
      "Examples:\n"
      "  echo \"$PAST_PASSWORD\" | ciie returning claim --uscc 91510100MA34729FXF --method password \\\n"
      "      --password-stdin --consent\n"
      "  ciie returning claim --uscc 91510100MA34729FXF --method sms\n"
      "  ciie returning claim --uscc 91510100MA34729FXF --method sms --code 123456 --consent");
  on_run(claim, ctx, args, run_claim);

  CLI::App* show = returning->add_subcommand("show", "one candidate (organizer, or its claimant)");
  add_account_option(show, *args);
  show->add_flag("--reveal", args->reveal, "phones and e-mails in full (organizer only; audited)");
  show->footer("Example:\n  ciie returning show --uscc 91510100MA34729FXF");
  on_run(show, ctx, args, run_show);

  CLI::App* list = returning->add_subcommand("list", "candidates by account (organizer)");
  list->add_option("--state", args->state, "open, claimed or barred");
  list->add_option("--limit", args->limit, "at most this many")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  list->footer("Example:\n  ciie returning list --state barred");
  on_run(list, ctx, args, run_list);
}

}  // namespace ciie::cli
