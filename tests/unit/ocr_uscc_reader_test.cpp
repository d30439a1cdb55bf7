// ocr::read_uscc: clean and noisy lines, each OCR confusion on china-rules §1.7 codes, certificate
// numbers, refusals, two-pass confirmation, and the safety properties (a misread code yields the
// original or a refusal, never another code; noise never yields a code failing check_uscc).
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"

#include "ocr/uscc_reader.hpp"

namespace ocr = ciie::ocr;
using How = ocr::UsccReading::How;

namespace {

// Valid codes from china-rules §1.7 (real ones, then the synthetic ones valid by the standard).
const std::vector<std::string> kValidCodes = {
    "91110000600037341L", "121200004013590816", "91120224064012553U", "91310115591693856A",
    "91310110666007217T", "913101153325803473", "91330106MA27Y4U47R", "9144030071526726XG",
    "91440300568520498A", "91350200MA2YJ1XR9G", "9135021359498494XQ", "92340602MA2PBMEM24",
    "91620105L015101280", "12440600MB2C07549J", "92141127MA0KD1Y64A", "91350100M000100Y43",
    "A1110000MA27Y4U477", "N2310115MF00001286", "Y1310000MB0000123C", "G1310000MC00001279",
    "513100005000078902", "5310000050001234X6", "93210200MA000012XX"};

bool is_unreadable(const ciie::Result<ocr::UsccReading>& result) {
  return !result && result.status().reason() == "licence.unreadable";
}

std::string with_char(std::string code, std::size_t position, char c) {
  code[position] = c;
  return code;
}

}  // namespace

