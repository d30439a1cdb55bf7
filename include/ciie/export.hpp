// Data export (docs/stats-export.md): units, persons, orders or invoices of this edition as CSV
// (RFC 4180, UTF-8, a header) or JSON Lines, streamed row by row to a sink. Personal data
// (phones, e-mails, document numbers) are masked as codes.hpp masks them unless revealed, which
// only the organizer may ask for and which is audited (data.reveal). CSV text cells that a
// spreadsheet could take for a formula are neutralised with a leading apostrophe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie {

enum class ExportKind { kUnits, kPersons, kOrders, kInvoices };
std::string_view to_string(ExportKind kind);  // "units", "persons", "orders", "invoices"
std::optional<ExportKind> parse_export_kind(std::string_view text);

enum class ExportFormat { kCsv, kJsonl };
std::string_view to_string(ExportFormat format);  // "csv", "jsonl"
std::optional<ExportFormat> parse_export_format(std::string_view text);

struct ExportRequest {
  ExportKind kind = ExportKind::kUnits;
  ExportFormat format = ExportFormat::kCsv;
  // Only the rows of units this delegation is responsible for (home, sub- or industry
  // delegation); "" = all. A delegation actor is limited to its own whatever is asked.
  std::string delegation;
  bool reveal = false;  // personal data in full. REQUIRES: organizer; audited as data.reveal
};

// Receives the export's text in pieces (the CSV header, then one line per row); a failure it
// returns stops the export and is the export's failure.
using ExportSink = std::function<Status(std::string_view text)>;

struct ExportSummary {
  ExportKind kind = ExportKind::kUnits;
  ExportFormat format = ExportFormat::kCsv;
  std::int64_t rows = 0;
  bool revealed = false;
};

}  // namespace ciie
