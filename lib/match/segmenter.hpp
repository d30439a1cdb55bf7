// The text segmenter of matchmaking (MATCH-1): Chinese has no spaces, so text is cut into
// overlapping character bigrams (进口牛奶 → 进口 口牛 牛奶), the usual dictionary-free indexing of
// CJK text; Latin letters and digits form words. No external service, no dictionary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ciie::match {

// The terms of `text`, in order, duplicates kept. The text is first NFKC-normalised and
// case-folded (full-width ＡＢＣ１ → abc1); then every maximal run of CJK characters (Han,
// kana, Hangul) becomes its overlapping bigrams, or the character itself when the run is one
// character long, and every run of other letters and digits becomes one word (apostrophes
// inside a word are dropped: l'oreal → loreal). Everything else separates. Invalid UTF-8 is
// treated byte by byte as separators.
std::vector<std::string> segment(std::string_view text);

// Whether a code point is indexed by bigrams (CJK ideographs, kana, Hangul).
bool is_cjk(char32_t cp);

}  // namespace ciie::match
