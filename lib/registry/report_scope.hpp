// Whose units statistics and exports cover (docs/stats-export.md): the organizer and finance all
// units or the delegation they name; a delegation only its own (or one of its sub-delegations).
#pragma once

#include <string>
#include <string_view>

#include "ciie/actor.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::registry {

// The delegation slug to limit the figures or rows to ("" = every unit) for `actor` asking for
// `requested` ("" = all it may see). `what` names the use in the refusal.
// Errors: auth.forbidden (a unit, the applicant, or a delegation asking for one not its own),
// delegation.unknown (`requested` is no delegation or sub-delegation of the rules).
Result<std::string> report_scope(const Rules& rules, const Actor& actor,
                                 const std::string& requested, std::string_view what);

}  // namespace ciie::registry
