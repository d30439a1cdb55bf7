// ByteSource reads chunks with sgetn and scans lines with memchr: fast enough that the readers can
// treat the input byte by byte without an istream sentry per character.
#include "bulk/byte_source.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ciie::bulk {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

}  // namespace

ByteSource::ByteSource(std::istream& input) : stream_(input.rdbuf()), buffer_(kChunkBytes) {
  eof_ = stream_ == nullptr;
}

bool ByteSource::fill(std::size_t wanted) {
  // Keep the unread tail at the front, then top up until `wanted` bytes are there or input ends.
  std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_),
            buffer_.begin() + static_cast<std::ptrdiff_t>(end_), buffer_.begin());
  end_ -= pos_;
  pos_ = 0;
  while (end_ < wanted && !eof_) {
    const std::streamsize got =
        stream_->sgetn(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
    if (got <= 0) {
      eof_ = true;
    } else {
      end_ += static_cast<std::size_t>(got);
    }
  }
  return end_ >= wanted;
}

bool ByteSource::skip_prefix(std::string_view prefix) {
  if (!has_bytes(prefix.size())) return false;
  if (std::memcmp(buffer_.data() + pos_, prefix.data(), prefix.size()) != 0) return false;
  pos_ += prefix.size();
  return true;
}

LineStatus ByteSource::read_line(std::string& out, std::size_t max_bytes) {
  out.clear();
  if (!has_bytes(1)) return LineStatus::kEof;
  // One byte of slack keeps a CR that turns out to precede the LF; it is removed below.
  const std::size_t keep_limit = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;
  bool too_long = false;
  while (has_bytes(1)) {
    const char* start = buffer_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const std::size_t length = newline ? static_cast<std::size_t>(newline - start) : end_ - pos_;
    const std::size_t room = keep_limit - std::min(keep_limit, out.size());
    if (length > room) too_long = true;
    if (!too_long) out.append(start, length);
    pos_ += length + (newline ? 1 : 0);
    if (newline) break;
  }
  if (!too_long && !out.empty() && out.back() == '\r') out.pop_back();
  if (too_long || out.size() > max_bytes) {
    out.clear();
    return LineStatus::kTooLong;
  }
  return LineStatus::kLine;
}

}  // namespace ciie::bulk
