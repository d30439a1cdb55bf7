// The command line's bytes: every argument must be UTF-8 text, since names, reasons and paths
// typed there are stored, printed and written as JSON, all of which are UTF-8.
#pragma once

#include "ciie/status.hpp"

namespace ciie::cli {

// argument.encoding (exit 2) naming the first argument (1-based, after the program name) that is
// not valid UTF-8 (overlong forms, surrogates, code points above U+10FFFF, cut-short sequences),
// and the offset of its first bad byte; the bytes themselves are not echoed. Ok otherwise.
Status check_argument_encoding(int argc, const char* const* argv);

}  // namespace ciie::cli