TEST_CASE("read_uscc: codes read as printed", "[ocr]") {
  struct Case {
    const char* text;
    const char* code;
  };
  const Case cases[] = {
      {"91310115591693856A", "91310115591693856A"},
      {"统一社会信用代码 9131011559169385 6A", "91310115591693856A"},
      {"统一社会信用代码：９１３１０１１５５９１６９３８５６Ａ（1/1）", "91310115591693856A"},
      {"名称 上海某某有限公司\n统一社会信用代码 91330106-MA27Y4U4-7R\n类 型 有限责任公司",
       "91330106MA27Y4U47R"},
      {"code: 91310115591693856a.", "91310115591693856A"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto result = ocr::read_uscc(c.text);
    REQUIRE(result);
    CHECK(result->code == c.code);
    CHECK(result->how == How::kAsRead);
    CHECK(result->corrections == 0);
  }
}

TEST_CASE("read_uscc: each OCR confusion on a real code is undone", "[ocr]") {
  // One substitution per row, each on a code where the reader recovers it.
  struct Built {
    const char* code;
    std::size_t position;
    char read;
    int corrections;
  };
  const Built built[] = {
      {"91110000600037341L", 4, 'O', 1},   // O/0
      {"91310115591693856A", 1, 'I', 1},   // I/1
      {"91120224064012553U", 3, 'Z', 1},   // Z/2
      {"91310115591693856A", 7, 'S', 1},   // S/5
      {"91440300568520498A", 16, 'B', 1},  // B/8
      {"91330106MA27Y4U47R", 7, 'G', 1},   // G/6
      {"91310110666007217T", 13, 'T', 1},  // T/7
      {"91110000600037341L", 9, 'D', 1},   // D/0
      {"91120224064012553U", 17, 'V', 1},  // V/U at the check character: refused, see below
  };
  for (const Built& b : built) {
    const std::string text = with_char(b.code, b.position, b.read);
    CAPTURE(text);
    REQUIRE(text != b.code);
    const auto result = ocr::read_uscc(text);
    if (b.read == 'V') {
      CHECK(is_unreadable(result));  // position 18 is guarded by one check only
      continue;
    }
    REQUIRE(result);
    CHECK(result->code == b.code);
    CHECK(result->how == How::kCorrected);
    CHECK(result->corrections == b.corrections);
    CHECK(result->from == text);
  }
}

TEST_CASE("read_uscc: letters that cannot occur in a USCC are read as their one look-alike",
          "[ocr]") {
  struct Case {
    const char* text;
    const char* code;
    int corrections;
  };
  const Case cases[] = {
      {"9111OOOO6OOO37341L", "91110000600037341L", 7},   // O for 0 throughout
      {"9I3101155916938S6A", "91310115591693856A", 2},   // I for 1 and S for 5
      {"9|31011559169385 6A", "91310115591693856A", 1},  // a bar for 1
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto result = ocr::read_uscc(c.text);
    REQUIRE(result);
    CHECK(result->code == c.code);
    CHECK(result->how == How::kCorrected);
    CHECK(result->corrections == c.corrections);
  }
}

TEST_CASE("read_uscc: one unreadable character in positions 9-17 is solved", "[ocr]") {
  const auto result = ocr::read_uscc("9131011559?693856A");
  REQUIRE(result);
  CHECK(result->code == "91310115591693856A");
  CHECK(result->how == How::kCorrected);
  CHECK(result->corrections == 1);
  const auto v_for_u = ocr::read_uscc("91330106MA27Y4V47R");
  REQUIRE(v_for_u);
  CHECK(v_for_u->code == "91330106MA27Y4U47R");
}

TEST_CASE("read_uscc: the 20-digit certificate number is ignored", "[ocr]") {
  const char* texts[] = {
      "证照编号:31000000202301010001 统一社会信用代码 91310115591693856A",
      "31000000202301010001 91310115591693856A",
      "3100000020230101000191310115591693856A",
      "91310115591693856A31000000202301010001",
      "12120000401359081631000000202301010001",
      "31000000202301010001121200004013590816",
  };
  for (const char* text : texts) {
    CAPTURE(text);
    const auto result = ocr::read_uscc(text);
    REQUIRE(result);
    const std::string expected = std::string(text).find("121200004013590816") != std::string::npos
                                     ? "121200004013590816"
                                     : "91310115591693856A";
    CHECK(result->code == expected);
  }
}

TEST_CASE("read_uscc: refusals never name a guessed code", "[ocr]") {
  struct Case {
    const char* what;
    const char* text;
  };
  const Case cases[] = {
      {"two different valid readings", "91310115591693856A\n91110000600037341L"},
      {"two unreadable characters", "913101155916?3?56A"},
      {"unreadable check character", "91310115591693856?"},
      {"unreadable character in the head", "9131?115591693856A"},
      {"ambiguous V at the check character", "91120224064012553V"},
      {"no code at all", "营业执照 (副本) 注册资本 人民币100万元"},
      {"empty", ""},
      {"wrong check character, no confusion explains it", "91310115591693856C"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what, c.text);
    const auto result = ocr::read_uscc(c.text);
    REQUIRE(is_unreadable(result));
    for (const std::string& code : kValidCodes) {
      CHECK(result.status().message().find(code) == std::string::npos);
    }
  }
}

TEST_CASE("read_uscc: the same code from two passes is confirmed", "[ocr]") {
  const auto as_read = ocr::read_uscc("统一社会信用代码 91310115591693856A\n91310115591693856A");
  REQUIRE(as_read);
  CHECK(as_read->code == "91310115591693856A");
  CHECK(as_read->how == How::kConfirmed);
  CHECK(as_read->corrections == 0);

  const auto corrected = ocr::read_uscc("9131011559169385GA\n9131011559169385GA\n");
  REQUIRE(corrected);
  CHECK(corrected->how == How::kConfirmed);
  CHECK(corrected->corrections == 1);

  // An as-read code beats a corrected one from another pass; not a confirmation.
  const auto mixed = ocr::read_uscc("9131011559169385GA\n91310115591693856A");
  REQUIRE(mixed);
  CHECK(mixed->how == How::kAsRead);
}

TEST_CASE("read_uscc property: a misread valid code yields itself or a refusal", "[ocr]") {
  const std::vector<ocr::Misreading> misreadings = ocr::known_misreadings();
  REQUIRE(misreadings.size() >= 10);
  int recovered = 0;
  int refused = 0;
  for (const std::string& code : kValidCodes) {
    REQUIRE(ciie::codes::check_uscc(code));
    for (std::size_t position = 0; position < code.size(); ++position) {
      for (const ocr::Misreading& m : misreadings) {
        if (code[position] != m.truth) continue;
        const std::string text = with_char(code, position, m.read);
        CAPTURE(code, text);
        const auto result = ocr::read_uscc(text);
        if (result) {
          REQUIRE(result->code == code);  // "wrong USCC returned" must stay 0
          ++recovered;
        } else {
          REQUIRE(is_unreadable(result));
          ++refused;
        }
      }
    }
  }
  // Today 637 recovered; the 2 refusals are V for U or Y outside positions 9-17.
  INFO("recovered " << recovered << ", refused " << refused);
  CHECK(recovered >= 600);
  CHECK(refused <= 10);
}

TEST_CASE("read_uscc property: random noise never yields an invalid code", "[ocr]") {
  constexpr std::string_view kPool = "0123456789ABCDEFGHJKLMNPQRTUWXY0123456789OISZV|?- \n91310115";
  std::mt19937 random(20261128U);
  std::uniform_int_distribution<std::size_t> length(0, 80);
  std::uniform_int_distribution<std::size_t> pick(0, kPool.size() - 1);
  int accepted = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string text;
    const std::size_t n = length(random);
    for (std::size_t j = 0; j < n; ++j) text += kPool[pick(random)];
    const auto result = ocr::read_uscc(text);
    if (!result) {
      REQUIRE(is_unreadable(result));
      continue;
    }
    ++accepted;
    CAPTURE(text, result->code);
    REQUIRE(ciie::codes::check_uscc(result->code));
  }
  CHECK(accepted < 100);  // the pool holds a code head, so a few valid codes do turn up
}

