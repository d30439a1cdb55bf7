// Scope checks on units.
#include "registry/access.hpp"

namespace ciie::registry {

Status forbidden(const Actor& actor, std::string_view what) {
  return Status::refused("auth.forbidden", actor.to_string() + " may not " + std::string(what));
}

bool delegation_covers(const Actor& actor, const RouteDecision& route) {
  return actor.kind == ActorKind::kDelegation && !actor.id.empty() &&
         (actor.id == route.home_delegation || actor.id == route.industry_delegation ||
          actor.id == route.sub_delegation);
}

bool may_read_unit(const Actor& actor, const Unit& unit) {
  switch (actor.kind) {
    case ActorKind::kOrganizer:
    case ActorKind::kFinance:
      return true;
    case ActorKind::kUnit:
      return actor.id == unit.account;
    case ActorKind::kDelegation:
      return delegation_covers(actor, unit.route);
    case ActorKind::kApplicant:
      return false;
  }
  return false;
}

bool may_edit_unit(const Actor& actor, const Unit& unit) {
  return actor.kind != ActorKind::kFinance && may_read_unit(actor, unit);
}

bool may_decide_queue(const Rules& rules, const Actor& actor, std::string_view queue,
                      std::string_view sub_delegation) {
  if (actor.kind == ActorKind::kOrganizer) return true;
  if (actor.kind != ActorKind::kDelegation || actor.id.empty()) return false;
  if (queue == "delegation:" + actor.id) return true;
  const auto [owner, sub] = rules.find_sub_delegation(actor.id);
  return owner != nullptr && queue == "delegation:" + owner->slug && sub_delegation == actor.id;
}

}  // namespace ciie::registry
