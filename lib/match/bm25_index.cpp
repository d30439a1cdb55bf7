// Bm25Index: building the flat postings (a counting sort of the (term, doc, tf) triples by term;
// documents arrive in order, so each term's postings come out sorted by document) and scoring.
#include "match/bm25_index.hpp"

#include <algorithm>
#include <cmath>

namespace ciie::match {

std::uint32_t Bm25Index::add(const std::vector<std::string>& terms) {
  const auto doc = static_cast<std::uint32_t>(lengths_.size());
  lengths_.push_back(static_cast<std::uint32_t>(terms.size()));
  // Distinct terms of this document and their frequencies, in a small sorted vector (a document
  // has tens of terms: cheaper than a map, and nothing per document survives the call).
  std::vector<std::uint32_t> ids;
  ids.reserve(terms.size());
  for (const std::string& term : terms) {
    const auto [it, inserted] =
        dictionary_.try_emplace(term, static_cast<std::uint32_t>(dictionary_.size()));
    ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    pending_.push_back({ids[i], doc, static_cast<std::uint32_t>(j - i)});
    i = j;
  }
  return doc;
}

void Bm25Index::build() {
  const std::size_t terms = dictionary_.size();
  offsets_.assign(terms + 1, 0);
  for (const Triple& t : pending_) ++offsets_[t.term + 1];
  for (std::size_t t = 0; t < terms; ++t) offsets_[t + 1] += offsets_[t];
  posting_docs_.resize(pending_.size());
  posting_tfs_.resize(pending_.size());
  std::vector<std::uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (const Triple& t : pending_) {
    const std::uint32_t at = next[t.term]++;
    posting_docs_[at] = t.doc;
    posting_tfs_[at] = t.tf;
  }
  pending_.clear();
  pending_.shrink_to_fit();
  const double n = static_cast<double>(lengths_.size());
  idf_.resize(terms);
  for (std::size_t t = 0; t < terms; ++t) {
    const double holding = static_cast<double>(offsets_[t + 1] - offsets_[t]);
    idf_[t] = std::log(1.0 + (n - holding + 0.5) / (holding + 0.5));
  }
  double total = 0;
  for (const std::uint32_t length : lengths_) total += length;
  average_length_ = lengths_.empty() ? 0 : total / n;
}

std::optional<std::uint32_t> Bm25Index::term_id(std::string_view term) const {
  const auto found = dictionary_.find(std::string(term));
  if (found == dictionary_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::uint32_t> Bm25Index::query_terms(const std::vector<std::string>& terms) const {
  std::vector<std::uint32_t> ids;
  for (const std::string& term : terms) {
    const auto id = term_id(term);
    if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  return ids;
}

double Bm25Index::idf(std::uint32_t term) const { return idf_[term]; }

std::uint32_t Bm25Index::frequency(std::uint32_t term, std::uint32_t doc) const {
  const auto first = posting_docs_.begin() + offsets_[term];
  const auto last = posting_docs_.begin() + offsets_[term + 1];
  const auto found = std::lower_bound(first, last, doc);
  if (found == last || *found != doc) return 0;
  return posting_tfs_[static_cast<std::size_t>(found - posting_docs_.begin())];
}

double Bm25Index::term_score(std::uint32_t term, std::uint32_t tf, std::uint32_t doc) const {
  if (tf == 0) return 0;
  const double f = tf;
  const double norm =
      params_.k1 * (1.0 - params_.b + params_.b * lengths_[doc] / average_length_);
  return idf_[term] * f * (params_.k1 + 1.0) / (f + norm);
}

void Bm25Index::prepare(Scratch& scratch) const {
  scratch.score.assign(lengths_.size(), 0.0);
  scratch.mask.assign(lengths_.size(), 0);
  scratch.touched.clear();
}

void Bm25Index::accumulate(std::span<const std::uint32_t> query, Scratch& scratch) const {
  for (std::size_t q = 0; q < query.size(); ++q) {
    const std::uint32_t term = query[q];
    const std::uint64_t bit = q < 64 ? (std::uint64_t{1} << q) : 0;
    for (std::uint32_t at = offsets_[term]; at < offsets_[term + 1]; ++at) {
      const std::uint32_t doc = posting_docs_[at];
      if (scratch.mask[doc] == 0 && scratch.score[doc] == 0.0) scratch.touched.push_back(doc);
      scratch.score[doc] += term_score(term, posting_tfs_[at], doc);
      scratch.mask[doc] |= bit;
    }
  }
}

void Bm25Index::reset(Scratch& scratch) {
  for (const std::uint32_t doc : scratch.touched) {
    scratch.score[doc] = 0.0;
    scratch.mask[doc] = 0;
  }
  scratch.touched.clear();
}

}  // namespace ciie::match
