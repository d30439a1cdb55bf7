// Delegation routing (DEL-1..5, REV-1 review routes), table-driven over the 7th-edition rules.
#include "ciie/routing.hpp"

#include <catch2/catch.hpp>

using namespace ciie;

namespace {

struct Case {
  const char* name;
  RouteRequest request;
  // Expected outcome: a reason key for a refusal, or the decision's fields.
  const char* refusal = "";
  const char* home = "";
  const char* sub = "";
  const char* industry = "";
  ReviewRoute review = ReviewRoute::kAutomatic;
  const char* basis = "";
  std::vector<RouteFlag> flags = {};
};

RouteRequest mainland(const char* uscc, UnitCategory category = UnitCategory::kEnterprise) {
  RouteRequest r;
  r.uscc = uscc;
  r.category = category;
  return r;
}

RouteRequest with(RouteRequest r, Affiliation affiliation, const char* delegation = "",
                  const char* sub = "", const char* reason = "") {
  r.affiliation = affiliation;
  r.delegation = delegation;
  r.sub_delegation = sub;
  r.reason = reason;
  return r;
}

RouteRequest choose(RouteRequest r, const char* delegation, const char* sub = "") {
  r.delegation = delegation;
  r.sub_delegation = sub;
  return r;
}

RouteRequest via_referral(RouteRequest r, const char* industry) {
  r.industry_via_referral = industry;
  return r;
}

RouteRequest abroad(UnitRegion region, UnitCategory category) {
  RouteRequest r;
  r.region = region;
  r.category = category;
  return r;
}

}  // namespace

