// Licence scan input checks (REG-3): format by magic bytes, size and pixel limits, header
// parsing without decoding. Images are built in memory (they need not decode: the check never
// decodes), plus two real scans copied into tests/data/licences/.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "ocr/image_check.hpp"
#include "support/temp_dir.hpp"

namespace ocr = ciie::ocr;

namespace {

constexpr std::int64_t kMaxBytes = 2 * 1024 * 1024;
constexpr std::int64_t kMaxPixels = 40'000'000;

std::string be16(std::uint32_t v) {
  return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

std::string be32(std::uint32_t v) { return be16(v >> 16) + be16(v & 0xffff); }

// Bitwise CRC-32, independent of the library's table-driven one.
std::uint32_t slow_crc32(const std::string& data) {
  std::uint32_t c = 0xffffffffU;
  for (char ch : data) {
    c ^= static_cast<std::uint8_t>(ch);
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xedb88320U ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xffffffffU;
}

std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data +
         be32(slow_crc32(type + data));
}

const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);

// IHDR data: width, height, bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace.
std::string ihdr_data(std::uint32_t width, std::uint32_t height) {
  return be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
}

std::string make_png(std::uint32_t width, std::uint32_t height) {
  return kPngSignature + png_chunk("IHDR", ihdr_data(width, height)) +
         png_chunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) +
         png_chunk("IEND", "");
}

const std::string kSoi("\xff\xd8", 2);
const std::string kEoi("\xff\xd9", 2);

// A marker segment: FF, marker, big-endian length (payload + 2), payload.
std::string segment(std::uint8_t marker, const std::string& payload) {
  return std::string(1, '\xff') + static_cast<char>(marker) +
         be16(static_cast<std::uint32_t>(payload.size() + 2)) + payload;
}

