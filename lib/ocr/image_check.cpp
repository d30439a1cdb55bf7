// Licence scan input checks (REG-3): size, magic bytes and header dimensions, read without
// decoding any pixel data. See docs/licence-input.md for the order of the checks and the reasons.
#include "ocr/image_check.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

namespace ciie::ocr {
namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kJpegMagic{"\xff\xd8\xff", 3};
// The IHDR chunk: length (4) type (4) data (13) CRC (4), straight after the signature.
constexpr std::size_t kIhdrDataLength = 13;
constexpr std::size_t kIhdrOffset = kPngSignature.size();
constexpr std::size_t kPngHeaderEnd = kIhdrOffset + 8 + kIhdrDataLength + 4;
// PNG limits each dimension to 2^31 − 1 (PNG spec §11.2.2).
constexpr std::uint32_t kPngMaxDimension = 0x7fffffffU;
// Files are read in pieces of this size, so the buffer grows with the file, not with the limit.
constexpr std::size_t kReadChunk = 64 * 1024;

Status format_error(std::string message) {
  return Status::refused("licence.format", std::move(message));
}

// A negative configured limit admits nothing.
std::uint64_t as_limit(std::int64_t limit) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(limit, 0));
}

std::uint8_t byte_at(std::string_view bytes, std::size_t pos) {
  return static_cast<std::uint8_t>(bytes[pos]);
}

// REQUIRES: pos + 2 <= bytes.size().
std::uint16_t read_be16(std::string_view bytes, std::size_t pos) {
  return static_cast<std::uint16_t>((byte_at(bytes, pos) << 8) | byte_at(bytes, pos + 1));
}

// REQUIRES: pos + 4 <= bytes.size().
std::uint32_t read_be32(std::string_view bytes, std::size_t pos) {
  return (std::uint32_t{byte_at(bytes, pos)} << 24) |
         (std::uint32_t{byte_at(bytes, pos + 1)} << 16) |
         (std::uint32_t{byte_at(bytes, pos + 2)} << 8) | std::uint32_t{byte_at(bytes, pos + 3)};
}

// CRC-32 as PNG and zlib define it (reflected polynomial 0xEDB88320), table-driven; written here
// rather than taken from zlib to keep the library free of that dependency.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xedb88320U ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

std::uint32_t crc32(std::string_view data) {
  std::uint32_t c = 0xffffffffU;
  for (char ch : data) c = kCrcTable[(c ^ static_cast<std::uint8_t>(ch)) & 0xffU] ^ (c >> 8);
  return c ^ 0xffffffffU;
}

// Step 1: over the limit is `licence.size` (checked first, so a huge upload costs nothing more);
// empty is not an image at all.
Status check_size(std::string_view bytes, std::int64_t max_bytes) {
  if (bytes.size() > as_limit(max_bytes)) {
    return Status::refused("licence.size", "the scan is " + std::to_string(bytes.size()) +
                                               " bytes, more than the " +
                                               std::to_string(max_bytes) + " allowed")
        .with_detail("bytes", std::to_string(bytes.size()))
        .with_detail("max_bytes", std::to_string(max_bytes));
  }
  if (bytes.empty()) return format_error("the scan is empty");
  return Status::ok();
}

// Step 2: the format from the content's magic bytes; the file name plays no part.
std::optional<ImageFormat> sniff_format(std::string_view bytes) {
  if (bytes.substr(0, kPngSignature.size()) == kPngSignature) return ImageFormat::kPng;
  if (bytes.substr(0, kJpegMagic.size()) == kJpegMagic) return ImageFormat::kJpeg;
  return std::nullopt;
}

// Step 3 for PNG: IHDR must be the first chunk (PNG spec §5.6), 13 bytes long, with a matching
// CRC and dimensions in 1 … 2^31 − 1.
Result<ImageInfo> png_header(std::string_view bytes) {
  if (bytes.size() < kPngHeaderEnd) return format_error("PNG truncated before the end of IHDR");
  if (bytes.substr(kIhdrOffset + 4, 4) != "IHDR") {
    return format_error("PNG does not start with an IHDR chunk");
  }
  if (read_be32(bytes, kIhdrOffset) != kIhdrDataLength) {
    return format_error("PNG IHDR chunk is not 13 bytes long");
  }
  const std::string_view type_and_data = bytes.substr(kIhdrOffset + 4, 4 + kIhdrDataLength);
  if (crc32(type_and_data) != read_be32(bytes, kIhdrOffset + 8 + kIhdrDataLength)) {
    return format_error("PNG IHDR chunk has a bad CRC");
  }
  const std::uint32_t width = read_be32(bytes, kIhdrOffset + 8);
  const std::uint32_t height = read_be32(bytes, kIhdrOffset + 12);
  if (width == 0 || height == 0 || width > kPngMaxDimension || height > kPngMaxDimension) {
    return format_error("PNG dimensions " + std::to_string(width) + "x" + std::to_string(height) +
                        " are out of range");
  }
  return ImageInfo{ImageFormat::kPng, width, height, bytes.size()};
}

