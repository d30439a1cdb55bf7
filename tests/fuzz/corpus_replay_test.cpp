// Replays the fuzz corpus and every regression input through the fuzz targets in the normal test
// run (g++, no libFuzzer), so that a crash once found stays fixed. Every file goes through every
// target (a CSV seed is also a fine odd USCC), whole and cut short: all prefixes of short files,
// 64 evenly spaced prefixes of longer ones. A broken property aborts the test binary with
// "fuzz property violated (<target>): …" on stderr.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fuzz/targets/fuzz_target.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(CIIE_SOURCE_DIR) / "tests" / "fuzz";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The input files of one directory, sorted, without the README that explains it.
std::vector<fs::path> inputs_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every target over the whole of `bytes` and over prefixes of it.
void replay(const std::string& bytes) {
  constexpr std::size_t kAllPrefixesUpTo = 256, kSpacedPrefixes = 64;
  std::vector<std::size_t> lengths;
  if (bytes.size() <= kAllPrefixesUpTo) {
    for (std::size_t n = 0; n <= bytes.size(); ++n) lengths.push_back(n);
  } else {
    for (std::size_t k = 0; k < kSpacedPrefixes; ++k) {
      lengths.push_back(bytes.size() * k / kSpacedPrefixes);
    }
    lengths.push_back(bytes.size());
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  for (const ciie::fuzz::Target& target : ciie::fuzz::targets()) {
    for (const std::size_t n : lengths) target.run(data, n);
  }
}

}  // namespace

TEST_CASE("every fuzz target has a seed corpus and lists documented reason keys", "[fuzz]") {
  const std::string errors = read_file(fs::path(CIIE_SOURCE_DIR) / "docs" / "errors.md");
  REQUIRE_FALSE(errors.empty());
  for (const ciie::fuzz::Target& target : ciie::fuzz::targets()) {
    const std::string name(target.name);
    INFO("target " << name);
    CHECK_FALSE(inputs_in(kFuzzDir / "corpus" / name).empty());
    for (const std::string_view reason : target.reasons) {
      INFO("reason " << reason);
      CHECK(errors.find("`" + std::string(reason) + "`") != std::string::npos);
    }
  }
}

TEST_CASE("the fuzz corpus and the regression inputs replay through every target", "[fuzz]") {
  std::size_t replayed = 0;
  for (const ciie::fuzz::Target& target : ciie::fuzz::targets()) {
    for (const char* kind : {"corpus", "regressions"}) {
      for (const fs::path& file : inputs_in(kFuzzDir / kind / std::string(target.name))) {
        INFO("replaying " << file.string());
        replay(read_file(file));
        ++replayed;
      }
    }
  }
  CHECK(replayed >= ciie::fuzz::targets().size());
}
