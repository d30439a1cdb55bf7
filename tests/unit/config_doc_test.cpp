// docs/config.md documents the keys the ciie.toml reader accepts, and only those.
//  - Reader → page: the key names the reader asks for are string literals in cli/config_*.cpp
//    (r.read("key", …), read_money("stem") for `stem` and `stem_fen`, read_secret(r, "stem") for
//    `stem_env` and `stem_file`, with_section / tables / table for sections). Each must be a key
//    in a table of "## Sections and keys", or the name of a documented section.
//  - Page → reader: every documented key, written into its section of a file, must not be
//    config.unknown_key when the real reader parses it (the same file with a made-up key is, as
//    a control, so that a section the reader skips cannot pass unnoticed).
#include "config_file.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

namespace {

// A documented section ("edition", "payment.gateway") with the keys its tables list.
struct DocSection {
  bool array = false;  // [[name]]
  std::set<std::string> keys;
};

// Parses the key tables of "## Sections and keys": a heading or a paragraph that starts with a
// `[section]` / `[[section]]` token opens that section; the first cell of a table row lists its
// keys in backticks (`fee_fen` (or `fee`), `http_auth_env` / `http_auth_file`).
std::map<std::string, DocSection> documented_sections(const std::string& doc) {
  const std::size_t start = doc.find("## Sections and keys");
  const std::size_t end = doc.find("\n## ", start + 1);
  REQUIRE(start != std::string::npos);
  std::istringstream in(doc.substr(start, end == std::string::npos ? end : end - start));
  const std::regex section(R"(`(\[\[?)([a-z_.]+)\]\]?`)");
  const std::regex key(R"(`([a-z][a-z0-9_]*)`)");
  std::map<std::string, DocSection> sections;
  std::string current;
  bool in_code = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) in_code = !in_code;
    if (in_code) continue;
    std::smatch m;
    if ((line.rfind("#", 0) == 0 || line.rfind("`[", 0) == 0) &&
        std::regex_search(line, m, section)) {
      current = m[2];
      sections[current].array = m[1] == "[[";
      continue;
    }
    if (line.rfind("| `", 0) != 0 || current.empty()) continue;
    const std::string cell = line.substr(0, line.find('|', 1));
    if (std::regex_search(cell, m, section)) {  // a row naming a nested section, documented apart
      continue;
    }
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), key);
         it != std::sregex_iterator(); ++it) {
      sections[current].keys.insert((*it)[1]);
    }
  }
  return sections;
}

// The keys the reader sources ask for, by name.
std::set<std::string> reader_keys(const std::filesystem::path& root) {
  const std::regex call(
      R"re(\b(read|read_money|require_money|read_counts|require|table|tables|read_list|with_section|read_secret)\(\s*(?:[a-z_]+\s*,\s*)?"([a-z][a-z0-9_]*)")re");
  std::set<std::string> keys;
  for (const char* file : {"cli/config_file.cpp", "cli/config_delegations.cpp",
                           "cli/config_secrets.cpp"}) {
    const std::string text = ciie::test::read_file((root / file).string());
    REQUIRE_FALSE(text.empty());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call);
         it != std::sregex_iterator(); ++it) {
      const std::string function = (*it)[1];
      const std::string name = (*it)[2];
      if (function == "read_secret") {
        keys.insert(name + "_env");
        keys.insert(name + "_file");
        continue;
      }
      keys.insert(name);
      if (function == "read_money" || function == "require_money") keys.insert(name + "_fen");
    }
  }
  return keys;
}

// What a section needs so that the reader gets as far as checking its keys: required keys, and
// the parent entry of a nested array.
std::string preamble(const std::string& section, bool array) {
  static const std::map<std::string, std::string> needs{
      {"badge_type",
       "code = \"x1\"\nname_zh = \"x\"\nvalid_from = 2024-11-05\nvalid_to = 2024-11-05\n"
       "fee_fen = 0\n"},
      {"delegation", "slug = \"x1\"\nname_zh = \"x\"\nkind = \"province\"\n"},
      {"delegation.sub_delegation", "slug = \"x1-sub\"\nname_zh = \"y\"\n"},
      {"delegation_override", "slug = \"shanghai\"\n"},
      {"delegation_override.sub_delegation", "slug = \"shanghai-new\"\nname_zh = \"y\"\n"},
      {"payment.gateway", "name = \"b2b\"\nbase_url = \"https://pay.example\"\n"},
      {"points.coupon", "code = \"c1\"\ncost_points = 1\nvalue_fen = 0\n"},
      {"area", "slug = \"a1\"\nname_zh = \"x\"\n"},
  };
  std::string text;
  const std::size_t dot = section.find('.');
  // A nested array of an array ([[delegation.sub_delegation]]) needs its parent entry first; one
  // of a plain table ([[payment.gateway]]) does not.
  const std::string parent = dot == std::string::npos ? "" : section.substr(0, dot);
  if (array && (parent == "delegation" || parent == "delegation_override")) {
    text += "[[" + parent + "]]\n";
    if (auto it = needs.find(parent); it != needs.end()) text += it->second;
  }
  text += array ? "[[" + section + "]]\n" : "[" + section + "]\n";
  if (auto it = needs.find(section); it != needs.end()) text += it->second;
  return text;
}

