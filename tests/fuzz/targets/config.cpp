// Fuzz target "config": the bytes are a ciie.toml. Every environment variable is set (to a fixed
// value), so that secrets named by `_env` resolve. Properties: parse_config never throws; every
// problem has a listed config.* key and a non-negative place, and first_problem() agrees with the
// list; a file without problems renders (render_config_toml) to TOML that reads back without
// problems and renders to the same text again, and its JSON rendering dumps without throwing.
#include <string>

#include "config_file.hpp"
#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "config";

cli::EnvLookup fixed_env() {
  return [](const std::string&) -> std::optional<std::string> { return "fuzz-secret-value"; };
}

void check_problems(const cli::LoadedConfig& loaded, const std::string& what) {
  for (const cli::ConfigProblem& problem : loaded.problems) {
    require(problem.line >= 0 && problem.column >= 0, kName, what + ": a negative place");
    require_refusal(Status::invalid_input(problem.reason, problem.message), Code::kInvalidInput,
                    kName, "config.");
  }
  const Status first = cli::first_problem(loaded);
  require(first.is_ok() == loaded.problems.empty(), kName, what + ": first_problem disagrees");
  if (!first.is_ok()) {
    require(first.reason() == loaded.problems.front().reason, kName,
            what + ": first_problem has another reason");
  }
}

}  // namespace

int fuzz_config(const std::uint8_t* data, std::size_t size) {
  const cli::EnvLookup env = fixed_env();
  const cli::LoadedConfig loaded =
      cli::parse_config(std::string(as_text(data, size)), "fuzz.toml", env);
  check_problems(loaded, "the input");
  if (!loaded.problems.empty()) return 0;
  const std::string rendered = cli::render_config_toml(loaded.rules);
  (void)cli::render_config_json(loaded.rules).dump();
  const cli::LoadedConfig again = cli::parse_config(rendered, "rendered.toml", env);
  check_problems(again, "the rendering");
  if (!again.problems.empty()) {
    fuzz_violation(kName, "the rendering of a good file does not read back: " +
                              cli::first_problem(again).to_string() + "\n" + rendered);
  }
  require(cli::render_config_toml(again.rules) == rendered, kName,
          "the rendering does not render the same after reading it back:\n" + rendered);
  return 0;
}

}  // namespace ciie::fuzz
