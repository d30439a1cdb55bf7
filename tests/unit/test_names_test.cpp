// CTest runs each Catch2 test case by name; a name with ';' is split by CMake into two names
// that match nothing, and the case is silently skipped. This test keeps such names out.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "support/temp_dir.hpp"

TEST_CASE("no test case name contains a semicolon", "[docs]") {
  const std::filesystem::path tests = std::filesystem::path(CIIE_SOURCE_DIR) / "tests";
  const std::regex name(R"re(TEST_CASE\(\s*"([^"]*)")re");
  int names = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tests)) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = ciie::test::read_file(entry.path().string());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), name);
         it != std::sregex_iterator(); ++it) {
      ++names;
      INFO(entry.path().filename().string() << ": " << (*it)[1]);
      CHECK((*it)[1].str().find(';') == std::string::npos);
    }
  }
  CHECK(names > 100);
}
