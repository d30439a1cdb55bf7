// 人民币大写 (docs/invoice.md, "Amount in words"): the examples, then every amount of a large
// sample read back by an independent parser and checked against the spelling rules.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ciie/invoice.hpp"

using ciie::amount_in_words;
using ciie::Money;

namespace {

struct Example {
  std::int64_t fen;
  const char* words;
};

const Example kExamples[] = {
    {0, "零圆整"},
    {1, "壹分"},
    {7, "柒分"},
    {50, "伍角"},
    {57, "伍角柒分"},
    {100, "壹圆整"},
    {1000, "壹拾圆整"},
    {1500, "壹拾伍圆整"},
    {1230, "壹拾贰圆叁角"},  // no 整 after 角
    {1234, "壹拾贰圆叁角肆分"},
    {20000, "贰佰圆整"},
    {11000, "壹佰壹拾圆整"},
    {101000, "壹仟零壹拾圆整"},
    {100500, "壹仟零伍圆整"},
    {105007, "壹仟零伍拾圆零柒分"},
    {1005007, "壹万零伍拾圆零柒分"},
    {100001, "壹仟圆零壹分"},
    {168032, "壹仟陆佰捌拾圆叁角贰分"},
    {10000000, "壹拾万圆整"},
    {100010000, "壹佰万零壹佰圆整"},
    {1001000000, "壹仟零壹万圆整"},
    {1000000000, "壹仟万圆整"},
    {1010101000, "壹仟零壹拾万壹仟零壹拾圆整"},
    {1010010100, "壹仟零壹拾万零壹佰零壹圆整"},
    {10000000000, "壹亿圆整"},
    {10000000100, "壹亿零壹圆整"},
    {10001000000, "壹亿零壹万圆整"},
    {12000000000, "壹亿贰仟万圆整"},
    {12345678901, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖圆零壹分"},
    {200000000000, "贰拾亿圆整"},
    {99999999999999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分"},  // 9999 亿
    {100000000000000, "壹万亿圆整"},
    {100010000000000, "壹万零壹亿圆整"},
    {100000001000000, "壹万亿零壹万圆整"},
    {1000000000000000000, "壹亿亿圆整"},
    {std::numeric_limits<std::int64_t>::max(),
     "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌圆零柒分"},
    {-20000, "负贰佰圆整"},
    {-7, "负柒分"},
    {-1230, "负壹拾贰圆叁角"},
    {std::numeric_limits<std::int64_t>::min(),
     "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌圆零捌分"},
};

// The words as a list of characters (each a 3-byte UTF-8 sequence here).
std::vector<std::string> characters(const std::string& words) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < words.size();) {
    const auto lead = static_cast<unsigned char>(words[at]);
    const std::size_t width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(words.substr(at, width));
    at += width;
  }
  return out;
}

int digit_value(const std::string& c) {
  static const char* const kDigits[] = {"零", "壹", "贰", "叁", "肆",
                                        "伍", "陆", "柒", "捌", "玖"};
  for (int d = 0; d < 10; ++d) {
    if (c == kDigits[d]) return d;
  }
  return -1;
}

// Reads capital numerals back into fen, written independently of the library: a digit waits
// for its place (拾 佰 仟), 万 scales what was read since the last 亿, 亿 scales everything read
// so far. Returns nullopt for a character it does not know. (unsigned: INT64_MIN's magnitude.)
std::optional<std::uint64_t> parse_words(const std::string& words, bool& negative) {
  std::vector<std::string> chars = characters(words);
  negative = !chars.empty() && chars.front() == "负";
  if (negative) chars.erase(chars.begin());
  std::uint64_t total = 0;    // everything up to the last 亿
  std::uint64_t section = 0;  // since the last 亿
  std::uint64_t digit = 0;    // waiting for its place
  std::uint64_t fen = 0;
  for (const std::string& c : chars) {
    if (const int d = digit_value(c); d >= 0) {
      digit = static_cast<std::uint64_t>(d);
    } else if (c == "拾" || c == "佰" || c == "仟") {
      section += digit * (c == "拾" ? 10 : c == "佰" ? 100 : 1000);
      digit = 0;
    } else if (c == "万") {
      section = (section + digit) * 10'000;
      digit = 0;
    } else if (c == "亿") {
      total = (total + section + digit) * 100'000'000;
      section = 0;
      digit = 0;
    } else if (c == "圆") {
      section += digit;
      digit = 0;
    } else if (c == "角") {
      fen += digit * 10;
      digit = 0;
    } else if (c == "分") {
      fen += digit;
      digit = 0;
    } else if (c != "整") {
      return std::nullopt;
    }
  }
  return (total + section) * 100 + fen;
}

// The spelling rules every output must keep, whatever its value.
void check_spelling(std::int64_t fen, const std::string& words) {
  INFO(fen << " → " << words);
  const std::uint64_t magnitude = fen < 0 ? static_cast<std::uint64_t>(-(fen + 1)) + 1
                                          : static_cast<std::uint64_t>(fen);
  bool negative = false;
  const std::optional<std::uint64_t> read = parse_words(words, negative);
  REQUIRE(read.has_value());
  CHECK(*read == magnitude);
  CHECK(negative == (fen < 0));
  // One 零 for a run of zeros, and never a 零 before a group unit, 圆 or at the end.
  for (const char* bad : {"零零", "零万", "零亿", "零整", "零角", "亿万"}) {
    CHECK(words.find(bad) == std::string::npos);
  }
  if (magnitude != 0) CHECK(words.find("零圆") == std::string::npos);
  const bool whole_yuan = magnitude % 100 == 0;
  const std::string tail = "整";
  const bool ends_with_zheng =
      words.size() >= tail.size() &&
      words.compare(words.size() - tail.size(), tail.size(), tail) == 0;
  CHECK(ends_with_zheng == whole_yuan);
  // Below one yuan there is no 圆 (0.00 excepted); from one yuan on there is.
  const bool has_yuan = words.find("圆") != std::string::npos;
  CHECK(has_yuan == (magnitude >= 100 || magnitude == 0));
  // 拾 is always led by a digit: 壹拾, never a bare 拾.
  const std::vector<std::string> chars = characters(words);
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (chars[i] == "拾" || chars[i] == "佰" || chars[i] == "仟") {
      CHECK(i > 0);
      if (i > 0) CHECK(digit_value(chars[i - 1]) > 0);
    }
  }
}

}  // namespace

