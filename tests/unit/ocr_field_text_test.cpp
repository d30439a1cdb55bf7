// ocr field text: the normalisation of one licence field's text (lib/ocr/field_text.hpp) — dates
// to ISO, terms to "start/end", capitals to 万 and a currency, names and persons cleaned of OCR
// debris, unit types snapped to the official list, and the code-point edit distance behind it.
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "ocr/field_text.hpp"

namespace ocr = ciie::ocr;

TEST_CASE("parse_date: licence dates become ISO dates", "[ocr]") {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"2017年05月10日", "2017-05-10"},
      {"2005年9月24日", "2005-09-24"},
      {"2005年09月4日", "2005-09-04"},
      {"2017 年 05 月 10 日", "2017-05-10"},
      {" 2017年 5月 10日 ", "2017-05-10"},
      {"2017年05月10", "2017-05-10"},            // 日 missing
      {"２０１７年０５月１０日", "2017-05-10"},  // full-width digits
      {"：2017年05月10日。", "2017-05-10"},
      {"1949年10月01日", "1949-10-01"},
      {"2099年12月31日", "2099-12-31"},
      {"2020年02月29日", "2020-02-29"},  // leap year
      {"2000年02月29日", "2000-02-29"},  // leap year (divisible by 400)
      // OCR digit look-alikes standing next to digits or date marks.
      {"2019年]1月30日", "2019-11-30"},
      {"2019年[1月30日", "2019-11-30"},
      {"2019年l1月30日", "2019-11-30"},
      {"2O19年11月30日", "2019-11-30"},
      {"2o19年11月30日", "2019-11-30"},
      {"2019年1O月3O日", "2019-10-30"},
      {"2019年11月3D日", "2019-11-30"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto iso = ocr::parse_date(c.text);
    REQUIRE(iso);
    CHECK(*iso == c.iso);
  }
}

TEST_CASE("parse_date: no real calendar date between 1949 and 2099 is refused", "[ocr]") {
  const char* const cases[] = {
      "2019年02月30日",  // no such day
      "2019年02月29日",  // not a leap year
      "2019年04月31日",
      "2019年13月01日",  // month 13
      "2019年00月10日",  // month 0
      "2019年05月00日",  // day 0
      "2019年05月32日",
      "1800年01月01日",  // before 1949
      "1948年12月31日",
      "2100年01月01日",  // after 2099
      "",
      "长期",
      "2017-05",
      "2017年",
      "年月日",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(ocr::parse_date(text));
  }
}

