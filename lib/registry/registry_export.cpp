// Registry use case for exports (export.hpp, docs/stats-export.md): who may export what, the
// audit of a reveal, and the rows streamed from the store through the formats of lib/report.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/report_scope.hpp"
#include "report/export_format.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// Finance sees money, not people: orders and invoices only.
bool kind_allowed(const Actor& actor, ExportKind kind) {
  if (actor.kind != ActorKind::kFinance) return true;
  return kind == ExportKind::kOrders || kind == ExportKind::kInvoices;
}

}  // namespace

const std::vector<std::string>& Registry::export_columns(ExportKind kind) {
  return report::export_columns(kind);
}

Result<ExportSummary> Registry::export_data(const Actor& actor, const ExportRequest& request,
                                            const ExportSink& sink) {
  const std::string kind_name(to_string(request.kind));
  if (!kind_allowed(actor, request.kind)) {
    return registry::forbidden(actor, "export " + kind_name);
  }
  if (request.reveal && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal personal data");
  }
  CIIE_ASSIGN_OR_RETURN(
      const std::string scope,
      registry::report_scope(options_.rules, actor, request.delegation, "export " + kind_name));
  if (request.reveal) {
    // Audited before the first row leaves: an export that fails half-way has still shown data.
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal", "export:" + kind_name,
                           {{"what", "export " + kind_name},
                            {"format", std::string(to_string(request.format))},
                            {"delegation", scope}});
    }));
  }
  ExportSummary summary;
  summary.kind = request.kind;
  summary.format = request.format;
  summary.revealed = request.reveal;
  const std::vector<std::string>& columns = report::export_columns(request.kind);
  if (request.format == ExportFormat::kCsv) CIIE_RETURN_IF_ERROR(sink(report::csv_header(columns)));
  const auto emit = [&](const report::Row& row) -> Status {
    ++summary.rows;
    return sink(request.format == ExportFormat::kCsv ? report::csv_line(row)
                                                     : report::jsonl_line(columns, row));
  };
  const int edition = options_.rules.edition.number;
  const bool reveal = request.reveal;
  switch (request.kind) {
    case ExportKind::kUnits:
      CIIE_RETURN_IF_ERROR(store_->for_each_unit(
          edition, scope, [&](const Unit& unit) { return emit(report::unit_row(unit, reveal)); }));
      break;
    case ExportKind::kPersons:
      CIIE_RETURN_IF_ERROR(store_->for_each_person(edition, scope, [&](const Person& person) {
        return emit(report::person_row(person, reveal));
      }));
      break;
    case ExportKind::kOrders:
      CIIE_RETURN_IF_ERROR(store_->for_each_order(
          edition, scope, [&](const Order& order) { return emit(report::order_row(order)); }));
      break;
    case ExportKind::kInvoices:
      CIIE_RETURN_IF_ERROR(store_->for_each_invoice(edition, scope, [&](const Invoice& invoice) {
        return emit(report::invoice_row(invoice, reveal));
      }));
      break;
  }
  return summary;
}

}  // namespace ciie
