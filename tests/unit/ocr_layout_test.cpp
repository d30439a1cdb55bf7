// ocr licence layout (lib/ocr/licence_layout.hpp) over synthetic page-pass characters: labels found
// spaced, misread or among running text; 名称/类型 completed from the left column; value boxes
// bounded by the next column and the next label of the column; the page title; text read inside a
// box row by row.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "ocr/licence_layout.hpp"

namespace ocr = ciie::ocr;
using ocr::Box;
using ocr::LabelHit;
using ocr::LabelKind;
using ocr::OcrWord;

namespace {

// The UTF-8 characters of `text`, one string each.
std::vector<std::string> characters(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.emplace_back(text.substr(i, length));
    i += length;
  }
  return out;
}

// One symbol per character of `text`, left to right from `left` on the row at `top`, each
// `width` x `height` with `gap` pixels between neighbours.
std::vector<OcrWord> row(std::string_view text, int left, int top, int width = 20, int height = 20,
                         int gap = 2) {
  std::vector<OcrWord> out;
  int x = left;
  for (const std::string& c : characters(text)) {
    out.push_back(OcrWord{c, Box{x, top, x + width, top + height}, 90.0F, 0});
    x += width + gap;
  }
  return out;
}

// A two-character label spaced out as the forms print it (名 at `left`, 称 86 px further).
std::vector<OcrWord> spaced(std::string_view two, int left, int top) {
  const std::vector<std::string> c = characters(two);
  return {OcrWord{c.at(0), Box{left, top, left + 20, top + 20}, 90.0F, 0},
          OcrWord{c.at(1), Box{left + 86, top, left + 106, top + 20}, 90.0F, 0}};
}

void add(std::vector<OcrWord>& page, const std::vector<OcrWord>& more) {
  page.insert(page.end(), more.begin(), more.end());
}

LabelHit hit(LabelKind kind, Box box, int matched = 2, int length = 2) {
  return LabelHit{kind, box, matched, length, box.height()};
}

bool contains(const Box& outer, const Box& inner) {
  return outer.left <= inner.left && outer.top <= inner.top && outer.right >= inner.right &&
         outer.bottom >= inner.bottom;
}

}  // namespace

TEST_CASE("find_labels: a spaced two-character label is found with its box", "[ocr]") {
  const std::vector<OcrWord> page = spaced("名称", 100, 100);
  const std::vector<LabelHit> labels = ocr::find_labels(page);
  const LabelHit* name = ocr::find(labels, LabelKind::kName);
  REQUIRE(name != nullptr);
  CHECK(name->box.left == 100);
  CHECK(name->box.top == 100);
  CHECK(name->box.right == 206);
  CHECK(name->box.bottom == 120);
  CHECK(name->matched == 2);
  CHECK(name->length == 2);
  CHECK(name->char_height == 20);
  CHECK(ocr::find(labels, LabelKind::kType) == nullptr);
}

TEST_CASE("find_labels: characters on different rows or far apart are no label", "[ocr]") {
  SECTION("different rows") {
    const std::vector<OcrWord> page = {OcrWord{"名", Box{100, 100, 120, 120}, 90.0F, 0},
                                       OcrWord{"称", Box{186, 160, 206, 180}, 90.0F, 1}};
    CHECK(ocr::find(ocr::find_labels(page), LabelKind::kName) == nullptr);
  }
  SECTION("twenty character heights apart") {
    const std::vector<OcrWord> page = {OcrWord{"名", Box{100, 100, 120, 120}, 90.0F, 0},
                                       OcrWord{"称", Box{520, 100, 540, 120}, 90.0F, 0}};
    CHECK(ocr::find(ocr::find_labels(page), LabelKind::kName) == nullptr);
  }
  SECTION("right to left") {
    const std::vector<OcrWord> page = {OcrWord{"称", Box{100, 100, 120, 120}, 90.0F, 0},
                                       OcrWord{"名", Box{186, 100, 206, 120}, 90.0F, 0}};
    CHECK(ocr::find(ocr::find_labels(page), LabelKind::kName) == nullptr);
  }
  SECTION("one character of a two-character label") {
    CHECK(ocr::find(ocr::find_labels(row("名", 100, 100)), LabelKind::kName) == nullptr);
  }
  SECTION("no characters") { CHECK(ocr::find_labels({}).empty()); }
}

