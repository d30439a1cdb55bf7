// The store: the internal interface between the use cases and a database backend. SQL lives
// only below this folder. SQLite is the embedded default; a PostgreSQL backend implements the
// same interface with the same behaviour.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/audit.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::store {

// A parsed store URI (Options::store_uri).
struct StoreUri {
  enum class Kind { kSqliteFile, kSqliteMemory, kPostgres };
  Kind kind = Kind::kSqliteFile;
  std::string location;  // file path, or the PostgreSQL connection string
};
// "ciie.db", "sqlite:ciie.db", "sqlite::memory:", "postgresql://…". Errors: store.uri.
Result<StoreUri> parse_store_uri(std::string_view uri);

struct StoreOptions {
  std::int64_t busy_timeout_ms = 10'000;
  bool create_if_missing = false;
};

// What synchronising reference data from the rules changed.
struct SyncCounts {
  int delegations = 0;      // rows in the rules
  int sub_delegations = 0;
  int badge_types = 0;
  int quotas = 0;
  int changed = 0;          // rows inserted, updated or deleted
};

// Thread-safety: one Store per thread (it owns one connection). Several Stores, in one process
// or many, may share a database: the backend serialises writers.
class Store {
 public:
  virtual ~Store() = default;

  // The schema version of the database (0 when empty) and the newest this build knows.
  virtual int schema_version() = 0;
  virtual int latest_schema_version() const = 0;
  // Applies every forward migration, each in its own transaction. Returns the version before.
  // Errors: store.too_new (the database was made by a newer ciie), store.migrate.
  virtual Result<int> migrate() = 0;

  // Runs `body` in one write transaction: commits when it returns ok, rolls back otherwise.
  // A nested call joins the outer transaction. Errors: store.busy (another writer held the
  // lock past the busy timeout), store.io, or whatever `body` returned.
  virtual Status write_transaction(const std::function<Status()>& body) = 0;

  // Makes the stored delegations, sub-delegations, badge types and free quotas equal to the
  // rules'. REQUIRES: inside write_transaction. Errors: store.in_use (a row still referenced
  // would be deleted), store.io.
  virtual Result<SyncCounts> sync_reference_data(const Rules& rules) = 0;

  // Appends an audit entry; sets entry.id. REQUIRES: inside write_transaction.
  virtual Status append_audit(AuditEntry& entry) = 0;
  // Audit entries matching the query, newest first.
  virtual Result<std::vector<AuditEntry>> list_audit(const AuditQuery& query) = 0;
};

// Opens a store. Errors: store.uri, store.open, store.not_initialized (the database does not
// exist or has no schema and create_if_missing is false), store.unsupported.
Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options);

}  // namespace ciie::store
