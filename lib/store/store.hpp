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

#include "ciie/address.hpp"
#include "ciie/audit.hpp"
#include "ciie/credential.hpp"
#include "ciie/invoice.hpp"
#include "ciie/match.hpp"
#include "ciie/order.hpp"
#include "ciie/payment.hpp"
#include "ciie/person.hpp"
#include "ciie/points.hpp"
#include "ciie/referral.hpp"
#include "ciie/refund.hpp"
#include "ciie/returning.hpp"
#include "ciie/review.hpp"
#include "ciie/rules.hpp"
#include "ciie/stats.hpp"
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
  // SQLite: how long a writer waits for the file lock. PostgreSQL: lock_timeout, how long a
  // statement waits for a row or table lock.
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

// A state change guarded by the state it starts from (review and submission).
struct UnitTransition {
  std::string account;
  std::vector<UnitState> from;  // the change happens only from one of these
  UnitState to = UnitState::kSubmitted;
  Instant at;
  // Written as given; an empty optional leaves the column as it is.
  std::optional<std::string> review_queue;
  std::optional<std::vector<std::string>> review_why;
  bool set_submitted_at = false;  // submitted_at = at
  bool set_decided = false;       // decided_at = at, decided_by = decided_by
  std::string decided_by;
  std::optional<std::string> review_reason;
};

struct PersonTransition {
  std::int64_t id = 0;
  std::vector<PersonState> from;
  PersonState to = PersonState::kSubmitted;
  Instant at;
  std::optional<std::string> review_queue;
  std::optional<std::vector<std::string>> review_why;
  bool set_submitted_at = false;
  bool set_decided = false;
  std::string decided_by;
  std::optional<std::string> review_reason;
};

// A queue query resolved by the use case: which queue ("all" = every queue), and the filter.
struct QueueQuery {
  int edition = 0;
  std::string queue;  // "delegation:<slug>", "organizer" or "all"
  std::string sub_delegation;
  std::optional<UnitCategory> category;
  std::optional<UnitRegion> region;
  std::optional<Instant> submitted_before;
  std::string name_contains;
  int limit = 1000;
  int offset = 0;
};

// Units of a queue by state (the filter applies, limit and offset do not). `approved` counts
// units of the queue approved by a person (decided_by not "automatic").
struct QueueCounts {
  std::int64_t pending = 0;
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
};

// One free quota row (BDG-2).
struct QuotaRow {
  std::string delegation;
  std::string sub_delegation;  // "" for the delegation's own
  std::string badge_type;
  std::int64_t places = 0;
  std::int64_t used = 0;
};

// Persons of a unit by state.
struct PersonCounts {
  std::int64_t join_requested = 0;
  std::int64_t draft = 0;
  std::int64_t submitted = 0;
  std::int64_t under_review = 0;
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
  std::int64_t total() const {
    return draft + submitted + under_review + approved + rejected;  // join requests excluded
  }
};

// A stored access token and its hash (credential.hpp).
struct TokenRecord {
  TokenInfo info;
  std::string secret_hash;  // hex SHA-256 of the secret
};

// A guarded order state change (ORD-3, ORD-4), in one conditional UPDATE from `from`. Cancelled
// and expired orders let go of their persons (they may be ordered again); a paid order holds
// them, also when finance forces a payment for a closed order (from cancelled or expired: the
// lines hold their persons again, store.constraint when another order holds one meanwhile).
struct OrderClose {
  std::string number;
  OrderState from = OrderState::kAwaitingPayment;
  OrderState to = OrderState::kCancelled;
  Instant at;
  std::string by;
  std::string reason;
};

// Which orders to list.
struct OrderQuery {
  int edition = 0;
  std::string unit;  // "" = every unit
  std::optional<OrderState> state;
  int limit = 1000;
  int offset = 0;
};

// What an import's upsert did to a row.
enum class Upserted { kInserted, kUpdated, kUnchanged };

// A past unit as an import writes it (RET-1). The claim fields of `candidate` are ignored.
struct CandidateImport {
  Candidate candidate;
  std::string password_hash;   // "" when the export has none
  std::string licence;         // the scan's bytes; "" when the export has none
  std::string licence_sha256;  // hex of `licence`, "" with it
};

