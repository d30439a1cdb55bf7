// Unit identifiers: the USCC (china-rules §1.7 vectors, warnings, normalisation, and the mutation
// properties of §1.5), the embedded GB 11714 organisation code and the GS15 registration number.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"
#include "support/mutations.hpp"

namespace codes = ciie::codes;

namespace {

// The USCC alphabet, and the five capital letters GB 32100 leaves out.
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::string_view kForbiddenLetters = "IOSVZ";

// A code with valid checks built from positions 1–8 and the 8-character organisation code body.
std::string make_uscc(const std::string& first8, const std::string& org8) {
  std::string code = first8 + org8 + codes::org_code_check_char(org8);
  return code + codes::uscc_check_char(code);
}

using ciie::test::transpositions;

}  // namespace

TEST_CASE("USCC: the valid vectors of china-rules §1.7 are accepted", "[codes][uscc]") {
  struct Case {
    const char* code;
    const char* authority_name;
    const char* category_name;
    const char* division;
    const char* division_name;
    const char* org_code;
  };
  const Case cases[] = {
      {"91110000600037341L", "市场监管", "企业", "110000", "北京市", "60003734-1"},
      {"121200004013590816", "机构编制", "事业单位", "120000", "天津市", "40135908-1"},
      {"91120224064012553U", "市场监管", "企业", "120224", "天津市宝坻县", "06401255-3"},
      {"91310115591693856A", "市场监管", "企业", "310115", "上海市浦东新区", "59169385-6"},
      {"91310110666007217T", "市场监管", "企业", "310110", "上海市杨浦区", "66600721-7"},
      {"913101153325803473", "市场监管", "企业", "310115", "上海市浦东新区", "33258034-7"},
      {"91330106MA27Y4U47R", "市场监管", "企业", "330106", "浙江省杭州市西湖区", "MA27Y4U4-7"},
      {"9144030071526726XG", "市场监管", "企业", "440300", "广东省深圳市", "71526726-X"},
      {"91440300568520498A", "市场监管", "企业", "440300", "广东省深圳市", "56852049-8"},
      {"91350200MA2YJ1XR9G", "市场监管", "企业", "350200", "福建省厦门市", "MA2YJ1XR-9"},
      {"9135021359498494XQ", "市场监管", "企业", "350213", "福建省厦门市翔安区", "59498494-X"},
      {"92340602MA2PBMEM24", "市场监管", "个体工商户", "340602", "安徽省淮北市杜集区",
       "MA2PBMEM-2"},
      {"91620105L015101280", "市场监管", "企业", "620105", "甘肃省兰州市安宁区", "L0151012-8"},
      {"12440600MB2C07549J", "机构编制", "事业单位", "440600", "广东省佛山市", "MB2C0754-9"},
      {"92141127MA0KD1Y64A", "市场监管", "个体工商户", "141127", "山西省吕梁市岚县", "MA0KD1Y6-4"},
      {"91350100M000100Y43", "市场监管", "企业", "350100", "福建省福州市", "M000100Y-4"},
      // Valid by the standard although python-stdnum rejects the letters in positions 1–2.
      {"A1110000MA27Y4U477", "中央军委改革和编制办公室", "军队文职人员用人单位", "110000", "北京市",
       "MA27Y4U4-7"},
      {"N2310115MF00001286", "农业", "村级集体经济组织", "310115", "上海市浦东新区", "MF000012-8"},
      {"Y1310000MB0000123C", "其他", "其他", "310000", "上海市", "MB000012-3"},
      {"G1310000MC00001279", "公安", "境外非政府组织代表机构", "310000", "上海市", "MC000012-7"},
      {"513100005000078902", "民政", "社会团体", "310000", "上海市", "50000789-0"},
      // National-level registration: 100000 is valid but not a GB/T 2260 row, so no name.
      {"5310000050001234X6", "民政", "基金会", "100000", "", "50001234-X"},
      {"93210200MA000012XX", "市场监管", "农民专业合作社", "210200", "辽宁省大连市", "MA000012-X"},
  };
  for (const Case& c : cases) {
    INFO(c.code);
    const auto info = codes::check_uscc(c.code);
    REQUIRE(info.is_ok());
    CHECK(info->code == c.code);
    CHECK(info->authority == c.code[0]);
    CHECK(info->category == c.code[1]);
    CHECK(info->authority_name == c.authority_name);
    CHECK(info->category_name == c.category_name);
    CHECK(info->division == c.division);
    CHECK(info->division_name == c.division_name);
    CHECK(info->province == std::string(c.division, 2));
    CHECK(info->org_code == c.org_code);
    CHECK(info->warnings.empty());
  }
}

