// The tax-inclusive split (docs/invoice.md, "Tax split"): tax = gross × rate / (10000 + rate),
// rounded half away from zero to the fen; amount = gross − tax.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <vector>

#include "invoice/tax_split.hpp"

using ciie::Money;
using ciie::invoice::split_tax_inclusive;
using ciie::invoice::TaxSplit;

namespace {

__extension__ typedef __int128 Int128;  // exact products for the property test

struct Golden {
  int rate_bp;
  std::int64_t gross;
  std::int64_t tax;
  std::int64_t amount;
};

// The table of docs/invoice.md.
const Golden kGoldens[] = {
    {600, 20000, 1132, 18868},   // 200.00 at 6 %: 1132.075… → 11.32
    {600, 10000, 566, 9434},     // 100.00: 566.037… → 5.66
    {600, 1, 0, 1},              // 0.01: 0.056… → 0.00
    {600, 9, 1, 8},              // 0.09: 0.509… → 0.01
    {600, 40000, 2264, 37736},   // 400.00: 2264.150… → 22.64
    {600, 160000, 9057, 150943}, // 1600.00: 9056.603… → 90.57
    {1300, 20000, 2301, 17699},  // 200.00 at 13 %: 2300.884… → 23.01
    {1300, 11300, 1300, 10000},  // 113.00 at 13 %: exactly 13.00
    {1300, 10000, 1150, 8850},   // 100.00 at 13 %: 1150.442… → 11.50
    {0, 20000, 0, 20000},        // 0 %: no tax
    {0, 1, 0, 1},
    {10000, 20000, 10000, 10000},  // 100 %: half the gross
    {10000, 1, 1, 0},              // 0.5 fen exactly: away from zero
    {10000, 3, 2, 1},              // 1.5 fen → 2
    {600, 0, 0, 0},
};

// |tax − gross × rate / (10000 + rate)| <= 1/2, compared exactly as integers:
// |2 × (tax × d − gross × rate)| <= d.
bool within_half_a_fen(std::int64_t gross, int rate_bp, std::int64_t tax) {
  const Int128 divisor = 10000 + rate_bp;
  Int128 error = static_cast<Int128>(tax) * divisor - static_cast<Int128>(gross) * rate_bp;
  if (error < 0) error = -error;
  return 2 * error <= divisor;
}

// Half away from zero, not to even or up: a tie goes away from zero on either side.
bool tie_goes_away_from_zero(std::int64_t gross, int rate_bp, std::int64_t tax) {
  const Int128 divisor = 10000 + rate_bp;
  const Int128 error = static_cast<Int128>(tax) * divisor - static_cast<Int128>(gross) * rate_bp;
  if (2 * error == divisor) return gross > 0;   // tax is half a fen above the exact value
  if (2 * error == -divisor) return gross < 0;  // … or below it
  return true;
}

}  // namespace

TEST_CASE("split_tax_inclusive matches the golden examples", "[invoice][tax]") {
  for (const Golden& golden : kGoldens) {
    INFO("rate " << golden.rate_bp << " gross " << golden.gross);
    const TaxSplit split = split_tax_inclusive(Money::from_fen(golden.gross), golden.rate_bp);
    CHECK(split.tax.fen() == golden.tax);
    CHECK(split.amount.fen() == golden.amount);
  }
}

TEST_CASE("a negative gross splits as the negation of its positive", "[invoice][tax]") {
  for (const Golden& golden : kGoldens) {
    INFO("rate " << golden.rate_bp << " gross " << golden.gross);
    const TaxSplit split = split_tax_inclusive(Money::from_fen(-golden.gross), golden.rate_bp);
    CHECK(split.tax.fen() == -golden.tax);
    CHECK(split.amount.fen() == -golden.amount);
  }
  // The tie at 100 %: −0.01 gives −0.01 tax (away from zero), not 0.
  CHECK(split_tax_inclusive(Money::from_fen(-1), 10000).tax.fen() == -1);
}

TEST_CASE("the split adds up, is within half a fen and is odd, for many amounts",
          "[invoice][tax]") {
  std::vector<std::int64_t> grosses;
  for (std::int64_t g = 0; g <= 3000; ++g) grosses.push_back(g);
  for (std::int64_t g = 3000; g <= 10'000'000; g += 9973) grosses.push_back(g);
  // A fixed linear congruential sequence over the whole allowed range (|gross| < 2^53) and
  // beyond it: the split is exact for every int64.
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    grosses.push_back(static_cast<std::int64_t>(state >> (i % 2 == 0 ? 11 : 1)));
  }
  grosses.push_back(std::numeric_limits<std::int64_t>::max());
  grosses.push_back((std::int64_t{1} << 53) - 1);

  const int rates[] = {0, 1, 50, 300, 600, 900, 1300, 3333, 9999, 10000};
  int checked = 0;
  for (int rate : rates) {
    for (std::int64_t g : grosses) {
      const TaxSplit split = split_tax_inclusive(Money::from_fen(g), rate);
      const TaxSplit negative = split_tax_inclusive(Money::from_fen(-g), rate);
      const bool adds_up = split.amount.fen() + split.tax.fen() == g;
      const bool close = within_half_a_fen(g, rate, split.tax.fen());
      const bool away = tie_goes_away_from_zero(g, rate, split.tax.fen()) &&
                        tie_goes_away_from_zero(-g, rate, negative.tax.fen());
      const bool odd =
          negative.tax.fen() == -split.tax.fen() && negative.amount.fen() == -split.amount.fen();
      const bool tax_not_above_amount = split.tax.fen() - 1 <= split.amount.fen();  // rate <= 100 %
      if (!(adds_up && close && away && odd && tax_not_above_amount)) {
        FAIL("rate " << rate << " gross " << g << ": tax " << split.tax.fen() << " amount "
                     << split.amount.fen());
      }
      ++checked;
    }
  }
  CHECK(checked > 40000);
}

TEST_CASE("INT64_MIN splits without overflow", "[invoice][tax]") {
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  const TaxSplit split = split_tax_inclusive(Money::from_fen(min), 600);
  CHECK(split.tax.fen() + split.amount.fen() == min);
  CHECK(within_half_a_fen(min, 600, split.tax.fen()));
  CHECK(split.tax.fen() < 0);
}
