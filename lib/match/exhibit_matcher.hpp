// Ranking exhibits for a purchase need and needs for an exhibitor (MATCH-1) over one BM25 index
// of every exhibit's name and description. Pure: built from values, no store. The rules (the
// area is a filter, the category ranks first, BM25 orders the rest) are in docs/match.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ciie/match.hpp"

#include "match/bm25_index.hpp"

namespace ciie::match {

// The terms an exhibit is indexed by: its name and its description.
std::vector<std::string> exhibit_terms(const Exhibit& exhibit);
// The terms a need is searched by: its keywords and its description.
std::vector<std::string> need_terms(const PurchaseNeed& need);

// Thread-safety: immutable once built, except that match_need and match_exhibitor reuse one
// scratch buffer: one matcher per thread.
class ExhibitMatcher {
 public:
  // REQUIRES: `exhibits` sorted by id (ties between equal scores break by that order).
  explicit ExhibitMatcher(std::vector<Exhibit> exhibits, Bm25Params params = {});

  // The best `limit` exhibits of the need's area that share at least one term with it.
  std::vector<MatchResult> match_need(const PurchaseNeed& need, std::size_t limit);
  // The best `limit` of `needs` for the exhibitor: each need scored by the exhibitor's exhibit
  // that ranks best for it (same area required), needs without a shared term left out.
  // REQUIRES: `needs` sorted by id.
  std::vector<MatchResult> match_exhibitor(const std::string& exhibitor,
                                           const std::vector<PurchaseNeed>& needs,
                                           std::size_t limit) const;

  const std::vector<Exhibit>& exhibits() const { return exhibits_; }
  const Bm25Index& index() const { return index_; }

 private:
  std::vector<Exhibit> exhibits_;
  Bm25Index index_;
  Bm25Index::Scratch scratch_;
};

}  // namespace ciie::match