TEST_CASE("USCC: invalid vectors are refused with their reason key", "[codes][uscc]") {
  struct Case {
    const char* code;
    const char* reason;
  };
  const Case cases[] = {
      {"91110000600037341N", "uscc.checksum"},  // check char should be L
      // A digit of the organisation code changed: its own GB 11714 check fails first.
      {"91110000600037342L", "uscc.org_code"},
      {"9111000060003IOZSV", "uscc.alphabet"},  // I O Z S V are not in the alphabet
      {"12345", "uscc.length"},
      {"", "uscc.length"},
      {"91110000600037341L1", "uscc.length"},
      {"A1110000600037341L", "uscc.checksum"},  // should be K for an A prefix
      // The mod-31 check is right but the embedded organisation code is not (stdnum says ok).
      {"91330106MA27Y4U46N", "uscc.org_code"},
      {"91110000600037340H", "uscc.org_code"},
      {"91880106MA27Y4U470", "uscc.region"},  // 88 is not a province
      // Real pre-2016 Xiamen codes with a wrong check character (§1.6): refused here; the
      // organiser's allow-list is what lets them register, into manual review.
      {"91350203M0001QKT19", "uscc.checksum"},
      {"91350203M0001QAY9B", "uscc.checksum"},
      {"9111000060003734-L", "uscc.length"},  // hyphens are separators, so 17 characters remain
      {"9111000060003734\xE5\x8F\xB7L", "uscc.alphabet"},  // "号" counts as one character
      {"911100006000373\xFF\x31L", "uscc.alphabet"},  // invalid UTF-8: the byte is one character
  };
  for (const Case& c : cases) {
    INFO(c.code);
    const auto info = codes::check_uscc(c.code);
    REQUIRE_FALSE(info.is_ok());
    CHECK(info.status().code() == ciie::Code::kRefused);
    CHECK(info.status().reason() == c.reason);
  }
}

TEST_CASE("USCC: the Xiamen bad-check codes name the expected character", "[codes][uscc]") {
  // §1.6: only position 18 is wrong; the embedded organisation codes check correctly.
  const struct {
    const char* code;
    const char* org_code;
    const char* expected;
  } cases[] = {{"91350203M0001QKT19", "M0001QKT-1", "F"},
               {"91350203M0001QAY9B", "M0001QAY-9", "9"}};
  for (const auto& c : cases) {
    INFO(c.code);
    const auto info = codes::check_uscc(c.code);
    REQUIRE(info.status().reason() == "uscc.checksum");
    REQUIRE(info.status().details().size() == 1);
    CHECK(info.status().details()[0].key == "expected");
    CHECK(info.status().details()[0].value == c.expected);
    CHECK(codes::check_org_code(std::string(c.code).substr(8, 9)).value() == c.org_code);
  }
}

TEST_CASE("USCC: positions 3-8 need a province prefix or 100000", "[codes][uscc]") {
  const std::string org = "MA27Y4U4";
  for (const char* first8 :
       {"91100000", "91110000", "91150000", "91210000", "91230000", "91310000", "91370000",
        "91410000", "91460000", "91500000", "91540000", "91610000", "91650000", "91659001"}) {
    INFO(first8);
    CHECK(codes::check_uscc(make_uscc(first8, org)).is_ok());
  }
  // 10 is national only as 100000; 16, 20, 24, 30, 38, 47, 55, 60, 66, 71 (Taiwan), 81 and 82
  // (HK, Macao) and 99 are not mainland provinces; letters are not division digits.
  for (const char* first8 : {"91100100", "91101000", "91160000", "91200000", "91240000", "91300000",
                             "91380000", "91470000", "91550000", "91600000", "91660000", "91710000",
                             "91810000", "91820000", "91990000", "9131011A", "91A10000"}) {
    INFO(first8);
    CHECK(codes::check_uscc(make_uscc(first8, org)).status().reason() == "uscc.region");
  }
}

