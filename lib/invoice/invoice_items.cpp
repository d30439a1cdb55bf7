// The lines and totals of an invoice document (docs/invoice.md, "Tax split"): the split is made
// per item line, and the totals are sums of the lines, so that every printed row and the 合计 row
// agree to the fen.
#include "invoice/invoice_items.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <string>

#include "invoice/tax_split.hpp"

namespace ciie::invoice {
namespace {

// The badges of one (badge type, fee) pair, with where its badge type first appeared.
struct Group {
  std::size_t type_rank = 0;  // the index of the badge type's first line
  std::string badge_type;
  Money fee;
  std::int64_t count = 0;
  Money gross;
  std::vector<std::int64_t> persons;
};

Money sum_or_die(Money a, Money b) {
  // The order was priced with checked arithmetic, so a part of its total cannot overflow.
  Result<Money> sum = a.plus(b);
  assert(sum.is_ok());
  return sum.is_ok() ? *sum : a;
}

Money negated(Money m) { return Money::from_fen(-m.fen()); }

}  // namespace

std::vector<InvoiceItem> build_items(const std::vector<OrderLine>& lines, const InvoiceRules& rules,
                                     bool negate) {
  std::vector<Group> groups;  // in order of first appearance of the pair
  std::vector<std::string> types_seen;
  for (const OrderLine& line : lines) {
    if (line.fee.is_zero()) continue;  // free badges are not invoiced
    auto type_at = std::find(types_seen.begin(), types_seen.end(), line.badge_type);
    if (type_at == types_seen.end()) type_at = types_seen.insert(types_seen.end(), line.badge_type);
    const auto type_rank = static_cast<std::size_t>(type_at - types_seen.begin());
    auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.badge_type == line.badge_type && g.fee == line.fee;
    });
    if (group == groups.end()) {
      group = groups.insert(groups.end(), Group{type_rank, line.badge_type, line.fee, 0, {}, {}});
    }
    ++group->count;
    group->gross = sum_or_die(group->gross, line.fee);
    group->persons.push_back(line.person_id);
  }
  // Badge types in their order of first appearance; a type's fees in theirs (stable sort).
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.type_rank < b.type_rank; });

  std::vector<InvoiceItem> items;
  items.reserve(groups.size());
  for (Group& group : groups) {
    InvoiceItem item;
    item.name = rules.item_name;
    item.badge_type = group.badge_type;
    item.unit_of_measure = "张";
    item.quantity = negate ? -group.count : group.count;
    item.unit_price = group.fee;  // a price: positive on a red invoice too
    item.gross = negate ? negated(group.gross) : group.gross;
    item.tax_rate_bp = rules.tax_rate_bp;
    // A red line splits as the negation of the blue one (split_tax_inclusive's contract), so a
    // full reversal cancels the blue lines exactly.
    const TaxSplit split = split_tax_inclusive(item.gross, item.tax_rate_bp);
    item.amount = split.amount;
    item.tax = split.tax;
    item.persons = std::move(group.persons);
    items.push_back(std::move(item));
  }
  return items;
}

void fill_totals(Invoice& invoice) {
  Money amount;
  Money tax;
  Money gross;
  for (const InvoiceItem& item : invoice.items) {
    amount = sum_or_die(amount, item.amount);
    tax = sum_or_die(tax, item.tax);
    gross = sum_or_die(gross, item.gross);
  }
  invoice.amount_total = amount;
  invoice.tax_total = tax;
  invoice.gross_total = gross;
  invoice.gross_in_words = amount_in_words(gross);
}

}  // namespace ciie::invoice
