// The library's version string.
#include "ciie/version.hpp"

namespace ciie {

std::string_view version() { return "0.1.0"; }

}  // namespace ciie
