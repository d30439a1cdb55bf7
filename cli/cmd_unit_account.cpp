// `ciie unit password change|reset` and `ciie unit phone`: a unit's account (REG-4, REG-5).
// Passwords come from stdin (--password-stdin) or a prompt, never from the command line.
#include "cmd_unit_account.hpp"

#include "ciie/codes.hpp"

#include "exit_status.hpp"
#include "password_input.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct AccountArgs {
  std::string account;
  bool password_stdin = false;
  bool request = false;
  std::string sms_code;
  std::string new_phone;
  std::string old_code;
  std::string new_code;
};

// Prints what was sent (masked) for --request.
int print_sent(Context& ctx, const std::vector<VerificationSent>& sent) {
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const VerificationSent& one : sent) list.push_back(sent_json(one));
    ctx.out().json({{"ok", true}, {"sent", list}});
    return kExitOk;
  }
  for (const VerificationSent& one : sent) ctx.out().text(sent_text(one));
  return kExitOk;
}

int print_done(Context& ctx, const std::string& account, const std::string& what) {
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"account", account}});
  } else {
    ctx.out().text(what + " for " + account + "\n");
  }
  return kExitOk;
}

// Old and new password: two lines of stdin, or two prompts (the new one confirmed).
int run_password_change(Context& ctx, const AccountArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  const std::string account = codes::normalize(args.account);
  // The library allows only the unit itself (and says so with the same reason); refusing here
  // first spares the user from typing two passwords that could not be used.
  if (!(actor->kind == ActorKind::kUnit && actor->id == account)) {
    return ctx.fail(Status::refused("auth.forbidden", actor->to_string() +
                                                          " may not change the password of " +
                                                          account + " (only the unit itself)"));
  }
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto passwords =
      read_passwords(args.password_stdin, {{"Current password", false}, {"New password", true}});
  if (!passwords.is_ok()) return ctx.fail(passwords.status());
  const Status changed =
      (*registry)->change_password(*actor, account, (*passwords)[0], (*passwords)[1]);
  if (!changed.is_ok()) return ctx.fail(changed);
  return print_done(ctx, account, "password changed");
}

// --request sends a code to the unit's phone; --sms-code with the new password sets it.
int run_password_reset(Context& ctx, const AccountArgs& args) {
  if (args.request == !args.sms_code.empty()) {
    return ctx.fail(Status::invalid_input("usage", "give either --request or --sms-code"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  const std::string account = codes::normalize(args.account);
  if (args.request) {
    auto sent = registry.request_password_reset(actor, account);
    if (!sent.is_ok()) return ctx.fail(sent.status());
    return print_sent(ctx, {*sent});
  }
  auto passwords = read_passwords(args.password_stdin, {{"New password", true}});
  if (!passwords.is_ok()) return ctx.fail(passwords.status());
  const Status reset = registry.reset_password(actor, account, args.sms_code, passwords->front());
  if (!reset.is_ok()) return ctx.fail(reset);
  return print_done(ctx, account, "password reset");
}

// --request sends codes to the old and the new phone; --new-code (and --old-code when the unit
// had a phone) completes the change.
int run_phone(Context& ctx, const AccountArgs& args) {
  if (args.request == !args.new_code.empty()) {
    return ctx.fail(Status::invalid_input("usage",
                                          "give either --request or --new-code (with "
                                          "--old-code when the unit has a phone)"));
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  const std::string account = codes::normalize(args.account);
  if (args.request) {
    auto sent = registry.request_phone_change(actor, account, args.new_phone);
    if (!sent.is_ok()) return ctx.fail(sent.status());
    return print_sent(ctx, *sent);
  }
  const Status changed =
      registry.change_phone(actor, account, args.new_phone, args.old_code, args.new_code);
  if (!changed.is_ok()) return ctx.fail(changed);
  return print_done(ctx, account, "phone changed to " + codes::mask_phone(args.new_phone));
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<AccountArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

void add_account(CLI::App* cmd, AccountArgs& args) {
  cmd->add_option("ACCOUNT", args.account, "the unit's account (its USCC on the mainland)")
      ->required();
}

}  // namespace

void setup_unit_account(CLI::App& unit, Context& ctx) {
  auto args = std::make_shared<AccountArgs>();
  CLI::App* password = unit.add_subcommand("password", "change or reset a unit's password");
  password->require_subcommand(1);

  CLI::App* change = password->add_subcommand("change", "change the password (as the unit)");
  add_account(change, *args);
  change->add_flag("--password-stdin", args->password_stdin,
                   "read two lines from stdin: the current password, then the new one");
  change->footer(
      "Without --password-stdin both are prompted for (the new one twice).\n"
      "Examples:\n  ciie --as unit:91310115591693856A unit password change 91310115591693856A\n"
      "  printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | ciie --as unit:91310115591693856A unit "
      "password change 91310115591693856A --password-stdin");
  on_run(change, ctx, args, run_password_change);

  CLI::App* reset = password->add_subcommand("reset", "reset a forgotten password by SMS");
  add_account(reset, *args);
  CLI::Option* request = reset->add_flag("--request", args->request,
                                         "send a reset code to the unit's registered phone");
  reset->add_option("--sms-code", args->sms_code, "the code received")->excludes(request);
  reset
      ->add_flag("--password-stdin", args->password_stdin,
                 "read the new password from the first line of stdin")
      ->excludes(request);
  reset->footer(
      "Examples:\n"
      "  ciie --as applicant unit password reset 91310115591693856A --request\n"
      "  ciie --as applicant unit password reset 91310115591693856A --sms-code 123456 "
      "--password-stdin");
  on_run(reset, ctx, args, run_password_reset);

  CLI::App* phone = unit.add_subcommand("phone", "change the account's phone (codes to both)");
  add_account(phone, *args);
  phone->add_option("--new", args->new_phone, "the new phone")->required();
  CLI::Option* phone_request =
      phone->add_flag("--request", args->request, "send codes to the old and the new phone");
  phone->add_option("--old-code", args->old_code, "the code sent to the old phone")
      ->excludes(phone_request);
  phone->add_option("--new-code", args->new_code, "the code sent to the new phone")
      ->excludes(phone_request);
  phone->footer(
      "Examples:\n"
      "  ciie unit phone 91310115591693856A --new 13912345678 --request\n"
      "  ciie unit phone 91310115591693856A --new 13912345678 --old-code 123456 --new-code 654321");
  on_run(phone, ctx, args, run_phone);
}

}  // namespace ciie::cli
