// Free badge quotas (BDG-2): how many free places a delegation, or one of its sub-delegations,
// has per badge type, and how many are held. Taking a place happens when a person with a free
// badge is added (Registry::add_person); see docs/review.md and docs/concurrency.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ciie {

// One free quota row.
struct FreeQuota {
  std::string delegation;      // the delegation's slug
  std::string sub_delegation;  // "" for the delegation's own pool; sub-delegation pools are separate
  std::string badge_type;      // a badge type code (BDG-1)
  std::int64_t places = 0;     // free places in the pool
  std::int64_t used = 0;       // places held by persons
  std::int64_t left() const { return places > used ? places - used : 0; }
};

// A quota whose places `init` changed from what the store held (InitReport::quota_changes):
// the configuration wins over a value set with Registry::set_quota.
struct QuotaChange {
  FreeQuota quota;                 // as it is now (places 0 and used 0 when removed)
  std::int64_t places_before = 0;  // what the store held before
  bool removed = false;            // the configuration no longer names it (no place was held)
};

}  // namespace ciie
