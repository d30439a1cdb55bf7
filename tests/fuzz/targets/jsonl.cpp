// Fuzz target "jsonl": byte 0 picks the reader options (reader_driver.hpp), the rest is the file.
// Beyond the reader contract checked by drain(), every record survives a round trip: written back
// as one JSON object of strings, it reads as exactly one record with the same fields (numbers,
// booleans and nested values were already turned into text).
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/targets/fuzz_target.hpp"
#include "fuzz/targets/reader_driver.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "jsonl";

}  // namespace

int fuzz_jsonl(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ReaderOptions options = reader_options(data[0]);
  const std::vector<Record> records =
      drain(InputFormat::kJsonLines, std::string(as_text(data + 1, size - 1)), options, kName);
  ReaderOptions again_options;
  again_options.max_field_bytes = options.max_field_bytes;
  for (const Record& record : records) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [name, value] : record.fields) object[name] = value;
    const std::vector<Record> again =
        drain(InputFormat::kJsonLines, object.dump() + "\n", again_options, kName);
    require(again.size() == 1 && again[0].fields == record.fields, kName,
            "the record of line " + std::to_string(record.line) +
                " does not read back the same when written as JSON");
  }
  return 0;
}

}  // namespace ciie::fuzz
