// The Tesseract engine: the page pass and the region passes over a prepared PageImage. Settings
// and the measurements behind them: docs/ocr.md.
#include "ocr/tesseract_engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

namespace ciie::ocr {
namespace {

constexpr const char* kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";
constexpr const char* kCodeLanguage = "eng";
constexpr double kMaxEnlargement = 4.0;
constexpr int kRegionBorder = 16;  // white margin around a crop: Tesseract reads edges badly
// Character heights the region passes aim for. The code pass follows the notes (~48 px, eng);
// Chinese glyphs are read best at ~32 px with the Debian (fast) models (measured on the
// development scans: 40 px lost a third of the names, 26 px traded names for addresses).
constexpr double kCodeCharHeight = 48.0;
constexpr double kChineseCharHeight = 32.0;

// Frees the char* Tesseract hands out with new[].
std::string take_text(char* text) {
  std::unique_ptr<char[]> owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

std::string resolve_tessdata(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
    return prefix;
  }
  return kDebianTessdata;
}

std::vector<std::string> split_languages(std::string_view languages) {
  std::vector<std::string> out;
  while (!languages.empty()) {
    const std::size_t plus = languages.find('+');
    const std::string_view one = languages.substr(0, plus);
    if (!one.empty()) out.emplace_back(one);
    if (plus == std::string_view::npos) break;
    languages.remove_prefix(plus + 1);
  }
  return out;
}

Status check_language(const std::string& tessdata, const std::string& language) {
  const std::filesystem::path file = std::filesystem::path(tessdata) / (language + ".traineddata");
  std::error_code error;
  if (std::filesystem::is_regular_file(file, error)) return Status::ok();
  return Status::external("ocr.language", "the OCR language '" + language +
                                              "' is not installed: looked for " + file.string() +
                                              "; Debian's tesseract-ocr-" + language +
                                              " package provides it (or set [ocr] tessdata)")
      .with_detail("language", language)
      .with_detail("tessdata", tessdata);
}

Status init_api(tesseract::TessBaseAPI& api, const std::string& tessdata,
                const std::string& languages) {
  if (api.Init(tessdata.c_str(), languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::external("ocr.engine",
                            "Tesseract could not load '" + languages + "' from " + tessdata);
  }
  api.SetVariable("debug_file", "/dev/null");
  return Status::ok();
}

// Tesseract warns and guesses on images without a resolution; a licence scan is about 150 dpi.
void set_resolution(tesseract::TessBaseAPI& api, Pix* pix) {
  if (pixGetXRes(pix) < 70) api.SetSourceResolution(150);
}

OcrWord word_at(const tesseract::ResultIterator& it, tesseract::PageIteratorLevel level, int line) {
  OcrWord word;
  word.text = take_text(it.GetUTF8Text(level));
  it.BoundingBox(level, &word.box.left, &word.box.top, &word.box.right, &word.box.bottom);
  word.confidence = it.Confidence(level);
  word.line = std::max(line, 0);
  return word;
}

// Words, and with `symbols` every character, in reading order.
void collect(tesseract::TessBaseAPI& api, std::vector<OcrWord>* words,
             std::vector<OcrWord>* symbols) {
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return;
  int line = -1;
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
    if (it->IsAtBeginningOf(tesseract::RIL_WORD) && words != nullptr) {
      words->push_back(word_at(*it, tesseract::RIL_WORD, line));
    }
    if (symbols != nullptr) symbols->push_back(word_at(*it, tesseract::RIL_SYMBOL, line));
  } while (it->Next(tesseract::RIL_SYMBOL));
}

Status engine_failure(const char* pass) {
  return Status::external("ocr.engine", std::string("Tesseract failed on the ") + pass);
}

}  // namespace

struct Engine::Impl {
  std::string tessdata;
  tesseract::TessBaseAPI text_api;  // the page and the Chinese fields
  tesseract::TessBaseAPI code_api;  // the code line
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() {
  if (!impl_) return;
  impl_->text_api.End();
  impl_->code_api.End();
}

Result<std::unique_ptr<Engine>> Engine::create(const EngineConfig& config) {
  auto impl = std::make_unique<Impl>();
  impl->tessdata = resolve_tessdata(config.tessdata_path);
  const std::vector<std::string> languages = split_languages(config.languages);
  std::string text_languages;
  bool has_code_language = false;
  for (const std::string& language : languages) {
    Status status = check_language(impl->tessdata, language);
    if (!status) return status;
    if (language == kCodeLanguage) {
      has_code_language = true;
    } else {
      text_languages += (text_languages.empty() ? "" : "+") + language;
    }
  }
  if (text_languages.empty() || !has_code_language) {
    return Status::external("ocr.language",
                            "[ocr] languages must name a pack for the Chinese text and eng for "
                            "the code line (e.g. chi_sim+eng), not '" +
                                config.languages + "'")
        .with_detail("languages", config.languages);
  }
  Status status = init_api(impl->text_api, impl->tessdata, text_languages);
  if (!status) return status;
  // Otsu for Chinese text: Sauvola helps the code but hurts the Chinese fields (ocr-notes §4).
  impl->text_api.SetVariable("thresholding_method", "0");
  status = init_api(impl->code_api, impl->tessdata, kCodeLanguage);
  if (!status) return status;
  impl->code_api.SetVariable("thresholding_method", "2");  // Sauvola: ocr-notes §2
  impl->code_api.SetVariable("tessedit_char_whitelist", std::string(kUsccCharacters).c_str());
  impl->code_api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Result<OcrPage> Engine::read_page(const PageImage& page, PageImage::Layer layer,
                                  Segmentation segmentation) {
  tesseract::TessBaseAPI& api = impl_->text_api;
  api.SetPageSegMode(segmentation == Segmentation::kSparse ? tesseract::PSM_SPARSE_TEXT
                                                           : tesseract::PSM_AUTO);
  api.SetImage(page.pix(layer));
  set_resolution(api, page.pix());
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return engine_failure("page pass");
  }
  OcrPage result;
  result.text = take_text(api.GetUTF8Text());
  collect(api, &result.words, &result.symbols);
  api.Clear();  // drops Tesseract's reference to the page
  return result;
}

Result<RegionText> Engine::read_region(const PageImage& page, Box box, RegionPass pass,
                                       int char_height) {
  const bool code = pass == RegionPass::kCode || pass == RegionPass::kCodeGlobal;
  const double target = code ? kCodeCharHeight : kChineseCharHeight;
  const double factor =
      char_height > 0 ? std::clamp(target / char_height, 1.0, kMaxEnlargement) : 1.0;
  // Crops come from the plain page: Sauvola (code) and Otsu on a small crop adapt to the light
  // by themselves, and the flattened page has dark patches beside dense bold print.
  PixPtr region = page.crop(box, factor, kRegionBorder, PageImage::Layer::kPlain);
  if (!region) return RegionText{};
  tesseract::TessBaseAPI& api = code ? impl_->code_api : impl_->text_api;
  if (code) {
    api.SetVariable("thresholding_method", pass == RegionPass::kCodeGlobal ? "0" : "2");
  } else {
    api.SetPageSegMode(pass == RegionPass::kChineseBlock ? tesseract::PSM_SINGLE_BLOCK
                                                         : tesseract::PSM_SINGLE_LINE);
  }
  api.SetImage(region.get());
  set_resolution(api, region.get());
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return engine_failure("region pass");
  }
  RegionText result;
  result.text = take_text(api.GetUTF8Text());
  while (!result.text.empty() && (result.text.back() == '\n' || result.text.back() == ' ')) {
    result.text.pop_back();
  }
  collect(api, &result.words, nullptr);
  float sum = 0.0F;
  for (const OcrWord& word : result.words) sum += word.confidence;
  result.confidence = result.words.empty() ? 0.0F : sum / static_cast<float>(result.words.size());
  api.Clear();
  return result;
}

Result<Engine*> engine_for_this_thread(const EngineConfig& config) {
  struct Cached {
    std::string tessdata_path;
    std::string languages;
    std::unique_ptr<Engine> engine;
  };
  // A few entries at most (one per distinct config); destroyed when the thread exits.
  thread_local std::vector<Cached> cache;
  for (const Cached& entry : cache) {
    if (entry.tessdata_path == config.tessdata_path && entry.languages == config.languages) {
      return entry.engine.get();
    }
  }
  auto created = Engine::create(config);
  if (!created) return std::move(created).take_status();
  cache.push_back({config.tessdata_path, config.languages, std::move(created).value()});
  return cache.back().engine.get();
}

}  // namespace ciie::ocr
