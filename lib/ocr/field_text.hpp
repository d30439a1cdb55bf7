// Turning the text read for one licence field into its normalised value: dates to ISO, the term
// to "start/end", the registered capital to 万元 and a currency, the unit type snapped to the
// official list, and OCR debris (label remains, stray punctuation, spaces) removed.
// Pure functions, table-tested; rules in docs/ocr.md. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ciie::ocr {

// Text with spaces, and punctuation that cannot open or close the value (: ， 。 “ ” | _ …), taken
// off both ends; ASCII brackets become full-width (licences print （ ）); NFKC otherwise.
std::string clean_text(std::string_view raw);

// The unit's name: clean_text, then anything before the first CJK character dropped (label
// remains such as "称:" are removed by the caller's crop). Empty when no CJK character is left.
std::string clean_name(std::string_view raw);

// A person's name (法定代表人): the CJK characters and the middle dot of a 2–6 character name;
// nullopt otherwise.
std::optional<std::string> clean_person(std::string_view raw);

// "2017年05月10日" (spaces, single-digit months and a missing 日 tolerated) → "2017-05-10";
// nullopt unless it is a real calendar date between 1949 and 2099.
std::optional<std::string> parse_date(std::string_view raw);

// "2017年05月10日 至 长期" → "2017-05-10/长期", "2003年01月10日 至 2033年01月09日"
// → "2003-01-10/2033-01-09",
// "长期" alone → "长期"; nullopt otherwise.
std::optional<std::string> parse_term(std::string_view raw);

struct Capital {
  std::string wan;       // decimal 万 units without trailing zeros: "500", "20", "0.5"
  std::string currency;  // 人民币, 美元, 港元, 欧元, 日元 (元 alone means 人民币)
};
// "500万元人民币", "人民币伍佰万元整", "20.0000万人民币", "1000万美元", "人民币1000万元整",
// "50万元" → the amount in 万 and the currency; nullopt when no amount is found.
std::optional<Capital> parse_capital(std::string_view raw);

// The official unit type (企业类型) nearest to the text, when it is within a small edit distance
// and nearer than any other; nullopt otherwise (then the cleaned text is kept).
std::optional<std::string> snap_unit_type(std::string_view raw);

// Edit distance between two UTF-8 strings, counted in code points.
int edit_distance(std::string_view a, std::string_view b);

}  // namespace ciie::ocr
