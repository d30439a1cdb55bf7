// Contacts and presentation: normalize(), mainland and E.164 phones and HTML-standard e-mail
// addresses (china-rules §5), and the masking of documents, phones and e-mail (domain §2).
#include <string>

#include <catch2/catch.hpp>

#include "ciie/codes.hpp"

namespace codes = ciie::codes;

TEST_CASE("normalize: NFKC, no spaces or hyphens, upper case", "[codes][normalize]") {
  struct Case {
    const char* input;
    const char* output;
  };
  const Case cases[] = {
      {"", ""},
      {"  \t", ""},
      {"abc", "ABC"},
      {" 9111 0000-6000 3734 1l ", "91110000600037341L"},
      {"９１１１００００６０００３７３４１Ｌ", "91110000600037341L"},  // full-width digits, letter
      {"ａｂｃ－ｘ", "ABCX"},                                          // full-width letters, hyphen
      {"91\xE3\x80\x80"
       "11",
       "9111"},  // U+3000 ideographic space
      {"12\xC2\xA0"
       "34",
       "1234"},  // U+00A0 no-break space
      {"1\xE2\x80\x90"
       "2\xE2\x80\x93"
       "3\xE2\x88\x92"
       "4",
       "1234"},  // U+2010, U+2013, U+2212
      {"\xEF\xBB\xBF"
       "12\xE2\x80\x8B"
       "34",
       "1234"},  // BOM, zero-width space
      {"(B)", "(B)"},
      {"（Ｂ）", "(B)"},  // full-width parentheses
      {"号码", "号码"},   // CJK is left alone
      {"ß", "ß"},         // only ASCII is upper-cased
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(codes::normalize(c.input) == c.output);
  }
  // Invalid UTF-8 comes back as it was, only trimmed; the checkers then refuse it.
  CHECK(codes::normalize(" ab\xFF-c ") == "ab\xFF-c");
}

TEST_CASE("Phones: mainland mobiles and E.164 (§5.1)", "[codes][phone]") {
  struct Case {
    const char* input;
    const char* number;
    bool mainland;
  };
  const Case accepted[] = {
      {"13612345678", "13612345678", true},
      {"+86 136-1234-5678", "13612345678", true},
      {"19212345678", "19212345678", true},
      {"+8613612345678", "13612345678", true},
      {"008613612345678", "13612345678", true},
      {"8613612345678", "13612345678", true},
      {"１３６ １２３４ ５６７８", "13612345678", true},
      {"+852 9123 4567", "+85291234567", false},
      {"00852 9123 4567", "+85291234567", false},  // China's international prefix 00
      {"+1 415 555 0100", "+14155550100", false},
      {"+44 20 7946 0958", "+442079460958", false},
      {"+886-912-345-678", "+886912345678", false},
  };
  for (const Case& c : accepted) {
    INFO(c.input);
    const auto phone = codes::check_phone(c.input);
    REQUIRE(phone.is_ok());
    CHECK(phone->number == c.number);
    CHECK(phone->mainland == c.mainland);
  }
  for (const char* input : {
           "136123456781",    // 12 digits
           "12345678901",     // second digit 2
           "010-88993108",    // a landline
           "1361234567",      // 10 digits
           "+8601088993108",  // +86 but not a mobile
           "+86 12345678901",
           "+0123456789",        // a country code never starts with 0
           "+123456",            // too short for E.164
           "+1234567890123456",  // 16 digits
           "", "phone", "13612345678 ext 1",
           "+1 (415) 555-0100",  // parentheses are not separators
       }) {
    INFO(input);
    const auto phone = codes::check_phone(input);
    REQUIRE_FALSE(phone.is_ok());
    CHECK(phone.status().reason() == "phone.format");
  }
}

