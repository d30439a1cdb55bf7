// Delegation routing (domain §4, DEL-1..5): which delegation a unit joins and why. A pure
// function over the configured delegations and what the unit declares; the stored decision and
// its reason are what `ciie route` and `ciie unit show` explain.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie {

// How the unit says it belongs (隶属关系), if not simply by registration place (属地).
enum class Affiliation {
  kNone,               // by registration place: the USCC's division code decides
  kCentralEnterprise,  // 中央企业所属单位: central-enterprises + the group's sub-delegation (DEL-2)
  kNhc,                // 国家卫生健康委所属单位: nhc (DEL-2)
  kChosen,             // the unit chooses a local delegation by affiliation, with a reason (DEL-3)
};
std::string_view to_string(Affiliation affiliation);
std::optional<Affiliation> parse_affiliation(std::string_view text);

// Who reviews the unit when it submits (REV-1).
enum class ReviewRoute {
  kAutomatic,           // approved on submission when every check passes
  kHomeDelegation,      // the home delegation's queue
  kIndustryDelegation,  // the industry delegation's queue (DEL-4)
  kOrganizer,           // the organiser's queue
};
std::string_view to_string(ReviewRoute route);
std::optional<ReviewRoute> parse_review_route(std::string_view text);

struct RouteRequest {
  UnitRegion region = UnitRegion::kMainland;
  UnitCategory category = UnitCategory::kEnterprise;
  std::string uscc;  // canonical; required for mainland units
  Affiliation affiliation = Affiliation::kNone;
  // The delegation the unit chose (optional for kNone: it must then agree with the place, or be
  // the XPCC for a 6590xx code; required for kChosen; must be central-enterprises/nhc or empty for
  // those affiliations).
  std::string delegation;
  std::string sub_delegation;  // optional; the group's sub-delegation for kCentralEnterprise
  std::string reason;          // required for kChosen: why this delegation (审核 reads it)
  // The industry delegation whose referral code the unit presented (DEL-4); the caller has
  // already validated the code. Empty when none.
  std::string industry_via_referral;
  bool uscc_allowlisted = false;  // an allow-listed USCC that fails the check (domain §2)
  // The caller took a licence scan's values over what it typed, or a corrected USCC without
  // confirming it (REG-3): flagged ocr_accepted, so a person looks at it (REV-1).
  bool ocr_accepted = false;
};

// Why a decision goes to manual review instead of automatic approval.
enum class RouteFlag { kAffiliationChoice, kXpccHint, kAllowlistedUscc, kOcrAccepted };
std::string_view to_string(RouteFlag flag);
std::optional<RouteFlag> parse_route_flag(std::string_view text);

struct RouteDecision {
  std::string home_delegation;      // empty for overseas and HK/Macao/Taiwan units (DEL-5)
  std::string sub_delegation;       // when known
  std::string industry_delegation;  // when joined through a referral code (DEL-4)
  ReviewRoute review = ReviewRoute::kAutomatic;
  std::string reviewer;          // "delegation:<slug>" or "organizer"; "" when automatic
  std::vector<RouteFlag> flags;  // each one sends the unit to manual review
  std::string basis;             // "place", "plan_city", "xpcc_hint", "central", "nhc",
                                 // "affiliation", "overseas"
  std::string reason;  // one human sentence, e.g. "division 310115 → 上海交易团 (31)"
};

// Routes a unit. Errors (kRefused): delegation.unknown, delegation.sub_mismatch,
// delegation.affiliation, delegation.referral_required, delegation.choice_required,
// delegation.reason_required, delegation.place_mismatch; uscc.* when the code is invalid and not
// allow-listed.
Result<RouteDecision> route_unit(const Rules& rules, const RouteRequest& request);

// The local delegation and sub-delegation a division code points to by place alone, or nullopt
// when it needs an explicit choice (100000, 71/81/82, unknown prefixes). The XPCC hint (6590xx)
// is returned as the XPCC with `hint` set.
struct PlaceMatch {
  const Delegation* delegation = nullptr;
  const SubDelegation* sub = nullptr;
  bool hint = false;
};
std::optional<PlaceMatch> match_place(const Rules& rules, std::string_view division);

}  // namespace ciie
