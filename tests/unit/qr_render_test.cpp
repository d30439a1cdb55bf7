// QR codes for payers (cli/qr_render): the symbol libqrencode makes, its terminal drawing in
// half blocks (dimensions, quiet zone, the finder and timing patterns every symbol has, both
// themes) and the PNG file read back with Leptonica.
#include "qr_render.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <leptonica/allheaders.h>

#include "support/temp_dir.hpp"
#include "table.hpp"

namespace {

using ciie::cli::kQrQuietZone;
using ciie::cli::QrCode;
using ciie::cli::QrTheme;

const char* const kContent = "weixin://wxpay/bizpayurl?pr=V20240603100000123456789-1";

// The drawing read back into cells: true where a block covers the cell. Fails the test on any
// character other than ▀ ▄ █ and space.
std::vector<std::vector<bool>> cells_of(const std::string& drawing) {
  std::vector<std::vector<bool>> rows;
  std::size_t at = 0;
  while (at < drawing.size()) {
    std::vector<bool> top;
    std::vector<bool> bottom;
    while (at < drawing.size() && drawing[at] != '\n') {
      if (drawing[at] == ' ') {
        top.push_back(false);
        bottom.push_back(false);
        ++at;
        continue;
      }
      const std::string glyph = drawing.substr(at, 3);
      REQUIRE((glyph == "\u2580" || glyph == "\u2584" || glyph == "\u2588"));
      top.push_back(glyph != "\u2584");
      bottom.push_back(glyph != "\u2580");
      at += 3;
    }
    ++at;  // the newline
    rows.push_back(top);
    rows.push_back(bottom);
  }
  return rows;
}

// A 7×7 finder pattern with its top-left module at (x, y) of `dark`: a dark ring, a light ring,
// a dark 3×3 core.
bool finder_at(const std::vector<std::vector<bool>>& dark, int x, int y) {
  for (int j = 0; j < 7; ++j) {
    for (int i = 0; i < 7; ++i) {
      const int ring = std::max(std::abs(i - 3), std::abs(j - 3));
      if (dark[static_cast<std::size_t>(y + j)][static_cast<std::size_t>(x + i)] != (ring != 2)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

TEST_CASE("a QR symbol at level M: size, version, finder and timing patterns", "[qr]") {
  auto code = ciie::cli::encode_qr(kContent);
  REQUIRE(code.is_ok());
  CHECK(code->version >= 1);
  CHECK(code->size == 17 + 4 * code->version);
  CHECK(code->dark_cells.size() == static_cast<std::size_t>(code->size * code->size));
  CHECK_FALSE(code->dark(-1, 0));
  CHECK_FALSE(code->dark(0, code->size));
  // The dark module beside the lower-left finder pattern, in every symbol.
  CHECK(code->dark(8, code->size - 8));

  // Text too long for any symbol at level M is refused, not truncated.
  const auto too_long = ciie::cli::encode_qr(std::string(3000, 'x'));
  REQUIRE_FALSE(too_long.is_ok());
  CHECK(too_long.status().code() == ciie::Code::kInternal);
  CHECK_FALSE(ciie::cli::encode_qr("").is_ok());
}

TEST_CASE("the terminal drawing: two module rows a line, quiet zone, three finders", "[qr]") {
  auto code = ciie::cli::encode_qr(kContent);
  REQUIRE(code.is_ok());
  const int side = code->size + 2 * kQrQuietZone;
  const std::string drawing = ciie::cli::qr_terminal_text(*code, QrTheme::kDarkOnLight);

  // Dimensions: ceil(side / 2) lines, each `side` display columns.
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < drawing.size();) {
    const std::size_t end = drawing.find('\n', start);
    REQUIRE(end != std::string::npos);
    lines.push_back(drawing.substr(start, end - start));
    start = end + 1;
  }
  CHECK(lines.size() == static_cast<std::size_t>((side + 1) / 2));
  for (const std::string& line : lines) {
    CHECK(ciie::cli::display_width(line) == static_cast<std::size_t>(side));
  }

  // Dark on light: blocks are the dark modules. The quiet zone is all light.
  const auto dark = cells_of(drawing);
  REQUIRE(dark.size() >= static_cast<std::size_t>(side));
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const bool in_zone = x < kQrQuietZone || y < kQrQuietZone || x >= side - kQrQuietZone ||
                           y >= side - kQrQuietZone;
      INFO("x " << x << " y " << y);
      if (in_zone) CHECK_FALSE(dark[y][x]);
      if (!in_zone) CHECK(dark[y][x] == code->dark(x - kQrQuietZone, y - kQrQuietZone));
    }
  }
  // Finder patterns in three corners, none in the fourth.
  const int q = kQrQuietZone;
  const int far = q + code->size - 7;
  CHECK(finder_at(dark, q, q));
  CHECK(finder_at(dark, far, q));
  CHECK(finder_at(dark, q, far));
  CHECK_FALSE(finder_at(dark, far, far));
  // The timing pattern: row 6 and column 6 alternate between the finders, dark first.
  for (int i = 8; i < code->size - 8; ++i) {
    CHECK(dark[q + 6][q + i] == (i % 2 == 0));
    CHECK(dark[q + i][q + 6] == (i % 2 == 0));
  }

  // Light on dark draws the complement (the light modules and the quiet zone); the lower half
  // of the last line, below the code, is background in both.
  const auto light = cells_of(ciie::cli::qr_terminal_text(*code, QrTheme::kLightOnDark));
  REQUIRE(light.size() == dark.size());
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) CHECK(light[y][x] == !dark[y][x]);
  }
  if (side % 2 == 1) {
    for (int x = 0; x < side; ++x) CHECK_FALSE(light[side][x]);
  }
}

