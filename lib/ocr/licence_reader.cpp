// read_licence(): the pipeline behind the public OCR API. Input checks, the page pass (or two)
// for the layout, then the scan's steps (licence_scan.cpp): the code cascade and one region pass
// per field. Steps: docs/ocr.md.
#include <algorithm>
#include <chrono>
#include <functional>

#include "ciie/ocr.hpp"

#include "ocr/field_text.hpp"
#include "ocr/image_check.hpp"
#include "ocr/licence_layout.hpp"
#include "ocr/licence_scan.hpp"
#include "ocr/page_image.hpp"
#include "ocr/tesseract_engine.hpp"

namespace ciie {
namespace {

using ocr::Box;
using ocr::LabelHit;
using ocr::LabelKind;
using ocr::LicenceScan;

// Scans enlarged more than this by PageImage::prepare count as low-resolution photos.
constexpr double kLowResolutionScale = 1.2;

std::optional<std::string> non_empty(std::string value) {
  if (value.empty()) return std::nullopt;
  return value;
}

// How many of the labels every licence prints were not found.
int labels_missing(const std::vector<LabelHit>& labels) {
  int missing = 0;
  for (const LabelKind kind :
       {LabelKind::kUscc, LabelKind::kName, LabelKind::kType, LabelKind::kLegalRep,
        LabelKind::kEstablished, LabelKind::kTerm, LabelKind::kAddress, LabelKind::kAuthority}) {
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
      for (std::size_t i = 0; i < original && !seen; ++i)
        seen = centre_inside(word.box, kept[i].box);
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
  return Status::refused(
             "licence.format", "the scan is a " + std::string(name) + " image; accepted here: " +
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
  auto page_ocr = low_resolution ? (*engine)->read_page(*page, ocr::PageImage::Layer::kFlattened,
                                                        ocr::Engine::Segmentation::kAuto)
                                 : (*engine)->read_page(*page, ocr::PageImage::Layer::kPlain,
                                                        ocr::Engine::Segmentation::kSparse);
  if (!page_ocr) return std::move(page_ocr).take_status();
  std::vector<LabelHit> labels = ocr::find_labels(page_ocr->symbols);
  if (!low_resolution && labels_missing(labels) > 0) {
    auto second = (*engine)->read_page(*page, ocr::PageImage::Layer::kFlattened,
                                       ocr::Engine::Segmentation::kAuto);
    if (!second) return std::move(second).take_status();
    merge_into(*page_ocr, std::move(second).value());
    labels = ocr::find_labels(page_ocr->symbols);
  }

  LicenceScan scan(**engine, *page, std::move(page_ocr).value(), std::move(labels));
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
  const LicenceScan::Parse address = [](std::string_view t) {
    return non_empty(ocr::clean_name(t));
  };

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
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace

Result<LicenceReading> read_licence(std::string_view image_bytes, const OcrOptions& options) {
  auto info = ocr::inspect_image(image_bytes, options.max_bytes, options.max_pixels);
  if (!info) return std::move(info).take_status();
  if (Status allowed = format_allowed(*info, options); !allowed) return allowed;
  return read_checked(image_bytes, options);
}

Result<LicenceReading> read_licence_file(const std::string& path, const OcrOptions& options) {
  // Read once, bounded by the size limit; the checks and the recognition see the same bytes.
  auto bytes = ocr::read_scan_file(path, options.max_bytes);
  if (!bytes) return std::move(bytes).take_status();
  return read_licence(*bytes, options);
}

}  // namespace ciie
