// Label finding over character boxes: a greedy left-to-right match of each label's characters on
// one row, tolerating wide spacing and (for long labels) a misread character. Value boxes follow
// the two 2016+ layouts: label left, value right, a second column further right.
#include "ocr/licence_layout.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <tuple>

namespace ciie::ocr {
namespace {

struct LabelText {
  LabelKind kind;
  std::array<std::string_view, 8> chars;  // one UTF-8 character each; unused slots empty
  int min_matched;
};

// Label variants in the order they are tried; the best hit per kind wins. Characters are given
// one by one because the recogniser returns them one by one.
constexpr std::array<LabelText, 21> kLabels = {{
    {LabelKind::kUscc, {"统", "一", "社", "会", "信", "用", "代", "码"}, 5},
    {LabelKind::kName, {"名", "称"}, 2},
    {LabelKind::kType, {"类", "型"}, 2},
    {LabelKind::kLegalRep, {"法", "定", "代", "表", "人"}, 4},
    {LabelKind::kLegalRep, {"经", "营", "者"}, 3},
    {LabelKind::kLegalRep, {"负", "责", "人"}, 3},
    {LabelKind::kLegalRep, {"执", "行", "事", "务", "合", "伙", "人"}, 5},
    {LabelKind::kCapital, {"注", "册", "资", "本"}, 3},
    {LabelKind::kCapital, {"成", "员", "出", "资", "总", "额"}, 4},
    {LabelKind::kCapital, {"开", "办", "资", "金"}, 3},
    {LabelKind::kEstablished, {"成", "立", "日", "期"}, 3},
    {LabelKind::kEstablished, {"注", "册", "日", "期"}, 3},
    {LabelKind::kTerm, {"营", "业", "期", "限"}, 3},
    {LabelKind::kTerm, {"经", "营", "期", "限"}, 3},
    {LabelKind::kTerm, {"有", "效", "期"}, 3},
    {LabelKind::kAddress, {"经", "营", "场", "所"}, 3},
    {LabelKind::kAddress, {"住", "所"}, 2},
    {LabelKind::kScope, {"经", "营", "范", "围"}, 3},
    {LabelKind::kScope, {"业", "务", "范", "围"}, 3},
    {LabelKind::kAuthority, {"登", "记", "机", "关"}, 3},
    {LabelKind::kComposition, {"组", "成", "形", "式"}, 3},
}};

// Labels are spaced out to the width of the longest (名          称): allow gaps of this many
// character heights between consecutive label characters.
constexpr int kMaxGapInHeights = 5;

int label_length(const LabelText& label) {
  int n = 0;
  while (n < static_cast<int>(label.chars.size()) &&
         !label.chars[static_cast<std::size_t>(n)].empty())
    ++n;
  return n;
}

int centre_y(const Box& box) { return (box.top + box.bottom) / 2; }

bool same_row(const Box& a, const Box& b) {
  const int h = std::max(a.height(), 1);
  return std::abs(centre_y(a) - centre_y(b)) * 2 <= h;
}

Box unite(const Box& a, const Box& b) {
  return {std::min(a.left, b.left), std::min(a.top, b.top), std::max(a.right, b.right),
          std::max(a.bottom, b.bottom)};
}

// The nearest symbol right of `from` on its row, within the gap, whose text is `wanted`.
const OcrWord* next_on_row(const std::vector<OcrWord>& symbols, const OcrWord& from,
                           std::string_view wanted, int max_gap) {
  const OcrWord* best = nullptr;
  for (const OcrWord& s : symbols) {
    if (s.text != wanted || s.box.left < from.box.right - from.box.width() / 2) continue;
    if (s.box.left - from.box.right > max_gap || !same_row(from.box, s.box)) continue;
    if (best == nullptr || s.box.left < best->box.left) best = &s;
  }
  return best;
}

// The match of `label` starting at `first` (which matched character `start` of the label).
LabelHit match_from(const std::vector<OcrWord>& symbols, const LabelText& label,
                    const OcrWord& first, int start) {
  const int length = label_length(label);
  LabelHit hit{label.kind, first.box, 1, length, first.box.height()};
  const OcrWord* at = &first;
  int misses = start;  // characters before `start` were not seen
  for (int k = start + 1; k < length; ++k) {
    const int gap = kMaxGapInHeights * std::max(first.box.height(), 8) * (misses + 1);
    const OcrWord* next = next_on_row(symbols, *at, label.chars[static_cast<std::size_t>(k)], gap);
    if (next == nullptr) {
      ++misses;
      continue;
    }
    hit.box = unite(hit.box, next->box);
    ++hit.matched;
    at = next;
  }
  // A label missing its first characters starts further left: extend by the characters missed,
  // so the value box does not swallow the label's remains.
  hit.char_height = std::max(hit.box.height(), 1);
  return hit;
}

double ratio(const LabelHit& hit) { return static_cast<double>(hit.matched) / hit.length; }

// How many hits of other kinds start at the same x: labels stand in columns with one left edge,
// while the same characters inside running text (各类型, 名称) rarely line up with a label.
int aligned(const LabelHit& hit, const std::vector<LabelHit>& others) {
  int n = 0;
  for (const LabelHit& other : others) {
    if (other.kind != hit.kind && std::abs(other.box.left - hit.box.left) <= hit.char_height) ++n;
  }
  return n;
}

// Every match of every label variant, several per kind.
std::vector<LabelHit> all_hits(const std::vector<OcrWord>& symbols) {
  std::vector<LabelHit> hits;
  for (const LabelText& label : kLabels) {
    const int length = label_length(label);
    // The match may start at any of the first (length - min_matched + 1) characters.
    for (const OcrWord& symbol : symbols) {
      for (int start = 0; start <= length - label.min_matched; ++start) {
        if (symbol.text != label.chars[static_cast<std::size_t>(start)]) continue;
        LabelHit hit = match_from(symbols, label, symbol, start);
        if (hit.matched >= label.min_matched) hits.push_back(hit);
      }
    }
  }
  return hits;
}

// The best hit per kind by `rank` (greater is better).
template <typename Rank>
std::vector<LabelHit> best_per_kind(const std::vector<LabelHit>& hits, Rank rank) {
  std::vector<LabelHit> best;
  for (const LabelHit& hit : hits) {
    auto same = std::find_if(best.begin(), best.end(),
                             [&](const LabelHit& b) { return b.kind == hit.kind; });
    if (same == best.end()) {
      best.push_back(hit);
    } else if (rank(hit) > rank(*same)) {
      *same = hit;
    }
  }
  return best;
}

// The height of the page's characters: the median of the Chinese characters read with some
// confidence. Noise stuck to a glyph makes single boxes tall; the median is unaffected.
int typical_height(const std::vector<OcrWord>& symbols) {
  std::vector<int> heights;
  for (const OcrWord& s : symbols) {
    if (s.text.size() >= 3 && s.confidence >= 50.0F && s.box.height() > 4) {
      heights.push_back(s.box.height());
    }
  }
  if (heights.empty()) return 0;
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2),
                   heights.end());
  return heights[heights.size() / 2];
}

