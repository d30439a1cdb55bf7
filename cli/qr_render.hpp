// QR codes for payers (PAY-1): the content a gateway gives for a qr:* payment, encoded with
// libqrencode (error-correction level M, the smallest version that holds it) and drawn either in
// the terminal with UTF-8 half blocks or as a PNG file (Leptonica). No type of either library
// appears here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie::cli {

// The modules of one QR symbol, without the quiet zone. Thread-safety: a value type.
struct QrCode {
  int size = 0;                  // modules per side: 21 for version 1 … 177 for version 40
  int version = 0;               // 1…40
  std::vector<bool> dark_cells;  // row-major, size × size; true = a dark module

  // Whether the module at column x, row y is dark. Outside the symbol (the quiet zone, or any
  // coordinate beyond it) is light.
  bool dark(int x, int y) const;
};

// The light border every QR reader needs around the symbol, in modules (ISO/IEC 18004).
inline constexpr int kQrQuietZone = 4;

// Encodes `text` (taken as bytes; UTF-8 stays as it is) at error-correction level M.
// Errors: internal (empty text, more bytes than a version-40 symbol holds at level M — 2331 in
// byte mode — or out of memory).
Result<QrCode> encode_qr(std::string_view text);

// How the terminal shows text: which colour a printed block has.
enum class QrTheme {
  // Light text on a dark background (the usual dark theme; what `qrencode -t UTF8` assumes): the
  // blocks are the LIGHT modules and the quiet zone, the dark modules are left as spaces, so the
  // code appears dark on light on the screen.
  kLightOnDark,
  // Dark text on a light background: the blocks are the DARK modules, light ones are spaces.
  kDarkOnLight,
};

// The symbol with its 4-module quiet zone as text: (size + 8) columns of ▀ ▄ █ or space, two
// module rows per line, so ceil((size + 8) / 2) lines, each ending in '\n'. The last line of an
// odd count has only its upper half in the code; its lower half is left as background. Each
// character is one display column wide.
std::string qr_terminal_text(const QrCode& code, QrTheme theme);

// The symbol as a 1-bit PNG, black modules on white, with the quiet zone, each module
// `scale` × `scale` pixels: (size + 8) × scale pixels square. An existing file is replaced.
// Errors: usage (scale below 1; the file's directory does not exist or is not a directory),
// output.write (kStorage: the file cannot be written), internal (encoding the PNG failed).
Status write_qr_png(const QrCode& code, const std::string& path, int scale = 8);

// Checks, before anything is done, that a PNG can be created at `path`: its directory exists.
// Errors: usage.
Status check_png_path(const std::string& path);

}  // namespace ciie::cli
