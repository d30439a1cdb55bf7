// The pure parts of matchmaking (MATCH-1): the bigram segmenter, the BM25 index against scores
// computed by hand, the ranking order (area filter, same category first, ties by id), the bounded
// top-k, and needs ranked for an exhibitor.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "match/bm25_index.hpp"
#include "match/exhibit_matcher.hpp"
#include "match/segmenter.hpp"
#include "match/top_k.hpp"

using namespace ciie;
using Terms = std::vector<std::string>;

TEST_CASE("segment: CJK bigrams, Latin words, full-width forms", "[match]") {
  struct Row {
    const char* text;
    Terms terms;
  };
  const std::vector<Row> table{
      {"进口牛奶", {"进口", "口牛", "牛奶"}},
      {"牛", {"牛"}},
      {"", {}},
      {"UHT Whole Milk", {"uht", "whole", "milk"}},
      {"进口Milk粉", {"进口", "milk", "粉"}},
      {"ＵＨＴ牛奶１升", {"uht", "牛奶", "1", "升"}},  // full-width letters and digits: NFKC
      {"牛奶，奶酪", {"牛奶", "奶酪"}},                  // full-width comma separates
      {"3T 磁共振", {"3t", "磁共", "共振"}},
      {"L'Oréal 欧莱雅", {"loréal", "欧莱", "莱雅"}},     // the apostrophe joins the word
      {"evian®-1L", {"evian", "1l"}},
      {"  \t\n", {}},
  };
  for (const Row& row : table) {
    INFO(row.text);
    CHECK(match::segment(row.text) == row.terms);
  }
}

TEST_CASE("segment: invalid UTF-8 keeps the ASCII words", "[match]") {
  CHECK(match::segment(std::string("milk\xff\xfe") + "cheese") == Terms{"milk", "cheese"});
}

TEST_CASE("BM25 scores equal the ones computed by hand", "[match]") {
  match::Bm25Index index;  // k1 = 1.2, b = 0.75
  index.add({"a", "b"});   // doc 0, length 2
  index.add({"a"});        // doc 1, length 1
  index.add({"c", "c", "c"});  // doc 2, length 3; average length 2
  index.build();
  const auto a = index.term_id("a");
  const auto c = index.term_id("c");
  REQUIRE(a);
  REQUIRE(c);
  CHECK_FALSE(index.term_id("z"));
  // idf(a) = ln(1 + (3 − 2 + 0.5) / (2 + 0.5)) = ln 1.6
  CHECK(index.idf(*a) == Approx(0.4700036292));
  // doc 0: tf 1, |d| = avg: 1 · 2.2 / (1 + 1.2) = 1 → idf
  CHECK(index.term_score(*a, 1, 0) == Approx(0.4700036292));
  // doc 1: tf 1, |d| = 1: norm 1.2 · (0.25 + 0.75 · 0.5) = 0.75 → idf · 2.2 / 1.75
  CHECK(index.term_score(*a, 1, 1) == Approx(0.5908617053));
  // doc 2, c: idf ln(1 + 2.5 / 1.5); tf 3, |d| = 3: norm 1.65 → idf · 6.6 / 4.65
  CHECK(index.term_score(*c, 3, 2) == Approx(std::log(1 + 2.5 / 1.5) * 6.6 / 4.65));
  CHECK(index.frequency(*c, 2) == 3);
  CHECK(index.frequency(*c, 0) == 0);

  match::Bm25Index::Scratch scratch;
  index.prepare(scratch);
  const std::vector<std::uint32_t> query = index.query_terms({"a", "c", "z", "a"});
  CHECK(query.size() == 2);  // unknown terms dropped, duplicates once
  index.accumulate(query, scratch);
  std::vector<std::uint32_t> touched = scratch.touched;
  std::sort(touched.begin(), touched.end());
  CHECK(touched == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(scratch.score[1] == Approx(0.5908617053));
  CHECK(scratch.mask[2] == 2);  // the second query term
  match::Bm25Index::reset(scratch);
  CHECK(scratch.touched.empty());
  CHECK(scratch.score[1] == 0.0);
}

TEST_CASE("top-k keeps the best k in ranking order", "[match]") {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> score(0, 20);  // many ties on purpose
  std::vector<match::Ranked> all;
  for (std::uint32_t i = 0; i < 500; ++i) {
    all.push_back({i, static_cast<double>(score(random)), i % 3 == 0, 0, i});
  }
  std::vector<match::Ranked> shuffled = all;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  match::TopK best(10);
  for (const match::Ranked& r : shuffled) best.offer(r);
  const auto kept = best.take_sorted();
  std::sort(all.begin(), all.end(), match::ranks_before);
  REQUIRE(kept.size() == 10);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    INFO(i);
    CHECK(kept[i].item == all[i].item);
  }
  CHECK(kept.front().category_match);
  match::TopK none(0);
  none.offer(all.front());
  CHECK(none.take_sorted().empty());
}

