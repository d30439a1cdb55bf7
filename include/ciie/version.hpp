// The library's version.
#pragma once

#include <string_view>

namespace ciie {

inline constexpr int kVersionMajor = 0;
inline constexpr int kVersionMinor = 1;
inline constexpr int kVersionPatch = 0;
// "0.1.0".
std::string_view version();

}  // namespace ciie
