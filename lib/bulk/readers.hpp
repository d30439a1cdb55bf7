// The two RecordReader implementations behind make_record_reader() (ciie/bulk.hpp), one per
// InputFormat; their error behaviour is documented there and in docs/bulk-input.md.
#pragma once

#include <istream>
#include <memory>

#include "ciie/bulk.hpp"

namespace ciie::bulk {

// REQUIRES (both): `input` outlives the reader.
std::unique_ptr<RecordReader> make_csv_reader(std::istream& input, ReaderOptions options);
std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& input, ReaderOptions options);

}  // namespace ciie::bulk
