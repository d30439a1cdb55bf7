// Person documents: the vectors of china-rules §2.1–2.6 with their reason keys, birth-date edges
// judged against an injected "today", the area-code intersect warning, lifelong keys, and the
// MOD 11-2 mutation properties.
#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"
#include "support/mutations.hpp"

namespace codes = ciie::codes;
using codes::DocumentKind;
using codes::Sex;

namespace {

const ciie::Date kToday{2024, 11, 5};  // the 7th CIIE opens

std::string date_text(const ciie::Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

// A GB 11643 number with a correct check character from its first 17 digits.
std::string with_check(const std::string& first17) {
  return first17 + codes::mod11_2_check_char(first17);
}

struct Accepted {
  DocumentKind kind;
  const char* input;
  const char* number;
  const char* key;
  const char* birth;  // "" when the number carries none
  const char* sex;    // "M", "F" or ""
  const char* division;
  const char* division_name;
  const char* warning;  // "" or the one expected warning
};

struct Refused {
  DocumentKind kind;
  const char* input;
  const char* reason;
};

void check_accepted(const Accepted& c, const ciie::Date& today = kToday) {
  INFO(codes::to_string(c.kind) << " " << c.input);
  const auto info = codes::check_document(c.kind, c.input, today);
  REQUIRE(info.is_ok());
  CHECK(info->kind == c.kind);
  CHECK(info->number == c.number);
  CHECK(info->key == c.key);
  CHECK((info->birth_date ? date_text(*info->birth_date) : std::string()) == c.birth);
  const std::string sex = !info->sex ? "" : *info->sex == Sex::kMale ? "M" : "F";
  CHECK(sex == c.sex);
  CHECK(info->division == c.division);
  CHECK(info->division_name == c.division_name);
  if (*c.warning == '\0') {
    CHECK(info->warnings.empty());
  } else {
    REQUIRE(info->warnings.size() == 1);
    CHECK(info->warnings[0].reason == c.warning);
  }
}

void check_refused(const Refused& c, const ciie::Date& today = kToday) {
  INFO(codes::to_string(c.kind) << " " << c.input);
  const auto info = codes::check_document(c.kind, c.input, today);
  REQUIRE_FALSE(info.is_ok());
  CHECK(info.status().code() == ciie::Code::kRefused);
  CHECK(info.status().reason() == c.reason);
}

}  // namespace

TEST_CASE("Document kinds have stable names", "[codes][document]") {
  for (const auto kind :
       {DocumentKind::kCnId, DocumentKind::kHmtResidence, DocumentKind::kFpr,
        DocumentKind::kHkMoPermit, DocumentKind::kTwPermit, DocumentKind::kPassport}) {
    CHECK(codes::parse_document_kind(codes::to_string(kind)) == kind);
  }
  CHECK(codes::to_string(DocumentKind::kHkMoPermit) == "hk_mo_permit");
  CHECK(codes::to_string(DocumentKind::kHmtResidence) == "hmt_residence");
  CHECK_FALSE(codes::parse_document_kind("CN_ID").has_value());
  CHECK_FALSE(codes::parse_document_kind("id").has_value());
}

TEST_CASE("cn_id: the vectors of china-rules §2.1", "[codes][document][cn_id]") {
  const auto kCn = DocumentKind::kCnId;
  const Accepted accepted[] = {
      {kCn, "11010519491231002X", "11010519491231002X", "11010519491231002X", "1949-12-31", "F",
       "110105", "北京市朝阳区", ""},
      {kCn, "360426199101010071", "360426199101010071", "360426199101010071", "1991-01-01", "M",
       "360426", "江西省九江市德安县", ""},
      // Lower-case x is normalised to X.
      {kCn, "44011320141005001x", "44011320141005001X", "44011320141005001X", "2014-10-05", "M",
       "440113", "广东省广州市番禺区", ""},
      {kCn, "110101200002290018", "110101200002290018", "110101200002290018", "2000-02-29", "M",
       "110101", "北京市东城区", ""},
      // 东郊区 (1981–1991), since 1992 the code of 东丽区: the newest name is shown.
      {kCn, "120110198012010073", "120110198012010073", "120110198012010073", "1980-12-01", "M",
       "120110", "天津市东丽区", ""},
      // Retired codes stay valid: 商水县 412723 was in use until 1999 (intersect rule).
      {kCn, "412723199010050012", "412723199010050012", "412723199010050012", "1990-10-05", "M",
       "412723", "河南省周口地区商水县", ""},
      // 房山区 was created in 1986, the holder born in 1980: [1986, ∞) meets [1980, 2024].
      {kCn, "110111198012010078", "110111198012010078", "110111198012010078", "1980-12-01", "M",
       "110111", "北京市房山区", ""},
      // Full-width digits and letter, with spaces and hyphens.
      {kCn, "４４０１１３ ２０１４１００５ ００１ｘ", "44011320141005001X", "44011320141005001X",
       "2014-10-05", "M", "440113", "广东省广州市番禺区", ""},
      {kCn, "110105-19491231-002X", "11010519491231002X", "11010519491231002X", "1949-12-31", "F",
       "110105", "北京市朝阳区", ""},
  };
  for (const Accepted& c : accepted) check_accepted(c);

  const Refused refused[] = {
      // GB 11643's own example, born 1880: the business rule wants a year from 1900.
      {kCn, "440524188001010014", "id.birth_date"},
      {kCn, "110101199902290018", "id.birth_date"},  // 1999-02-29
      {kCn, "110101190002290011", "id.birth_date"},  // 1900 is not a leap year
      {kCn, "360426199113010079", "id.birth_date"},  // month 13
      {kCn, "110101209901010017", "id.birth_date"},  // born 2099: in the future
      {kCn, "36042619910102009X", "id.checksum"},
      {kCn, "150102880730303", "id.obsolete"},  // first-generation 15-digit number
      {kCn, "15010288073030", "id.length"},
      {kCn, "1101051949123100", "id.length"},
      {kCn, "11010519491231002XX", "id.length"},
      {kCn, "", "id.length"},
      {kCn, "1101051949123100AX", "id.format"},
      {kCn, "11010519491231002Y", "id.format"},
      {kCn, "11010519491231002\xE5\x8F\xB7", "id.format"},  // "号" is one (wrong) character
      // Not mainland: Taiwan 71, HK 81, Macao 82 and the permit prefix 83 (valid checks).
      {kCn, "710000199201300025", "id.region"},
      {kCn, "81000019980902013X", "id.region"},
      {kCn, "820000200009100032", "id.region"},
      {kCn, "830000200209060065", "id.region"},
  };
  for (const Refused& c : refused) check_refused(c);
}

TEST_CASE("cn_id: birth dates are real, from 1900 and not after today", "[codes][cn_id]") {
  const auto check = [](const std::string& date8, const ciie::Date& today) {
    return codes::check_document(DocumentKind::kCnId, with_check("110105" + date8 + "002"), today);
  };
  CHECK(check("19000101", kToday).is_ok());
  CHECK(check("18991231", kToday).status().reason() == "id.birth_date");
  CHECK(check("20000229", kToday).is_ok());  // 2000 is a leap year (divisible by 400)
  CHECK(check("19960229", kToday).is_ok());
  CHECK(check("21000229", {2200, 1, 1}).status().reason() == "id.birth_date");
  CHECK(check("19990229", kToday).status().reason() == "id.birth_date");
  CHECK(check("19900431", kToday).status().reason() == "id.birth_date");
  CHECK(check("19900001", kToday).status().reason() == "id.birth_date");
  CHECK(check("19900100", kToday).status().reason() == "id.birth_date");
  CHECK(check("19901232", kToday).status().reason() == "id.birth_date");
  // Born today is fine; tomorrow is not. "today" is whatever the caller's clock says.
  CHECK(check("20241105", kToday).is_ok());
  CHECK(check("20241106", kToday).status().reason() == "id.birth_date");
  CHECK(check("20241106", {2024, 11, 6}).is_ok());
  CHECK(check("20241231", kToday).status().reason() == "id.birth_date");
  CHECK(check("20250101", kToday).status().reason() == "id.birth_date");
}

TEST_CASE("cn_id: an address code outside [birth year, today] only warns", "[codes][cn_id]") {
  // 燕山区 110110 was in use 1981–1985; someone born in 1990 cannot have been assigned it.
  const std::string retired = with_check("11011019900101001");
  check_accepted({DocumentKind::kCnId, retired.c_str(), retired.c_str(), retired.c_str(),
                  "1990-01-01", "M", "110110", "北京市燕山区", "id.unknown_division"});
  // Born 1984, while it was in use: no warning.
  const std::string in_use = with_check("11011019840101001");
  check_accepted({DocumentKind::kCnId, in_use.c_str(), in_use.c_str(), in_use.c_str(), "1984-01-01",
                  "M", "110110", "北京市燕山区", ""});
  // A code GB/T 2260 never had.
  const std::string unknown = with_check("11019919900101002");
  check_accepted({DocumentKind::kCnId, unknown.c_str(), unknown.c_str(), unknown.c_str(),
                  "1990-01-01", "F", "110199", "", "id.unknown_division"});
  // 潮阳县 440524 (1983–1992) for someone born in 1993 and checked in 2024.
  const std::string late = with_check("44052419930101001");
  check_accepted({DocumentKind::kCnId, late.c_str(), late.c_str(), late.c_str(), "1993-01-01", "M",
                  "440524", "广东省汕头市潮阳县", "id.unknown_division"});
}

TEST_CASE("hmt_residence: the vectors of china-rules §2.2", "[codes][document][hmt]") {
  const auto kHmt = DocumentKind::kHmtResidence;
  const Accepted accepted[] = {
      {kHmt, "81000019980902013X", "81000019980902013X", "81000019980902013X", "1998-09-02", "M",
       "810000", "香港特别行政区", ""},
      // Born before 1997 is fine (upstream stdnum 2.2 wrongly refuses it).
      {kHmt, "810000199408230021", "810000199408230021", "810000199408230021", "1994-08-23", "F",
       "810000", "香港特别行政区", ""},
      {kHmt, "820000200009100032", "820000200009100032", "820000200009100032", "2000-09-10", "M",
       "820000", "澳门特别行政区", ""},
      {kHmt, "820000199408230023", "820000199408230023", "820000199408230023", "1994-08-23", "F",
       "820000", "澳门特别行政区", ""},
      {kHmt, "830000200209060065", "830000200209060065", "830000200209060065", "2002-09-06", "F",
       "830000", "台湾地区", ""},
      {kHmt, "830000199201300022", "830000199201300022", "830000199201300022", "1992-01-30", "F",
       "830000", "台湾地区", ""},
      {kHmt, "８３００００１９９２０１３０００２２", "830000199201300022", "830000199201300022",
       "1992-01-30", "F", "830000", "台湾地区", ""},
  };
  for (const Accepted& c : accepted) check_accepted(c);

  const Refused refused[] = {
      {kHmt, "810000199402310020", "id.birth_date"},  // Feb 31 with a correct check
      {kHmt, "810000199408230022", "id.checksum"},
      {kHmt, "710000199201300025", "id.region"},  // GB/T code of Taiwan: not a permit prefix
      {kHmt, "11010519491231002X", "id.region"},  // a mainland ID is not a permit
      {kHmt, "811000199408230021", "id.region"},
      {kHmt, "810000209901010011", "id.birth_date"},
      {kHmt, "810000199408230", "id.length"},  // no 15-digit permits: not "obsolete"
      {kHmt, "8100001994082300A1", "id.format"},
  };
  for (const Refused& c : refused) check_refused(c);
}

TEST_CASE("fpr: the 2023 and the old permanent-resident cards (§2.3)", "[codes][document][fpr]") {
  const auto kFpr = DocumentKind::kFpr;
  const Accepted accepted[] = {
      {kFpr, "911398199012310021", "911398199012310021", "911398199012310021", "1990-12-31", "F",
       "", "", ""},
      {kFpr, "932682198501010017", "932682198501010017", "932682198501010017", "1985-01-01", "M",
       "", "", ""},
      // 2004/2017 editions: shape only, no date or check read from them.
      {kFpr, "KAZ110090123105", "KAZ110090123105", "KAZ110090123105", "", "", "", "", ""},
      {kFpr, "kaz 110090123105", "KAZ110090123105", "KAZ110090123105", "", "", "", "", ""},
      {kFpr, "ＫＡＺ１１００９０１２３１０５", "KAZ110090123105", "KAZ110090123105", "", "", "", "",
       ""},
  };
  for (const Accepted& c : accepted) check_accepted(c);

  const Refused refused[] = {
      {kFpr, "911398199012310022", "id.checksum"},
      {kFpr, "999398199012310023", "id.region"},      // province 99
      {kFpr, "911999199012310020", "id.region"},      // nationality 999 does not exist
      {kFpr, "911398199002310028", "id.birth_date"},  // Feb 31, correct check
      {kFpr, "911398199002310021", "id.birth_date"},  // CredentialKit's Feb 31 (check wrong too)
      {kFpr, "911398209901010010", "id.birth_date"},  // in the future
      {kFpr, "11010519491231002X", "id.format"},      // a citizen number starts with 1–8
      {kFpr, "91139819901231002A", "id.format"},
      {kFpr, "KA1110090123105", "id.format"},
      {kFpr, "KAZ11009012310X", "id.format"},
      {kFpr, "KAZ11009012310", "id.length"},
      {kFpr, "9113981990123100211", "id.length"},
  };
  for (const Refused& c : refused) check_refused(c);
}

TEST_CASE("Travel permits and passports: shape and lifelong key (§2.4-2.6)", "[codes][document]") {
  const auto kHkMo = DocumentKind::kHkMoPermit;
  const auto kTw = DocumentKind::kTwPermit;
  const auto kPass = DocumentKind::kPassport;
  const Accepted accepted[] = {
      {kHkMo, "H12345678", "H12345678", "H12345678", "", "", "", "", ""},
      // The renewal count is not part of the key: first 9 characters.
      {kHkMo, "M1234567801", "M1234567801", "M12345678", "", "", "", "", ""},
      {kHkMo, "h 1234 5678 02", "H1234567802", "H12345678", "", "", "", "", ""},
      {kHkMo, "Ｈ１２３４５６７８", "H12345678", "H12345678", "", "", "", "", ""},
      {kTw, "12345678", "12345678", "12345678", "", "", "", "", ""},
      // Old booklets: 2-digit issue count, maybe an issuing-office code in parentheses. Key: 8.
      {kTw, "1234567801", "1234567801", "12345678", "", "", "", "", ""},
      {kTw, "1234567801(B)", "1234567801", "12345678", "", "", "", "", ""},
      {kTw, "1234567801（Ｂ）", "1234567801", "12345678", "", "", "", "", ""},
      {kPass, "E12345678", "E12345678", "E12345678", "", "", "", "", ""},
      {kPass, "ea1234567", "EA1234567", "EA1234567", "", "", "", "", ""},
      {kPass, "G1234567", "G1234567", "G1234567", "", "", "", "", ""},
      {kPass, "X1234", "X1234", "X1234", "", "", "", "", ""},
      {kPass, "5AB 12-34", "5AB1234", "5AB1234", "", "", "", "", ""},
  };
  for (const Accepted& c : accepted) check_accepted(c);

  const Refused refused[] = {
      {kHkMo, "A1234567801", "id.format"},
      {kHkMo, "K1234567802", "id.format"},
      {kHkMo, "H1234567A", "id.format"},
      {kHkMo, "H1234567", "id.length"},
      {kHkMo, "H123456780", "id.length"},
      {kHkMo, "H123456780123", "id.length"},
      {kTw, "1234567", "id.length"},
      {kTw, "123456789", "id.length"},
      {kTw, "12345678901", "id.length"},
      {kTw, "1234567A", "id.format"},
      {kTw, "(B)", "id.length"},
      {kPass, "E123", "id.length"},
      {kPass, "E123456789", "id.length"},
      {kPass, "E1234567*", "id.format"},
      {kPass,
       "E12345\xC3\x84"
       "8",
       "id.format"},  // Ä
  };
  for (const Refused& c : refused) check_refused(c);
}

TEST_CASE("MOD 11-2 check character", "[codes][document]") {
  CHECK(codes::mod11_2_check_char("11010519491231002") == 'X');  // the GB 11643 example
  CHECK(codes::mod11_2_check_char("36042619910101007") == '1');
  CHECK(codes::mod11_2_check_char("81000019980902013") == 'X');
  CHECK(codes::mod11_2_check_char("91139819901231002") == '1');
  CHECK(codes::mod11_2_check_char("15010219880730303") == '5');  // hutool's 15→18 example
}

TEST_CASE("GB 11643 numbers: every substitution and transposition is refused",
          "[codes][document][property]") {
  const struct {
    DocumentKind kind;
    const char* number;
  } valid[] = {
      {DocumentKind::kCnId, "11010519491231002X"},
      {DocumentKind::kCnId, "360426199101010071"},
      {DocumentKind::kCnId, "110101200002290018"},
      {DocumentKind::kCnId, "440883199001012976"},
      {DocumentKind::kHmtResidence, "81000019980902013X"},
      {DocumentKind::kHmtResidence, "830000199201300022"},
      {DocumentKind::kFpr, "911398199012310021"},
      {DocumentKind::kFpr, "932682198501010017"},
  };
  constexpr std::string_view kCheckSymbols = "0123456789X";
  for (const auto& v : valid) {
    const std::string number = v.number;
    INFO(codes::to_string(v.kind) << " " << number);
    REQUIRE(codes::check_document(v.kind, number, kToday).is_ok());
    const auto mutations = ciie::test::substitutions(number, kCheckSymbols);
    CHECK(mutations.size() == 18 * 10);
    for (const std::string& mutated : mutations) {
      INFO(mutated);
      CHECK_FALSE(codes::check_document(v.kind, mutated, kToday).is_ok());
    }
    for (const std::string& swapped : ciie::test::transpositions(number)) {
      INFO(swapped);
      CHECK_FALSE(codes::check_document(v.kind, swapped, kToday).is_ok());
    }
  }
}