TEST_CASE("find_labels: a long label with one misread character is still found", "[ocr]") {
  struct Case {
    const char* text;
    int matched;
  };
  const Case cases[] = {
      {"法定代表人", 5},       {"法定代X人", 4},       {"X定代表人", 4},  // first character misread
      {"法定代表X", 4},                                                   // last character misread
      {"统一社会信用代码", 8}, {"统一社X信用代码", 7},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const std::vector<OcrWord> page = row(c.text, 100, 100, 20, 20, 10);
    const std::vector<LabelHit> labels = ocr::find_labels(page);
    const LabelKind kind =
        std::string_view(c.text).size() > 15 ? LabelKind::kUscc : LabelKind::kLegalRep;
    const LabelHit* label = ocr::find(labels, kind);
    REQUIRE(label != nullptr);
    CHECK(label->matched == c.matched);
    CHECK(label->box.top == 100);
    CHECK(label->box.bottom == 120);
    // The box covers the matched characters.
    const int count = static_cast<int>(page.size());
    const int first = c.text[0] == 'X' ? 1 : 0;
    const int last = page.back().text == "X" ? count - 2 : count - 1;
    CHECK(label->box.left == page[static_cast<std::size_t>(first)].box.left);
    CHECK(label->box.right == page[static_cast<std::size_t>(last)].box.right);
  }
}

TEST_CASE("find_labels: a long label with two misread characters is not found", "[ocr]") {
  const std::vector<LabelHit> labels = ocr::find_labels(row("法X代X人", 100, 100, 20, 20, 10));
  CHECK(ocr::find(labels, LabelKind::kLegalRep) == nullptr);
}

TEST_CASE("find_labels: a column-aligned label is preferred to the same characters in text",
          "[ocr]") {
  // The left column: 名称, 类型 (printed narrow), 住所, all starting at x = 100; further down,
  // running text with 类型 in it, spaced a little wider than the label.
  std::vector<OcrWord> page;
  add(page, spaced("名称", 100, 100));
  add(page, row("类型", 100, 150, 20, 20, 2));
  add(page, spaced("住所", 100, 200));
  add(page, row("经营各类型商品", 600, 400, 20, 20, 6));
  SECTION("label first in reading order") {}
  SECTION("running text first in reading order") {
    std::rotate(page.begin(), page.end() - 7, page.end());
  }
  const std::vector<LabelHit> labels = ocr::find_labels(page);
  const LabelHit* type = ocr::find(labels, LabelKind::kType);
  REQUIRE(type != nullptr);
  CHECK(type->box.left == 100);
  CHECK(type->box.top == 150);
  CHECK(type->box.right == 142);
  REQUIRE(ocr::find(labels, LabelKind::kName) != nullptr);
  REQUIRE(ocr::find(labels, LabelKind::kAddress) != nullptr);
}

