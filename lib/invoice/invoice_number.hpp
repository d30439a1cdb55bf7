// The 20-digit 数电 invoice number (INV-5, reference: STA 2024 No. 11): 2-digit year of issue,
// 2-digit tax-bureau region, 1 channel digit, 15-digit sequence. There is no check digit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ciie::invoice {

// The largest sequence a number can carry (15 digits).
inline constexpr std::int64_t kMaxSequence = 999'999'999'999'999;

// The first five digits: the series a sequence counts in ("24310" for 2024, Shanghai, channel 0).
// REQUIRES: region is 2 digits, 0 <= channel <= 9.
std::string invoice_series(int year, std::string_view region, int channel);
// series + the sequence zero-padded to 15 digits. REQUIRES: 1 <= sequence <= kMaxSequence.
std::string format_invoice_number(std::string_view series, std::int64_t sequence);
// True for 20 ASCII digits (the shape only: the year, region and sequence are not judged).
bool is_invoice_number(std::string_view text);
// The sequence part of a well-formed number. REQUIRES: is_invoice_number(number).
std::int64_t sequence_of(std::string_view number);

}  // namespace ciie::invoice
