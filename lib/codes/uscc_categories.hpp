// The registration-authority / institution-category pairs of USCC positions 1–2 (GB 32100-2015,
// amendment 1 of 2016, and the later G/J/Q/36/54/55/82/99 additions; china-rules.md §1.2).
#pragma once

#include <string_view>

namespace ciie::codes::detail {

struct CategoryNames {
  std::string_view authority;  // "市场监管"; "" when position 1 is not a known authority
  std::string_view category;   // "企业"; "" when the pair is not known
};

// The names of an authority and category pair. The table is open-ended in practice, so an
// unknown pair is a warning for the caller to raise, never a refusal.
CategoryNames category_names(char authority, char category);

}  // namespace ciie::codes::detail