std::string app0() {
  return segment(0xe0, std::string("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14));
}

// A frame header payload: precision 8, height, width, 3 components.
std::string frame_payload(std::uint32_t width, std::uint32_t height) {
  return std::string(1, '\x08') + be16(height) + be16(width) +
         std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
}

std::string sos() { return segment(0xda, std::string("\x01\x01\x00\x00\x3f\x00", 6)); }

std::string make_jpeg(std::uint32_t width, std::uint32_t height, std::uint8_t sof = 0xc0) {
  return kSoi + app0() + segment(0xdb, std::string(65, '\x01')) +
         segment(sof, frame_payload(width, height)) + segment(0xc4, std::string(20, '\x00')) +
         sos() + std::string("\x12\x34\xff\x00\x56", 5) + kEoi;
}

ciie::Result<ocr::ImageInfo> inspect(const std::string& bytes) {
  return ocr::inspect_image(bytes, kMaxBytes, kMaxPixels);
}

// The refusal's reason key ("" when the check passed).
std::string reason(const ciie::Result<ocr::ImageInfo>& result) {
  return result.is_ok() ? std::string() : result.status().reason();
}

std::string data_file(const std::string& name) {
  return std::string(CIIE_SOURCE_DIR) + "/tests/data/licences/" + name;
}

}  // namespace

TEST_CASE("valid PNG and JPEG headers give format and exact dimensions", "[ocr]") {
  SECTION("PNG") {
    const std::string png = make_png(1280, 917);
    const auto result = inspect(png);
    REQUIRE(result.is_ok());
    CHECK(result->format == ocr::ImageFormat::kPng);
    CHECK(result->width == 1280);
    CHECK(result->height == 917);
    CHECK(result->bytes == png.size());
  }
  SECTION("baseline JPEG") {
    const std::string jpeg = make_jpeg(2480, 3508);
    const auto result = inspect(jpeg);
    REQUIRE(result.is_ok());
    CHECK(result->format == ocr::ImageFormat::kJpeg);
    CHECK(result->width == 2480);
    CHECK(result->height == 3508);
    CHECK(result->bytes == jpeg.size());
  }
  SECTION("progressive JPEG (SOF2) and the largest JPEG dimensions") {
    const auto result = inspect(make_jpeg(65535, 600, 0xc2));
    REQUIRE(result.is_ok());
    CHECK(result->width == 65535);
    CHECK(result->height == 600);
  }
}

TEST_CASE("real licence scans: dimensions read from their headers", "[ocr]") {
  SECTION("JPEG") {
    const auto result = ocr::inspect_image_file(data_file("lic0000.jpg"), kMaxBytes, kMaxPixels);
    REQUIRE(result.is_ok());
    CHECK(result->format == ocr::ImageFormat::kJpeg);
    CHECK(result->width == 1280);
    CHECK(result->height == 917);
    CHECK(result->bytes == 180808);
  }
  SECTION("PNG") {
    const auto result = ocr::inspect_image_file(data_file("lic0009.png"), kMaxBytes, kMaxPixels);
    REQUIRE(result.is_ok());
    CHECK(result->format == ocr::ImageFormat::kPng);
    CHECK(result->width == 1280);
    CHECK(result->height == 917);
    CHECK(result->bytes == 205481);
  }
  SECTION("a real scan over a smaller byte limit is licence.size") {
    const auto result = ocr::inspect_image_file(data_file("lic0009.png"), 205480, kMaxPixels);
    CHECK(reason(result) == "licence.size");
  }
}

TEST_CASE("the format comes from the content, not the file name", "[ocr]") {
  ciie::test::TempDir dir;
  const std::string path = dir.write("scan.jpg", make_png(800, 600));
  const auto result = ocr::inspect_image_file(path, kMaxBytes, kMaxPixels);
  REQUIRE(result.is_ok());
  CHECK(result->format == ocr::ImageFormat::kPng);

  const std::string fake = dir.write("scan.png", "GIF89a not really a png");
  CHECK(reason(ocr::inspect_image_file(fake, kMaxBytes, kMaxPixels)) == "licence.format");
}

TEST_CASE("other formats and non-images are licence.format", "[ocr]") {
  const std::string input = GENERATE(
      std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13), std::string("BM\x3a\x00\x00\x00", 6),
      std::string("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15), std::string("just some text\n"),
      std::string("II*\x00", 4), std::string("\xff\xd8", 2), std::string("\x89PNG\r\n", 6));
  const auto result = inspect(input);
  CHECK(reason(result) == "licence.format");
  CHECK(result.status().code() == ciie::Code::kRefused);
}

TEST_CASE("an empty scan is licence.format", "[ocr]") {
  const auto result = inspect("");
  CHECK(reason(result) == "licence.format");
  CHECK(result.status().code() == ciie::Code::kRefused);
}

TEST_CASE("malformed PNG headers are licence.format", "[ocr]") {
  SECTION("truncated signature") {
    CHECK(reason(inspect(kPngSignature.substr(0, 7))) == "licence.format");
  }
  SECTION("signature only") { CHECK(reason(inspect(kPngSignature)) == "licence.format"); }
  SECTION("truncated IHDR") {
    CHECK(reason(inspect(make_png(10, 10).substr(0, 30))) == "licence.format");
  }
  SECTION("IHDR with a bad CRC") {
    std::string png = make_png(10, 10);
    png[29] = static_cast<char>(png[29] ^ 0x01);  // last byte of the IHDR CRC
    CHECK(reason(inspect(png)) == "licence.format");
  }
  SECTION("IHDR data altered under its CRC") {
    std::string png = make_png(10, 10);
    png[19] = '\x0b';  // width 10 → 11, CRC unchanged
    CHECK(reason(inspect(png)) == "licence.format");
  }
  SECTION("IHDR not the first chunk") {
    const std::string png = kPngSignature + png_chunk("tEXt", std::string("a\0b", 3)) +
                            png_chunk("IHDR", ihdr_data(10, 10)) + png_chunk("IEND", "");
    CHECK(reason(inspect(png)) == "licence.format");
  }
  SECTION("IHDR of the wrong length") {
    const std::string png =
        kPngSignature + png_chunk("IHDR", ihdr_data(10, 10) + "x") + png_chunk("IEND", "");
    CHECK(reason(inspect(png)) == "licence.format");
  }
  SECTION("zero width or height") {
    CHECK(reason(inspect(make_png(0, 10))) == "licence.format");
    CHECK(reason(inspect(make_png(10, 0))) == "licence.format");
  }
  SECTION("a dimension over 2^31 - 1") {
    CHECK(reason(inspect(make_png(0x80000000U, 1))) == "licence.format");
  }
}

TEST_CASE("malformed JPEG headers are licence.format", "[ocr]") {
  SECTION("SOS before SOF") {
    const std::string jpeg = kSoi + app0() + sos() + segment(0xc0, frame_payload(10, 10)) + kEoi;
    CHECK(reason(inspect(jpeg)) == "licence.format");
  }
  SECTION("EOI before SOF") { CHECK(reason(inspect(kSoi + app0() + kEoi)) == "licence.format"); }
  SECTION("SOI then nothing") {
    CHECK(reason(inspect(std::string("\xff\xd8\xff", 3))) == "licence.format");
  }
  SECTION("truncated segment") {
    const std::string jpeg = kSoi + app0().substr(0, 9);
    CHECK(reason(inspect(jpeg)) == "licence.format");
  }
  SECTION("truncated length field") {
    CHECK(reason(inspect(kSoi + std::string("\xff\xe0\x00", 3))) == "licence.format");
  }
  SECTION("truncated frame header") {
    const std::string jpeg = make_jpeg(100, 100);
    const std::size_t sof = jpeg.find("\xff\xc0");
    REQUIRE(sof != std::string::npos);
    CHECK(reason(inspect(jpeg.substr(0, sof + 8))) == "licence.format");
  }
  SECTION("segment length below 2") {
    CHECK(reason(inspect(kSoi + std::string("\xff\xe0\x00\x01", 4) + make_jpeg(1, 1).substr(2))) ==
          "licence.format");
  }
  SECTION("frame header too short for its components") {
    const std::string jpeg = kSoi + segment(0xc0, frame_payload(10, 10).substr(0, 8)) + kEoi;
    CHECK(reason(inspect(jpeg)) == "licence.format");
  }
  SECTION("zero width or height") {
    CHECK(reason(inspect(make_jpeg(0, 100))) == "licence.format");
    CHECK(reason(inspect(make_jpeg(100, 0))) == "licence.format");
  }
  SECTION("garbage where a marker should be") {
    CHECK(reason(inspect(kSoi + app0() + "xyz" + segment(0xc0, frame_payload(10, 10)))) ==
          "licence.format");
  }
  SECTION("a second SOI") {
    CHECK(reason(inspect(kSoi + kSoi + segment(0xc0, frame_payload(10, 10)))) == "licence.format");
  }
}

TEST_CASE("JPEG marker walk: fill bytes, standalone markers, DHT/JPG/DAC are not frames", "[ocr]") {
  SECTION("fill bytes and RST/TEM markers before the frame header") {
    const std::string jpeg = kSoi + std::string("\xff\xff\xff", 3) + app0() +
                             std::string("\xff\xd0\xff\xd7\xff\x01", 6) +
                             std::string("\xff\xff\xff", 3) +
                             segment(0xc0, frame_payload(640, 480)) + sos() + kEoi;
    const auto result = inspect(jpeg);
    REQUIRE(result.is_ok());
    CHECK(result->width == 640);
    CHECK(result->height == 480);
  }
  SECTION("DHT, JPG and DAC segments are skipped, even when shaped like a frame header") {
    const std::string lure = frame_payload(9999, 9999);
    const std::string jpeg = kSoi + segment(0xc4, lure) + segment(0xc8, lure) +
                             segment(0xcc, lure) + segment(0xc1, frame_payload(320, 200)) + kEoi;
    const auto result = inspect(jpeg);
    REQUIRE(result.is_ok());
    CHECK(result->width == 320);
    CHECK(result->height == 200);
  }
  SECTION("every SOF variant is a frame header") {
    const int sof =
        GENERATE(0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf);
    const auto result = inspect(make_jpeg(12, 34, static_cast<std::uint8_t>(sof)));
    REQUIRE(result.is_ok());
    CHECK(result->width == 12);
    CHECK(result->height == 34);
  }
}

TEST_CASE("the byte limit is checked before anything else", "[ocr]") {
  SECTION("3 MiB of zeros is licence.size, not licence.format") {
    const auto result = inspect(std::string(3 * 1024 * 1024, '\0'));
    CHECK(reason(result) == "licence.size");
    CHECK(result.status().code() == ciie::Code::kRefused);
  }
  SECTION("exactly at the limit passes, one byte over does not") {
    std::string png = make_png(100, 100);
    const auto limit = static_cast<std::int64_t>(png.size());
    CHECK(ocr::inspect_image(png, limit, kMaxPixels).is_ok());
    png += '\0';
    CHECK(reason(ocr::inspect_image(png, limit, kMaxPixels)) == "licence.size");
  }
}

TEST_CASE("the pixel limit refuses decompression bombs without decoding", "[ocr]") {
  SECTION("a PNG declaring 100000 x 100000") {
    const auto result = inspect(make_png(100000, 100000));
    CHECK(reason(result) == "licence.size");
    CHECK(result.status().code() == ciie::Code::kRefused);
    CHECK_THAT(result.status().message(), Catch::Contains("refused without decoding"));
  }
  SECTION("the largest PNG dimensions do not overflow the product") {
    CHECK(reason(inspect(make_png(0x7fffffffU, 0x7fffffffU))) == "licence.size");
  }
  SECTION("a JPEG declaring 65535 x 65535") {
    CHECK(reason(inspect(make_jpeg(65535, 65535))) == "licence.size");
  }
  SECTION("40,000,000 pixels exactly pass; 40,000,001 do not") {
    CHECK(inspect(make_png(8000, 5000)).is_ok());
    CHECK(inspect(make_jpeg(8000, 5000)).is_ok());
    CHECK(inspect(make_png(40'000'000, 1)).is_ok());
    CHECK(reason(inspect(make_png(40'000'001, 1))) == "licence.size");
    CHECK(reason(inspect(make_png(1, 40'000'001))) == "licence.size");
  }
}

TEST_CASE("inspect_image_file: unreadable and huge files", "[ocr]") {
  ciie::test::TempDir dir;
  SECTION("a missing file is licence.read") {
    const auto result = ocr::inspect_image_file(dir.file("missing.png"), kMaxBytes, kMaxPixels);
    CHECK(reason(result) == "licence.read");
    CHECK(result.status().code() == ciie::Code::kInvalidInput);
  }
  SECTION("a directory is licence.read") {
    const auto result = ocr::inspect_image_file(dir.path().string(), kMaxBytes, kMaxPixels);
    CHECK(reason(result) == "licence.read");
  }
  SECTION("a 1 GiB sparse file is licence.size, quickly") {
    const std::string path = dir.write("huge.png", make_png(100, 100));
    std::filesystem::resize_file(path, std::uintmax_t{1} << 30);
    const auto start = std::chrono::steady_clock::now();
    const auto result = ocr::inspect_image_file(path, kMaxBytes, kMaxPixels);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(reason(result) == "licence.size");
    CHECK(elapsed < std::chrono::seconds(2));
  }
  SECTION("an endless stream (/dev/zero) is licence.size: at most max_bytes + 1 are read") {
    if (!std::filesystem::exists("/dev/zero")) return;
    CHECK(reason(ocr::inspect_image_file("/dev/zero", kMaxBytes, kMaxPixels)) == "licence.size");
  }
}
