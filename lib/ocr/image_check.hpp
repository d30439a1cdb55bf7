// Licence scan input checks (REG-3), run before any decoding: the format by magic bytes, the size
// in bytes, and the pixel count read from the header alone, so that decompression bombs are
// refused without allocating for them. Thread-safety: stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::ocr {

enum class ImageFormat { kPng, kJpeg };

// What the header says about a scan; no pixel has been decoded.
struct ImageInfo {
  ImageFormat format;
  std::uint32_t width;
  std::uint32_t height;
  std::uint64_t bytes;  // the size of the encoded file
};

// Checks, in this order (the first failure wins):
//   1. size: more than `max_bytes` → `licence.size`; empty → `licence.format`;
//   2. magic bytes: PNG signature or JPEG SOI+marker, else `licence.format` (never by name);
//   3. header: PNG IHDR first, 13 bytes, valid CRC-32, non-zero dimensions ≤ 2^31−1; JPEG marker
//      segments up to the first SOF, well-formed and complete; else `licence.format`;
//   4. pixels: width × height (64-bit) more than `max_pixels` → `licence.size`.
// All refusals are Code::kRefused. Only the header is read: the cost is bounded by the header
// walk, never by the declared dimensions.
Result<ImageInfo> inspect_image(std::string_view bytes, std::int64_t max_bytes,
                                std::int64_t max_pixels);

// A scan file's content, at most max_bytes + 1 bytes (enough for inspect_image to refuse an
// oversized file as licence.size). Errors: licence.read (Code::kInvalidInput).
Result<std::string> read_scan_file(const std::string& path, std::int64_t max_bytes);

// inspect_image() on a file's content. Reads at most max_bytes + 1 bytes, so a huge file costs no
// more than a file just over the limit. A file that cannot be opened or read is `licence.read`
// (Code::kInvalidInput).
Result<ImageInfo> inspect_image_file(const std::string& path, std::int64_t max_bytes,
                                     std::int64_t max_pixels);

}  // namespace ciie::ocr
