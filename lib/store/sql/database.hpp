// One connection to a database of either backend, as the SQL store (SqlStore) uses it. The
// store's SQL is written once, in the subset both engines accept; what differs between them
// lives in the implementations of this class: how to connect, begin a write transaction, read
// and record the schema version, which migrations build the schema, how errors map to reason
// keys, and (on PostgreSQL) the few spellings the shared SQL cannot avoid (pg_dialect.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "ciie/status.hpp"

#include "store/sql/statement.hpp"

namespace ciie::store::sql {

// One forward migration of a backend's schema. A migration, once released, never changes: new
// needs get a new migration at the end, with the same version on both backends.
struct Migration {
  int version;                   // 1, 2, … without gaps
  std::string_view description;  // for `ciie init` output and the audit trail
  std::string_view sql;          // one or more statements, run in one transaction
};

// Thread-safety: not thread-safe; one per thread.
class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  virtual ~Database() = default;

  // "sqlite" or "postgresql" (for messages and tests).
  virtual std::string_view backend() const = 0;
  // Runs one or more statements without results and without parameters.
  virtual Status exec(std::string_view sql) = 0;
  // A reusable prepared statement (see StatementPool). Errors: store.io (invalid SQL: a bug).
  Result<Statement> prepare(std::string_view sql);
  // Rows inserted, updated or deleted by the last statement run.
  virtual std::int64_t changes() const = 0;
  // The id the last INSERT gave its row. Errors: store.io.
  virtual Result<std::int64_t> last_insert_id() = 0;

  // Starts the outermost write transaction. Errors: store.busy, store.io.
  virtual Status begin_write() = 0;
  // Whether a failed transaction may simply run again (a PostgreSQL serialization failure or
  // deadlock); never for SQLite, whose writers queue for the lock instead.
  virtual bool failure_is_retryable() const { return false; }
  // How many times a retryable transaction runs at most before it fails with store.busy.
  virtual int max_attempts() const { return 1; }

  // The schema version recorded in the database, 0 when it has none. Errors: store.busy,
  // store.io.
  virtual Result<int> read_schema_version() = 0;
  // Records `version`. REQUIRES: inside the migration's transaction.
  virtual Status write_schema_version(int version) = 0;
  // The backend's migrations, in version order.
  virtual std::span<const Migration> migrations() const = 0;

  // Whether the last failure was a trigger raising exactly `message` (the schema's own checks,
  // such as address.limit).
  virtual bool last_error_raised(std::string_view message) const = 0;

 protected:
  // A new statement for `sql`. Errors: store.io.
  virtual Result<std::unique_ptr<StatementImpl>> create_statement(std::string_view sql) = 0;
  // REQUIRES: a backend calls this first in its destructor, while its connection is open.
  void release_statements() { pool_.clear(); }

 private:
  StatementPool pool_;
};

}  // namespace ciie::store::sql
