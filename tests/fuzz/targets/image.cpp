// Fuzz target "image": the bytes are a licence scan, checked before any decoding. Properties:
// refusals are kRefused licence.format or licence.size; with unbounded limits the answer is an
// ImageInfo or licence.format, and the configured limits only ever add licence.size, exactly when
// the bytes or the declared pixels exceed them (so the checks run in the documented order); an
// accepted scan's format matches its magic bytes, its size is the input's, its dimensions are
// non-zero (for PNG, the IHDR's own); a negative limit admits nothing.
#include <cstdint>
#include <limits>
#include <string>

#include "fuzz/targets/fuzz_target.hpp"
#include "ocr/image_check.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "image";
constexpr std::int64_t kMaxBytes = 2 * 1024 * 1024;  // the defaults of [registration]
constexpr std::int64_t kMaxPixels = 40'000'000;
constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();

std::uint32_t be32(std::string_view bytes, std::size_t pos) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8U) | static_cast<std::uint8_t>(bytes[pos + i]);
  return value;
}

void require_reason(const Status& status, std::string_view reason, const std::string& what) {
  require_refusal(status, Code::kRefused, kName, "licence.");
  require(status.reason() == reason, kName, what + ": " + status.to_string());
}

void check_info(const ocr::ImageInfo& info, std::string_view bytes) {
  require(info.bytes == bytes.size() && info.width > 0 && info.height > 0, kName,
          "an accepted scan with a wrong size or a zero dimension");
  if (info.format == ocr::ImageFormat::kPng) {
    require(bytes.starts_with("\x89PNG\r\n\x1a\n") && bytes.size() >= 33, kName,
            "PNG accepted without the PNG signature and IHDR");
    require(info.width == be32(bytes, 16) && info.height == be32(bytes, 20), kName,
            "PNG dimensions are not the IHDR's");
  } else {
    require(bytes.starts_with("\xff\xd8\xff"), kName, "JPEG accepted without SOI and a marker");
  }
}

}  // namespace

int fuzz_image(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = as_text(data, size);
  const Result<ocr::ImageInfo> unbounded = ocr::inspect_image(bytes, kUnbounded, kUnbounded);
  const Result<ocr::ImageInfo> limited = ocr::inspect_image(bytes, kMaxBytes, kMaxPixels);
  const bool too_many_bytes = static_cast<std::int64_t>(size) > kMaxBytes;
  if (!unbounded) {
    require_reason(unbounded.status(), "licence.format", "unbounded limits");
    require_reason(limited.status(), too_many_bytes ? "licence.size" : "licence.format",
                   "default limits after a format refusal");
  } else {
    check_info(*unbounded, bytes);
    const std::uint64_t pixels = std::uint64_t{unbounded->width} * unbounded->height;
    const bool too_many_pixels = pixels > static_cast<std::uint64_t>(kMaxPixels);
    if (too_many_bytes || too_many_pixels) {
      require_reason(limited.status(), "licence.size", "default limits on a big scan");
    } else {
      require(limited.is_ok() && limited->width == unbounded->width &&
                  limited->height == unbounded->height,
              kName, "default limits refused a scan within them");
    }
    // Exactly at the declared pixel count it passes; one pixel less refuses it.
    const auto exact = static_cast<std::int64_t>(pixels);
    require(ocr::inspect_image(bytes, kUnbounded, exact).is_ok(), kName,
            "a scan is refused at exactly its pixel count");
    require_reason(ocr::inspect_image(bytes, kUnbounded, exact - 1).status(), "licence.size",
                   "one pixel under the count");
  }
  if (size > 0) {
    require_reason(ocr::inspect_image(bytes, -1, kUnbounded).status(), "licence.size",
                   "a negative byte limit");
    require_reason(ocr::inspect_image(bytes, static_cast<std::int64_t>(size) - 1, kUnbounded)
                       .status(),
                   "licence.size", "one byte under the size");
  } else {
    require_reason(unbounded.status(), "licence.format", "an empty scan");
  }
  return 0;
}

}  // namespace ciie::fuzz
