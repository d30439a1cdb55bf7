// `ciie ocr` through the built tool: a clean scan read to its exact USCC, the refusals before
// any decoding (format, size, a missing file), a missing language pack, and the JSON Lines
// shape in input order. OCR of one scan takes seconds, so only two scans are read here.
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

const std::string kScans = std::string(CIIE_SOURCE_DIR) + "/tests/data/licences/";
const std::string kCleanScan = kScans + "lic0000.jpg";  // truth: lic0000.json
constexpr const char* kCleanUscc = "91370200MA6XWQ409T";

CommandResult ocr(const std::vector<std::string>& args, const ciie::test::TempDir& dir) {
  CommandResult result = ciie::test::run_ciie(args, {}, {}, dir.path().string());
  UNSCOPED_INFO("stdout: " << result.out << "stderr: " << result.err);
  return result;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("ciie ocr reads the USCC of a clean scan exactly", "[cli][ocr]") {
  ciie::test::TempDir dir;
  const CommandResult result = ocr({"ocr", kCleanScan}, dir);
  REQUIRE(result.exit_status == 0);
  CHECK_THAT(result.out, Catch::StartsWith(kCleanScan + ": business_licence, read in "));
  const bool trusted =
      result.out.find(std::string(kCleanUscc) + " (as_read)") != std::string::npos ||
      result.out.find(std::string(kCleanUscc) + " (confirmed)") != std::string::npos;
  CHECK(trusted);
  for (const char* field : {"\n  uscc ", "\n  name ", "\n  legal_rep ", "\n  address ",
                            "\n  registered_capital ", "\n  issue_date "}) {
    CHECK_THAT(result.out, Catch::Contains(field));
  }
  CHECK(result.err.empty());
}

TEST_CASE(
    "ciie --json ocr prints one line per file in input order and exits with the first failure",
    "[cli][ocr]") {
  ciie::test::TempDir dir;
  const std::string text = dir.write("notes.txt", "not an image\n");
  const std::string missing = dir.file("missing.png");
  const CommandResult result =
      ocr({"--json", "ocr", "--threads", "2", text, kCleanScan, missing}, dir);
  CHECK(result.exit_status == 1);  // notes.txt, the first failure, is licence.format
  const auto lines = json_lines(result.out);
  REQUIRE(lines.size() == 4);

  CHECK(lines[0].at("file") == text);
  CHECK(lines[0].at("ok") == false);
  CHECK(lines[0].at("reason") == "licence.format");
  CHECK(lines[0].at("message").is_string());
  CHECK(lines[0].at("details").is_object());

  const nlohmann::json& read = lines[1];
  CHECK(read.at("file") == kCleanScan);
  CHECK(read.at("ok") == true);
  CHECK(read.at("kind") == "business_licence");
  CHECK(read.at("uscc") == kCleanUscc);
  CHECK((read.at("uscc_source") == "as_read" || read.at("uscc_source") == "confirmed"));
  CHECK(read.at("uscc_confidence").is_number());
  CHECK(read.at("seconds").is_number());
  // The fields the reader gets right on this clean scan (lic0000.json), normalised.
  CHECK(read.at("established").at("value") == "2017-05-10");
  CHECK(read.at("term").at("value") == "2017-05-10/长期");
  CHECK(read.at("registered_capital").at("value") == "500");
  CHECK(read.at("capital_currency") == "人民币");
  CHECK(read.at("issue_date").at("value") == "2024-01-24");
  for (const char* name : {"name", "type", "legal_rep", "registered_capital", "established", "term",
                           "address", "authority", "issue_date"}) {
    INFO(name);
    const nlohmann::json& field = read.at(name);
    CHECK((field.is_null() || (field.at("value").is_string() && field.at("raw").is_string() &&
                               field.at("confidence").is_number())));
  }

  CHECK(lines[2].at("file") == missing);
  CHECK(lines[2].at("reason") == "licence.read");
  CHECK(lines[3] == nlohmann::json::parse(R"({"summary":{"files":3,"read":1,"failed":2}})"));
}

TEST_CASE("ciie ocr refuses before decoding: a missing file is exit 2, a too large one exit 1",
          "[cli][ocr]") {
  ciie::test::TempDir dir;
  const CommandResult missing = ocr({"ocr", dir.file("nowhere.jpg")}, dir);
  CHECK(missing.exit_status == 2);
  CHECK_THAT(missing.out, Catch::Contains("nowhere.jpg: licence.read: "));

  const std::string config = dir.write("small.toml", "[registration]\nlicence_max_bytes = 1000\n");
  const CommandResult large = ocr({"--config", config, "--json", "ocr", kCleanScan}, dir);
  CHECK(large.exit_status == 1);
  const auto lines = json_lines(large.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("reason") == "licence.size");
}

TEST_CASE("ciie ocr without the language packs is ocr.language, exit 6", "[cli][ocr]") {
  ciie::test::TempDir dir;
  std::filesystem::create_directory(dir.path() / "tessdata");
  const std::string config =
      dir.write("ciie.toml", "[ocr]\ntessdata_path = \"" + dir.file("tessdata") + "\"\n");
  const CommandResult result = ocr({"--config", config, "--json", "ocr", kCleanScan}, dir);
  CHECK(result.exit_status == 6);
  const auto lines = json_lines(result.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("ok") == false);
  CHECK(lines[0].at("reason") == "ocr.language");
}

TEST_CASE("ciie ocr --help shows an example", "[cli][ocr]") {
  ciie::test::TempDir dir;
  const CommandResult result = ocr({"ocr", "--help"}, dir);
  CHECK(result.exit_status == 0);
  CHECK_THAT(result.out, Catch::Contains("Examples:") && Catch::Contains("ciie ocr "));
}
