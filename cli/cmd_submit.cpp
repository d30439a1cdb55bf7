// `ciie submit --unit ACCOUNT`: submits a unit's information and its draft persons (SUB-1). A
// unit of an automatically approved category without flags is approved at once (REV-1); the
// others go to their reviewer's queue, and the output says which and why.
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "person_render.hpp"
#include "review_render.hpp"

namespace ciie::cli {
namespace {

struct SubmitArgs {
  std::string account;
  std::vector<std::string> persons;
  bool persons_only = false;
};

int run_submit(Context& ctx, const SubmitArgs& args) {
  SubmitRequest request;
  request.unit = !args.persons_only;
  if (!args.persons.empty()) {
    auto ids = parse_ids(args.persons, "--persons");
    if (!ids.is_ok()) return ctx.fail(ids.status());
    request.persons = std::move(*ids);
    request.all_persons = false;
  }
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto outcome = session->registry->submit(session->actor, codes::normalize(args.account), request);
  if (!outcome.is_ok()) return ctx.fail(outcome.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(submit_json(*outcome));
  } else {
    ctx.out().text(submit_text(*outcome));
  }
  return kExitOk;
}

}  // namespace

void setup_submit(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SubmitArgs>();
  CLI::App* cmd = app.add_subcommand("submit", "submit a unit and/or its persons (SUB-1)");
  cmd->add_option("--unit", args->account, "the unit's account")->required();
  cmd->add_option("--persons", args->persons,
                  "only these draft persons (ids, comma-separated; default: every draft person)")
      ->type_name("ID,…");
  cmd->add_flag("--persons-only", args->persons_only,
                "submit persons without (re)submitting the unit's information");
  cmd->footer(
      "The unit needs a person submitted with it or before it (submit.no_person). A rejected\n"
      "unit corrects its information and submits again (REV-2).\n"
      "Examples:\n  ciie submit --unit 91310115591693856A\n"
      "  ciie submit --unit 91310115591693856A --persons 3,4 --persons-only");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_submit(ctx, *args); }); });
}

}  // namespace ciie::cli
