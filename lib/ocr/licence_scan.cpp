// LicenceScan: the code cascade and the field passes of one scan. Why each step: docs/ocr.md.
#include "ocr/licence_scan.hpp"

#include <algorithm>
#include <utility>

#include "ocr/field_text.hpp"
#include "ocr/uscc_reader.hpp"

namespace ciie::ocr {
namespace {

// The code's confidence by how it was obtained: a confirmed or as-read code passed two
// independent checks on what was printed; each correction is a step away from it.
double uscc_confidence(const UsccReading& reading) {
  switch (reading.how) {
    case UsccReading::How::kConfirmed:
      return 0.99;
    case UsccReading::How::kAsRead:
      return 0.95;
    case UsccReading::How::kCorrected:
      return std::max(0.3, 0.7 - 0.1 * reading.corrections);
  }
  return 0.0;
}

UsccSource source_of(UsccReading::How how) {
  switch (how) {
    case UsccReading::How::kAsRead:
      return UsccSource::kAsRead;
    case UsccReading::How::kConfirmed:
      return UsccSource::kConfirmed;
    case UsccReading::How::kCorrected:
      return UsccSource::kCorrected;
  }
  return UsccSource::kCorrected;
}

// A region pass below this mean word confidence (0–1) may be beaten by the page pass.
constexpr double kDoubtfulRegion = 0.75;

bool code_like(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int code_like_count(const std::string& text) {
  int n = 0;
  for (const char c : text) n += code_like(c) ? 1 : 0;
  return n;
}

// Each line of a region's text up to its first wide gap: Tesseract keeps wide gaps as runs of
// spaces, and what follows one belongs to the next column (经营范围 and its text, the title).
std::string first_segments(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(' ');
    if (first != std::string::npos) {
      const std::size_t gap = line.find("   ", first);
      if (gap != std::string::npos) line.resize(gap);
      if (!out.empty()) out += '\n';
      out += line.substr(first);
    }
    start = end + 1;
  }
  return out;
}

bool accepted_outright(const UsccReading& reading) {
  return reading.how != UsccReading::How::kCorrected;
}

}  // namespace

LicenceScan::LicenceScan(Engine& engine, const PageImage& page, OcrPage ocr_page,
                         std::vector<LabelHit> labels)
    : engine_(engine), page_(page), ocr_(std::move(ocr_page)), labels_(std::move(labels)) {
  complete_labels(labels_);
}

Status LicenceScan::read_uscc(LicenceReading& out) {
  std::string text = ocr_.text;
  std::vector<std::string> code_lines;  // what the code passes read, for the consensus below
  auto read_code = [&](const Box& box, RegionPass pass, int char_height) -> Status {
    auto line = read(box, pass, char_height);
    if (!line) return std::move(line).take_status();
    text += "\n" + line->text;
    code_lines.push_back(line->text);
    return Status::ok();
  };
  // First the code-like words of the page pass near the label, cropped tightly (a wider crop
  // catches strokes of the 营业执照 title, printed right after the code on the 2016 layout).
  auto reading = ciie::ocr::read_uscc(text);
  const std::vector<Box> tight = code_word_boxes();
  for (const Box& box : tight) {
    if (Status status = read_code(box, RegionPass::kCode, char_height_near(box)); !status) {
      return status;
    }
  }
  if (!tight.empty()) reading = ciie::ocr::read_uscc(text);
  // Then, each only while the code is not settled: the strips right of and below the label; the
  // same strips cut tighter (the 2016 layout prints the check character against the top of the
  // title) and read at a smaller scale (a glyph misread at one scale is often read right at
  // another); the strips with a global threshold (Sauvola breaks blurred strokes Otsu keeps).
  const int h = label_height(LabelKind::kUscc);
  struct Attempt {
    std::vector<Box> strips;
    int char_height;
    RegionPass pass;
  };
  const Attempt attempts[] = {{code_strips(false), h, RegionPass::kCode},
                              {code_strips(true), (h * 4) / 3, RegionPass::kCode},
                              {code_strips(false), h, RegionPass::kCodeGlobal}};
  for (const auto& [strips, char_height, pass] : attempts) {
    if (reading && accepted_outright(*reading)) break;
    for (const Box& box : strips) {
      if (Status status = read_code(box, pass, char_height); !status) return status;
    }
    reading = ciie::ocr::read_uscc(text);
  }
  // Last, where two passes read the same 18 characters but for one, that character is marked
  // unreadable: the two check characters then decide it, or refuse (docs/ocr-uscc.md).
  if (!reading || !accepted_outright(*reading)) {
    const std::string consensus = mark_disagreements(code_lines);
    if (!consensus.empty()) reading = ciie::ocr::read_uscc(text + "\n" + consensus);
  }
  if (!reading) return std::move(reading).take_status();
  out.uscc = reading->code;
  out.uscc_source = source_of(reading->how);
  out.uscc_corrections = reading->corrections;
  out.uscc_confidence = uscc_confidence(*reading);
  return Status::ok();
}

Status LicenceScan::read_field(LabelKind kind, RegionPass pass, int lines, const Parse& parse,
                               LicenceField& field) {
  const LabelHit* label = find(labels_, kind);
  if (label == nullptr) return Status::ok();
  const Box box = value_box(*label, labels_, ocr_.symbols, page_.width(), lines,
                            kind == LabelKind::kAddress ? Extent::kRunsOn : Extent::kBounded);
  auto region = read(box, pass, label->char_height);
  if (!region) return std::move(region).take_status();
  // Two readings of the value: the region pass and the page pass's characters in the box. The
  // region pass is usually the better one (the recogniser's scale), but on noisy scans the page
  // pass, on the flattened page, can win: it is taken when the region pass is doubtful and the
  // page pass more confident (page-pass confidences run high, so they decide only then).
  const std::string page_text = text_inside(ocr_.symbols, box);
  region->text = first_segments(region->text);
  const auto from_region = parse(region->text);
  const auto from_page = parse(page_text);
  const double region_confidence = region->confidence / 100.0;
  const double page_confidence = mean_confidence(box) / 100.0;
  const bool region_doubtful = region_confidence < kDoubtfulRegion;
  if (from_region && (!from_page || !region_doubtful || region_confidence >= page_confidence)) {
    field.raw = region->text;
    set(field, *from_region, region_confidence);
  } else if (from_page) {
    field.raw = page_text;
    set(field, *from_page, page_confidence);
  } else {
    field.raw = region->text;
  }
  return Status::ok();
}

// The date printed under 登记机关 (the seal sits on it; the red channel has hidden the seal).
Status LicenceScan::read_issue_date(LicenceField& field) {
  const LabelHit* label = find(labels_, LabelKind::kAuthority);
  if (label == nullptr) return Status::ok();
  const int h = label->char_height;
  const Box box{label->box.left - 4 * h, label->box.bottom + h / 5, label->box.right + 8 * h,
                label->box.bottom + (h * 7) / 2};
  auto region = read(box, RegionPass::kChineseBlock, h);
  if (!region) return std::move(region).take_status();
  field.raw = region->text;
  if (auto date = parse_date(region->text)) {
    set(field, *date, region->confidence / 100.0);
  } else if (auto from_page = parse_date(text_inside(ocr_.symbols, box))) {
    set(field, *from_page, 0.8 * mean_confidence(box) / 100.0);
  }
  return Status::ok();
}

LicenceKind LicenceScan::kind() const {
  switch (find_title(ocr_.symbols)) {
    case Title::kBusinessLicence:
      return LicenceKind::kBusinessLicence;
    case Title::kInstitutionCertificate:
      return LicenceKind::kInstitutionCertificate;
    case Title::kNone:
      break;
  }
  // The title is large and often broken by the seal; the labels still tell a licence.
  return find(labels_, LabelKind::kUscc) != nullptr ? LicenceKind::kBusinessLicence
                                                    : LicenceKind::kUnknown;
}

Result<RegionText> LicenceScan::read(const Box& box, RegionPass pass, int char_height) {
  return engine_.read_region(page_, box, pass, char_height);
}

void LicenceScan::set(LicenceField& field, std::string value, double confidence) {
  field.found = !value.empty();
  field.value = std::move(value);
  field.confidence = std::clamp(confidence, 0.0, 1.0);
}

double LicenceScan::mean_confidence(const Box& box) const {
  double sum = 0;
  int n = 0;
  for (const OcrWord& s : ocr_.symbols) {
    const int cx = (s.box.left + s.box.right) / 2;
    const int cy = (s.box.top + s.box.bottom) / 2;
    if (cx >= box.left && cx < box.right && cy >= box.top && cy < box.bottom) {
      sum += s.confidence;
      ++n;
    }
  }
  return n == 0 ? 0.0 : sum / n;
}

int LicenceScan::label_height(LabelKind kind) const {
  const LabelHit* label = find(labels_, kind);
  return label != nullptr ? label->char_height : 0;
}

int LicenceScan::char_height_near(const Box& box) const {
  const int label = label_height(LabelKind::kUscc);
  return label > 0 ? std::min(label, box.height()) : box.height();
}

// Page-pass words of at least ten code characters right of the USCC label (same row) or just
// below it; anywhere in the top third of the page when the label was not found.
std::vector<Box> LicenceScan::code_word_boxes() const {
  const LabelHit* label = find(labels_, LabelKind::kUscc);
  std::vector<Box> boxes;
  for (const OcrWord& word : ocr_.words) {
    if (code_like_count(word.text) < 10) continue;
    const Box& b = word.box;
    bool near = false;
    int h = b.height();
    if (label != nullptr) {
      h = label->char_height;
      const int cy = (b.top + b.bottom) / 2;
      const bool right = b.left >= label->box.right - h && b.left <= label->box.right + 4 * h &&
                         cy >= label->box.top - h / 2 && cy <= label->box.bottom + h / 2;
      const bool below = b.top >= label->box.bottom - h / 3 && b.top <= label->box.bottom + 2 * h &&
                         b.left >= label->box.left - 3 * h && b.left <= label->box.left + 4 * h;
      near = right || below;
    } else {
      near = b.bottom <= page_.height() / 3;
    }
    if (!near) continue;
    // A little wider on the right: the page pass often drops the last character or two.
    boxes.push_back({b.left - h / 3, b.top - h / 3, b.right + h, b.bottom + h / 3});
    if (boxes.size() == 3) break;
  }
  return boxes;
}

// The strips where the code is printed: right of the label (2016 layout) and below it (2019).
// `tight` keeps to the label's own rows, clear of the title below and the lines around.
std::vector<Box> LicenceScan::code_strips(bool tight) const {
  const LabelHit* label = find(labels_, LabelKind::kUscc);
  if (label == nullptr) return {};
  const int h = label->char_height;
  const Box& l = label->box;
  // 18 code characters of a wide (serif) font take up to ~16 label heights.
  if (tight) {
    return {{l.right, l.top - h / 3, l.right + 17 * h, l.bottom - h / 10},
            {l.left - h / 2, l.bottom + h / 3, l.left + 18 * h, l.bottom + (h * 8) / 5}};
  }
  return {{l.right, l.top - h / 4, l.right + 17 * h, l.bottom + h / 4},
          {l.left - h, l.bottom, l.left + 18 * h, l.bottom + (h * 9) / 5}};
}

}  // namespace ciie::ocr
