#include "units.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

#include "ciie/codes.hpp"
#include "ciie/routing.hpp"
#include "csv.hpp"
#include "names.hpp"

namespace ciie::datagen {
namespace {

constexpr const char* kEnterprise = "enterprise";
constexpr const char* kGovernment = "government";
constexpr const char* kPublic = "public_institution";
constexpr const char* kSocial = "social_org";

// ciie-facts §1.3 (Anhui, 1st edition): units by category, and people per unit.
const std::vector<std::pair<const char*, double>> kCategoryShare{
    {kEnterprise, 0.713}, {kGovernment, 0.249}, {kPublic, 0.034}, {kSocial, 0.005}};
const std::map<std::string, double> kPeoplePerUnit{
    {kEnterprise, 2.4}, {kGovernment, 4.3}, {kPublic, 3.4}, {kSocial, 4.1}, {"other", 2.4}};

// Purchase intentions weighted like the 1st edition's intended deals (§6.3).
const std::map<std::string, double> kAreaWeight{{"tech-equipment", 28}, {"food-agri", 22},
                                                {"auto", 21},           {"consumer-goods", 13},
                                                {"medical-health", 10}, {"services", 6}};

std::string kind2_of(const std::string& category) {
  if (category == kGovernment) return "11";
  if (category == kPublic) return "12";
  if (category == kSocial) return "51";
  return "91";
}

// The city a division is in, for names: 苏州 for 320505, 上海 for 310115.
std::string city_of(const std::string& division) {
  for (const ciie::codes::Division& d : ciie::codes::find_division(division)) {
    std::string city(d.prefecture.empty() || d.prefecture == "直辖" ? d.province : d.prefecture);
    for (const char* suffix : {"市", "省", "自治区", "地区", "自治州", "盟"}) {
      const std::string s(suffix);
      if (city.size() > s.size() && city.compare(city.size() - s.size(), s.size(), s) == 0) {
        city.resize(city.size() - s.size());
        break;
      }
    }
    return city;
  }
  return "示例";
}

std::string county_of(const std::string& division) {
  const std::vector<ciie::codes::Division> rows = ciie::codes::find_division(division);
  return rows.empty() ? std::string() : std::string(rows.front().name);
}

}  // namespace

std::string unit_name(const std::string& category, const std::string& division, Rng& rng,
                      std::int64_t index) {
  const std::string city = city_of(division);
  if (category == kGovernment) {
    static const std::vector<std::string> offices{"商务局", "发展和改革委员会", "卫生健康委员会",
                                                  "教育局", "农业农村局", "市场监督管理局",
                                                  "国有资产监督管理委员会", "工业和信息化局"};
    return city + county_of(division) + rng.pick(offices);
  }
  if (category == kPublic) {
    static const std::vector<std::string> kinds{"人民医院", "中医医院", "研究院", "职业技术学院",
                                                "检验检测中心", "图书馆", "疾病预防控制中心"};
    return city + "市第" + std::to_string(1 + index % 9) + rng.pick(kinds);
  }
  if (category == kSocial) {
    static const std::vector<std::string> kinds{"进口商会", "食品行业协会", "医疗器械行业协会",
                                                "跨境电商协会", "汽车流通协会"};
    return city + rng.pick(kinds);
  }
  return city + brand(rng) + trade_word(rng) + "有限公司";
}

namespace {

std::string intentions(const std::vector<ciie::Area>& areas, Rng& rng) {
  std::vector<double> weights;
  for (const ciie::Area& a : areas) {
    const auto w = kAreaWeight.find(a.slug);
    weights.push_back(w == kAreaWeight.end() ? 1.0 : w->second);
  }
  const std::size_t first = rng.weighted(weights);
  std::vector<std::size_t> chosen{first};
  if (rng.chance(0.35)) {
    const std::size_t second = rng.weighted(weights);
    if (second != first) chosen.push_back(second);
  }
  std::string out;
  for (const std::size_t i : chosen) {
    const ciie::Area& area = areas[i];
    if (area.categories.empty()) continue;
    if (!out.empty()) out += ';';
    out += area.slug + ":";
    const std::size_t a = static_cast<std::size_t>(rng.below(area.categories.size()));
    out += area.categories[a];
    const std::size_t b = static_cast<std::size_t>(rng.below(area.categories.size()));
    if (b != a && rng.chance(0.5)) out += "|" + area.categories[b];
  }
  return out;
}

std::string purposes(Rng& rng) {
  std::string out = "purchase";
  for (const char* p : {"negotiation", "information", "investment"}) {
    if (rng.chance(0.3)) out += std::string(";") + p;
  }
  return out;
}

// A division drawn from a delegation's list, the first ones (capital districts) most often.
const std::string& draw_division(const std::vector<std::string>& divisions, Rng& rng) {
  // Harmonic weights 1/(i + 3) without building a vector per draw: inverse of the cumulative sum
  // approximated by drawing a rank from a log-uniform and folding it into the list.
  const double n = static_cast<double>(divisions.size());
  const double r = std::exp(rng.unit() * std::log((n + 3.0) / 3.0)) * 3.0 - 3.0;
  const auto i = std::min(static_cast<std::size_t>(r), divisions.size() - 1);
  return divisions[i];
}

// Persons per unit: log-normal (σ = 1) around the category's mean, at least 1, at most 300,
// then adjusted one at a time on random units until they add up to `total` exactly.
void draw_persons(std::vector<Unit>& units, std::int64_t total, Rng& rng) {
  if (units.empty()) return;
  double planned = 0.0;
  for (const Unit& u : units) planned += kPeoplePerUnit.at(u.category);
  const double scale = static_cast<double>(total) / planned;
  constexpr double kSigma = 1.0;
  std::int64_t sum = 0;
  for (Unit& u : units) {
    const double mean_extra = std::max(0.05, kPeoplePerUnit.at(u.category) * scale - 1.0);
    const double mu = std::log(mean_extra) - kSigma * kSigma / 2.0;
    const double z = std::sqrt(-2.0 * std::log(1.0 - rng.unit())) *
                     std::cos(2.0 * 3.14159265358979323846 * rng.unit());
    const double extra = std::exp(mu + kSigma * z);
    u.persons = std::clamp<std::int64_t>(1 + static_cast<std::int64_t>(std::llround(extra)), 1, 300);
    sum += u.persons;
  }
  if (total < static_cast<std::int64_t>(units.size())) {
    throw std::invalid_argument("fewer persons than units");
  }
  while (sum < total) {
    ++units[static_cast<std::size_t>(rng.below(units.size()))].persons;
    ++sum;
  }
  while (sum > total) {
    Unit& u = units[static_cast<std::size_t>(rng.below(units.size()))];
    if (u.persons > 1) {
      --u.persons;
      --sum;
    }
  }
}

}  // namespace

std::int64_t overseas_units(const UnitsSpec& spec) {
  return static_cast<std::int64_t>(std::llround(spec.overseas_share * static_cast<double>(spec.units)));
}

std::vector<Unit> make_units(const Plan& plan, const UnitsSpec& spec) {
  Rng rng(spec.seed, "units");
  const std::int64_t overseas = overseas_units(spec);
  const std::int64_t mainland = spec.units - overseas;

  // Categories: exact counts over the mainland; the central delegation's units are enterprises,
  // the NHC's public institutions (hospitals), both taken out of those counts first.
  std::int64_t central = 0, nhc = 0, planned = 0;
  for (const DelegationShare& s : plan.shares) {
    planned += s.units;
    if (s.delegation->kind == ciie::DelegationKind::kCentral) central += s.units;
    if (s.delegation->kind == ciie::DelegationKind::kNhc) nhc += s.units;
  }
  if (planned != mainland) throw std::logic_error("the plan's units differ from the spec's");
  std::map<std::string, std::int64_t> left;
  {
    double share_sum = 0.0;
    for (const auto& [c, s] : kCategoryShare) share_sum += s;
    std::int64_t given = 0;
    for (const auto& [c, s] : kCategoryShare) {
      left[c] = static_cast<std::int64_t>(std::floor(static_cast<double>(mainland) * s / share_sum));
      given += left[c];
    }
    left[kEnterprise] += mainland - given;
    left[kEnterprise] = std::max<std::int64_t>(0, left[kEnterprise] - central);
    left[kPublic] = std::max<std::int64_t>(0, left[kPublic] - nhc);
  }
  std::vector<std::string> local_categories;
  for (const auto& [c, s] : kCategoryShare) {
    for (std::int64_t i = 0; i < left[c]; ++i) local_categories.emplace_back(c);
  }
  const std::int64_t locals = mainland - central - nhc;
  while (static_cast<std::int64_t>(local_categories.size()) < locals) local_categories.emplace_back(kEnterprise);
  local_categories.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, locals)));
  rng.shuffle(local_categories);

  std::vector<const ciie::SubDelegation*> groups;  // central-enterprise groups, by size
  for (const DelegationShare& s : plan.shares) {
    if (s.delegation->kind != ciie::DelegationKind::kCentral) continue;
    for (const ciie::SubDelegation& sub : s.delegation->sub_delegations) groups.push_back(&sub);
  }
  std::vector<double> group_weights;
  for (std::size_t i = 0; i < groups.size(); ++i) group_weights.push_back(1.0 / (static_cast<double>(i) + 2.0));

  std::vector<Unit> units;
  units.reserve(static_cast<std::size_t>(spec.units));
  std::size_t next_local = 0;
  for (const DelegationShare& s : plan.shares) {
    const ciie::Delegation& d = *s.delegation;
    for (std::int64_t k = 0; k < s.units; ++k) {
      Unit u;
      u.index = static_cast<std::int64_t>(units.size());
      u.division = draw_division(s.divisions, rng);
      if (d.kind == ciie::DelegationKind::kCentral) {
        u.category = kEnterprise;
        u.affiliation = "central";
        u.delegation = d.slug;
        if (!groups.empty()) u.sub_delegation = groups[rng.weighted(group_weights)]->slug;
      } else if (d.kind == ciie::DelegationKind::kNhc) {
        u.category = kPublic;
        u.affiliation = "nhc";
        u.delegation = d.slug;
      } else {
        u.category = local_categories[next_local++];
        const auto place = ciie::match_place(plan.rules, u.division);
        if (!place || place->delegation == nullptr || place->delegation->slug != d.slug) {
          throw std::logic_error("division " + u.division + " does not route to " + d.slug);
        }
        u.delegation = d.slug;
        if (place->sub != nullptr) u.sub_delegation = place->sub->slug;
        // Provincial SOEs (省属企业) and foreign-trade firms join their sub-delegation by choice.
        if (u.category == kEnterprise && d.kind == ciie::DelegationKind::kProvince) {
          const double draw = rng.unit();
          const auto has = [&](const std::string& slug) {
            return std::any_of(d.sub_delegations.begin(), d.sub_delegations.end(),
                               [&](const ciie::SubDelegation& x) { return x.slug == slug; });
          };
          if (draw < 0.04 && has(d.slug + "-soe")) {
            u.affiliation = "choice";
            u.sub_delegation = d.slug + "-soe";
            u.affiliation_reason = "省属国有企业";
          } else if (draw < 0.06 && has(d.slug + "-trade")) {
            u.affiliation = "choice";
            u.sub_delegation = d.slug + "-trade";
            u.affiliation_reason = "省直外贸企业";
          }
        }
      }
      u.uscc = uscc(kind2_of(u.category), u.division, u.index);
      u.name = unit_name(u.category, u.division, rng, u.index);
      if (u.affiliation == "central") u.name = "中国" + u.name;
      u.phone = mainland_mobile(rng);
      u.email = "unit" + std::to_string(u.index) + "@example-" + std::to_string(u.index % 97) + ".cn";
      u.legal_representative = person_name(rng);
      u.address = city_of(u.division) + county_of(u.division) + brand(rng) + "路" +
                  std::to_string(rng.between(1, 999)) + "号";
      if (u.category == kEnterprise) {
        u.registered_capital_wan = static_cast<std::int64_t>(
            std::llround(std::exp(std::log(500.0) + 1.5 * (rng.unit() + rng.unit() - 1.0) * 2.0)));
        if (u.registered_capital_wan < 1) u.registered_capital_wan = 1;
      }
      if (rng.chance(0.7)) {
        u.contact_name = person_name(rng);
        u.contact_phone = mainland_mobile(rng);
        u.contact_position = position(rng);
      }
      u.purposes = purposes(rng);
      u.intentions = intentions(plan.rules.areas, rng);
      units.push_back(std::move(u));
    }
  }
  for (std::int64_t k = 0; k < overseas; ++k) {
    Unit u;
    u.index = static_cast<std::int64_t>(units.size());
    u.overseas = true;
    u.category = rng.chance(0.85) ? kEnterprise : "other";
    u.name = foreign_company_name(rng, u.index);
    u.email = "buyer" + std::to_string(u.index) + "@overseas-example.com";
    u.phone = foreign_phone(rng);
    u.purposes = purposes(rng);
    u.intentions = intentions(plan.rules.areas, rng);
    units.push_back(std::move(u));
  }
  draw_persons(units, spec.persons, rng);
  std::int64_t next = 0;
  for (Unit& u : units) {
    u.first_person = next;
    next += u.persons;
  }
  return units;
}

std::int64_t write_units_csv(const std::vector<Unit>& units, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "region,category,uscc,name,consent,phone,email,affiliation,delegation,sub_delegation,"
         "affiliation_reason,legal_representative,address,registered_capital_wan,contact_name,"
         "contact_phone,contact_position,purposes,intentions\n";
  for (const Unit& u : units) {
    out << (u.overseas ? "overseas" : "mainland") << ',' << u.category << ',' << u.uscc << ','
        << csv_cell(u.name) << ",true," << u.phone << ',' << u.email << ',' << u.affiliation
        << ',' << u.delegation << ',' << u.sub_delegation << ',' << csv_cell(u.affiliation_reason)
        << ',' << csv_cell(u.legal_representative) << ',' << csv_cell(u.address) << ','
        << (u.registered_capital_wan > 0 ? std::to_string(u.registered_capital_wan) : "") << ','
        << csv_cell(u.contact_name) << ',' << u.contact_phone << ','
        << csv_cell(u.contact_position) << ',' << u.purposes << ',' << u.intentions << '\n';
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
  return static_cast<std::int64_t>(units.size());
}

}  // namespace ciie::datagen
