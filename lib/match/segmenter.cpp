// segment(): NFKC + case fold with utf8proc (as codes::normalize), then one pass over the code
// points cutting CJK runs into bigrams and Latin/digit runs into words.
#include "match/segmenter.hpp"

#include <cctype>
#include <cstdlib>
#include <memory>

#include <utf8proc.h>

namespace ciie::match {
namespace {

std::string fold(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  if (length < 0) {
    // Invalid UTF-8: keep the ASCII letters and digits, drop the rest (separators).
    std::string ascii;
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      ascii += (u < 0x80) ? static_cast<char>(std::tolower(u)) : ' ';
    }
    return ascii;
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

bool is_word_char(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_MN:  // combining marks stay inside their word
      return true;
    default:
      return false;
  }
}

bool is_inner_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019; }

}  // namespace

bool is_cjk(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||    // hiragana, katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||    // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3FFFF);    // extensions B and later
}

std::vector<std::string> segment(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> terms;
  // The current CJK run as byte ranges of its characters, and the current word.
  std::vector<std::string_view> run;
  std::string word;
  const auto flush_run = [&] {
    if (run.size() == 1) {
      terms.emplace_back(run[0]);
    } else {
      for (std::size_t i = 0; i + 1 < run.size(); ++i) {
        std::string bigram(run[i]);
        bigram += run[i + 1];
        terms.push_back(std::move(bigram));
      }
    }
    run.clear();
  };
  const auto flush_word = [&] {
    if (!word.empty()) terms.push_back(std::move(word));
    word.clear();
  };
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  std::size_t at = 0;
  while (at < folded.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t length =
        utf8proc_iterate(bytes + at, static_cast<utf8proc_ssize_t>(folded.size() - at), &cp);
    if (length <= 0) {  // cannot happen after utf8proc_map; a separator all the same
      flush_run();
      flush_word();
      ++at;
      continue;
    }
    const std::string_view character(folded.data() + at, static_cast<std::size_t>(length));
    at += static_cast<std::size_t>(length);
    if (is_cjk(static_cast<char32_t>(cp))) {
      flush_word();
      run.push_back(character);
    } else if (is_word_char(cp)) {
      if (!run.empty()) flush_run();
      word += character;
    } else if (is_inner_apostrophe(cp) && !word.empty()) {
      // l'oreal → loreal: the apostrophe joins, it does not separate.
    } else {
      if (!run.empty()) flush_run();
      flush_word();
    }
  }
  if (!run.empty()) flush_run();
  flush_word();
  return terms;
}

}  // namespace ciie::match
