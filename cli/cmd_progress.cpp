// `ciie progress --unit ACCOUNT`: the progress flow of a unit (进度流程图, REV-5) — the eight
// steps from registration to badge delivery, each with its state and a phrase of detail.
#include "ciie/codes.hpp"

#include "context.hpp"
#include "exit_status.hpp"
#include "table.hpp"

namespace ciie::cli {
namespace {

struct ProgressArgs {
  std::string account;
};

// The step names of review.hpp and their labels in the registration system.
std::string label_zh(const std::string& step) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"registered", "注册"},
      {"unit_submitted", "单位信息提交"},
      {"unit_review", "单位审核"},
      {"persons_submitted", "人员提交"},
      {"payment", "支付"},
      {"person_review", "人员审核"},
      {"badge_production", "证件制作"},
      {"delivery", "证件配送"},
  };
  for (const auto& [name, label] : kLabels) {
    if (step == name) return label;
  }
  return "";
}

nlohmann::json progress_json(const Progress& progress) {
  nlohmann::json steps = nlohmann::json::array();
  for (const ProgressStep& step : progress.steps) {
    steps.push_back({{"step", step.step},
                     {"label_zh", label_zh(step.step)},
                     {"state", std::string(to_string(step.state))},
                     {"detail", step.detail},
                     {"at", step.at ? nlohmann::json(step.at->to_shanghai_string())
                                    : nlohmann::json(nullptr)}});
  }
  return {{"ok", true},
          {"account", progress.account},
          {"name", progress.name},
          {"state", std::string(to_string(progress.state))},
          {"persons", progress.persons},
          {"pending", progress.pending},
          {"steps", steps}};
}

std::string progress_text(const Progress& progress) {
  std::string text = progress.account + "  " + progress.name + "  (" +
                     std::string(to_string(progress.state)) + ")\n";
  std::vector<std::vector<std::string>> rows{{"", "STEP", "步骤", "STATE", "WHEN", "DETAIL"}};
  int number = 0;
  for (const ProgressStep& step : progress.steps) {
    rows.push_back({std::to_string(++number) + ".", step.step, label_zh(step.step),
                    std::string(to_string(step.state)),
                    step.at ? step.at->to_shanghai_string() : std::string("-"),
                    step.detail.empty() ? std::string("-") : step.detail});
  }
  text += aligned_table(rows);
  text += "persons: " + std::to_string(progress.persons) +
          ", pending (待提交人数): " + std::to_string(progress.pending) + "\n";
  return text;
}

int run_progress(Context& ctx, const ProgressArgs& args) {
  auto session = ctx.session();
  if (!session.is_ok()) return ctx.fail(session.status());
  auto progress = session->registry->progress(session->actor, codes::normalize(args.account));
  if (!progress.is_ok()) return ctx.fail(progress.status());
  if (ctx.out().json_mode()) {
    ctx.out().json(progress_json(*progress));
  } else {
    ctx.out().text(progress_text(*progress));
  }
  return kExitOk;
}

}  // namespace

void setup_progress(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ProgressArgs>();
  CLI::App* cmd =
      app.add_subcommand("progress", "a unit's progress through the eight steps (REV-5)");
  cmd->add_option("--unit", args->account, "the unit's account")->required();
  cmd->footer(
      "Steps: registered 注册, unit_submitted 单位信息提交, unit_review 单位审核,\n"
      "persons_submitted 人员提交, payment 支付, person_review 人员审核, badge_production "
      "证件制作,\n"
      "delivery 证件配送; states: done, in_progress, waiting, rejected, not_started,\n"
      "not_applicable.\n"
      "Example:\n  ciie --as unit:91310115591693856A progress --unit 91310115591693856A");
  cmd->callback(
      [&ctx, args] { ctx.set_action([&ctx, args] { return run_progress(ctx, *args); }); });
}

}  // namespace ciie::cli
