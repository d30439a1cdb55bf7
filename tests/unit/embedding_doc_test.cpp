// docs/embedding.md quotes the example programs: every block headed with a file
// ("```cpp examples/order_and_pay.cpp") must be a verbatim excerpt of that file, so that the
// tutorial cannot drift from the code CI builds. (The programs' output, quoted as "```text NAME
// output" blocks, is checked against their real output by tests/find_package/run.cmake.)
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

TEST_CASE("docs/embedding.md quotes the example programs verbatim", "[docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const std::string doc = ciie::test::read_file((root / "docs/embedding.md").string());
  REQUIRE_FALSE(doc.empty());

  struct Quote {
    std::string file;
    std::string text;
  };
  std::vector<Quote> quotes;
  std::vector<std::string> outputs;
  std::istringstream in(doc);
  bool inside = false;
  Quote current;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      if (inside) {
        if (!current.file.empty()) quotes.push_back(current);
        inside = false;
        continue;
      }
      inside = true;
      current = {};
      const std::string info = line.substr(3);
      if (info.rfind("cpp ", 0) == 0 || info.rfind("cmake ", 0) == 0) {
        current.file = info.substr(info.find(' ') + 1);
      } else if (info.rfind("text ", 0) == 0) {
        outputs.push_back(info.substr(5));
      }
      continue;
    }
    if (inside && !current.file.empty()) current.text += line + "\n";
  }
  REQUIRE(quotes.size() >= 8);

  for (const Quote& quote : quotes) {
    const std::string source = ciie::test::read_file((root / quote.file).string());
    INFO(quote.file << " does not contain the quoted lines:\n" << quote.text);
    REQUIRE_FALSE(source.empty());
    CHECK(source.find(quote.text) != std::string::npos);
  }
  // Every program the tutorial walks through has its output on the page.
  for (const char* program : {"register_and_submit", "order_and_pay", "bulk_import",
                              "stats_report"}) {
    INFO(program);
    CHECK(std::count(outputs.begin(), outputs.end(), std::string(program) + " output") == 1);
    CHECK(std::filesystem::exists(root / "examples" / (std::string(program) + ".cpp")));
  }
}
