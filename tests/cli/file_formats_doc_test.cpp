// The examples of docs/file-formats.md are real: every fenced block named with a file
// ("```csv units.csv") is written to that file in a store prepared through the ciie binary and
// fed to its command, inputs with --dry-run (every row must be read and accepted), the
// configuration through `config check`; the output examples are compared with what the command
// writes. A named block without a command here, or a command whose block is gone, fails too.
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;
using nlohmann::json;

constexpr const char* kUnit = "91310115591693856A";
constexpr const char* kUnitName = "上海示例国际贸易有限公司";
constexpr const char* kGovernment = "11320000MB0112344P";

// The named blocks of the page: file name → content.
std::map<std::string, std::string> named_blocks(const std::string& doc) {
  std::map<std::string, std::string> blocks;
  std::istringstream in(doc);
  std::string name;
  std::string content;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      if (inside) {
        if (!name.empty()) blocks[name] = content;
        inside = false;
        continue;
      }
      inside = true;
      content.clear();
      const std::string info = line.substr(3);
      const std::size_t space = info.find(' ');
      name = space == std::string::npos ? "" : info.substr(space + 1);
      continue;
    }
    if (inside) content += line + "\n";
  }
  return blocks;
}

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", "2024-06-03T10:00:00+08:00"}};

  CommandResult run(const std::vector<std::string>& args) const {
    return ciie::test::run_ciie(args, {}, env, dir.path().string());
  }
  json json_of(const std::vector<std::string>& args) const {
    std::vector<std::string> with{"--json"};
    with.insert(with.end(), args.begin(), args.end());
    const CommandResult result = run(with);
    INFO(result.out << result.err);
    REQUIRE(result.exit_status == 0);
    return json::parse(result.out);
  }
  void must(const std::vector<std::string>& args) const {
    const CommandResult result = run(args);
    INFO(args[0] << ": " << result.out << result.err);
    REQUIRE(result.exit_status == 0);
  }
};

// Rows a bulk command's --json output accepted (one object per row, then the summary).
int accepted_rows(const std::string& out) {
  int ok = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const json row = json::parse(line, nullptr, false);
    if (row.is_object() && row.value("ok", false)) ++ok;
  }
  return ok;
}

// The data rows of an input example: CSV without its header, JSON Lines as they are.
int data_rows(const std::string& name, const std::string& content) {
  int lines = 0;
  for (char c : content) lines += c == '\n' ? 1 : 0;
  return name.size() > 4 && name.substr(name.size() - 4) == ".csv" ? lines - 1 : lines;
}

// Every member of `expected` is in `actual` with the same value; objects recursively, arrays by
// their elements; only the order number, which carries a random part, may differ.
void check_members(const json& expected, const json& actual, const std::string& path) {
  for (const auto& [key, value] : expected.items()) {
    INFO(path << "." << key);
    REQUIRE(actual.contains(key));
    if (value.is_object()) {
      check_members(value, actual[key], path + "." + key);
    } else if (value.is_array()) {
      REQUIRE(actual[key].is_array());
      REQUIRE(actual[key].size() == value.size());
      for (std::size_t i = 0; i < value.size(); ++i) {
        check_members(value[i], actual[key][i], path + "." + key + "[" + std::to_string(i) + "]");
      }
    } else if (key != "order") {
      CHECK(actual[key] == value);
    }
  }
}

}  // namespace

