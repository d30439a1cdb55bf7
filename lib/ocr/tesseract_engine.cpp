// The Tesseract engine: Leptonica decoding and preprocessing, the page pass and the region pass.
// Every Pix is owned by a PixPtr so that no path leaks one. See docs/ocr-engine.md.
#include "ocr/tesseract_engine.hpp"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <utility>

namespace ciie::ocr {
namespace {

constexpr const char* kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";
constexpr float kTargetCharHeight = 48.0F;  // ocr-notes §2: ~48 px characters for the code pass
constexpr float kMaxScale = 4.0F;
constexpr int kRegionBorder = 16;  // white margin around a crop: Tesseract reads edges badly

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct BoxDeleter {
  void operator()(Box* box) const { boxDestroy(&box); }
};
using BoxPtr = std::unique_ptr<Box, BoxDeleter>;

// Frees the char* Tesseract hands out with new[].
struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};
using TextPtr = std::unique_ptr<char, TextDeleter>;

std::string take_text(char* text) {
  TextPtr owned(text);
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

// Tesseract aborts or crashes on some missing-model paths, so the file is checked first.
Status check_language(const std::string& tessdata, const std::string& language) {
  const std::filesystem::path file = std::filesystem::path(tessdata) / (language + ".traineddata");
  std::error_code error;
  if (std::filesystem::is_regular_file(file, error)) return Status::ok();
  return Status::external("ocr.language",
                          "the OCR language '" + language + "' is not installed: looked for " +
                              file.string() + "; Debian's tesseract-ocr-" + language +
                              " package provides it (or set the tessdata path)")
      .with_detail("language", language)
      .with_detail("tessdata", tessdata);
}

// Initialises `api` for `languages` with the LSTM engine; quiet on stderr where Tesseract allows.
Status init_api(tesseract::TessBaseAPI& api, const std::string& tessdata,
                const std::string& languages) {
  if (api.Init(tessdata.c_str(), languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::external("ocr.engine", "Tesseract could not load '" + languages + "' from " +
                                              tessdata);
  }
  api.SetVariable("debug_file", "/dev/null");
  return Status::ok();
}

// Decodes PNG/JPEG bytes. Unknown content is refused before Leptonica tries (and complains).
Result<PixPtr> decode(std::string_view bytes) {
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN;
  if (bytes.size() < 12 || findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN) {
    return Status::refused("licence.format", "the scan is not an image Leptonica can decode");
  }
  PixPtr pix(pixReadMem(data, bytes.size()));
  if (!pix) return Status::refused("licence.format", "the scan could not be decoded");
  return pix;
}

// 8-bit grey from the red channel: the red seal turns near-white while black print stays black
// (ocr-notes table, "red channel only"). Images without colour are converted as they are.
PixPtr red_as_grey(Pix* pix) {
  PixPtr full;
  if (pixGetColormap(pix) != nullptr) {
    full.reset(pixRemoveColormap(pix, REMOVE_CMAP_TO_FULL_COLOR));
    if (!full) return nullptr;
    pix = full.get();
  }
  if (pixGetDepth(pix) == 32) return PixPtr(pixGetRGBComponent(pix, COLOR_RED));
  if (pixGetDepth(pix) == 8) return PixPtr(pixClone(pix));
  return PixPtr(pixConvertTo8(pix, 0));
}

// The page as both passes see it: red channel as grey, then deskewed. Deterministic, so word boxes
// from read_page() are valid coordinates for read_region().
Result<PixPtr> preprocess(std::string_view bytes) {
  auto decoded = decode(bytes);
  if (!decoded) return std::move(decoded).take_status();
  PixPtr grey = red_as_grey(decoded->get());
  if (!grey) return Status::refused("licence.format", "the scan's pixel format is not supported");
  l_float32 angle = 0.0F;
  l_float32 confidence = 0.0F;
  // A clone when no skew is found or the search fails; then the grey page is used unchanged.
  PixPtr deskewed(pixFindSkewAndDeskew(grey.get(), 2, &angle, &confidence));
  return deskewed ? std::move(deskewed) : std::move(grey);
}

// Tesseract warns and guesses on images without a resolution; a licence scan is about 150 dpi.
void set_resolution(tesseract::TessBaseAPI& api, Pix* pix) {
  if (pixGetXRes(pix) < 70) api.SetSourceResolution(150);
}

std::vector<OcrWord> collect_words(tesseract::TessBaseAPI& api) {
  std::vector<OcrWord> words;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return words;
  int line = -1;
  do {
    if (it->Empty(tesseract::RIL_WORD)) continue;
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
    OcrWord word;
    word.text = take_text(it->GetUTF8Text(tesseract::RIL_WORD));
    it->BoundingBox(tesseract::RIL_WORD, &word.left, &word.top, &word.right, &word.bottom);
    word.confidence = it->Confidence(tesseract::RIL_WORD);
    word.line = std::max(line, 0);
    words.push_back(std::move(word));
  } while (it->Next(tesseract::RIL_WORD));
  return words;
}

// Scale factor bringing `char_height` pixels to ~48, never shrinking and at most 4×.
float region_scale(int char_height) {
  if (char_height <= 0) return 1.0F;
  return std::clamp(kTargetCharHeight / static_cast<float>(char_height), 1.0F, kMaxScale);
}

// Crops, enlarges and pads the region. Null when the box does not meet the page.
PixPtr prepare_region(Pix* page, int left, int top, int right, int bottom, int char_height) {
  const int width = static_cast<int>(pixGetWidth(page));
  const int height = static_cast<int>(pixGetHeight(page));
  left = std::max(left, 0);
  top = std::max(top, 0);
  right = std::min(right, width);
  bottom = std::min(bottom, height);
  if (right <= left || bottom <= top) return nullptr;
  BoxPtr box(boxCreate(left, top, right - left, bottom - top));
  PixPtr crop(pixClipRectangle(page, box.get(), nullptr));
  if (!crop) return nullptr;
  const float scale = region_scale(char_height > 0 ? char_height : bottom - top);
  PixPtr scaled(scale > 1.0F ? pixScale(crop.get(), scale, scale) : pixClone(crop.get()));
  if (!scaled) return nullptr;
  return PixPtr(pixAddBorder(scaled.get(), kRegionBorder, 255));
}

Status engine_failure(const char* pass) {
  return Status::external("ocr.engine", std::string("Tesseract failed on the ") + pass);
}

}  // namespace

struct Engine::Impl {
  std::string tessdata;
  std::string languages;
  tesseract::TessBaseAPI page_api;
  tesseract::TessBaseAPI region_api;
  bool region_ready = false;

  // Initialises the eng handle on first use: a caller that only reads pages never pays for it.
  Status ensure_region_api() {
    if (region_ready) return Status::ok();
    Status status = init_api(region_api, tessdata, "eng");
    if (!status) return status;
    region_api.SetVariable("thresholding_method", "2");      // Sauvola: ocr-notes §2, §4
    region_ready = true;
    return Status::ok();
  }
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() {
  if (!impl_) return;
  impl_->page_api.End();
  impl_->region_api.End();
}

Result<std::unique_ptr<Engine>> Engine::create(const EngineConfig& config) {
  auto impl = std::make_unique<Impl>();
  impl->tessdata = resolve_tessdata(config.tessdata_path);
  impl->languages = config.languages;
  std::vector<std::string> languages = split_languages(config.languages);
  if (languages.empty()) {
    return Status::external("ocr.language", "no OCR language configured (e.g. chi_sim)");
  }
  languages.emplace_back("eng");  // the region pass
  for (const std::string& language : languages) {
    Status status = check_language(impl->tessdata, language);
    if (!status) return status;
  }
  Status status = init_api(impl->page_api, impl->tessdata, impl->languages);
  if (!status) return status;
  impl->page_api.SetPageSegMode(tesseract::PSM_AUTO);  // psm 3
  // Otsu: Sauvola helps the code but hurts the Chinese fields on clean scans (ocr-notes §4).
  impl->page_api.SetVariable("thresholding_method", "0");
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Result<OcrPage> Engine::read_page(std::string_view image_bytes) {
  auto page = preprocess(image_bytes);
  if (!page) return std::move(page).take_status();
  tesseract::TessBaseAPI& api = impl_->page_api;
  api.SetImage(page->get());
  set_resolution(api, page->get());
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return engine_failure("page pass");
  }
  OcrPage result;
  result.text = take_text(api.GetUTF8Text());
  result.words = collect_words(api);
  result.width = static_cast<int>(pixGetWidth(page->get()));
  result.height = static_cast<int>(pixGetHeight(page->get()));
  api.Clear();  // drops Tesseract's reference to the page before ours is destroyed
  return result;
}

Result<std::string> Engine::read_region(std::string_view image_bytes, int left, int top,
                                        int right, int bottom, std::string_view whitelist,
                                        int char_height) {
  Status ready = impl_->ensure_region_api();
  if (!ready) return ready;
  auto page = preprocess(image_bytes);
  if (!page) return std::move(page).take_status();
  PixPtr region = prepare_region(page->get(), left, top, right, bottom, char_height);
  if (!region) return Status::internal("read_region: the box does not meet the page");
  tesseract::TessBaseAPI& api = impl_->region_api;
  api.SetVariable("tessedit_char_whitelist", std::string(whitelist).c_str());
  // psm 7 when the box holds one line, psm 6 when it spans more (the code line and the one below).
  const bool one_line = char_height <= 0 || bottom - top < 2 * char_height;
  api.SetPageSegMode(one_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK);
  api.SetImage(region.get());
  set_resolution(api, region.get());
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return engine_failure("region pass");
  }
  std::string text = take_text(api.GetUTF8Text());
  api.Clear();
  return text;
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