TEST_CASE("mark_disagreements: one disputed character is left to the checks", "[ocr]") {
  const std::string truth = "91510100261782792D";
  REQUIRE(ciie::codes::check_uscc(truth));
  // Two passes over the code line, each misreading position 17 differently (9 → 2, 9 → 0).
  const std::vector<std::string> passes = {"91510100261782722D", "9151 0100 2617 8270 2D"};
  REQUIRE_FALSE(ocr::read_uscc(passes[0] + "\n" + passes[1]).is_ok());
  const std::string marked = ocr::mark_disagreements(passes);
  CHECK(marked == "915101002617827?2D");
  const auto reading = ocr::read_uscc(passes[0] + "\n" + passes[1] + "\n" + marked);
  REQUIRE(reading.is_ok());
  CHECK(reading->code == truth);
  CHECK(reading->how == How::kCorrected);
}

TEST_CASE("mark_disagreements: two disputes, other lengths and position 18 give no code", "[ocr]") {
  // Two differing positions: nothing marked (two unknowns would pass the checks by chance).
  CHECK(ocr::mark_disagreements({"91510100261782722D", "91510100261783702D"}).empty());
  // A pass of 17 characters is not aligned with one of 18.
  CHECK(ocr::mark_disagreements({"91510100261782722D", "9151010026178272D"}).empty());
  CHECK(ocr::mark_disagreements({"91510100261782792D"}).empty());
  // A dispute over the check character itself is marked, but only the mod-31 check speaks
  // there, so the reader does not compute an "answer" from the marked line.
  const std::vector<std::string> passes = {"91510100261782792B", "91510100261782792E"};
  const std::string marked = ocr::mark_disagreements(passes);
  CHECK(marked == "91510100261782792?");
  CHECK_FALSE(ocr::read_uscc(marked).is_ok());
}