TEST_CASE("USCC: unknown category pairs and divisions only warn", "[codes][uscc]") {
  SECTION("category 9-4 is not in the table (§1.7)") {
    const auto info = codes::check_uscc("94310000MA000012X7");
    REQUIRE(info.is_ok());
    CHECK(info->authority_name == "市场监管");
    CHECK(info->category_name.empty());
    REQUIRE(info->warnings.size() == 1);
    CHECK(info->warnings[0].reason == "uscc.unknown_category");
  }
  SECTION("an unknown authority") {
    const auto info = codes::check_uscc(make_uscc("B1310000", "MA27Y4U4"));
    REQUIRE(info.is_ok());
    CHECK(info->authority_name.empty());
    CHECK(info->category_name.empty());
    REQUIRE(info->warnings.size() == 1);
    CHECK(info->warnings[0].reason == "uscc.unknown_category");
  }
  SECTION("the pairs added after 2016 are known") {
    for (const char* pair : {"G1", "G9", "J1", "J9", "Q1", "Q2", "Q3", "Q9", "36", "54",
                             "55", "82", "99", "A1", "A9", "N1", "N2", "N3", "N9", "Y1"}) {
      INFO(pair);
      const auto info = codes::check_uscc(make_uscc(std::string(pair) + "310000", "MA27Y4U4"));
      REQUIRE(info.is_ok());
      CHECK_FALSE(info->category_name.empty());
      CHECK(info->warnings.empty());
    }
    CHECK(codes::check_uscc(make_uscc("36310000", "MA27Y4U4"))->category_name == "商事调解组织");
    CHECK(codes::check_uscc(make_uscc("99310000", "MA27Y4U4"))->category_name == "其他");
    CHECK(codes::check_uscc(make_uscc("Y2310000", "MA27Y4U4"))->warnings.size() == 1);
  }
  SECTION("a division missing from GB/T 2260") {
    const auto info = codes::check_uscc(make_uscc("91319999", "MA27Y4U4"));
    REQUIRE(info.is_ok());
    CHECK(info->division_name.empty());
    REQUIRE(info->warnings.size() == 1);
    CHECK(info->warnings[0].reason == "uscc.unknown_division");
  }
  SECTION("a retired division is still known (a USCC keeps its code for life)") {
    const auto info = codes::check_uscc(make_uscc("91412723", "MA27Y4U4"));  // 商水县, to 1999
    REQUIRE(info.is_ok());
    CHECK(info->division_name == "河南省周口地区商水县");
    CHECK(info->warnings.empty());
  }
  SECTION("both warnings at once") {
    const auto info = codes::check_uscc(make_uscc("98319999", "MA27Y4U4"));
    REQUIRE(info.is_ok());
    REQUIRE(info->warnings.size() == 2);
    CHECK(info->warnings[0].reason == "uscc.unknown_category");
    CHECK(info->warnings[1].reason == "uscc.unknown_division");
  }
}

TEST_CASE("USCC: input is normalised before checking", "[codes][uscc][normalize]") {
  const char* inputs[] = {
      "91110000600037341L",
      "91110000600037341l",                    // lower case
      " 91 110000 600037341L\t",               // spaces, trimmed
      "91-110000-60003734-1L",                 // hyphens
      "９１１１００００６０００３７３４１Ｌ",  // full-width digits and letter
      "９１１１００００６０００３７３４１ｌ",  // full-width lower-case letter
      "91\xE3\x80\x80"
      "110000\xE3\x80\x80"
      "600037341L",  // ideographic spaces (U+3000)
      "91110000\xE2\x80\x90"
      "600037341L",  // U+2010 HYPHEN
      "\xEF\xBB\xBF"
      "91110000600037341L",  // a pasted byte-order mark
  };
  for (const char* input : inputs) {
    INFO(input);
    const auto info = codes::check_uscc(input);
    REQUIRE(info.is_ok());
    CHECK(info->code == "91110000600037341L");
  }
  // Full-width letters inside: 91330106ＭＡ27Y4U47R.
  CHECK(codes::check_uscc("91330106\xEF\xBC\xAD\xEF\xBC\xA1"
                          "27Y4U47R")
            ->code == "91330106MA27Y4U47R");
}

TEST_CASE("USCC: the check character function", "[codes][uscc]") {
  CHECK(codes::uscc_check_char("91110000600037341") == 'L');  // the worked example of §1.5
  CHECK(codes::uscc_check_char("91350203M0001QKT1") == 'F');
  CHECK(codes::uscc_check_char("91350203M0001QAY9") == '9');
  CHECK(codes::uscc_check_char("A1110000600037341") == 'K');
  CHECK(codes::uscc_check_char("91330106MA27Y4U47") == 'R');
}

