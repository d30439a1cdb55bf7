// Export iteration in the SQL store (export.hpp): one SELECT per kind, stepped row by row with each
// row handed to the caller before the next is read, so an export of 430,000 persons holds one
// person at a time. The scope is the same as the statistics': this edition's units, optionally
// those a delegation covers.
#include "invoice/invoice_document.hpp"
#include "store/sql/row_readers.hpp"
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

// The units in scope: ?1 the edition, ?2 a delegation ("" = all). The queries below test it as
// `+column IN (…)` on SQLite: the unary plus keeps SQLite from driving the query through the
// unit index (person_unit, …), which would return rows out of key order and make it sort the
// whole table in a temporary B-tree before the first row. Instead it walks the table in key
// order and checks each row against the list of the scope's accounts (one string per unit,
// built once). PostgreSQL has no unary plus on text and plans this well without a hint.
constexpr std::string_view kUnitsInScope = R"sql(
  SELECT u.account FROM unit u
   WHERE u.edition = ?1
     AND (?2 = '' OR u.home_delegation = ?2 OR u.sub_delegation = ?2
          OR u.industry_delegation = ?2))sql";

// Steps `stmt`, reading each row with `read` and handing it to `row`.
template <typename T, typename Read>
Status each(Statement& stmt, Read read, const std::function<Status(const T&)>& row) {
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool more, stmt.step());
    if (!more) return Status::ok();
    CIIE_ASSIGN_OR_RETURN(const T value, read(stmt));
    CIIE_RETURN_IF_ERROR(row(value));
  }
}

}  // namespace

Status SqlStore::for_each_unit(int edition, const std::string& delegation,
                                  const std::function<Status(const Unit&)>& row) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(unit_columns()) +
                                           " FROM unit WHERE " + unindexed() + "account IN (" +
                                           std::string(kUnitsInScope) + ") ORDER BY account"));
  stmt.bind(1, edition).bind(2, delegation);
  return each<Unit>(stmt, read_unit, row);
}

Status SqlStore::for_each_person(int edition, const std::string& delegation,
                                    const std::function<Status(const Person&)>& row) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(person_row_columns()) +
                                           " FROM person p WHERE " + unindexed() + "p.unit IN (" +
                                           std::string(kUnitsInScope) + ") ORDER BY p.id"));
  stmt.bind(1, edition).bind(2, delegation);
  return each<Person>(stmt, read_person_row, row);
}

Status SqlStore::for_each_order(int edition, const std::string& delegation,
                                   const std::function<Status(const Order&)>& row) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(order_row_columns()) +
                                           " FROM badge_order WHERE " + unindexed() + "unit IN (" +
                                           std::string(kUnitsInScope) + ") ORDER BY number"));
  stmt.bind(1, edition).bind(2, delegation);
  return each<Order>(stmt, read_order_row, row);
}

Status SqlStore::for_each_invoice(int edition, const std::string& delegation,
                                     const std::function<Status(const Invoice&)>& row) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt,
      prepare(
          "SELECT id, number, document, buyer_status, reversed_fen FROM invoice WHERE " +
          unindexed() + "unit IN (" +
          std::string(kUnitsInScope) + ") ORDER BY id"));
  stmt.bind(1, edition).bind(2, delegation);
  // As sql_invoices.cpp reads an invoice: the document, then its status columns.
  const auto read = [](const Statement& s) -> Result<Invoice> {
    CIIE_ASSIGN_OR_RETURN(Invoice invoice, invoice::document_from_json(s.column_text(2)));
    invoice.id = s.column_int(0);
    if (invoice.number != s.column_text(1)) {
      return Status::storage("store.io", "corrupt invoice data: invoice " + s.column_text(1));
    }
    invoice.buyer_status =
        s.column_text(3) == "booked" ? BuyerStatus::kBooked : BuyerStatus::kUnconfirmed;
    invoice.reversed = Money::from_fen(s.column_int(4));
    return invoice;
  };
  return each<Invoice>(stmt, read, row);
}

}  // namespace ciie::store::sql
