// The benchmark's reference: plain Tesseract as a naive integration would use it — the whole
// scan as decoded, chi_sim+eng, LSTM, page segmentation 3, no preprocessing — and a regex/label
// extraction of the code, the name and the address from the page text.
// Thread-safety: a PlainTesseract is used by one thread at a time (one per worker).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tesseract {
class TessBaseAPI;
}

namespace bench {

// What the naive extraction found in one page text. Empty strings when not found.
struct BaselineFields {
  std::string uscc;     // the first maximal run of exactly 18 [0-9A-Z] (spaces removed); no checks
  std::string name;     // the rest of the line after 名称, spaces removed
  std::string address;  // the rest of the line after 住所 (or 经营场所), spaces removed
};

// The extraction alone, on the text GetUTF8Text() returned.
BaselineFields extract_baseline_fields(std::string_view page_text);

class PlainTesseract {
 public:
  // Loads chi_sim+eng from `tessdata_path` (empty: Tesseract's own default, $TESSDATA_PREFIX or
  // the compiled-in path). Returns nullptr and sets `error` when Init fails.
  static std::unique_ptr<PlainTesseract> create(const std::string& tessdata_path,
                                                std::string& error);
  ~PlainTesseract();
  PlainTesseract(const PlainTesseract&) = delete;
  PlainTesseract& operator=(const PlainTesseract&) = delete;

  // pixRead + SetImage + GetUTF8Text on the file; nullopt when the file does not decode or
  // recognition fails.
  std::optional<std::string> page_text(const std::string& path);

 private:
  explicit PlainTesseract(std::unique_ptr<tesseract::TessBaseAPI> api);
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace bench
