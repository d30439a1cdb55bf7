// Bulk input readers (domain §15, docs/bulk-input.md): CSV and JSON Lines, table-driven. Each case
// reads an input to its end and compares every outcome: "2|a=x|b=y" is a record on line 2,
// "!3|bulk.syntax|b" a refusal on line 3 in field b.
#include <catch2/catch.hpp>

#include <functional>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "bulk/utf8.hpp"
#include "ciie/bulk.hpp"

using namespace ciie;
using namespace std::string_literals;
using Outcomes = std::vector<std::string>;

namespace {

std::string describe(const Record& record) {
  std::string text = std::to_string(record.line);
  for (const auto& [name, value] : record.fields) text += "|" + name + "=" + value;
  return text;
}

std::string describe(const Status& error) {
  CHECK(error.code() == Code::kInvalidInput);
  return "!" + std::to_string(error.line().value_or(-1)) + "|" + error.reason() + "|" +
         error.field();
}

// Every outcome of reading `input` to its end, continuing after each refusal as callers do.
Outcomes read_all(const std::string& input, InputFormat format, ReaderOptions options = {}) {
  std::istringstream stream(input);
  const auto reader = make_record_reader(stream, format, std::move(options));
  Outcomes outcomes;
  for (int guard = 0; guard < 100; ++guard) {
    auto next = reader->next();
    if (!next) {
      outcomes.push_back(describe(next.status()));
    } else if (!next->has_value()) {
      auto again = reader->next();  // the end is stable
      CHECK((again && !again->has_value()));
      return outcomes;
    } else {
      outcomes.push_back(describe(**next));
    }
  }
  FAIL("the reader never reached the end");
  return outcomes;
}

// The message of the first refusal in `input`.
std::string first_message(const std::string& input, InputFormat format) {
  std::istringstream stream(input);
  auto next = make_record_reader(stream, format, {})->next();
  return next ? std::string("(no refusal)") : next.status().message();
}

ReaderOptions limits(std::size_t field, std::size_t line) {
  ReaderOptions options;
  options.max_field_bytes = field;
  options.max_line_bytes = line;
  return options;
}

ReaderOptions columns(std::vector<std::string> known, std::vector<std::string> required = {},
                      bool ignore_unknown = false) {
  ReaderOptions options;
  options.known_columns = std::move(known);
  options.required_columns = std::move(required);
  options.ignore_unknown = ignore_unknown;
  return options;
}

struct Case {
  const char* name;
  std::string input;
  Outcomes expected;
  ReaderOptions options = {};
};

void run_table(const std::vector<Case>& cases, InputFormat format) {
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(read_all(c.input, format, c.options) == c.expected);
  }
}

// An input made one line at a time by `line_at(n)` (n = 0 first) as the reader pulls, so the
// whole input never exists in memory: a reader can only get through it by streaming.
class GeneratedInput : public std::streambuf {
 public:
  GeneratedInput(long lines, std::function<std::string(long)> line_at)
      : lines_(lines), line_at_(std::move(line_at)) {}
  long long produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (next_ == lines_) return traits_type::eof();
    line_ = line_at_(next_++);
    produced_ += static_cast<long long>(line_.size());
    setg(line_.data(), line_.data(), line_.data() + line_.size());
    return traits_type::to_int_type(line_[0]);
  }

 private:
  long lines_;
  std::function<std::string(long)> line_at_;
  long next_ = 0;
  std::string line_;
  long long produced_ = 0;
};

}  // namespace

