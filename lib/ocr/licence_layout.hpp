// Where things are on a licence: the printed labels found among the page pass's characters, and
// the box holding each label's value. Pure functions over OCR boxes (no Tesseract), so they are
// table-tested. Labels come out spaced (名 称) and now and then with a misread character.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ocr/page_image.hpp"
#include "ocr/tesseract_engine.hpp"

namespace ciie::ocr {

// What a label introduces. kScope and kComposition are only read as column and row boundaries.
enum class LabelKind {
  kUscc,         // 统一社会信用代码
  kName,         // 名称
  kType,         // 类型
  kLegalRep,     // 法定代表人 / 经营者 / 负责人 / 执行事务合伙人
  kCapital,      // 注册资本 / 成员出资总额 / 开办资金
  kEstablished,  // 成立日期 / 注册日期
  kTerm,         // 营业期限 / 经营期限
  kAddress,      // 住所 / 经营场所 / 主要经营场所
  kScope,        // 经营范围 / 宗旨和业务范围
  kAuthority,    // 登记机关
  kComposition,  // 组成形式 (个体工商户)
};

struct LabelHit {
  LabelKind kind;
  Box box;          // the matched characters' union
  int matched = 0;  // label characters found
  int length = 0;   // characters in the label text that matched
  int char_height = 0;
};

// The best hit of every label kind found among `symbols` (the page pass's characters). A label
// matches when enough of its characters appear left to right on one text row with gaps of at
// most a few character heights (two-character labels need both).
std::vector<LabelHit> find_labels(const std::vector<OcrWord>& symbols);

const LabelHit* find(const std::vector<LabelHit>& labels, LabelKind kind);

// Adds labels the page pass missed where the form fixes their row: 名称 and 类型 head the left
// column of every 2016+ form (then 法定代表人/经营者 or 住所); 注册资本, 成立日期 and 营业期限
// follow each other in one column. Placed from the labels found at the column's row pitch, never on
// a row another label holds. Added hits have matched == 0.
void complete_labels(std::vector<LabelHit>& labels);

// The box where `label`'s value is printed: from just right of the label to the next column (the
// nearest label further right at or above this row, else the page's right margin), one row tall,
// narrowed to the run of page-pass characters found there when there are any; `lines` > 1
// lets a wrapped value extend it down, stopping above the next label of the column. With
// kBounded it extends only when such a label was found; kRunsOn (the address, often the
// column's last row) extends by `lines` rows regardless.
enum class Extent { kBounded, kRunsOn };
Box value_box(const LabelHit& label, const std::vector<LabelHit>& labels,
              const std::vector<OcrWord>& symbols, int page_width, int lines = 1,
              Extent extent = Extent::kBounded);

// Whether the page shows the title of a business licence (营业执照) or of a public-institution
// certificate (事业单位法人证书).
enum class Title { kBusinessLicence, kInstitutionCertificate, kNone };
Title find_title(const std::vector<OcrWord>& symbols);

// The characters of `symbols` inside `box` (centre inside), row by row top to bottom, each row
// left to right, rows separated by '\n'. Used to read a value from the page pass.
std::string text_inside(const std::vector<OcrWord>& symbols, const Box& box);

}  // namespace ciie::ocr
