// `ciie token create|list|revoke`: access tokens (docs/access.md). The organizer creates the
// first token for itself, which secures the store: from then on every actor needs its
// credential (CIIE_TOKEN, or a unit's password typed at a prompt). A secret is printed once and
// stored only as a hash.
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct TokenArgs {
  std::string for_actor;
  std::string expires;
  std::string note;
  std::int64_t id = 0;
};

nlohmann::json optional_instant(const std::optional<Instant>& at) {
  return at ? nlohmann::json(at->to_shanghai_string()) : nlohmann::json(nullptr);
}

std::string token_state(const TokenInfo& token, Instant now) {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && now >= *token.expires_at) return "expired";
  return "active";
}

nlohmann::json token_json(const TokenInfo& token, Instant now) {
  return {{"id", token.id},
          {"actor", token.actor},
          {"prefix", token.prefix},
          {"note", token.note},
          {"state", token_state(token, now)},
          {"created_at", token.created_at.to_shanghai_string()},
          {"created_by", token.created_by},
          {"expires_at", optional_instant(token.expires_at)},
          {"revoked_at", optional_instant(token.revoked_at)},
          {"last_used_at", optional_instant(token.last_used_at)}};
}

std::string when(const std::optional<Instant>& at) {
  return at ? at->to_shanghai_string() : std::string("-");
}

int run_create(Context& ctx, const TokenArgs& args) {
  auto for_actor = Actor::parse(args.for_actor);
  if (!for_actor.is_ok()) return ctx.fail(for_actor.status());
  TokenRequest request;
  request.for_actor = *for_actor;
  if (request.for_actor.kind == ActorKind::kUnit) {
    request.for_actor.id = codes::normalize(request.for_actor.id);
  }
  request.note = args.note;
  if (!args.expires.empty()) {
    auto expires = Instant::parse(args.expires);
    if (!expires.is_ok()) return ctx.fail(expires.status());
    request.expires_at = *expires;
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto issued = session->registry->create_token(session->actor, request);
  if (!issued.is_ok()) return ctx.fail(issued.status());
  const Instant now = session->registry->clock().now();
  if (ctx.out().json_mode()) {
    ctx.out().json(
        {{"ok", true}, {"token", token_json(issued->info, now)}, {"secret", issued->secret}});
    return kExitOk;
  }
  const TokenInfo& info = issued->info;
  ctx.out().text("created token " + std::to_string(info.id) + " for " + info.actor + " (" +
                 info.prefix + "…), " +
                 (info.expires_at ? "expires " + info.expires_at->to_shanghai_string()
                                  : std::string("no expiry")) +
                 "\n" + issued->secret + "\n" +
                 "this secret is not shown again (the store keeps only its hash): give it to its "
                 "holder, who sets CIIE_TOKEN to it\n");
  return kExitOk;
}

int run_list(Context& ctx, const TokenArgs&) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto tokens = session->registry->tokens(session->actor);
  if (!tokens.is_ok()) return ctx.fail(tokens.status());
  const Instant now = session->registry->clock().now();
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const TokenInfo& token : *tokens) list.push_back(token_json(token, now));
    ctx.out().json({{"ok", true}, {"tokens", list}});
    return kExitOk;
  }
  if (tokens->empty()) {
    ctx.out().note(
        "no access tokens: the store is open (`ciie token create --for organizer` "
        "secures it)\n");
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "ACTOR", "PREFIX", "STATE", "EXPIRES", "LAST USED", "CREATED", "NOTE"}};
  for (const TokenInfo& token : *tokens) {
    rows.push_back({std::to_string(token.id), token.actor, token.prefix, token_state(token, now),
                    when(token.expires_at), when(token.last_used_at),
                    token.created_at.to_shanghai_string(), token.note});
  }
  ctx.out().text(aligned_table(rows));
  return kExitOk;
}

int run_revoke(Context& ctx, const TokenArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Status revoked = session->registry->revoke_token(session->actor, args.id);
  if (!revoked.is_ok()) return ctx.fail(revoked);
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}, {"id", args.id}});
  } else {
    ctx.out().text("revoked token " + std::to_string(args.id) + "\n");
  }
  return kExitOk;
}

template <typename Run>
void on_run(CLI::App* cmd, Context& ctx, std::shared_ptr<TokenArgs> args, Run run) {
  cmd->callback(
      [&ctx, args, run] { ctx.set_action([&ctx, args, run] { return run(ctx, *args); }); });
}

}  // namespace

void setup_token(CLI::App& app, Context& ctx) {
  CLI::App* token = app.add_subcommand("token", "access tokens: who may act as whom (organizer)");
  token->require_subcommand(1);
  auto args = std::make_shared<TokenArgs>();

  CLI::App* create = token->add_subcommand("create", "create a token; its secret is shown once");
  create
      ->add_option("--for", args->for_actor,
                   "organizer, finance, delegation:<slug> or unit:<account>")
      ->required()
      ->type_name("ACTOR");
  create->add_option("--expires", args->expires, "expiry instant (default: until revoked)")
      ->type_name("TIME");
  create->add_option("--note", args->note, "what the token is for");
  create->footer(
      "The first token of a store must be the organizer's: creating it secures the store, and\n"
      "every command then needs a credential (CIIE_TOKEN, or a unit's password at a prompt).\n"
      "Examples:\n  ciie token create --for organizer --note 'organizer office'\n"
      "  CIIE_TOKEN=ciie_… ciie token create --for delegation:shanghai --expires 2024-11-30");
  on_run(create, ctx, args, run_create);

  CLI::App* list = token->add_subcommand("list", "tokens, newest first (never their secrets)");
  list->footer("Example:\n  ciie token list");
  on_run(list, ctx, args, run_list);

  CLI::App* revoke = token->add_subcommand("revoke", "revoke a token at once");
  revoke->add_option("ID", args->id, "the token id (from `ciie token list`)")->required();
  revoke->footer(
      "The last valid organizer token of a secured store cannot be revoked "
      "(token.last_organizer).\nExample:\n  ciie token revoke 3");
  on_run(revoke, ctx, args, run_revoke);
}

}  // namespace ciie::cli