std::vector<std::string> unknown_keys(const std::string& toml) {
  const auto loaded = ciie::cli::parse_config(
      toml, "doc.toml", [](const std::string&) -> std::optional<std::string> { return "v"; });
  std::vector<std::string> unknown;
  for (const auto& p : loaded.problems) {
    if (p.reason == "config.unknown_key" || p.reason == "config.syntax") {
      unknown.push_back(p.key + ": " + p.message);
    }
  }
  return unknown;
}

}  // namespace

TEST_CASE("every key the ciie.toml reader asks for is documented in docs/config.md", "[docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const auto sections =
      documented_sections(ciie::test::read_file((root / "docs/config.md").string()));
  std::set<std::string> documented;
  for (const auto& [name, section] : sections) {
    documented.insert(name.substr(name.rfind('.') + 1));  // "payment.gateway" → "gateway"
    documented.insert(section.keys.begin(), section.keys.end());
  }
  const std::set<std::string> keys = reader_keys(root);
  // The scan finds what it should: sections, plain keys, money and secret keys.
  REQUIRE(keys.size() > 90);
  for (const char* expected : {"edition", "notice_max_age_seconds", "fee_fen", "secret_env",
                               "remove_sub_delegations", "free_quota", "coupon"}) {
    REQUIRE(keys.count(expected) == 1);
  }
  for (const std::string& key : keys) {
    INFO("the reader accepts " << key << ", which docs/config.md does not document");
    CHECK(documented.count(key) == 1);
  }
}

TEST_CASE("every key docs/config.md documents is one the ciie.toml reader accepts", "[docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const auto sections =
      documented_sections(ciie::test::read_file((root / "docs/config.md").string()));
  REQUIRE(sections.size() >= 18);
  std::size_t checked = 0;
  for (const auto& [name, section] : sections) {
    const std::string head = preamble(name, section.array);
    {
      INFO("[" << name << "]: the section as the test writes it must be known");
      CHECK(unknown_keys(head).empty());
    }
    {
      INFO("[" << name << "]: a made-up key must be reported, or the check proves nothing");
      CHECK(unknown_keys(head + "no_such_key_in_ciie = 1\n").size() == 1);
    }
    for (const std::string& key : section.keys) {
      // A key the preamble sets already is known by construction (the reader required it).
      if (head.find("\n" + key + " = ") != std::string::npos) continue;
      INFO("docs/config.md documents [" << name << "] " << key << ", which the reader refuses");
      CHECK(unknown_keys(head + key + " = \"x\"\n").empty());
      ++checked;
    }
  }
  CHECK(checked > 80);
}

TEST_CASE("examples/ciie.toml shows every key docs/config.md documents", "[docs]") {
  // The commented example is the other half of the reference: each documented key is written
  // there (set to its default, or commented out where it has none or is a secret). Alternative
  // spellings of one setting (`fee_fen` or `fee`, `secret_env` or `secret_file`) need one.
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const std::string example = ciie::test::read_file((root / "examples/ciie.toml").string());
  REQUIRE_FALSE(example.empty());
  const auto sections =
      documented_sections(ciie::test::read_file((root / "docs/config.md").string()));
  const std::map<std::string, std::string> alternative{
      {"fee", "fee_fen"}, {"value", "value_fen"}, {"secret_file", "secret_env"},
      {"http_auth_file", "http_auth_env"}, {"smtp_password_file", "smtp_password_env"}};
  const auto written = [&](const std::string& key) {
    const std::regex assignment("(^|\\n)[ #]*" + key + " = ");
    return std::regex_search(example, assignment);
  };
  for (const auto& [name, section] : sections) {
    for (const std::string& key : section.keys) {
      INFO("[" << name << "] " << key << " is not in examples/ciie.toml");
      const auto alt = alternative.find(key);
      CHECK((written(key) || (alt != alternative.end() && written(alt->second))));
    }
  }
}
