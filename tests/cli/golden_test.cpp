// Golden CLI tests: each tests/cli/golden/*.golden file is a script of commands with their
// exact expected stdout and exit status, run in order in a fresh working directory.
//
//   # comment
//   $ ciie --json codes check uscc 91110000600037341L     (a command; "ciie" is the built tool)
//   {"ok":true,…}                                        (expected stdout, verbatim)
//   ! ciie: uscc.checksum: …                              (expected stderr, verbatim; only
//                                                          written and compared for failures)
//   ? 0                                                   (expected exit status)
//
// "@SRC@" in a command is replaced with the source tree, and the source tree in the output is
// written back as "@SRC@". Order numbers (ORD-2: V + 14 digits of time + 9 random ones) are
// written with "@ORDER01@", "@ORDER02@", … for the random digits, numbered by first appearance
// in the file's output; a command names an order so too ("order show V20240603100000@ORDER01@").
// Run with CIIE_UPDATE_GOLDEN=1 to
// rewrite the files from the actual output (then review the diff).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace {

struct Step {
  std::string command;  // as written after "$ "
  std::string expected_out;
  std::string expected_err;  // compared only when the step fails (exit != 0)
  int expected_exit = 0;
};

struct GoldenFile {
  std::vector<std::string> header;  // leading comment lines, kept on update
  std::vector<Step> steps;
};

GoldenFile parse_golden(const std::string& text) {
  GoldenFile file;
  std::istringstream in(text);
  std::string line;
  Step* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("$ ", 0) == 0) {
      file.steps.push_back({line.substr(2), "", "", 0});
      current = &file.steps.back();
    } else if (line.rfind("? ", 0) == 0 && current != nullptr) {
      current->expected_exit = std::stoi(line.substr(2));
      current = nullptr;
    } else if (current != nullptr && line.rfind("! ", 0) == 0) {
      current->expected_err += line.substr(2) + "\n";
    } else if (current != nullptr) {
      current->expected_out += line + "\n";
    } else if (file.steps.empty()) {
      file.header.push_back(line);
    }
  }
  return file;
}

// Splits a command line on spaces, honouring '…' and "…" quoting.
std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The order numbers of one golden file, in order of first appearance. Their 9 random digits are
// written as "@ORDER01@", "@ORDER02@", … (as wide as the digits, so tables stay aligned; the
// time before them is kept), and a command names an order the same way.
class OrderNumbers {
 public:
  // Learns the numbers in `text` that are new (not typed in `command`: those are not random),
  // then writes every known one with its placeholder.
  std::string placeholders(const std::string& text, const std::string& command) {
    static const std::regex number(R"(V[0-9]{23})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
         it != std::sregex_iterator(); ++it) {
      const std::string found = it->str();
      if (command.find(found) != std::string::npos) continue;
      if (std::find(numbers_.begin(), numbers_.end(), found) == numbers_.end()) {
        numbers_.push_back(found);
      }
    }
    std::string out = text;
    for (std::size_t i = 0; i < numbers_.size(); ++i) {
      out = replace_all(out, numbers_[i], numbers_[i].substr(0, 15) + token(i));
    }
    return out;
  }
  // The command with each "V<14 digits>@ORDERnn@" replaced by the number it stands for.
  std::string numbers(const std::string& command) const {
    static const std::regex placeholder(R"(V[0-9]{14}@ORDER([0-9]{2})@)");
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(command.begin(), command.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
      const std::size_t index = std::stoul((*it)[1]);
      out += command.substr(last, static_cast<std::size_t>(it->position()) - last);
      out += index >= 1 && index <= numbers_.size() ? numbers_[index - 1] : it->str();
      last = static_cast<std::size_t>(it->position() + it->length());
    }
    return out + command.substr(last);
  }

 private:
  static std::string token(std::size_t i) {
    const std::string n = std::to_string(i + 1);
    return "@ORDER" + std::string(n.size() < 2 ? 2 - n.size() : 0, '0') + n + "@";
  }
  std::vector<std::string> numbers_;
};

}  // namespace

TEST_CASE("golden CLI transcripts", "[cli][golden]") {
  const std::filesystem::path dir = std::filesystem::path(CIIE_SOURCE_DIR) / "tests/cli/golden";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".golden") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  const bool update = std::getenv("CIIE_UPDATE_GOLDEN") != nullptr;

  for (const auto& path : files) {
    DYNAMIC_SECTION(path.filename().string()) {
      GoldenFile golden = parse_golden(ciie::test::read_file(path.string()));
      REQUIRE(!golden.steps.empty());
      // A transcript whose ids are SQLite's (a header line "# ids: SQLite's …") cannot hold on
      // PostgreSQL, whose sequences do not give a rolled-back id out again.
      const bool sqlite_ids =
          std::any_of(golden.header.begin(), golden.header.end(),
                      [](const std::string& line) { return line.starts_with("# ids: SQLite's"); });
      if (sqlite_ids && !update &&
          ciie::test::sqlite_only((path.filename().string() + ": its ids are SQLite's").c_str())) {
        continue;
      }
      ciie::test::TempDir work;
      OrderNumbers orders;
      for (Step& step : golden.steps) {
        const std::string command =
            orders.numbers(replace_all(step.command, "@SRC@", CIIE_SOURCE_DIR));
        std::vector<std::string> words = split_words(command);
        REQUIRE(!words.empty());
        REQUIRE(words.front() == "ciie");
        words.erase(words.begin());
        auto result = ciie::test::run_ciie(words, {}, {}, work.path().string());
        // Paths into the source tree are written as @SRC@, so the files hold in any checkout.
        result.out = replace_all(result.out, CIIE_SOURCE_DIR, "@SRC@");
        result.err = replace_all(result.err, CIIE_SOURCE_DIR, "@SRC@");
        // On the PostgreSQL pass the store of ./ciie.db is a schema on the test server: its URI
        // stands where the transcript names the file.
        if (ciie::test::testing_postgres()) {
          const std::string store = ciie::test::store_location(work.file("ciie.db"));
          result.out = replace_all(result.out, store, "ciie.db");
          result.err = replace_all(result.err, store, "ciie.db");
          // An empty schema is what a missing file is on SQLite.
          result.err = replace_all(result.err,
                                   "'ciie.db' has no ciie schema (create it with `ciie init`)",
                                   "no store at 'ciie.db' (create it with `ciie init`)");
        }
        result.out = orders.placeholders(result.out, command);
        result.err = orders.placeholders(result.err, command);
        INFO(path.filename().string() << ": $ " << step.command << "\nstderr: " << result.err);
        if (update) {
          step.expected_out = result.out;
          step.expected_err = result.exit_status != 0 ? result.err : "";
          step.expected_exit = result.exit_status;
          continue;
        }
        CHECK(result.out == step.expected_out);
        CHECK(result.exit_status == step.expected_exit);
        if (step.expected_exit != 0) CHECK(result.err == step.expected_err);
      }
      if (update) {
        std::ofstream out(path);
        for (const auto& line : golden.header) out << line << "\n";
        for (const auto& step : golden.steps) {
          out << "$ " << step.command << "\n" << step.expected_out;
          if (!step.expected_out.empty() && step.expected_out.back() != '\n') out << "\n";
          std::istringstream err(step.expected_err);
          for (std::string line; std::getline(err, line);) out << "! " << line << "\n";
          out << "? " << step.expected_exit << "\n";
        }
      }
    }
  }
}
