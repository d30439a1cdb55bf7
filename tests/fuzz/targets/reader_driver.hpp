// The driver the "csv" and "jsonl" targets share: reader options chosen by the first input byte,
// and the loop that drains a RecordReader while checking the RecordReader contract (ciie/bulk.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/bulk.hpp"

namespace ciie::fuzz {

// Options from one byte: bit 0 restricts the known columns, bit 1 adds required ones, bit 2
// ignores unknown columns, bits 3–4 pick the field limit and bits 5–6 the line limit (small
// limits reach the bulk.too_large paths with short inputs).
ReaderOptions reader_options(std::uint8_t selector);

// Drains a reader over `input`, checking: every call returns a record or a refusal (kInvalidInput,
// a listed bulk.* key, a line ≥ 1); lines never go backwards and two records never share one;
// field names and values are UTF-8 without NUL, values within max_field_bytes, names within the
// known columns when those are restricted; the reader ends after at most input.size() + 2 calls
// (every call consumes input, or ends the stream); once next() gave nullopt, ended() is true and
// next() keeps giving nullopt. Returns the records read.
std::vector<Record> drain(InputFormat format, const std::string& input,
                          const ReaderOptions& options, std::string_view target);

}  // namespace ciie::fuzz
