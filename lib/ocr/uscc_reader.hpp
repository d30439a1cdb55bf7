// Reading a Unified Social Credit Code out of noisy OCR text, guided by its two check characters
// (GB 32100 mod 31 and the embedded GB 11714 mod 11). Internal to libciie; rules in
// docs/ocr-uscc.md. Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie::ocr {

struct UsccReading {
  std::string code;  // always passes codes::check_uscc
  enum class How {
    kAsRead,     // one window held a valid code exactly as read
    kCorrected,  // the only cheapest valid reading needed corrections
    kConfirmed,  // two different lines (OCR passes) gave the same cheapest valid code
  } how = How::kAsRead;
  int corrections = 0;  // characters changed from what was read (0 for kAsRead)
  std::string from;     // the 18 characters as read (after width/case folding), for the audit trail
};

// Scans one or more OCR passes (lines separated by '\n') for an 18-character USCC.
// Accepts the cheapest valid reading when exactly one distinct code has that cost; otherwise
// refuses with "licence.unreadable" and a message saying why, never naming a guessed code.
Result<UsccReading> read_uscc(std::string_view ocr_text);

// Consensus of several passes over the code line: for every two passes whose code characters
// (letters upper-cased, everything else dropped) are 18 long and differ in exactly one position,
// that reading with the unreadable marker '?' at the position, one per line ('\n'). Fed to
// read_uscc with the passes, the two checks then decide the disputed character (positions 9–17)
// or the reading is refused. Empty when no two passes are that close.
std::string mark_disagreements(const std::vector<std::string>& passes);

// A misreading the reader knows how to undo: OCR printed `read` where the licence had `truth`.
// Exposed for the property tests, which apply each one to known valid codes.
struct Misreading {
  char truth;
  char read;
};
std::vector<Misreading> known_misreadings();

}  // namespace ciie::ocr
