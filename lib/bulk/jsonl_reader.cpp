// The JSON Lines RecordReader: one object per physical line, blank lines skipped. Every problem
// is confined to its line, except an unknown key, which ends the stream (see next()).
#include <algorithm>
#include <utility>

#include "bulk/byte_source.hpp"
#include "bulk/columns.hpp"
#include "bulk/json_flatten.hpp"
#include "bulk/readers.hpp"
#include "bulk/utf8.hpp"

namespace ciie::bulk {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t") == std::string_view::npos; }

Status encoding_error(std::string_view text, const Utf8Error& error, long line) {
  const char byte = error.offset < text.size() ? text[error.offset] : '\0';
  return Status::invalid_input("bulk.encoding",
                               describe_utf8_error(error, static_cast<unsigned char>(byte), line, error.offset + 1))
      .at(line);
}

// Thread-safety: not thread-safe.
class JsonLinesReader final : public RecordReader {
 public:
  JsonLinesReader(std::istream& input, ReaderOptions options)
      : source_(input), policy_(options), options_(std::move(options)) {
    source_.skip_prefix(kByteOrderMark);
  }

  // Per-line problems leave the stream open. An unknown key ends it (after the refusal, next()
  // returns nullopt): like an unknown CSV column it is a problem with the whole file, reported
  // once at the first line that uses it.
  Result<std::optional<Record>> next() override;
  bool ended() const override { return ended_; }

 private:
  Result<std::optional<Record>> parse(long line);
  Status apply_columns(FlatObject& object, long line);

  ByteSource source_;
  ColumnPolicy policy_;
  ReaderOptions options_;
  std::string text_;  // the current line
  long line_ = 0;     // its physical line number
  bool ended_ = false;
};

Result<std::optional<Record>> JsonLinesReader::next() {
  while (!ended_) {
    const LineStatus status = source_.read_line(text_, options_.max_line_bytes);
    if (status == LineStatus::kEof) break;
    const long line = ++line_;
    if (status == LineStatus::kTooLong) {
      return Status::invalid_input("bulk.too_large",
                                   "line " + std::to_string(line) + " is over " +
                                       std::to_string(options_.max_line_bytes) + " bytes")
          .at(line);
    }
    if (!is_blank(text_)) return parse(line);
  }
  ended_ = true;
  return std::optional<Record>();
}

Result<std::optional<Record>> JsonLinesReader::parse(long line) {
  if (const auto bad = find_invalid_utf8(text_)) return encoding_error(text_, *bad, line);
  Result<FlatObject> object = flatten_json_object(text_, line, options_.max_field_bytes);
  if (!object) return std::move(object).take_status();
  CIIE_RETURN_IF_ERROR(apply_columns(*object, line));
  Record record;
  record.line = line;
  record.fields = std::move(object->fields);
  return std::optional<Record>(std::move(record));
}

// Drops or refuses unknown keys, then checks that every required key is there (null counts:
// present but empty, like an empty CSV cell in a column the header has).
Status JsonLinesReader::apply_columns(FlatObject& object, long line) {
  for (const std::string& key : object.keys) {
    if (policy_.is_known(key)) continue;
    if (!policy_.ignore_unknown()) {
      ended_ = true;
      return unknown_column_error(key, line);
    }
    object.fields.erase(key);
  }
  for (const std::string& name : policy_.required()) {
    if (std::find(object.keys.begin(), object.keys.end(), name) == object.keys.end()) {
      return missing_column_error(name, "the object", line);
    }
  }
  return Status::ok();
}

}  // namespace

std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& input, ReaderOptions options) {
  return std::make_unique<JsonLinesReader>(input, std::move(options));
}

}  // namespace ciie::bulk
