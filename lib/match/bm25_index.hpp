// A BM25 index over a fixed corpus of documents (the exhibits, MATCH-1). Postings live in flat
// arrays (compressed sparse rows: one offset per term into one array of documents and one of term
// frequencies), so scoring a query touches only the postings of its terms and no per-document
// map is ever built. See docs/match.md for the formula and the parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ciie::match {

struct Bm25Params {
  // Term-frequency saturation: how quickly a repeated term stops adding score. 1.2 is the
  // common default (Robertson; Lucene, SQLite FTS5).
  double k1 = 1.2;
  // Length normalisation: 0 ignores document length, 1 divides fully by it. 0.75 is the common
  // default; exhibit texts differ in length mostly by description, which we do not want to
  // reward.
  double b = 0.75;
};

// Thread-safety: a built index is immutable; score() needs its own Scratch per thread.
class Bm25Index {
 public:
  explicit Bm25Index(Bm25Params params = {}) : params_(params) {}

  // Adds a document of `terms` (segment() output, duplicates counting as frequency); returns its
  // number, 0, 1, 2, … REQUIRES: before build().
  std::uint32_t add(const std::vector<std::string>& terms);
  // Sorts the postings into their flat arrays. REQUIRES: called once, after every add().
  void build();

  std::uint32_t documents() const { return static_cast<std::uint32_t>(lengths_.size()); }
  // The id of a term, nullopt when no document has it.
  std::optional<std::uint32_t> term_id(std::string_view term) const;
  // The distinct known terms of a query, in first-seen order (unknown terms dropped: they match
  // nothing and BM25 gives them no weight).
  std::vector<std::uint32_t> query_terms(const std::vector<std::string>& terms) const;
  // ln(1 + (N − n + 0.5) / (n + 0.5)), n the documents holding the term: always positive.
  double idf(std::uint32_t term) const;
  // How often `term` occurs in `doc` (0 when not), by binary search in the term's postings.
  std::uint32_t frequency(std::uint32_t term, std::uint32_t doc) const;
  // The BM25 contribution of one term occurring `tf` times in `doc`.
  double term_score(std::uint32_t term, std::uint32_t tf, std::uint32_t doc) const;

  // Reusable per-query accumulators, one slot per document (reset after each query).
  struct Scratch {
    std::vector<double> score;
    std::vector<std::uint64_t> mask;  // bit i: query term i occurs (the first 64 terms)
    std::vector<std::uint32_t> touched;
  };
  // Accumulates the scores of every document holding one of `query` into `scratch`;
  // scratch.touched lists those documents (unordered). The caller reads them and then calls
  // reset(). REQUIRES: build() done; scratch sized by prepare().
  void accumulate(std::span<const std::uint32_t> query, Scratch& scratch) const;
  void prepare(Scratch& scratch) const;
  static void reset(Scratch& scratch);

 private:
  Bm25Params params_;
  std::unordered_map<std::string, std::uint32_t> dictionary_;
  std::vector<std::uint32_t> lengths_;  // terms per document
  double average_length_ = 0;
  // Before build(): (term, doc, tf) triples; after: the flat postings.
  struct Triple {
    std::uint32_t term;
    std::uint32_t doc;
    std::uint32_t tf;
  };
  std::vector<Triple> pending_;
  std::vector<std::uint32_t> offsets_;  // term t's postings are [offsets_[t], offsets_[t + 1])
  std::vector<std::uint32_t> posting_docs_;
  std::vector<std::uint32_t> posting_tfs_;
  std::vector<double> idf_;
};

}  // namespace ciie::match
