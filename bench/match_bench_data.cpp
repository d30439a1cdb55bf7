// The generator of ciie_match_bench: exhibits and purchase needs over the six areas, weighted by
// the 1st CIIE's intended-deal shares, with Chinese and English product names, deterministic by
// seed (std::mt19937_64 and the distributions of libstdc++).
#include "match_bench_data.hpp"

#include <array>
#include <cstdio>
#include <random>

#include "ciie/codes.hpp"

namespace ciie::bench {
namespace {

// The six areas weighted by the 1st CIIE's intended-deal shares (ciie-facts §6.3; its two
// consumer areas, 7 % and 6 %, are today's one consumer-goods area).
struct AreaSpec {
  const char* slug;
  int weight;
  std::vector<std::pair<const char*, std::vector<const char*>>> categories;  // category → products
};

const std::vector<AreaSpec>& area_specs() {
  static const std::vector<AreaSpec> specs{
      {"tech-equipment", 28,
       {{"integrated-circuits", {"芯片", "晶圆", "光刻机", "封装设备", "semiconductor", "wafer"}},
        {"artificial-intelligence", {"机器人", "视觉系统", "语音识别", "服务器", "robot", "AI"}},
        {"new-materials", {"碳纤维", "特种合金", "石墨烯", "高分子材料", "composite"}},
        {"industrial-automation", {"数控机床", "工业机器人", "传感器", "伺服电机", "PLC"}},
        {"energy-low-carbon", {"光伏组件", "储能电池", "氢燃料电池", "风电设备", "solar"}},
        {"environmental-tech", {"污水处理设备", "空气净化系统", "固废处理", "filter"}}}},
      {"food-agri", 22,
       {{"dairy", {"牛奶", "奶酪", "奶粉", "黄油", "酸奶", "milk", "cheese"}},
        {"beverages-wine", {"红葡萄酒", "威士忌", "咖啡豆", "矿泉水", "果汁", "wine", "coffee"}},
        {"snacks", {"巧克力", "饼干", "坚果", "糖果", "chocolate"}},
        {"meat-seafood", {"牛肉", "三文鱼", "龙虾", "猪肉", "帝王蟹", "beef", "salmon"}},
        {"fruit-vegetables", {"车厘子", "榴莲", "牛油果", "蓝莓", "香蕉", "avocado"}},
        {"grain-oil", {"橄榄油", "大米", "小麦粉", "菜籽油", "olive oil"}},
        {"health-food", {"鱼油", "益生菌", "蛋白粉", "维生素", "probiotics"}},
        {"crop-seeds", {"玉米种子", "蔬菜种子", "大豆种子", "seeds"}}}},
      {"auto", 21,
       {{"vehicles", {"越野车", "轿车", "跑车", "商用车", "SUV"}},
        {"new-energy", {"纯电动汽车", "插电混动", "充电桩", "EV"}},
        {"autonomous-driving", {"激光雷达", "自动驾驶系统", "毫米波雷达", "lidar"}},
        {"smart-mobility", {"共享出行平台", "车联网", "电动滑板车"}},
        {"energy-storage", {"动力电池", "电池管理系统", "储能柜", "battery"}},
        {"parts", {"变速箱", "轮胎", "制动系统", "电驱动系统", "tire"}}}},
      {"medical-health", 10,
       {{"medical-devices", {"磁共振", "CT机", "超声诊断仪", "手术机器人", "MRI"}},
        {"biopharma", {"单克隆抗体", "疫苗", "创新药", "vaccine"}},
        {"public-health", {"防护口罩", "检测试剂", "消毒设备"}},
        {"elderly-care-rehab", {"康复机器人", "护理床", "助行器"}},
        {"nutrition-health", {"营养补充剂", "胶原蛋白", "氨基酸"}}}},
      {"consumer-goods", 13,
       {{"cosmetics-personal-care", {"面霜", "口红", "精华液", "香水", "serum"}},
        {"home-furnishing", {"沙发", "床垫", "餐桌", "灯具", "sofa"}},
        {"apparel", {"羊绒大衣", "运动鞋", "丝巾", "牛仔裤"}},
        {"mother-baby", {"婴儿推车", "纸尿裤", "安全座椅", "奶瓶"}},
        {"jewellery-luxury", {"腕表", "钻石项链", "手袋", "watch"}},
        {"home-appliances", {"空调", "洗碗机", "吸尘器", "咖啡机", "vacuum"}},
        {"sports", {"滑雪板", "高尔夫球杆", "自行车", "跑步机"}}}},
      {"services", 6,
       {{"logistics", {"冷链物流", "跨境电商物流", "海运", "仓储"}},
        {"finance-insurance", {"跨境支付", "贸易保险", "供应链金融"}},
        {"consulting", {"管理咨询", "审计服务", "法律服务"}},
        {"tourism", {"邮轮旅游", "定制旅行", "酒店管理"}},
        {"testing-certification", {"检验检测", "产品认证", "质量评估"}},
        {"culture-creative", {"影视制作", "游戏授权", "艺术品拍卖"}}}},
  };
  return specs;
}

const std::array<const char*, 12> kAdjectives{"进口", "高端", "有机", "智能", "新一代", "环保",
                                              "专业级", "便携式", "天然", "高效", "定制",
                                              "premium"};
const std::array<const char*, 16> kCountries{"FR", "DE", "JP", "US", "IT", "AU", "NZ", "CL",
                                             "KR", "GB", "CH", "NL", "ES", "CA", "TH", "BR"};
const std::array<const char*, 8> kBrands{"欧朗", "北辰", "维嘉", "睿康", "诺德", "百川",
                                         "Alpen", "Nordic"};
const std::array<const char*, 8> kPhrases{"原装进口，品质稳定", "适合餐饮和零售渠道",
                                          "支持定制与批量采购", "已通过国际认证",
                                          "供应链成熟，交期短", "面向中国市场首发",
                                          "节能降耗，维护简单", "可提供技术培训与售后"};

template <typename T, std::size_t N>
const T& pick(std::mt19937_64& random, const std::array<T, N>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(random)];
}

template <typename T>
const T& pick(std::mt19937_64& random, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
}

const AreaSpec& pick_area(std::mt19937_64& random) {
  std::vector<int> weights;
  for (const AreaSpec& spec : area_specs()) weights.push_back(spec.weight);
  std::discrete_distribution<std::size_t> area(weights.begin(), weights.end());
  return area_specs()[area(random)];
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

Generated generate(std::int64_t exhibits, std::int64_t needs, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Generated g;
  g.exhibits_csv =
      "exhibitor,exhibitor_name,exhibitor_country,exhibit,area,category,name,description,"
      "country\n";
  std::int64_t exhibitor = 0;
  std::int64_t left_for_exhibitor = 0;
  std::string exhibitor_id, exhibitor_name, country;
  const AreaSpec* area = nullptr;
  for (std::int64_t i = 1; i <= exhibits; ++i) {
    if (left_for_exhibitor == 0) {  // 1–5 exhibits per exhibitor, in one area: ~3,000 exhibitors
      ++exhibitor;
      left_for_exhibitor = std::uniform_int_distribution<std::int64_t>(1, 5)(random);
      char id[32];
      std::snprintf(id, sizeof id, "EXH-%05lld", static_cast<long long>(exhibitor));
      exhibitor_id = id;
      country = pick(random, kCountries);
      exhibitor_name = std::string(pick(random, kBrands)) + "国际" + std::to_string(exhibitor) +
                       " Co. " + country;
      area = &pick_area(random);
    }
    --left_for_exhibitor;
    const auto& [category, products] = pick(random, area->categories);
    const std::string product = pick(random, products);
    const std::string name = std::string(pick(random, kBrands)) + pick(random, kAdjectives) +
                             product + " " + std::to_string(i % 97);
    const std::string description = std::string(pick(random, kAdjectives)) + product + "，" +
                                    pick(random, kPhrases) + "；" + pick(random, kPhrases);
    char id[32];
    std::snprintf(id, sizeof id, "EXB-%06lld", static_cast<long long>(i));
    g.exhibits_csv += exhibitor_id + "," + csv_cell(exhibitor_name) + "," + country + "," + id +
                      "," + area->slug + "," + category + "," + csv_cell(name) + "," +
                      csv_cell(description) + "," + country + "\n";
  }
  for (std::int64_t i = 0; i < needs; ++i) {
    const AreaSpec& need_area = pick_area(random);
    const auto& [category, products] = pick(random, need_area.categories);
    ciie::NeedRequest r;
    r.area = need_area.slug;
    r.category = category;
    r.keywords = std::string(pick(random, kAdjectives)) + pick(random, products);
    if (random() % 2 == 0) {  // a second product, half the time of another category
      const auto& other = pick(random, need_area.categories);
      r.keywords += " " + std::string(pick(random, random() % 2 ? products : other.second));
    }
    if (random() % 3 == 0) r.description = std::string("需要") + pick(random, kPhrases);
    r.budget = ciie::Money::from_fen(
        std::uniform_int_distribution<std::int64_t>(10'000, 50'000'000)(random) * 100);
    r.quantity = std::uniform_int_distribution<std::int64_t>(1, 10'000)(random);
    g.needs.push_back(std::move(r));
  }
  return g;
}

std::string pudong_uscc(std::int64_t index) {
  const std::string digits = std::to_string(index);
  // Built by appending: GCC 12 misreports `"6" + std::string(…)` under -O2 (-Wrestrict).
  std::string org_body = "6";
  org_body.append(7 - digits.size(), '0');
  org_body += digits;
  std::string first17 = "91310115" + org_body;
  first17 += ciie::codes::org_code_check_char(org_body);
  return first17 + ciie::codes::uscc_check_char(first17);
}

}  // namespace ciie::bench
