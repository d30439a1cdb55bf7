// Which queue reviews what (REV-1, REV-2): the queue a unit enters on submission and why a person
// has to look at it, and the queue a reviewer's listing names. Pure functions over the rules.
// Thread-safety: pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"

namespace ciie::review {

// Where a submitted unit goes.
struct SubmissionRoute {
  bool automatic = false;        // approved on submission (无感审核)
  std::string queue;             // "delegation:<slug>" or "organizer" when not automatic
  std::vector<std::string> why;  // "category:government", "region:overseas", "industry_member",
                                 // "flag:<route flag>", "uscc:<reason>"; empty when automatic
};

// REV-1 on the unit as stored: mainland units of a category in registration.auto_approved, with
// no route flag, no industry delegation and a USCC that still passes its checks, are approved
// automatically. Others go to the reviewer the routing named (the industry delegation for its
// members, else the home delegation), and to the organizer when the unit has no delegation.
SubmissionRoute route_submission(const Rules& rules, const Unit& unit);

// The queue a listing or approve-all covers.
struct QueueScope {
  std::string queue;           // "delegation:<slug>", "organizer" or "all"
  std::string sub_delegation;  // only units of this sub-delegation ("" = all)
};

// Resolves what a reviewer asked for. `requested` is "" (the actor's own queue: the organizer's
// is "organizer"), "organizer", "all", or "delegation:<slug>" where the slug may be a
// sub-delegation (its parent's queue, narrowed to it). `sub_delegation` narrows further.
// Errors: auth.forbidden (a delegation naming another's queue, or anyone but the organizer
// asking for "organizer"/"all"), delegation.unknown, delegation.sub_mismatch.
Result<QueueScope> resolve_queue(const Rules& rules, const Actor& actor, std::string_view requested,
                                 std::string_view sub_delegation);

}  // namespace ciie::review