TEST_CASE("parse_term: start and end of the term", "[ocr]") {
  struct Case {
    const char* text;
    const char* term;
  };
  const Case cases[] = {
      {"2017年05月10日 至 长期", "2017-05-10/长期"},
      {"2017年05月10日至长期", "2017-05-10/长期"},
      {"2017 年 05 月 10 日 至 长 期", "2017-05-10/长期"},
      {"2003年01月10日 至 2033年01月09日", "2003-01-10/2033-01-09"},
      {"2003年1月10日至2033年1月9日", "2003-01-10/2033-01-09"},
      {"2019年]1月30日 至 2039年11月29日", "2019-11-30/2039-11-29"},
      {"长期", "长期"},
      {" 长期 ", "长期"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto term = ocr::parse_term(c.text);
    REQUIRE(term);
    CHECK(*term == c.term);
  }
}

TEST_CASE("parse_term: text without a term is refused", "[ocr]") {
  const char* const cases[] = {
      "",
      "营业期限",
      "至",
      "abc",
      "#### ~~~ ||",
      "上海卓昌装饰工程有限公司",
      "2017年05月10日至",  // a start without an end
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(ocr::parse_term(text));
  }
}

TEST_CASE("parse_capital: amount in 万 and currency", "[ocr]") {
  struct Case {
    const char* text;
    const char* wan;
    const char* currency;
  };
  const Case cases[] = {
      {"500万元人民币", "500", "人民币"},
      {"人民币伍佰万元整", "500", "人民币"},
      {"20.0000万人民币", "20", "人民币"},
      {"1000万美元", "1000", "美元"},
      {"人民币1000万元整", "1000", "人民币"},
      {"50万元", "50", "人民币"},  // 元 alone means 人民币
      {"人民币叁万元整", "3", "人民币"},
      {"人民币贰拾万元整", "20", "人民币"},
      {"人民币拾万元整", "10", "人民币"},
      {"1.5亿元", "15000", "人民币"},
      {"0.5万元", "0.5", "人民币"},
      {"0.50万元人民币", "0.5", "人民币"},
      {"12.3450万元", "12.345", "人民币"},
      {"人民币参什万元整", "3000", "人民币"},  // 参/什: misread 叁/仟
      {"]万元人民币", "1", "人民币"},          // ]: a misread 1 next to 万
      {"500 万元 人民币", "500", "人民币"},
      {"５００万元人民币", "500", "人民币"},  // full-width digits
      {"100万港元", "100", "港元"},
      {"100万港币", "100", "港元"},
      {"100万欧元", "100", "欧元"},
      {"100万日元", "100", "日元"},
      {"壹亿贰仟万元人民币", "12000", "人民币"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto capital = ocr::parse_capital(c.text);
    REQUIRE(capital);
    CHECK(capital->wan == c.wan);
    CHECK(capital->currency == c.currency);
  }
}

TEST_CASE("parse_capital: amount in words without a currency", "[ocr]") {
  const auto capital = ocr::parse_capital("壹仟伍佰万");
  REQUIRE(capital);
  CHECK(capital->wan == "1500");
}

TEST_CASE("parse_capital: text without an amount is refused", "[ocr]") {
  const char* const cases[] = {
      "", "人民币", "万元人民币", "注册资本", "人民币元整", "美元",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(ocr::parse_capital(text));
  }
}

TEST_CASE("clean_text: spaces and edge debris off, brackets full-width, NFKC", "[ocr]") {
  struct Case {
    const char* text;
    const char* cleaned;
  };
  const Case cases[] = {
      {"  上海卓昌装饰工程有限公司  ", "上海卓昌装饰工程有限公司"},
      {"：上海卓昌装饰工程有限公司。", "上海卓昌装饰工程有限公司"},
      {"，青岛聚鑫餐饮管理股份有限公司", "青岛聚鑫餐饮管理股份有限公司"},
      {"| 上海卓昌装饰工程有限公司 _", "上海卓昌装饰工程有限公司"},
      {"“上海卓昌装饰工程有限公司”", "上海卓昌装饰工程有限公司"},
      {"…上海卓昌装饰工程有限公司…", "上海卓昌装饰工程有限公司"},
      {"有限责任公司(自然人投资或控股)", "有限责任公司（自然人投资或控股）"},
      {"有限责任公司〈自然人投资或控股〉", "有限责任公司（自然人投资或控股）"},
      {"有限责任公司《自然人投资或控股》", "有限责任公司（自然人投资或控股）"},
      {"ＡＢＣ１２３", "ABC123"},  // NFKC: full-width letters and digits
      {"", ""},
      {" ：，。 ", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ocr::clean_text(c.text) == c.cleaned);
  }
}

TEST_CASE("clean_name: unit names and addresses cleaned of debris and speck lines", "[ocr]") {
  struct Case {
    const char* text;
    const char* name;
  };
  const Case cases[] = {
      {"上海卓昌装饰工程有限公司", "上海卓昌装饰工程有限公司"},
      {"，青岛聚鑫餐饮管理股份有限公司", "青岛聚鑫餐饮管理股份有限公司"},
      {"：青岛聚鑫餐饮管理股份有限公司。", "青岛聚鑫餐饮管理股份有限公司"},
      {"ab: 青岛聚鑫餐饮管理股份有限公司",
       "青岛聚鑫餐饮管理股份有限公司"},  // debris before the first CJK
      {"1 _ 青岛聚鑫餐饮管理股份有限公司", "青岛聚鑫餐饮管理股份有限公司"},
      {"上海某某(集团)有限公司", "上海某某（集团）有限公司"},
      {"上海某某〈集团〉有限公司", "上海某某（集团）有限公司"},
      {"上海某某《集团》有限公司", "上海某某（集团）有限公司"},
      {"上海某某 （集团） 有限公司", "上海某某（集团）有限公司"},
      // A leading speck line (fewer than two CJK characters) belongs to the row above.
      {"际\n上海卓昌装饰工程有限公司", "上海卓昌装饰工程有限公司"},
      {"-\n上海卓昌装饰工程有限公司", "上海卓昌装饰工程有限公司"},
      {"1 ,\n上海卓昌装饰工程有限公司", "上海卓昌装饰工程有限公司"},
      // A trailing line without CJK is a speck of the row below.
      {"上海卓昌装饰工程有限公司\n—", "上海卓昌装饰工程有限公司"},
      {"上海卓昌装饰工程有限公司\n1 .", "上海卓昌装饰工程有限公司"},
      // A wrapped address is joined; a short last line ("5层") is part of it.
      {"上海市闵行区某某路100号3幢\n21层03室", "上海市闵行区某某路100号3幢21层03室"},
      {"上海市闵行区某某路100号\n5层", "上海市闵行区某某路100号5层"},
      {"上海市闵行区某某路\n100弄8号\n5层", "上海市闵行区某某路100弄8号5层"},
      // Nothing CJK left: empty.
      {"", ""},
      {"abc 123", ""},
      {"：，。", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ocr::clean_name(c.text) == c.name);
  }
}

// Speck lines made of characters the recogniser prints for underline fragments (一) next to one
// real character: fewer than two real characters, so the line is dropped.
TEST_CASE("clean_name: a leading speck line of one character and a dash glyph is dropped",
          "[ocr]") {
  CHECK(ocr::clean_name("际一\n上海卓昌装饰工程有限公司") == "上海卓昌装饰工程有限公司");
}

TEST_CASE("clean_person: the name of the legal representative", "[ocr]") {
  struct Case {
    const char* text;
    const char* person;
  };
  const Case cases[] = {
      {"何思", "何思"},
      {"何思-一", "何思"},  // underline fragments read as - and 一
      {"张三丰。", "张三丰"},
      {"，王小明", "王小明"},
      {"欧阳小明", "欧阳小明"},
      {"买买提·艾力", "买买提·艾力"},  // middle dot kept
      {"买买提•艾力", "买买提·艾力"},  // bullet read for the middle dot
      {"一 李四", "李四"},
      {"司马相如文君", "司马相如文君"},  // 6 characters
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto person = ocr::clean_person(c.text);
    REQUIRE(person);
    CHECK(*person == c.person);
  }
}

TEST_CASE("clean_person: no 2 to 6 character name is refused", "[ocr]") {
  const char* const cases[] = {
      "", "何", "何-一", "Zhang San", "123", "司马相如文君卓", "阿卜杜热西提·买买提",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(ocr::clean_person(text));
  }
}

// The middle dot joins the parts of a name: it neither opens nor closes one, and dots alone are no
// name.
TEST_CASE("clean_person: a middle dot at either end is no part of the name", "[ocr]") {
  struct Case {
    const char* text;
    std::optional<std::string> person;
  };
  const Case cases[] = {
      {"··", std::nullopt},
      {"·张三", "张三"},
      {"张三·", "张三"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ocr::clean_person(c.text) == c.person);
  }
}

TEST_CASE("snap_unit_type: near misses snap to the official type", "[ocr]") {
  struct Case {
    const char* text;
    const char* type;
  };
  const Case cases[] = {
      {"有限责任公司（自然人投资或控股）", "有限责任公司（自然人投资或控股）"},
      {"有限责任公司(自然人投资或控股)", "有限责任公司（自然人投资或控股）"},
      {"有限责任公司（自然人投资或控殷）", "有限责任公司（自然人投资或控股）"},  // one wrong
      {"有限责任公司（自然人投姿或控殷）", "有限责任公司（自然人投资或控股）"},  // two wrong
      {"有限责任公司（自然人投资或控股", "有限责任公司（自然人投资或控股）"},    // one missing
      {"有限贵任公司 (自然人投资或控股）", "有限责任公司（自然人投资或控股）"},
      {"有限责任公司（自然人独资）", "有限责任公司（自然人独资）"},
      {"有限责任公司（自然人独姿）", "有限责任公司（自然人独资）"},
      {"股份有限公司（非上市、自然人投资或控股）", "股份有限公司（非上市、自然人投资或控股）"},
      {"股份有限公司（非上市 自然人投资或控股）", "股份有限公司（非上市、自然人投资或控股）"},
      {"个体工商户", "个体工商户"},
      {"个体工商", "个体工商户"},
      {"农民专业合作社", "农民专业合作社"},
      {"有限合伙企业", "有限合伙企业"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto type = ocr::snap_unit_type(c.text);
    REQUIRE(type);
    CHECK(*type == c.type);
  }
}

TEST_CASE("snap_unit_type: unrelated text and ties are not snapped", "[ocr]") {
  const char* const cases[] = {
      "",
      "上海卓昌装饰工程有限公司",
      "经营范围：餐饮服务",
      "2017年05月10日",
      "abc",
      // As near to （国有独资） as to （国有控股）: one character each.
      "有限责任公司（国有独股）",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    CHECK_FALSE(ocr::snap_unit_type(text));
  }
}

TEST_CASE("edit_distance: counted in code points", "[ocr]") {
  struct Case {
    const char* a;
    const char* b;
    int distance;
  };
  const Case cases[] = {
      {"", "", 0},
      {"abc", "abc", 0},
      {"abc", "abd", 1},
      {"kitten", "sitting", 3},
      {"", "营业执照", 4},
      {"营业执照", "", 4},
      {"名称", "名称", 0},
      {"名称", "名字", 1},        // one character, three bytes
      {"营业执照", "营业执", 1},  // one deletion
      {"营业执照", "营亚执照", 1},
      {"有限责任公司", "有限公司", 2},
      {"a名", "名a", 2},
      {"（", "(", 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.a, c.b);
    CHECK(ocr::edit_distance(c.a, c.b) == c.distance);
    CHECK(ocr::edit_distance(c.b, c.a) == c.distance);
  }
}
