// Rules::seventh_edition(): the built-in configuration of the 7th CIIE (2024), the defaults of
// config.md and ciie-facts §9, including all 43 delegations of ciie-facts §2.3 and their
// sub-delegations. Built once and copied out, so callers may change their copy freely.
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/rules.hpp"

namespace ciie {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), so the
// built-in instants need no parsing at run time.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// An Asia/Shanghai wall-clock time as an Instant.
constexpr Instant shanghai(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  const std::int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return Instant::from_unix_seconds(local - kShanghaiOffsetSeconds);
}

constexpr Instant kRegistrationOpens = shanghai(2024, 5, 20, 0, 0, 0);
constexpr Instant kRegistrationCloses = shanghai(2024, 10, 20, 23, 59, 59);
constexpr Instant kInvoiceDeadline = shanghai(2024, 12, 31, 23, 59, 59);
constexpr int kDivisionYear = 2024;  // GB/T 2260 as in use during the 7th edition

struct LocalSeed {
  std::string_view slug;
  std::string_view name_zh;
  std::string_view name_en;
  std::string_view prefix;
};

// ciie-facts §2.3 rows 1–31: the province-level divisions, prefix = GB/T 2260 province code.
constexpr std::array<LocalSeed, 31> kProvinces{{
    {"beijing", "北京交易团", "Beijing", "11"},
    {"tianjin", "天津交易团", "Tianjin", "12"},
    {"hebei", "河北交易团", "Hebei", "13"},
    {"shanxi", "山西交易团", "Shanxi", "14"},
    {"neimenggu", "内蒙古交易团", "Inner Mongolia", "15"},
    {"liaoning", "辽宁交易团", "Liaoning", "21"},
    {"jilin", "吉林交易团", "Jilin", "22"},
    {"heilongjiang", "黑龙江交易团", "Heilongjiang", "23"},
    {"shanghai", "上海交易团", "Shanghai", "31"},
    {"jiangsu", "江苏交易团", "Jiangsu", "32"},
    {"zhejiang", "浙江交易团", "Zhejiang", "33"},
    {"anhui", "安徽交易团", "Anhui", "34"},
    {"fujian", "福建交易团", "Fujian", "35"},
    {"jiangxi", "江西交易团", "Jiangxi", "36"},
    {"shandong", "山东交易团", "Shandong", "37"},
    {"henan", "河南交易团", "Henan", "41"},
    {"hubei", "湖北交易团", "Hubei", "42"},
    {"hunan", "湖南交易团", "Hunan", "43"},
    {"guangdong", "广东交易团", "Guangdong", "44"},
    {"guangxi", "广西交易团", "Guangxi", "45"},
    {"hainan", "海南交易团", "Hainan", "46"},
    {"chongqing", "重庆交易团", "Chongqing", "50"},
    {"sichuan", "四川交易团", "Sichuan", "51"},
    {"guizhou", "贵州交易团", "Guizhou", "52"},
    {"yunnan", "云南交易团", "Yunnan", "53"},
    {"xizang", "西藏交易团", "Tibet (Xizang)", "54"},
    {"shaanxi", "陕西交易团", "Shaanxi", "61"},
    {"gansu", "甘肃交易团", "Gansu", "62"},
    {"qinghai", "青海交易团", "Qinghai", "63"},
    {"ningxia", "宁夏交易团", "Ningxia", "64"},
    {"xinjiang", "新疆交易团", "Xinjiang", "65"},
}};

// Rows 32–36: the plan-listed cities (计划单列市), 4-digit prefixes that win over the province.
constexpr std::array<LocalSeed, 5> kPlanCities{{
    {"dalian", "大连交易团", "Dalian", "2102"},
    {"qingdao", "青岛交易团", "Qingdao", "3702"},
    {"ningbo", "宁波交易团", "Ningbo", "3302"},
    {"xiamen", "厦门交易团", "Xiamen", "3502"},
    {"shenzhen", "深圳交易团", "Shenzhen", "4403"},
}};

struct GroupSeed {
  std::string_view slug;
  std::string_view name_zh;
  std::string_view name_en;
};

