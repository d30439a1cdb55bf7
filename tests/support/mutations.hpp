// Mutations of a valid code for the check-character property tests: every single substitution
// over an alphabet, and every adjacent (i↔i+1) and jump (i↔i+2) transposition.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ciie::test {

// Every string that differs from `code` in exactly one position, by a symbol of `alphabet`.
inline std::vector<std::string> substitutions(const std::string& code, std::string_view alphabet) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    for (const char c : alphabet) {
      if (c == code[i]) continue;
      std::string changed = code;
      changed[i] = c;
      out.push_back(std::move(changed));
    }
  }
  return out;
}

// Every adjacent and (unless `adjacent_only`) jump transposition that changes `code`.
inline std::vector<std::string> transpositions(const std::string& code, bool adjacent_only = false) {
  std::vector<std::string> out;
  for (const std::size_t gap : {std::size_t{1}, std::size_t{2}}) {
    if (gap == 2 && adjacent_only) break;
    for (std::size_t i = 0; i + gap < code.size(); ++i) {
      std::string swapped = code;
      std::swap(swapped[i], swapped[i + gap]);
      if (swapped != code) out.push_back(std::move(swapped));
    }
  }
  return out;
}

}  // namespace ciie::test
