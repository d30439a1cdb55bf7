#include "names.hpp"

#include <cstdio>
#include <vector>

#include "ciie/codes.hpp"

namespace ciie::datagen {
namespace {

const std::vector<std::string> kSurnames{
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "欧阳"};
const std::vector<std::string> kGiven{
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "子涵", "浩然",
    "欣怡", "宇轩", "思远", "文博", "佳琪", "俊杰", "雨桐", "国平", "丽华", "振宇", "晨曦"};
const std::vector<std::string> kSyllables{"恒", "信", "华", "越", "德", "隆", "嘉", "和", "瑞",
                                          "丰", "泰", "盛", "鼎", "联", "通", "汇", "达", "新",
                                          "源", "博", "远", "安", "宏", "正", "金", "海", "星"};
const std::vector<std::string> kTrades{"贸易", "科技", "进出口", "食品", "医疗器械", "汽车零部件",
                                       "化妆品", "物流", "供应链", "电子", "机械", "生物科技",
                                       "实业", "酒业", "农业发展", "新材料"};
const std::vector<std::string> kPositions{"采购经理", "采购专员", "总经理", "副总经理",
                                          "进口部经理", "市场总监", "业务代表", "技术主管",
                                          "处长", "科员", "主任", "研究员"};
const std::vector<std::string> kFirst{"Maria", "John", "Anna", "Luca", "Sophie", "Kenji",
                                      "Emma", "Lars", "Carlos", "Olivia", "Ahmed", "Mei"};
const std::vector<std::string> kLast{"Rossi", "Smith", "Muller", "Tanaka", "Dubois", "Silva",
                                     "Jensen", "Kim", "Garcia", "Brown", "Novak", "Costa"};
const std::vector<std::string> kForeignBrands{"Nordic", "Alpen", "Pacific", "Atlas", "Aurora",
                                              "Meridian", "Baltic", "Andes", "Sahara", "Celtic"};
const std::vector<std::string> kForeignTrades{"Foods", "Trading", "Medical", "Motors",
                                              "Wines", "Robotics", "Cosmetics", "Logistics"};
const std::vector<std::string> kForeignForms{"GmbH", "Ltd.", "Inc.", "S.p.A.", "B.V.",
                                             "Pty Ltd", "S.A.", "AG"};
const std::vector<std::string> kMobilePrefixes{"130", "131", "132", "135", "136", "137", "138",
                                               "139", "150", "151", "152", "157", "158", "159",
                                               "166", "177", "180", "181", "186", "187", "188",
                                               "189", "198", "199"};
const std::vector<std::string> kForeignPrefixes{"+49151", "+33612", "+81901", "+16175",
                                                "+44791", "+39347", "+61412", "+82105"};

std::string digits(Rng& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>('0' + rng.below(10));
  return out;
}

}  // namespace

std::string person_name(Rng& rng) {
  std::string name = rng.pick(kSurnames) + rng.pick(kGiven);
  if (rng.chance(0.3)) name += rng.pick(kGiven);
  return name;
}

std::string foreign_person_name(Rng& rng) { return rng.pick(kFirst) + " " + rng.pick(kLast); }

std::string mainland_mobile(Rng& rng) { return rng.pick(kMobilePrefixes) + digits(rng, 8); }

std::string foreign_phone(Rng& rng) { return rng.pick(kForeignPrefixes) + digits(rng, 7); }

std::string trade_word(Rng& rng) { return rng.pick(kTrades); }

std::string brand(Rng& rng) { return rng.pick(kSyllables) + rng.pick(kSyllables); }

std::string foreign_company_name(Rng& rng, std::int64_t index) {
  return rng.pick(kForeignBrands) + " " + rng.pick(kForeignTrades) + " " +
         std::to_string(index) + " " + rng.pick(kForeignForms);
}

std::string position(Rng& rng) { return rng.pick(kPositions); }

std::string cn_id(const std::string& division, std::int64_t n) {
  const long long seq = n % 999 + 1;
  const long long d = n / 999;
  char first17[32];
  std::snprintf(first17, sizeof first17, "%s%04lld%02lld%02lld%03lld", division.c_str(),
                1960 + (d / 336) % 40, (d / 28) % 12 + 1, d % 28 + 1, seq);
  return std::string(first17) + ciie::codes::mod11_2_check_char(first17);
}

std::string passport(std::int64_t n) {
  char out[32];
  std::snprintf(out, sizeof out, "E%08lld", static_cast<long long>(n % 100'000'000));
  return out;
}

std::string uscc(const std::string& kind2, const std::string& division, std::int64_t index) {
  char org[32];
  std::snprintf(org, sizeof org, "%08lld", static_cast<long long>(10'000'000 + index % 90'000'000));
  std::string first17 = kind2 + division + org;
  first17 += ciie::codes::org_code_check_char(org);
  return first17 + ciie::codes::uscc_check_char(first17);
}

}  // namespace ciie::datagen
