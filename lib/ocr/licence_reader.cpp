// read_licence(): the pipeline behind the public OCR API. Input checks, one page pass for the
// layout, the code line read again with a restricted character set until its checks confirm it,
// then one region pass per field at the recogniser's preferred scale. Steps: docs/ocr.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "ciie/ocr.hpp"
#include "ocr/field_text.hpp"
#include "ocr/image_check.hpp"
#include "ocr/licence_layout.hpp"
#include "ocr/page_image.hpp"
#include "ocr/tesseract_engine.hpp"
#include "ocr/uscc_reader.hpp"

namespace ciie {
namespace {

using ocr::Box;
using ocr::LabelHit;
using ocr::LabelKind;

// The code's confidence by how it was obtained: a confirmed or as-read code passed two
// independent checks on what was printed; each correction is a step away from it.
double uscc_confidence(const ocr::UsccReading& reading) {
  switch (reading.how) {
    case ocr::UsccReading::How::kConfirmed: return 0.99;
    case ocr::UsccReading::How::kAsRead: return 0.95;
    case ocr::UsccReading::How::kCorrected: return std::max(0.3, 0.7 - 0.1 * reading.corrections);
  }
  return 0.0;
}

UsccSource source_of(ocr::UsccReading::How how) {
  switch (how) {
    case ocr::UsccReading::How::kAsRead: return UsccSource::kAsRead;
    case ocr::UsccReading::How::kConfirmed: return UsccSource::kConfirmed;
    case ocr::UsccReading::How::kCorrected: return UsccSource::kCorrected;
  }
  return UsccSource::kCorrected;
}

// Scans enlarged more than this by PageImage::prepare count as low-resolution photos.
constexpr double kLowResolutionScale = 1.2;

// A region pass below this mean word confidence (0–1) may be beaten by the page pass.
constexpr double kDoubtfulRegion = 0.75;

bool code_like(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

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

bool accepted_outright(const ocr::UsccReading& reading) {
  return reading.how != ocr::UsccReading::How::kCorrected;
}

// One licence being read: the page, its OCR and its labels, shared by the steps below.
class LicenceScan {
 public:
  LicenceScan(ocr::Engine& engine, const ocr::PageImage& page, ocr::OcrPage ocr_page)
      : engine_(engine), page_(page), ocr_(std::move(ocr_page)),
        labels_(ocr::find_labels(ocr_.symbols)) {
    ocr::complete_labels(labels_);
    if (std::getenv("CIIE_OCR_DEBUG") != nullptr) {
      for (const ocr::OcrWord& w : ocr_.symbols) {
        if (w.box.top > 350 && w.box.top < 480 && w.box.left > 600) std::fprintf(stderr, "sym [%s] %d,%d,%d,%d\n", w.text.c_str(), w.box.left, w.box.top, w.box.right, w.box.bottom);
      }
      for (const LabelHit& l : labels_) {
        const Box v = ocr::value_box(l, labels_, ocr_.symbols, page_.width(), 1);
        std::fprintf(stderr, "label %d matched %d/%d box %d,%d,%d,%d h %d value %d,%d,%d,%d\n", static_cast<int>(l.kind), l.matched, l.length,
                     l.box.left, l.box.top, l.box.right, l.box.bottom, l.char_height, v.left, v.top, v.right, v.bottom);
      }
    }
  }

  Status read_uscc(LicenceReading& out) {
    std::string text = ocr_.text;
    // First the code-like words of the page pass near the label, cropped tightly (a wider crop
    // catches strokes of the 营业执照 title, printed right after the code on the 2016 layout).
    std::vector<Box> tight = code_word_boxes();
    auto reading = ocr::read_uscc(text);
    for (const Box& box : tight) {
      auto line = read(box, ocr::RegionPass::kCode, char_height_near(box));
      if (!line) return std::move(line).take_status();
      text += "\n" + line->text;
    }
    if (!tight.empty()) reading = ocr::read_uscc(text);
    // Then the strips right of and below the label, and last the same strips cut tighter (the
    // 2016 layout prints the check character against the top of the title), each only while
    // the code is not settled.
    // The tight strips are also read at a smaller scale: a glyph misread at one scale is often
    // read right at another.
    const int h = label_height(LabelKind::kUscc);
    const std::pair<std::vector<Box>, int> attempts[] = {{code_strips(false), h},
                                                         {code_strips(true), (h * 4) / 3}};
    for (const auto& [strips, char_height] : attempts) {
      if (reading && accepted_outright(*reading)) break;
      for (const Box& box : strips) {
        auto line = read(box, ocr::RegionPass::kCode, char_height);
        if (!line) return std::move(line).take_status();
        text += "\n" + line->text;
      }
      reading = ocr::read_uscc(text);
    }
    if (std::getenv("CIIE_OCR_DEBUG") != nullptr) std::fprintf(stderr, "CODE TEXT:\n%s\n", text.c_str());
    if (!reading) return std::move(reading).take_status();
    out.uscc = reading->code;
    out.uscc_source = source_of(reading->how);
    out.uscc_corrections = reading->corrections;
    out.uscc_confidence = uscc_confidence(*reading);
    return Status::ok();
  }

  // A one-line field: the region pass, else the page pass's characters in the same box, through
  // `parse` (which returns nullopt for text that is not a value of the field).
  using Parse = std::function<std::optional<std::string>(std::string_view)>;
  Status read_field(LabelKind kind, ocr::RegionPass pass, int lines, const Parse& parse,
                    LicenceField& field) {
    const LabelHit* label = ocr::find(labels_, kind);
    if (label == nullptr) return Status::ok();
    const Box box = ocr::value_box(*label, labels_, ocr_.symbols, page_.width(), lines,
                                   kind == LabelKind::kAddress ? ocr::Extent::kRunsOn
                                                               : ocr::Extent::kBounded);
    auto region = read(box, pass, label->char_height);
    if (!region) return std::move(region).take_status();
    // Two readings of the value: the region pass and the page pass's characters in the box. The
    // region pass is usually the better one (the recogniser's scale), but on noisy scans the page
    // pass, on the flattened page, can win: it is taken when the region pass is doubtful and the
    // page pass more confident (page-pass confidences run high, so they decide only then).
    const std::string page_text = ocr::text_inside(ocr_.symbols, box);
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
  Status read_issue_date(LicenceField& field) {
    const LabelHit* label = ocr::find(labels_, LabelKind::kAuthority);
    if (label == nullptr) return Status::ok();
    const int h = label->char_height;
    const Box box{label->box.left - 4 * h, label->box.bottom + h / 5, label->box.right + 8 * h,
                  label->box.bottom + (h * 7) / 2};
    auto region = read(box, ocr::RegionPass::kChineseBlock, h);
    if (!region) return std::move(region).take_status();
    field.raw = region->text;
    if (auto date = ocr::parse_date(region->text)) {
      set(field, *date, region->confidence / 100.0);
    } else if (auto from_page = ocr::parse_date(ocr::text_inside(ocr_.symbols, box))) {
      set(field, *from_page, 0.8 * mean_confidence(box) / 100.0);
    }
    return Status::ok();
  }

  LicenceKind kind() const {
    switch (ocr::find_title(ocr_.symbols)) {
      case ocr::Title::kBusinessLicence: return LicenceKind::kBusinessLicence;
      case ocr::Title::kInstitutionCertificate: return LicenceKind::kInstitutionCertificate;
      case ocr::Title::kNone: break;
    }
    // The title is large and often broken by the seal; the labels still tell a licence.
    return ocr::find(labels_, LabelKind::kUscc) != nullptr ? LicenceKind::kBusinessLicence
                                                          : LicenceKind::kUnknown;
  }

 private:
  Result<ocr::RegionText> read(const Box& box, ocr::RegionPass pass, int char_height) {
    return engine_.read_region(page_, box, pass, char_height);
  }

  static void set(LicenceField& field, std::string value, double confidence) {
    field.found = !value.empty();
    field.value = std::move(value);
    field.confidence = std::clamp(confidence, 0.0, 1.0);
  }

  double mean_confidence(const Box& box) const {
    double sum = 0;
    int n = 0;
    for (const ocr::OcrWord& s : ocr_.symbols) {
      const int cx = (s.box.left + s.box.right) / 2;
      const int cy = (s.box.top + s.box.bottom) / 2;
      if (cx >= box.left && cx < box.right && cy >= box.top && cy < box.bottom) {
        sum += s.confidence;
        ++n;
      }
    }
    return n == 0 ? 0.0 : sum / n;
  }

  int label_height(LabelKind kind) const {
    const LabelHit* label = ocr::find(labels_, kind);
    return label != nullptr ? label->char_height : 0;
  }

  int char_height_near(const Box& box) const {
    const int label = label_height(LabelKind::kUscc);
    return label > 0 ? std::min(label, box.height()) : box.height();
  }

  // Page-pass words of at least ten code characters right of the USCC label (same row) or just
  // below it; anywhere in the top third of the page when the label was not found.
  std::vector<Box> code_word_boxes() const {
    const LabelHit* label = ocr::find(labels_, LabelKind::kUscc);
    std::vector<Box> boxes;
    for (const ocr::OcrWord& word : ocr_.words) {
      if (code_like_count(word.text) < 10) continue;
      const Box& b = word.box;
      bool near = false;
      int h = b.height();
      if (label != nullptr) {
        h = label->char_height;
        const int cy = (b.top + b.bottom) / 2;
        const bool right = b.left >= label->box.right - h && b.left <= label->box.right + 4 * h &&
                           cy >= label->box.top - h / 2 && cy <= label->box.bottom + h / 2;
        const bool below = b.top >= label->box.bottom - h / 3 &&
                           b.top <= label->box.bottom + 2 * h && b.left >= label->box.left - 3 * h &&
                           b.left <= label->box.left + 4 * h;
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
  std::vector<Box> code_strips(bool tight) const {
    const LabelHit* label = ocr::find(labels_, LabelKind::kUscc);
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

  ocr::Engine& engine_;
  const ocr::PageImage& page_;
  ocr::OcrPage ocr_;
  std::vector<LabelHit> labels_;
};

std::optional<std::string> non_empty(std::string value) {
  if (value.empty()) return std::nullopt;
  return value;
}

// How many of the labels every licence prints were not found.
int labels_missing(const std::vector<LabelHit>& labels) {
  int missing = 0;
  for (const LabelKind kind : {LabelKind::kUscc, LabelKind::kName, LabelKind::kType,
                               LabelKind::kLegalRep, LabelKind::kEstablished, LabelKind::kTerm,
                               LabelKind::kAddress, LabelKind::kAuthority}) {
    missing += ocr::find(labels, kind) == nullptr ? 1 : 0;
  }
  return missing;
}

bool centre_inside(const Box& inner, const Box& outer) {
  const int cx = (inner.left + inner.right) / 2;
  const int cy = (inner.top + inner.bottom) / 2;
  return cx >= outer.left && cx < outer.right && cy >= outer.top && cy < outer.bottom;
}

// Adds the words and characters of `other` that the first pass did not have at their place.
void merge_into(ocr::OcrPage& into, ocr::OcrPage other) {
  auto add_new = [](std::vector<ocr::OcrWord>& kept, std::vector<ocr::OcrWord>& extra) {
    const std::size_t original = kept.size();
    for (ocr::OcrWord& word : extra) {
      bool seen = false;
      for (std::size_t i = 0; i < original && !seen; ++i) seen = centre_inside(word.box, kept[i].box);
      if (!seen) kept.push_back(std::move(word));
    }
  };
  add_new(into.words, other.words);
  add_new(into.symbols, other.symbols);
  into.text += "\n" + other.text;
}

// [registration] licence_formats: a PNG where only JPEG is accepted is refused like any other
// unaccepted content.
Status format_allowed(const ocr::ImageInfo& info, const OcrOptions& options) {
  const std::string_view name = info.format == ocr::ImageFormat::kPng ? "png" : "jpeg";
  if (std::find(options.formats.begin(), options.formats.end(), name) != options.formats.end()) {
    return Status::ok();
  }
  return Status::refused("licence.format",
                         "the scan is a " + std::string(name) + " image; accepted here: " +
                             [&] {
                               std::string list;
                               for (const std::string& f : options.formats) {
                                 list += (list.empty() ? "" : ", ") + f;
                               }
                               return list.empty() ? std::string("none") : list;
                             }())
      .with_detail("format", std::string(name));
}

Result<LicenceReading> read_checked(std::string_view bytes, const OcrOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto engine = ocr::engine_for_this_thread({options.tessdata_path, options.languages});
  if (!engine) return std::move(engine).take_status();
  auto page = ocr::PageImage::prepare(bytes, options.preprocess);
  if (!page) return std::move(page).take_status();
  // The page pass: sparse segmentation on the plain page first; when it misses labels (uneven
  // light, a watermark), a second pass on the flattened page with automatic segmentation, whose
  // characters fill the gaps of the first. A low-resolution scan (a phone photo, enlarged by
  // prepare) almost never gives its labels to the first, so it starts with the second.
  const bool low_resolution = page->scale() > kLowResolutionScale;
  auto page_ocr = low_resolution
                      ? (*engine)->read_page(*page, ocr::PageImage::Layer::kFlattened,
                                             ocr::Engine::Segmentation::kAuto)
                      : (*engine)->read_page(*page, ocr::PageImage::Layer::kPlain,
                                             ocr::Engine::Segmentation::kSparse);
  if (!page_ocr) return std::move(page_ocr).take_status();
  if (!low_resolution && labels_missing(ocr::find_labels(page_ocr->symbols)) > 0) {
    auto second = (*engine)->read_page(*page, ocr::PageImage::Layer::kFlattened,
                                       ocr::Engine::Segmentation::kAuto);
    if (!second) return std::move(second).take_status();
    merge_into(*page_ocr, std::move(second).value());
  }

  LicenceScan scan(**engine, *page, std::move(page_ocr).value());
  LicenceReading out;
  out.kind = scan.kind();
  if (Status status = scan.read_uscc(out); !status) return status;

  using ocr::RegionPass;
  std::optional<std::string> currency;
  const LicenceScan::Parse name = [](std::string_view t) { return non_empty(ocr::clean_name(t)); };
  const LicenceScan::Parse type = [](std::string_view t) {
    if (auto snapped = ocr::snap_unit_type(t)) return snapped;
    return non_empty(ocr::clean_name(t));
  };
  const LicenceScan::Parse person = [](std::string_view t) { return ocr::clean_person(t); };
  const LicenceScan::Parse capital = [&currency](std::string_view t) -> std::optional<std::string> {
    auto parsed = ocr::parse_capital(t);
    if (!parsed) return std::nullopt;
    currency = parsed->currency;
    return parsed->wan;
  };
  const LicenceScan::Parse date = [](std::string_view t) { return ocr::parse_date(t); };
  const LicenceScan::Parse term = [](std::string_view t) { return ocr::parse_term(t); };
  const LicenceScan::Parse address = [](std::string_view t) { return non_empty(ocr::clean_name(t)); };

  struct FieldStep {
    LabelKind kind;
    RegionPass pass;
    int lines;
    const LicenceScan::Parse* parse;
    LicenceField* field;
  };
  // Every value may wrap (long types, terms, addresses): each is read as a block of up to three
  // lines, ending above the next label of its column.
  const FieldStep steps[] = {
      {LabelKind::kName, RegionPass::kChineseBlock, 2, &name, &out.name},
      {LabelKind::kType, RegionPass::kChineseBlock, 3, &type, &out.type},
      {LabelKind::kLegalRep, RegionPass::kChineseBlock, 2, &person, &out.legal_rep},
      {LabelKind::kCapital, RegionPass::kChineseBlock, 2, &capital, &out.registered_capital},
      {LabelKind::kEstablished, RegionPass::kChineseBlock, 2, &date, &out.established},
      {LabelKind::kTerm, RegionPass::kChineseBlock, 3, &term, &out.term},
      {LabelKind::kAddress, RegionPass::kChineseBlock, 3, &address, &out.address},
  };
  for (const FieldStep& step : steps) {
    if (Status status = scan.read_field(step.kind, step.pass, step.lines, *step.parse, *step.field);
        !status) {
      return status;
    }
  }
  if (out.registered_capital.found && currency) out.capital_currency = *currency;
  if (Status status = scan.read_issue_date(out.issue_date); !status) return status;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace

std::string_view to_string(LicenceKind kind) {
  switch (kind) {
    case LicenceKind::kBusinessLicence: return "business_licence";
    case LicenceKind::kInstitutionCertificate: return "institution_certificate";
    case LicenceKind::kUnknown: break;
  }
  return "unknown";
}

std::string_view to_string(UsccSource source) {
  switch (source) {
    case UsccSource::kAsRead: return "as_read";
    case UsccSource::kConfirmed: return "confirmed";
    case UsccSource::kCorrected: return "corrected";
  }
  return "corrected";
}

const std::vector<std::string>& licence_field_names() {
  static const std::vector<std::string> names = {
      "uscc", "name", "type", "legal_rep", "registered_capital", "established",
      "term", "address", "authority", "issue_date"};
  return names;
}

const LicenceField* licence_field(const LicenceReading& reading, std::string_view name) {
  if (name == "name") return &reading.name;
  if (name == "type") return &reading.type;
  if (name == "legal_rep") return &reading.legal_rep;
  if (name == "registered_capital") return &reading.registered_capital;
  if (name == "established") return &reading.established;
  if (name == "term") return &reading.term;
  if (name == "address") return &reading.address;
  if (name == "authority") return &reading.authority;
  if (name == "issue_date") return &reading.issue_date;
  return nullptr;
}

Result<LicenceReading> read_licence(std::string_view image_bytes, const OcrOptions& options) {
  auto info = ocr::inspect_image(image_bytes, options.max_bytes, options.max_pixels);
  if (!info) return std::move(info).take_status();
  if (Status allowed = format_allowed(*info, options); !allowed) return allowed;
  return read_checked(image_bytes, options);
}

Result<LicenceReading> read_licence_file(const std::string& path, const OcrOptions& options) {
  auto info = ocr::inspect_image_file(path, options.max_bytes, options.max_pixels);
  if (!info) return std::move(info).take_status();
  if (Status allowed = format_allowed(*info, options); !allowed) return allowed;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) {
    return Status::invalid_input("licence.read", "cannot read " + path).with_detail("path", path);
  }
  return read_checked(bytes.str(), options);
}

}  // namespace ciie
