// Text names of the statistics and export enums (the CLI's --by, kind and --format values), and
// adding statistics figures.
#include "ciie/export.hpp"
#include "ciie/stats.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;
using core::value_of;

constexpr NameTable<StatsGrouping, 4> kGroupings{{
    {StatsGrouping::kDelegation, "delegation"},
    {StatsGrouping::kSubDelegation, "sub-delegation"},
    {StatsGrouping::kCategory, "category"},
    {StatsGrouping::kState, "state"},
}};

constexpr NameTable<ExportKind, 4> kKinds{{
    {ExportKind::kUnits, "units"},
    {ExportKind::kPersons, "persons"},
    {ExportKind::kOrders, "orders"},
    {ExportKind::kInvoices, "invoices"},
}};

constexpr NameTable<ExportFormat, 2> kFormats{{
    {ExportFormat::kCsv, "csv"},
    {ExportFormat::kJsonl, "jsonl"},
}};

}  // namespace

std::string_view to_string(StatsGrouping grouping) { return name_of(kGroupings, grouping); }
std::optional<StatsGrouping> parse_stats_grouping(std::string_view text) {
  return value_of(kGroupings, text);
}
std::string_view to_string(ExportKind kind) { return name_of(kKinds, kind); }
std::optional<ExportKind> parse_export_kind(std::string_view text) {
  return value_of(kKinds, text);
}
std::string_view to_string(ExportFormat format) { return name_of(kFormats, format); }
std::optional<ExportFormat> parse_export_format(std::string_view text) {
  return value_of(kFormats, text);
}

void add_figures(StatsFigures& a, const StatsFigures& b) {
  a.units += b.units;
  a.units_registered += b.units_registered;
  a.units_submitted += b.units_submitted;
  a.units_approved += b.units_approved;
  a.units_rejected += b.units_rejected;
  a.persons += b.persons;
  a.persons_join_requested += b.persons_join_requested;
  a.persons_draft += b.persons_draft;
  a.persons_submitted += b.persons_submitted;
  a.persons_under_review += b.persons_under_review;
  a.persons_approved += b.persons_approved;
  a.persons_rejected += b.persons_rejected;
  a.free_badges_used += b.free_badges_used;
  a.badges_paid += b.badges_paid;
  a.orders_paid += b.orders_paid;
  // Sums of stored amounts, each already summed by SQLite (whose sum() fails on overflow).
  a.paid = Money::from_fen(a.paid.fen() + b.paid.fen());
  a.refunded = Money::from_fen(a.refunded.fen() + b.refunded.fen());
  a.invoiced = Money::from_fen(a.invoiced.fen() + b.invoiced.fen());
}

}  // namespace ciie