// A past person as an import writes it (RET-1, RET-3).
struct PastPersonImport {
  PastPerson person;  // brought_forward_as is ignored
  int edition = 0;    // the export row's; it must be its unit's
  std::string photo;  // the photo's bytes; "" when the export has none (photo_sha256 "" too)
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
  // changes. On PostgreSQL a transaction that collides with a concurrent one (serialization
  // failure, deadlock) is rolled back and `body` runs again, a bounded number of times
  // (docs/deployment.md). REQUIRES: `body` may run more than once: it writes only through the
  // store, assigns (not appends to) what it hands out, and starts from a clean state.
  // Errors: store.busy (another writer held the lock past the busy timeout, or the collisions
  // went on), store.io, or whatever `body` returned.
  virtual Status write_transaction(const std::function<Status()>& body) = 0;
  // The same, but `body` runs exactly once: a collision fails with store.busy. For bodies that
  // consume input as they go (a bulk import reading its file row by row).
  virtual Status write_transaction_once(const std::function<Status()>& body) = 0;

  // Makes the stored delegations, sub-delegations, badge types and free quotas equal to the
  // rules'. REQUIRES: inside write_transaction. Errors: store.in_use (a row still referenced
  // would be deleted), store.io.
  virtual Result<SyncCounts> sync_reference_data(const Rules& rules) = 0;

  // Appends an audit entry; sets entry.id. REQUIRES: inside write_transaction.
  virtual Status append_audit(AuditEntry& entry) = 0;
  // Audit entries matching the query, newest first.
  virtual Result<std::vector<AuditEntry>> list_audit(const AuditQuery& query) = 0;

