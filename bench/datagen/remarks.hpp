// How payers write an order number into a bank transfer's remark: the eight spellings the
// statement import must read (docs/payment.md, PAY-3). Shared by ciie_datagen's statements and
// ciie_order_bench's, each drawing from its own random stream.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ciie::datagen {

// A draw uniform in [0, n), n > 0.
using DrawBelow = std::function<std::uint64_t(std::uint64_t n)>;

// Full-width forms of ASCII (U+FF01..U+FF5E), as a bank's form may keep what a payer typed.
std::string full_width(const std::string& ascii);

// The order number `number` (V + 23 digits) as a payer `payer` might write it: as it is (35 %),
// after a purpose and before the payer's name (15 %), in groups of four (10 %), lower-case v with
// trailing spaces (8 %), full-width (8 %), with look-alike letters for some digits (10 %), with
// dashes (7 %), or after 订单号： with an ideographic space (7 %).
std::string remark_for(const std::string& number, const std::string& payer,
                       const DrawBelow& below);

}  // namespace ciie::datagen
