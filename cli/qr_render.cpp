// QR symbols with libqrencode; terminal drawing with half blocks; PNG files with Leptonica
// (encoded in memory, then written by us, so that a failure has our message, not Leptonica's).
#include "qr_render.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <leptonica/allheaders.h>
#include <qrencode.h>

namespace ciie::cli {
namespace {

// UTF-8 of the three half/full blocks.
constexpr const char* kUpperHalf = "\xE2\x96\x80";  // ▀ U+2580
constexpr const char* kLowerHalf = "\xE2\x96\x84";  // ▄ U+2584
constexpr const char* kFullBlock = "\xE2\x96\x88";  // █ U+2588

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
struct PixFree {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};

}  // namespace

bool QrCode::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  return dark_cells[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                    static_cast<std::size_t>(x)];
}

Result<QrCode> encode_qr(std::string_view text) {
  if (text.empty()) return Status::internal("no content to encode as a QR code");
  errno = 0;
  std::unique_ptr<QRcode, QrFree> encoded;
  if (text.find('\0') == std::string_view::npos) {
    // Lets libqrencode pick numeric/alphanumeric segments where they fit (a smaller symbol).
    const std::string terminated(text);
    encoded.reset(QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  } else {
    encoded.reset(QRcode_encodeData(static_cast<int>(text.size()),
                                    reinterpret_cast<const unsigned char*>(text.data()), 0,
                                    QR_ECLEVEL_M));
  }
  if (!encoded) {
    if (errno == ERANGE) {
      return Status::internal("the QR content is too long for a QR code (" +
                              std::to_string(text.size()) + " bytes)");
    }
    return Status::internal(std::string("cannot encode the QR code: ") + std::strerror(errno));
  }
  QrCode code;
  code.size = encoded->width;
  code.version = encoded->version;
  const std::size_t cells =
      static_cast<std::size_t>(code.size) * static_cast<std::size_t>(code.size);
  code.dark_cells.resize(cells);
  // libqrencode: bit 0 of each byte is the module's colour (1 = dark); the others describe it.
  for (std::size_t i = 0; i < cells; ++i) code.dark_cells[i] = (encoded->data[i] & 1) != 0;
  return code;
}

std::string qr_terminal_text(const QrCode& code, QrTheme theme) {
  const int side = code.size + 2 * kQrQuietZone;
  // Whether a cell of the bordered symbol is drawn (a block) rather than left as background.
  const auto drawn = [&](int x, int y) {
    if (y >= side) return false;  // below the code: background in either theme
    const bool dark = code.dark(x - kQrQuietZone, y - kQrQuietZone);
    return theme == QrTheme::kDarkOnLight ? dark : !dark;
  };
  std::string text;
  for (int y = 0; y < side; y += 2) {
    for (int x = 0; x < side; ++x) {
      const bool top = drawn(x, y);
      const bool bottom = drawn(x, y + 1);
      text += top && bottom ? kFullBlock : top ? kUpperHalf : bottom ? kLowerHalf : " ";
    }
    text += '\n';
  }
  return text;
}

Status check_png_path(const std::string& path) {
  if (path.empty()) return Status::invalid_input("usage", "--qr-png needs a file name");
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) {
    return Status::invalid_input(
        "usage", "cannot write the QR code to '" + path + "': no directory '" + dir.string() + "'");
  }
  if (!std::filesystem::is_directory(dir, error)) {
    return Status::invalid_input("usage", "cannot write the QR code to '" + path + "': '" +
                                              dir.string() + "' is not a directory");
  }
  if (std::filesystem::is_directory(path, error)) {
    return Status::invalid_input("usage",
                                 "cannot write the QR code to '" + path + "': it is a directory");
  }
  return Status::ok();
}

Status write_qr_png(const QrCode& code, const std::string& path, int scale) {
  if (scale < 1) return Status::invalid_input("usage", "the QR module scale must be at least 1");
  CIIE_RETURN_IF_ERROR(check_png_path(path));
  const int side = (code.size + 2 * kQrQuietZone) * scale;
  std::unique_ptr<PIX, PixFree> pix(pixCreate(side, side, 1));  // 1 bpp, all 0 = white
  if (!pix) return Status::internal("cannot allocate the QR image");
  for (int y = 0; y < code.size; ++y) {
    for (int x = 0; x < code.size; ++x) {
      if (!code.dark(x, y)) continue;
      pixRasterop(pix.get(), (x + kQrQuietZone) * scale, (y + kQrQuietZone) * scale, scale, scale,
                  PIX_SET, nullptr, 0, 0);
    }
  }
  l_uint8* data = nullptr;
  size_t bytes = 0;
  if (pixWriteMem(&data, &bytes, pix.get(), IFF_PNG) != 0 || data == nullptr) {
    if (data != nullptr) lept_free(data);
    return Status::internal("cannot encode the QR code as PNG");
  }
  std::unique_ptr<l_uint8, void (*)(l_uint8*)> owned(data, [](l_uint8* p) { lept_free(p); });
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    return Status::storage("output.write",
                           "cannot write the QR code to '" + path + "': " + std::strerror(errno));
  }
  file.write(reinterpret_cast<const char*>(owned.get()), static_cast<std::streamsize>(bytes));
  file.close();
  if (!file) {
    return Status::storage("output.write",
                           "cannot write the QR code to '" + path + "': write error");
  }
  return Status::ok();
}

}  // namespace ciie::cli
