// Scope checks on units.
#include "registry/access.hpp"

namespace ciie::registry {

Status forbidden(const Actor& actor, std::string_view what) {
  return Status::refused("auth.forbidden", actor.to_string() + " may not " + std::string(what));
}

bool delegation_covers(const Actor& actor, const RouteDecision& route) {
  return actor.kind == ActorKind::kDelegation && !actor.id.empty() &&
         (actor.id == route.home_delegation || actor.id == route.industry_delegation);
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

}  // namespace ciie::registry
