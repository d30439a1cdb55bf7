// One licence being read: the prepared page, its page-pass OCR and the labels found on it, and
// the steps that read the code and each field from them (the region passes). Internal to
// libciie; the pipeline around it is licence_reader.cpp, the rules docs/ocr.md.
// Thread-safety: a LicenceScan belongs to the thread that reads the scan.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/ocr.hpp"

#include "ocr/licence_layout.hpp"
#include "ocr/page_image.hpp"
#include "ocr/tesseract_engine.hpp"

namespace ciie::ocr {

class LicenceScan {
 public:
  // `labels` are find_labels() of `ocr_page`; the scan completes them (complete_labels).
  // `engine` and `page` must outlive the scan.
  LicenceScan(Engine& engine, const PageImage& page, OcrPage ocr_page,
              std::vector<LabelHit> labels);

  // The code cascade: the page text, then tight crops of code-like words near the label, then
  // the strips right of and below it, then tighter strips at a smaller scale, each only while
  // the code is not read as printed or confirmed. Sets out.uscc and its source, corrections and
  // confidence. Errors: licence.unreadable, ocr.engine.
  Status read_uscc(LicenceReading& out);

  // One field: the region pass over its value box (a block of up to `lines` lines) and the page
  // pass's characters in the same box, each through `parse` (nullopt for text that is not a
  // value of the field); the more trustworthy parsed reading is kept. A field whose label was
  // not found stays not found. Errors: ocr.engine.
  using Parse = std::function<std::optional<std::string>(std::string_view)>;
  Status read_field(LabelKind kind, RegionPass pass, int lines, const Parse& parse,
                    LicenceField& field);

  // The date printed under 登记机关 (the seal sits on it; the red channel has hidden the seal).
  Status read_issue_date(LicenceField& field);

  // The document's kind from its title (营业执照, 事业单位法人证书), else from its labels.
  LicenceKind kind() const;

 private:
  Result<RegionText> read(const Box& box, RegionPass pass, int char_height);

  static void set(LicenceField& field, std::string value, double confidence);
  // The mean confidence (0–100) of the page pass's characters inside `box`.
  double mean_confidence(const Box& box) const;
  // The character height of the label of `kind`, 0 when it was not found.
  int label_height(LabelKind kind) const;
  int char_height_near(const Box& box) const;

  // Page-pass words of at least ten code characters right of the USCC label (same row) or just
  // below it; anywhere in the top third of the page when the label was not found.
  std::vector<Box> code_word_boxes() const;

  // The strips where the code is printed: right of the label (2016 layout) and below it (2019).
  // `tight` keeps to the label's own rows, clear of the title below and the lines around.
  std::vector<Box> code_strips(bool tight) const;

  Engine& engine_;
  const PageImage& page_;
  OcrPage ocr_;
  std::vector<LabelHit> labels_;
};

}  // namespace ciie::ocr
