// Tests of the built-in 7th-edition rules (ciie-facts §2.3, §9), the rule enums and
// Rules::validate(): each kind of cross-field problem is reported under its ciie.toml key.
#include "ciie/rules.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using ciie::DelegationKind;
using ciie::Rules;

// ciie-facts §2.3, in order.
// clang-format off
const std::vector<std::string> kFactSlugs{
    "beijing", "tianjin", "hebei", "shanxi", "neimenggu", "liaoning", "jilin", "heilongjiang",
    "shanghai", "jiangsu", "zhejiang", "anhui", "fujian", "jiangxi", "shandong", "henan",
    "hubei", "hunan", "guangdong", "guangxi", "hainan", "chongqing", "sichuan", "guizhou",
    "yunnan", "xizang", "shaanxi", "gansu", "qinghai", "ningxia", "xinjiang",
    "dalian", "qingdao", "ningbo", "xiamen", "shenzhen",
    "xpcc", "central-enterprises", "nhc",
    "industry-01", "industry-02", "industry-03", "industry-04"};
// clang-format on

const ciie::SubDelegation* find_sub(const Rules& rules, const std::string& slug) {
  return rules.find_sub_delegation(slug).second;
}

// The keys of every validate() problem.
std::vector<std::string> problem_keys(const Rules& rules) {
  std::vector<std::string> keys;
  for (const ciie::Status& s : rules.validate_all()) keys.push_back(s.field());
  return keys;
}

}  // namespace

TEST_CASE("the built-in rules have the 43 delegations of the 7th edition", "[config]") {
  const Rules rules = Rules::seventh_edition();
  REQUIRE(rules.delegations.size() == 43);
  std::map<DelegationKind, int> kinds;
  std::vector<std::string> slugs;
  for (const ciie::Delegation& d : rules.delegations) {
    ++kinds[d.kind];
    slugs.push_back(d.slug);
  }
  CHECK(kinds[DelegationKind::kProvince] == 31);
  CHECK(kinds[DelegationKind::kPlanCity] == 5);
  CHECK(kinds[DelegationKind::kXpcc] == 1);
  CHECK(kinds[DelegationKind::kCentral] == 1);
  CHECK(kinds[DelegationKind::kNhc] == 1);
  CHECK(kinds[DelegationKind::kIndustry] == 4);
  CHECK(slugs == kFactSlugs);
}

TEST_CASE("delegation prefixes follow GB/T 2260", "[config]") {
  const Rules rules = Rules::seventh_edition();
  const std::map<std::string, std::vector<std::string>> expected{
      {"beijing", {"11"}},   {"shanghai", {"31"}},
      {"xinjiang", {"65"}},  {"dalian", {"2102"}},
      {"qingdao", {"3702"}}, {"ningbo", {"3302"}},
      {"xiamen", {"3502"}},  {"shenzhen", {"4403"}},
      {"xpcc", {"6590"}},    {"central-enterprises", {}},
      {"nhc", {}},           {"industry-03", {}}};
  for (const auto& [slug, prefixes] : expected) {
    const ciie::Delegation* d = rules.find_delegation(slug);
    REQUIRE(d != nullptr);
    CHECK(d->region_prefixes == prefixes);
  }
  for (const ciie::Delegation& d : rules.delegations) {
    if (d.kind == DelegationKind::kProvince) {
      REQUIRE(d.region_prefixes.size() == 1);
      CHECK(d.region_prefixes[0].size() == 2);
      CHECK(d.name_zh.find("交易团") != std::string::npos);
    }
    CHECK(d.free_quota.empty());
  }
}