TEST_CASE("complete_labels: 名称 and 类型 placed above a row-2 label of the left column", "[ocr]") {
  SECTION("住所 alone") {
    std::vector<LabelHit> labels = {hit(LabelKind::kAddress, Box{100, 300, 206, 320})};
    ocr::complete_labels(labels);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    const LabelHit* type = ocr::find(labels, LabelKind::kType);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(name != nullptr);
    REQUIRE(type != nullptr);
    REQUIRE(address != nullptr);
    CHECK(name->matched == 0);
    CHECK(type->matched == 0);
    CHECK(address->matched == 2);
    CHECK(name->box.left == 100);
    CHECK(type->box.left == 100);
    CHECK(name->box.height() == 20);
    CHECK(type->box.height() == 20);
    // One and two row pitches above, a pitch being a couple of character heights.
    const int pitch = address->box.top - type->box.top;
    CHECK(pitch >= 40);
    CHECK(pitch <= 80);
    CHECK(type->box.top - name->box.top == pitch);
  }
  SECTION("法定代表人 with more rows below it: the column's pitch") {
    std::vector<LabelHit> labels = {
        hit(LabelKind::kUscc, Box{40, 30, 300, 50}, 8, 8),  // above, further left: not the column
        hit(LabelKind::kLegalRep, Box{100, 300, 206, 320}, 5, 5),
        hit(LabelKind::kCapital, Box{100, 360, 206, 380}, 4, 4),
        hit(LabelKind::kEstablished, Box{100, 420, 206, 440}, 4, 4),
        hit(LabelKind::kScope, Box{700, 100, 806, 120}, 4, 4),  // the right column
    };
    ocr::complete_labels(labels);
    // 名称 and 类型 from the head rule; 营业期限 from the date rule, one pitch below 成立日期.
    REQUIRE(labels.size() == 8);
    const LabelHit* term = ocr::find(labels, LabelKind::kTerm);
    REQUIRE(term != nullptr);
    CHECK(term->matched == 0);
    CHECK(term->box.top == 480);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    const LabelHit* type = ocr::find(labels, LabelKind::kType);
    REQUIRE(name != nullptr);
    REQUIRE(type != nullptr);
    CHECK(name->matched == 0);
    CHECK(type->matched == 0);
    CHECK(name->box.left == 100);
    CHECK(name->box.right == 206);
    CHECK(name->box.top == 180);
    CHECK(name->box.bottom == 200);
    CHECK(type->box.left == 100);
    CHECK(type->box.top == 240);
    CHECK(type->box.bottom == 260);
  }
  SECTION("found labels are kept") {
    std::vector<LabelHit> labels = {hit(LabelKind::kName, Box{100, 100, 206, 120}),
                                    hit(LabelKind::kType, Box{100, 160, 206, 180}),
                                    hit(LabelKind::kAddress, Box{100, 220, 206, 240})};
    const std::vector<LabelHit> before = labels;
    ocr::complete_labels(labels);
    REQUIRE(labels.size() == before.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      CHECK(labels[i].kind == before[i].kind);
      CHECK(labels[i].box.top == before[i].box.top);
      CHECK(labels[i].matched == before[i].matched);
    }
  }
  SECTION("名称 found, 类型 missing, more rows below") {
    std::vector<LabelHit> labels = {hit(LabelKind::kName, Box{100, 100, 206, 120}),
                                    hit(LabelKind::kAddress, Box{100, 220, 206, 240}),
                                    hit(LabelKind::kLegalRep, Box{100, 280, 206, 300}, 5, 5),
                                    hit(LabelKind::kCapital, Box{100, 340, 206, 360}, 4, 4)};
    ocr::complete_labels(labels);
    // 类型 from the head rule; 成立日期 and 营业期限 below 注册资本 from the date rule.
    REQUIRE(labels.size() == 7);
    CHECK(ocr::find(labels, LabelKind::kEstablished)->box.top == 400);
    CHECK(ocr::find(labels, LabelKind::kTerm)->box.top == 460);
    const LabelHit* type = ocr::find(labels, LabelKind::kType);
    REQUIRE(type != nullptr);
    CHECK(type->matched == 0);
    CHECK(type->box.top == 160);
    CHECK(ocr::find(labels, LabelKind::kName)->matched == 2);
  }
  SECTION("no label of a known head row: no 名称 or 类型 added") {
    std::vector<LabelHit> labels = {hit(LabelKind::kScope, Box{100, 300, 206, 320}, 4, 4)};
    ocr::complete_labels(labels);
    CHECK(labels.size() == 1);
    std::vector<LabelHit> none;
    ocr::complete_labels(none);
    CHECK(none.empty());
  }
}

TEST_CASE("complete_labels: 类型 between 名称 and 住所 when those are the column's only labels",
          "[ocr]") {
  // 名称 (row 0) and 住所 (row 2) found, 类型 (row 1) missed: it lies between them, not on 住所.
  std::vector<LabelHit> labels = {hit(LabelKind::kName, Box{100, 100, 206, 120}),
                                  hit(LabelKind::kAddress, Box{100, 220, 206, 240})};
  ocr::complete_labels(labels);
  const LabelHit* type = ocr::find(labels, LabelKind::kType);
  REQUIRE(type != nullptr);
  CHECK(type->box.top >= 120);
  CHECK(type->box.bottom <= 220);
}

