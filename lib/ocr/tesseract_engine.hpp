// The Tesseract engine behind the OCR module (internal to libciie): a page pass giving word and
// character boxes, and a text pass on one region of the page (a field's value, the code line).
// Passes and settings: docs/ocr.md. Thread-safety: an Engine is used by one thread at a time;
// engine_for_this_thread() gives each thread its own.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

#include "ocr/page_image.hpp"

namespace ciie::ocr {

// One recognised word or character, in page coordinates.
struct OcrWord {
  std::string text;  // UTF-8
  Box box;
  float confidence = 0.0F;  // Tesseract's 0–100
  int line = 0;             // 0-based text-line index in Tesseract's reading order
};

struct OcrPage {
  std::vector<OcrWord> words;
  std::vector<OcrWord> symbols;  // every character, with its own box (labels come out spaced)
  std::string text;              // the whole page, lines separated by '\n'
};

// The text of one region.
struct RegionText {
  std::string text;            // lines separated by '\n', trailing newline removed
  float confidence = 0.0F;     // the mean word confidence, 0–100 (0 when nothing was read)
  std::vector<OcrWord> words;  // boxes in the enlarged crop's coordinates
};

// What a region pass reads.
enum class RegionPass {
  kChineseLine,   // one line of Chinese text (psm 7)
  kChineseBlock,  // several lines (psm 6): the address, which wraps
  kCode,          // the code line: eng, the 31 USCC characters, Sauvola thresholding (psm 7)
  kCodeGlobal,    // the same with Otsu thresholding: a second opinion on blurred, noisy codes
};

struct EngineConfig {
  // The directory holding <lang>.traineddata; empty: $TESSDATA_PREFIX, else Debian's
  // /usr/share/tesseract-ocr/5/tessdata.
  std::string tessdata_path;
  // The packs, '+'-separated (OcrOptions::languages). The page and Chinese passes use every pack
  // but eng; the code pass uses eng. Both kinds must be present.
  std::string languages = "chi_sim+eng";
};

// Owns two Tesseract handles (Chinese text; the code line). Loading a model costs 0.2–0.5 s, so
// keep an Engine and reuse it. Not thread-safe: one thread at a time.
class Engine {
 public:
  // Fails with `ocr.language` (Code::kExternal) when a pack's .traineddata is missing (checked
  // before Tesseract sees it: it aborts on some missing-model paths) or when the languages lack
  // eng or a text pack, and `ocr.engine` when Tesseract cannot initialise anyway.
  static Result<std::unique_ptr<Engine>> create(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // How the page pass finds text: kSparse (psm 11) finds the spaced labels of a form best on an
  // evenly lit page; kAuto (psm 3) copes better with watermarks and uneven light.
  enum class Segmentation { kSparse, kAuto };
  // The whole page (the given layer), Otsu thresholding, the text packs. Errors: ocr.engine.
  Result<OcrPage> read_page(const PageImage& page, PageImage::Layer layer,
                            Segmentation segmentation);

  // The text inside `box` (clamped to the page). The crop is enlarged so characters are about
  // `target_height` px tall, estimated from `char_height` (never shrunk, at most 4×), and given a
  // white border. An empty RegionText when the box misses the page. Errors: ocr.engine.
  Result<RegionText> read_region(const PageImage& page, Box box, RegionPass pass, int char_height);

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// This thread's engine for `config`, created on the first call and reused by later calls with an
// equal config (each thread has its own, as an Engine is single-threaded). It lives until the
// thread exits. A failure is not cached: the next call tries again.
Result<Engine*> engine_for_this_thread(const EngineConfig& config);

// The 31 characters a USCC may contain (GB 32100: digits and capitals without I O Z S V).
inline constexpr std::string_view kUsccCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace ciie::ocr
