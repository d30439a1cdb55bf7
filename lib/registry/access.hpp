// Who may do what to a unit (domain §1). One place for the scope rules the use cases share;
// the full actor × action table arrives with the review module.
#pragma once

#include <string_view>

#include "ciie/actor.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::registry {

// auth.forbidden: "<actor> may not <what>".
Status forbidden(const Actor& actor, std::string_view what);

// Whether a delegation actor is responsible for a unit: its home or industry delegation.
bool delegation_covers(const Actor& actor, const RouteDecision& route);
// Organizer and finance see every unit; a unit itself; its delegations.
bool may_read_unit(const Actor& actor, const Unit& unit);
// The organizer, the unit itself and its delegations may change a unit's information.
bool may_edit_unit(const Actor& actor, const Unit& unit);

}  // namespace ciie::registry
