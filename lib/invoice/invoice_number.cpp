// The 20-digit 数电 invoice number (INV-5): formatting and shape. Allocation of the sequence is
// the store's, inside the issuing transaction, so that the series stays gapless.
#include "invoice/invoice_number.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace ciie::invoice {
namespace {

constexpr std::size_t kSeriesDigits = 5;     // yy + region + channel
constexpr std::size_t kSequenceDigits = 15;  // zero-padded
constexpr std::size_t kNumberDigits = kSeriesDigits + kSequenceDigits;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string invoice_series(int year, std::string_view region, int channel) {
  assert(region.size() == 2 && std::all_of(region.begin(), region.end(), is_digit));
  assert(channel >= 0 && channel <= 9);
  // The two last digits of the year of issue; a year before 0 cannot happen but stays 2 digits.
  const int yy = ((year % 100) + 100) % 100;
  std::string series;
  series.reserve(kSeriesDigits);
  series += static_cast<char>('0' + yy / 10);
  series += static_cast<char>('0' + yy % 10);
  series += region;
  series += static_cast<char>('0' + (channel % 10 + 10) % 10);
  return series;
}

std::string format_invoice_number(std::string_view series, std::int64_t sequence) {
  assert(series.size() == kSeriesDigits);
  assert(sequence >= 1 && sequence <= kMaxSequence);
  char digits[24];
  std::snprintf(digits, sizeof digits, "%015lld", static_cast<long long>(sequence));
  std::string number(series);
  number += digits;
  return number;
}

bool is_invoice_number(std::string_view text) {
  return text.size() == kNumberDigits && std::all_of(text.begin(), text.end(), is_digit);
}

std::int64_t sequence_of(std::string_view number) {
  assert(is_invoice_number(number));
  if (!is_invoice_number(number)) return 0;  // out of contract: no sequence is 0
  std::int64_t sequence = 0;
  for (char c : number.substr(kSeriesDigits)) sequence = sequence * 10 + (c - '0');
  return sequence;
}

}  // namespace ciie::invoice
