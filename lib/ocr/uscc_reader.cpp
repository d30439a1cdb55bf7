// read_uscc(): split OCR text into lines and runs of code-like characters, drop 20-digit
// certificate numbers, evaluate every 18-character window with a plausible head, and accept the
// cheapest valid reading only when it is unique. Every returned code passes codes::check_uscc.
#include "ocr/uscc_reader.hpp"

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <iterator>
#include <optional>
#include <set>

#include "ciie/codes.hpp"

#include "codes/alphabet.hpp"
#include "codes/text.hpp"

namespace ciie::ocr {
namespace {

constexpr std::size_t kCodeLength = 18;
constexpr std::size_t kCertificateLength = 20;  // 证照编号: 20 digits, printed near the code
constexpr std::size_t kHeadLength = 8;          // authority, category, 6-digit division
// 0-based positions 9–17: the only ones where both checks constrain an unknown character.
constexpr std::size_t kSolvableFirst = 8, kSolvableLast = 16;
constexpr char kUnreadable = '?';  // every unreadable-character marker is folded to this
constexpr std::string_view kReason = "licence.unreadable";

// Characters that cannot occur in a USCC but that OCR prints for exactly one that can.
struct ForcedReading {
  char read;
  char meant;
};
constexpr std::array<ForcedReading, 5> kForced = {
    {{'O', '0'}, {'I', '1'}, {'|', '1'}, {'Z', '2'}, {'S', '5'}}};
// USCC characters OCR confuses in both directions; undoing one costs one search step.
struct ConfusionPair {
  char a;
  char b;
};
// 6/C: a C whose opening is closed by a stroke of the title printed against it reads as 6.
constexpr std::array<ConfusionPair, 7> kPairs = {
    {{'0', 'D'}, {'0', 'Q'}, {'1', 'L'}, {'8', 'B'}, {'6', 'G'}, {'7', 'T'}, {'6', 'C'}}};
// V is not in the alphabet and looks like both U and Y: it is an open position with two options.
constexpr char kAmbiguousV = 'V';
constexpr std::string_view kVOptions = "UY";

constexpr std::string_view kHeadAuthorities = "123456789ANY";  // position 1 (ocr-notes §1)
constexpr std::string_view kHeadCategories = "123459";         // position 2

std::optional<char> forced_meaning(char read) {
  for (const ForcedReading& forced : kForced) {
    if (forced.read == read) return forced.meant;
  }
  return std::nullopt;
}

std::string partners(char c) {
  std::string out;
  for (const ConfusionPair& pair : kPairs) {
    if (pair.a == c) out += pair.b;
    if (pair.b == c) out += pair.a;
  }
  return out;
}

bool in_alphabet(char c) { return codes::detail::uscc_value(c) >= 0; }

// ---- Text to runs ------------------------------------------------------------------------

// Decodes one UTF-8 code point at `at` (advancing it); malformed bytes come back as U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at++]);
  if (lead < 0x80U) return lead;
  const std::size_t extra = lead >= 0xF0U ? 3 : lead >= 0xE0U ? 2 : lead >= 0xC0U ? 1 : 0;
  if (extra == 0) return 0xFFFD;
  char32_t cp = lead & (0x3FU >> extra);
  for (std::size_t i = 0; i < extra; ++i) {
    if (at >= text.size() || (static_cast<unsigned char>(text[at]) & 0xC0U) != 0x80U) {
      return 0xFFFD;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(text[at++]) & 0x3FU);
  }
  return cp;
}

// Spaces and hyphens inside a printed code ("9131 0115-…"): skipped, the run goes on.
bool is_separator(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '-' || cp == 0x00A0 || cp == 0x3000 ||
         (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

// What OCR prints for a glyph it could not read.
bool is_unreadable_marker(char32_t cp) {
  return cp == '?' || cp == '*' || cp == '_' || cp == '#' || cp == 0xFFFD || cp == 0x25A1;
}

// The run character for a code point, or 0 when the code point ends the run.
char run_char(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return static_cast<char>(cp - 'a' + 'A');
  if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '|') {
    return static_cast<char>(cp);
  }
  if (is_unreadable_marker(cp)) return kUnreadable;
  return 0;
}

bool is_certificate_piece(std::string_view piece) {
  return piece.size() == kCertificateLength && codes::detail::all_digits(piece);
}

// Splits one line into runs: maximal sequences of run characters, glued across separators.
// A space-delimited piece of exactly 20 digits is the licence's certificate number and ends a run.
std::vector<std::string> split_runs(std::string_view line) {
  std::vector<std::string> runs(1);
  std::string piece;
  const auto end_piece = [&](bool end_run) {
    if (is_certificate_piece(piece)) {
      end_run = true;
    } else {
      runs.back() += piece;
    }
    piece.clear();
    if (end_run && !runs.back().empty()) runs.emplace_back();
  };
  std::size_t at = 0;
  while (at < line.size()) {
    const char32_t cp = next_code_point(line, at);
    if (const char c = run_char(cp); c != 0) {
      piece += c;
    } else {
      end_piece(!is_separator(cp));
    }
  }
  end_piece(true);
  std::erase_if(runs, [](const std::string& run) { return run.size() < kCodeLength; });
  return runs;
}

// ---- Windows -----------------------------------------------------------------------------

// Whether a character as read could stand for one satisfying `wanted`, after the forced
// reading and at most one confusion step. Used only to choose windows, never to accept a code.
template <typename Predicate>
bool could_be(char read, Predicate wanted) {
  const char meant = forced_meaning(read).value_or(read);
  if (wanted(meant)) return true;
  const std::string others = partners(meant);
  return std::any_of(others.begin(), others.end(), wanted);
}

// The head anchor `[1-9ANY][1-59]` + 6 digits, tolerant of one confusion per character.
bool plausible_head(std::string_view window) {
  const auto is_authority = [](char c) {
    return kHeadAuthorities.find(c) != std::string_view::npos;
  };
  const auto is_category = [](char c) { return kHeadCategories.find(c) != std::string_view::npos; };
  const auto is_digit = [](char c) { return codes::detail::is_digit(c); };
  if (!could_be(window[0], is_authority) || !could_be(window[1], is_category)) return false;
  for (std::size_t i = 2; i < kHeadLength; ++i) {
    if (!could_be(window[i], is_digit)) return false;
  }
  return true;
}

// [begin, end) of run positions taken by a certificate number glued to the code without a
// space: a digit stretch of 20 or more (a USCC holds at most 18 digits in a row). The 20 digits
// are the stretch's head when a plausible code head follows them, else its tail.
std::vector<std::pair<std::size_t, std::size_t>> glued_certificates(std::string_view run) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t at = 0;
  while (at < run.size()) {
    if (!codes::detail::is_digit(run[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < run.size() && codes::detail::is_digit(run[end])) ++end;
    if (end - at >= kCertificateLength) {
      const std::size_t after = at + kCertificateLength;
      const bool code_follows =
          after + kCodeLength <= run.size() && plausible_head(run.substr(after, kCodeLength));
      spans.emplace_back(code_follows ? at : end - kCertificateLength, code_follows ? after : end);
    }
    at = end;
  }
  return spans;
}

bool overlaps(std::size_t start, const std::vector<std::pair<std::size_t, std::size_t>>& spans) {
  return std::any_of(spans.begin(), spans.end(), [&](const auto& span) {
    return start < span.second && span.first < start + kCodeLength;
  });
}

// The cost of a reading: search steps (an undone confusion or a solved unreadable character)
// first, then forced readings of characters that cannot occur in a USCC. Lower is better.
struct Cost {
  int search = 0;
  int forced = 0;
  auto operator<=>(const Cost&) const = default;
  int total() const { return search + forced; }
};

struct Candidate {
  std::string code;
  Cost cost;
  std::size_t line = 0;
  std::string from;
};

// A window's characters after forced readings; at most one position stays open.
struct Slots {
  std::string base;                // the open position holds kUnreadable
  int forced = 0;                  // positions changed by a forced reading
  std::size_t open = kCodeLength;  // kCodeLength when nothing is open
  std::string_view options;        // what the open position may be
};

// Builds the slots, or nullopt when the window cannot be a code with at most one open position
// (two unreadable characters are never solved: the two checks would accept too much).
std::optional<Slots> make_slots(std::string_view window) {
  Slots slots;
  for (std::size_t i = 0; i < window.size(); ++i) {
    const char read = window[i];
    char meant = read;
    std::string_view options;
    if (const std::optional<char> forced = forced_meaning(read)) {
      meant = *forced;
      ++slots.forced;
    } else if (read == kAmbiguousV) {
      options = kVOptions;
    } else if (read == kUnreadable) {
      options = codes::detail::kUsccAlphabet;
    } else if (!in_alphabet(read)) {
      return std::nullopt;
    }
    if (!options.empty()) {
      if (slots.open != kCodeLength || i < kSolvableFirst || i > kSolvableLast) return std::nullopt;
      slots.open = i;
      slots.options = options;
      meant = kUnreadable;
    }
    slots.base += meant;
  }
  return slots;
}

// Whether both checks hold (cheap arithmetic before the full checker). REQUIRES: alphabet only.
bool checks_hold(std::string_view code) {
  return code[kSolvableLast] == codes::org_code_check_char(code.substr(kSolvableFirst, 8)) &&
         code[kCodeLength - 1] == codes::uscc_check_char(code.substr(0, kCodeLength - 1));
}

// A reading is accepted as a candidate when codes::check_uscc accepts it; a corrected reading
// must also have a known authority/category pair, one more constraint against wrong corrections.
bool acceptable(const std::string& code, bool corrected) {
  if (!checks_hold(code)) return false;
  const Result<codes::UsccInfo> info = codes::check_uscc(code);
  if (!info) return false;
  if (!corrected) return true;
  return std::none_of(info->warnings.begin(), info->warnings.end(),
                      [](const codes::Warning& w) { return w.reason == "uscc.unknown_category"; });
}

// Every acceptable reading of one window at its own cheapest level.
std::vector<Candidate> read_window(std::string_view window, std::size_t line) {
  std::vector<Candidate> found;
  const std::optional<Slots> slots = make_slots(window);
  if (!slots) return found;
  const auto add = [&](std::string code, int search) {
    const Cost cost{search, slots->forced};
    if (acceptable(code, cost.total() > 0)) {
      found.push_back({std::move(code), cost, line, std::string(window)});
    }
  };
  if (slots->open != kCodeLength) {
    for (const char option : slots->options) {
      std::string code = slots->base;
      code[slots->open] = option;
      add(std::move(code), 1);
    }
    return found;
  }
  add(slots->base, 0);
  if (!found.empty()) return found;
  for (std::size_t i = 0; i < kCodeLength; ++i) {
    for (const char other : partners(slots->base[i])) {
      std::string code = slots->base;
      code[i] = other;
      add(std::move(code), 1);
    }
  }
  return found;
}

std::vector<Candidate> read_line(std::string_view line, std::size_t line_number) {
  std::vector<Candidate> found;
  const std::optional<std::string> folded = codes::detail::nfkc(line);
  for (const std::string& run : split_runs(folded ? std::string_view(*folded) : line)) {
    const auto certificates = glued_certificates(run);
    for (std::size_t start = 0; start + kCodeLength <= run.size(); ++start) {
      const std::string_view window = std::string_view(run).substr(start, kCodeLength);
      if (overlaps(start, certificates) || !plausible_head(window)) continue;
      std::vector<Candidate> more = read_window(window, line_number);
      std::move(more.begin(), more.end(), std::back_inserter(found));
    }
  }
  return found;
}

std::vector<Candidate> read_all(std::string_view text) {
  std::vector<Candidate> found;
  std::size_t line_number = 0;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::vector<Candidate> more = read_line(text.substr(at, end - at), line_number++);
    std::move(more.begin(), more.end(), std::back_inserter(found));
    at = end + 1;
  }
  return found;
}

// Picks the answer: the cheapest candidates must all be one code.
Result<UsccReading> decide(const std::vector<Candidate>& found) {
  if (found.empty()) {
    return Status::refused(std::string(kReason),
                           "no 18-character window passes both check characters within one "
                           "correction");
  }
  const Cost best =
      std::min_element(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        return a.cost < b.cost;
      })->cost;
  std::set<std::string> codes_at_best;
  std::set<std::size_t> lines;
  const Candidate* chosen = nullptr;
  for (const Candidate& candidate : found) {
    if (candidate.cost != best) continue;
    codes_at_best.insert(candidate.code);
    lines.insert(candidate.line);
    if (chosen == nullptr) chosen = &candidate;
  }
  if (codes_at_best.size() > 1) {
    return Status::refused(std::string(kReason),
                           std::to_string(codes_at_best.size()) +
                               " different codes pass both checks at the cheapest correction "
                               "cost; refusing to guess")
        .with_detail("candidates", std::to_string(codes_at_best.size()));
  }
  UsccReading reading;
  reading.code = chosen->code;
  reading.corrections = best.total();
  reading.from = chosen->from;
  reading.how = lines.size() > 1    ? UsccReading::How::kConfirmed
                : best.total() == 0 ? UsccReading::How::kAsRead
                                    : UsccReading::How::kCorrected;
  return reading;
}

// The code characters of a pass's text (letters upper-cased, everything else dropped).
std::string code_characters(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c >= '0' && c <= '9') out += c;
    if (c >= 'A' && c <= 'Z') out += c;
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

Result<UsccReading> read_uscc(std::string_view ocr_text) { return decide(read_all(ocr_text)); }

std::vector<Misreading> known_misreadings() {
  std::vector<Misreading> out;
  for (const ForcedReading& forced : kForced) {
    out.push_back({forced.meant, forced.read});
    for (const char other : partners(forced.meant)) out.push_back({other, forced.read});
  }
  for (const ConfusionPair& pair : kPairs) {
    out.push_back({pair.a, pair.b});
    out.push_back({pair.b, pair.a});
  }
  for (const char option : kVOptions) out.push_back({option, kAmbiguousV});
  return out;
}

// For every two passes that read 18 code characters differing in exactly one position, that
// reading with '?' (unreadable) at the position; lines separated by '\n'.
std::string mark_disagreements(const std::vector<std::string>& lines) {
  std::vector<std::string> codes;
  for (const std::string& line : lines) {
    std::string code = code_characters(line);
    if (code.size() == 18) codes.push_back(std::move(code));
  }
  std::string out;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    for (std::size_t j = i + 1; j < codes.size(); ++j) {
      std::size_t differing = 0;
      std::size_t at = 0;
      for (std::size_t k = 0; k < 18; ++k) {
        if (codes[i][k] != codes[j][k]) {
          ++differing;
          at = k;
        }
      }
      if (differing != 1) continue;
      std::string marked = codes[i];
      marked[at] = '?';
      out += (out.empty() ? "" : "\n") + marked;
    }
  }
  return out;
}

}  // namespace ciie::ocr
