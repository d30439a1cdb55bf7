// The USCC authority/category table. Sources: GB 32100-2015 with amendment XG1-2016 (the post-2016
// table reproduced by many sources), plus the pairs added since (CredentialKit OrgCategory.java).
#include "codes/uscc_categories.hpp"

#include <array>

namespace ciie::codes::detail {
namespace {

struct Authority {
  char code;
  std::string_view name;
};

struct Category {
  char authority;
  char code;
  std::string_view name;
};

constexpr std::array<Authority, 15> kAuthorities = {{
    {'1', "机构编制"},
    {'2', "外交"},
    {'3', "司法行政"},
    {'4', "文化"},
    {'5', "民政"},
    {'6', "旅游"},
    {'7', "宗教"},
    {'8', "工会"},
    {'9', "市场监管"},  // formerly 工商
    {'A', "中央军委改革和编制办公室"},
    {'G', "公安"},          // added after 2016
    {'J', "住房城乡建设"},  // added after 2016
    {'N', "农业"},
    {'Q', "侨联"},  // added after 2016
    {'Y', "其他"},
}};

constexpr std::array<Category, 49> kCategories = {{
    {'1', '1', "机关"},
    {'1', '2', "事业单位"},
    {'1', '3', "中央编办直接管理机构编制的群众团体"},
    {'1', '9', "其他"},
    {'2', '1', "外国常驻新闻机构"},
    {'2', '9', "其他"},
    {'3', '1', "律师执业机构"},
    {'3', '2', "公证处"},
    {'3', '3', "基层法律服务所"},
    {'3', '4', "司法鉴定机构"},
    {'3', '5', "仲裁委员会"},
    {'3', '6', "商事调解组织"},  // added after 2016
    {'3', '9', "其他"},
    {'4', '1', "外国在华文化中心"},
    {'4', '9', "其他"},
    {'5', '1', "社会团体"},
    {'5', '2', "民办非企业单位"},
    {'5', '3', "基金会"},
    {'5', '4', "村民委员会"},  // added after 2016
    {'5', '5', "居民委员会"},  // added after 2016
    {'5', '9', "其他"},
    {'6', '1', "外国旅游部门常驻代表机构"},
    {'6', '2', "港澳台地区旅游部门常驻内地(大陆)代表机构"},
    {'6', '9', "其他"},
    {'7', '1', "宗教活动场所"},
    {'7', '2', "宗教院校"},
    {'7', '9', "其他"},
    {'8', '1', "基层工会"},
    {'8', '2', "非法人工会组织"},  // added after 2016
    {'8', '9', "其他"},
    {'9', '1', "企业"},
    {'9', '2', "个体工商户"},
    {'9', '3', "农民专业合作社"},
    {'9', '9', "其他"},                  // added after 2016
    {'A', '1', "军队文职人员用人单位"},  // formerly 军队事业单位
    {'A', '9', "其他"},
    {'G', '1', "境外非政府组织代表机构"},
    {'G', '9', "其他"},
    {'J', '1', "业主大会"},
    {'J', '9', "其他"},
    {'N', '1', "组级集体经济组织"},
    {'N', '2', "村级集体经济组织"},
    {'N', '3', "乡镇级集体经济组织"},
    {'N', '9', "其他"},
    {'Q', '1', "区县级侨联组织"},
    {'Q', '2', "乡镇级侨联组织"},
    {'Q', '3', "村级侨联组织"},
    {'Q', '9', "其他"},
    {'Y', '1', "其他"},  // Y has category 1 only
}};

}  // namespace

CategoryNames category_names(char authority, char category) {
  CategoryNames names;
  for (const Authority& a : kAuthorities) {
    if (a.code == authority) names.authority = a.name;
  }
  for (const Category& c : kCategories) {
    if (c.authority == authority && c.code == category) names.category = c.name;
  }
  return names;
}

}  // namespace ciie::codes::detail
