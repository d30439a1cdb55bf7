// The Store interface in SQL: schema versions, transactions and the audit trail. A write runs
// inside the backend's write transaction (Database::begin_write: BEGIN IMMEDIATE on SQLite, a
// SERIALIZABLE transaction on PostgreSQL) … COMMIT. A PostgreSQL transaction that fails with a
// serialization failure or a deadlock runs again, a bounded number of times, then store.busy.
// Nested transactions are savepoints.
#include "store/sql/sql_store.hpp"

#include <chrono>
#include <exception>
#include <random>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>


namespace ciie::store::sql {
namespace {

Status too_new(int version, int latest) {
  return Status::storage("store.too_new", "the store has schema version " +
                                              std::to_string(version) +
                                              " but this ciie knows only up to " +
                                              std::to_string(latest) + ": upgrade ciie");
}

// Runs body; an exception escaping it becomes an internal error (the caller rolls back).
Status run_guarded(const std::function<Status()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return Status::internal(std::string("exception in transaction: ") + e.what());
  }
}

}  // namespace

Result<std::optional<Instant>> optional_instant(const Statement& stmt, int column) {
  if (stmt.column_is_null(column)) return std::optional<Instant>();
  const std::string text = stmt.column_text(column);
  if (text.empty()) return std::optional<Instant>();
  CIIE_ASSIGN_OR_RETURN(const Instant at, Instant::parse(text));
  return std::optional<Instant>(at);
}

void bind_optional_instant(Statement& stmt, int index, const std::optional<Instant>& at) {
  if (at) {
    stmt.bind(index, *at);
  } else {
    stmt.bind_null(index);
  }
}

void bind_or_null(Statement& stmt, int index, const std::string& value) {
  if (value.empty()) {
    stmt.bind_null(index);
  } else {
    stmt.bind(index, value);
  }
}

std::string encode_strings(const std::vector<std::string>& strings) {
  return nlohmann::json(strings).dump();
}

Result<std::vector<std::string>> decode_strings(const std::string& json, std::string_view what) {
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    if (!j.is_array()) throw std::invalid_argument("not a JSON array");
    return j.get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    return Status::storage("store.io", "corrupt " + std::string(what) + ": " + e.what());
  }
}

Result<int> SqlStore::read_schema_version() { return db_->read_schema_version(); }

int SqlStore::schema_version() {
  // The version read at open when this read fails (a busy or lost connection): never 0 for a
  // store that has a schema, so that a caller cannot take a secured store for an open one.
  const Result<int> version = read_schema_version();
  if (version.is_ok()) known_version_ = *version;
  return known_version_;
}

int SqlStore::latest_schema_version() const {
  const auto migrations = db_->migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<int> SqlStore::migrate() {
  CIIE_ASSIGN_OR_RETURN(const int before, read_schema_version());
  if (before > latest_schema_version()) return too_new(before, latest_schema_version());
  for (const Migration& migration : db_->migrations()) {
    if (migration.version <= before) continue;
    Status applied = write_transaction([&]() -> Status {
      // Re-read inside the lock: another process may have migrated meanwhile.
      if (schema_version() >= migration.version) return Status::ok();
      CIIE_RETURN_IF_ERROR(db_->exec(migration.sql));
      return db_->write_schema_version(migration.version);
    });
    if (!applied.is_ok()) {
      return Status::storage("store.migrate", "migration " + std::to_string(migration.version) +
                                                  " (" + std::string(migration.description) +
                                                  ") failed: " + applied.message());
    }
  }
  return before;
}

Status SqlStore::run_transaction(const std::function<Status()>& body, int attempts) {
  if (depth_ > 0) {
    // Nested: a savepoint, so that a failing inner step (one bulk row) undoes only itself. Its
    // statements come from the pool: a bulk run takes one savepoint per row.
    const std::string name = "ciie_" + std::to_string(depth_);
    const auto run = [this](const std::string& sql) -> Status {
      CIIE_ASSIGN_OR_RETURN(auto stmt, db_->prepare(sql));
      return stmt.run();
    };
    CIIE_RETURN_IF_ERROR(run("SAVEPOINT " + name));
    ++depth_;
    Status status = run_guarded(body);
    --depth_;
    if (!status.is_ok()) {
      (void)run("ROLLBACK TO " + name);
      (void)run("RELEASE " + name);
      return status;
    }
    CIIE_RETURN_IF_ERROR(run("RELEASE " + name));
    return status;
  }
  // The outermost transaction. On PostgreSQL a serialization failure or deadlock rolls it back
  // whole; it then runs again after a short random pause (so that the transactions that
  // collided do not collide again in step), at most `attempts` times.
  for (int attempt = 1;; ++attempt) {
    CIIE_RETURN_IF_ERROR(db_->begin_write());
    depth_ = 1;
    Status status = run_guarded(body);
    depth_ = 0;
    // A retryable failure the body caught (a bulk row in its savepoint) still dooms the whole
    // transaction: it runs again rather than committing a row wrongly reported as failed.
    if (status.is_ok() && !db_->failure_is_retryable()) {
      status = db_->exec("COMMIT");
      if (status.is_ok()) return status;
    }
    const bool retryable = db_->failure_is_retryable();
    (void)db_->exec("ROLLBACK");
    if (!retryable) return status;
    if (attempt >= attempts) {
      return status.is_ok() || status.reason() != "store.busy"
                 ? Status::conflict("store.busy", "the transaction collided with others " +
                                                      std::to_string(attempt) + " times")
                 : status;
    }
    // Seeded once per thread, on the first retry: SQLite never retries, and an ordinary
    // transaction should not pay for a random_device.
    thread_local std::minstd_rand jitter(std::random_device{}());
    const int pause_ms = 1 + static_cast<int>(jitter() % static_cast<unsigned>(10 * attempt));
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
  }
}

Status SqlStore::append_audit(AuditEntry& entry) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO audit (at, actor, action, subject, details) VALUES (?1, ?2, ?3, ?4, ?5))sql"));
  stmt.bind(1, entry.at).bind(2, entry.actor).bind(3, entry.action);
  stmt.bind(4, entry.subject).bind(5, entry.details.empty() ? "{}" : entry.details);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(entry.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::vector<AuditEntry>> SqlStore::list_audit(const AuditQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id, at, actor, action, subject, details FROM audit
     WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR action = ?2) AND (at >= ?3 OR ?3 IS NULL)
     ORDER BY id DESC LIMIT ?4)sql"));
  stmt.bind(1, query.subject).bind(2, query.action);
  bind_optional_instant(stmt, 3, query.since);
  stmt.bind(4, static_cast<std::int64_t>(query.limit));
  std::vector<AuditEntry> entries;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    AuditEntry entry;
    entry.id = stmt.column_int(0);
    CIIE_ASSIGN_OR_RETURN(entry.at, Instant::parse(stmt.column_text(1)));
    entry.actor = stmt.column_text(2);
    entry.action = stmt.column_text(3);
    entry.subject = stmt.column_text(4);
    entry.details = stmt.column_text(5);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<Database> database,
                                              const std::string& location,
                                              bool create_if_missing) {
  auto store = std::make_unique<SqlStore>(std::move(database));
  CIIE_ASSIGN_OR_RETURN(const int version, store->read_schema_version());
  store->known_version_ = version;
  if (version > store->latest_schema_version()) {
    return too_new(version, store->latest_schema_version());
  }
  if (version == 0 && !create_if_missing) {
    return Status::storage("store.not_initialized",
                           "'" + location + "' has no ciie schema (create it with `ciie init`)");
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace ciie::store::sql
