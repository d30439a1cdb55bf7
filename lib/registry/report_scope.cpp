// The scope of statistics and exports.
#include "registry/report_scope.hpp"

#include "registry/access.hpp"

namespace ciie::registry {

Result<std::string> report_scope(const Rules& rules, const Actor& actor,
                                 const std::string& requested, std::string_view what) {
  if (!requested.empty() && rules.find_delegation(requested) == nullptr &&
      rules.find_sub_delegation(requested).second == nullptr) {
    return Status::refused("delegation.unknown", "no delegation '" + requested + "'")
        .in_field("delegation");
  }
  switch (actor.kind) {
    case ActorKind::kOrganizer:
    case ActorKind::kFinance:
      return requested;
    case ActorKind::kDelegation: {
      if (actor.id.empty()) break;
      if (requested.empty() || requested == actor.id) return actor.id;
      // A delegation may narrow itself to one of its sub-delegations.
      const auto [parent, sub] = rules.find_sub_delegation(requested);
      if (sub != nullptr && parent->slug == actor.id) return requested;
      return forbidden(actor, std::string(what) + " of " + requested);
    }
    case ActorKind::kUnit:
    case ActorKind::kApplicant:
      break;
  }
  return forbidden(actor, std::string(what));
}

}  // namespace ciie::registry
