// Registry use cases for free quotas (BDG-2): showing the rows with the places left, and the
// organizer setting a quota's places. Taking a place happens when a person is added
// (person_flow.cpp); `ciie init` re-syncs places from the configuration (docs/config.md).
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

FreeQuota to_free_quota(const store::QuotaRow& row) {
  FreeQuota quota;
  quota.delegation = row.delegation;
  quota.sub_delegation = row.sub_delegation;
  quota.badge_type = row.badge_type;
  quota.places = row.places;
  quota.used = row.used;
  return quota;
}

Status unknown_delegation(const std::string& slug) {
  return Status::refused("delegation.unknown", "no delegation '" + slug + "'")
      .in_field("delegation");
}

}  // namespace

Result<std::vector<FreeQuota>> Registry::quotas(const Actor& actor, const std::string& delegation) {
  std::string wanted = delegation;
  std::string only_sub;  // an actor naming a sub-delegation sees only that pool
  if (actor.kind == ActorKind::kDelegation) {
    const auto [parent, sub] = options_.rules.find_sub_delegation(actor.id);
    const std::string own = sub != nullptr ? parent->slug : actor.id;
    if (!wanted.empty() && wanted != own && wanted != actor.id) {
      return registry::forbidden(actor, "see the free quotas of " + wanted);
    }
    wanted = own;
    if (sub != nullptr) only_sub = sub->slug;
  } else if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "see free quotas");
  }
  if (!wanted.empty() && options_.rules.find_delegation(wanted) == nullptr) {
    return unknown_delegation(wanted);
  }
  CIIE_ASSIGN_OR_RETURN(const auto rows, store_->list_quotas(wanted));
  std::vector<FreeQuota> quotas;
  for (const store::QuotaRow& row : rows) {
    if (!only_sub.empty() && row.sub_delegation != only_sub) continue;
    quotas.push_back(to_free_quota(row));
  }
  return quotas;
}

Result<FreeQuota> Registry::set_quota(const Actor& actor, const std::string& delegation,
                                      const std::string& sub_delegation,
                                      const std::string& badge_type, std::int64_t places) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "set free quotas");
  const Delegation* owner = options_.rules.find_delegation(delegation);
  if (owner == nullptr) return unknown_delegation(delegation);
  if (!sub_delegation.empty()) {
    const auto [parent, sub] = options_.rules.find_sub_delegation(sub_delegation);
    if (sub == nullptr || parent != owner) {
      return Status::refused("delegation.unknown", "no sub-delegation '" + sub_delegation +
                                                       "' of delegation '" + delegation + "'")
          .in_field("sub_delegation");
    }
  }
  if (options_.rules.find_badge_type(badge_type) == nullptr) {
    std::string configured;
    for (const BadgeType& badge : options_.rules.badge_types) {
      configured += (configured.empty() ? "" : ", ") + badge.code;
    }
    return Status::refused("person.badge_type", "no badge type '" + badge_type +
                                                    "' (configured: " + configured + ")")
        .in_field("badge");
  }
  if (places < 0) {
    return Status::refused("quota.places", "a quota has at least 0 places").in_field("places");
  }
  const std::string subject =
      "quota:" + delegation + (sub_delegation.empty() ? "" : "/" + sub_delegation) + "/" +
      badge_type;
  FreeQuota result;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto before,
                          store_->find_quota(delegation, sub_delegation, badge_type));
    CIIE_ASSIGN_OR_RETURN(const bool set, store_->set_quota_places(delegation, sub_delegation,
                                                                   badge_type, places));
    if (!set) {
      const std::int64_t used = before ? before->used : 0;
      return Status::refused("quota.below_used",
                             std::to_string(used) + " places of " + subject.substr(6) +
                                 " are held; the quota cannot be set to " +
                                 std::to_string(places))
          .in_field("places")
          .with_detail("used", std::to_string(used));
    }
    CIIE_ASSIGN_OR_RETURN(const auto after,
                          store_->find_quota(delegation, sub_delegation, badge_type));
    if (!after) return Status::internal("set_quota: the quota row is missing after setting it");
    result = to_free_quota(*after);
    nlohmann::json details = {{"delegation", delegation},
                              {"sub_delegation", sub_delegation},
                              {"badge_type", badge_type},
                              {"places", places},
                              {"used", after->used}};
    if (before) details["places_before"] = before->places;
    return audit::record(*store_, *options_.clock, actor, "quota.set", subject, details);
  }));
  return result;
}

}  // namespace ciie
