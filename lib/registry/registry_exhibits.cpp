// Registry use cases for exhibitors and exhibits (MATCH-1): importing an exhibits file (one row
// per exhibit, carrying its exhibitor's columns) and reading them back.
#include <map>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "match/exhibit_row.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

std::int64_t count(const BulkSummary& summary, const char* outcome) {
  const auto found = summary.by_outcome.find(outcome);
  return found == summary.by_outcome.end() ? 0 : found->second;
}

}  // namespace

const std::vector<std::string>& Registry::exhibit_columns() { return match::exhibit_columns(); }
const std::vector<std::string>& Registry::exhibit_required_columns() {
  return match::exhibit_required_columns();
}

Result<BulkSummary> Registry::import_exhibits(const Actor& actor, RecordReader& reader,
                                              const BulkOptions& options,
                                              const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "import exhibits");
  // The exhibitor columns of the first row that named each exhibitor in this run, and its line:
  // a later row disagreeing is refused, so one file cannot flip an exhibitor's name back and
  // forth (and a re-run stays "unchanged").
  struct Seen {
    Exhibitor exhibitor;
    long line = 0;
  };
  std::map<std::string, Seen> seen;
  auto import_row = [&](const Record& record) -> Result<registry::RowResult> {
    CIIE_ASSIGN_OR_RETURN(const match::ExhibitRow row,
                          match::parse_exhibit_row(record, options_.rules));
    const auto first = seen.find(row.exhibitor.id);
    store::Upserted exhibitor_done = store::Upserted::kUnchanged;
    if (first != seen.end()) {
      const Exhibitor& before = first->second.exhibitor;
      if (before.name != row.exhibitor.name || before.country != row.exhibitor.country) {
        const bool name = before.name != row.exhibitor.name;
        return Status::invalid_input(
                   "exhibitor.mismatch",
                   "exhibitor " + row.exhibitor.id + " is written differently on line " +
                       std::to_string(first->second.line) + " (" +
                       (name ? before.name : before.country) + ")")
            .at(record.line, name ? "exhibitor_name" : "exhibitor_country");
      }
    } else {
      CIIE_ASSIGN_OR_RETURN(exhibitor_done, store_->upsert_exhibitor(row.exhibitor));
      seen.emplace(row.exhibitor.id, Seen{row.exhibitor, record.line});
    }
    CIIE_ASSIGN_OR_RETURN(const store::Upserted exhibit_done, store_->upsert_exhibit(row.exhibit));
    std::string outcome = "unchanged";
    if (exhibit_done == store::Upserted::kInserted) {
      outcome = "imported";
    } else if (exhibit_done == store::Upserted::kUpdated ||
               exhibitor_done != store::Upserted::kUnchanged) {
      outcome = "updated";
    }
    return registry::RowResult{outcome, row.exhibit.id, outcome != "unchanged"};
  };
  auto audit_run = [&](const BulkSummary& summary) -> Status {
    if (count(summary, "imported") + count(summary, "updated") == 0) return Status::ok();
    return audit::record(*store_, *options_.clock, actor, "exhibit.import", "exhibits",
                         {{"rows", summary.rows},
                          {"imported", count(summary, "imported")},
                          {"updated", count(summary, "updated")},
                          {"unchanged", count(summary, "unchanged")},
                          {"failed", summary.failed}});
  };
  // Every refusal comes before the row's first write.
  return registry::apply_bulk(*store_, reader, options, on_row, import_row, {}, audit_run,
                              registry::RowIsolation::kChecksFirst);
}

Result<std::vector<Exhibitor>> Registry::exhibitors(const Actor& /*actor*/, int limit,
                                                    int offset) {
  // Exhibitors and exhibits are published (查看展商展品): every actor may read them.
  return store_->list_exhibitors(limit, offset);
}

Result<Exhibitor> Registry::exhibitor(const Actor& /*actor*/, const std::string& id) {
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_exhibitor(id));
  if (!found) return Status::not_found("exhibitor.unknown", "no exhibitor '" + id + "'");
  return std::move(*found);
}

Result<std::vector<Exhibit>> Registry::exhibits(const Actor& /*actor*/,
                                                const ExhibitFilter& filter) {
  return store_->list_exhibits(filter);
}

}  // namespace ciie
