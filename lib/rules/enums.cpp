// Text forms of the rule enums (UnitRegion, UnitCategory, DelegationKind) as they appear in
// ciie.toml, JSON output and the CLI, and which unit categories each region admits (REG-1).
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "ciie/rules.hpp"
#include "ciie/unit.hpp"

namespace ciie {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

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
std::string_view name_of(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";  // unreachable for a valid enumerator
}

// Exact, case-sensitive match: config and scripts use the canonical spelling.
template <typename E, std::size_t N>
std::optional<E> parse_name(const NameTable<E, N>& table, std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
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

}  // namespace ciie

namespace ciie {

std::string_view to_string(UnitState state) {
  switch (state) {
    case UnitState::kRegistered: return "registered";
    case UnitState::kSubmitted: return "submitted";
    case UnitState::kApproved: return "approved";
    case UnitState::kRejected: return "rejected";
  }
  return "registered";
}

std::optional<UnitState> parse_unit_state(std::string_view text) {
  for (UnitState state : {UnitState::kRegistered, UnitState::kSubmitted, UnitState::kApproved,
                          UnitState::kRejected}) {
    if (to_string(state) == text) return state;
  }
  return std::nullopt;
}

}  // namespace ciie
