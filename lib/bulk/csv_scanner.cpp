// RFC 4180 scanning. A row ends at a LF (or CR LF) outside quotes; a line break inside quotes is
// kept in the cell, byte for byte. After a problem the row is scanned to its end without keeping
// anything, so the next row starts at a real row boundary and memory stays bounded.
#include "bulk/csv_scanner.hpp"

#include <algorithm>
#include <utility>

namespace ciie::bulk {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank_byte(unsigned char byte) { return byte == ' ' || byte == '\t'; }

void trim_trailing_blanks(std::string& text) {
  while (!text.empty() && is_blank_byte(static_cast<unsigned char>(text.back()))) text.pop_back();
}

// True exactly once: when `count` first goes past `limit` (so a refusal is built once per row).
bool just_passed(std::size_t count, std::size_t limit) { return count > limit && count - limit == 1; }

}  // namespace

CsvScanner::CsvScanner(std::istream& input, CsvLimits limits) : source_(input), limits_(limits) {
  source_.skip_prefix(kByteOrderMark);
}

std::optional<CsvRow> CsvScanner::next_row() {
  while (!ended_ && source_.peek() != ByteSource::kEof) {
    begin_row();
    scan_row();
    if (row_.fatal) ended_ = true;
    if (!blank_ || !row_.error.is_ok()) return std::move(row_);
  }
  ended_ = true;
  return std::nullopt;
}

void CsvScanner::begin_row() {
  row_ = CsvRow{};
  row_.line = line_;
  state_ = State::kCellStart;
  cell_.clear();
  quoted_ = false;
  discarding_ = false;
  encoding_error_ = false;
  blank_ = true;
  row_bytes_ = 0;
  utf8_.reset();
}

// Consumes the row through its line end, or to the end of the input.
void CsvScanner::scan_row() {
  for (;;) {
    if ((state_ == State::kUnquoted || state_ == State::kQuoted) && take_plain_run() > 0) continue;
    const int next = source_.get();
    if (next == ByteSource::kEof) return finish_at_eof();
    const auto byte = static_cast<unsigned char>(next);
    check_encoding(byte);
    if (row_.fatal) return;
    if (byte == '\n') {
      if (line_break()) continue;
      return;
    }
    if (byte == '\r' && at_line_end()) {
      // The CR of a CR LF: part of the line end, kept only inside a quoted cell.
      if (state_ == State::kQuoted) append(byte);
      continue;
    }
    count_byte();
    if (!is_blank_byte(byte)) blank_ = false;
    step(byte);
  }
}

// Inside a cell, a run of printable ASCII bytes other than space, the quote and (outside quotes)
// the comma needs none of the byte-by-byte work: each is valid UTF-8, not blank, not a separator
// and simply appended. Takes such a run from the buffer at once, stopping short of every limit so
// that the byte that passes one goes through the checks below. Returns the bytes taken.
std::size_t CsvScanner::take_plain_run() {
  if (discarding_ || !utf8_.complete() || row_.cell_count >= limits_.max_cells) return 0;
  const auto room = [](std::size_t used, std::size_t limit) {
    return used < limit ? limit - used : 0;
  };
  const std::size_t limit = std::min({room(line_bytes_, limits_.max_line_bytes),
                                      room(row_bytes_, limits_.max_row_bytes),
                                      room(cell_.size(), limits_.max_field_bytes)});
  const std::string_view bytes = source_.buffered();
  const bool quoted = state_ == State::kQuoted;
  std::size_t n = 0;
  while (n < bytes.size() && n < limit) {
    const auto byte = static_cast<unsigned char>(bytes[n]);
    if (byte <= 0x20 || byte >= 0x7F || byte == '"' || (!quoted && byte == ',')) break;
    ++n;
  }
  if (n == 0) return 0;
  cell_.append(bytes.data(), n);
  line_bytes_ += n;
  row_bytes_ += n;
  blank_ = false;
  source_.skip(n);
  return n;
}

// Whether a CR just read is the first half of a CR LF (or the file's last byte).
bool CsvScanner::at_line_end() {
  const int next = source_.peek();
  return next == '\n' || next == ByteSource::kEof;
}

