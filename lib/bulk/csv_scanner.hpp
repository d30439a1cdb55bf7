// CsvScanner: the RFC 4180 state machine under the CSV reader. It turns bytes into rows of cells,
// one row in memory at a time, tracking physical line numbers, UTF-8 validity and size limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "bulk/byte_source.hpp"
#include "bulk/utf8.hpp"
#include "ciie/status.hpp"

namespace ciie::bulk {

inline constexpr std::size_t kNoCell = SIZE_MAX;

struct CsvLimits {
  std::size_t max_field_bytes = SIZE_MAX;  // bytes in one cell
  std::size_t max_line_bytes = SIZE_MAX;   // bytes on one physical line, line end excluded
  std::size_t max_row_bytes = SIZE_MAX;    // bytes in one row over all its lines
  std::size_t max_cells = SIZE_MAX;        // cells kept per row; the rest are only counted
};

// One scanned row. When `error` is not ok the cells are incomplete and must not be used.
struct CsvRow {
  long line = 0;                     // the row's first physical line, 1-based
  std::vector<std::string> cells;    // unquoted cells trimmed of spaces and tabs; "" when empty
  std::size_t cell_count = 0;        // cells seen, including any past max_cells
  Status error;                      // the row's first problem, without line or field
  std::size_t error_cell = kNoCell;  // the index of the cell the problem is in
  bool fatal = false;                // the problem leaves no reliable place to resume
};

// Thread-safety: not thread-safe.
class CsvScanner {
 public:
  // Skips a UTF-8 byte order mark. REQUIRES: `input` outlives the scanner.
  CsvScanner(std::istream& input, CsvLimits limits);

  // The next row that is not blank (nothing but spaces and tabs), or nullopt at the end of the
  // input and after a fatal row. Fatal: a quote still open at the end of the input, invalid UTF-8
  // in a row that spans lines (its quotes can no longer be trusted).
  std::optional<CsvRow> next_row();
  // Limits for the rows that follow (the header and the data rows differ).
  void set_limits(CsvLimits limits) { limits_ = limits; }

 private:
  enum class State { kCellStart, kUnquoted, kQuoted, kQuoteSeen, kAfterQuote };

  void begin_row();
  void scan_row();
  std::size_t take_plain_run();
  bool at_line_end();
  bool line_break();
  void finish_at_eof();
  void check_encoding(unsigned char byte);
  void count_byte();
  void step(unsigned char byte);
  void append(unsigned char byte);
  void end_cell();
  void fail(Status error);

  ByteSource source_;
  CsvLimits limits_;
  Utf8Validator utf8_;
  long line_ = 1;               // the physical line being read
  bool ended_ = false;          // a fatal row was returned
  CsvRow row_;                  // the row being scanned
  State state_ = State::kCellStart;
  std::string cell_;            // the cell being scanned
  bool quoted_ = false;         // the current cell was quoted (and so is not trimmed)
  bool discarding_ = false;     // the row has failed: scan on to its end, keep nothing
  bool encoding_error_ = false; // the row has invalid UTF-8
  bool blank_ = true;           // the row has had only spaces and tabs so far
  long quote_line_ = 0;         // where the open quoted cell started
  std::size_t line_bytes_ = 0;  // bytes so far on the current physical line
  std::size_t row_bytes_ = 0;   // bytes so far in the row
};

}  // namespace ciie::bulk
