// The public entry points of ciie/bulk.hpp: naming a format and choosing its reader.
#include <cctype>
#include <string>

#include "bulk/readers.hpp"
#include "ciie/bulk.hpp"

namespace ciie {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// "csv" → kCsv, "jsonl"/"ndjson" → kJsonLines, in any letter case.
std::optional<InputFormat> format_named(std::string_view name) {
  const std::string lower = lower_ascii(name);
  if (lower == "csv") return InputFormat::kCsv;
  if (lower == "jsonl" || lower == "ndjson") return InputFormat::kJsonLines;
  return std::nullopt;
}

}  // namespace

std::optional<InputFormat> format_from_path(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return format_named(name.substr(dot + 1));
}

std::optional<InputFormat> parse_input_format(std::string_view text) { return format_named(text); }

std::unique_ptr<RecordReader> make_record_reader(std::istream& input, InputFormat format,
                                                 ReaderOptions options) {
  switch (format) {
    case InputFormat::kCsv:
      return bulk::make_csv_reader(input, std::move(options));
    case InputFormat::kJsonLines:
      return bulk::make_jsonl_reader(input, std::move(options));
  }
  return nullptr;  // unreachable: every InputFormat is handled above
}

}  // namespace ciie
