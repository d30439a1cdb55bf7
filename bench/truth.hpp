// Ground truth for the OCR benchmark: one record per licNNNN.json in a scan directory, and the
// normalisation under which a read value counts as exact (NFKC, no spaces, ISO dates).
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// The fields of one scan's truth file that the benchmark scores. An absent field (个体工商户
// print no 注册资本 or 营业期限) is nullopt and is left out of that field's rate.
struct Truth {
  std::string id;     // "lic0000" (the json's "id", else the file stem)
  std::string level;  // "clean", "mild", "hard" or whatever the set uses; "unknown" if absent
  std::string image;  // the scan's full path
  std::string uscc;
  std::optional<std::string> name, type, legal_rep, address, authority;
  std::optional<double> capital_wan;       // registered_capital in 万元
  std::optional<std::string> established;  // established_iso
  std::optional<std::string> term;         // "2017年05月10日 至 长期" as printed
  std::optional<std::string> issue_date;   // issue_date_iso
};

// Every truth file in `dir`: each *.json holding an object with a string "uscc" (so the set's
// SET.json is skipped), sorted by file name. The scan is the json's "image" beside it, else
// <stem>.jpg / .png. Throws std::runtime_error naming the file on unreadable or malformed input.
std::vector<Truth> load_truth_dir(const std::string& dir);

// NFKC (full-width forms become ASCII, e.g. （ → ( ) with every white space removed. Invalid
// UTF-8 is returned with only its ASCII spaces removed.
std::string fold(std::string_view text);

// A date as "YYYY-MM-DD" from "2017年5月10日", "2017-05-10", "2017.05.10" or "2017/05/10" (after
// fold()); any other text is returned folded.
std::string canonical_date(std::string_view text);

// A business term as "start/end": each side a canonical_date() or text (長期 → 长期), the
// separator 至, '/' or '~'; an empty start is dropped, so "长期" and "/长期" are both "长期".
// Applied to the truth ("2017年05月10日 至 长期") and to the reader's value ("2017-05-10/长期").
std::string canonical_term(std::string_view text);

// Whether the reader's capital value (万元, e.g. "500" or "20.0000") equals `wan` numerically;
// a value that is not a number never matches.
bool capital_matches(std::string_view value, double wan);

// Whether two texts are equal after fold().
bool text_matches(std::string_view read, std::string_view truth);

}  // namespace bench
