// `ciie verify send|check|outbox`: phone and e-mail verification codes (REG-5). The outbox
// shows what the default "outbox" backend stored instead of sending: how a developer reads a code.
#include "context.hpp"
#include "exit_status.hpp"
#include "unit_render.hpp"

namespace ciie::cli {
namespace {

struct VerifyArgs {
  std::string phone;
  std::string email;
  std::string purpose = "register";
  std::string code;
  std::string to;  // outbox filter
  int limit = 20;
};

// The channel and destination named by --phone or --email (exactly one).
Result<std::pair<VerifyChannel, std::string>> destination_of(const VerifyArgs& args) {
  if (args.phone.empty() == args.email.empty()) {
    return Status::invalid_input("usage", "give exactly one of --phone and --email");
  }
  if (!args.phone.empty()) return std::pair{VerifyChannel::kSms, args.phone};
  return std::pair{VerifyChannel::kEmail, args.email};
}

Result<VerifyPurpose> purpose_of(const VerifyArgs& args) {
  const auto purpose = parse_verify_purpose(args.purpose);
  if (!purpose) {
    return Status::invalid_input("usage", "unknown --purpose '" + args.purpose +
                                              "' (register, reset_password, change_phone_old, "
                                              "change_phone_new or claim)");
  }
  return *purpose;
}

// What send and check share: the actor, the destination, the purpose and the registry, in the
// order their failures should be reported.
struct VerifyCall {
  Context::Session session;
  std::pair<VerifyChannel, std::string> destination;
  VerifyPurpose purpose = VerifyPurpose::kRegister;
};

Result<VerifyCall> prepare_call(Context& ctx, const VerifyArgs& args) {
  CIIE_RETURN_IF_ERROR(ctx.actor().status());
  VerifyCall call;
  CIIE_ASSIGN_OR_RETURN(call.destination, destination_of(args));
  CIIE_ASSIGN_OR_RETURN(call.purpose, purpose_of(args));
  CIIE_ASSIGN_OR_RETURN(call.session, ctx.session());
  return call;
}

int run_send(Context& ctx, const VerifyArgs& args) {
  auto call = prepare_call(ctx, args);
  if (!call.is_ok()) return ctx.fail(call.status());
  const auto& [channel, destination] = call->destination;
  auto sent = call->session.registry->send_verification(call->session.actor, channel, destination,
                                                        call->purpose);
  if (!sent.is_ok()) return ctx.fail(sent.status());
  if (ctx.out().json_mode()) {
    nlohmann::json json = sent_json(*sent);
    json["ok"] = true;
    ctx.out().json(json);
  } else {
    ctx.out().text(sent_text(*sent));
  }
  return kExitOk;
}

int run_check(Context& ctx, const VerifyArgs& args) {
  auto call = prepare_call(ctx, args);
  if (!call.is_ok()) return ctx.fail(call.status());
  const auto& destination = call->destination;
  const Status checked = call->session.registry->check_verification(
      call->session.actor, destination.first, destination.second, call->purpose, args.code);
  if (!checked.is_ok()) return ctx.fail(checked);
  if (ctx.out().json_mode()) {
    ctx.out().json({{"ok", true}});
    return kExitOk;
  }
  // The destination as typed, masked: the library consumed the code, so it was valid.
  ctx.out().text("ok: the " + args.purpose + " code for " +
                 masked_destination(destination.first, destination.second) +
                 " matches (now used)\n");
  return kExitOk;
}

int run_outbox(Context& ctx, const VerifyArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  const Actor& actor = session->actor;
  Registry& registry = *session->registry;
  auto messages = registry.outbox(actor, args.to, args.limit);
  if (!messages.is_ok()) return ctx.fail(messages.status());
  if (ctx.out().json_mode()) {
    nlohmann::json list = nlohmann::json::array();
    for (const OutboxMessage& m : *messages) {
      // The destination is masked like everywhere else; --to finds a full number's messages.
      const auto channel = parse_verify_channel(m.channel).value_or(VerifyChannel::kSms);
      list.push_back({{"id", m.id},
                      {"channel", m.channel},
                      {"destination", masked_destination(channel, m.destination)},
                      {"subject", m.subject},
                      {"body", m.body},
                      {"created_at", m.created_at.to_shanghai_string()}});
    }
    ctx.out().json({{"ok", true}, {"messages", list}});
    return kExitOk;
  }
  for (const OutboxMessage& m : *messages) {
    const auto channel = parse_verify_channel(m.channel).value_or(VerifyChannel::kSms);
    ctx.out().text(std::to_string(m.id) + "  " + m.created_at.to_shanghai_string() + "  " +
                   m.channel + "  " + masked_destination(channel, m.destination) + "\n    " +
                   m.body + "\n");
  }
  if (messages->empty())
    ctx.out().note("the outbox holds no messages" +
                   (args.to.empty() ? std::string() : " for " + args.to) + "\n");
  return kExitOk;
}

void add_destination(CLI::App* cmd, VerifyArgs& args) {
  cmd->add_option("--phone", args.phone, "a mobile number (SMS)");
  cmd->add_option("--email", args.email, "an e-mail address");
  cmd->add_option("--purpose", args.purpose,
                  "register, reset_password, change_phone_old, change_phone_new or claim")
      ->capture_default_str();
}

}  // namespace

void setup_verify(CLI::App& app, Context& ctx) {
  CLI::App* verify = app.add_subcommand("verify", "phone and e-mail verification codes (REG-5)");
  verify->require_subcommand(1);
  auto args = std::make_shared<VerifyArgs>();

  CLI::App* send = verify->add_subcommand("send", "send a verification code");
  add_destination(send, *args);
  send->footer(
      "A code is valid for 5 minutes; one send per 60 s per destination.\n"
      "Example:\n  ciie --as applicant verify send --phone 13812345678");
  send->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_send(ctx, *args); }); });

  CLI::App* check = verify->add_subcommand("check", "check (and use up) a verification code");
  add_destination(check, *args);
  check->add_option("--code", args->code, "the code received")->required();
  check->footer(
      "At most 5 wrong tries per code. Exit 0 when the code matches, 1 when refused.\n"
      "Example:\n  ciie --as applicant verify check --phone 13812345678 --code 123456");
  check->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_check(ctx, *args); }); });

  CLI::App* outbox =
      verify->add_subcommand("outbox", "messages kept by the outbox backend (organizer)");
  outbox->add_option("--to", args->to, "only messages to this phone or e-mail address");
  outbox->add_option("--limit", args->limit, "at most this many messages, newest first")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  outbox->footer(
      "With the default notify backend \"outbox\", codes are stored instead of sent.\n"
      "Example:\n  ciie --json verify outbox --to 13812345678 --limit 1");
  outbox->callback(
      [&ctx, args] { ctx.set_action([&ctx, args] { return run_outbox(ctx, *args); }); });
}

}  // namespace ciie::cli
