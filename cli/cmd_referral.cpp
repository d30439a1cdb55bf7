// `ciie referral create|check|list|revoke`: referral codes (REF-1..3). Codes are random, so
// `create` prints them one per line for scripts to capture.
#include "context.hpp"
#include "exit_status.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct ReferralArgs {
  std::string issuer;
  std::int64_t max_uses = 0;
  CLI::Option* max_uses_option = nullptr;  // not given: unlimited
  std::string expires;
  int count = 1;
  std::string note;
  std::string code;
};

// The issuer: --issuer, else the actor itself (a delegation issues its own codes).
std::string issuer_of(const ReferralArgs& args, const Actor& actor) {
  if (!args.issuer.empty()) return args.issuer;
  return actor.to_string();
}

int run_create(Context& ctx, const ReferralArgs& args) {
  auto actor = ctx.actor();
  if (!actor.is_ok()) return ctx.fail(actor.status());
  CreateReferralsRequest request;
  request.issuer = issuer_of(args, *actor);
  // Any value given goes to the library, which refuses one below 1 with referral.max_uses.
  if (args.max_uses_option->count() > 0) request.max_uses = args.max_uses;
  request.count = args.count;
  request.note = args.note;
  if (!args.expires.empty()) {
    auto expires = Instant::parse(args.expires);
    if (!expires.is_ok()) return ctx.fail(expires.status());
    request.expires_at = *expires;
  }
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto created = (*registry)->create_referrals(*actor, request);
  if (!created.is_ok()) return ctx.fail(created.status());
  nlohmann::json codes = nlohmann::json::array();
  for (const ReferralCode& code : *created) {
    codes.push_back(code.code);
    ctx.out().text(code.code + "\n");
  }
  if (ctx.out().json_mode())
    ctx.out().json({{"ok", true}, {"issuer", request.issuer}, {"codes", codes}});
  return kExitOk;
}

// Exit 0 when the code can be used now. A code that exists but cannot be used (expired,
// revoked, exhausted) is shown with its state, and the reason goes to stderr with exit 1.
int run_check(Context& ctx, const ReferralArgs& args) {
  auto registry = ctx.registry();
  if (!registry.is_ok()) return ctx.fail(registry.status());
  auto check = (*registry)->check_referral(args.code);
  if (!check.is_ok()) return ctx.fail(check.status());
  const Instant now = (*registry)->clock().now();
  const ReferralCode& code = check->code;
  if (!ctx.out().json_mode()) {
    ctx.out().text(
        code.code + "  " + referral_state(code, now) + "  issuer " + code.issuer +
        (code.industry_delegation.empty()
             ? std::string()
             : " (admits to industry delegation " + code.industry_delegation + ")") +
        ", used " + std::to_string(code.uses) +
        (code.max_uses ? " of " + std::to_string(*code.max_uses) : std::string()) +
        (code.expires_at ? ", expires " + code.expires_at->to_shanghai_string() : std::string()) +
        "\n");
  }
  if (check->usable.is_ok()) {
    if (ctx.out().json_mode()) {
      ctx.out().json({{"ok", true}, {"usable", true}, {"referral", referral_json(code, now)}});
    }
    return kExitOk;
  }
  const std::string message = "ciie: " + check->usable.to_string() + "\n";
  std::fputs(message.c_str(), stderr);
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", false},
                    {"usable", false},
                    {"referral", referral_json(code, now)},
                    {"error", Output::error_json(check->usable)}});
  }
  return exit_status(check->usable.code());
}

int run_list(Context& ctx, const ReferralArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  auto codes = registry.referrals(actor, args.issuer);
  if (!codes.is_ok()) return ctx.fail(codes.status());
  const Instant now = registry.clock().now();
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const ReferralCode& code : *codes) list.push_back(referral_json(code, now));
    ctx.out().json({{"ok", true}, {"referrals", list}});
    return kExitOk;
  }
  if (codes->empty()) {
    ctx.out().note("no referral codes" +
                   (args.issuer.empty() ? std::string() : " of " + args.issuer) + "\n");
    return kExitOk;
  }
  ctx.out().text(referral_table(*codes, now));
  return kExitOk;
}

int run_revoke(Context& ctx, const ReferralArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  const Status revoked = registry.revoke_referral(actor, args.code);
  if (!revoked.is_ok()) return ctx.fail(revoked);
  auto code = check_referral_code(args.code);  // the canonical form, for the message
  const std::string shown = code.is_ok() ? *code : args.code;
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"code", shown}});
  } else {
    ctx.out().text("revoked " + shown + "\n");
  }
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<ReferralArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_referral(CLI::App& app, Context& ctx) {
  CLI::App* referral = app.add_subcommand("referral", "referral codes (REF-1..3)");
  referral->require_subcommand(1);
  auto args = std::make_shared<ReferralArgs>();

  CLI::App* create = referral->add_subcommand("create", "create codes for an issuer");
  create->add_option("--issuer", args->issuer,
                     "delegation:<slug>, unit:<account> or organizer (default: the acting actor)");
  args->max_uses_option =
      create->add_option("--max-uses", args->max_uses, "uses per code (default unlimited)");
  create->add_option("--expires", args->expires, "expiry instant, e.g. 2024-10-20T23:59:59+08:00");
  create->add_option("--count", args->count, "how many codes (1 to 10000)")->capture_default_str();
  create->add_option("--note", args->note, "a note kept with the codes");
  create->footer(
      "Prints one code per line. Codes of an industry delegation are the only way into it "
      "(DEL-4).\n"
      "Example:\n  ciie referral create --issuer delegation:industry-01 --max-uses 50 --count 10 "
      "--expires 2024-10-20");
  on_run(create, ctx, args, run_create);

  CLI::App* check = referral->add_subcommand("check", "whether a code can be used now");
  check->add_option("CODE", args->code, "the code (case and hyphens do not matter)")->required();
  check->footer(
      "Exit 0 when usable; 1 with referral.format, .checksum, .unknown, .expired, .revoked or "
      ".exhausted.\nExample:\n  ciie referral check 7KQ4-M9XP-S");
  on_run(check, ctx, args, run_check);

  CLI::App* list = referral->add_subcommand("list", "codes, newest first");
  list->add_option("--issuer", args->issuer, "only the codes of this issuer");
  list->footer("Example:\n  ciie referral list --issuer delegation:industry-01");
  on_run(list, ctx, args, run_list);

  CLI::App* revoke = referral->add_subcommand("revoke", "revoke a code (units registered keep it)");
  revoke->add_option("CODE", args->code, "the code")->required();
  revoke->footer("Example:\n  ciie referral revoke 7KQ4M9XPS");
  on_run(revoke, ctx, args, run_revoke);
}

}  // namespace ciie::cli