namespace {

Exhibit exhibit(std::string id, std::string exhibitor, std::string area, std::string category,
                std::string name, std::string description = {}) {
  Exhibit e;
  e.id = std::move(id);
  e.exhibitor = std::move(exhibitor);
  e.exhibitor_name = e.exhibitor;
  e.area = std::move(area);
  e.category = std::move(category);
  e.name = std::move(name);
  e.description = std::move(description);
  return e;
}

PurchaseNeed need(std::int64_t id, std::string area, std::string category, std::string keywords) {
  PurchaseNeed n;
  n.id = id;
  n.area = std::move(area);
  n.category = std::move(category);
  n.keywords = std::move(keywords);
  return n;
}

std::vector<std::string> ids(const std::vector<MatchResult>& results) {
  std::vector<std::string> out;
  for (const MatchResult& r : results) out.push_back(r.exhibit.id);
  return out;
}

std::vector<Exhibit> corpus() {
  return {
      exhibit("E1", "X1", "food-agri", "beverages-wine", "进口牛奶饮料"),
      exhibit("E2", "X1", "food-agri", "dairy", "进口全脂牛奶", "新西兰牧场"),
      exhibit("E3", "X2", "food-agri", "dairy", "切达奶酪"),
      exhibit("E4", "X2", "food-agri", "dairy", "进口全脂牛奶", "新西兰牧场"),  // E2's twin
      exhibit("E5", "X3", "consumer-goods", "mother-baby", "进口牛奶奶瓶"),     // another area
      exhibit("E6", "X3", "food-agri", "dairy", "新鲜牛奶"),
  };
}

}  // namespace

TEST_CASE("ranking: same area only, same category first, ties by id", "[match]") {
  match::ExhibitMatcher matcher(corpus());
  const auto results = matcher.match_need(need(1, "food-agri", "dairy", "进口牛奶"), 10);
  // E5 is in another area; E3 shares no term. Same category (E2, E4, E6) before E1, although
  // E1 matches every term too; E2 and E4 tie and break by id.
  CHECK(ids(results) == std::vector<std::string>{"E2", "E4", "E6", "E1"});
  REQUIRE(results.size() == 4);
  CHECK(results[0].score == results[1].score);
  CHECK(results[0].score > results[2].score);  // E6 has only 牛奶
  CHECK(results[0].category_match);
  CHECK_FALSE(results[3].category_match);
  CHECK(results[0].matched_terms == std::vector<std::string>{"进口", "牛奶"});  // no 口牛 in 进口全脂牛奶
  CHECK(results[3].matched_terms == std::vector<std::string>{"进口", "口牛", "牛奶"});
  CHECK(results[2].matched_terms == std::vector<std::string>{"牛奶"});
  CHECK(results[0].rank == 1);
  CHECK(results[3].rank == 4);

  const auto top2 = matcher.match_need(need(1, "food-agri", "dairy", "进口牛奶"), 2);
  CHECK(ids(top2) == std::vector<std::string>{"E2", "E4"});
  // The scratch is reset between queries: the same query gives the same scores.
  CHECK(top2[0].score == results[0].score);
  CHECK(matcher.match_need(need(2, "food-agri", "dairy", "咖啡豆"), 10).empty());
}

TEST_CASE("ranking needs for an exhibitor by its best exhibit", "[match]") {
  const match::ExhibitMatcher matcher(corpus());
  const std::vector<PurchaseNeed> needs{
      need(1, "food-agri", "dairy", "奶酪"),                // X2's E3, same category
      need(2, "food-agri", "beverages-wine", "全脂牛奶"),   // X2's E4, other category
      need(3, "consumer-goods", "mother-baby", "进口牛奶"), // X2 has nothing in that area
      need(4, "food-agri", "dairy", "红葡萄酒"),            // no shared term
  };
  const auto results = matcher.match_exhibitor("X2", needs, 10);
  REQUIRE(results.size() == 2);
  CHECK(results[0].need->id == 1);
  CHECK(results[0].exhibit.id == "E3");
  CHECK(results[0].category_match);
  CHECK(results[1].need->id == 2);
  CHECK(results[1].exhibit.id == "E4");
  CHECK_FALSE(results[1].category_match);
  CHECK(matcher.match_exhibitor("nobody", needs, 10).empty());
}
