// Delegation routing (DEL-1..5) as a pure function. The order of the checks follows the guide:
// overseas units join none; a declared affiliation (central enterprise, NHC, a stated choice)
// decides before the registration place; otherwise the USCC's division code does, plan-listed
// cities' 4-digit prefixes before provinces (longest prefix wins), with 6590xx only a hint.
#include "ciie/routing.hpp"

#include <algorithm>

#include "ciie/codes.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

bool is_local(DelegationKind kind) {
  return kind == DelegationKind::kProvince || kind == DelegationKind::kPlanCity ||
         kind == DelegationKind::kXpcc;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

const Delegation* find_of_kind(const Rules& rules, DelegationKind kind) {
  for (const Delegation& d : rules.delegations) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

// The sub-delegation of `home` whose region prefix is the longest prefix of `division`.
const SubDelegation* sub_by_place(const Delegation& home, std::string_view division) {
  const SubDelegation* best = nullptr;
  std::size_t best_length = 0;
  for (const SubDelegation& sub : home.sub_delegations) {
    for (const std::string& prefix : sub.region_prefixes) {
      if (prefix.size() > best_length && starts_with(division, prefix)) {
        best = &sub;
        best_length = prefix.size();
      }
    }
  }
  return best;
}

std::string describe(const Delegation& d) { return d.slug + " (" + d.name_zh + ")"; }

std::string describe_division(std::string_view division) {
  const std::string name = codes::division_full_name(division);
  return "division " + std::string(division) + (name.empty() ? "" : " " + name);
}

Status unknown_delegation(std::string_view slug) {
  return Status::refused("delegation.unknown", "no delegation '" + std::string(slug) + "'");
}

// Checks an explicitly named sub-delegation against the home delegation (DEL-1).
Result<const SubDelegation*> check_sub(const Rules& rules, const Delegation& home,
                                       std::string_view slug) {
  if (slug.empty()) return static_cast<const SubDelegation*>(nullptr);
  const auto [owner, sub] = rules.find_sub_delegation(slug);
  if (sub == nullptr) {
    return Status::refused("delegation.unknown", "no sub-delegation '" + std::string(slug) + "'");
  }
  if (owner != &home) {
    return Status::refused("delegation.sub_mismatch", "sub-delegation '" + std::string(slug) +
                                                          "' belongs to " + describe(*owner) +
                                                          ", not to " + describe(home));
  }
  return sub;
}

Result<RouteDecision> route_overseas(const RouteRequest& request) {
  if (!request.delegation.empty() || !request.sub_delegation.empty() ||
      !request.industry_via_referral.empty()) {
    return Status::refused("delegation.overseas",
                           "overseas and Hong Kong/Macao/Taiwan units join no delegation (DEL-5)");
  }
  RouteDecision decision;
  decision.review = ReviewRoute::kOrganizer;
  decision.reviewer = "organizer";
  decision.basis = "overseas";
  decision.reason = std::string(to_string(request.region)) +
                    " unit: joins no delegation, reviewed by the organiser (DEL-5)";
  return decision;
}

// The division code to route by: from a valid USCC, or from an allow-listed one that fails only
// its check characters (its positions 3–8 must still be digits).
Result<std::string> routing_division(const Rules& rules, const RouteRequest& request,
                                     bool& allowlisted) {
  const std::string code = codes::normalize(request.uscc);
  auto checked = codes::check_uscc(code);
  if (checked.is_ok()) return checked->division;
  const auto& list = rules.registration.uscc_allowlist;
  allowlisted = request.uscc_allowlisted || std::find(list.begin(), list.end(), code) != list.end();
  const bool digits = code.size() == 18 && std::all_of(code.begin() + 2, code.begin() + 8,
                                                       [](char c) { return c >= '0' && c <= '9'; });
  if (!allowlisted || !digits) return std::move(checked).take_status();
  return code.substr(2, 6);
}

}  // namespace

namespace {

constexpr core::NameTable<ReviewRoute, 4> kReviewNames{{
    {ReviewRoute::kAutomatic, "automatic"},
    {ReviewRoute::kHomeDelegation, "home_delegation"},
    {ReviewRoute::kIndustryDelegation, "industry_delegation"},
    {ReviewRoute::kOrganizer, "organizer"},
}};

constexpr core::NameTable<RouteFlag, 4> kFlagNames{{
    {RouteFlag::kAffiliationChoice, "affiliation_choice"},
    {RouteFlag::kXpccHint, "xpcc_hint"},
    {RouteFlag::kAllowlistedUscc, "allowlisted_uscc"},
    {RouteFlag::kOcrAccepted, "ocr_accepted"},
}};

constexpr core::NameTable<Affiliation, 4> kAffiliationNames{{
    {Affiliation::kNone, "place"},
    {Affiliation::kCentralEnterprise, "central"},
    {Affiliation::kNhc, "nhc"},
    {Affiliation::kChosen, "choice"},
}};

}  // namespace

std::string_view to_string(Affiliation affiliation) {
  return core::name_of(kAffiliationNames, affiliation);
}

std::optional<Affiliation> parse_affiliation(std::string_view text) {
  // Accepted aliases beside the canonical names: "" and "none" for place, "central-enterprise",
  // "affiliation" for choice.
  if (text.empty() || text == "none") return Affiliation::kNone;
  if (text == "central-enterprise") return Affiliation::kCentralEnterprise;
  if (text == "affiliation") return Affiliation::kChosen;
  return core::value_of(kAffiliationNames, text);
}

std::string_view to_string(ReviewRoute route) { return core::name_of(kReviewNames, route); }

std::optional<ReviewRoute> parse_review_route(std::string_view text) {
  return core::value_of(kReviewNames, text);
}

std::string_view to_string(RouteFlag flag) { return core::name_of(kFlagNames, flag); }

std::optional<RouteFlag> parse_route_flag(std::string_view text) {
  return core::value_of(kFlagNames, text);
}

std::optional<PlaceMatch> match_place(const Rules& rules, std::string_view division) {
  const Delegation* best = nullptr;
  std::size_t best_length = 0;
  for (const Delegation& d : rules.delegations) {
    if (!is_local(d.kind)) continue;
    for (const std::string& prefix : d.region_prefixes) {
      if (prefix.size() > best_length && starts_with(division, prefix)) {
        best = &d;
        best_length = prefix.size();
      }
    }
  }
  if (best == nullptr) return std::nullopt;
  return PlaceMatch{best, sub_by_place(*best, division), best->kind == DelegationKind::kXpcc};
}

Result<RouteDecision> route_unit(const Rules& rules, const RouteRequest& request) {
  if (!category_allowed(request.region, request.category)) {
    return Status::refused("register.category",
                           std::string(to_string(request.category)) + " is not a category of " +
                               std::string(to_string(request.region)) + " units (REG-1)");
  }
  if (request.region != UnitRegion::kMainland) return route_overseas(request);

  bool allowlisted = false;
  CIIE_ASSIGN_OR_RETURN(const std::string division, routing_division(rules, request, allowlisted));

  RouteDecision decision;
  if (allowlisted) decision.flags.push_back(RouteFlag::kAllowlistedUscc);
  if (request.ocr_accepted) decision.flags.push_back(RouteFlag::kOcrAccepted);

  // DEL-4: an industry delegation is never a home delegation; its only door is its referral code.
  if (const Delegation* chosen = rules.find_delegation(request.delegation);
      chosen != nullptr && chosen->kind == DelegationKind::kIndustry) {
    return Status::refused("delegation.referral_required",
                           describe(*chosen) +
                               " is an industry delegation: it is joined only with its referral "
                               "code, and the unit still chooses its home delegation (DEL-4)");
  }
  if (!request.industry_via_referral.empty()) {
    const Delegation* industry = rules.find_delegation(request.industry_via_referral);
    if (industry == nullptr) return unknown_delegation(request.industry_via_referral);
    if (industry->kind != DelegationKind::kIndustry) {
      return Status::refused("delegation.unknown",
                             describe(*industry) + " is not an industry delegation");
    }
    decision.industry_delegation = industry->slug;
  }
  if (!request.delegation.empty() && rules.find_delegation(request.delegation) == nullptr) {
    return unknown_delegation(request.delegation);
  }

  const Delegation* home = nullptr;
  const SubDelegation* sub = nullptr;
  std::string how;
  switch (request.affiliation) {
    case Affiliation::kCentralEnterprise:
    case Affiliation::kNhc: {
      const bool central = request.affiliation == Affiliation::kCentralEnterprise;
      home = find_of_kind(rules, central ? DelegationKind::kCentral : DelegationKind::kNhc);
      if (home == nullptr) {
        return Status::refused("delegation.unknown",
                               central ? "no central-enterprise delegation is configured"
                                       : "no NHC delegation is configured");
      }
      if (!request.delegation.empty() && request.delegation != home->slug) {
        return Status::refused(
            "delegation.affiliation",
            std::string(central ? "a unit of a central enterprise" : "a unit under the NHC") +
                " must join " + describe(*home) + " (DEL-2), not " + request.delegation);
      }
      if (central && request.sub_delegation.empty() && !home->sub_delegations.empty()) {
        return Status::refused(
            "delegation.affiliation",
            "a unit of a central enterprise joins the sub-delegation of its group "
            "(DEL-2): name it with the sub-delegation");
      }
      CIIE_ASSIGN_OR_RETURN(sub, check_sub(rules, *home, request.sub_delegation));
      decision.basis = central ? "central" : "nhc";
      how = central ? "declared central-enterprise affiliation (DEL-2)"
                    : "declared affiliation to the National Health Commission (DEL-2)";
      break;
    }
    case Affiliation::kChosen: {
      if (request.delegation.empty()) {
        return Status::refused("delegation.choice_required",
                               "choosing by affiliation needs the delegation chosen (DEL-3)");
      }
      home = rules.find_delegation(request.delegation);
      if (!is_local(home->kind)) {
        return Status::refused("delegation.affiliation",
                               describe(*home) +
                                   " is joined by declaring that affiliation "
                                   "(central or nhc), not by choice (DEL-2)");
      }
      if (request.reason.empty()) {
        return Status::refused(
            "delegation.reason_required",
            "choosing a delegation by affiliation needs a stated reason (DEL-3)");
      }
      CIIE_ASSIGN_OR_RETURN(sub, check_sub(rules, *home, request.sub_delegation));
      decision.flags.push_back(RouteFlag::kAffiliationChoice);
      decision.basis = "affiliation";
      how = "chosen by affiliation (DEL-3), reason: " + request.reason;
      break;
    }
    case Affiliation::kNone: {
      const std::optional<PlaceMatch> place = match_place(rules, division);
      const Delegation* chosen = rules.find_delegation(request.delegation);
      if (chosen != nullptr && !is_local(chosen->kind)) {
        return Status::refused("delegation.affiliation",
                               describe(*chosen) +
                                   " is joined by declaring that affiliation "
                                   "(central or nhc) (DEL-2)");
      }
      if (!place) {
        if (chosen == nullptr) {
          return Status::refused("delegation.choice_required",
                                 describe_division(division) +
                                     " does not point to a local delegation: choose one (DEL-3)");
        }
        home = chosen;
        decision.basis = "declared";
        how = describe_division(division) + " names no local delegation; declared by the unit";
      } else if (chosen == nullptr || chosen == place->delegation) {
        home = place->delegation;
        if (place->hint && chosen == nullptr) {
          decision.flags.push_back(RouteFlag::kXpccHint);
          decision.basis = "xpcc_hint";
          how = describe_division(division) + " suggests the XPCC; to be confirmed (DEL-3)";
        } else {
          decision.basis = home->kind == DelegationKind::kPlanCity ? "plan_city" : "place";
          how = describe_division(division) +
                (home->kind == DelegationKind::kPlanCity
                     ? " by registration place, plan-listed city before province (DEL-3)"
                     : " by registration place (DEL-3)");
        }
      } else if (place->hint && starts_with(division, "65") &&
                 std::find(chosen->region_prefixes.begin(), chosen->region_prefixes.end(), "65") !=
                     chosen->region_prefixes.end()) {
        home = chosen;  // a 6590xx unit that belongs to the autonomous region, not the XPCC
        decision.basis = "place";
        how = describe_division(division) + " by registration place; XPCC hint declined (DEL-3)";
      } else {
        return Status::refused("delegation.place_mismatch",
                               describe_division(division) + " belongs to " +
                                   describe(*place->delegation) + ", not " + describe(*chosen) +
                                   ": to join another delegation choose by affiliation with a "
                                   "reason (DEL-3)");
      }
      CIIE_ASSIGN_OR_RETURN(sub, check_sub(rules, *home, request.sub_delegation));
      if (sub == nullptr) sub = sub_by_place(*home, division);
      break;
    }
  }

  decision.home_delegation = home->slug;
  if (sub != nullptr) decision.sub_delegation = sub->slug;
  decision.reason = describe(*home) +
                    (sub != nullptr ? " / " + sub->slug + " (" + sub->name_zh + ")" : "") + ": " +
                    how;

  // REV-1: who reviews.
  const auto& automatic = rules.registration.auto_approved;
  if (!decision.industry_delegation.empty()) {
    decision.review = ReviewRoute::kIndustryDelegation;
    decision.reviewer = "delegation:" + decision.industry_delegation;
    decision.reason += "; member of industry delegation " + decision.industry_delegation +
                       ", which reviews it (DEL-4)";
  } else if (!decision.flags.empty() ||
             std::find(automatic.begin(), automatic.end(), request.category) == automatic.end()) {
    decision.review = ReviewRoute::kHomeDelegation;
    decision.reviewer = "delegation:" + decision.home_delegation;
  } else {
    decision.review = ReviewRoute::kAutomatic;
  }
  return decision;
}

}  // namespace ciie