// A hit's box cut to the typical character height around its centre line.
void normalise_height(LabelHit& hit, int typical) {
  if (typical <= 0 || hit.box.height() * 5 <= typical * 7) return;
  const int centre = centre_y(hit.box);
  hit.box.top = centre - typical / 2;
  hit.box.bottom = centre + (typical + 1) / 2;
  hit.char_height = typical;
}

}  // namespace

std::vector<LabelHit> find_labels(const std::vector<OcrWord>& symbols) {
  std::vector<LabelHit> hits = all_hits(symbols);
  const int typical = typical_height(symbols);
  for (LabelHit& hit : hits) normalise_height(hit, typical);
  // First by completeness, then by spread (labels are spaced to a common width); then again with
  // the column alignment against that first choice.
  const std::vector<LabelHit> first = best_per_kind(
      hits, [](const LabelHit& h) { return std::make_tuple(ratio(h), h.matched, h.box.width()); });
  return best_per_kind(hits, [&](const LabelHit& h) {
    return std::make_tuple(ratio(h), aligned(h, first), h.matched, h.box.width());
  });
}

const LabelHit* find(const std::vector<LabelHit>& labels, LabelKind kind) {
  for (const LabelHit& hit : labels) {
    if (hit.kind == kind) return &hit;
  }
  return nullptr;
}

