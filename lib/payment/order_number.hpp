// Order numbers (ORD-2): V + yyyyMMddHHmmss (Asia/Shanghai) + 9 digits, and finding them again in
// the free text of a bank transfer's remark (PAY-3).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/time.hpp"

namespace ciie::payment {

// prefix + the Shanghai time of `at` as yyyyMMddHHmmss + `serial` as 9 digits.
// REQUIRES: serial ≤ 999999999 (asserted; a release build keeps the last 9 digits).
std::string format_order_number(std::string_view prefix, Instant at, std::uint32_t serial);
// As format_order_number with a uniformly random serial (libsodium).
std::string new_order_number(std::string_view prefix, Instant at);
// Whether `text` is prefix followed by exactly 23 digits.
bool is_order_number(std::string_view prefix, std::string_view text);

// The distinct order numbers written in `remark`, in order of appearance, each spelled
// prefix + 23 ASCII digits. The remark is normalised first: full-width forms to ASCII (NFKC),
// upper case, white space of every kind, the separators - _ . / :, the Unicode hyphens and
// invisible format characters removed; then after the prefix (case-insensitive) the 23 digits
// may contain the usual look-alikes, which are read as digits: O Q D → 0, I L | → 1, Z → 2,
// S → 5, G → 6, T → 7, B → 8. A candidate needs exactly 23 digit characters, not followed by a
// further real digit (a 24-digit run is ambiguous and yields nothing; a look-alike letter after
// the 23rd digit is text: "V… TO CIIE" is found). Text that is not UTF-8 is scanned byte by
// byte without NFKC. An empty prefix finds nothing.
std::vector<std::string> find_order_numbers(std::string_view prefix, std::string_view remark);

}  // namespace ciie::payment
