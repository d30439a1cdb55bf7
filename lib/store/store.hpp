// The store: the internal interface between the use cases and a database backend. SQL lives
// only below this folder. SQLite is the embedded default; a PostgreSQL backend implements the
// same interface with the same behaviour.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/audit.hpp"
#include "ciie/referral.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"
#include "ciie/verification.hpp"

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
  int delegations = 0;  // rows in the rules
  int sub_delegations = 0;
  int badge_types = 0;
  int quotas = 0;
  int changed = 0;  // rows inserted, updated or deleted
};

// A stored verification code (REG-5).
struct VerificationRecord {
  std::int64_t id = 0;
  VerifyChannel channel = VerifyChannel::kSms;
  std::string destination;
  VerifyPurpose purpose = VerifyPurpose::kRegister;
  std::string code_hash;
  std::string backend;
  Instant sent_at;
  Instant expires_at;
  int attempts = 0;
  std::optional<Instant> consumed_at;
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
  // A nested call runs in a savepoint of the outer transaction: its failure undoes only its own
  // changes. Errors: store.busy (another writer held the lock past the busy timeout), store.io,
  // or whatever `body` returned.
  virtual Status write_transaction(const std::function<Status()>& body) = 0;

  // Makes the stored delegations, sub-delegations, badge types and free quotas equal to the
  // rules'. REQUIRES: inside write_transaction. Errors: store.in_use (a row still referenced
  // would be deleted), store.io.
  virtual Result<SyncCounts> sync_reference_data(const Rules& rules) = 0;

  // Appends an audit entry; sets entry.id. REQUIRES: inside write_transaction.
  virtual Status append_audit(AuditEntry& entry) = 0;
  // Audit entries matching the query, newest first.
  virtual Result<std::vector<AuditEntry>> list_audit(const AuditQuery& query) = 0;

  // ---- units (REG) ------------------------------------------------------------------------
  // nullopt when there is no such unit.
  virtual Result<std::optional<Unit>> find_unit(const std::string& account) = 0;
  virtual Result<std::optional<Unit>> find_unit_by_uscc(int edition, const std::string& uscc) = 0;
  // Units outside the mainland are identified by their e-mail within an edition.
  virtual Result<std::optional<Unit>> find_unit_by_email(int edition, const std::string& email) = 0;
  // REQUIRES: inside write_transaction. Errors: store.constraint (the account, USCC or e-mail
  // exists already).
  virtual Status insert_unit(const Unit& unit, const std::string& password_hash) = 0;
  // Rewrites the mutable fields: name, email, phone, verification flags, state, profile,
  // updated_at. REQUIRES: inside write_transaction.
  virtual Status update_unit(const Unit& unit) = 0;
  // The Argon2id hash of the unit's password; "" when none is set or the unit is unknown.
  virtual Result<std::string> password_hash(const std::string& account) = 0;
  // REQUIRES: inside write_transaction.
  virtual Status set_password_hash(const std::string& account, const std::string& hash,
                                   Instant at) = 0;
  virtual Result<std::vector<Unit>> list_units(int edition, const UnitFilter& filter) = 0;

  // ---- referral codes (REF) ----------------------------------------------------------------
  // REQUIRES: inside write_transaction. Errors: store.constraint (the code exists).
  virtual Status insert_referral(const ReferralCode& code) = 0;
  virtual Result<std::optional<ReferralCode>> find_referral(const std::string& code) = 0;
  // Codes of one issuer (all codes when `issuer` is empty), newest first.
  virtual Result<std::vector<ReferralCode>> list_referrals(const std::string& issuer) = 0;
  // REQUIRES: inside write_transaction.
  virtual Status revoke_referral(const std::string& code, Instant at) = 0;
  // The guard of REF-2: takes one use in a single conditional UPDATE when the code is not
  // revoked, not expired at `now` and below its maximum. False when no use was taken.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> take_referral_use(const std::string& code, Instant now) = 0;
  // Sets the use counter outright. Only the deliberately unguarded path of the concurrency test
  // (a negative control) uses it. REQUIRES: inside write_transaction.
  virtual Status set_referral_uses(const std::string& code, std::int64_t uses) = 0;
  // Records which unit used a code. REQUIRES: inside write_transaction.
  virtual Status record_referral_use(const std::string& code, const std::string& account,
                                     Instant at) = 0;
  // How many units used a code (the referral_use rows).
  virtual Result<std::int64_t> count_referral_uses(const std::string& code) = 0;

  // ---- verification codes (REG-5) and the outbox ----------------------------------------
  // Sets record.id. REQUIRES: inside write_transaction.
  virtual Status insert_verification(VerificationRecord& record) = 0;
  // The newest code sent to `destination` for `purpose`, consumed or not.
  virtual Result<std::optional<VerificationRecord>> latest_verification(
      VerifyChannel channel, const std::string& destination, VerifyPurpose purpose) = 0;
  // When a code was last sent to `destination` on `channel`, for any purpose.
  virtual Result<std::optional<Instant>> last_verification_sent(VerifyChannel channel,
                                                                const std::string& destination) = 0;
  // REQUIRES: inside write_transaction.
  virtual Status update_verification(std::int64_t id, int attempts,
                                     std::optional<Instant> consumed_at) = 0;
  // REQUIRES: inside write_transaction.
  virtual Status append_outbox(const OutboxMessage& message, const std::string& backend) = 0;
  // Newest first; all destinations when `destination` is empty.
  virtual Result<std::vector<OutboxMessage>> list_outbox(const std::string& destination,
                                                         int limit) = 0;
};

// Opens a store. Errors: store.uri, store.open, store.not_initialized (the database does not
// exist or has no schema and create_if_missing is false), store.unsupported.
Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options);

}  // namespace ciie::store
