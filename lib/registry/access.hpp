// Who may do what (domain §1). One place for the scope rules the use cases share; the actor ×
// action table in docs/access.md is this file in prose, and tests/unit/access_scope_test.cpp
// checks every cell of it.
#pragma once

#include <string_view>

#include "ciie/actor.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::registry {

// auth.forbidden: "<actor> may not <what>".
Status forbidden(const Actor& actor, std::string_view what);

// Whether a delegation actor is responsible for a unit: its home or industry delegation, or —
// for an actor naming a sub-delegation — the unit's sub-delegation.
bool delegation_covers(const Actor& actor, const RouteDecision& route);
// Organizer and finance see every unit; a unit itself; its delegations.
bool may_read_unit(const Actor& actor, const Unit& unit);
// The organizer, the unit itself and its delegations may change a unit's information.
bool may_edit_unit(const Actor& actor, const Unit& unit);
// Whether the actor decides units of `queue` ("delegation:<slug>" or "organizer") for a unit in
// `sub_delegation`: the organizer decides every queue; a delegation its own queue; an actor
// naming a sub-delegation the units of that sub-delegation in its parent's queue.
bool may_decide_queue(const Rules& rules, const Actor& actor, std::string_view queue,
                      std::string_view sub_delegation);

}  // namespace ciie::registry
