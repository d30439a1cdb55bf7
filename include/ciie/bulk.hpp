// Bulk input (domain §15): CSV (UTF-8, header row, RFC 4180 quoting, optional BOM) or JSON Lines,
// streamed row by row. Each row's outcome carries its line number; by default a bulk operation
// applies all rows or none.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie {

enum class InputFormat { kCsv, kJsonLines };
// From a file name: ".csv" → kCsv, ".jsonl"/".ndjson" → kJsonLines; nullopt otherwise.
std::optional<InputFormat> format_from_path(std::string_view path);
std::optional<InputFormat> parse_input_format(std::string_view text);  // "csv", "jsonl"

// One input row: its first line number in the file and its fields by column name.
struct Record {
  long line = 0;
  std::map<std::string, std::string> fields;
};

// Reads records one at a time with bounded memory.
// Thread-safety: not thread-safe.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record, nullopt at the end. Errors (invalid_input, with line() and field()):
  // bulk.encoding (not UTF-8, or a NUL byte), bulk.syntax (unbalanced quotes, a bad JSON line, a
  // row with more or fewer cells than the header), bulk.column (an empty or duplicate header),
  // bulk.unknown_column, bulk.missing_column, bulk.too_large (a field or a line over the limit).
  // After an error next() may be called again: a problem confined to one record skips that record;
  // a structural one (any CSV header problem, an unknown JSON key, a quote open at the end of the
  // input, invalid UTF-8 in a CSV record spanning lines) ends the stream: next() then returns
  // nullopt (after one error per bad header column). So "report and call again until nullopt"
  // always terminates. See docs/bulk-input.md.
  virtual Result<std::optional<Record>> next() = 0;
  // True once next() has nothing more to give: the input is done, or an error ended the stream
  // (a bad header, an unknown column, an unterminated quote at the end).
  virtual bool ended() const = 0;
};

struct ReaderOptions {
  std::vector<std::string> known_columns;     // empty: accept any column
  std::vector<std::string> required_columns;  // must be present (CSV header / each JSON object)
  bool ignore_unknown = false;                // drop unknown columns instead of refusing them
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_line_bytes = 1024 * 1024;
};

// A reader over `input`, which must outlive it. JSON values that are numbers or booleans become
// their text; null becomes an absent field; nested objects and arrays are kept as JSON text.
std::unique_ptr<RecordReader> make_record_reader(std::istream& input, InputFormat format,
                                                 ReaderOptions options);

// How a bulk command applies its rows.
struct BulkOptions {
  bool continue_on_error = false;  // apply the good rows even when some fail
  bool dry_run = false;            // validate everything, change nothing
  bool ignore_unknown = false;     // unknown columns are dropped, not refused
};

// The outcome of one row.
struct RowOutcome {
  long line = 0;
  bool ok = false;
  std::string outcome;  // "registered", "unchanged", … when ok
  std::string subject;  // what the row made or matched, e.g. the unit's account
  Status error;         // when !ok, with line() and field()
};

struct BulkSummary {
  std::int64_t rows = 0;
  std::int64_t ok = 0;
  std::int64_t failed = 0;
  std::map<std::string, std::int64_t> by_outcome;  // "registered" → 12, "unchanged" → 3
  bool applied = false;  // whether the store changed (committed, and some row was not "unchanged")
};

using RowCallback = std::function<void(const RowOutcome&)>;

}  // namespace ciie
