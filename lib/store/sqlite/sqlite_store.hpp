// The SQLite backend of the store (the embedded default). The class is split over several
// files by subject: sqlite_store.cpp (schema, transactions, audit), sqlite_reference.cpp
// (delegations, badge types, quotas), sqlite_units.cpp, sqlite_referrals.cpp and
// sqlite_verification.cpp.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace ciie::store::sqlite {

// Opens a SQLite store file (or in-memory database) and checks its schema version.
Result<std::unique_ptr<Store>> open_sqlite_store(const StoreUri& uri, const StoreOptions& options);

// Thread-safety: one per thread (it owns one connection).
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Connection connection) : db_(std::move(connection)) {}

  int schema_version() override;
  int latest_schema_version() const override;
  Result<int> migrate() override;
  Status write_transaction(const std::function<Status()>& body) override;

  Result<SyncCounts> sync_reference_data(const Rules& rules) override;

  Status append_audit(AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> list_audit(const AuditQuery& query) override;

  Result<std::optional<Unit>> find_unit(const std::string& account) override;
  Result<std::optional<Unit>> find_unit_by_uscc(int edition, const std::string& uscc) override;
  Result<std::optional<Unit>> find_unit_by_email(int edition, const std::string& email) override;
  Status insert_unit(const Unit& unit, const std::string& password_hash) override;
  Status update_unit(const Unit& unit) override;
  Result<std::string> password_hash(const std::string& account) override;
  Status set_password_hash(const std::string& account, const std::string& hash,
                           Instant at) override;
  Result<std::vector<Unit>> list_units(int edition, const UnitFilter& filter) override;

  Status insert_referral(const ReferralCode& code) override;
  Result<std::optional<ReferralCode>> find_referral(const std::string& code) override;
  Result<std::vector<ReferralCode>> list_referrals(const std::string& issuer) override;
  Status revoke_referral(const std::string& code, Instant at) override;
  Result<bool> take_referral_use(const std::string& code, Instant now) override;
  Status set_referral_uses(const std::string& code, std::int64_t uses) override;
  Status record_referral_use(const std::string& code, const std::string& account,
                             Instant at) override;
  Result<std::int64_t> count_referral_uses(const std::string& code) override;

  Status insert_verification(VerificationRecord& record) override;
  Result<std::optional<VerificationRecord>> latest_verification(VerifyChannel channel,
                                                                const std::string& destination,
                                                                VerifyPurpose purpose) override;
  Result<std::optional<Instant>> last_verification_sent(VerifyChannel channel,
                                                        const std::string& destination) override;
  Status update_verification(std::int64_t id, int attempts,
                             std::optional<Instant> consumed_at) override;
  Status append_outbox(const OutboxMessage& message, const std::string& backend) override;
  Result<std::vector<OutboxMessage>> list_outbox(const std::string& destination,
                                                 int limit) override;

 private:
  // Prepares a statement on this connection.
  Result<Statement> prepare(std::string_view sql) { return db_.prepare(sql); }
  int changes() const;
  Status sync_badge_types(const Rules& rules, SyncCounts& counts);
  Status sync_delegations(const Rules& rules, SyncCounts& counts);
  Status sync_quotas(const Rules& rules, SyncCounts& counts);
  Status delete_missing(const std::string& table, const std::string& key_column,
                        const std::set<std::string>& keep, SyncCounts& counts,
                        const std::string& cleanup_sql);
  Result<std::optional<Unit>> find_unit_where(std::string_view where, const std::string& a,
                                              std::optional<int> edition);

  Connection db_;
  int depth_ = 0;  // nesting of write_transaction: 0 = none, 1 = the outer transaction
};

// Reads an optional instant column ("" or NULL = none). Errors: time.format (a corrupt row).
Result<std::optional<Instant>> optional_instant(const Statement& stmt, int column);

}  // namespace ciie::store::sqlite
