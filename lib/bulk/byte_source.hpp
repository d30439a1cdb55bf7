// ByteSource: the bytes of an istream read in fixed chunks, with one byte of lookahead and a line
// reader, so a bulk reader holds one chunk plus the record it is building, never the whole file.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace ciie::bulk {

enum class LineStatus {
  kLine,     // a line was read (its LF or CR LF removed)
  kTooLong,  // the line was over the limit; it was consumed without being kept
  kEof,      // no bytes were left
};

// Thread-safety: not thread-safe.
class ByteSource {
 public:
  static constexpr int kEof = -1;

  // Reads through input.rdbuf() (the istream's own state flags are not consulted or updated).
  // REQUIRES: `input` outlives the source.
  explicit ByteSource(std::istream& input);

  // The next byte (0..255), or kEof.
  int get() { return has_bytes(1) ? static_cast<unsigned char>(buffer_[pos_++]) : kEof; }
  // The next byte without consuming it, or kEof.
  int peek() { return has_bytes(1) ? static_cast<unsigned char>(buffer_[pos_]) : kEof; }
  // The bytes read from the stream and not yet consumed (possibly none), and consuming `count`
  // of them: for scanning a run of bytes at once. REQUIRES: count <= buffered().size().
  std::string_view buffered() const { return {buffer_.data() + pos_, end_ - pos_}; }
  void skip(std::size_t count) { pos_ += count; }
  // Consumes `prefix` when the input continues with it (used for the byte order mark).
  // REQUIRES: prefix.size() is at most a few bytes.
  bool skip_prefix(std::string_view prefix);
  // One physical line into `out` (without its LF or CR LF). A line over `max_bytes` is consumed
  // to its end but not kept: memory stays bounded by max_bytes plus one chunk.
  LineStatus read_line(std::string& out, std::size_t max_bytes);

 private:
  bool has_bytes(std::size_t wanted) { return end_ - pos_ >= wanted || fill(wanted); }
  bool fill(std::size_t wanted);

  std::streambuf* stream_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;  // next unread byte in buffer_
  std::size_t end_ = 0;  // one past the last buffered byte
  bool eof_ = false;     // the streambuf reported its end; it is not asked again
};

}  // namespace ciie::bulk