TEST_CASE("every example of docs/file-formats.md is read or written by the real command",
          "[cli][docs]") {
  const std::filesystem::path source(CIIE_SOURCE_DIR);
  const auto blocks =
      named_blocks(ciie::test::read_file((source / "docs/file-formats.md").string()));
  REQUIRE(blocks.size() >= 10);

  // A store with what the examples refer to: a Shanghai enterprise whose person (with a photo)
  // is paid for by a confirmed transfer, approved and invoiced; and a Jiangsu government office
  // waiting in its delegation's review queue.
  Store store;
  std::filesystem::copy(source / "examples/photos", store.dir.path() / "photos");
  const std::string photo = (source / "examples/photos/person-1.png").string();
  store.must({"init"});
  store.must({"register", "--uscc", kUnit, "--name", kUnitName, "--category", "enterprise",
              "--phone", "13812345678", "--consent"});
  store.must({"person", "add", "--unit", kUnit, "--name", "林晓峰", "--doc-type", "cn_id",
              "--doc-number", "11010519491231002X", "--phone", "13900001235", "--badge", "full",
              "--photo", photo});
  store.must({"submit", "--unit", kUnit});
  const std::string order =
      store.json_of({"order", "create", "--unit", kUnit})["order"]["number"].get<std::string>();
  store.must({"--as", std::string("unit:") + kUnit, "pay", "proof", order, "--payer-name",
              kUnitName, "--payer-account", "31001234567890", "--amount", "200.00", "--date",
              "2024-06-03", "--file", photo});
  const json queue = store.json_of({"--as", "finance", "pay", "review"});
  REQUIRE(queue["payments"].size() == 1);
  store.must({"--as", "finance", "pay", "review", "--payment",
              std::to_string(queue["payments"][0]["id"].get<std::int64_t>()), "--confirm"});
  store.must({"invoice", "request", order, "--type", "normal", "--delivery-email",
              "finance@example.com", "--issue"});
  store.must({"register", "--uscc", kGovernment, "--name", "江苏省示例商务厅", "--category",
              "government", "--phone", "13912340002", "--consent"});
  store.must({"person", "add", "--unit", kGovernment, "--name", "周敏", "--doc-type", "cn_id",
              "--doc-number", "320102198804150020", "--phone", "13912340021", "--badge", "full"});
  store.must({"submit", "--unit", kGovernment});

  // Inputs: the command reading the file, with --dry-run and --json added.
  const std::map<std::string, std::vector<std::string>> inputs{
      {"units.csv", {"register", "--from", "units.csv"}},
      {"persons.csv", {"person", "import", "--unit", kUnit, "--from", "persons.csv"}},
      {"decisions.csv",
       {"--as", "delegation:jiangsu", "review", "--batch", "--decisions", "decisions.csv"}},
      {"statement.csv", {"--as", "finance", "pay", "import-statement", "statement.csv"}},
      {"export.jsonl", {"import-returning", "--from", "export.jsonl"}},
      {"events.csv", {"events", "import", "--from", "events.csv"}},
      {"exhibits.csv", {"exhibitors", "import", "--from", "exhibits.csv"}},
      {"checkins.csv", {"points", "checkins", "--from", "checkins.csv"}},
  };
  // Outputs and the configuration: a check of their own.
  const std::map<std::string, std::function<void(const std::string&)>> others{
      {"ciie.toml",
       [&](const std::string&) {
         const CommandResult checked = store.run({"config", "check", "ciie.toml"});
         INFO(checked.out << checked.err);
         CHECK(checked.exit_status == 0);
         CHECK(checked.out.find("ciie.toml: ok") != std::string::npos);
       }},
      {"orders-export.csv",
       [&](const std::string& content) {
         const CommandResult exported = store.run({"export", "orders", "--format", "csv"});
         REQUIRE(exported.exit_status == 0);
         const std::string header = exported.out.substr(0, exported.out.find("\r\n"));
         CHECK(header + "\n" == content);
       }},
      {"invoice.json",
       [&](const std::string& content) {
         const json listed = store.json_of({"invoice", "list", "--unit", kUnit});
         REQUIRE(listed["invoices"].size() == 1);
         const json shown = store.json_of(
             {"invoice", "show", listed["invoices"][0]["number"].get<std::string>()});
         check_members(json::parse(content), shown.contains("invoice") ? shown["invoice"] : shown,
                       "invoice");
       }},
  };

  for (const auto& [name, content] : blocks) {
    INFO("docs/file-formats.md example " << name);
    std::ofstream(store.dir.path() / name, std::ios::binary) << content;
    if (auto input = inputs.find(name); input != inputs.end()) {
      std::vector<std::string> args{"--json"};
      args.insert(args.end(), input->second.begin(), input->second.end());
      args.push_back("--dry-run");
      const CommandResult result = store.run(args);
      INFO(result.out << result.err);
      CHECK(result.exit_status == 0);
      CHECK(accepted_rows(result.out) == data_rows(name, content));
    } else if (auto other = others.find(name); other != others.end()) {
      other->second(content);
    } else {
      FAIL_CHECK("no command checks the example " << name);
    }
  }
  for (const auto& [name, args] : inputs) {
    INFO("the example " << name << " is gone from docs/file-formats.md");
    CHECK(blocks.count(name) == 1);
  }
  for (const auto& [name, check] : others) {
    INFO("the example " << name << " is gone from docs/file-formats.md");
    CHECK(blocks.count(name) == 1);
  }
}
