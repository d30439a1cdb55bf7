// Invoices in the SQL store (INV). The document is JSON written once (a trigger refuses any change
// to it); the buyer status and the reversed amount are columns beside it. Numbers come from one
// counter row per series, advanced by an UPDATE inside the issuing transaction: SQLite's single
// writer, or on PostgreSQL the counter row's lock, serialises issuers, a rollback takes the
// number back (no gap), and the UNIQUE number column catches any path that would reuse one.
#include "invoice/invoice_document.hpp"
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kRequestColumns = R"sql(
  order_number, unit, type, title_kind, title, taxpayer_id, address, phone, bank, account,
  delivery_phone, delivery_email, remark, title_locked, requested_at, requested_by)sql";

constexpr std::string_view kInvoiceColumns = R"sql(
  id, number, document, buyer_status, reversed_fen)sql";

Status corrupt(const std::string& what) {
  return Status::storage("store.io", "corrupt invoice data: " + what);
}

Result<Invoice> read_invoice(const Statement& stmt) {
  CIIE_ASSIGN_OR_RETURN(Invoice invoice, invoice::document_from_json(stmt.column_text(2)));
  invoice.id = stmt.column_int(0);
  if (invoice.number != stmt.column_text(1)) return corrupt("invoice " + stmt.column_text(1));
  invoice.buyer_status =
      stmt.column_text(3) == "booked" ? BuyerStatus::kBooked : BuyerStatus::kUnconfirmed;
  invoice.reversed = Money::from_fen(stmt.column_int(4));
  return invoice;
}

}  // namespace

Status SqlStore::put_invoice_request(const StoredInvoiceRequest& stored) {
  const InvoiceRequest& r = stored.request;
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("INSERT INTO invoice_request (" +
                                           std::string(kRequestColumns) + R"sql()
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
    ON CONFLICT (order_number) DO UPDATE SET
      unit = excluded.unit, type = excluded.type, title_kind = excluded.title_kind,
      title = excluded.title, taxpayer_id = excluded.taxpayer_id, address = excluded.address,
      phone = excluded.phone, bank = excluded.bank, account = excluded.account,
      delivery_phone = excluded.delivery_phone, delivery_email = excluded.delivery_email,
      remark = excluded.remark, title_locked = excluded.title_locked,
      requested_at = excluded.requested_at, requested_by = excluded.requested_by)sql"));
  stmt.bind(1, r.order).bind(2, stored.unit).bind(3, to_string(r.type));
  stmt.bind(4, to_string(r.title_kind)).bind(5, r.title).bind(6, r.taxpayer_id);
  stmt.bind(7, r.address).bind(8, r.phone).bind(9, r.bank).bind(10, r.account);
  stmt.bind(11, r.delivery_phone).bind(12, r.delivery_email).bind(13, r.remark);
  stmt.bind(14, stored.title_locked ? 1 : 0).bind(15, stored.requested_at);
  stmt.bind(16, stored.requested_by);
  return stmt.run();
}

Result<std::optional<StoredInvoiceRequest>> SqlStore::find_invoice_request(
    const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kRequestColumns) +
                                           " FROM invoice_request WHERE order_number = ?1"));
  stmt.bind(1, order);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<StoredInvoiceRequest>();
  StoredInvoiceRequest stored;
  InvoiceRequest& r = stored.request;
  r.order = stmt.column_text(0);
  stored.unit = stmt.column_text(1);
  const auto type = parse_invoice_type(stmt.column_text(2));
  const auto kind = parse_title_kind(stmt.column_text(3));
  if (!type || !kind) return corrupt("request of order " + order);
  r.type = *type;
  r.title_kind = *kind;
  r.title = stmt.column_text(4);
  r.taxpayer_id = stmt.column_text(5);
  r.address = stmt.column_text(6);
  r.phone = stmt.column_text(7);
  r.bank = stmt.column_text(8);
  r.account = stmt.column_text(9);
  r.delivery_phone = stmt.column_text(10);
  r.delivery_email = stmt.column_text(11);
  r.remark = stmt.column_text(12);
  stored.title_locked = stmt.column_int(13) != 0;
  CIIE_ASSIGN_OR_RETURN(stored.requested_at, Instant::parse(stmt.column_text(14)));
  stored.requested_by = stmt.column_text(15);
  return std::optional<StoredInvoiceRequest>(std::move(stored));
}

Result<std::int64_t> SqlStore::next_invoice_sequence(const std::string& series) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO invoice_sequence (series, last) VALUES (?1, 1)
      ON CONFLICT (series) DO UPDATE SET last = invoice_sequence.last + 1
    RETURNING last)sql"));
  stmt.bind(1, series);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return corrupt("no counter for series " + series);
  return stmt.column_int(0);
}

Result<std::int64_t> SqlStore::peek_invoice_sequence(const std::string& series) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("SELECT last FROM invoice_sequence WHERE series = ?1"));
  stmt.bind(1, series);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_int(0) : std::int64_t{0};
}