TEST_CASE("value_box: right of the label up to the next column, narrowed to the value", "[ocr]") {
  constexpr int kPageWidth = 1500;
  std::vector<OcrWord> page;
  add(page, spaced("名称", 100, 100));
  add(page, row("注册资本", 700, 100, 20, 20, 10));
  const std::vector<OcrWord> value = row("上海卓昌装饰工程有限公司", 230, 100);
  const Box value_extent{value.front().box.left, 100, value.back().box.right, 120};

  SECTION("value characters seen") {
    add(page, value);
    add(page, row("人民币500万元", 830, 100));
    const std::vector<LabelHit> labels = ocr::find_labels(page);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    REQUIRE(name != nullptr);
    REQUIRE(ocr::find(labels, LabelKind::kCapital) != nullptr);
    const Box box = ocr::value_box(*name, labels, page, kPageWidth);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(box.left >= name->box.right);
    CHECK(contains(box, value_extent));
    CHECK(box.right < 700);                           // not into the next column
    CHECK(box.right <= value_extent.right + 2 * 20);  // narrowed to the run
    CHECK(box.bottom < 150);                          // one row
    CHECK(ocr::text_inside(page, box) == "上海卓昌装饰工程有限公司");
  }
  SECTION("no value characters: up to the next column's label") {
    const std::vector<LabelHit> labels = ocr::find_labels(page);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    REQUIRE(name != nullptr);
    const Box box = ocr::value_box(*name, labels, page, kPageWidth);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(box.left >= name->box.right);
    CHECK(box.left < 230);
    CHECK(box.right <= 700);
    CHECK(box.right >= 650);
    CHECK(box.top <= 100);
    CHECK(box.bottom >= 120);
    CHECK(box.bottom < 150);
  }
  SECTION("no next column: a left-column value stops at the middle of the page") {
    std::vector<OcrWord> alone = spaced("名称", 100, 100);
    const std::vector<LabelHit> labels = ocr::find_labels(alone);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    REQUIRE(name != nullptr);
    const Box box = ocr::value_box(*name, labels, alone, kPageWidth);
    CHECK(box.right <= kPageWidth * 52 / 100);
    CHECK(box.right >= kPageWidth / 2);
  }
  SECTION("no next column: a right-column value runs to the page's right margin") {
    std::vector<OcrWord> alone = spaced("住所", 800, 100);
    const std::vector<LabelHit> labels = ocr::find_labels(alone);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    const Box box = ocr::value_box(*address, labels, alone, kPageWidth);
    CHECK(box.right <= kPageWidth);
    CHECK(box.right >= kPageWidth * 9 / 10);
  }
  SECTION("a label of the right column below this row is no boundary") {
    std::vector<OcrWord> lower = spaced("住所", 800, 100);
    add(lower, row("登记机关", 1000, 400, 20, 20, 10));
    const std::vector<LabelHit> labels = ocr::find_labels(lower);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    REQUIRE(ocr::find(labels, LabelKind::kAuthority) != nullptr);
    const Box box = ocr::value_box(*address, labels, lower, kPageWidth);
    CHECK(box.right >= kPageWidth * 9 / 10);
  }
  SECTION("a label of the right column above this row bounds it (经营范围 heads that column)") {
    std::vector<OcrWord> upper = spaced("名称", 100, 100);
    add(upper, row("经营范围", 700, 40, 20, 20, 10));
    const std::vector<LabelHit> labels = ocr::find_labels(upper);
    const LabelHit* name = ocr::find(labels, LabelKind::kName);
    REQUIRE(name != nullptr);
    REQUIRE(ocr::find(labels, LabelKind::kScope) != nullptr);
    const Box box = ocr::value_box(*name, labels, upper, kPageWidth);
    CHECK(box.right <= 700);
  }
}

TEST_CASE("value_box: a wrapped value stops above the next label of its column", "[ocr]") {
  constexpr int kPageWidth = 1500;
  // 住所 at row top 300 with its value on two lines (pitch 30); 法定代表人 below at 360.
  std::vector<OcrWord> page;
  add(page, spaced("住所", 100, 300));
  add(page, row("上海市闵行区某某路100号3幢", 230, 300));
  add(page, row("21层03室", 230, 330));
  std::vector<OcrWord> with_next = page;
  add(with_next, row("法定代表人", 100, 380, 20, 20, 1));
  add(with_next, row("张三", 230, 380));

  SECTION("kBounded with a label below extends down to it") {
    const std::vector<LabelHit> labels = ocr::find_labels(with_next);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    REQUIRE(ocr::find(labels, LabelKind::kLegalRep) != nullptr);
    const Box box =
        ocr::value_box(*address, labels, with_next, kPageWidth, 3, ocr::Extent::kBounded);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(box.bottom <= 380);
    CHECK(ocr::text_inside(with_next, box) == "上海市闵行区某某路100号3幢\n21层03室");
  }
  SECTION("kRunsOn with a label below also stops above it") {
    const std::vector<LabelHit> labels = ocr::find_labels(with_next);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    const Box box =
        ocr::value_box(*address, labels, with_next, kPageWidth, 4, ocr::Extent::kRunsOn);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(box.bottom <= 380);
    CHECK(ocr::text_inside(with_next, box) == "上海市闵行区某某路100号3幢\n21层03室");
  }
  SECTION("kBounded without a label below stays one row") {
    const std::vector<LabelHit> labels = ocr::find_labels(page);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    const Box box = ocr::value_box(*address, labels, page, kPageWidth, 3, ocr::Extent::kBounded);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(box.bottom < 340);
    CHECK(ocr::text_inside(page, box) == "上海市闵行区某某路100号3幢");
  }
  SECTION("kRunsOn without a label below runs on by its lines") {
    const std::vector<LabelHit> labels = ocr::find_labels(page);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    const Box box = ocr::value_box(*address, labels, page, kPageWidth, 2, ocr::Extent::kRunsOn);
    CAPTURE(box.left, box.top, box.right, box.bottom);
    CHECK(ocr::text_inside(page, box) == "上海市闵行区某某路100号3幢\n21层03室");
  }
  SECTION("one line only") {
    const std::vector<LabelHit> labels = ocr::find_labels(with_next);
    const LabelHit* address = ocr::find(labels, LabelKind::kAddress);
    REQUIRE(address != nullptr);
    const Box box =
        ocr::value_box(*address, labels, with_next, kPageWidth, 1, ocr::Extent::kRunsOn);
    CHECK(ocr::text_inside(with_next, box) == "上海市闵行区某某路100号3幢");
  }
}