TEST_CASE("E-mail: the HTML standard's valid e-mail address (§5.2)", "[codes][email]") {
  struct Case {
    const char* input;
    const char* canonical;
  };
  const Case accepted[] = {
      {"zhang.san@example.com", "zhang.san@example.com"},
      {"Zhang.San@Example.COM", "Zhang.San@example.com"},  // domain lower-cased, local kept
      {"12345678@qq.com", "12345678@qq.com"},
      {" a@b ", "a@b"},
      {"x@localhost", "x@localhost"},
      {"first.last+tag@sub-domain.example.org", "first.last+tag@sub-domain.example.org"},
      {"!#$%&'*+/=?^_`{|}~-.@a1.b2", "!#$%&'*+/=?^_`{|}~-.@a1.b2"},
      {"ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"},  // full-width forms
  };
  for (const Case& c : accepted) {
    INFO(c.input);
    const auto email = codes::check_email(c.input);
    REQUIRE(email.is_ok());
    CHECK(*email == c.canonical);
  }
  const std::string local64(64, 'a');
  const std::string label63(63, 'b');
  CHECK(codes::check_email(local64 + "@x.cn").is_ok());
  CHECK(codes::check_email(local64 + "a@x.cn").status().reason() == "email.format");
  CHECK(codes::check_email("a@" + label63 + ".cn").is_ok());
  CHECK(codes::check_email("a@" + label63 + "b.cn").status().reason() == "email.format");
  // 254 octets is the most: 64 + 1 + 189.
  const std::string domain189 = label63 + "." + label63 + "." + std::string(61, 'c');
  CHECK(codes::check_email(local64 + "@" + domain189).is_ok());
  CHECK(codes::check_email(local64 + "@" + domain189 + "c").status().reason() == "email.format");

  for (const char* input : {
           "",
           "plain",
           "@example.com",
           "a@",
           "a@b..c",
           "a@.b",
           "a@b.",
           "a@-b.com",
           "a@b-.com",
           "a b@c.com",
           "a@b@c.com",
           "a@b_c.com",
           "a(b)@c.com",
           "\"a\"@b.com",
           "用户@example.com",
           "a@例子.中国",
           "a@b\xFF.com",
       }) {
    INFO(input);
    const auto email = codes::check_email(input);
    REQUIRE_FALSE(email.is_ok());
    CHECK(email.status().reason() == "email.format");
  }
}

TEST_CASE("Masking keeps a head and tail around a fixed run of asterisks", "[codes][mask]") {
  SECTION("documents") {
    // The seed's own example, and the same shape for every 15- or 18-character number.
    CHECK(codes::mask_document("440883199001012976") == "440883*****2976");
    CHECK(codes::mask_document("11010519491231002X") == "110105*****002X");
    CHECK(codes::mask_document("81000019980902013X") == "810000*****013X");
    CHECK(codes::mask_document("KAZ110090123105") == "KAZ110*****3105");
    // Shorter numbers keep their first and last quarter (rounded down).
    CHECK(codes::mask_document("H12345678") == "H1*****78");
    CHECK(codes::mask_document("M1234567801") == "M1*****01");
    CHECK(codes::mask_document("12345678") == "12*****78");
    CHECK(codes::mask_document("1234567801") == "12*****01");
    CHECK(codes::mask_document("EA1234567") == "EA*****67");
    CHECK(codes::mask_document("X1234") == "X*****4");
    CHECK(codes::mask_document("1234") == "*****");
    CHECK(codes::mask_document("") == "");
    // The length does not show: 15 and 18 characters give the same width.
    CHECK(codes::mask_document("123456789012345678").size() ==
          codes::mask_document("123456789012345").size());
    // Multi-byte characters are never cut in half.
    CHECK(codes::mask_document("号12345678号") == "号1*****8号");
  }
  SECTION("phones") {
    CHECK(codes::mask_phone("13812345678") == "138****5678");
    CHECK(codes::mask_phone("+85291234567") == "+852****4567");
    CHECK(codes::mask_phone("+14155550100") == "+1****0100");
    CHECK(codes::mask_phone("+442079460958") == "+44****0958");
    CHECK(codes::mask_phone("+74951234567") == "+7****4567");
    CHECK(codes::mask_phone("+886912345678") == "+886****5678");
    CHECK(codes::mask_phone("+8861234") == "+886****");
    CHECK(codes::mask_phone("010-88993108") == "010****3108");
    CHECK(codes::mask_phone("1234567") == "****");
    CHECK(codes::mask_phone("") == "");
  }
  SECTION("e-mail") {
    CHECK(codes::mask_email("zhang.san@example.com") == "z*******@example.com");
    CHECK(codes::mask_email("a@b") == "a*******@b");
    CHECK(codes::mask_email("12345678@qq.com") == "1*******@qq.com");
    CHECK(codes::mask_email("张三@example.com") == "张*******@example.com");
    CHECK(codes::mask_email("no-at-sign") == "n*******");
    CHECK(codes::mask_email("@b.com") == "*******@b.com");
    CHECK(codes::mask_email("") == "");
  }
  SECTION("the checkers' canonical output masks as the CLI shows it") {
    const auto phone = codes::check_phone("+86 138-1234-5678");
    CHECK(codes::mask_phone(phone->number) == "138****5678");
    const auto id = codes::check_document(codes::DocumentKind::kCnId, "440883199001012976",
                                          ciie::Date{2024, 11, 5});
    CHECK(codes::mask_document(id->number) == "440883*****2976");
  }
}
