// docs/errors.md lists every reason key the code can produce: this test scans the sources for
// Status factories and fails on a key the page does not mention.
#include <filesystem>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

TEST_CASE("every reason key in the code is documented in docs/errors.md", "[docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const std::string doc = ciie::test::read_file((root / "docs/errors.md").string());
  REQUIRE_FALSE(doc.empty());
  // Status::refused("key", …), Status::invalid_input("key", …), Status(Code::…, "key", …), and
  // warnings pushed as {"key", …}.
  const std::regex factory(
      R"re((?:refused|invalid_input|not_found|conflict|storage|external)\(\s*"([a-z_]+(?:\.[a-z_]+)?)")re");
  const std::regex warning(R"re(Warning\{\s*"([a-z_]+\.[a-z_]+)")re");
  std::set<std::string> keys;
  for (const char* dir : {"lib", "cli", "include"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string text = ciie::test::read_file(entry.path().string());
      for (const std::regex* pattern : {&factory, &warning}) {
        for (auto it = std::sregex_iterator(text.begin(), text.end(), *pattern);
             it != std::sregex_iterator(); ++it) {
          keys.insert((*it)[1]);
        }
      }
    }
  }
  REQUIRE(keys.size() > 40);
  for (const std::string& key : keys) {
    INFO(key);
    CHECK(doc.find("`" + key + "`") != std::string::npos);
  }
}
