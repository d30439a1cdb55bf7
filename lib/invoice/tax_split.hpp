// The tax-inclusive split of a line (docs/invoice.md, "Tax split"): badge fees are prices with
// tax included; the invoice prints 金额 (tax-exclusive) and 税额 (tax) per line.
#pragma once

#include "ciie/money.hpp"

namespace ciie::invoice {

struct TaxSplit {
  Money amount;  // 金额: gross − tax
  Money tax;     // 税额
};

// tax = gross × rate / (10000 + rate), rounded half away from zero to the fen; amount =
// gross − tax, so amount + tax == gross exactly. A negative gross (red invoice) splits as the
// negation of its positive. REQUIRES: 0 <= rate_bp <= 10000, |gross| < 2^53 fen.
TaxSplit split_tax_inclusive(Money gross, int rate_bp);

}  // namespace ciie::invoice
