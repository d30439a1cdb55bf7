// docs/architecture.md's header guide names every public header: this test lists include/ciie/
// and fails on a header the guide's table does not name, and on a name in the table that is not
// a header (renamed or removed).
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

TEST_CASE("docs/architecture.md's header guide names every header of include/ciie", "[docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const std::string doc = ciie::test::read_file((root / "docs/architecture.md").string());
  REQUIRE_FALSE(doc.empty());

  // The guide is the table under "## Reading order": rows "| `a.hpp`, `b.hpp` | … |".
  const std::size_t start = doc.find("## Reading order");
  REQUIRE(start != std::string::npos);
  const std::size_t end = doc.find("\n## ", start + 1);
  std::istringstream table(doc.substr(start, end == std::string::npos ? end : end - start));
  const std::regex header_name("`([a-z_]+\\.hpp)`");
  std::set<std::string> named;
  for (std::string line; std::getline(table, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::string first_cell = line.substr(0, line.find('|', 1));
    for (auto it = std::sregex_iterator(first_cell.begin(), first_cell.end(), header_name);
         it != std::sregex_iterator(); ++it) {
      named.insert((*it)[1]);
    }
  }

  std::set<std::string> headers;
  for (const auto& entry : std::filesystem::directory_iterator(root / "include/ciie")) {
    if (entry.path().extension() == ".hpp") headers.insert(entry.path().filename().string());
  }
  REQUIRE(headers.size() > 20);
  REQUIRE(headers.count("registry.hpp") == 1);

  for (const std::string& header : headers) {
    INFO("include/ciie/" << header << " is not in the header guide of docs/architecture.md");
    CHECK(named.count(header) == 1);
  }
  for (const std::string& name : named) {
    INFO("the header guide names " << name << ", which is not in include/ciie/");
    CHECK(headers.count(name) == 1);
  }
}