TEST_CASE("the PNG file: size, black finder modules, white quiet zone, overwrite", "[qr]") {
  auto code = ciie::cli::encode_qr(kContent);
  REQUIRE(code.is_ok());
  ciie::test::TempDir dir;
  const std::string path = dir.write("pay.png", "an older file");  // replaced, not refused
  constexpr int kScale = 8;
  REQUIRE(ciie::cli::write_qr_png(*code, path, kScale).is_ok());

  PIX* pix = pixRead(path.c_str());
  REQUIRE(pix != nullptr);
  const int side = (code->size + 2 * kQrQuietZone) * kScale;
  CHECK(pixGetWidth(pix) == side);
  CHECK(pixGetHeight(pix) == side);
  REQUIRE(pixGetDepth(pix) == 1);  // 1 = black
  const auto at_module = [&](int mx, int my) {
    l_uint32 value = 0;
    pixGetPixel(pix, (mx + kQrQuietZone) * kScale + kScale / 2,
                (my + kQrQuietZone) * kScale + kScale / 2, &value);
    return value;
  };
  CHECK(at_module(0, 0) == 1);               // the top-left finder's outer ring
  CHECK(at_module(3, 3) == 1);               // its core
  CHECK(at_module(1, 1) == 0);               // its light ring
  CHECK(at_module(code->size - 1, 0) == 1);  // the top-right finder
  CHECK(at_module(0, code->size - 1) == 1);  // the bottom-left finder
  CHECK(at_module(-2, -2) == 0);             // the quiet zone
  for (int y = 0; y < code->size; ++y) {
    for (int x = 0; x < code->size; ++x) {
      INFO("module " << x << "," << y);
      CHECK(at_module(x, y) == (code->dark(x, y) ? 1u : 0u));
    }
  }
  pixDestroy(&pix);
}

TEST_CASE("a PNG into a missing directory is a usage error and writes nothing", "[qr]") {
  auto code = ciie::cli::encode_qr(kContent);
  REQUIRE(code.is_ok());
  ciie::test::TempDir dir;
  const std::string path = dir.file("no-such-dir/pay.png");
  const ciie::Status written = ciie::cli::write_qr_png(*code, path);
  CHECK(written.code() == ciie::Code::kInvalidInput);
  CHECK(written.reason() == "usage");
  CHECK_THAT(written.message(), Catch::Contains("no-such-dir"));
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(ciie::cli::check_png_path(dir.path().string()).code() == ciie::Code::kInvalidInput);
  CHECK(ciie::cli::check_png_path(dir.file("ok.png")).is_ok());
}
