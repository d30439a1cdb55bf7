// The k best of a stream of scored candidates, with a bounded heap (O(n log k), k entries held),
// in the one order matchmaking ranks by (docs/match.md): the same category first, then the higher
// score, then the lower item number (items are numbered in id order, so ties break by id).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ciie::match {

struct Ranked {
  std::uint32_t item = 0;  // an exhibit's or a need's number in id order
  double score = 0;
  bool category_match = false;
  std::uint64_t term_mask = 0;  // which query terms matched (bit i: term i)
  std::uint32_t via = 0;        // match_exhibitor: the exhibit that scored best
};

// Whether `a` ranks before `b`.
inline bool ranks_before(const Ranked& a, const Ranked& b) {
  if (a.category_match != b.category_match) return a.category_match;
  if (a.score != b.score) return a.score > b.score;
  return a.item < b.item;
}

// Thread-safety: not thread-safe.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(k + 1); }
  // Keeps `candidate` if it is among the k best so far.
  void offer(const Ranked& candidate);
  // The kept candidates, best first; the TopK is empty afterwards.
  std::vector<Ranked> take_sorted();

 private:
  std::size_t k_;
  std::vector<Ranked> heap_;  // a max-heap by "ranks later": the worst kept is at the front
};

}  // namespace ciie::match
