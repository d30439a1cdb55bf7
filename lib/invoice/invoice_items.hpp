// The lines and totals of an invoice document, from the order lines it covers.
#pragma once

#include <vector>

#include "ciie/invoice.hpp"
#include "ciie/order.hpp"
#include "ciie/rules.hpp"

namespace ciie::invoice {

// One item per (badge type, fee), in the order the badge types first appear in `lines`; each
// item's gross = fee × count, split by split_tax_inclusive at rules.tax_rate_bp; persons listed.
// Lines with fee 0 (free badges) are left out. `negate` makes red-invoice items (negative
// quantity and amounts). The item name is rules.item_name, the unit of measure "张".
std::vector<InvoiceItem> build_items(const std::vector<OrderLine>& lines, const InvoiceRules& rules,
                                     bool negate);
// Sets amount_total, tax_total, gross_total (sums of the items) and gross_in_words.
void fill_totals(Invoice& invoice);

}  // namespace ciie::invoice
