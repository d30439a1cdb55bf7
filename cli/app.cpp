// build_app: the order here is the order of `ciie --help` and of docs/cli-reference.md.
#include "app.hpp"

#include <string>

#include "completion.hpp"
#include "help_reference.hpp"

namespace ciie::cli {
// cmd_invoice.cpp and cmd_refund.cpp (declared here: context.hpp lists the earlier commands).
void setup_invoice(CLI::App& app, Context& ctx);
void setup_refund(CLI::App& app, Context& ctx);
// points
void setup_points(CLI::App& app, Context& ctx);

// events and matchmaking
// cmd_events.cpp, cmd_exhibitors.cpp, cmd_needs.cpp, cmd_match.cpp.
void setup_events(CLI::App& app, Context& ctx);
void setup_exhibitors(CLI::App& app, Context& ctx);
void setup_needs(CLI::App& app, Context& ctx);
void setup_match(CLI::App& app, Context& ctx);

// statistics and export
void setup_stats(CLI::App& app, Context& ctx);
void setup_export(CLI::App& app, Context& ctx);

void build_app(CLI::App& app, Context& ctx) {
  app.name("ciie");
  app.description(
      "ciie — professional-visitor registration of the China International Import Expo");
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand: `ciie route --json …`
  app.set_version_flag("--version", "ciie 0.1.0");
  // A command without a footer of its own inherits this one (when it is added: hence the
  // examples come last, below).
  const std::string exit_status =
      "Exit status: 0 ok, 1 refused by a rule, 2 usage or bad input, 3 not found, "
      "4 conflict or busy, 5 storage, 6 external service, 70 internal error.";
  app.footer(exit_status);
  ctx.add_global_options(app);
  setup_init(app, ctx);
  setup_migrate_store(app, ctx);
  setup_config(app, ctx);
  setup_codes(app, ctx);
  setup_ocr(app, ctx);
  setup_route(app, ctx);
  setup_audit(app, ctx);
  setup_register(app, ctx);
  setup_verify(app, ctx);
  setup_referral(app, ctx);
  setup_unit(app, ctx);
  setup_person(app, ctx);
  setup_returning(app, ctx);
  setup_submit(app, ctx);
  setup_review(app, ctx);
  setup_progress(app, ctx);
  setup_address(app, ctx);
  setup_token(app, ctx);
  setup_quota(app, ctx);
  setup_order(app, ctx);
  setup_pay(app, ctx);
  setup_invoice(app, ctx);
  setup_refund(app, ctx);
  // points
  setup_points(app, ctx);

  // events and matchmaking
  setup_events(app, ctx);
  setup_exhibitors(app, ctx);
  setup_needs(app, ctx);
  setup_match(app, ctx);

  // statistics and export
  setup_stats(app, ctx);
  setup_export(app, ctx);

  // about the tool itself
  setup_completion(app, ctx);
  setup_help_reference(app, ctx);

  app.footer(exit_status +
             "\nExamples:\n"
             "  ciie init\n"
             "  ciie codes check uscc 91310115591693856A\n"
             "  ciie route --uscc 9144030071526726XG --category government\n"
             "  ciie --json audit --subject store");
}

}  // namespace ciie::cli