TEST_CASE("routing: place, plan cities, affiliations, industry, overseas", "[routing]") {
  using enum ReviewRoute;
  using enum UnitCategory;
  const Rules rules = Rules::seventh_edition();
  const std::vector<Case> cases = {
      // DEL-3: by registration place; enterprises and public institutions are automatic (REV-1).
      {"Shanghai Pudong enterprise", mainland("91310115591693856A"), "", "shanghai", "", "",
       kAutomatic, "place"},
      {"full-width input is normalised", mainland("９１３１０１１５５９１６９３８５６Ａ"), "",
       "shanghai", "", "", kAutomatic, "place"},
      {"Hangzhou enterprise gets its city sub-delegation", mainland("91330106MA27Y4U47R"), "",
       "zhejiang", "zhejiang-3301", "", kAutomatic, "place"},
      {"Foshan public institution", mainland("12440600MB2C07549J", kPublicInstitution), "",
       "guangdong", "guangdong-4406", "", kAutomatic, "place"},
      {"Lanzhou enterprise", mainland("91620105L015101280"), "", "gansu", "gansu-6201", "",
       kAutomatic, "place"},
      // Plan-listed cities' 4-digit prefixes win over their provinces.
      {"Shenzhen before Guangdong", mainland("9144030071526726XG"), "", "shenzhen", "", "",
       kAutomatic, "plan_city"},
      {"Xiamen before Fujian", mainland("9135021359498494XQ"), "", "xiamen", "", "", kAutomatic,
       "plan_city"},
      {"Dalian cooperative", mainland("93210200MA000012XX"), "", "dalian", "", "", kAutomatic,
       "plan_city"},
      // Government and social organisations go to the home delegation's queue.
      {"Beijing government unit", mainland("91110000600037341L", kGovernment), "", "beijing", "",
       "", kHomeDelegation, "place"},
      {"confirming the place delegation is fine",
       choose(mainland("91310115591693856A"), "shanghai"), "", "shanghai", "", "", kAutomatic,
       "place"},
      {"a sub-delegation of the home delegation",
       choose(mainland("91330106MA27Y4U47R"), "", "zhejiang-soe"), "", "zhejiang", "zhejiang-soe",
       "", kAutomatic, "place"},
      {"a sub-delegation of another delegation",
       choose(mainland("91330106MA27Y4U47R"), "", "anhui-3401"), "delegation.sub_mismatch"},
      {"an unknown sub-delegation", choose(mainland("91330106MA27Y4U47R"), "", "nowhere"),
       "delegation.unknown"},
      {"another delegation than the place", choose(mainland("91310115591693856A"), "jiangsu"),
       "delegation.place_mismatch"},
      {"an unknown delegation", choose(mainland("91310115591693856A"), "atlantis"),
       "delegation.unknown"},
      // 6590xx only suggests the XPCC: manual review unless confirmed or declined.
      {"XPCC hint",
       mainland("91659001MA78U0AB43"),
       "",
       "xpcc",
       "",
       "",
       kHomeDelegation,
       "xpcc_hint",
       {RouteFlag::kXpccHint}},
      {"XPCC confirmed", choose(mainland("91659001MA78U0AB43"), "xpcc"), "", "xpcc", "", "",
       kAutomatic, "place"},
      {"XPCC hint declined for Xinjiang", choose(mainland("91659001MA78U0AB43"), "xinjiang"), "",
       "xinjiang", "", "", kAutomatic, "place"},
      {"Urumqi is Xinjiang", mainland("91650102MA77K1QH2D"), "", "xinjiang", "xinjiang-6501", "",
       kAutomatic, "place"},
      // National registrations (100000) need an explicit choice.
      {"national registration without a choice", mainland("11100000MB01123442", kGovernment),
       "delegation.choice_required"},
      {"national registration with a choice",
       choose(mainland("5310000050001234X6", kSocialOrg), "beijing"), "", "beijing", "", "",
       kHomeDelegation, "declared"},
      // DEL-2: central enterprises and the NHC.
      {"central enterprise with its group",
       with(mainland("91110000600037341L"), Affiliation::kCentralEnterprise, "", "ce-sinopec"), "",
       "central-enterprises", "ce-sinopec", "", kAutomatic, "central"},
      {"central enterprise without its group",
       with(mainland("91110000600037341L"), Affiliation::kCentralEnterprise),
       "delegation.affiliation"},
      {"central enterprise choosing a province",
       with(mainland("91110000600037341L"), Affiliation::kCentralEnterprise, "beijing",
            "ce-sinopec"),
       "delegation.affiliation"},
      {"central enterprise with another delegation's sub",
       with(mainland("91110000600037341L"), Affiliation::kCentralEnterprise, "", "anhui-3401"),
       "delegation.sub_mismatch"},
      {"central-enterprises chosen without declaring it",
       choose(mainland("91110000600037341L"), "central-enterprises"), "delegation.affiliation"},
      {"NHC unit", with(mainland("121200004013590816", kPublicInstitution), Affiliation::kNhc), "",
       "nhc", "", "", kAutomatic, "nhc"},
      {"NHC unit choosing Tianjin",
       with(mainland("121200004013590816", kPublicInstitution), Affiliation::kNhc, "tianjin"),
       "delegation.affiliation"},
      // DEL-3: choosing by affiliation needs a reason and goes to manual review.
      {"affiliation choice",
       with(mainland("91110000600037341L"), Affiliation::kChosen, "shanghai", "",
            "headquarters moved to Shanghai"),
       "",
       "shanghai",
       "",
       "",
       kHomeDelegation,
       "affiliation",
       {RouteFlag::kAffiliationChoice}},
      {"affiliation choice without a reason",
       with(mainland("91110000600037341L"), Affiliation::kChosen, "shanghai"),
       "delegation.reason_required"},
      {"affiliation choice without a delegation",
       with(mainland("91110000600037341L"), Affiliation::kChosen, "", "", "why"),
       "delegation.choice_required"},
      {"affiliation choice of the NHC",
       with(mainland("91110000600037341L"), Affiliation::kChosen, "nhc", "", "why"),
       "delegation.affiliation"},
      // DEL-4: industry delegations only through their referral code.
      {"industry delegation chosen directly", choose(mainland("91330106MA27Y4U47R"), "industry-01"),
       "delegation.referral_required"},
      {"industry member through a referral",
       via_referral(mainland("91330106MA27Y4U47R"), "industry-01"), "", "zhejiang", "zhejiang-3301",
       "industry-01", kIndustryDelegation, "place"},
      {"referral naming a local delegation",
       via_referral(mainland("91330106MA27Y4U47R"), "shanghai"), "delegation.unknown"},
      // DEL-5 and REG-1.
      {"overseas enterprise", abroad(UnitRegion::kOverseas, kEnterprise), "", "", "", "",
       kOrganizer, "overseas"},
      {"Hong Kong social organisation", abroad(UnitRegion::kHkMoTw, kSocialOrg), "", "", "", "",
       kOrganizer, "overseas"},
      {"overseas unit choosing a delegation",
       choose(abroad(UnitRegion::kOverseas, kOther), "shanghai"), "delegation.overseas"},
      {"overseas public institution", abroad(UnitRegion::kOverseas, kPublicInstitution),
       "register.category"},
      {"mainland 'other'", mainland("91310115591693856A", kOther), "register.category"},
      // Invalid codes are refused with their own reason.
      {"bad check character", mainland("91310115591693856B"), "uscc.checksum"},
      {"Xiamen pre-2016 code, not allow-listed", mainland("91350203M0001QKT19"), "uscc.checksum"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const auto decision = route_unit(rules, c.request);
    if (*c.refusal != '\0') {
      REQUIRE_FALSE(decision.is_ok());
      CHECK(decision.status().reason() == c.refusal);
      CHECK(decision.status().code() == Code::kRefused);
      continue;
    }
    REQUIRE(decision.is_ok());
    CHECK(decision->home_delegation == c.home);
    CHECK(decision->sub_delegation == c.sub);
    CHECK(decision->industry_delegation == c.industry);
    CHECK(decision->review == c.review);
    CHECK(decision->basis == c.basis);
    CHECK(decision->flags == c.flags);
    CHECK_FALSE(decision->reason.empty());
    if (c.review == kAutomatic) {
      CHECK(decision->reviewer.empty());
    } else {
      CHECK_FALSE(decision->reviewer.empty());
    }
  }
}

TEST_CASE("routing: an allow-listed Xiamen code registers but goes to manual review", "[routing]") {
  Rules rules = Rules::seventh_edition();
  rules.registration.uscc_allowlist.push_back("91350203M0001QKT19");
  const auto decision = route_unit(rules, mainland("91350203M0001QKT19"));
  REQUIRE(decision.is_ok());
  CHECK(decision->home_delegation == "xiamen");
  CHECK(decision->review == ReviewRoute::kHomeDelegation);
  CHECK(decision->flags == std::vector<RouteFlag>{RouteFlag::kAllowlistedUscc});
  // Allow-listing does not rescue a code that is broken elsewhere.
  rules.registration.uscc_allowlist.push_back("9135020XM0001QKT19");
  CHECK_FALSE(route_unit(rules, mainland("9135020XM0001QKT19")).is_ok());
}

TEST_CASE("routing: OCR values accepted over typed ones send the unit to manual review",
          "[routing]") {
  const Rules rules = Rules::seventh_edition();
  RouteRequest request = mainland("91310115591693856A");
  request.ocr_accepted = true;
  const auto decision = route_unit(rules, request);
  REQUIRE(decision.is_ok());
  CHECK(decision->home_delegation == "shanghai");
  CHECK(decision->review == ReviewRoute::kHomeDelegation);
  CHECK(decision->reviewer == "delegation:shanghai");
  CHECK(decision->flags == std::vector<RouteFlag>{RouteFlag::kOcrAccepted});
}

TEST_CASE("routing: the reason names the division and the rule", "[routing]") {
  const Rules rules = Rules::seventh_edition();
  const auto decision = route_unit(rules, mainland("91310115591693856A"));
  REQUIRE(decision.is_ok());
  CHECK_THAT(decision->reason, Catch::Contains("310115"));
  CHECK_THAT(decision->reason, Catch::Contains("浦东新区"));
  CHECK_THAT(decision->reason, Catch::Contains("DEL-3"));
}

TEST_CASE("routing: auto-approved categories come from the rules", "[routing]") {
  Rules rules = Rules::seventh_edition();
  rules.registration.auto_approved = {UnitCategory::kEnterprise};
  const auto decision =
      route_unit(rules, mainland("12440600MB2C07549J", UnitCategory::kPublicInstitution));
  REQUIRE(decision.is_ok());
  CHECK(decision->review == ReviewRoute::kHomeDelegation);
}

TEST_CASE("match_place: longest prefix wins", "[routing]") {
  const Rules rules = Rules::seventh_edition();
  CHECK(match_place(rules, "440300")->delegation->slug == "shenzhen");
  CHECK(match_place(rules, "440100")->delegation->slug == "guangdong");
  CHECK(match_place(rules, "440100")->sub->slug == "guangdong-4401");
  CHECK(match_place(rules, "659001")->hint);
  CHECK_FALSE(match_place(rules, "100000").has_value());
  CHECK_FALSE(match_place(rules, "710000").has_value());
}

TEST_CASE("routing: enum names round-trip", "[routing]") {
  for (ReviewRoute r : {ReviewRoute::kAutomatic, ReviewRoute::kHomeDelegation,
                        ReviewRoute::kIndustryDelegation, ReviewRoute::kOrganizer}) {
    CHECK(parse_review_route(to_string(r)) == r);
  }
  for (RouteFlag f : {RouteFlag::kAffiliationChoice, RouteFlag::kXpccHint,
                      RouteFlag::kAllowlistedUscc, RouteFlag::kOcrAccepted}) {
    CHECK(parse_route_flag(to_string(f)) == f);
  }
  for (Affiliation a : {Affiliation::kNone, Affiliation::kCentralEnterprise, Affiliation::kNhc,
                        Affiliation::kChosen}) {
    CHECK(parse_affiliation(to_string(a)) == a);
  }
  CHECK(parse_affiliation("none") == Affiliation::kNone);
  CHECK_FALSE(parse_review_route("Automatic").has_value());
  CHECK_FALSE(parse_affiliation("provincial").has_value());
}
