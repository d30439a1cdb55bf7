// Registry use case for statistics (stats.hpp, docs/stats-export.md): the scope, the store's
// GROUP BY figures, the rows' names from the rules, and the totals row.
#include "ciie/registry.hpp"

#include "registry/report_scope.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

using StatsKey = store::Store::StatsKey;

StatsKey key_of(StatsGrouping by) {
  switch (by) {
    case StatsGrouping::kDelegation:
      return StatsKey::kHomeDelegation;
    case StatsGrouping::kSubDelegation:
      return StatsKey::kSubDelegation;
    case StatsGrouping::kCategory:
      return StatsKey::kCategory;
    case StatsGrouping::kState:
      return StatsKey::kState;
  }
  return StatsKey::kHomeDelegation;
}

// The Chinese name of a row's delegation or sub-delegation ("" for the other groupings and for
// slugs the rules no longer know).
std::string name_of(const Rules& rules, StatsGrouping by, const std::string& key) {
  if (key.empty()) return {};
  if (by == StatsGrouping::kDelegation) {
    const Delegation* delegation = rules.find_delegation(key);
    return delegation == nullptr ? std::string() : delegation->name_zh;
  }
  if (by == StatsGrouping::kSubDelegation) {
    const SubDelegation* sub = rules.find_sub_delegation(key).second;
    return sub == nullptr ? std::string() : sub->name_zh;
  }
  return {};
}

}  // namespace

Result<StatsReport> Registry::stats(const Actor& actor, const StatsQuery& query) {
  CIIE_ASSIGN_OR_RETURN(
      const std::string scope,
      registry::report_scope(options_.rules, actor, query.delegation, "see statistics"));
  StatsReport report;
  report.by = query.by;
  report.edition = options_.rules.edition.number;
  report.delegation = scope;
  CIIE_ASSIGN_OR_RETURN(report.rows, store_->stats_groups(report.edition, key_of(query.by), scope));
  // Each grouping puts every unit in exactly one row: the totals are their sum.
  for (StatsRow& row : report.rows) {
    row.name = name_of(options_.rules, query.by, row.key);
    add_figures(report.totals, row.figures);
  }
  if (query.by == StatsGrouping::kDelegation) {
    // DEL-4: an industry delegation's units are counted under their home delegations above;
    // its own row repeats them, marked, and stays out of the totals.
    CIIE_ASSIGN_OR_RETURN(
        auto industry, store_->stats_groups(report.edition, StatsKey::kIndustryDelegation, scope));
    for (StatsRow& row : industry) {
      row.name = name_of(options_.rules, query.by, row.key);
      row.industry = true;
      report.rows.push_back(std::move(row));
    }
  }
  return report;
}

}  // namespace ciie