TEST_CASE("find_title: business licence and institution certificate titles", "[ocr]") {
  struct Case {
    const char* label;
    std::vector<OcrWord> symbols;
    ocr::Title title;
  };
  auto title_row = [](std::string_view text) { return row(text, 500, 30, 40, 40, 40); };
  // 营业执照 with one character missing: the others keep their places.
  auto without = [&](std::size_t missing) {
    std::vector<OcrWord> s = title_row("营业执照");
    s.erase(s.begin() + static_cast<long>(missing));
    return s;
  };
  std::vector<OcrWord> scattered = title_row("营业执照");
  for (std::size_t i = 0; i < scattered.size(); ++i) {
    scattered[i].box.top += static_cast<int>(i) * 100;
    scattered[i].box.bottom += static_cast<int>(i) * 100;
  }
  std::vector<OcrWord> certificate_missing = row("事业单位法人证书", 300, 30, 40, 40, 20);
  certificate_missing.erase(certificate_missing.begin() + 3);
  std::vector<Case> cases;
  cases.push_back({"营业执照", title_row("营业执照"), ocr::Title::kBusinessLicence});
  cases.push_back({"营业执照 without 营", without(0), ocr::Title::kBusinessLicence});
  cases.push_back({"营业执照 without 业", without(1), ocr::Title::kBusinessLicence});
  cases.push_back({"营业执照 without 执", without(2), ocr::Title::kBusinessLicence});
  cases.push_back({"营业执照 without 照", without(3), ocr::Title::kBusinessLicence});
  cases.push_back({"营业执照 misread", title_row("营业执蛆"), ocr::Title::kBusinessLicence});
  cases.push_back({"事业单位法人证书", row("事业单位法人证书", 300, 30, 40, 40, 20),
                   ocr::Title::kInstitutionCertificate});
  cases.push_back(
      {"事业单位法人证书 without 位", certificate_missing, ocr::Title::kInstitutionCertificate});
  cases.push_back({"none", row("上海卓昌装饰工程有限公司", 230, 100), ocr::Title::kNone});
  cases.push_back({"营业 only", title_row("营业"), ocr::Title::kNone});
  cases.push_back({"营业执照 on four rows", scattered, ocr::Title::kNone});
  cases.push_back({"no characters", {}, ocr::Title::kNone});
  for (const Case& c : cases) {
    CAPTURE(c.label);
    CHECK(ocr::find_title(c.symbols) == c.title);
  }
}

TEST_CASE("text_inside: rows top to bottom, each left to right", "[ocr]") {
  std::vector<OcrWord> page;
  add(page, row("第二行", 100, 140));
  add(page, row("第一行", 100, 100));
  add(page, row("外", 400, 100));  // right of the box
  add(page, row("下", 100, 300));  // below the box
  std::reverse(page.begin(), page.end());
  // A row slightly off its baseline is still one row.
  page.push_back(OcrWord{"尾", Box{166, 103, 186, 123}, 90.0F, 0});
  const Box box{90, 90, 300, 170};
  CHECK(ocr::text_inside(page, box) == "第一行尾\n第二行");
  SECTION("centre inside counts, not the whole box") {
    // Sticking out of the box with its centre inside: in; centre outside: out.
    std::vector<OcrWord> edge = {OcrWord{"甲", Box{80, 100, 110, 120}, 90.0F, 0},
                                 OcrWord{"乙", Box{285, 100, 320, 120}, 90.0F, 0},
                                 OcrWord{"丙", Box{120, 100, 140, 120}, 90.0F, 0}};
    CHECK(ocr::text_inside(edge, box) == "甲丙");
  }
  SECTION("nothing inside") {
    CHECK(ocr::text_inside(page, Box{600, 600, 700, 700}).empty());
    CHECK(ocr::text_inside({}, box).empty());
  }
}
