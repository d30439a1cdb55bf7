// Registry use cases for purchase needs and matching (MATCH-1): a unit publishes and withdraws
// needs; exhibits are ranked for a need and needs for an exhibitor by match::ExhibitMatcher over
// every exhibit in the store.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "match/exhibit_matcher.hpp"
#include "match/exhibit_row.hpp"
#include "registry/access.hpp"
#include "registry/points_flow.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

constexpr int kMaxLimit = 100;
constexpr std::size_t kMaxKeywordBytes = 400;
constexpr std::size_t kMaxDescriptionBytes = 4000;

Status check_limit(int limit) {
  if (limit < 1 || limit > kMaxLimit) {
    return Status::invalid_input("match.limit",
                                 "limit: from 1 to " + std::to_string(kMaxLimit))
        .in_field("limit");
  }
  return Status::ok();
}

ExhibitFilter every_exhibit() {
  ExhibitFilter filter;
  filter.limit = 0;
  return filter;
}

NeedFilter every_open_need() {
  NeedFilter filter;
  filter.state = NeedState::kOpen;
  filter.limit = 0;
  return filter;
}

Status unknown_need(std::int64_t id) {
  return Status::not_found("need.unknown", "no purchase need " + std::to_string(id));
}

Status check_need(const Rules& rules, const NeedRequest& r) {
  CIIE_RETURN_IF_ERROR(match::check_area_category(rules, r.area, r.category));
  if (r.keywords.find_first_not_of(" \t\r\n") == std::string::npos ||
      r.keywords.size() > kMaxKeywordBytes) {
    return Status::invalid_input("need.keywords",
                                 "keywords: required, at most " +
                                     std::to_string(kMaxKeywordBytes) + " bytes")
        .in_field("keywords");
  }
  if (r.description.size() > kMaxDescriptionBytes) {
    return Status::invalid_input("need.description",
                                 "description: at most " +
                                     std::to_string(kMaxDescriptionBytes) + " bytes")
        .in_field("description");
  }
  if (r.budget && r.budget->fen() <= 0) {
    return Status::invalid_input("need.budget", "budget: more than 0.00 yuan")
        .in_field("budget");
  }
  if (r.quantity && (*r.quantity <= 0 || *r.quantity > 1'000'000'000)) {
    return Status::invalid_input("need.quantity", "quantity: a whole number from 1")
        .in_field("quantity");
  }
  return Status::ok();
}

}  // namespace

Result<PurchaseNeed> Registry::publish_need(const Actor& actor, const NeedRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, request.unit));
  if (!registry::may_edit_unit(actor, unit)) {
    return registry::forbidden(actor, "publish purchase needs for unit " + request.unit);
  }
  CIIE_RETURN_IF_ERROR(check_need(options_.rules, request));
  PurchaseNeed need;
  need.unit = unit.account;
  need.unit_name = unit.name;
  need.area = request.area;
  need.category = request.category;
  need.keywords = request.keywords;
  need.description = request.description;
  need.budget = request.budget;
  need.quantity = request.quantity;
  need.published_at = options_.clock->now();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_RETURN_IF_ERROR(store_->insert_need(need));
    // PTS-1: publishing earns publish_need, in this transaction (docs/points.md).
    CIIE_RETURN_IF_ERROR(registry::award_need_published(*store_, options_.rules, need.unit,
                                                        need.id, need.published_at,
                                                        actor.to_string()));
    return audit::record(*store_, *options_.clock, actor, "need.publish",
                         "need:" + std::to_string(need.id),
                         {{"unit", need.unit}, {"area", need.area}, {"category", need.category}});
  }));
  return need;
}

Result<std::vector<PurchaseNeed>> Registry::needs(const Actor& actor, const NeedFilter& filter) {
  NeedFilter scoped = filter;
  switch (actor.kind) {
    case ActorKind::kOrganizer:
      break;
    case ActorKind::kUnit:
      if (!scoped.unit.empty() && scoped.unit != actor.id) {
        return registry::forbidden(actor, "list the needs of unit " + scoped.unit);
      }
      scoped.unit = actor.id;
      break;
    case ActorKind::kDelegation: {
      if (scoped.unit.empty()) {
        return registry::forbidden(actor, "list every unit's needs (name one with --unit)");
      }
      CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, scoped.unit));
      (void)unit;  // unit() has checked that the delegation covers it
      break;
    }
    default:
      return registry::forbidden(actor, "list purchase needs");
  }
  return store_->list_needs(scoped);
}

