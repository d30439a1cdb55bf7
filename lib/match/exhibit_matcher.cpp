// ExhibitMatcher: a need's distinct terms are looked up in the index; every exhibit holding one
// of them gets its BM25 score accumulated; those outside the need's area are dropped and the rest
// offered to a bounded top-k heap.
#include "match/exhibit_matcher.hpp"

#include <optional>

#include "match/segmenter.hpp"
#include "match/top_k.hpp"

namespace ciie::match {
namespace {

std::vector<std::string> matched_terms(const Bm25Index& index,
                                       const std::vector<std::uint32_t>& query,
                                       const std::vector<std::string>& words,
                                       std::uint64_t mask) {
  // `words` are the need's segmented terms: map each query term id back to its text.
  std::vector<std::string> terms;
  for (std::size_t q = 0; q < query.size() && q < 64; ++q) {
    if ((mask & (std::uint64_t{1} << q)) == 0) continue;
    for (const std::string& word : words) {
      const auto id = index.term_id(word);
      if (id && *id == query[q]) {
        terms.push_back(word);
        break;
      }
    }
  }
  return terms;
}

}  // namespace

std::vector<std::string> exhibit_terms(const Exhibit& exhibit) {
  return segment(exhibit.name + "\n" + exhibit.description);
}

std::vector<std::string> need_terms(const PurchaseNeed& need) {
  return segment(need.keywords + "\n" + need.description);
}

ExhibitMatcher::ExhibitMatcher(std::vector<Exhibit> exhibits, Bm25Params params)
    : exhibits_(std::move(exhibits)), index_(params) {
  for (const Exhibit& exhibit : exhibits_) index_.add(exhibit_terms(exhibit));
  index_.build();
  index_.prepare(scratch_);
}

std::vector<MatchResult> ExhibitMatcher::match_need(const PurchaseNeed& need, std::size_t limit) {
  const std::vector<std::string> words = need_terms(need);
  const std::vector<std::uint32_t> query = index_.query_terms(words);
  index_.accumulate(query, scratch_);
  TopK best(limit);
  for (const std::uint32_t doc : scratch_.touched) {
    const Exhibit& exhibit = exhibits_[doc];
    if (exhibit.area != need.area) continue;
    best.offer({doc, scratch_.score[doc], exhibit.category == need.category, scratch_.mask[doc],
                doc});
  }
  Bm25Index::reset(scratch_);
  std::vector<MatchResult> results;
  for (const Ranked& r : best.take_sorted()) {
    MatchResult result;
    result.rank = static_cast<std::int64_t>(results.size()) + 1;
    result.score = r.score;
    result.category_match = r.category_match;
    result.matched_terms = matched_terms(index_, query, words, r.term_mask);
    result.exhibit = exhibits_[r.item];
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<MatchResult> ExhibitMatcher::match_exhibitor(const std::string& exhibitor,
                                                         const std::vector<PurchaseNeed>& needs,
                                                         std::size_t limit) const {
  std::vector<std::uint32_t> own;
  for (std::uint32_t doc = 0; doc < exhibits_.size(); ++doc) {
    if (exhibits_[doc].exhibitor == exhibitor) own.push_back(doc);
  }
  TopK best(limit);
  for (std::uint32_t n = 0; n < needs.size(); ++n) {
    const PurchaseNeed& need = needs[n];
    std::vector<std::uint32_t> query;
    bool query_built = false;
    std::optional<Ranked> top;
    for (const std::uint32_t doc : own) {
      const Exhibit& exhibit = exhibits_[doc];
      if (exhibit.area != need.area) continue;
      if (!query_built) {
        query = index_.query_terms(need_terms(need));
        query_built = true;
      }
      Ranked candidate{n, 0, exhibit.category == need.category, 0, doc};
      for (std::size_t q = 0; q < query.size(); ++q) {
        const std::uint32_t tf = index_.frequency(query[q], doc);
        if (tf == 0) continue;
        candidate.score += index_.term_score(query[q], tf, doc);
        if (q < 64) candidate.term_mask |= std::uint64_t{1} << q;
      }
      if (candidate.score <= 0) continue;
      // The exhibit that ranks best stands for the exhibitor (the lower exhibit number on ties:
      // `own` is in exhibit order, so a later equal candidate does not replace it).
      if (!top || ranks_before(Ranked{doc, candidate.score, candidate.category_match, 0, doc},
                               Ranked{top->via, top->score, top->category_match, 0, top->via})) {
        top = candidate;
      }
    }
    if (top) best.offer(*top);
  }
  std::vector<MatchResult> results;
  for (const Ranked& r : best.take_sorted()) {
    const PurchaseNeed& need = needs[r.item];
    const std::vector<std::string> words = need_terms(need);
    MatchResult result;
    result.rank = static_cast<std::int64_t>(results.size()) + 1;
    result.score = r.score;
    result.category_match = r.category_match;
    result.matched_terms = matched_terms(index_, index_.query_terms(words), words, r.term_mask);
    result.exhibit = exhibits_[r.via];
    result.need = need;
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace ciie::match
