// How unit fields that have no columns of their own are kept: the routing decision and the
// profile as JSON objects. Reading is strict: a corrupt document is store.io, not a guess.
#pragma once

#include <string>

#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::store::sql {

std::string encode_route(const RouteDecision& route);
Result<RouteDecision> decode_route(const std::string& json);
std::string encode_profile(const UnitProfile& profile);
Result<UnitProfile> decode_profile(const std::string& json);

}  // namespace ciie::store::sql
