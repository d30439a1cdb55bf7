// `ciie route`: which delegation a unit goes to, and why (DEL-1..5). Pure: no store needed.
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"

namespace ciie::cli {
namespace {

struct RouteArgs {
  std::vector<std::string> usccs;
  std::string region = "mainland";
  std::string category = "enterprise";
  std::string affiliation = "place";
  std::string delegation;
  std::string sub_delegation;
  std::string reason;
  std::string industry;
};

nlohmann::json decision_json(const RouteDecision& d) {
  nlohmann::json flags = nlohmann::json::array();
  for (RouteFlag flag : d.flags) flags.push_back(std::string(to_string(flag)));
  return {{"home_delegation", d.home_delegation},
          {"sub_delegation", d.sub_delegation},
          {"industry_delegation", d.industry_delegation},
          {"review", std::string(to_string(d.review))},
          {"reviewer", d.reviewer},
          {"manual_review", d.review != ReviewRoute::kAutomatic},
          {"flags", flags},
          {"basis", d.basis},
          {"reason", d.reason}};
}

std::string decision_text(const std::string& uscc, const RouteDecision& d, const Rules& rules) {
  std::string home = d.home_delegation.empty() ? "(no delegation)" : d.home_delegation;
  if (const Delegation* delegation = rules.find_delegation(d.home_delegation)) {
    home += " " + delegation->name_zh;
  }
  std::string text = (uscc.empty() ? std::string("(no USCC)") : uscc) + "  -> " + home;
  if (!d.sub_delegation.empty()) {
    const auto [owner, sub] = rules.find_sub_delegation(d.sub_delegation);
    text += " / " + d.sub_delegation + (sub != nullptr ? " " + sub->name_zh : "");
  }
  text += "\n  review:  " + std::string(to_string(d.review));
  if (!d.reviewer.empty()) text += " (" + d.reviewer + ")";
  if (!d.flags.empty()) {
    text += "\n  flags:  ";
    for (RouteFlag flag : d.flags) text += " " + std::string(to_string(flag));
  }
  text += "\n  reason:  " + d.reason + "\n";
  return text;
}

Result<RouteRequest> build_request(const RouteArgs& args) {
  RouteRequest request;
  auto region = parse_unit_region(args.region);
  if (!region) return Status::invalid_input("usage", "unknown --region '" + args.region + "'");
  auto category = parse_unit_category(args.category);
  if (!category)
    return Status::invalid_input("usage", "unknown --category '" + args.category + "'");
  auto affiliation = parse_affiliation(args.affiliation);
  if (!affiliation) {
    return Status::invalid_input("usage", "unknown --affiliation '" + args.affiliation +
                                              "' (place, central, nhc or choice)");
  }
  request.region = *region;
  request.category = *category;
  request.affiliation = *affiliation;
  request.delegation = args.delegation;
  request.sub_delegation = args.sub_delegation;
  request.reason = args.reason;
  request.industry_via_referral = args.industry;
  return request;
}

int run_route(Context& ctx, const RouteArgs& args) {
  auto rules = ctx.rules();
  if (!rules.is_ok()) return ctx.fail(rules.status());
  auto base = build_request(args);
  if (!base.is_ok()) return ctx.fail(base.status());
  std::vector<std::string> usccs = args.usccs;
  if (usccs.empty()) usccs.emplace_back();  // overseas units route without a code
  int exit_code = kExitOk;
  nlohmann::json results = nlohmann::json::array();
  for (const std::string& input : usccs) {
    RouteRequest request = *base;
    request.uscc = codes::normalize(input);
    auto decision = route_unit(**rules, request);
    if (decision.is_ok()) {
      results.push_back(
          {{"uscc", request.uscc}, {"ok", true}, {"route", decision_json(*decision)}});
      ctx.out().text(decision_text(request.uscc, *decision, **rules));
      continue;
    }
    const Status& status = decision.status();
    exit_code = std::max(exit_code, exit_status(status.code()));
    results.push_back(
        {{"uscc", request.uscc}, {"ok", false}, {"error", Output::error_json(status)}});
    ctx.out().text(request.uscc + "  refused: " + status.reason() + ": " + status.message() + "\n");
  }
  if (ctx.out().json_mode()) ctx.out().json({{"ok", exit_code == kExitOk}, {"results", results}});
  return exit_code;
}

}  // namespace

void setup_route(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RouteArgs>();
  CLI::App* cmd = app.add_subcommand("route", "which delegation a unit goes to, and why");
  cmd->add_option("--uscc", args->usccs, "unified social credit code(s) of the unit")
      ->expected(1, -1);
  cmd->add_option("--region", args->region, "mainland, hk_mo_tw or overseas")
      ->capture_default_str();
  cmd->add_option("--category", args->category,
                  "enterprise, government, public_institution, social_org or other")
      ->capture_default_str();
  cmd->add_option("--affiliation", args->affiliation,
                  "place (by registration place), central, nhc or choice")
      ->capture_default_str();
  cmd->add_option("--delegation", args->delegation, "the delegation chosen (slug)");
  cmd->add_option("--sub-delegation", args->sub_delegation, "the sub-delegation chosen (slug)");
  cmd->add_option("--reason", args->reason, "why, when choosing by affiliation");
  cmd->add_option("--industry", args->industry,
                  "the industry delegation whose referral code the unit holds");
  cmd->footer(
      "Examples:\n"
      "  ciie route --uscc 91310115591693856A\n"
      "  ciie route --uscc 91110000600037341L --affiliation central --sub-delegation ce-sinopec\n"
      "  ciie --json route --uscc 9144030071526726XG --category government");
  cmd->callback([&ctx, args] { ctx.set_action([&ctx, args] { return run_route(ctx, *args); }); });
}

}  // namespace ciie::cli
