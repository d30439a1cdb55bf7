// The CLI reference, the examples in the help and the bash completion, all read from the one
// command tree (cli/app.hpp):
// - docs/cli-reference.md is what `ciie help-reference` prints; run with CIIE_UPDATE_GOLDEN=1
//   to rewrite it (then review the diff);
// - every command without subcommands, and ciie itself, shows an example in its help (the
//   convention: has_example);
// - the script of `ciie completion bash`, sourced in a real bash, completes commands, options
//   and option values.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "app.hpp"
#include "completion.hpp"
#include "help_reference.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::cli::build_app;
using ciie::cli::Context;

// Whether `footer` holds an example of the command at `path` (below ciie; "" for ciie itself):
// under a line "Example:" or "Examples:", a line starting with "  ciie " that names the command
// ("  ciie --json points redeem --unit …"); a footer inherited from a parent does not count.
bool has_example(const std::string& footer, const std::string& path) {
  std::istringstream in(footer);
  bool in_examples = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "Example:" || line == "Examples:") {
      in_examples = true;
      continue;
    }
    if (!in_examples || line.rfind("  ciie ", 0) != 0) continue;
    const std::string words = line + " ";
    if (path.empty() || words.find(" " + path + " ") != std::string::npos) return true;
  }
  return false;
}

// COMPREPLY after completing `line` (the word at the cursor is the last one, "" after a space).
std::string complete(const std::string& script_path, const std::string& line) {
  const std::string shell = "source '" + script_path + "'\n" + "COMP_WORDS=(" + line + ")\n" +
                            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n" + "_ciie\n" +
                            "echo \"${COMPREPLY[*]}\"\n";
  auto result = ciie::test::run_command({"bash", "--norc", "--noprofile", "-c", shell});
  INFO("bash stderr: " << result.err);
  REQUIRE(result.exit_status == 0);
  return result.out;
}

}  // namespace

TEST_CASE("docs/cli-reference.md is the reference the command tree prints",
          "[cli][cli-reference]") {
  Context ctx;
  CLI::App app;
  build_app(app, ctx);
  const std::string reference = ciie::cli::help_reference(app);
  const std::string path = std::string(CIIE_SOURCE_DIR) + "/docs/cli-reference.md";
  if (std::getenv("CIIE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << reference;
  }
  INFO(
      "docs/cli-reference.md is out of date; regenerate it with\n"
      "  CIIE_UPDATE_GOLDEN=1 build/tests/ciie_tests \"[cli-reference]\"\n"
      "(or `ciie help-reference > docs/cli-reference.md`) and review the diff");
  CHECK(ciie::test::read_file(path) == reference);

  // The built tool prints the same: main() builds the same tree.
  auto printed = ciie::test::run_ciie({"help-reference"});
  CHECK(printed.exit_status == 0);
  CHECK(printed.out == reference);
}

TEST_CASE("every leaf command's help, and ciie's, shows an example", "[cli][cli-reference]") {
  Context ctx;
  CLI::App app;
  build_app(app, ctx);
  std::vector<std::string> missing;
  const auto tree = ciie::cli::command_tree(app);
  REQUIRE(tree.size() > 50);
  for (const auto& entry : tree) {
    const bool leaf =
        entry.app->get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); })
            .empty();
    const std::string path = entry.app == &app ? "" : entry.path.substr(app.get_name().size() + 1);
    if ((leaf || entry.app == &app) && !has_example(entry.app->get_footer(), path)) {
      missing.push_back(entry.path);
    }
  }
  std::string names;
  for (const auto& name : missing) names += "\n  " + name;
  INFO("commands whose footer has no \"Example:\"/\"Examples:\" line followed by \"  ciie …\":"
       << names);
  CHECK(missing.empty());

  // What --help shows is that footer.
  auto help = ciie::test::run_ciie({"points", "redeem", "--help"});
  CHECK(help.exit_status == 0);
  CHECK(help.out.find("Example:\n  ciie points redeem ") != std::string::npos);
  auto top = ciie::test::run_ciie({"--help"});
  CHECK(top.out.find("Examples:\n  ciie ") != std::string::npos);
}

TEST_CASE("the bash completion script completes commands, options and values",
          "[cli][cli-reference]") {
  Context ctx;
  CLI::App app;
  build_app(app, ctx);
  auto printed = ciie::test::run_ciie({"completion", "bash"});
  REQUIRE(printed.exit_status == 0);
  CHECK(printed.out == ciie::cli::bash_completion(app));

  ciie::test::TempDir dir;
  const std::string script = dir.write("ciie.bash", printed.out);
  CHECK(complete(script, "ciie po") == "points\n");
  CHECK(complete(script, "ciie points re") == "redeem\n");
  CHECK(complete(script, "ciie export --format ''") == "csv jsonl\n");
  CHECK(complete(script, "ciie export --format j") == "jsonl\n");
  // Global options and their values are skipped on the way to the command.
  CHECK(complete(script, "ciie --db x.db points re") == "redeem\n");
  CHECK(complete(script, "ciie points redeem --cou") == "--coupon\n");
  CHECK(complete(script, "ciie points redeem --js") == "--json\n");
  // An option with an open set of values completes files.
  dir.write("units.csv", "");
  CHECK(complete(script, "ciie export units --out " + dir.path().string() + "/uni") ==
        dir.path().string() + "/units.csv\n");
}
