#include "delegation_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "ciie/codes.hpp"
#include "ciie/routing.hpp"

namespace ciie::datagen {
namespace {

constexpr int kYear = 2024;
// Jiangsu's 9,100+ registered units of the 7th edition (ciie-facts §1.3) per the 120,000 units
// estimated for the whole edition (§9 [benchmark]).
constexpr double kJiangsuShare = 9100.0 / 120000.0;
// The rest fall off as exp(-rank / 14): the second delegation gets ≈ 6.9 % of the units, the
// smallest ≈ 0.5 % (a few hundred units of 120,000; "small western provinces … a few thousand"
// people, §9 notes).
constexpr double kDecayRanks = 14.0;

// Sizes that add up to `total` exactly: floor of each share, then the largest remainders.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  double sum = 0.0;
  for (const double w : weights) sum += w;
  std::vector<std::int64_t> out(weights.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++out[remainders[k % remainders.size()].second];
  return out;
}

// County-level divisions in use in 2024 under a 2-digit province code, in code order.
std::vector<std::string> counties_of(const std::string& province2) {
  std::vector<std::string> out;
  char code[8];
  for (int rest = 0; rest < 10000; ++rest) {
    std::snprintf(code, sizeof code, "%s%04d", province2.c_str(), rest);
    if (code[4] == '0' && code[5] == '0') continue;  // a province or prefecture row
    if (!ciie::codes::division_in_use_between(code, kYear, kYear)) continue;
    for (const ciie::codes::Division& d : ciie::codes::find_division(code)) {
      if (d.level == 3 && (d.last_year == 0 || d.last_year >= kYear) && d.first_year <= kYear) {
        out.emplace_back(code);
        break;
      }
    }
  }
  return out;
}

std::string division_name(const std::string& code) {
  for (const ciie::codes::Division& d : ciie::codes::find_division(code)) {
    if (d.last_year == 0 || d.last_year >= kYear) return std::string(d.name);
  }
  return code;
}

}  // namespace

const std::vector<std::string>& delegation_ranking() {
  // By the size of their provinces' foreign trade and the figures of §1.3 (Jiangsu first, the
  // central enterprises' ~20,000 people second), the small western provinces and the XPCC last.
  static const std::vector<std::string> ranking{
      "jiangsu",   "central-enterprises", "shanghai", "zhejiang",  "guangdong", "shandong",
      "anhui",     "sichuan",   "henan",    "hubei",    "beijing",   "fujian",    "hunan",
      "shenzhen",  "hebei",     "jiangxi",  "chongqing", "tianjin",  "liaoning",  "ningbo",
      "qingdao",   "shaanxi",   "guangxi",  "yunnan",   "xiamen",    "nhc",       "shanxi",
      "dalian",    "guizhou",   "heilongjiang", "jilin", "neimenggu", "xinjiang", "hainan",
      "gansu",     "ningxia",   "qinghai",  "xpcc",     "xizang"};
  return ranking;
}

Plan make_plan(std::int64_t all_units, std::int64_t mainland_units, std::int64_t target_subs) {
  Plan plan;
  plan.rules = ciie::Rules::seventh_edition();
  for (const ciie::Delegation& d : plan.rules.delegations) {
    plan.builtin_sub_delegations += static_cast<std::int64_t>(d.sub_delegations.size());
  }

  // Units per delegation.
  const std::vector<std::string>& ranking = delegation_ranking();
  std::vector<double> rest_weights;
  for (std::size_t r = 1; r < ranking.size(); ++r) {
    rest_weights.push_back(std::exp(-static_cast<double>(r) / kDecayRanks));
  }
  const auto jiangsu = static_cast<std::int64_t>(
      std::llround(kJiangsuShare * static_cast<double>(all_units)));
  const std::vector<std::int64_t> rest = apportion(mainland_units - jiangsu, rest_weights);
  std::map<std::string, std::int64_t> units_of{{ranking[0], jiangsu}};
  for (std::size_t r = 1; r < ranking.size(); ++r) units_of[ranking[r]] = rest[r - 1];

  // Where each local delegation's units are: every county routing to it by place.
  std::map<std::string, std::vector<std::string>> pools;
  std::map<std::string, std::vector<std::string>> province_counties;
  for (const ciie::Delegation& d : plan.rules.delegations) {
    for (const std::string& prefix : d.region_prefixes) {
      const std::string p2 = prefix.substr(0, 2);
      if (province_counties.count(p2) == 0) province_counties[p2] = counties_of(p2);
    }
  }
  for (const auto& [p2, counties] : province_counties) {
    for (const std::string& code : counties) {
      const auto place = ciie::match_place(plan.rules, code);
      if (place && place->delegation != nullptr) pools[place->delegation->slug].push_back(code);
    }
  }
  const std::vector<std::string> beijing = province_counties.count("11") ? province_counties["11"]
                                                                          : std::vector<std::string>{};

  // Sub-delegations to add: ~22 % central-enterprise groups (the built-in ten are a sample of
  // ~100), one 省直外贸 sub-delegation per province for a tenth of the rest, the others district
  // sub-delegations of the biggest counties, shared out by the delegations' unit counts.
  const std::int64_t target = std::max(target_subs, plan.builtin_sub_delegations);
  const std::int64_t to_add = target - plan.builtin_sub_delegations;
  const std::int64_t n_central = std::min<std::int64_t>(90, to_add * 22 / 100);
  const std::int64_t n_trade = std::min<std::int64_t>(31, (to_add - n_central) / 10);
  const std::int64_t n_county = to_add - n_central - n_trade;
  for (std::int64_t i = 0; i < n_central; ++i) {
    char slug[32], name[64];
    std::snprintf(slug, sizeof slug, "ce-group-%03lld", static_cast<long long>(i + 11));
    std::snprintf(name, sizeof name, "中央企业第%lld集团分团", static_cast<long long>(i + 11));
    plan.added.push_back({"central-enterprises", slug, name, ""});
  }
  std::vector<const ciie::Delegation*> provinces_by_rank;
  std::vector<const ciie::Delegation*> locals_by_rank;
  for (const std::string& slug : ranking) {
    const ciie::Delegation* d = plan.rules.find_delegation(slug);
    if (d == nullptr) throw std::runtime_error("no built-in delegation " + slug);
    if (d->kind == ciie::DelegationKind::kProvince) provinces_by_rank.push_back(d);
    if (d->kind == ciie::DelegationKind::kProvince || d->kind == ciie::DelegationKind::kPlanCity) {
      locals_by_rank.push_back(d);
    }
  }
  for (std::int64_t i = 0; i < n_trade && i < static_cast<std::int64_t>(provinces_by_rank.size());
       ++i) {
    const ciie::Delegation* d = provinces_by_rank[static_cast<std::size_t>(i)];
    std::string short_name = d->name_zh.substr(0, d->name_zh.size() - std::string("交易团").size());
    plan.added.push_back({d->slug, d->slug + "-trade", short_name + "省直外贸分团", ""});
  }
  std::vector<double> county_weights;
  for (const ciie::Delegation* d : locals_by_rank) {
    county_weights.push_back(static_cast<double>(units_of[d->slug]));
  }
  const std::vector<std::int64_t> county_subs = apportion(n_county, county_weights);
  std::int64_t short_by = 0;  // a delegation with fewer counties than its share passes it on
  for (std::size_t i = 0; i < locals_by_rank.size(); ++i) {
    const ciie::Delegation* d = locals_by_rank[i];
    const std::vector<std::string>& pool = pools[d->slug];
    const std::int64_t want = county_subs[i] + short_by;
    const std::int64_t take = std::min<std::int64_t>(want, static_cast<std::int64_t>(pool.size()));
    short_by = want - take;
    for (std::int64_t k = 0; k < take; ++k) {
      const std::string& code = pool[static_cast<std::size_t>(k)];
      plan.added.push_back({d->slug, d->slug + "-" + code, division_name(code) + "分团", code});
    }
  }
  if (short_by > 0) throw std::runtime_error("not enough counties for the sub-delegations asked");

  for (const AddedSub& a : plan.added) {
    for (ciie::Delegation& d : plan.rules.delegations) {
      if (d.slug != a.delegation) continue;
      ciie::SubDelegation sub;
      sub.slug = a.slug;
      sub.name_zh = a.name_zh;
      if (!a.prefix.empty()) sub.region_prefixes.push_back(a.prefix);
      d.sub_delegations.push_back(std::move(sub));
    }
  }
  if (const ciie::Status valid = plan.rules.validate(); !valid.is_ok()) {
    throw std::runtime_error("the planned sub-delegations are refused: " + valid.message());
  }
  plan.sub_delegations = plan.builtin_sub_delegations + static_cast<std::int64_t>(plan.added.size());

  for (const ciie::Delegation& d : plan.rules.delegations) {
    DelegationShare share;
    share.delegation = &d;
    const auto it = units_of.find(d.slug);
    share.units = it == units_of.end() ? 0 : it->second;
    if (d.kind == ciie::DelegationKind::kCentral || d.kind == ciie::DelegationKind::kNhc) {
      share.divisions = beijing;
    } else if (const auto p = pools.find(d.slug); p != pools.end()) {
      share.divisions = p->second;
    }
    if (share.units > 0 && share.divisions.empty()) {
      throw std::runtime_error("no division routes to " + d.slug);
    }
    plan.shares.push_back(std::move(share));
  }
  return plan;
}

}  // namespace ciie::datagen