Status SqlStore::set_invoice_sequence(const std::string& series, std::int64_t last) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO invoice_sequence (series, last) VALUES (?1, ?2)
      ON CONFLICT (series) DO UPDATE SET last = excluded.last)sql"));
  stmt.bind(1, series).bind(2, last);
  return stmt.run();
}

Status SqlStore::insert_invoice(Invoice& invoice) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO invoice (number, kind, order_number, unit, issued_at, issued_on, gross_fen,
                         refers_to, document, buyer_status, reversed_fen)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql"));
  stmt.bind(1, invoice.number).bind(2, to_string(invoice.kind)).bind(3, invoice.order);
  stmt.bind(4, invoice.unit).bind(5, invoice.issued_at);
  stmt.bind(6, invoice.issued_on.to_string()).bind(7, invoice.gross_total.fen());
  bind_or_null(stmt, 8, invoice.refers_to);
  // Text is stored as given; bytes that are not UTF-8 are replaced rather than thrown on.
  stmt.bind(9, invoice::document_to_json(invoice).dump(-1, ' ', false,
                                                       nlohmann::json::error_handler_t::replace));
  stmt.bind(10, to_string(invoice.buyer_status)).bind(11, invoice.reversed.fen());
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(invoice.id, db_->last_insert_id());
  if (invoice.kind == InvoiceKind::kRed) {
    // The blue invoice's reversed amount grows by this red one; the CHECK refuses reversing
    // more than it charged, and the partial unique index then lets a new blue one be issued.
    CIIE_ASSIGN_OR_RETURN(auto reverse, prepare(R"sql(
      UPDATE invoice SET reversed_fen = reversed_fen + ?2 WHERE number = ?1 AND kind = 'blue')sql"));
    reverse.bind(1, invoice.refers_to).bind(2, -invoice.gross_total.fen());
    CIIE_RETURN_IF_ERROR(reverse.run());
    if (changes() != 1) return corrupt("red invoice for unknown blue " + invoice.refers_to);
  }
  return Status::ok();
}

Result<Invoice> SqlStore::with_invoice_status(Invoice invoice) {
  invoice.red_invoices.clear();
  if (invoice.kind != InvoiceKind::kBlue) return invoice;
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "SELECT number FROM invoice WHERE refers_to = ?1 ORDER BY id"));
  stmt.bind(1, invoice.number);
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    invoice.red_invoices.push_back(stmt.column_text(0));
  }
  return invoice;
}

Result<std::optional<Invoice>> SqlStore::find_invoice(const std::string& number) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kInvoiceColumns) +
                                           " FROM invoice WHERE number = ?1"));
  stmt.bind(1, number);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Invoice>();
  CIIE_ASSIGN_OR_RETURN(Invoice invoice, read_invoice(stmt));
  CIIE_ASSIGN_OR_RETURN(invoice, with_invoice_status(std::move(invoice)));
  return std::optional<Invoice>(std::move(invoice));
}

Result<std::optional<Invoice>> SqlStore::valid_blue_invoice(const std::string& order) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kInvoiceColumns) + R"sql(
      FROM invoice WHERE order_number = ?1 AND kind = 'blue' AND reversed_fen < gross_fen)sql"));
  stmt.bind(1, order);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Invoice>();
  CIIE_ASSIGN_OR_RETURN(Invoice invoice, read_invoice(stmt));
  CIIE_ASSIGN_OR_RETURN(invoice, with_invoice_status(std::move(invoice)));
  return std::optional<Invoice>(std::move(invoice));
}

Result<std::vector<Invoice>> SqlStore::list_invoices(const InvoiceFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kInvoiceColumns) + R"sql(
      FROM invoice
     WHERE (?1 = '' OR unit = ?1) AND (?2 = '' OR order_number = ?2) AND (?3 = '' OR kind = ?3)
       AND (issued_on >= ?4 OR ?4 IS NULL) AND (issued_on <= ?5 OR ?5 IS NULL)
     ORDER BY id DESC LIMIT ?6 OFFSET ?7)sql"));
  stmt.bind(1, filter.unit).bind(2, filter.order);
  stmt.bind(3, filter.kind ? std::string(to_string(*filter.kind)) : std::string());
  bind_or_null(stmt, 4, filter.issued_from ? filter.issued_from->to_string() : std::string());
  bind_or_null(stmt, 5, filter.issued_to ? filter.issued_to->to_string() : std::string());
  stmt.bind(6, filter.limit).bind(7, filter.offset);
  std::vector<Invoice> invoices;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Invoice invoice, read_invoice(stmt));
    invoices.push_back(std::move(invoice));
  }
  for (Invoice& invoice : invoices) {
    CIIE_ASSIGN_OR_RETURN(invoice, with_invoice_status(std::move(invoice)));
  }
  return invoices;
}

Result<bool> SqlStore::set_invoice_buyer_status(const std::string& number,
                                                   BuyerStatus status) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(
      "UPDATE invoice SET buyer_status = ?2 WHERE number = ?1 AND kind = 'blue'"));
  stmt.bind(1, number).bind(2, to_string(status));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

}  // namespace ciie::store::sql
