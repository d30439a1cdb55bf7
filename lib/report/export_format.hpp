// Pure formatting of exports and statistics (export.hpp, stats.hpp): the columns of each export
// kind, one stored value as a row of cells (masked unless revealed), and a row as a CSV line
// (RFC 4180, neutralised against formula injection) or a JSON Lines line.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ciie/export.hpp"
#include "ciie/invoice.hpp"
#include "ciie/order.hpp"
#include "ciie/person.hpp"
#include "ciie/unit.hpp"

namespace ciie::report {

// What a cell holds decides how it is written:
//   kText     any text: in CSV neutralised and quoted when needed, in JSON a string
//   kInteger  a whole number ciie writes itself: plain in CSV, a number in JSON
//   kMoney    yuan with two decimals ("200.00", "-200.00"): plain in CSV (so a spreadsheet sums
//             it; ciie wrote it, no formula can hide in it), a string in JSON (exact)
enum class CellKind { kText, kInteger, kMoney };
struct Cell {
  std::string text;
  CellKind kind = CellKind::kText;
};
using Row = std::vector<Cell>;

// The columns of each kind, in the order of the rows below. Those of units and persons are the
// import formats' (docs/register-input.md, docs/person-input.md) with a few of the store's after.
const std::vector<std::string>& export_columns(ExportKind kind);

// A stored value as a row of cells. Phones, e-mails and document numbers are masked as
// codes::mask_phone / mask_email / mask_document mask them unless `reveal`.
Row unit_row(const Unit& unit, bool reveal);
Row person_row(const Person& person, bool reveal);
Row order_row(const Order& order);
Row invoice_row(const Invoice& invoice, bool reveal);

// A text field as CSV writes it. Against formula injection (OWASP) a field that starts with
// '=', '+', '-', '@', TAB or CR gets a leading apostrophe; then it is quoted ("" for a quote)
// when it holds a comma, a quote, CR or LF, or had to be neutralised.
std::string csv_text(std::string_view text);
// The fields joined by commas and ended by CRLF (RFC 4180). Header names are written as text.
std::string csv_line(const Row& row);
std::string csv_header(const std::vector<std::string>& columns);
// One JSON object {column: value} and "\n". REQUIRES: row.size() == columns.size().
std::string jsonl_line(const std::vector<std::string>& columns, const Row& row);

}  // namespace ciie::report
