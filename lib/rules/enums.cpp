// Text forms of the rule enums (UnitRegion, UnitCategory, DelegationKind) as they appear in
// ciie.toml, JSON output and the CLI, and which unit categories each region admits (REG-1).
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "ciie/rules.hpp"
#include "ciie/unit.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;

constexpr NameTable<UnitRegion, 3> kRegionNames{{
    {UnitRegion::kMainland, "mainland"},
    {UnitRegion::kHkMoTw, "hk_mo_tw"},
    {UnitRegion::kOverseas, "overseas"},
}};

constexpr NameTable<UnitCategory, 5> kCategoryNames{{
    {UnitCategory::kEnterprise, "enterprise"},
    {UnitCategory::kGovernment, "government"},
    {UnitCategory::kPublicInstitution, "public_institution"},
    {UnitCategory::kSocialOrg, "social_org"},
    {UnitCategory::kOther, "other"},
}};

constexpr NameTable<DelegationKind, 6> kKindNames{{
    {DelegationKind::kProvince, "province"},
    {DelegationKind::kPlanCity, "plan_city"},
    {DelegationKind::kXpcc, "xpcc"},
    {DelegationKind::kCentral, "central"},
    {DelegationKind::kNhc, "nhc"},
    {DelegationKind::kIndustry, "industry"},
}};

template <typename E, std::size_t N>
std::optional<E> parse_name(const NameTable<E, N>& table, std::string_view text) {
  return core::value_of(table, text);
}

}  // namespace

std::string_view to_string(UnitRegion region) { return name_of(kRegionNames, region); }
std::optional<UnitRegion> parse_unit_region(std::string_view text) {
  return parse_name(kRegionNames, text);
}

std::string_view to_string(UnitCategory category) { return name_of(kCategoryNames, category); }
std::optional<UnitCategory> parse_unit_category(std::string_view text) {
  return parse_name(kCategoryNames, text);
}

std::string_view to_string(DelegationKind kind) { return name_of(kKindNames, kind); }
std::optional<DelegationKind> parse_delegation_kind(std::string_view text) {
  return parse_name(kKindNames, text);
}

// REG-1: public institutions (事业单位) exist only on the mainland; "other" only outside it.
bool category_allowed(UnitRegion region, UnitCategory category) {
  switch (category) {
    case UnitCategory::kPublicInstitution:
      return region == UnitRegion::kMainland;
    case UnitCategory::kOther:
      return region != UnitRegion::kMainland;
    case UnitCategory::kEnterprise:
    case UnitCategory::kGovernment:
    case UnitCategory::kSocialOrg:
      return true;
  }
  return false;
}

namespace {

constexpr NameTable<UnitState, 4> kStateNames{{
    {UnitState::kRegistered, "registered"},
    {UnitState::kSubmitted, "submitted"},
    {UnitState::kApproved, "approved"},
    {UnitState::kRejected, "rejected"},
}};

}  // namespace

std::string_view to_string(UnitState state) { return name_of(kStateNames, state); }

std::optional<UnitState> parse_unit_state(std::string_view text) {
  return parse_name(kStateNames, text);
}

}  // namespace ciie
