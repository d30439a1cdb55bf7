// Statistics (docs/stats-export.md): units, persons, badges and money of this edition, grouped by
// home delegation, sub-delegation, unit category or unit state, with a totals row. Every figure
// of a row is about the units in its group (their persons, orders, payments, refunds, invoices);
// the store aggregates with GROUP BY, so the cost does not grow with what is kept in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/money.hpp"

namespace ciie {

// How the rows are grouped.
//   delegation      the unit's home delegation (DEL-1..3); a unit that joined an industry
//                   delegation counts there (DEL-4). Industry delegations get rows of their own,
//                   marked StatsRow::industry, which repeat their units' figures and are left out
//                   of the totals. Units without a delegation (overseas, HK/Macao/Taiwan, DEL-5)
//                   form the row with an empty key.
//   sub_delegation  the unit's sub-delegation within its home delegation (empty key: none)
//   category        the unit category (enterprise, government, …)
//   state           the unit's review state (registered, submitted, approved, rejected)
enum class StatsGrouping { kDelegation, kSubDelegation, kCategory, kState };
// "delegation", "sub-delegation", "category", "state" (the CLI's --by values).
std::string_view to_string(StatsGrouping grouping);
std::optional<StatsGrouping> parse_stats_grouping(std::string_view text);

// The figures of one group. Counts are of rows in the store now, money in fen.
struct StatsFigures {
  std::int64_t units = 0;
  std::int64_t units_registered = 0;
  std::int64_t units_submitted = 0;
  std::int64_t units_approved = 0;
  std::int64_t units_rejected = 0;
  std::int64_t persons = 0;  // every person row, whatever its state (the six below add up to it)
  std::int64_t persons_join_requested = 0;
  std::int64_t persons_draft = 0;
  std::int64_t persons_submitted = 0;
  std::int64_t persons_under_review = 0;
  std::int64_t persons_approved = 0;
  std::int64_t persons_rejected = 0;
  // Persons holding a free place now (免费证件标签, BDG-2): what the quotas count as used.
  std::int64_t free_badges_used = 0;
  // Order lines of paid orders not refunded: badges paid for (free ones in a paid order too).
  std::int64_t badges_paid = 0;
  std::int64_t orders_paid = 0;  // orders whose payment was confirmed, refunded or not since
  Money paid;                    // Σ confirmed payments (money received)
  Money refunded;                // Σ refunds granted, whether or not the money has gone out yet
  Money invoiced;                // Σ blue invoices − Σ red invoices
  friend bool operator==(const StatsFigures&, const StatsFigures&) = default;
};

// Adds every figure of `b` to `a`.
void add_figures(StatsFigures& a, const StatsFigures& b);

struct StatsRow {
  std::string key;        // the slug, category or state; "" for units without one
  std::string parent;     // sub_delegation grouping: the home delegation the sub-delegation is of
  std::string name;       // the delegation's or sub-delegation's Chinese name, when known
  bool industry = false;  // an industry delegation's row (delegation grouping only)
  StatsFigures figures;
};

struct StatsQuery {
  StatsGrouping by = StatsGrouping::kDelegation;
  // Only the units this delegation is responsible for (home, sub- or industry delegation).
  // A delegation actor is always limited to its own, whatever is asked; "" = all.
  std::string delegation;
};

struct StatsReport {
  StatsGrouping by = StatsGrouping::kDelegation;
  int edition = 0;
  std::string delegation;      // the scope the figures are limited to, "" = all units
  std::vector<StatsRow> rows;  // ordered by key (industry rows after the others)
  StatsFigures totals;         // every unit once: the sum of the rows not marked industry
};

}  // namespace ciie