TEST_CASE("CSV: quoting, line ends, BOM, trimming, empty cells, blank lines", "[bulk]") {
  run_table(
      {
          {"plain", "a,b\nx,y\n", {"2|a=x|b=y"}},
          {"CR LF", "a,b\r\nx,y\r\n", {"2|a=x|b=y"}},
          {"no final line end", "a,b\nx,y", {"2|a=x|b=y"}},
          {"BOM", "\xEF\xBB\xBF" "a,b\nx,y\n", {"2|a=x|b=y"}},
          {"header only", "a,b\n", {}},
          {"quoted comma", "a,b\n\"x,1\",y\n", {"2|a=x,1|b=y"}},
          {"doubled quotes", "a\n\"say \"\"hi\"\"\"\n", {"2|a=say \"hi\""}},
          {"only a quote", "a\n\"\"\"\"\n", {"2|a=\""}},
          {"multi-line cell keeps its bytes; the next row's line is physical",
           "a,b\n\"l1\nl2\",y\nz,w\n", {"2|a=l1\nl2|b=y", "4|a=z|b=w"}},
          {"multi-line cell with CR LF", "a,b\r\n\"l1\r\n\r\nl3\",y\r\nz,w\r\n",
           {"2|a=l1\r\n\r\nl3|b=y", "5|a=z|b=w"}},
          {"empty and \"\" cells are absent", "a,b,c\nx,,\"\"\n,,\n", {"2|a=x", "3"}},
          {"unquoted trimmed, quoted kept", "a , b,c\n  x\t, \" y \" , \" \"\n",
           {"2|a=x|b= y |c= "}},
          {"header names trimmed, quoted too", "\" a \", b \n1,2\n", {"2|a=1|b=2"}},
          {"blank lines skipped, numbers physical", "a\nx\n\n  \t\ny\n\n", {"2|a=x", "5|a=y"}},
          {"blank lines before the header", "\r\n\na\nx\n", {"4|a=x"}},
          {"blank line and lone CR at the end", "a\r\nx\r\n\r\n\r", {"2|a=x"}},
          {"a lone CR is data", "a\nx\ry\n", {"2|a=x\ry"}},
          {"UTF-8 names and values", "名称,b\n中国 上海,\xF0\x9F\x98\x80\n",
           {"2|b=\xF0\x9F\x98\x80|名称=中国 上海"}},
      },
      InputFormat::kCsv);
}

TEST_CASE("CSV: a refusal confined to one row lets reading continue", "[bulk]") {
  run_table(
      {
          {"too few and too many cells", "a,b\nx\n1,2,3\np,q\n",
           {"!2|bulk.syntax|b", "!3|bulk.syntax|", "4|a=p|b=q"}},
          {"text after a closing quote", "a,b\n\"x\"y,z\np,q\n", {"!2|bulk.syntax|a", "3|a=p|b=q"}},
          {"a quote inside an unquoted cell", "a,b\nx,y\"z\np,q\n",
           {"!2|bulk.syntax|b", "3|a=p|b=q"}},
          {"every bad row in one pass", "a,b\n1\n\"2\"x,3\nok,1\n4,5,6\n\"multi\nline\",7\n",
           {"!2|bulk.syntax|b", "!3|bulk.syntax|a", "4|a=ok|b=1", "!5|bulk.syntax|",
            "6|a=multi\nline|b=7"}},
      },
      InputFormat::kCsv);
}

TEST_CASE("CSV: structural problems end the stream", "[bulk]") {
  run_table(
      {
          {"empty input", "", {"!1|bulk.syntax|"}},
          {"BOM only", "\xEF\xBB\xBF", {"!1|bulk.syntax|"}},
          {"unterminated quote at the end", "a,b\nx,\"y\np,q\n", {"!2|bulk.syntax|b"}},
          {"unterminated quote in the header", "\"a,b\nx,y\n", {"!1|bulk.syntax|"}},
          {"empty header name", "a,,b\n1,2,3\n", {"!1|bulk.column|"}},
          {"duplicate header name", "a,b, a\n1,2,3\n", {"!1|bulk.column|a"}},
          {"invalid UTF-8 in the header", "a,\xFF\n1,2\n", {"!1|bulk.encoding|"}},
          {"invalid UTF-8 inside a multi-line cell", "a,b\n\"x\n\xFF\",y\np,q\n",
           {"!2|bulk.encoding|a"}},
          {"invalid UTF-8 before a cell goes multi-line", "a,b\n\"\xFFx\ny\",z\np,q\n",
           {"!2|bulk.encoding|a"}},
      },
      InputFormat::kCsv);
  CHECK(first_message("a\n\"x\n\ny\n", InputFormat::kCsv).find("opened on line 2") !=
        std::string::npos);
  CHECK(first_message("\xFF\xFE" "a", InputFormat::kCsv).find("UTF-16") != std::string::npos);
}

