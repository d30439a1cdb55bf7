// Fuzz target "csv": byte 0 picks the reader options (reader_driver.hpp), the rest is the file.
// Beyond the reader contract checked by drain(), every record survives a round trip: written back
// as a two-line CSV (header of its column names, one row, every cell quoted), it reads as exactly
// one record with the same fields.
#include <string>

#include "fuzz/targets/fuzz_target.hpp"
#include "fuzz/targets/reader_driver.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "csv";

std::string quoted(const std::string& cell) {
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out += '"';
}

// A BOM first, so that a first column name which itself starts with U+FEFF keeps it.
std::string as_csv(const Record& record) {
  std::string header = "\xEF\xBB\xBF", row;
  for (const auto& [name, value] : record.fields) {
    if (!row.empty() || header.size() > 3) {
      header += ',';
      row += ',';
    }
    header += quoted(name);
    row += quoted(value);
  }
  return header + "\r\n" + row + "\r\n";
}

}  // namespace

int fuzz_csv(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ReaderOptions options = reader_options(data[0]);
  const std::vector<Record> records =
      drain(InputFormat::kCsv, std::string(as_text(data + 1, size - 1)), options, kName);
  ReaderOptions again_options;
  again_options.max_field_bytes = options.max_field_bytes;
  for (const Record& record : records) {
    if (record.fields.empty()) continue;  // a row of empty cells has no header to write
    const std::vector<Record> again =
        drain(InputFormat::kCsv, as_csv(record), again_options, kName);
    require(again.size() == 1 && again[0].fields == record.fields, kName,
            "the record of line " + std::to_string(record.line) +
                " does not read back the same when written as CSV");
  }
  return 0;
}

}  // namespace ciie::fuzz
