// The tax-inclusive split (docs/invoice.md, "Tax split"), on integer fen only.
#include "invoice/tax_split.hpp"

#include <cassert>
#include <cstdint>

namespace ciie::invoice {
namespace {

// The tax in a non-negative gross `magnitude`: magnitude × rate / (10000 + rate), rounded half
// away from zero. magnitude = q × d + r with d = 10000 + rate, so the exact tax is
// q × rate + r × rate / d: q × rate < magnitude cannot overflow, and r × rate < 2 × 10^8, so
// every int64 gross (2^63 as a magnitude) splits without a wider type and without the
// |gross| < 2^53 limit the header allows us to assume.
std::uint64_t tax_of_magnitude(std::uint64_t magnitude, std::uint64_t rate) {
  const std::uint64_t divisor = 10'000 + rate;
  const std::uint64_t whole = magnitude / divisor * rate;
  const std::uint64_t rest = magnitude % divisor * rate;
  std::uint64_t tax = whole + rest / divisor;
  // Half away from zero: round up when the dropped fraction is at least one half.
  if (2 * (rest % divisor) >= divisor) ++tax;
  return tax;
}

}  // namespace

TaxSplit split_tax_inclusive(Money gross, int rate_bp) {
  assert(rate_bp >= 0 && rate_bp <= 10'000);
  // Out-of-contract rates are clamped rather than trusted, so that a release build still keeps
  // amount + tax == gross and never divides by zero.
  const std::uint64_t rate =
      rate_bp < 0 ? 0u : static_cast<std::uint64_t>(rate_bp > 10'000 ? 10'000 : rate_bp);
  const std::int64_t fen = gross.fen();
  const bool negative = fen < 0;
  // The magnitude as unsigned, so that INT64_MIN has one too.
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(fen + 1)) + 1
                                           : static_cast<std::uint64_t>(fen);
  // rate / (10000 + rate) <= 1/2, so the tax (at most half the magnitude, rounded) fits int64.
  const auto tax = static_cast<std::int64_t>(tax_of_magnitude(magnitude, rate));
  const std::int64_t signed_tax = negative ? -tax : tax;
  return TaxSplit{Money::from_fen(fen - signed_tax), Money::from_fen(signed_tax)};
}

}  // namespace ciie::invoice