TEST_CASE("CSV: known, unknown, required and duplicate columns", "[bulk]") {
  run_table(
      {
          {"known columns only", "a,b\n1,2\n", {"2|a=1|b=2"}, columns({"a", "b", "c"})},
          {"each unknown column once, at the header", "a,b,c,d\n1,2,3,4\n5,6,7,8\n",
           {"!1|bulk.unknown_column|c", "!1|bulk.unknown_column|d"}, columns({"a", "b"})},
          {"ignore_unknown drops them", "a,c,b\n1,3,2\n", {"2|a=1|b=2"},
           columns({"a", "b"}, {}, true)},
          {"missing required column at the header line", "a,b\n1,2\n",
           {"!1|bulk.missing_column|z"}, columns({}, {"a", "z"})},
          {"a required column may have empty cells", "a,z\n1,\n", {"2|a=1"},
           columns({}, {"a", "z"})},
          {"every header problem, then the end", "a,a,x\n1,2,3\n",
           {"!1|bulk.column|a", "!1|bulk.unknown_column|x", "!1|bulk.missing_column|b"},
           columns({"a", "b"}, {"b"})},
      },
      InputFormat::kCsv);
}

TEST_CASE("CSV: fields and lines over the limits", "[bulk]") {
  run_table(
      {
          {"field at the limit", "a,b\nabc,x\n", {"2|a=abc|b=x"}, limits(3, 100)},
          {"field over the limit, then the next row", "a,b\nabcd,x\nab,c\n",
           {"!2|bulk.too_large|a", "3|a=ab|b=c"}, limits(3, 100)},
          {"multi-line field over the limit is skipped whole", "a,b\n\"ab\ncd\",x\np,q\n",
           {"!2|bulk.too_large|a", "4|a=p|b=q"}, limits(3, 100)},
          {"line at the limit (CR LF not counted)", "a,b\r\n1234,5678\r\n", {"2|a=1234|b=5678"},
           limits(100, 9)},
          {"line over the limit", "a,b\n1234,56789\n1,2\n", {"!2|bulk.too_large|b", "3|a=1|b=2"},
           limits(100, 9)},
          {"header line over the limit", "abcd,efgh\n1,2\n", {"!1|bulk.too_large|"},
           limits(100, 5)},
      },
      InputFormat::kCsv);
}

