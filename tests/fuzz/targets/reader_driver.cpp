// The shared CSV/JSONL reader driver of the fuzz targets (see reader_driver.hpp).
#include "fuzz/targets/reader_driver.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {

ReaderOptions reader_options(std::uint8_t selector) {
  ReaderOptions options;
  if ((selector & 1U) != 0) options.known_columns = {"uscc", "name", "phone", "email", "note"};
  if ((selector & 2U) != 0) options.required_columns = {"uscc"};
  options.ignore_unknown = (selector & 4U) != 0;
  constexpr std::array<std::size_t, 4> kFieldLimits = {64 * 1024, 1, 8, 40};
  constexpr std::array<std::size_t, 4> kLineLimits = {1024 * 1024, 2, 16, 120};
  options.max_field_bytes = kFieldLimits[(selector >> 3U) & 3U];
  options.max_line_bytes = kLineLimits[(selector >> 5U) & 3U];
  return options;
}

namespace {

void check_record(const Record& record, const ReaderOptions& options, std::string_view target) {
  for (const auto& [name, value] : record.fields) {
    require(!name.empty() && is_utf8(name) && name.find('\0') == std::string::npos, target,
            "a field name that is empty, not UTF-8 or holds NUL, line " +
                std::to_string(record.line));
    require(is_utf8(value) && value.find('\0') == std::string::npos, target,
            "the value of " + name + " is not UTF-8 or holds NUL, line " +
                std::to_string(record.line));
    require(value.size() <= options.max_field_bytes, target,
            "the value of " + name + " is over max_field_bytes, line " +
                std::to_string(record.line));
    if (!options.known_columns.empty()) {
      require(std::find(options.known_columns.begin(), options.known_columns.end(), name) !=
                  options.known_columns.end(),
              target, "an unknown column " + name + " reached a record");
    }
  }
}

}  // namespace

std::vector<Record> drain(InputFormat format, const std::string& input,
                          const ReaderOptions& options, std::string_view target) {
  std::istringstream stream(input);
  const std::unique_ptr<RecordReader> reader = make_record_reader(stream, format, options);
  require(reader != nullptr, target, "make_record_reader returned no reader");
  std::vector<Record> records;
  long last_line = 0;         // of any outcome
  long last_record_line = 0;  // of the last record
  const std::size_t max_calls = input.size() + 2;
  for (std::size_t calls = 0;; ++calls) {
    require(calls <= max_calls, target, "the reader did not end after input size + 2 calls");
    Result<std::optional<Record>> next = reader->next();
    if (!next) {
      const Status status = next.status();
      require_refusal(status, Code::kInvalidInput, target, "bulk.");
      require(status.reason() != "bulk.value", target, "a reader refused with bulk.value");
      require(status.line().has_value() && *status.line() >= 1, target,
              "a refusal without a line: " + status.to_string());
      require(*status.line() >= last_line, target, "lines went backwards: " + status.to_string());
      last_line = *status.line();
      continue;
    }
    if (!next->has_value()) {
      require(reader->ended(), target, "nullopt while ended() is false");
      const Result<std::optional<Record>> after = reader->next();
      require(after.is_ok() && !after->has_value(), target, "next() after the end gave more");
      return records;
    }
    const Record& record = **next;
    require(record.line >= 1 && record.line >= last_line && record.line > last_record_line,
            target, "record line " + std::to_string(record.line) + " after line " +
                        std::to_string(last_line));
    last_line = last_record_line = record.line;
    check_record(record, options, target);
    records.push_back(std::move(**next));
  }
}

}  // namespace ciie::fuzz
