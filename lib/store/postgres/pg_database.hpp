// The PostgreSQL backend of sql::Database, on libpq. Statements are prepared on the server once
// per connection (per SQL text and parameter types) and run with PQexecPrepared; results come
// back as text and are read as SQLite's would be (TIMESTAMPTZ as Instant::to_utc_string text,
// BYTEA as bytes, booleans as 0/1).
//
// Write transactions are SERIALIZABLE: PostgreSQL then guarantees that concurrent writers see
// what they would have seen one after another, as SQLite's single writer does, without one
// global lock. The scarce counters (quota places, referral uses, event places, the invoice
// sequence, an order's payment) are each one conditional UPDATE, which takes the row's lock; a
// transaction that loses a collision fails with a serialization failure or a deadlock, which
// SqlStore::write_transaction runs again (max_attempts) before reporting store.busy. Waiting for
// a lock is bounded by lock_timeout (the busy timeout); a statement by statement_timeout when
// the connection sets it (PGOPTIONS="-c statement_timeout=…" or options= in the URI).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <libpq-fe.h>

#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace ciie::store::postgres {

// The URI with any password replaced by "***" (user:secret@host and password=… alike): what
// messages and logs may show.
std::string redacted(std::string_view uri);

// Thread-safety: not thread-safe; one per thread.
class PgDatabase final : public sql::Database {
 public:
  // Connects and sets the session up (UTC, ISO dates, lock_timeout = the busy timeout).
  // Errors: store.open (unreachable server, refused login, no such database).
  static Result<std::unique_ptr<PgDatabase>> connect(const std::string& uri,
                                                     const StoreOptions& options);
  ~PgDatabase() override;

  std::string_view backend() const override { return "postgresql"; }
  Status exec(std::string_view sql) override;
  std::int64_t changes() const override { return changes_; }
  Result<std::int64_t> last_insert_id() override;
  Status begin_write() override;
  bool failure_is_retryable() const override { return retryable_; }
  int max_attempts() const override { return kMaxAttempts; }
  // The single row of table schema_version (pg_migrations.cpp); 0 before migration 1.
  Result<int> read_schema_version() override;
  Status write_schema_version(int version) override;
  std::span<const sql::Migration> migrations() const override;
  bool last_error_raised(std::string_view message) const override;

  // COPY … FROM STDIN: begin with the COPY statement, put the data (COPY's text format, any
  // chunks), end. Errors: the mappings of failure().
  Status copy_begin(const std::string& copy_sql);
  Status copy_put(std::string_view data);
  Status copy_end();

  // Used by PgStatement.
  PGconn* connection() const { return conn_; }
  // The server-side name of the prepared statement for `sql` with parameter types `types`,
  // preparing it on first use. Errors: store.io and the mappings of failure().
  Result<std::string> prepared_name(const std::string& sql, const std::string& signature,
                                    const std::vector<Oid>& types);
  // Records a statement's outcome: the rows it changed (INSERT, UPDATE, DELETE).
  void record_command(PGresult* result);
  // Maps a failed result to a Status and records what last_error_raised and
  // failure_is_retryable report: serialization failure, deadlock, lock or statement timeout →
  // store.busy; integrity violations and the schema's own RAISEs → store.constraint; a lost
  // connection and anything else → store.io.
  Status failure(PGresult* result, std::string_view context);

 protected:
  Result<std::unique_ptr<sql::StatementImpl>> create_statement(std::string_view sql) override;

 private:
  static constexpr int kMaxAttempts = 8;
  explicit PgDatabase(PGconn* conn) : conn_(conn) {}
  PGconn* conn_ = nullptr;
  std::int64_t changes_ = 0;
  bool retryable_ = false;
  std::string last_sqlstate_;
  std::string last_message_;
  std::unordered_map<std::string, std::string> prepared_;  // sql + '\0' + signature → name
};

}  // namespace ciie::store::postgres
