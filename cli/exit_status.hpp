// The one place where failure classes become process exit statuses (cli.md "Exit status").
#pragma once

#include "ciie/status.hpp"

namespace ciie::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitConflict = 4;
inline constexpr int kExitStorage = 5;
inline constexpr int kExitExternal = 6;
inline constexpr int kExitInternal = 70;

// 0 for ok; 1 refused, 2 invalid input, 3 not found, 4 conflict, 5 storage, 6 external, 70 bug.
int exit_status(Code code);

}  // namespace ciie::cli
