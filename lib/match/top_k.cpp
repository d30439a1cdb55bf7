// TopK: std::push_heap / pop_heap with ranks_before as "less", so the front is the kept candidate
// that ranks last, the one a better newcomer replaces.
#include "match/top_k.hpp"

#include <algorithm>

namespace ciie::match {

void TopK::offer(const Ranked& candidate) {
  if (k_ == 0) return;
  if (heap_.size() == k_) {
    if (!ranks_before(candidate, heap_.front())) return;
    std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
    heap_.back() = candidate;
  } else {
    heap_.push_back(candidate);
  }
  std::push_heap(heap_.begin(), heap_.end(), ranks_before);
}

std::vector<Ranked> TopK::take_sorted() {
  std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
  std::vector<Ranked> sorted = std::move(heap_);
  heap_.clear();
  return sorted;
}

}  // namespace ciie::match