  // ---- returning candidates (RET) ----------------------------------------------------------
  // Inserts the candidate, or updates it when an exported field (or the licence) differs; the
  // claim columns are never touched. REQUIRES: inside write_transaction.
  virtual Result<Upserted> upsert_candidate(const CandidateImport& row, Instant at) = 0;
  // The same for a past person; brought_forward_as is kept. REQUIRES: inside write_transaction,
  // the person's unit is a candidate.
  virtual Result<Upserted> upsert_past_person(const PastPersonImport& row) = 0;
  // The edition of a candidate, nullopt when there is none (a cheap existence check for imports).
  virtual Result<std::optional<int>> candidate_edition(const std::string& account) = 0;
  virtual Result<std::optional<Candidate>> find_candidate(const std::string& account) = 0;
  // The candidate claimed by this edition's unit `unit`, if any.
  virtual Result<std::optional<Candidate>> find_claimed_candidate(const std::string& unit) = 0;
  virtual Result<std::vector<Candidate>> list_candidates(const CandidateFilter& filter) = 0;
  virtual Result<std::string> candidate_password_hash(const std::string& account) = 0;
  virtual Result<std::string> candidate_licence(const std::string& account) = 0;  // "" if none
  // Writes the claim columns of `candidate` (state, failed_methods, password_failures,
  // claimed_by/at/unit) if the stored state is still `from`; false when it moved.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> update_candidate_claim(const Candidate& candidate,
                                              CandidateState from) = 0;
  virtual Result<std::vector<PastPerson>> list_past_persons(const std::string& unit) = 0;
  virtual Result<std::string> past_person_photo(const std::string& unit,
                                                const std::string& past_id) = 0;  // "" if none
  // Records the person a past person became. REQUIRES: inside write_transaction.
  virtual Status set_brought_forward(const std::string& unit, const std::string& past_id,
                                     std::int64_t person) = 0;

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

  // ---- review of units (REV-1, REV-2) -----------------------------------------------------
  // Changes a unit's state only when it is in one of transition.from, in one conditional
  // UPDATE (the guard against two reviewers deciding at once). False when nothing changed.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> transition_unit(const UnitTransition& transition) = 0;
  // Units in state submitted of the query's queue, oldest submission first.
  virtual Result<std::vector<Unit>> list_queue(const QueueQuery& query) = 0;
  virtual Result<QueueCounts> count_queue(const QueueQuery& query) = 0;

  // ---- persons (SUB, REV-3, REV-4) ----------------------------------------------------------
  // Inserts a person (and its photo when `photo` is not empty); sets person.id.
  // REQUIRES: inside write_transaction. Errors: store.constraint (a person with the same
  // edition, document kind and key exists, not rejected: 一人一证).
  virtual Status insert_person(Person& person, const std::string& photo) = 0;
  virtual Result<std::optional<Person>> find_person(std::int64_t id) = 0;
  // The person holding a document key in an edition (rejected persons do not hold one).
  virtual Result<std::optional<Person>> find_person_by_document(int edition,
                                                                codes::DocumentKind kind,
                                                                const std::string& key) = 0;
  // A unit's persons in id order (join requests only when filter.state asks for them).
  virtual Result<std::vector<Person>> list_persons(const std::string& unit,
                                                   const PersonFilter& filter) = 0;
  virtual Result<PersonCounts> count_persons(const std::string& unit) = 0;
  // As transition_unit, for a person. REQUIRES: inside write_transaction.
  virtual Result<bool> transition_person(const PersonTransition& transition) = 0;
  // Deletes a person and its photo. REQUIRES: inside write_transaction.
  virtual Status delete_person(std::int64_t id) = 0;
  // Persons under review in the query's queue (the unit filter fields apply), oldest first.
  virtual Result<std::vector<Person>> list_person_queue(const QueueQuery& query) = 0;
  virtual Result<std::int64_t> count_person_queue(const QueueQuery& query) = 0;
  // The photo's bytes ("" when none).
  virtual Result<std::string> person_photo(std::int64_t id) = 0;

  // Sets the free place a person holds ("delegation" or "delegation/sub"; "" = none held: the
  // free badge gave its place back with a closed order). REQUIRES: inside write_transaction.
  virtual Status set_person_free_place(std::int64_t id, const std::string& free_quota) = 0;

  // ---- orders (ORD) ----------------------------------------------------------------------------
  // Inserts an order and its lines (open). REQUIRES: inside write_transaction. Errors:
  // store.constraint (the number exists, or a person is in another open order).
  virtual Status insert_order(const Order& order) = 0;
  virtual Result<std::optional<Order>> find_order(const std::string& number) = 0;
  // Newest first, with their lines.
  virtual Result<std::vector<Order>> list_orders(const OrderQuery& query) = 0;
  // The guarded change; false when the order was not in close.from. REQUIRES: inside
  // write_transaction. Errors: store.constraint (see OrderClose).
  virtual Result<bool> close_order(const OrderClose& close) = 0;
  // Sets an order's state outright. Only the deliberately unguarded path of the concurrency test
  // (a negative control) uses it. REQUIRES: inside write_transaction.
  virtual Status force_order_state(const std::string& number, OrderState state, Instant at) = 0;
  // Open orders whose expires_at is at or before `now`, oldest expiry first.
  virtual Result<std::vector<std::string>> due_orders(Instant now, int limit) = 0;
  // The order holding a person (open, paid or settled), "" when none.
  virtual Result<std::string> order_holding_person(std::int64_t person_id) = 0;

  // ---- payments (PAY) --------------------------------------------------------------------------
  // Inserts a payment (and its proof when `proof` is not empty); sets payment.id.
  // REQUIRES: inside write_transaction. Errors: store.constraint (the transaction id is
  // recorded already, or the attempt number is taken).
  virtual Status insert_payment(Payment& payment, const std::string& proof) = 0;
  // Rewrites a payment's mutable fields (everything but id, order, method, attempt, key and
  // created_at) when its state is one of `from`, in one conditional UPDATE. False when it was
  // not. REQUIRES: inside write_transaction. Errors: store.constraint (transaction id taken).
  virtual Result<bool> update_payment(const Payment& payment,
                                      const std::vector<PaymentState>& from) = 0;
  virtual Result<std::optional<Payment>> find_payment(std::int64_t id) = 0;
  virtual Result<std::optional<Payment>> find_payment_by_transaction(
      const std::string& transaction_id) = 0;
  virtual Result<std::optional<Payment>> find_payment_by_intent(const std::string& intent_id) = 0;
  // An order's payments, oldest first.
  virtual Result<std::vector<Payment>> list_payments(const std::string& order) = 0;
  // Payments in one of `states`, oldest first.
  virtual Result<std::vector<Payment>> list_payments_in(const std::vector<PaymentState>& states,
                                                        int limit) = 0;
  // The highest attempt number of an order's payments (0 when none).
  virtual Result<int> last_payment_attempt(const std::string& order) = 0;
  virtual Result<std::string> payment_proof(std::int64_t id) = 0;

  // ---- bank statement lines (PAY-3) ------------------------------------------------------------
  // Sets line.id. REQUIRES: inside write_transaction. Errors: store.constraint (the checksum is
  // imported already).
  virtual Status insert_statement_line(StatementLine& line) = 0;
  virtual Result<std::optional<StatementLine>> find_statement_line(std::int64_t id) = 0;
  virtual Result<bool> statement_checksum_known(const std::string& checksum) = 0;
  // Rewrites state, order, why, payment, decided_by and reason when the line is in `from`.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> update_statement_line(const StatementLine& line,
                                             StatementLineState from) = 0;
  // Lines in `state`, oldest first.
  virtual Result<std::vector<StatementLine>> list_statement_lines(StatementLineState state,
                                                                  int limit) = 0;

  // ---- invoices (INV) ------------------------------------------------------------------------
  // Inserts or replaces the standing request of request.request.order.
  // REQUIRES: inside write_transaction.
  virtual Status put_invoice_request(const StoredInvoiceRequest& request) = 0;
  virtual Result<std::optional<StoredInvoiceRequest>> find_invoice_request(
      const std::string& order) = 0;
  // Advances the counter of a number series by one and returns the new value (1 for a series
  // not seen before). The increment commits or rolls back with the invoice it numbers, so the
  // numbers have no gap. REQUIRES: inside write_transaction.
  virtual Result<std::int64_t> next_invoice_sequence(const std::string& series) = 0;
  // The counter without advancing it, and setting it outright: only the deliberately unguarded
  // path of the concurrency test (a negative control) uses these.
  virtual Result<std::int64_t> peek_invoice_sequence(const std::string& series) = 0;
  virtual Status set_invoice_sequence(const std::string& series, std::int64_t last) = 0;
  // Stores an issued invoice (document and status); sets invoice.id. A red invoice adds its
  // gross to its blue invoice's reversed amount in the same statement group.
  // REQUIRES: inside write_transaction. Errors: store.constraint (the number exists, or a
  // second valid blue invoice for the order).
  virtual Status insert_invoice(Invoice& invoice) = 0;
  // An invoice with its status (buyer status, reversed amount, the red invoices referencing it).
  virtual Result<std::optional<Invoice>> find_invoice(const std::string& number) = 0;
  // The order's valid blue invoice (not reversed in full), if any.
  virtual Result<std::optional<Invoice>> valid_blue_invoice(const std::string& order) = 0;
  // Newest first. filter.unit and filter.order narrow; dates compare issued_on.
  virtual Result<std::vector<Invoice>> list_invoices(const InvoiceFilter& filter) = 0;
  // REQUIRES: inside write_transaction. False when there is no such blue invoice.
  virtual Result<bool> set_invoice_buyer_status(const std::string& number,
                                                BuyerStatus status) = 0;

  // ---- red-letter confirmation forms (INV-7) --------------------------------------------------
  // Sets form.id. REQUIRES: inside write_transaction. Errors: store.constraint (a form is
  // pending for the invoice already).
  virtual Status insert_red_form(RedForm& form) = 0;
  virtual Result<std::optional<RedForm>> find_red_form(std::int64_t id) = 0;
  // Rewrites state, decided_at, decided_by, note, red_invoice and refund when the form is
  // pending, in one conditional UPDATE. False when it was not. REQUIRES: inside
  // write_transaction.
  virtual Result<bool> update_red_form(const RedForm& form) = 0;
  // Newest first.
  virtual Result<std::vector<RedForm>> list_red_forms(const RedFormFilter& filter) = 0;
  // Pending forms whose expires_at is at or before `now`.
  virtual Result<std::vector<std::int64_t>> due_red_forms(Instant now, int limit) = 0;

  // ---- refunds (RFD) --------------------------------------------------------------------------
  // Inserts a refund and its lines, marks those order lines refunded (no longer holding their
  // persons) and adds the amount to the order's refunded total; sets refund.id and
  // refund.idempotency_key. REQUIRES: inside write_transaction. Errors: store.constraint (a
  // person not on the order, or its line refunded already).
  virtual Status insert_refund(Refund& refund) = 0;
  // Rewrites state, gateway_refund_id, transfer_reference, red_form, red_invoice,
  // reissued_invoice, last_error, completed_by, updated_at and completed_at when the refund is
  // in `from`. False when it was not. REQUIRES: inside write_transaction.
  virtual Result<bool> update_refund(const Refund& refund, RefundState from) = 0;
  virtual Result<std::optional<Refund>> find_refund(std::int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<Refund>> list_refunds(const RefundFilter& filter) = 0;
  // The newest refund of a person, 0 when none.
  virtual Result<std::int64_t> refund_of_person(std::int64_t person_id) = 0;
  // Marks the order refunded in full (refunded_at). REQUIRES: inside write_transaction.
  virtual Status mark_order_refunded(const std::string& number, Instant at) = 0;

  // ---- free quotas (BDG-2) -------------------------------------------------------------------
  virtual Result<std::optional<QuotaRow>> find_quota(const std::string& delegation,
                                                     const std::string& sub_delegation,
                                                     const std::string& badge_type) = 0;
  // Takes one place in a single conditional UPDATE (used < places). False when none is left.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> take_free_place(const std::string& delegation,
                                       const std::string& sub_delegation,
                                       const std::string& badge_type) = 0;
  // Gives one place back. REQUIRES: inside write_transaction.
  virtual Status release_free_place(const std::string& delegation,
                                    const std::string& sub_delegation,
                                    const std::string& badge_type) = 0;

  // Quota rows ordered by delegation, sub-delegation, badge type: all when `delegation` is
  // empty, else that delegation's (its own pool and its sub-delegations').
  virtual Result<std::vector<QuotaRow>> list_quotas(const std::string& delegation) = 0;
  // Sets the places of a quota row, inserting it (used = 0) when missing. False, and nothing
  // changed, when the row holds more than `places` places (used > places), tested in the same
  // statement. REQUIRES: inside write_transaction.
  virtual Result<bool> set_quota_places(const std::string& delegation,
                                        const std::string& sub_delegation,
                                        const std::string& badge_type, std::int64_t places) = 0;
  // Sets `used` outright. Only the deliberately unguarded path of the concurrency test (a
  // negative control) uses it. REQUIRES: inside write_transaction.
  virtual Status set_quota_used(const std::string& delegation, const std::string& sub_delegation,
                                const std::string& badge_type, std::int64_t used) = 0;

  // ---- delivery addresses (ADR-1) -----------------------------------------------------------
  // Sets address.id. REQUIRES: inside write_transaction. Errors: address.limit (a sixth address:
  // the store enforces the limit too), store.constraint.
  virtual Status insert_address(Address& address) = 0;
  // The default first, then by id.
  virtual Result<std::vector<Address>> list_addresses(const std::string& unit) = 0;
  // Makes `id` the unit's only default. False when the unit has no such address.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> set_default_address(const std::string& unit, std::int64_t id) = 0;
  // False when the unit has no such address. REQUIRES: inside write_transaction.
  virtual Result<bool> delete_address(const std::string& unit, std::int64_t id) = 0;

  // ---- points ledger (PTS) ---------------------------------------------------------------------
  // Appends an award or adjustment unless (rule, subject, holder) is recorded already; sets
  // entry.id. False, and nothing written, when it is. No balance check: for credits, and for
  // the deliberately unguarded path of the concurrency test (a negative control).
  // REQUIRES: inside write_transaction.
  virtual Result<bool> insert_points_entry(PointsEntry& entry) = 0;
  // The guarded debit (entry.points < 0): one statement appends it only when the holder's
  // balance covers it and, when max_coupons >= 0, the holder has fewer than max_coupons
  // redemptions of `coupon` in entry.edition. False, nothing written, otherwise (or when
  // (rule, subject, holder) exists). REQUIRES: inside write_transaction.
  virtual Result<bool> insert_points_debit(PointsEntry& entry, const std::string& coupon,
                                           std::int64_t max_coupons) = 0;
  // Appends entry (rule reversal, entry.reverses set) taking min(wanted, balance) points from the
  // holder in one statement: entry.points and entry.shortfall are set from what it took. False
  // when that entry was reversed already or (rule, subject, holder) exists.
  // REQUIRES: inside write_transaction, wanted > 0.
  virtual Result<bool> insert_points_reversal(PointsEntry& entry, std::int64_t wanted) = 0;
  virtual Result<std::optional<PointsEntry>> find_points_entry(PointsRule rule,
                                                               const std::string& subject,
                                                               const std::string& holder) = 0;
  // Whether an entry has a reversal.
  virtual Result<bool> points_entry_reversed(std::int64_t id) = 0;
  // A holder's entries of `rule` in `edition` that are not reversed.
  virtual Result<std::int64_t> count_standing_points(const std::string& holder, PointsRule rule,
                                                     int edition) = 0;
  // Sum of a holder's entries (0 when none).
  virtual Result<std::int64_t> points_balance(const std::string& holder) = 0;
  // Balance, earned, spent and entry count of a holder (coupons left empty).
  virtual Result<PointsBalance> points_totals(const std::string& holder) = 0;
  // Newest first.
  virtual Result<std::vector<PointsEntry>> list_points_entries(const PointsQuery& query) = 0;
  // Records an e-coupon paid for by redemption.entry; sets redemption.id. REQUIRES: inside
  // write_transaction. Errors: store.constraint (the code exists).
  virtual Status insert_coupon(CouponRedemption& redemption) = 0;
  virtual Result<std::int64_t> count_coupons(const std::string& holder, const std::string& coupon,
                                             int edition) = 0;
  // Newest first.
  virtual Result<std::vector<CouponRedemption>> list_coupons(const std::string& holder) = 0;
  // False when the reference is recorded already. REQUIRES: inside write_transaction.
  virtual Result<bool> insert_deal(const DealRecord& deal) = 0;
  virtual Result<std::optional<DealRecord>> find_deal(const std::string& reference) = 0;
  // Records a check-in; false when the person's check-in at that instant is recorded already.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> insert_checkin(int edition, std::int64_t person, const std::string& badge,
                                      Instant checked_in, const std::string& gate,
                                      Instant imported_at) = 0;


  // ---- supporting events (EVT) and matchmaking (MATCH) ------------------------------------------
  // Inserts an event or, when its code exists, rewrites its imported columns if one differs
  // (taken is kept). REQUIRES: inside write_transaction. Errors: store.constraint (a capacity
  // below the persons taken).
  virtual Result<Upserted> upsert_event(const Event& event, Instant at) = 0;
  virtual Result<std::optional<Event>> find_event(const std::string& code) = 0;
  // By first day, then code.
  virtual Result<std::vector<Event>> list_events(const EventFilter& filter) = 0;
  // Adds `persons` to the event's taken places in one conditional UPDATE: only when the event is
  // open to visitors and taken + persons stays within its capacity. False when it did not.
  // REQUIRES: inside write_transaction.
  virtual Result<bool> take_event_places(const std::string& code, std::int64_t persons) = 0;
  // Sets taken outright. Only the unguarded path of the concurrency test (a negative control)
  // uses it. REQUIRES: inside write_transaction.
  virtual Status set_event_taken(const std::string& code, std::int64_t taken) = 0;
  // REQUIRES: inside write_transaction. Errors: store.constraint (the unit applied already).
  virtual Status insert_event_application(const EventApplication& application) = 0;
  virtual Result<std::optional<EventApplication>> find_event_application(
      const std::string& event, const std::string& unit) = 0;
  // The applications of `event` (all when empty) by `unit` (all when empty), oldest first.
  virtual Result<std::vector<EventApplication>> list_event_applications(
      const std::string& event, const std::string& unit) = 0;

  // Insert-or-update by id, kUnchanged when every column is equal. REQUIRES: inside
  // write_transaction (the exhibit's exhibitor stored first).
  virtual Result<Upserted> upsert_exhibitor(const Exhibitor& exhibitor) = 0;
  virtual Result<Upserted> upsert_exhibit(const Exhibit& exhibit) = 0;
  virtual Result<std::optional<Exhibitor>> find_exhibitor(const std::string& id) = 0;
  // By id.
  virtual Result<std::vector<Exhibitor>> list_exhibitors(int limit, int offset) = 0;
  virtual Result<std::optional<Exhibit>> find_exhibit(const std::string& id) = 0;
  // By id; filter.limit 0 means every exhibit.
  virtual Result<std::vector<Exhibit>> list_exhibits(const ExhibitFilter& filter) = 0;

  // Sets need.id. REQUIRES: inside write_transaction.
  virtual Status insert_need(PurchaseNeed& need) = 0;
  virtual Result<std::optional<PurchaseNeed>> find_need(std::int64_t id) = 0;
  // By id; filter.limit 0 means every need.
  virtual Result<std::vector<PurchaseNeed>> list_needs(const NeedFilter& filter) = 0;
  // Marks an open need withdrawn. False when it was not open. REQUIRES: inside
  // write_transaction.
  virtual Result<bool> withdraw_need(std::int64_t id, Instant at) = 0;

  // Sets meeting.id. REQUIRES: inside write_transaction. Errors: store.constraint (a request of
  // the unit to the exhibitor is waiting already).
  virtual Status insert_meeting(Meeting& meeting) = 0;
  virtual Result<std::optional<Meeting>> find_meeting(std::int64_t id) = 0;
  // Rewrites state, decided_at, decided_by and decision_note when the meeting is in `from`.
  // False when it was not. REQUIRES: inside write_transaction.
  virtual Result<bool> update_meeting(const Meeting& meeting, MeetingState from) = 0;
  // Newest first.
  virtual Result<std::vector<Meeting>> list_meetings(const MeetingFilter& filter) = 0;


  // ---- statistics and export ------------------------------------------------------------------
  // What statistics group units by (stats.hpp). kIndustryDelegation groups only the units that
  // joined an industry delegation (DEL-4); the others put every unit in exactly one group.
  enum class StatsKey { kHomeDelegation, kIndustryDelegation, kSubDelegation, kCategory, kState };
  // The figures of `edition`'s units grouped by `key`: one row per group holding a unit, ordered
  // by key (StatsRow::parent is the home delegation for kSubDelegation; name and industry are
  // left to the caller). Only the units `delegation` covers (home, sub- or industry delegation)
  // unless it is empty. A fixed handful of GROUP BY queries, whatever the number of rows.
  virtual Result<std::vector<StatsRow>> stats_groups(int edition, StatsKey key,
                                                     const std::string& delegation) = 0;
  // Calls `row` with each unit, person, order or invoice of `edition` (of the units `delegation`
  // covers unless it is empty), one at a time as the query steps, in key order; nothing else is
  // kept. Values are as stored (unmasked); persons without photo bytes, orders without lines.
  // A failure of `row` stops the iteration and is returned.
  virtual Status for_each_unit(int edition, const std::string& delegation,
                               const std::function<Status(const Unit&)>& row) = 0;
  virtual Status for_each_person(int edition, const std::string& delegation,
                                 const std::function<Status(const Person&)>& row) = 0;
  virtual Status for_each_order(int edition, const std::string& delegation,
                                const std::function<Status(const Order&)>& row) = 0;
  virtual Status for_each_invoice(int edition, const std::string& delegation,
                                  const std::function<Status(const Invoice&)>& row) = 0;


  // ---- access tokens (credential.hpp) -------------------------------------------------------
  // Sets record.info.id. REQUIRES: inside write_transaction.
  virtual Status insert_token(TokenRecord& record) = 0;
  virtual Result<std::optional<TokenRecord>> find_token_by_hash(const std::string& hash) = 0;
  virtual Result<std::optional<TokenRecord>> find_token(std::int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<TokenInfo>> list_tokens() = 0;
  // REQUIRES: inside write_transaction.
  virtual Status revoke_token(std::int64_t id, Instant at) = 0;
  virtual Status touch_token(std::int64_t id, Instant at) = 0;
  // Tokens neither revoked nor expired at `now`; only those acting as `actor` when not empty.
  virtual Result<std::int64_t> count_valid_tokens(Instant now, const std::string& actor) = 0;
};

// Opens a store. Errors: store.uri, store.open, store.not_initialized (the database does not
// exist or has no schema and create_if_missing is false), store.unsupported.
Result<std::unique_ptr<Store>> open_store(std::string_view uri, const StoreOptions& options);

}  // namespace ciie::store
