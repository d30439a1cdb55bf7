// UTF-8 validation as the well-formed byte table of Unicode §3.9 (table 3-7): the lead byte fixes
// the length and the allowed range of the first continuation byte.
#include "bulk/utf8.hpp"

#include <cstdio>

namespace ciie::bulk {

void Utf8Validator::reset() {
  needed_ = 0;
  lower_ = 0x80;
  upper_ = 0xBF;
}

Utf8Step Utf8Validator::feed(unsigned char byte) {
  if (needed_ == 0) return start(byte);
  if (byte < lower_ || byte > upper_) {
    reset();
    return Utf8Step::kInvalid;
  }
  lower_ = 0x80;
  upper_ = 0xBF;
  --needed_;
  return Utf8Step::kOk;
}

Utf8Step Utf8Validator::start(unsigned char byte) {
  if (byte == 0x00) return Utf8Step::kNul;
  if (byte < 0x80) return Utf8Step::kOk;
  if (byte >= 0xC2 && byte <= 0xDF) {
    needed_ = 1;
  } else if (byte == 0xE0) {
    needed_ = 2;
    lower_ = 0xA0;  // E0 80..9F would be an overlong 2-byte form
  } else if (byte == 0xED) {
    needed_ = 2;
    upper_ = 0x9F;  // ED A0..BF would encode a UTF-16 surrogate
  } else if (byte >= 0xE1 && byte <= 0xEF) {
    needed_ = 2;
  } else if (byte == 0xF0) {
    needed_ = 3;
    lower_ = 0x90;  // F0 80..8F would be an overlong 3-byte form
  } else if (byte >= 0xF1 && byte <= 0xF3) {
    needed_ = 3;
  } else if (byte == 0xF4) {
    needed_ = 3;
    upper_ = 0x8F;  // F4 90.. would be above U+10FFFF
  } else {
    return Utf8Step::kInvalid;  // a stray continuation byte, C0/C1 (overlong), F5..FF
  }
  return Utf8Step::kOk;
}

std::optional<Utf8Error> find_invalid_utf8(std::string_view text) {
  Utf8Validator validator;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool inside = !validator.complete();
    const Utf8Step step = validator.feed(static_cast<unsigned char>(text[i]));
    if (step != Utf8Step::kOk) return Utf8Error{i, step, inside};
  }
  if (!validator.complete()) return Utf8Error{text.size(), Utf8Step::kInvalid, true};
  return std::nullopt;
}

std::string describe_utf8_error(const Utf8Error& error, unsigned char byte, long line,
                                std::size_t column) {
  const std::string where = "line " + std::to_string(line) + ", byte " + std::to_string(column);
  if (error.step == Utf8Step::kNul) return "a NUL byte at " + where + "; the input must be text";
  if (line == 1 && column == 1 && (byte == 0xFF || byte == 0xFE)) {
    return "the input looks like UTF-16; save it as UTF-8";
  }
  if (error.truncated) return "a UTF-8 sequence is cut short at " + where + "; save the file as UTF-8";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(byte));
  return "not UTF-8 (" + std::string(hex) + " at " + where + "); save the file as UTF-8";
}

}  // namespace ciie::bulk