TEST_CASE("amount_in_words writes the examples of docs/invoice.md", "[invoice][words]") {
  for (const Example& example : kExamples) {
    INFO(example.fen);
    CHECK(amount_in_words(Money::from_fen(example.fen)) == example.words);
  }
}

TEST_CASE("amount_in_words reads back and keeps the spelling rules for many amounts",
          "[invoice][words]") {
  std::vector<std::int64_t> amounts;
  for (std::int64_t fen = 0; fen <= 120'000; ++fen) amounts.push_back(fen);
  // Every pattern of zero and non-zero digits over 13 digits (1 and 0 per place): the hard
  // cases of 零 are runs of zeros across 万 and 亿.
  for (std::int64_t mask = 0; mask < (1 << 13); ++mask) {
    std::int64_t fen = 0;
    for (int place = 12; place >= 0; --place) fen = fen * 10 + ((mask >> place) & 1) * 7;
    amounts.push_back(fen * 100'000 + 3);
    amounts.push_back(fen);
  }
  std::uint64_t state = 12345;
  for (int i = 0; i < 20'000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    amounts.push_back(static_cast<std::int64_t>(state >> (1 + i % 40)));
  }
  amounts.push_back(std::numeric_limits<std::int64_t>::max());
  for (std::int64_t fen : amounts) {
    check_spelling(fen, amount_in_words(Money::from_fen(fen)));
    if (fen != 0) check_spelling(-fen, amount_in_words(Money::from_fen(-fen)));
  }
  check_spelling(std::numeric_limits<std::int64_t>::min(),
                 amount_in_words(Money::from_fen(std::numeric_limits<std::int64_t>::min())));
}

TEST_CASE("a negative amount is 负 and the words of its magnitude", "[invoice][words]") {
  for (std::int64_t fen : {1LL, 10LL, 100LL, 20000LL, 105007LL, 12345678901LL}) {
    INFO(fen);
    CHECK(amount_in_words(Money::from_fen(-fen)) == "负" + amount_in_words(Money::from_fen(fen)));
  }
}
