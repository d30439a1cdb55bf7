// ciie.toml for the generated data (docs/config.md): the built-in 7th-edition rules (43
// delegations) plus one [[delegation_override]] per delegation that gains sub-delegations, each
// new one as [[delegation_override.sub_delegation]] with its name and, for a district
// sub-delegation, its own 6-digit prefix (which routes to its delegation, as config.md requires).
#pragma once

#include <string>

#include "delegation_plan.hpp"

namespace ciie::datagen {

// Returns the number of lines written.
std::int64_t write_config(const Plan& plan, std::uint64_t seed, double scale,
                          const std::string& path);

}  // namespace ciie::datagen