namespace {

// Row sequences every 2016+ form keeps within one column: 名称, 类型 and then 法定代表人 (经营者)
// or 住所 head the left column; 注册资本, 成立日期, 营业期限 follow each other wherever they are.
struct RowRule {
  LabelKind kind;
  int row;
};
constexpr std::array<RowRule, 4> kHeadRows = {{{LabelKind::kName, 0},
                                               {LabelKind::kType, 1},
                                               {LabelKind::kLegalRep, 2},
                                               {LabelKind::kAddress, 2}}};
constexpr std::array<RowRule, 3> kDateRows = {
    {{LabelKind::kCapital, 0}, {LabelKind::kEstablished, 1}, {LabelKind::kTerm, 2}}};

// Fills in the missing kinds of one row sequence from the found ones of the same column.
template <std::size_t N>
void complete_rows(std::vector<LabelHit>& labels, const std::array<RowRule, N>& rules,
                   bool left_column_only) {
  // The anchors: found labels of the sequence, with their rows.
  std::vector<std::pair<LabelHit, int>> anchors;
  int leftmost = 1 << 30;
  for (const LabelHit& hit : labels) {
    if (hit.kind != LabelKind::kUscc && hit.kind != LabelKind::kAuthority) {
      leftmost = std::min(leftmost, hit.box.left);
    }
  }
  for (const RowRule& rule : rules) {
    const LabelHit* hit = find(labels, rule.kind);
    if (hit == nullptr || hit->matched == 0) continue;
    if (left_column_only && std::abs(hit->box.left - leftmost) > hit->char_height) continue;
    // Two kinds can share a row number (法定代表人 or 住所, row 2): the upper one holds it (the
    // 2016 layout prints 住所 at row 2 and 法定代表人 at row 3).
    auto same = std::find_if(anchors.begin(), anchors.end(),
                             [&](const auto& a) { return a.second == rule.row; });
    if (same == anchors.end()) {
      anchors.emplace_back(*hit, rule.row);
    } else if (hit->box.top < same->first.box.top) {
      same->first = *hit;
    }
  }
  if (anchors.empty()) return;
  std::sort(anchors.begin(), anchors.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  const LabelHit& model = anchors.front().first;
  const int h = model.char_height;
  // The row pitch: from two anchors of known rows, else the smallest gap between labels of the
  // column, else the 2.55 character heights the forms use.
  int pitch = 0;
  if (anchors.size() >= 2 && anchors.back().second > anchors.front().second) {
    pitch = (anchors.back().first.box.top - model.box.top) /
            (anchors.back().second - anchors.front().second);
  } else {
    std::vector<int> tops;
    for (const LabelHit& hit : labels) {
      if (std::abs(hit.box.left - model.box.left) <= h) tops.push_back(hit.box.top);
    }
    std::sort(tops.begin(), tops.end());
    for (std::size_t i = 1; i < tops.size(); ++i) {
      const int gap = tops[i] - tops[i - 1];
      if (gap > h && (pitch == 0 || gap < pitch)) pitch = gap;
    }
  }
  if (pitch <= h) pitch = (h * 51) / 20;
  for (const RowRule& rule : rules) {
    if (find(labels, rule.kind) != nullptr) continue;
    LabelHit added = model;
    added.kind = rule.kind;
    added.matched = 0;
    added.box.top = model.box.top + (rule.row - anchors.front().second) * pitch;
    added.box.bottom = added.box.top + model.box.height();
    // A row another label of the column already holds is not this one (个体工商户 print no
    // 注册资本 or 营业期限).
    const bool taken = std::any_of(labels.begin(), labels.end(), [&](const LabelHit& other) {
      return std::abs(other.box.left - added.box.left) <= h &&
             std::abs(other.box.top - added.box.top) < h;
    });
    if (!taken && added.box.top >= 0) labels.push_back(added);
  }
}

}  // namespace

void complete_labels(std::vector<LabelHit>& labels) {
  complete_rows(labels, kHeadRows, true);
  complete_rows(labels, kDateRows, false);
}

Box value_box(const LabelHit& label, const std::vector<LabelHit>& labels,
              const std::vector<OcrWord>& symbols, int page_width, int lines, Extent extent) {
  const int h = label.char_height;
  // The row band: values may be printed larger than their label and a little off its baseline.
  Box box{label.box.right + h / 3, label.box.top - (h * 3) / 5, page_width - page_width / 25,
          label.box.bottom + (h * 3) / 5};
  for (const LabelHit& other : labels) {
    // The next column: a label further right whose row is this one or above it (the 2016 layout
    // prints 经营范围 once, at the top of the right column).
    if (other.box.left > label.box.right + 2 * h && other.box.top <= label.box.bottom + h / 2) {
      box.right = std::min(box.right, other.box.left - h / 2);
    }
  }
  // Every 2016+ form splits its fields into two columns at the middle of the page: a value of
  // the left column never crosses it, even where the right column's label was not found.
  if (label.box.right < (page_width * 35) / 100) {
    box.right = std::min(box.right, (page_width * 515) / 1000);
  }
  // Narrow the band to the characters the page pass saw there: the run starting right of the
  // label, ended by a gap of six character heights (the next column, the border); smaller gaps
  // are characters the page pass missed.
  std::vector<const OcrWord*> row;
  for (const OcrWord& s : symbols) {
    const int cx = (s.box.left + s.box.right) / 2;
    const int cy = centre_y(s.box);
    // Text-sized characters only: rules, borders and seal fragments come out as tall "glyphs".
    const bool text_sized = s.box.height() * 5 >= h * 2 && s.box.height() * 5 <= h * 8;
    if (text_sized && cx >= box.left && cx < box.right && cy >= box.top && cy < box.bottom) {
      row.push_back(&s);
    }
  }
  std::sort(row.begin(), row.end(),
            [](const OcrWord* a, const OcrWord* b) { return a->box.left < b->box.left; });
  Box seen{};
  int count = 0;
  for (const OcrWord* s : row) {
    if (count > 0 && s->box.left - seen.right > 6 * h) break;
    seen = count == 0 ? s->box : unite(seen, s->box);
    ++count;
  }
  if (count >= 2) {
    box.right = std::min(box.right, seen.right + (h * 3) / 2);
    // Not above the label's own top: a speck of the row above would add a line of noise.
    box.top = std::max(std::min(seen.top, label.box.top) - h / 3, label.box.top - h / 2);
    box.bottom = std::max(seen.bottom, label.box.bottom) + h / 3;
  }
  if (lines > 1) {
    int bottom = label.box.top + (lines * h * 3) / 2 + (h * 2) / 5;
    bool bounded = false;
    for (const LabelHit& other : labels) {
      const bool same_column = std::abs(other.box.left - label.box.left) < 3 * h;
      if (same_column && other.box.top > label.box.bottom + h / 3) {
        bottom = std::min(bottom, other.box.top - h / 4);
        bounded = true;
      }
    }
    // Only the address runs on without a label below it; other values wrap only where the next
    // row shows that there is room.
    if (bounded || extent == Extent::kRunsOn) box.bottom = std::max(box.bottom, bottom);
  }
  return box;
}

Title find_title(const std::vector<OcrWord>& symbols) {
  static const LabelText business{LabelKind::kName, {"营", "业", "执", "照"}, 3};
  static const LabelText institution{
      LabelKind::kName, {"事", "业", "单", "位", "法", "人", "证", "书"}, 6};
  for (const LabelText* title : {&institution, &business}) {
    const int length = label_length(*title);
    for (const OcrWord& symbol : symbols) {
      for (int start = 0; start <= length - title->min_matched; ++start) {
        if (symbol.text != title->chars[static_cast<std::size_t>(start)]) continue;
        if (match_from(symbols, *title, symbol, start).matched >= title->min_matched) {
          return title == &business ? Title::kBusinessLicence : Title::kInstitutionCertificate;
        }
      }
    }
  }
  return Title::kNone;
}

std::string text_inside(const std::vector<OcrWord>& symbols, const Box& box) {
  std::vector<const OcrWord*> inside;
  for (const OcrWord& s : symbols) {
    const int cx = (s.box.left + s.box.right) / 2;
    const int cy = centre_y(s.box);
    if (cx >= box.left && cx < box.right && cy >= box.top && cy < box.bottom) inside.push_back(&s);
  }
  std::sort(inside.begin(), inside.end(),
            [](const OcrWord* a, const OcrWord* b) { return centre_y(a->box) < centre_y(b->box); });
  // Rows: a symbol starts a new row when its centre is below the current row's band.
  std::vector<std::vector<const OcrWord*>> rows;
  for (const OcrWord* s : inside) {
    if (rows.empty() || !same_row(rows.back().front()->box, s->box)) rows.emplace_back();
    rows.back().push_back(s);
  }
  std::string out;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(),
              [](const OcrWord* a, const OcrWord* b) { return a->box.left < b->box.left; });
    if (!out.empty()) out += '\n';
    for (const OcrWord* s : row) out += s->text;
  }
  return out;
}

}  // namespace ciie::ocr
