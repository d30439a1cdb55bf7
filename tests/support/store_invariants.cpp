// The invariants of a ciie SQLite store, each one SQL query whose every row is a violation.
#include "support/store_invariants.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

namespace ciie::test {
namespace {

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

// One invariant: what it says, and a query returning one row per violation, its columns the
// evidence.
struct Invariant {
  const char* what;
  const char* violations_sql;
};

// The invariants, in the order docs/reliability.md lists them. Each query is written so that a
// consistent store returns no row; the columns name the row at fault and the numbers that
// disagree.
constexpr Invariant kInvariants[] = {
    {"free quota used = persons holding its places (BDG-2)", R"sql(
      SELECT q.delegation, q.sub_delegation, q.badge_type, q.used,
             (SELECT count(*) FROM person p
               WHERE p.free_delegation = q.delegation
                 AND p.free_sub_delegation = q.sub_delegation
                 AND p.badge_type = q.badge_type) AS holding
        FROM free_quota q
       WHERE q.used <> holding OR q.used > q.places)sql"},
    {"persons holding a place of a quota that does not exist", R"sql(
      SELECT p.id, p.free_delegation, p.free_sub_delegation, p.badge_type FROM person p
       WHERE p.free_delegation IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM free_quota q
                          WHERE q.delegation = p.free_delegation
                            AND q.sub_delegation = p.free_sub_delegation
                            AND q.badge_type = p.badge_type))sql"},
    {"referral code uses = its recorded uses, within max_uses (REF-2)", R"sql(
      SELECT r.code, r.uses, r.max_uses,
             (SELECT count(*) FROM referral_use u WHERE u.code = r.code) AS recorded
        FROM referral_code r
       WHERE r.uses <> recorded OR (r.max_uses IS NOT NULL AND r.uses > r.max_uses))sql"},
    {"order total = sum of its lines' fees (ORD-2)", R"sql(
      SELECT o.number, o.total_fen,
             (SELECT coalesce(sum(l.fee_fen), 0) FROM order_line l
               WHERE l.order_number = o.number) AS lines
        FROM badge_order o
       WHERE o.total_fen <> lines)sql"},
    {"order refunded total = sum of its refunds (RFD-2)", R"sql(
      SELECT o.number, o.refunded_fen,
             (SELECT coalesce(sum(r.amount_fen), 0) FROM refund r
               WHERE r.order_number = o.number) AS refunds
        FROM badge_order o
       WHERE o.refunded_fen <> refunds)sql"},
    {"refund amount = sum of its lines' fees (RFD-2)", R"sql(
      SELECT r.id, r.amount_fen,
             (SELECT coalesce(sum(l.fee_fen), 0) FROM refund_line l WHERE l.refund = r.id) AS fees
        FROM refund r
       WHERE r.amount_fen <> fees)sql"},
    {"refunded never exceeds what confirmed payments brought (RFD-2)", R"sql(
      SELECT o.number, o.refunded_fen,
             (SELECT coalesce(sum(p.amount_fen), 0) FROM payment p
               WHERE p.order_number = o.number AND p.state = 'confirmed') AS paid
        FROM badge_order o
       WHERE o.refunded_fen > paid)sql"},
    {"a paid or refunded order has a confirmed payment, any other order none (PAY-2)", R"sql(
      SELECT o.number, o.state,
             (SELECT count(*) FROM payment p
               WHERE p.order_number = o.number AND p.state = 'confirmed') AS confirmed
        FROM badge_order o
       WHERE (o.state IN ('paid', 'refunded') AND confirmed <> 1)
          OR (o.state NOT IN ('paid', 'refunded') AND confirmed <> 0))sql"},
    {"a person is held by at most one order line (ORD-1)", R"sql(
      SELECT person, count(*) FROM order_line WHERE holding = 1
       GROUP BY person HAVING count(*) > 1)sql"},
    {"invoice numbers of a series are 1..last, each once (INV-5)", R"sql(
      WITH numbered AS (
        SELECT substr(number, 1, 5) AS series, CAST(substr(number, 6) AS INTEGER) AS seq
          FROM invoice)
      SELECT s.series, s.last,
             (SELECT count(*) FROM numbered n WHERE n.series = s.series) AS issued,
             (SELECT count(DISTINCT n.seq) FROM numbered n WHERE n.series = s.series) AS distinct_seq,
             (SELECT coalesce(max(n.seq), 0) FROM numbered n WHERE n.series = s.series) AS highest
        FROM invoice_sequence s
       WHERE issued <> s.last OR distinct_seq <> s.last OR highest <> s.last)sql"},
    {"every invoice's series has a counter (INV-5)", R"sql(
      SELECT number FROM invoice
       WHERE substr(number, 1, 5) NOT IN (SELECT series FROM invoice_sequence))sql"},
};

std::string column_text(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(stmt, i));
    case SQLITE_BLOB:
      return "blob:" + std::to_string(sqlite3_column_bytes(stmt, i));
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return text != nullptr ? text : "";
    }
  }
}

// Runs `sql`, one string per row, its columns joined by `separator`. Errors become one row
// starting with "error: ".
std::vector<std::string> rows(sqlite3* db, const std::string& sql, const char* separator) {
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    out.push_back(std::string("error: ") + sqlite3_errmsg(db));
    return out;
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i > 0) row += separator;
      row += column_text(stmt, i);
    }
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) out.push_back(std::string("error: ") + sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  return out;
}

Db open_read_only(const std::string& db_path, std::string* error) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) {
    *error = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Db(nullptr, &sqlite3_close);
  }
  sqlite3_busy_timeout(raw, 10'000);
  return db;
}

}  // namespace

std::vector<std::string> store_invariant_violations(const std::string& db_path) {
  std::vector<std::string> violations;
  std::string error;
  Db db = open_read_only(db_path, &error);
  if (!db) return {"open: " + error};
  // One read transaction: every check sees the same snapshot.
  rows(db.get(), "BEGIN", "");
  const std::vector<std::string> integrity = rows(db.get(), "PRAGMA integrity_check", " ");
  if (integrity != std::vector<std::string>{"ok"}) {
    for (const std::string& row : integrity) violations.push_back("integrity_check: " + row);
  }
  for (const std::string& row : rows(db.get(), "PRAGMA foreign_key_check", " ")) {
    violations.push_back("foreign_key_check: " + row);
  }
  for (const Invariant& invariant : kInvariants) {
    for (const std::string& row : rows(db.get(), invariant.violations_sql, " | ")) {
      violations.push_back(std::string(invariant.what) + ": " + row);
    }
  }
  rows(db.get(), "COMMIT", "");
  return violations;
}

}  // namespace ciie::test
