// Moving a SQLite store to PostgreSQL (store_admin.hpp, docs/deployment.md): the schema and
// every row in one PostgreSQL transaction, the rows by COPY. The PostgreSQL schema names the
// tables and their column types; its tables were created in an order their references allow
// (the one cycle, order_line.refund, is a deferrable reference), so copying in creation order
// never meets a missing row.
#include <string>
#include <vector>

#include "ciie/store_admin.hpp"

#include "store/postgres/pg_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

struct Column {
  std::string name;
  std::string type;  // information_schema's data_type: bigint, text, bytea, date, jsonb, …
};

// Appends `text` in COPY's text format: backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// BYTEA as COPY text: \\x and hex (COPY turns "\\" into the "\" of bytea's hex form).
void append_copy_bytes(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\\\x";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
}

Result<std::vector<std::string>> strings(store::sql::Statement stmt) {
  std::vector<std::string> values;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) return values;
    values.push_back(stmt.column_text(0));
  }
}

Result<std::int64_t> count_rows(store::sql::Database& db, const std::string& table) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, db.prepare("SELECT count(*) FROM " + table));
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_int(0) : 0;
}

// Copies one table's rows; returns how many.
Result<std::int64_t> copy_table(store::sqlite::SqliteDatabase& from,
                                store::postgres::PgDatabase& to, const std::string& table) {
  CIIE_ASSIGN_OR_RETURN(auto columns_stmt, to.prepare(R"sql(
    SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position)sql"));
  columns_stmt.bind(1, table);
  std::vector<Column> columns;
  std::string names;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, columns_stmt.step());
    if (!row) break;
    columns.push_back({columns_stmt.column_text(0), columns_stmt.column_text(1)});
    names += (names.empty() ? "" : ", ") + columns.back().name;
  }
  CIIE_ASSIGN_OR_RETURN(auto rows, from.prepare("SELECT " + names + " FROM " + table));
  CIIE_RETURN_IF_ERROR(to.copy_begin("COPY " + table + " (" + names + ") FROM STDIN"));
  std::string chunk;
  std::int64_t copied = 0;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, rows.step());
    if (!row) break;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) chunk += '\t';
      const int index = static_cast<int>(i);
      if (rows.column_is_null(index)) {
        chunk += "\\N";
      } else if (columns[i].type == "bytea") {
        append_copy_bytes(chunk, rows.column_blob(index));
      } else {
        append_copy_text(chunk, rows.column_text(index));
      }
    }
    chunk += '\n';
    ++copied;
    if (chunk.size() > (1u << 20)) {
      CIIE_RETURN_IF_ERROR(to.copy_put(chunk));
      chunk.clear();
    }
  }
  if (!chunk.empty()) CIIE_RETURN_IF_ERROR(to.copy_put(chunk));
  CIIE_RETURN_IF_ERROR(to.copy_end());
  return copied;
}

