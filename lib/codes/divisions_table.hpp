// The shape of the compiled-in GB/T 2260 history table. Its definition is generated at build time
// by tools/gen_divisions.cpp from data/divisions/gbt2260-history.csv (see divisions.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace ciie::codes::detail {

// One row of the history: a code with one name over one interval of years.
struct DivisionRow {
  std::string_view code;        // 6 ASCII digits
  std::string_view name;        // "浦东新区"
  std::string_view province;    // "上海市"
  std::string_view prefecture;  // "直辖", the prefecture's name, or "" for provinces
  int level;                    // 1 province, 2 prefecture, 3 county
  int first_year;               // first year in use
  int last_year;                // last year in use, inclusive (0 = still in use)
};

// Sorted by (code, first_year, last_year with 0 last): the rows of one code are contiguous and
// its newest row comes last, so lookups are a binary search.
extern const DivisionRow kDivisionRows[];
extern const std::size_t kDivisionRowCount;
// "GB/T 2260 1981–2024 (yescallop/areacodes, CC0)".
extern const std::string_view kDivisionsVersion;

}  // namespace ciie::codes::detail
