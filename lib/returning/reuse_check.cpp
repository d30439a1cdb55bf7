// BDG-3, field by field; see reuse_check.hpp.
#include "returning/reuse_check.hpp"

namespace ciie::returning {

std::vector<std::string> reuse_obstacles(const PastPerson& past, const Candidate& candidate,
                                         const Unit& unit, const Person& person) {
  std::vector<std::string> obstacles;
  if (!past.badge_reusable) obstacles.push_back("badge_not_reusable");
  if (person.name != past.name) obstacles.push_back("name");
  const bool same_unit = unit.region == UnitRegion::kMainland ? unit.uscc == candidate.uscc
                                                              : unit.account == candidate.account;
  if (!same_unit || unit.name != candidate.name) obstacles.push_back("unit");
  const std::string& managing = unit.route.industry_delegation.empty()
                                    ? unit.route.home_delegation
                                    : unit.route.industry_delegation;
  if (managing != past.delegation) obstacles.push_back("delegation");
  if (unit.route.sub_delegation != past.sub_delegation) obstacles.push_back("sub_delegation");
  if (person.badge_type != past.badge_type) obstacles.push_back("badge_type");
  if (person.free_badge != past.free_badge) obstacles.push_back("badge_label");
  if (past.photo_sha256.empty() || person.photo_sha256 != past.photo_sha256) {
    obstacles.push_back("photo");
  }
  return obstacles;
}

}  // namespace ciie::returning