// Markers without a length field: TEM and RST0–RST7 (ITU T.81 table B.1).
bool is_standalone_marker(std::uint8_t marker) {
  return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

// SOF0–SOF15 carry the frame header; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
bool is_frame_marker(std::uint8_t marker) {
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

// The frame header at `segment` (the first byte of its length field): Lf(2) P(1) Y(2) X(2) Nf(1)
// then 3 bytes per component. REQUIRES: the whole segment lies within `bytes`.
Result<ImageInfo> jpeg_frame(std::string_view bytes, std::size_t segment, std::uint16_t length) {
  if (length < 8) return format_error("JPEG frame header is too short");
  const std::uint8_t components = byte_at(bytes, segment + 7);
  if (components == 0 || length < 8 + 3 * components) {
    return format_error("JPEG frame header has a bad component count");
  }
  const std::uint16_t height = read_be16(bytes, segment + 3);
  const std::uint16_t width = read_be16(bytes, segment + 5);
  // A zero height would be defined later by a DNL marker; a scan we cannot size is refused.
  if (width == 0 || height == 0) {
    return format_error("JPEG dimensions " + std::to_string(width) + "x" + std::to_string(height) +
                        " are not allowed");
  }
  return ImageInfo{ImageFormat::kJpeg, width, height, bytes.size()};
}

// Step 3 for JPEG: walks the marker segments after SOI up to the first frame header. Each
// iteration consumes at least one byte, so the walk is linear in the input.
Result<ImageInfo> jpeg_header(std::string_view bytes) {
  std::size_t pos = 2;  // after SOI
  while (true) {
    if (pos >= bytes.size()) return format_error("JPEG truncated before its frame header");
    if (byte_at(bytes, pos) != 0xff) return format_error("JPEG marker expected");
    while (pos < bytes.size() && byte_at(bytes, pos) == 0xff) ++pos;  // fill bytes
    if (pos >= bytes.size()) return format_error("JPEG truncated before its frame header");
    const std::uint8_t marker = byte_at(bytes, pos++);
    if (is_standalone_marker(marker)) continue;
    if (marker == 0xda) return format_error("JPEG scan starts before its frame header");
    if (marker == 0xd9) return format_error("JPEG ends before its frame header");
    if (marker < 0xc0 || marker == 0xd8) {
      return format_error("JPEG has an invalid marker before its frame header");
    }
    if (bytes.size() - pos < 2) return format_error("JPEG segment truncated");
    const std::uint16_t length = read_be16(bytes, pos);
    if (length < 2 || bytes.size() - pos < length) return format_error("JPEG segment truncated");
    if (is_frame_marker(marker)) return jpeg_frame(bytes, pos, length);
    pos += length;
  }
}

// Step 4: the pixel count the header declares, against the limit; nothing has been allocated
// for the pixels, so a decompression bomb is refused at the cost of reading its header.
Status check_pixels(const ImageInfo& info, std::int64_t max_pixels) {
  // Both factors are below 2^32, so the product fits in 64 bits.
  const std::uint64_t pixels = std::uint64_t{info.width} * std::uint64_t{info.height};
  if (pixels <= as_limit(max_pixels)) return Status::ok();
  std::array<char, 64> megapixels{};
  std::snprintf(megapixels.data(), megapixels.size(), "%.6g", static_cast<double>(pixels) / 1e6);
  std::array<char, 64> allowed{};
  std::snprintf(allowed.data(), allowed.size(), "%.6g", static_cast<double>(max_pixels) / 1e6);
  return Status::refused("licence.size", std::to_string(info.width) + "x" +
                                             std::to_string(info.height) + " is " +
                                             megapixels.data() + " megapixels, more than the " +
                                             allowed.data() + " allowed: refused without decoding")
      .with_detail("pixels", std::to_string(pixels))
      .with_detail("max_pixels", std::to_string(max_pixels));
}

Status read_error(const std::string& path, const std::string& why) {
  return Status::invalid_input("licence.read", "cannot read the scan " + path + ": " + why)
      .with_detail("path", path);
}

// Reads at most `limit` bytes of `path`, in chunks, so memory follows the file's real size.
// A directory has no bytes, and a FIFO or socket is refused before it is opened: opening one
// without a writer blocks for ever. A device is read like a file, up to the limit (/dev/zero is
// licence.size).
Result<std::string> read_prefix(const std::string& path, std::uint64_t limit) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) return read_error(path, "it is a directory");
  if (std::filesystem::is_fifo(status) || std::filesystem::is_socket(status)) {
    return read_error(path, "it is a FIFO or socket, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return read_error(path, "it cannot be opened");
  std::string content;
  std::array<char, kReadChunk> chunk{};
  while (content.size() < limit) {
    const std::uint64_t wanted = std::min<std::uint64_t>(chunk.size(), limit - content.size());
    in.read(chunk.data(), static_cast<std::streamsize>(wanted));
    content.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return read_error(path, "a read failed");
    if (!in) break;  // end of file
  }
  return content;
}

}  // namespace

Result<ImageInfo> inspect_image(std::string_view bytes, std::int64_t max_bytes,
                                std::int64_t max_pixels) {
  CIIE_RETURN_IF_ERROR(check_size(bytes, max_bytes));
  const std::optional<ImageFormat> format = sniff_format(bytes);
  if (!format) return format_error("not a PNG or JPEG image (by its content, whatever its name)");
  CIIE_ASSIGN_OR_RETURN(const ImageInfo info,
                        *format == ImageFormat::kPng ? png_header(bytes) : jpeg_header(bytes));
  CIIE_RETURN_IF_ERROR(check_pixels(info, max_pixels));
  return info;
}

Result<std::string> read_scan_file(const std::string& path, std::int64_t max_bytes) {
  // One byte past the limit is enough to know the file is over it.
  return read_prefix(path, as_limit(max_bytes) + 1);
}

Result<ImageInfo> inspect_image_file(const std::string& path, std::int64_t max_bytes,
                                     std::int64_t max_pixels) {
  CIIE_ASSIGN_OR_RETURN(const std::string content, read_scan_file(path, max_bytes));
  return inspect_image(content, max_bytes, max_pixels);
}

}  // namespace ciie::ocr