TEST_CASE("UTF-8 validation: overlongs, surrogates, truncation, NUL", "[bulk]") {
  struct Bytes {
    const char* name;
    std::string bytes;
    bool valid;
  };
  const std::vector<Bytes> table = {
      {"two-byte", "\xC3\xA9", true},
      {"three-byte", "\xE4\xB8\xAD", true},
      {"four-byte", "\xF0\x9F\x98\x80", true},
      {"U+D7FF", "\xED\x9F\xBF", true},
      {"U+FFFF", "\xEF\xBF\xBF", true},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"lone 0xFF", "\xFF", false},
      {"stray continuation", "\x80", false},
      {"overlong '/' in two bytes", "\xC0\xAF", false},
      {"overlong C1", "\xC1\xBF", false},
      {"overlong in three bytes", "\xE0\x80\xAF", false},
      {"overlong in four bytes", "\xF0\x8F\xBF\xBF", false},
      {"high surrogate", "\xED\xA0\x80", false},
      {"low surrogate", "\xED\xBF\xBF", false},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false},
      {"five-byte form", "\xF8\x88\x80\x80\x80", false},
      {"truncated two-byte", "\xC3", false},
      {"truncated three-byte", "\xE4\xB8", false},
      {"missing continuation", "\xE4x\xAD", false},
      {"NUL", "x\0y"s, false},
  };
  for (const Bytes& b : table) {
    INFO(b.name);
    CHECK(bulk::find_invalid_utf8(b.bytes).has_value() == !b.valid);
    const Outcomes csv = read_all("a,b\nx," + b.bytes + "\np,q\n", InputFormat::kCsv);
    const Outcomes jsonl =
        read_all("{\"b\":\"" + b.bytes + "\"}\n{\"b\":\"q\"}\n", InputFormat::kJsonLines);
    if (b.valid) {
      CHECK(csv == Outcomes{"2|a=x|b=" + b.bytes, "3|a=p|b=q"});
      CHECK(jsonl == Outcomes{"1|b=" + b.bytes, "2|b=q"});
    } else {
      CHECK(csv == Outcomes{"!2|bulk.encoding|b", "3|a=p|b=q"});
      CHECK(jsonl == Outcomes{"!1|bulk.encoding|", "2|b=q"});
    }
  }
  CHECK(read_all("a\n\xE4\xB8", InputFormat::kCsv) == Outcomes{"!2|bulk.encoding|a"});
}

TEST_CASE("JSON Lines: value types become text", "[bulk]") {
  run_table(
      {
          {"strings, numbers as written, booleans",
           R"({"s":"x","i":42,"neg":-7,"f":12.50,"e":1E3,"big":123456789012345678901234,)"
           R"("t":true,"no":false})",
           {"1|big=123456789012345678901234|e=1E3|f=12.50|i=42|neg=-7|no=false|s=x|t=true"}},
          {"null and \"\" are absent", R"({"a":null,"b":"","c":"y"})", {"1|c=y"}},
          {"nested values as compact JSON",
           R"({"a": [1, "t\"wo", {"k": null}], "o": {"x": [], "y": {"z": 1.0}}})",
           {R"(1|a=[1,"t\"wo",{"k":null}]|o={"x":[],"y":{"z":1.0}})"}},
          {"escapes decoded", R"({"s":"a\"b\\c\u4e2d\n"})", {"1|s=a\"b\\c中\n"}},
          {"blank lines skipped, numbers physical", "\n{\"a\":1}\n  \t\n{\"a\":2}\n\n",
           {"2|a=1", "4|a=2"}},
          {"CR LF and BOM", "\xEF\xBB\xBF{\"a\":1}\r\n{\"a\":2}\r\n", {"1|a=1", "2|a=2"}},
          {"no final line end", "{\"a\":1}", {"1|a=1"}},
          {"empty input", "", {}},
      },
      InputFormat::kJsonLines);
}

TEST_CASE("JSON Lines: refusals, and which of them end the stream", "[bulk]") {
  run_table(
      {
          {"lines that are not objects, each refused",
           "[1]\n42\n\"x\"\nnull\n{\"a\":1}\n",
           {"!1|bulk.syntax|", "!2|bulk.syntax|", "!3|bulk.syntax|", "!4|bulk.syntax|", "5|a=1"}},
          {"bad JSON", "{\"a\":1\n{\"a\":1} x\n{a:1}\n{\"a\":\"\\ud800\"}\n{\"a\":2}\n",
           {"!1|bulk.syntax|", "!2|bulk.syntax|", "!3|bulk.syntax|", "!4|bulk.syntax|", "5|a=2"}},
          {"a key given twice", "{\"a\":1,\"a\":2}\n{\"a\":3}\n", {"!1|bulk.syntax|a", "2|a=3"}},
          {"NUL byte", "{\"a\":\"\0\"}\n{\"a\":3}\n"s, {"!1|bulk.encoding|", "2|a=3"}},
          {"missing required key, null counts as given",
           "{\"a\":1}\n{\"a\":1,\"b\":null}\n{\"b\":2}\n",
           {"!1|bulk.missing_column|b", "2|a=1", "!3|bulk.missing_column|a"},
           columns({}, {"a", "b"})},
          {"an unknown key ends the stream", "{\"a\":1}\n{\"a\":1,\"z\":2}\n{\"a\":3}\n",
           {"1|a=1", "!2|bulk.unknown_column|z"}, columns({"a"})},
          {"ignore_unknown drops it", "{\"a\":1,\"z\":2}\n", {"1|a=1"}, columns({"a"}, {}, true)},
          {"field over the limit", "{\"a\":\"abcd\"}\n{\"a\":[1,2]}\n{\"a\":\"abc\"}\n",
           {"!1|bulk.too_large|a", "!2|bulk.too_large|a", "3|a=abc"}, limits(3, 100)},
          {"line over the limit", "{\"a\":\"123456\"}\n{\"a\":\"1\"}\r\n",
           {"!1|bulk.too_large|", "2|a=1"}, limits(100, 12)},
      },
      InputFormat::kJsonLines);
}