TEST_CASE("USCC: every single substitution and transposition is refused",
          "[codes][uscc][property]") {
  const std::string valid[] = {
      "91110000600037341L", "91330106MA27Y4U47R", "9144030071526726XG", "913101153325803473",
      "5310000050001234X6", "A1110000MA27Y4U477", "91350200MA2YJ1XR9G", "92141127MA0KD1Y64A",
  };
  for (const std::string& code : valid) {
    INFO(code);
    REQUIRE(codes::check_uscc(code).is_ok());
    std::size_t mutations = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
      for (const std::string_view symbols : {kUsccAlphabet, kForbiddenLetters}) {
        for (const char c : symbols) {
          if (c == code[i]) continue;
          std::string mutated = code;
          mutated[i] = c;
          INFO(mutated);
          CHECK_FALSE(codes::check_uscc(mutated).is_ok());
          ++mutations;
        }
      }
    }
    CHECK(mutations == 18 * 35);  // 30 other alphabet symbols and 5 forbidden letters each
    for (const std::string& swapped : transpositions(code)) {
      INFO(swapped);
      CHECK_FALSE(codes::check_uscc(swapped).is_ok());
    }
    // The mod-31 check alone catches them all too (§1.5), including in positions 1–2.
    for (const std::string& swapped : transpositions(code)) {
      CHECK(codes::uscc_check_char(swapped.substr(0, 17)) != swapped[17]);
    }
  }
}

TEST_CASE("Organisation code (GB 11714)", "[codes][org_code]") {
  CHECK(codes::org_code_check_char("D2143569") == 'X');  // the GB 11714 example
  CHECK(codes::org_code_check_char("60003734") == '1');
  CHECK(codes::org_code_check_char("MA27Y4U4") == '7');
  CHECK(codes::org_code_check_char("00000000") == '0');  // 11 − 0 = 11 is written 0

  struct Case {
    const char* input;
    const char* canonical;  // "" when refused
    const char* reason;
  };
  const Case cases[] = {
      {"D2143569-X", "D2143569-X", ""},        {"d2143569x", "D2143569-X", ""},
      {"60003734-1", "60003734-1", ""},        {"６０００３７３４－１", "60003734-1", ""},
      {"MA27Y4U4-7", "MA27Y4U4-7", ""},        {"60003734", "", "org_code.length"},
      {"60003734-12", "", "org_code.length"},  {"6000373*-1", "", "org_code.alphabet"},
      {"60003734-A", "", "org_code.alphabet"}, {"60003734-2", "", "org_code.checksum"},
      {"MA27Y4U4-6", "", "org_code.checksum"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    const auto code = codes::check_org_code(c.input);
    if (*c.reason == '\0') {
      REQUIRE(code.is_ok());
      CHECK(*code == c.canonical);
    } else {
      REQUIRE_FALSE(code.is_ok());
      CHECK(code.status().reason() == c.reason);
    }
  }
  // Mod 11 over digit values catches every digit substitution and every adjacent or jump
  // transposition of digits (letters can alias: A=10 and L=21 differ by 11).
  const std::string valid = "600037341";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (char c = '0'; c <= '9'; ++c) {
      if (c == valid[i]) continue;
      std::string mutated = valid;
      mutated[i] = c;
      INFO(mutated);
      CHECK(codes::check_org_code(mutated).status().reason() == "org_code.checksum");
    }
  }
  for (const std::string& swapped : transpositions(valid)) {
    INFO(swapped);
    CHECK_FALSE(codes::check_org_code(swapped).is_ok());
  }
}

TEST_CASE("Business registration number (GS15-2006, MOD 11,10)", "[codes][regno]") {
  CHECK(codes::check_registration_number("110108000000016").value() == "110108000000016");
  CHECK(codes::check_registration_number(" 110108 00000001 6 ").value() == "110108000000016");
  CHECK(codes::check_registration_number("１１０１０８０００００００１６").value() ==
        "110108000000016");
  CHECK(codes::check_registration_number("11010800000001").status().reason() == "regno.length");
  CHECK(codes::check_registration_number("1101080000000161").status().reason() == "regno.length");
  CHECK(codes::check_registration_number("11010800000001A").status().reason() == "regno.format");
  CHECK(codes::check_registration_number("110108000000017").status().reason() == "regno.checksum");
  const std::string valid = "110108000000016";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (char c = '0'; c <= '9'; ++c) {
      if (c == valid[i]) continue;
      std::string mutated = valid;
      mutated[i] = c;
      INFO(mutated);
      CHECK(codes::check_registration_number(mutated).status().reason() == "regno.checksum");
    }
  }
  // The hybrid MOD 11,10 system catches every adjacent transposition (not every jump one).
  for (const std::string& swapped : transpositions(valid, /*adjacent_only=*/true)) {
    INFO(swapped);
    CHECK(codes::check_registration_number(swapped).status().reason() == "regno.checksum");
  }
}