// A sample of the central-enterprise groups (央企), one sub-delegation each. The real list
// (~100 groups, 99 sub-delegations at the 5th edition) is organiser data and comes from ciie.toml.
constexpr std::array<GroupSeed, 10> kCentralGroups{{
    {"ce-sinopec", "中国石油化工集团有限公司", "China Petrochemical Corporation (Sinopec Group)"},
    {"ce-cnpc", "中国石油天然气集团有限公司", "China National Petroleum Corporation"},
    {"ce-cnooc", "中国海洋石油集团有限公司", "China National Offshore Oil Corporation"},
    {"ce-sgcc", "国家电网有限公司", "State Grid Corporation of China"},
    {"ce-cofco", "中粮集团有限公司", "COFCO Corporation"},
    {"ce-sinochem", "中国中化控股有限责任公司", "Sinochem Holdings Corporation"},
    {"ce-chinamobile", "中国移动通信集团有限公司", "China Mobile Communications Group"},
    {"ce-baowu", "中国宝武钢铁集团有限公司", "China Baowu Steel Group"},
    {"ce-cmhk", "招商局集团有限公司", "China Merchants Group"},
    {"ce-sinopharm", "中国医药集团有限公司", "China National Pharmaceutical Group (Sinopharm)"},
}};

// ciie-facts §2.2: the names of the four industry delegations were not found. These are
// descriptive PLACEHOLDERS, to be overridden in ciie.toml ([[delegation_override]]).
constexpr std::array<GroupSeed, 4> kIndustry{{
    {"industry-01", "商贸流通行业交易团", "Commerce and Distribution Industry Delegation"},
    {"industry-02", "金融服务行业交易团", "Financial Services Industry Delegation"},
    {"industry-03", "跨境电商行业交易团", "Cross-border E-commerce Industry Delegation"},
    {"industry-04", "科技创新行业交易团", "Science and Technology Industry Delegation"},
}};

Delegation make_delegation(std::string_view slug, std::string_view zh, std::string_view en,
                           DelegationKind kind) {
  Delegation d;
  d.slug = slug;
  d.name_zh = zh;
  d.name_en = en;
  d.kind = kind;
  return d;
}

// 省属 / 市属 (municipalities) / 区属 (autonomous regions): how each names its own SOEs.
std::string soe_name_zh(std::string_view prefix) {
  static const std::set<std::string_view> kMunicipalities{"11", "12", "31", "50"};
  static const std::set<std::string_view> kAutonomous{"15", "45", "54", "64", "65"};
  if (kMunicipalities.count(prefix) != 0) return "市属企业分团";
  if (kAutonomous.count(prefix) != 0) return "区属企业分团";
  return "省属企业分团";
}

// One sub-delegation per prefecture-level division in use in 2024, except those whose 4-digit
// prefix another delegation owns (plan-listed cities route there, not to the province), plus
// the provincial SOE sub-delegation joined by affiliation.
std::vector<SubDelegation> province_subs(const LocalSeed& seed,
                                         const std::set<std::string>& claimed) {
  std::vector<SubDelegation> subs;
  std::set<std::string> seen;
  for (const codes::Division& div : codes::prefectures_in_use(seed.prefix, kDivisionYear)) {
    std::string code4(div.code.substr(0, 4));
    if (claimed.count(code4) != 0 || !seen.insert(code4).second) continue;
    SubDelegation sub;
    sub.slug = std::string(seed.slug) + "-" + code4;
    sub.name_zh = std::string(div.name) + "分团";
    sub.name_en = std::string(seed.name_en) + " sub-delegation " + code4;
    sub.region_prefixes = {code4};
    subs.push_back(std::move(sub));
  }
  SubDelegation soe;
  soe.slug = std::string(seed.slug) + "-soe";
  soe.name_zh = soe_name_zh(seed.prefix);
  soe.name_en = std::string(seed.name_en) + " state-owned enterprises";
  subs.push_back(std::move(soe));
  return subs;
}

std::vector<Delegation> local_delegations() {
  std::set<std::string> claimed{"6590"};  // the XPCC hint prefix
  for (const LocalSeed& city : kPlanCities) claimed.insert(std::string(city.prefix));
  std::vector<Delegation> out;
  for (const LocalSeed& p : kProvinces) {
    Delegation d = make_delegation(p.slug, p.name_zh, p.name_en, DelegationKind::kProvince);
    d.region_prefixes = {std::string(p.prefix)};
    d.sub_delegations = province_subs(p, claimed);
    out.push_back(std::move(d));
  }
  for (const LocalSeed& c : kPlanCities) {
    Delegation d = make_delegation(c.slug, c.name_zh, c.name_en, DelegationKind::kPlanCity);
    d.region_prefixes = {std::string(c.prefix)};  // districts are left without subs
    out.push_back(std::move(d));
  }
  Delegation xpcc =
      make_delegation("xpcc", "新疆生产建设兵团交易团",
                      "Xinjiang Production and Construction Corps", DelegationKind::kXpcc);
  xpcc.region_prefixes = {"6590"};  // DEL-3: only a hint, confirmed by the unit
  out.push_back(std::move(xpcc));
  return out;
}