TEST_CASE("province sub-delegations: one per prefecture, plan cities excluded, plus SOE",
          "[config]") {
  const Rules rules = Rules::seventh_edition();
  const ciie::SubDelegation* nanjing = find_sub(rules, "jiangsu-3201");
  REQUIRE(nanjing != nullptr);
  CHECK(nanjing->name_zh == "南京市分团");
  CHECK(nanjing->region_prefixes == std::vector<std::string>{"3201"});
  CHECK(rules.find_sub_delegation("jiangsu-3201").first->slug == "jiangsu");
  // Anhui: 16 prefecture-level cities + the provincial SOE sub-delegation (ciie-facts §2.4).
  CHECK(rules.find_delegation("anhui")->sub_delegations.size() == 17);
  CHECK(rules.find_delegation("jiangsu")->sub_delegations.size() == 14);
  // The plan-listed cities are delegations of their own, never a province's sub-delegation.
  for (const char* slug :
       {"liaoning-2102", "shandong-3702", "zhejiang-3302", "fujian-3502", "guangdong-4403"}) {
    CHECK(find_sub(rules, slug) == nullptr);
  }
  CHECK(find_sub(rules, "liaoning-2101") != nullptr);  // Shenyang stays with Liaoning
  const ciie::SubDelegation* soe = find_sub(rules, "anhui-soe");
  REQUIRE(soe != nullptr);
  CHECK(soe->name_zh == "省属企业分团");
  CHECK(soe->region_prefixes.empty());
  CHECK(find_sub(rules, "shanghai-soe")->name_zh == "市属企业分团");
  CHECK(find_sub(rules, "guangxi-soe")->name_zh == "区属企业分团");
  for (const ciie::Delegation& d : rules.delegations) {
    if (d.kind != DelegationKind::kProvince) continue;
    CHECK(find_sub(rules, d.slug + "-soe") != nullptr);
    for (const ciie::SubDelegation& s : d.sub_delegations) {
      for (const std::string& p : s.region_prefixes) {
        CHECK(p.rfind(d.region_prefixes[0], 0) == 0);  // inside its province
      }
    }
  }
}

TEST_CASE("central enterprises carry sample groups — other kinds have no subs", "[config]") {
  const Rules rules = Rules::seventh_edition();
  const ciie::Delegation* ce = rules.find_delegation("central-enterprises");
  REQUIRE(ce != nullptr);
  CHECK(ce->sub_delegations.size() >= 8);
  const ciie::SubDelegation* sinopec = find_sub(rules, "ce-sinopec");
  REQUIRE(sinopec != nullptr);
  CHECK(sinopec->name_zh == "中国石油化工集团有限公司");
  CHECK(sinopec->region_prefixes.empty());
  for (const char* slug : {"ce-cnpc", "ce-sgcc", "ce-cofco", "ce-sinochem", "ce-chinamobile"}) {
    CHECK(rules.find_sub_delegation(slug).first == ce);
  }
  for (const char* slug : {"nhc", "industry-01", "dalian", "xpcc"}) {
    CHECK(rules.find_delegation(slug)->sub_delegations.empty());
  }
}

TEST_CASE("sub-delegation slugs are unique across all delegations", "[config]") {
  const Rules rules = Rules::seventh_edition();
  std::set<std::string> slugs;
  std::size_t count = 0;
  for (const ciie::Delegation& d : rules.delegations) {
    slugs.insert(d.slug);
    ++count;
    for (const ciie::SubDelegation& s : d.sub_delegations) {
      slugs.insert(s.slug);
      ++count;
    }
  }
  CHECK(slugs.size() == count);
  CHECK(count > 43 + 300);  // ~330 prefectures in use, + 31 SOE, + the central groups
}