Result<PurchaseNeed> Registry::withdraw_need(const Actor& actor, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_need(id));
  if (!found) return unknown_need(id);
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, found->unit));
  if (!registry::may_edit_unit(actor, unit)) {
    return registry::forbidden(actor, "withdraw need " + std::to_string(id));
  }
  const Instant now = options_.clock->now();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const bool withdrawn, store_->withdraw_need(id, now));
    if (!withdrawn) {
      return Status::refused("need.withdrawn",
                             "need " + std::to_string(id) + " was withdrawn already");
    }
    // A withdrawn need gives its points back, so publishing and withdrawing cannot farm points.
    const std::string subject = "need:" + std::to_string(id);
    CIIE_RETURN_IF_ERROR(registry::reverse_award(*store_, options_.rules, PointsRule::kNeed,
                                                 subject, PointsHolder::unit(found->unit).to_string(),
                                                 "withdrawal:" + subject, "purchase need withdrawn",
                                                 now, actor.to_string())
                             .status());
    return audit::record(*store_, *options_.clock, actor, "need.withdraw",
                         "need:" + std::to_string(id), {{"unit", found->unit}});
  }));
  found->state = NeedState::kWithdrawn;
  found->withdrawn_at = now;
  return std::move(*found);
}

Result<std::vector<MatchResult>> Registry::match_need(const Actor& actor, std::int64_t id,
                                                      int limit) {
  CIIE_RETURN_IF_ERROR(check_limit(limit));
  CIIE_ASSIGN_OR_RETURN(const auto need, store_->find_need(id));
  if (!need) return unknown_need(id);
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, need->unit));  // checks the scope
  (void)unit;
  if (need->state != NeedState::kOpen) {
    return Status::refused("need.withdrawn", "need " + std::to_string(id) + " was withdrawn");
  }
  CIIE_ASSIGN_OR_RETURN(auto exhibits, store_->list_exhibits(every_exhibit()));
  match::ExhibitMatcher matcher(std::move(exhibits));
  return matcher.match_need(*need, static_cast<std::size_t>(limit));
}

Result<std::vector<MatchResult>> Registry::match_exhibitor(const Actor& actor,
                                                           const std::string& exhibitor,
                                                           int limit) {
  if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "match needs for an exhibitor");
  }
  CIIE_RETURN_IF_ERROR(check_limit(limit));
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_exhibitor(exhibitor));
  if (!found) return Status::not_found("exhibitor.unknown", "no exhibitor '" + exhibitor + "'");
  CIIE_ASSIGN_OR_RETURN(auto exhibits, store_->list_exhibits(every_exhibit()));
  CIIE_ASSIGN_OR_RETURN(const auto needs, store_->list_needs(every_open_need()));
  const match::ExhibitMatcher matcher(std::move(exhibits));
  return matcher.match_exhibitor(exhibitor, needs, static_cast<std::size_t>(limit));
}

Result<std::int64_t> Registry::match_all_needs(const Actor& actor, int limit,
                                               const NeedMatchCallback& on_need) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "match every need");
  CIIE_RETURN_IF_ERROR(check_limit(limit));
  CIIE_ASSIGN_OR_RETURN(auto exhibits, store_->list_exhibits(every_exhibit()));
  CIIE_ASSIGN_OR_RETURN(const auto needs, store_->list_needs(every_open_need()));
  match::ExhibitMatcher matcher(std::move(exhibits));
  for (const PurchaseNeed& need : needs) {
    on_need(need, matcher.match_need(need, static_cast<std::size_t>(limit)));
  }
  return static_cast<std::int64_t>(needs.size());
}

}  // namespace ciie
