// Incremental UTF-8 validation for bulk input: rejects overlong forms, surrogates, code points
// above U+10FFFF, truncated sequences and (as this project's policy) the NUL byte.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ciie::bulk {

enum class Utf8Step {
  kOk,       // the byte continues or completes valid text
  kInvalid,  // the byte makes the text invalid UTF-8
  kNul,      // a NUL byte: valid UTF-8, refused because it is never meaningful in a cell
};

// Validates a byte stream one byte at a time, so the readers need not buffer whole lines.
// Thread-safety: a value type.
class Utf8Validator {
 public:
  // Checks one byte. After kInvalid the validator starts afresh at the next byte.
  Utf8Step feed(unsigned char byte);
  // Whether the bytes fed so far end on a character boundary (false: a truncated sequence).
  bool complete() const { return needed_ == 0; }
  void reset();

 private:
  Utf8Step start(unsigned char byte);

  int needed_ = 0;               // continuation bytes still expected
  unsigned char lower_ = 0x80;   // the range the next continuation byte must fall in; narrower
  unsigned char upper_ = 0xBF;   // after E0/ED/F0/F4 to exclude overlongs, surrogates, > U+10FFFF
};

// Where and how a text stops being UTF-8.
struct Utf8Error {
  std::size_t offset = 0;             // the offending byte; the text's size when it ends too early
  Utf8Step step = Utf8Step::kInvalid;  // kInvalid or kNul
  bool truncated = false;             // a multi-byte sequence was cut short at `offset`
};

// The first problem in `text`, nullopt when it is valid UTF-8 without NUL bytes.
std::optional<Utf8Error> find_invalid_utf8(std::string_view text);

// A sentence for people: what is wrong with `byte` at 1-based `column` (a byte count) of `line`.
std::string describe_utf8_error(const Utf8Error& error, unsigned char byte, long line,
                                std::size_t column);

}  // namespace ciie::bulk