TEST_CASE("the built-in scalar defaults match config.md and ciie-facts §9", "[config]") {
  const Rules r = Rules::seventh_edition();
  CHECK(r.edition.number == 7);
  CHECK(r.edition.year == 2024);
  CHECK(r.edition.expo_start == ciie::Date{2024, 11, 5});
  CHECK(r.edition.expo_end == ciie::Date{2024, 11, 10});
  CHECK(r.edition.public_days == std::vector<ciie::Date>{{2024, 11, 9}, {2024, 11, 10}});
  CHECK(r.registration.opens_at.to_shanghai_string() == "2024-05-20T00:00:00+08:00");
  CHECK(r.registration.closes_at.to_shanghai_string() == "2024-10-20T23:59:59+08:00");
  CHECK(r.registration.closes_at == *ciie::Instant::parse("2024-10-20T15:59:59Z"));
  CHECK(r.registration.auto_approved ==
        std::vector<ciie::UnitCategory>{ciie::UnitCategory::kEnterprise,
                                        ciie::UnitCategory::kPublicInstitution});
  CHECK(r.registration.licence_max_bytes == 2 * 1024 * 1024);
  CHECK(r.verification.code_length == 6);
  CHECK(r.verification.lifetime_seconds == 300);
  CHECK(r.verification.max_attempts == 5);
  CHECK(r.verification.resend_interval_seconds == 60);
  REQUIRE(r.badge_types.size() == 2);
  const ciie::BadgeType* full = r.find_badge_type("full");
  const ciie::BadgeType* weekend = r.find_badge_type("weekend");
  REQUIRE(full != nullptr);
  REQUIRE(weekend != nullptr);
  CHECK(r.find_badge_type("vip") == nullptr);
  CHECK(full->fee == ciie::Money::from_fen(20000));
  CHECK(full->reusable);
  CHECK(full->valid_from == ciie::Date{2024, 11, 5});
  CHECK(weekend->fee == ciie::Money::from_fen(10000));
  CHECK_FALSE(weekend->reusable);
  CHECK(weekend->valid_from == ciie::Date{2024, 11, 9});
  CHECK(r.order.prefix == "V");
  CHECK(r.order.unpaid_expiry_seconds == 72 * 3600);
  CHECK(r.order.payment_deadline.to_shanghai_string() == "2024-10-20T23:59:59+08:00");
  CHECK(r.invoice.seller.name == "中国国际进口博览局");
  CHECK(r.invoice.region_code == "31");
  CHECK(r.invoice.channel_digit == 0);
  CHECK(r.invoice.tax_rate_bp == 600);
  CHECK(r.invoice.request_deadline.to_shanghai_string() == "2024-12-31T23:59:59+08:00");
  CHECK(r.refund.deadline.to_shanghai_string() == "2024-10-20T23:59:59+08:00");
  CHECK(r.notify.sms_backend == "outbox");
  CHECK(r.notify.email_backend == "outbox");
  CHECK(r.points.register_approved == 100);
  CHECK(r.points.invite_approved == 50);
  CHECK(r.points.invite_cap == 20);
  CHECK(r.points.publish_need == 20);
  CHECK(r.points.attend == 200);
  CHECK(r.points.deal_per_10k_yuan == 10);
  REQUIRE(r.points.coupons.size() == 1);
  CHECK(r.points.coupons[0].cost_points == 1000);
  CHECK(r.points.coupons[0].value == ciie::Money::from_fen(2000));
  CHECK(r.points.coupons[0].max_per_unit_per_edition == 1);
  CHECK(r.ocr.languages == "chi_sim+eng");
  std::vector<std::string> areas;
  for (const ciie::Area& a : r.areas) areas.push_back(a.slug);
  CHECK(areas == std::vector<std::string>{"food-agri", "auto", "tech-equipment", "consumer-goods",
                                          "medical-health", "services"});
}

TEST_CASE("the built-in rules validate and are returned as independent copies", "[config]") {
  Rules a = Rules::seventh_edition();
  CHECK(a.validate().is_ok());
  CHECK(a.validate_all().empty());
  a.delegations.clear();
  CHECK(Rules::seventh_edition().delegations.size() == 43);
  CHECK(Rules::seventh_edition() == Rules::seventh_edition());
}

TEST_CASE("rule enums print and parse their canonical names", "[config]") {
  using ciie::UnitCategory;
  using ciie::UnitRegion;
  for (UnitRegion r : {UnitRegion::kMainland, UnitRegion::kHkMoTw, UnitRegion::kOverseas}) {
    CHECK(ciie::parse_unit_region(ciie::to_string(r)) == r);
  }
  for (UnitCategory c :
       {UnitCategory::kEnterprise, UnitCategory::kGovernment, UnitCategory::kPublicInstitution,
        UnitCategory::kSocialOrg, UnitCategory::kOther}) {
    CHECK(ciie::parse_unit_category(ciie::to_string(c)) == c);
  }
  for (DelegationKind k :
       {DelegationKind::kProvince, DelegationKind::kPlanCity, DelegationKind::kXpcc,
        DelegationKind::kCentral, DelegationKind::kNhc, DelegationKind::kIndustry}) {
    CHECK(ciie::parse_delegation_kind(ciie::to_string(k)) == k);
  }
  CHECK(ciie::to_string(DelegationKind::kPlanCity) == "plan_city");
  CHECK(ciie::to_string(UnitRegion::kHkMoTw) == "hk_mo_tw");
  CHECK_FALSE(ciie::parse_unit_category("Enterprise").has_value());
  CHECK_FALSE(ciie::parse_delegation_kind("city").has_value());
  CHECK_FALSE(ciie::parse_unit_region("").has_value());
}

