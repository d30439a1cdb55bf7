// ocr::Engine and ocr::PageImage on Debian's Tesseract 5.3 and language packs: refusals before
// Tesseract starts, a region pass on a known box of a synthetic licence, and one cached engine per
// thread.
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "ocr/page_image.hpp"
#include "ocr/tesseract_engine.hpp"

namespace ocr = ciie::ocr;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string licence_path(const std::string& file) {
  return std::string(CIIE_SOURCE_DIR "/tests/data/licences/") + file;
}

ocr::Engine& shared_engine() {
  auto engine = ocr::engine_for_this_thread(ocr::EngineConfig{});
  REQUIRE(engine.is_ok());
  return **engine;
}

}  // namespace

TEST_CASE("Engine::create: a missing language is ocr.language, before Tesseract",
          "[ocr][tesseract]") {
  ocr::EngineConfig config;
  config.languages = "xxx+eng";
  auto engine = ocr::Engine::create(config);
  REQUIRE_FALSE(engine.is_ok());
  CHECK(engine.status().reason() == "ocr.language");
  CHECK(engine.status().code() == ciie::Code::kExternal);
  CHECK(engine.status().message().find("tesseract-ocr-xxx") != std::string::npos);

  config.languages = "chi_sim+xxx";
  auto mixed = ocr::Engine::create(config);
  REQUIRE_FALSE(mixed.is_ok());
  CHECK(mixed.status().reason() == "ocr.language");
}

TEST_CASE("Engine::create: both a text pack and eng are needed", "[ocr][tesseract]") {
  for (const char* languages : {"chi_sim", "eng", ""}) {
    ocr::EngineConfig config;
    config.languages = languages;
    auto engine = ocr::Engine::create(config);
    REQUIRE_FALSE(engine.is_ok());
    CHECK(engine.status().reason() == "ocr.language");
  }
}

TEST_CASE("Engine::create: a bogus tessdata path is ocr.language", "[ocr][tesseract]") {
  ocr::EngineConfig config;
  config.tessdata_path = "/nonexistent/tessdata";
  auto engine = ocr::Engine::create(config);
  REQUIRE_FALSE(engine.is_ok());
  CHECK(engine.status().reason() == "ocr.language");
  CHECK(engine.status().message().find("/nonexistent/tessdata") != std::string::npos);
  // Not cached: the thread's engine for a bogus path fails each time.
  CHECK_FALSE(ocr::engine_for_this_thread(config).is_ok());
}

TEST_CASE("PageImage: bytes that are no image are licence.format", "[ocr][tesseract]") {
  for (const std::string& bytes : {std::string("not an image at all, just text"), std::string(),
                                   std::string("\x89PNG\r\n\x1a\n garbage after the signature")}) {
    for (const bool preprocess : {true, false}) {
      auto page = ocr::PageImage::prepare(bytes, preprocess);
      REQUIRE_FALSE(page.is_ok());
      CHECK(page.status().reason() == "licence.format");
    }
  }
}

TEST_CASE("PageImage: a clean 1280 px scan keeps its size and crops outside the page are null",
          "[ocr][tesseract]") {
  auto page = ocr::PageImage::prepare(slurp(licence_path("lic0000.jpg")), true);
  REQUIRE(page.is_ok());
  CHECK(page->width() == 1280);
  CHECK(page->scale() == 1.0);
  CHECK(page->crop({2000, 2000, 2100, 2100}, 1.0, 4, ocr::PageImage::Layer::kPlain) == nullptr);
  CHECK(page->crop({10, 10, 50, 30}, 2.0, 4, ocr::PageImage::Layer::kFlattened) != nullptr);
}

TEST_CASE("Engine::read_region: the code line of lic0000 with the code whitelist",
          "[ocr][tesseract]") {
  auto page = ocr::PageImage::prepare(slurp(licence_path("lic0000.jpg")), true);
  REQUIRE(page.is_ok());
  // The code's box from the scan's ground truth (116,180)-(366,201), with a margin.
  auto code = shared_engine().read_region(*page, {108, 174, 374, 207}, ocr::RegionPass::kCode, 21);
  REQUIRE(code.is_ok());
  CHECK(code->text == "91370200MA6XWQ409T");
  CHECK(code->confidence > 50.0F);
  // The name's box, read as Chinese.
  auto name =
      shared_engine().read_region(*page, {226, 302, 640, 338}, ocr::RegionPass::kChineseLine, 21);
  REQUIRE(name.is_ok());
  CHECK(name->text.find("餐饮管理股份有限公司") != std::string::npos);
}

TEST_CASE("engine_for_this_thread: one engine per thread, reused", "[ocr][tesseract]") {
  const ocr::EngineConfig config;
  auto first = ocr::engine_for_this_thread(config);
  auto second = ocr::engine_for_this_thread(config);
  REQUIRE(first.is_ok());
  REQUIRE(second.is_ok());
  CHECK(*first == *second);

  ocr::Engine* other = nullptr;
  std::thread worker([&] {
    auto mine = ocr::engine_for_this_thread(config);
    auto again = ocr::engine_for_this_thread(config);
    if (mine.is_ok() && again.is_ok() && *mine == *again) other = *mine;
  });
  worker.join();
  REQUIRE(other != nullptr);
  CHECK(other != *first);
}
