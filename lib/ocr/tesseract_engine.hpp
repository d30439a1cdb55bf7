// The Tesseract engine behind the OCR module (internal to libciie): a whole-page pass giving word
// boxes, and a targeted pass on one region (the USCC line). Passes and settings: docs/ocr-engine.md.
// Thread-safety: an Engine is used by one thread at a time; engine_for_this_thread() gives each.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie::ocr {

// One recognised word. The box is in the coordinates of the preprocessed page (after deskew),
// which read_region() reproduces, so a box from read_page() can be handed to read_region().
struct OcrWord {
  std::string text;  // UTF-8
  int left = 0;
  int top = 0;
  int right = 0;   // exclusive
  int bottom = 0;  // exclusive
  float confidence = 0.0F;  // Tesseract's 0–100
  int line = 0;             // 0-based text-line index in reading order
};

struct OcrPage {
  std::vector<OcrWord> words;
  std::string text;  // the whole page, lines separated by '\n'
  int width = 0;     // of the preprocessed page
  int height = 0;
};

struct EngineConfig {
  // The directory holding <lang>.traineddata; empty: $TESSDATA_PREFIX, else Debian's
  // /usr/share/tesseract-ocr/5/tessdata.
  std::string tessdata_path;
  // Page-pass languages, '+'-separated. chi_sim alone: twice as fast as chi_sim+eng and better on
  // short Chinese values (ocr-notes §5). The region pass always uses eng.
  std::string languages = "chi_sim";
};

// Owns two Tesseract handles (page pass: config.languages; region pass: eng). Loading a model
// costs 0.2–0.5 s, so keep an Engine and reuse it. Not thread-safe: one thread at a time.
class Engine {
 public:
  // Fails with `ocr.language` (Code::kExternal) when a language's .traineddata (including eng, for
  // the region pass) is missing — checked before Tesseract sees it — and `ocr.engine` when
  // Tesseract cannot initialise anyway. The eng handle is initialised on first read_region().
  static Result<std::unique_ptr<Engine>> create(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The whole page: red channel as grey (hides the red seal), deskew, page segmentation 3 (auto),
  // Tesseract's default (Otsu) thresholding. `licence.format` when the bytes do not decode;
  // `ocr.engine` when recognition fails. Does not check sizes: run inspect_image() first.
  Result<OcrPage> read_page(std::string_view image_bytes);

  // Text inside [left, right) × [top, bottom) of the preprocessed page (same preprocessing as
  // read_page). The crop is enlarged so characters are ~48 px tall, estimated from `char_height`
  // (0: the box is one text line, so its height), then read with eng, psm 6 (a block of lines),
  // Sauvola thresholding and `whitelist` (empty: no whitelist). A box outside the page is a
  // caller bug (Code::kInternal). Errors otherwise as read_page.
  Result<std::string> read_region(std::string_view image_bytes, int left, int top, int right,
                                  int bottom, std::string_view whitelist, int char_height = 0);

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