TEST_CASE("category_allowed follows REG-1", "[config]") {
  using ciie::UnitCategory;
  using ciie::UnitRegion;
  CHECK(ciie::category_allowed(UnitRegion::kMainland, UnitCategory::kPublicInstitution));
  CHECK_FALSE(ciie::category_allowed(UnitRegion::kOverseas, UnitCategory::kPublicInstitution));
  CHECK_FALSE(ciie::category_allowed(UnitRegion::kHkMoTw, UnitCategory::kPublicInstitution));
  CHECK_FALSE(ciie::category_allowed(UnitRegion::kMainland, UnitCategory::kOther));
  CHECK(ciie::category_allowed(UnitRegion::kOverseas, UnitCategory::kOther));
  CHECK(ciie::category_allowed(UnitRegion::kHkMoTw, UnitCategory::kGovernment));
  CHECK(ciie::category_allowed(UnitRegion::kMainland, UnitCategory::kSocialOrg));
}

TEST_CASE("validate reports each problem under its ciie.toml key", "[config]") {
  struct Case {
    const char* what;
    std::function<void(Rules&)> mutate;
    std::string key;
  };
  const std::vector<Case> cases{
      {"duplicate delegation slug", [](Rules& r) { r.delegations[1].slug = "beijing"; },
       "delegation[1].slug"},
      {"sub slug clashing with a delegation",
       [](Rules& r) { r.delegations[0].sub_delegations[0].slug = "tianjin"; },
       "delegation[1].slug"},
      {"slug alphabet", [](Rules& r) { r.delegations[2].slug = "He_Bei"; }, "delegation[2].slug"},
      {"prefix not digits", [](Rules& r) { r.delegations[0].region_prefixes = {"1a"}; },
       "delegation[0].region_prefixes"},
      {"prefix too long", [](Rules& r) { r.delegations[0].region_prefixes = {"1101011"}; },
       "delegation[0].region_prefixes"},
      {"prefix on a central delegation",
       [](Rules& r) { r.delegations[37].region_prefixes = {"10"}; },
       "delegation[37].region_prefixes"},
      {"two delegations claim a prefix",
       [](Rules& r) { r.delegations[31].region_prefixes = {"3702"}; },
       "delegation[32].region_prefixes"},
      {"sub prefix shadowed by a plan city",
       [](Rules& r) { r.delegations[5].sub_delegations[0].region_prefixes = {"2102"}; },
       "delegation[5].sub_delegation[0].region_prefixes"},
      {"duplicate badge code", [](Rules& r) { r.badge_types[1].code = "full"; },
       "badge_type[1].code"},
      {"badge dates reversed",
       [](Rules& r) {
         r.badge_types[0].valid_to = ciie::Date{2024, 11, 1};
       },
       "badge_type[0].valid_to"},
      {"negative fee", [](Rules& r) { r.badge_types[0].fee = ciie::Money::from_fen(-1); },
       "badge_type[0].fee_fen"},
      {"negative quota", [](Rules& r) { r.delegations[0].free_quota["full"] = -3; },
       "delegation[0].free_quota.full"},
      {"quota for an unknown badge type",
       [](Rules& r) { r.delegations[3].sub_delegations[1].free_quota["vip"] = 3; },
       "delegation[3].sub_delegation[1].free_quota.vip"},
      {"auto-approving a non-mainland category",
       [](Rules& r) { r.registration.auto_approved.push_back(ciie::UnitCategory::kOther); },
       "registration.auto_approved"},
      {"invoice region", [](Rules& r) { r.invoice.region_code = "310"; }, "invoice.region_code"},
      {"invoice channel", [](Rules& r) { r.invoice.channel_digit = 10; }, "invoice.channel_digit"},
      {"duplicate area", [](Rules& r) { r.areas[1].slug = "food-agri"; }, "area[1].slug"},
      {"expo dates reversed",
       [](Rules& r) {
         r.edition.expo_end = ciie::Date{2024, 11, 1};
       },
       "edition.expo_end"},
      {"registration window reversed",
       [](Rules& r) { r.registration.closes_at = r.registration.opens_at; },
       "registration.closes_at"},
      {"smtp without url", [](Rules& r) { r.notify.email_backend = "smtp"; }, "notify.smtp_url"},
      {"unknown sms backend", [](Rules& r) { r.notify.sms_backend = "pigeon"; },
       "notify.sms_backend"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Rules rules = Rules::seventh_edition();
    c.mutate(rules);
    const std::vector<std::string> keys = problem_keys(rules);
    CHECK(std::find(keys.begin(), keys.end(), c.key) != keys.end());
    const ciie::Status first = rules.validate();
    CHECK(first.reason() == "config.invalid");
    CHECK(first.code() == ciie::Code::kInvalidInput);
    CHECK(first.line() == 0L);
  }
}
