// REV-1 routing at submission and the scope of a reviewer's queue.
#include "review/review_queue.hpp"

#include <algorithm>

#include "ciie/codes.hpp"

#include "registry/access.hpp"

namespace ciie::review {
namespace {

bool auto_approved_category(const Rules& rules, UnitCategory category) {
  const auto& list = rules.registration.auto_approved;
  return std::find(list.begin(), list.end(), category) != list.end();
}

std::string responsible_queue(const Unit& unit) {
  if (!unit.route.reviewer.empty()) return unit.route.reviewer;
  if (!unit.route.industry_delegation.empty()) return "delegation:" + unit.route.industry_delegation;
  if (!unit.route.home_delegation.empty()) return "delegation:" + unit.route.home_delegation;
  return "organizer";
}

}  // namespace

SubmissionRoute route_submission(const Rules& rules, const Unit& unit) {
  SubmissionRoute route;
  if (unit.region != UnitRegion::kMainland) {
    route.why.push_back("region:" + std::string(to_string(unit.region)));
  } else if (!auto_approved_category(rules, unit.category)) {
    route.why.push_back("category:" + std::string(to_string(unit.category)));
  }
  if (!unit.route.industry_delegation.empty()) route.why.push_back("industry_member");
  for (const RouteFlag flag : unit.route.flags) {
    route.why.push_back("flag:" + std::string(to_string(flag)));
  }
  if (unit.region == UnitRegion::kMainland) {
    // Re-checked at submission: an allow-listed code carries its flag already; anything else
    // that fails now (a store written by hand, a rule tightened) is for a person to judge.
    const auto uscc = codes::check_uscc(unit.uscc);
    const bool flagged = std::find(unit.route.flags.begin(), unit.route.flags.end(),
                                   RouteFlag::kAllowlistedUscc) != unit.route.flags.end();
    if (!uscc.is_ok() && !flagged) route.why.push_back("uscc:" + uscc.status().reason());
  }
  route.automatic = route.why.empty();
  if (!route.automatic) route.queue = responsible_queue(unit);
  return route;
}

Result<QueueScope> resolve_queue(const Rules& rules, const Actor& actor, std::string_view requested,
                                 std::string_view sub_delegation) {
  // Scope before the request is judged (domain §1): only the organizer and delegations review.
  if (actor.kind != ActorKind::kOrganizer &&
      (actor.kind != ActorKind::kDelegation || actor.id.empty())) {
    return registry::forbidden(actor, "review units");
  }
  QueueScope scope;
  std::string own;  // holds the actor's own queue name while `requested` refers to it
  if (requested.empty()) {
    if (actor.kind == ActorKind::kOrganizer) {
      scope.queue = "organizer";
    } else if (actor.kind == ActorKind::kDelegation && !actor.id.empty()) {
      own = "delegation:" + actor.id;  // resolved below like a named queue
      requested = own;
    } else {
      return registry::forbidden(actor, "review units");
    }
  }
  if (requested == "organizer" || requested == "all") {
    if (actor.kind != ActorKind::kOrganizer) {
      return registry::forbidden(actor, "list the " + std::string(requested) + " queue");
    }
    scope.queue = std::string(requested);
  } else if (!requested.empty()) {
    constexpr std::string_view kPrefix = "delegation:";
    if (requested.substr(0, kPrefix.size()) != kPrefix) {
      return Status::refused("delegation.unknown",
                             "a queue is organizer, all or delegation:<slug>, not '" +
                                 std::string(requested) + "'");
    }
    const std::string slug(requested.substr(kPrefix.size()));
    if (rules.find_delegation(slug) != nullptr) {
      scope.queue = "delegation:" + slug;
    } else {
      const auto [owner, sub] = rules.find_sub_delegation(slug);
      if (owner == nullptr) {
        return Status::refused("delegation.unknown", "no delegation or sub-delegation '" + slug +
                                                         "'");
      }
      scope.queue = "delegation:" + owner->slug;
      scope.sub_delegation = slug;
    }
  }
  if (!sub_delegation.empty()) {
    const auto [owner, sub] = rules.find_sub_delegation(sub_delegation);
    if (owner == nullptr) {
      return Status::refused("delegation.unknown",
                             "no sub-delegation '" + std::string(sub_delegation) + "'");
    }
    if (scope.queue != "all" && scope.queue != "delegation:" + owner->slug) {
      return Status::refused("delegation.sub_mismatch",
                             std::string(sub_delegation) + " belongs to " + owner->slug);
    }
    if (!scope.sub_delegation.empty() && scope.sub_delegation != sub_delegation) {
      return Status::refused("delegation.sub_mismatch", "two different sub-delegations named");
    }
    scope.sub_delegation = std::string(sub_delegation);
  }
  if (scope.queue != "all" &&
      !registry::may_decide_queue(rules, actor, scope.queue, scope.sub_delegation)) {
    return registry::forbidden(actor, "see the queue of " + scope.queue);
  }
  return scope;
}

}  // namespace ciie::review
