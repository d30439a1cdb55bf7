// The Store interface on SQLite: schema versions, transactions and the audit trail. Every write
// runs inside BEGIN IMMEDIATE … COMMIT so that the write lock is taken up front: two writers
// never deadlock upgrading a read lock, and a writer that cannot get the lock within the busy
// timeout fails cleanly with store.busy. Nested transactions are savepoints.
#include "store/sqlite/sqlite_store.hpp"

#include <exception>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/sqlite/migrations.hpp"

namespace ciie::store::sqlite {
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
    stmt.bind(index, at->to_utc_string());
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

int SqliteStore::changes() const { return sqlite3_changes(db_.handle()); }

Result<int> SqliteStore::read_schema_version() {
  CIIE_ASSIGN_OR_RETURN(Statement stmt, prepare("PRAGMA user_version"));
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return 0;
  return static_cast<int>(stmt.column_int(0));
}

int SqliteStore::schema_version() {
  const Result<int> version = read_schema_version();
  return version.is_ok() ? *version : 0;
}

int SqliteStore::latest_schema_version() const {
  return migrations().empty() ? 0 : migrations().back().version;
}

Result<int> SqliteStore::migrate() {
  CIIE_ASSIGN_OR_RETURN(const int before, read_schema_version());
  if (before > latest_schema_version()) return too_new(before, latest_schema_version());
  for (const Migration& migration : migrations()) {
    if (migration.version <= before) continue;
    Status applied = write_transaction([&]() -> Status {
      // Re-read inside the lock: another process may have migrated meanwhile.
      if (schema_version() >= migration.version) return Status::ok();
      CIIE_RETURN_IF_ERROR(db_.exec(migration.sql));
      return db_.exec("PRAGMA user_version = " + std::to_string(migration.version));
    });
    if (!applied.is_ok()) {
      return Status::storage("store.migrate", "migration " + std::to_string(migration.version) +
                                                  " (" + std::string(migration.description) +
                                                  ") failed: " + applied.message());
    }
  }
  return before;
}

Status SqliteStore::write_transaction(const std::function<Status()>& body) {
  if (depth_ > 0) {
    // Nested: a savepoint, so that a failing inner step (one bulk row) undoes only itself. Its
    // statements come from the pool: a bulk run takes one savepoint per row.
    const std::string name = "ciie_" + std::to_string(depth_);
    const auto run = [this](const std::string& sql) -> Status {
      CIIE_ASSIGN_OR_RETURN(auto stmt, db_.prepare(sql));
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
  CIIE_RETURN_IF_ERROR(db_.exec("BEGIN IMMEDIATE"));
  depth_ = 1;
  Status status = run_guarded(body);
  depth_ = 0;
  if (!status.is_ok()) {
    (void)db_.exec("ROLLBACK");
    return status;
  }
  Status committed = db_.exec("COMMIT");
  if (!committed.is_ok()) (void)db_.exec("ROLLBACK");
  return committed;
}

Status SqliteStore::append_audit(AuditEntry& entry) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO audit (at, actor, action, subject, details) VALUES (?1, ?2, ?3, ?4, ?5))sql"));
  stmt.bind(1, entry.at.to_utc_string()).bind(2, entry.actor).bind(3, entry.action);
  stmt.bind(4, entry.subject).bind(5, entry.details.empty() ? "{}" : entry.details);
  CIIE_RETURN_IF_ERROR(stmt.run());
  entry.id = sqlite3_last_insert_rowid(db_.handle());
  return Status::ok();
}

Result<std::vector<AuditEntry>> SqliteStore::list_audit(const AuditQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id, at, actor, action, subject, details FROM audit
     WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR action = ?2) AND (?3 = '' OR at >= ?3)
     ORDER BY id DESC LIMIT ?4)sql"));
  stmt.bind(1, query.subject).bind(2, query.action);
  stmt.bind(3, query.since ? query.since->to_utc_string() : std::string());
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

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreUri& uri, const StoreOptions& options) {
  const bool memory = uri.kind == StoreUri::Kind::kSqliteMemory;
  CIIE_ASSIGN_OR_RETURN(Connection connection, Connection::open(memory ? ":memory:" : uri.location,
                                                                options.create_if_missing || memory,
                                                                options.busy_timeout_ms));
  auto store = std::make_unique<SqliteStore>(std::move(connection));
  CIIE_ASSIGN_OR_RETURN(const int version, store->read_schema_version());
  if (version > store->latest_schema_version()) {
    return too_new(version, store->latest_schema_version());
  }
  if (version == 0 && !options.create_if_missing && !memory) {
    return Status::storage(
        "store.not_initialized",
        "'" + uri.location + "' has no ciie schema (create it with `ciie init`)");
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace ciie::store::sqlite