TEST_CASE("format_from_path and parse_input_format", "[bulk]") {
  using Format = std::optional<InputFormat>;
  const std::vector<std::pair<std::string, Format>> paths = {
      {"units.csv", InputFormat::kCsv},          {"UNITS.CSV", InputFormat::kCsv},
      {"C:\\in\\u.Csv", InputFormat::kCsv},      {"a/b.JsonL", InputFormat::kJsonLines},
      {"x.ndjson", InputFormat::kJsonLines},     {"x.csv.txt", std::nullopt},
      {"csv", std::nullopt},                     {"dir.csv/file", std::nullopt},
      {"file.", std::nullopt},                   {"", std::nullopt},
  };
  for (const auto& [path, format] : paths) {
    INFO(path);
    CHECK(format_from_path(path) == format);
  }
  CHECK(parse_input_format("csv") == InputFormat::kCsv);
  CHECK(parse_input_format("JSONL") == InputFormat::kJsonLines);
  CHECK(parse_input_format("ndjson") == InputFormat::kJsonLines);
  CHECK(parse_input_format("xml") == std::nullopt);
  CHECK(parse_input_format("") == std::nullopt);
}

TEST_CASE("CSV streams 200,000 generated rows with bounded reads", "[bulk]") {
  constexpr long kRows = 200'000;
  GeneratedInput generated(kRows + 1, [](long n) {
    if (n == 0) return std::string("id,name,note\r\n");
    const std::string id = std::to_string(n);
    return id + ",\"unit " + id + "\"," + (n % 2 ? "\"two\nlines\"" : "") + "\r\n";
  });
  std::istream input(&generated);
  const auto reader = make_record_reader(input, InputFormat::kCsv, {});
  long rows = 0;
  long last_line = 0;
  long long produced_after_first = 0;
  for (;;) {
    auto next = reader->next();
    REQUIRE(next);
    if (!next->has_value()) break;
    const Record& record = **next;
    if (++rows == 1) produced_after_first = generated.produced();
    if (record.fields.at("id") != std::to_string(rows)) FAIL("row " << rows << " out of order");
    last_line = record.line;
  }
  CHECK(rows == kRows);
  CHECK(last_line == 1 + kRows + kRows / 2);  // odd rows take two physical lines
  CHECK(generated.produced() > 4'000'000);
  CHECK(produced_after_first < 200'000);  // the reader pulled one chunk, not the file
}

TEST_CASE("JSON Lines streams generated lines", "[bulk]") {
  constexpr long kLines = 50'000;
  GeneratedInput generated(kLines, [](long n) {
    return "{\"id\":" + std::to_string(n + 1) + ",\"tags\":[\"a\",\"b\"]}\n";
  });
  std::istream input(&generated);
  const auto reader = make_record_reader(input, InputFormat::kJsonLines, {});
  long count = 0;
  for (auto next = reader->next(); next && next->has_value(); next = reader->next()) {
    CHECK((*next)->line == ++count);
  }
  CHECK(count == kLines);
}