std::vector<Delegation> affiliation_delegations() {
  std::vector<Delegation> out;
  Delegation central = make_delegation("central-enterprises", "中央企业交易团",
                                       "Central Enterprises", DelegationKind::kCentral);
  for (const GroupSeed& g : kCentralGroups) {
    SubDelegation sub;
    sub.slug = g.slug;
    sub.name_zh = g.name_zh;
    sub.name_en = g.name_en;
    central.sub_delegations.push_back(std::move(sub));
  }
  out.push_back(std::move(central));
  out.push_back(make_delegation("nhc", "国家卫生健康委交易团", "National Health Commission",
                                DelegationKind::kNhc));
  for (const GroupSeed& g : kIndustry) {
    out.push_back(make_delegation(g.slug, g.name_zh, g.name_en, DelegationKind::kIndustry));
  }
  return out;
}

std::vector<BadgeType> badge_types() {
  BadgeType full;
  full.code = "full";
  full.name_zh = "专业观众证";
  full.name_en = "Professional visitor badge";
  full.valid_from = Date{2024, 11, 5};
  full.valid_to = Date{2024, 11, 10};
  full.fee = Money::from_fen(20000);
  full.reusable = true;
  BadgeType weekend;
  weekend.code = "weekend";
  weekend.name_zh = "专业观众证（11月9日、10日）";
  weekend.name_en = "Professional visitor badge (9–10 November)";
  weekend.valid_from = Date{2024, 11, 9};
  weekend.valid_to = Date{2024, 11, 10};
  weekend.fee = Money::from_fen(10000);
  weekend.reusable = false;  // excluded from reuse (ciie-facts §3.6)
  return {full, weekend};
}

Area area(std::string_view slug, std::string_view zh, std::string_view en,
          std::vector<std::string> categories) {
  return Area{std::string(slug), std::string(zh), std::string(en), std::move(categories)};
}

std::vector<Area> areas() {
  return {
      area("food-agri", "食品及农产品展区", "Food & Agricultural Products",
           {"dairy", "beverages-wine", "snacks", "meat-seafood", "fruit-vegetables", "grain-oil",
            "health-food", "crop-seeds"}),
      area("auto", "汽车展区", "Automobile",
           {"vehicles", "new-energy", "autonomous-driving", "smart-mobility", "energy-storage",
            "parts"}),
      area("tech-equipment", "技术装备展区", "Technical Equipment",
           {"integrated-circuits", "artificial-intelligence", "new-materials",
            "industrial-automation", "energy-low-carbon", "environmental-tech"}),
      area("consumer-goods", "消费品展区", "Consumer Goods",
           {"cosmetics-personal-care", "home-furnishing", "apparel", "mother-baby",
            "jewellery-luxury", "home-appliances", "sports"}),
      area("medical-health", "医疗器械及医药保健展区", "Medical Equipment & Healthcare",
           {"medical-devices", "biopharma", "public-health", "elderly-care-rehab",
            "nutrition-health"}),
      area("services", "服务贸易展区", "Trade in Services",
           {"logistics", "finance-insurance", "consulting", "tourism", "testing-certification",
            "culture-creative"}),
  };
}

Rules build_seventh_edition() {
  Rules r;  // member initialisers in rules.hpp carry the scalar defaults
  r.registration.opens_at = kRegistrationOpens;
  r.registration.closes_at = kRegistrationCloses;
  r.badge_types = badge_types();
  r.delegations = local_delegations();
  for (Delegation& d : affiliation_delegations()) r.delegations.push_back(std::move(d));
  r.order.payment_deadline = kRegistrationCloses;
  r.invoice.request_deadline = kInvoiceDeadline;
  r.refund.deadline = kRegistrationCloses;
  r.areas = areas();
  return r;
}

}  // namespace

Rules Rules::seventh_edition() {
  static const Rules kRules = build_seventh_edition();  // thread-safe one-time build
  return kRules;
}

}  // namespace ciie