// Moves each identity column's sequence past the ids copied into it.
Status advance_sequences(store::postgres::PgDatabase& to, const std::string& table) {
  CIIE_ASSIGN_OR_RETURN(auto identity, to.prepare(R"sql(
    SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ?1 AND is_identity = 'YES')sql"));
  identity.bind(1, table);
  CIIE_ASSIGN_OR_RETURN(const std::vector<std::string> columns, strings(std::move(identity)));
  for (const std::string& column : columns) {
    CIIE_RETURN_IF_ERROR(to.exec("SELECT setval(pg_get_serial_sequence('" + table + "', '" +
                                 column + "'), max(" + column + ")) FROM " + table +
                                 " HAVING max(" + column + ") IS NOT NULL"));
  }
  return Status::ok();
}

Status copy_all(store::sqlite::SqliteDatabase& from, store::postgres::PgDatabase& to, int version,
                StoreCopyReport& report) {
  for (const store::sql::Migration& migration : to.migrations()) {
    if (migration.version > version) break;
    CIIE_RETURN_IF_ERROR(to.exec(migration.sql));
  }
  CIIE_RETURN_IF_ERROR(to.write_schema_version(version));
  CIIE_RETURN_IF_ERROR(to.exec("SET CONSTRAINTS ALL DEFERRED"));
  CIIE_ASSIGN_OR_RETURN(auto tables_stmt, to.prepare(R"sql(
    SELECT c.relname FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
       AND c.relname <> 'schema_version'
     ORDER BY c.oid)sql"));
  CIIE_ASSIGN_OR_RETURN(const std::vector<std::string> tables, strings(std::move(tables_stmt)));
  for (const std::string& table : tables) {
    CIIE_ASSIGN_OR_RETURN(const std::int64_t copied, copy_table(from, to, table));
    CIIE_ASSIGN_OR_RETURN(const std::int64_t source, count_rows(from, table));
    CIIE_ASSIGN_OR_RETURN(const std::int64_t target, count_rows(to, table));
    if (copied != source || target != source) {
      return Status::storage("store.io", "table " + table + ": " + std::to_string(source) +
                                             " rows in the SQLite store, " +
                                             std::to_string(target) + " copied");
    }
    CIIE_RETURN_IF_ERROR(advance_sequences(to, table));
    report.tables.emplace_back(table, copied);
    report.rows += copied;
  }
  return Status::ok();
}

}  // namespace

Result<StoreCopyReport> copy_store_to_postgres(const std::string& from, const std::string& to,
                                               std::int64_t busy_timeout_ms) {
  CIIE_ASSIGN_OR_RETURN(const store::StoreUri source, store::parse_store_uri(from));
  CIIE_ASSIGN_OR_RETURN(const store::StoreUri target, store::parse_store_uri(to));
  if (source.kind != store::StoreUri::Kind::kSqliteFile) {
    return Status::invalid_input("store.uri", "the store to copy must be a SQLite file, not '" +
                                                  redacted_store_uri(from) + "'");
  }
  if (target.kind != store::StoreUri::Kind::kPostgres) {
    return Status::invalid_input(
        "store.uri", "copy to a postgresql:// URI, not '" + redacted_store_uri(to) + "'");
  }
  CIIE_ASSIGN_OR_RETURN(
      auto sqlite, store::sqlite::SqliteDatabase::open(source.location, false, busy_timeout_ms));
  CIIE_ASSIGN_OR_RETURN(const int version, sqlite->read_schema_version());
  const int latest = sqlite->migrations().back().version;
  if (version == 0) {
    return Status::storage("store.not_initialized",
                           "'" + source.location + "' has no ciie schema: nothing to copy");
  }
  if (version != latest) {
    return Status::storage("store.outdated", "'" + source.location + "' has schema version " +
                                                 std::to_string(version) + " of " +
                                                 std::to_string(latest) +
                                                 ": run `ciie init` on it first");
  }
  store::StoreOptions options;
  options.busy_timeout_ms = busy_timeout_ms;
  CIIE_ASSIGN_OR_RETURN(auto postgres,
                        store::postgres::PgDatabase::connect(target.location, options));
  CIIE_ASSIGN_OR_RETURN(const int existing, postgres->read_schema_version());
  if (existing != 0) {
    return Status::conflict("store.exists", "'" + redacted_store_uri(to) +
                                                "' holds a ciie store already (schema version " +
                                                std::to_string(existing) +
                                                "): copy into an "
                                                "empty database");
  }
  StoreCopyReport report;
  report.schema_version = version;
  // One snapshot of the SQLite file (a read transaction), one PostgreSQL transaction.
  CIIE_RETURN_IF_ERROR(sqlite->exec("BEGIN"));
  CIIE_RETURN_IF_ERROR(postgres->exec("BEGIN"));
  Status copied = copy_all(*sqlite, *postgres, version, report);
  if (copied.is_ok()) copied = postgres->exec("COMMIT");
  if (!copied.is_ok()) (void)postgres->exec("ROLLBACK");
  (void)sqlite->exec("ROLLBACK");
  if (!copied.is_ok()) return copied;
  return report;
}

}  // namespace ciie