// A LF: true when it is inside a quoted cell and the row goes on.
bool CsvScanner::line_break() {
  ++line_;
  line_bytes_ = 0;
  if (state_ != State::kQuoted) {
    end_cell();
    return false;
  }
  if (encoding_error_) {
    row_.fatal = true;  // invalid bytes inside a multi-line cell: its closing quote is suspect
    return false;
  }
  append('\n');
  return true;
}

void CsvScanner::finish_at_eof() {
  if (state_ == State::kQuoted) {
    fail(Status::invalid_input("bulk.syntax", "the quoted cell opened on line " +
                                                  std::to_string(quote_line_) +
                                                  " is not closed before the end of the input"));
    row_.fatal = true;
    return;
  }
  if (!utf8_.complete()) {
    fail(Status::invalid_input("bulk.encoding", "the input ends inside a UTF-8 sequence"));
  }
  end_cell();
}

void CsvScanner::check_encoding(unsigned char byte) {
  const bool inside = !utf8_.complete();
  const Utf8Step step = utf8_.feed(byte);
  if (step == Utf8Step::kOk) return;
  const Utf8Error error{0, step, inside};
  fail(Status::invalid_input("bulk.encoding",
                             describe_utf8_error(error, byte, line_, line_bytes_ + 1)));
  encoding_error_ = true;
  if (line_ > row_.line) row_.fatal = true;  // on a continuation line of a quoted cell
}

void CsvScanner::count_byte() {
  if (just_passed(++line_bytes_, limits_.max_line_bytes)) {
    fail(Status::invalid_input("bulk.too_large", "line " + std::to_string(line_) + " is over " +
                                                     std::to_string(limits_.max_line_bytes) +
                                                     " bytes"));
  }
  if (just_passed(++row_bytes_, limits_.max_row_bytes)) {
    fail(Status::invalid_input("bulk.too_large", "the row is over " +
                                                     std::to_string(limits_.max_row_bytes) +
                                                     " bytes"));
  }
}

void CsvScanner::step(unsigned char byte) {
  switch (state_) {
    case State::kCellStart:
      if (is_blank_byte(byte)) return;  // leading blanks: trimmed, or before an opening quote
      if (byte == ',') return end_cell();
      if (byte == '"') {
        state_ = State::kQuoted;
        quoted_ = true;
        quote_line_ = line_;
        return;
      }
      state_ = State::kUnquoted;
      return append(byte);
    case State::kUnquoted:
      if (byte == ',') return end_cell();
      if (byte == '"') {
        return fail(Status::invalid_input(
            "bulk.syntax", "a quote inside an unquoted cell (quote the cell and double the quote)"));
      }
      return append(byte);
    case State::kQuoted:
      if (byte == '"') {
        state_ = State::kQuoteSeen;
        return;
      }
      return append(byte);
    case State::kQuoteSeen:
      if (byte == '"') {
        state_ = State::kQuoted;  // "" is an escaped quote
        return append(byte);
      }
      [[fallthrough]];
    case State::kAfterQuote:
      if (byte == ',') return end_cell();
      if (is_blank_byte(byte)) {
        state_ = State::kAfterQuote;
        return;
      }
      state_ = State::kUnquoted;  // resynchronise at the next comma or line end
      return fail(Status::invalid_input("bulk.syntax", "text after the closing quote of a cell"));
  }
}

void CsvScanner::append(unsigned char byte) {
  if (discarding_ || row_.cell_count >= limits_.max_cells) return;
  if (cell_.size() >= limits_.max_field_bytes) {
    return fail(Status::invalid_input(
        "bulk.too_large", "a value is over " + std::to_string(limits_.max_field_bytes) + " bytes"));
  }
  cell_.push_back(static_cast<char>(byte));
}

void CsvScanner::end_cell() {
  if (!discarding_ && row_.cell_count < limits_.max_cells) {
    if (!quoted_) trim_trailing_blanks(cell_);
    row_.cells.push_back(std::move(cell_));
  }
  cell_.clear();
  quoted_ = false;
  ++row_.cell_count;
  state_ = State::kCellStart;
}

// Records the row's first problem and stops keeping its cells.
void CsvScanner::fail(Status error) {
  if (row_.error.is_ok()) {
    row_.error = std::move(error);
    row_.error_cell = row_.cell_count;
  }
  discarding_ = true;
  cell_.clear();
}

}  // namespace ciie::bulk
