// The store on SQL, for both backends: SqlStore implements the Store interface once, over a
// sql::Database (SQLite or PostgreSQL), in the SQL both engines accept. The class is split over
// several files by subject: sql_store.cpp (schema, transactions, audit, shared column helpers),
// sql_reference.cpp (delegations, badge types, syncing quotas), sql_units.cpp,
// sql_referrals.cpp, sql_verification.cpp, sql_review.cpp (unit transitions and review
// queues), sql_persons.cpp (persons, photos, the person queue), sql_quotas.cpp (taking and
// giving back free places), sql_quota_admin.cpp (listing quotas, setting places),
// sql_addresses.cpp, sql_tokens.cpp, sql_orders.cpp, sql_payments.cpp, sql_statements.cpp,
// sql_invoices.cpp (requests, numbering, documents), sql_red_forms.cpp, sql_refunds.cpp,
// sql_returning.cpp (returning candidates and past persons), sql_points.cpp, sql_events.cpp,
// sql_match.cpp, sql_stats.cpp and sql_export.cpp.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace ciie::store::sql {

// A store on an open database: checks its schema version. Errors: store.too_new,
// store.not_initialized (no schema and !create_if_missing), store.busy, store.io.
Result<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<Database> database,
                                              const std::string& location, bool create_if_missing);

// Thread-safety: one per thread (it owns one connection).
class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Database> database) : db_(std::move(database)) {}

  int schema_version() override;
  // The schema version, or the error that kept it from being read (store.busy when another
  // process holds the file locked past the busy timeout): opening a store must not mistake a
  // busy store for an empty one.
  Result<int> read_schema_version();
  int latest_schema_version() const override;
  Result<int> migrate() override;
  Status write_transaction(const std::function<Status()>& body) override {
    return run_transaction(body, db_->max_attempts());
  }
  Status write_transaction_once(const std::function<Status()>& body) override {
    return run_transaction(body, 1);
  }

  Result<SyncCounts> sync_reference_data(const Rules& rules) override;

  Status append_audit(AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> list_audit(const AuditQuery& query) override;

  Result<Upserted> upsert_candidate(const CandidateImport& row, Instant at) override;
  Result<Upserted> upsert_past_person(const PastPersonImport& row) override;
  Result<std::optional<int>> candidate_edition(const std::string& account) override;
  Result<std::optional<Candidate>> find_candidate(const std::string& account) override;
  Result<std::optional<Candidate>> find_claimed_candidate(const std::string& unit) override;
  Result<std::vector<Candidate>> list_candidates(const CandidateFilter& filter) override;
  Result<std::string> candidate_password_hash(const std::string& account) override;
  Result<std::string> candidate_licence(const std::string& account) override;
  Result<bool> update_candidate_claim(const Candidate& candidate, CandidateState from) override;
  Result<std::vector<PastPerson>> list_past_persons(const std::string& unit) override;
  Result<std::string> past_person_photo(const std::string& unit,
                                        const std::string& past_id) override;
  Status set_brought_forward(const std::string& unit, const std::string& past_id,
                             std::int64_t person) override;

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

  Result<bool> transition_unit(const UnitTransition& transition) override;
  Result<std::vector<Unit>> list_queue(const QueueQuery& query) override;
  Result<QueueCounts> count_queue(const QueueQuery& query) override;

  Status insert_person(Person& person, const std::string& photo) override;
  Result<std::optional<Person>> find_person(std::int64_t id) override;
  Result<std::optional<Person>> find_person_by_document(int edition, codes::DocumentKind kind,
                                                        const std::string& key) override;
  Result<std::vector<Person>> list_persons(const std::string& unit,
                                           const PersonFilter& filter) override;
  Result<PersonCounts> count_persons(const std::string& unit) override;
  Result<bool> transition_person(const PersonTransition& transition) override;
  Status delete_person(std::int64_t id) override;
  Result<std::vector<Person>> list_person_queue(const QueueQuery& query) override;
  Result<std::int64_t> count_person_queue(const QueueQuery& query) override;
  Result<std::string> person_photo(std::int64_t id) override;

  Status set_person_free_place(std::int64_t id, const std::string& free_quota) override;

  Status insert_order(const Order& order) override;
  Result<std::optional<Order>> find_order(const std::string& number) override;
  Result<std::vector<Order>> list_orders(const OrderQuery& query) override;
  Result<bool> close_order(const OrderClose& close) override;
  Status force_order_state(const std::string& number, OrderState state, Instant at) override;
  Result<std::vector<std::string>> due_orders(Instant now, int limit) override;
  Result<std::string> order_holding_person(std::int64_t person_id) override;

  Status insert_payment(Payment& payment, const std::string& proof) override;
  Result<bool> update_payment(const Payment& payment,
                              const std::vector<PaymentState>& from) override;
  Result<std::optional<Payment>> find_payment(std::int64_t id) override;
  Result<std::optional<Payment>> find_payment_by_transaction(
      const std::string& transaction_id) override;
  Result<std::optional<Payment>> find_payment_by_intent(const std::string& intent_id) override;
  Result<std::vector<Payment>> list_payments(const std::string& order) override;
  Result<std::vector<Payment>> list_payments_in(const std::vector<PaymentState>& states,
                                                int limit) override;
  Result<int> last_payment_attempt(const std::string& order) override;
  Result<std::string> payment_proof(std::int64_t id) override;

  Status insert_statement_line(StatementLine& line) override;
  Result<std::optional<StatementLine>> find_statement_line(std::int64_t id) override;
  Result<bool> statement_checksum_known(const std::string& checksum) override;
  Result<bool> update_statement_line(const StatementLine& line,
                                     StatementLineState from) override;
  Result<std::vector<StatementLine>> list_statement_lines(StatementLineState state,
                                                          int limit) override;

  Status put_invoice_request(const StoredInvoiceRequest& request) override;
  Result<std::optional<StoredInvoiceRequest>> find_invoice_request(
      const std::string& order) override;
  Result<std::int64_t> next_invoice_sequence(const std::string& series) override;
  Result<std::int64_t> peek_invoice_sequence(const std::string& series) override;
  Status set_invoice_sequence(const std::string& series, std::int64_t last) override;
  Status insert_invoice(Invoice& invoice) override;
  Result<std::optional<Invoice>> find_invoice(const std::string& number) override;
  Result<std::optional<Invoice>> valid_blue_invoice(const std::string& order) override;
  Result<std::vector<Invoice>> list_invoices(const InvoiceFilter& filter) override;
  Result<bool> set_invoice_buyer_status(const std::string& number, BuyerStatus status) override;

  Status insert_red_form(RedForm& form) override;
  Result<std::optional<RedForm>> find_red_form(std::int64_t id) override;
  Result<bool> update_red_form(const RedForm& form) override;
  Result<std::vector<RedForm>> list_red_forms(const RedFormFilter& filter) override;
  Result<std::vector<std::int64_t>> due_red_forms(Instant now, int limit) override;

  Status insert_refund(Refund& refund) override;
  Result<bool> update_refund(const Refund& refund, RefundState from) override;
  Result<std::optional<Refund>> find_refund(std::int64_t id) override;
  Result<std::vector<Refund>> list_refunds(const RefundFilter& filter) override;
  Result<std::int64_t> refund_of_person(std::int64_t person_id) override;
  Status mark_order_refunded(const std::string& number, Instant at) override;

  Result<std::optional<QuotaRow>> find_quota(const std::string& delegation,
                                             const std::string& sub_delegation,
                                             const std::string& badge_type) override;
  Result<bool> take_free_place(const std::string& delegation, const std::string& sub_delegation,
                               const std::string& badge_type) override;
  Status release_free_place(const std::string& delegation, const std::string& sub_delegation,
                            const std::string& badge_type) override;

  Result<std::vector<QuotaRow>> list_quotas(const std::string& delegation) override;
  Result<bool> set_quota_places(const std::string& delegation, const std::string& sub_delegation,
                                const std::string& badge_type, std::int64_t places) override;
  Status set_quota_used(const std::string& delegation, const std::string& sub_delegation,
                        const std::string& badge_type, std::int64_t used) override;

  Status insert_address(Address& address) override;
  Result<std::vector<Address>> list_addresses(const std::string& unit) override;
  Result<bool> set_default_address(const std::string& unit, std::int64_t id) override;
  Result<bool> delete_address(const std::string& unit, std::int64_t id) override;

  // points ledger (PTS)
  Result<bool> insert_points_entry(PointsEntry& entry) override;
  Result<bool> insert_points_debit(PointsEntry& entry, const std::string& coupon,
                                   std::int64_t max_coupons) override;
  Result<bool> insert_points_reversal(PointsEntry& entry, std::int64_t wanted) override;
  Result<std::optional<PointsEntry>> find_points_entry(PointsRule rule, const std::string& subject,
                                                       const std::string& holder) override;
  Result<bool> points_entry_reversed(std::int64_t id) override;
  Result<std::int64_t> count_standing_points(const std::string& holder, PointsRule rule,
                                             int edition) override;
  Result<std::int64_t> points_balance(const std::string& holder) override;
  Result<PointsBalance> points_totals(const std::string& holder) override;
  Result<std::vector<PointsEntry>> list_points_entries(const PointsQuery& query) override;
  Status insert_coupon(CouponRedemption& redemption) override;
  Result<std::int64_t> count_coupons(const std::string& holder, const std::string& coupon,
                                     int edition) override;
  Result<std::vector<CouponRedemption>> list_coupons(const std::string& holder) override;
  Result<bool> insert_deal(const DealRecord& deal) override;
  Result<std::optional<DealRecord>> find_deal(const std::string& reference) override;
  Result<bool> insert_checkin(int edition, std::int64_t person, const std::string& badge,
                              Instant checked_in, const std::string& gate,
                              Instant imported_at) override;


  // supporting events (EVT) and matchmaking (MATCH)
  Result<Upserted> upsert_event(const Event& event, Instant at) override;
  Result<std::optional<Event>> find_event(const std::string& code) override;
  Result<std::vector<Event>> list_events(const EventFilter& filter) override;
  Result<bool> take_event_places(const std::string& code, std::int64_t persons) override;
  Status set_event_taken(const std::string& code, std::int64_t taken) override;
  Status insert_event_application(const EventApplication& application) override;
  Result<std::optional<EventApplication>> find_event_application(
      const std::string& event, const std::string& unit) override;
  Result<std::vector<EventApplication>> list_event_applications(
      const std::string& event, const std::string& unit) override;
  Result<Upserted> upsert_exhibitor(const Exhibitor& exhibitor) override;
  Result<Upserted> upsert_exhibit(const Exhibit& exhibit) override;
  Result<std::optional<Exhibitor>> find_exhibitor(const std::string& id) override;
  Result<std::vector<Exhibitor>> list_exhibitors(int limit, int offset) override;
  Result<std::optional<Exhibit>> find_exhibit(const std::string& id) override;
  Result<std::vector<Exhibit>> list_exhibits(const ExhibitFilter& filter) override;
  Status insert_need(PurchaseNeed& need) override;
  Result<std::optional<PurchaseNeed>> find_need(std::int64_t id) override;
  Result<std::vector<PurchaseNeed>> list_needs(const NeedFilter& filter) override;
  Result<bool> withdraw_need(std::int64_t id, Instant at) override;
  Status insert_meeting(Meeting& meeting) override;
  Result<std::optional<Meeting>> find_meeting(std::int64_t id) override;
  Result<bool> update_meeting(const Meeting& meeting, MeetingState from) override;
  Result<std::vector<Meeting>> list_meetings(const MeetingFilter& filter) override;


  // statistics and export
  Result<std::vector<StatsRow>> stats_groups(int edition, StatsKey key,
                                             const std::string& delegation) override;
  Status for_each_unit(int edition, const std::string& delegation,
                       const std::function<Status(const Unit&)>& row) override;
  Status for_each_person(int edition, const std::string& delegation,
                         const std::function<Status(const Person&)>& row) override;
  Status for_each_order(int edition, const std::string& delegation,
                        const std::function<Status(const Order&)>& row) override;
  Status for_each_invoice(int edition, const std::string& delegation,
                          const std::function<Status(const Invoice&)>& row) override;


  Status insert_token(TokenRecord& record) override;
  Result<std::optional<TokenRecord>> find_token_by_hash(const std::string& hash) override;
  Result<std::optional<TokenRecord>> find_token(std::int64_t id) override;
  Result<std::vector<TokenInfo>> list_tokens() override;
  Status revoke_token(std::int64_t id, Instant at) override;
  Status touch_token(std::int64_t id, Instant at) override;
  Result<std::int64_t> count_valid_tokens(Instant now, const std::string& actor) override;

 private:
  // write_transaction with at most `attempts` runs of the outermost body.
  Status run_transaction(const std::function<Status()>& body, int attempts);
  // Prepares a statement on this connection.
  Result<Statement> prepare(std::string_view sql) { return db_->prepare(sql); }
  // Rows changed by the last statement (one statement's count fits an int).
  int changes() const { return static_cast<int>(db_->changes()); }
  // "+" on SQLite, "" on PostgreSQL: the prefix that keeps SQLite from using a column's index
  // (sql_export.cpp).
  std::string unindexed() const { return db_->backend() == "sqlite" ? "+" : ""; }
  Status sync_badge_types(const Rules& rules, SyncCounts& counts);
  Status sync_delegations(const Rules& rules, SyncCounts& counts);
  Status sync_quotas(const Rules& rules, SyncCounts& counts);
  Status delete_missing(const std::string& table, const std::string& key_column,
                        const std::set<std::string>& keep, SyncCounts& counts,
                        const std::string& cleanup_sql);
  Result<std::optional<Candidate>> find_candidate_where(std::string_view where,
                                                        const std::string& key);
  Result<std::optional<Unit>> find_unit_where(std::string_view where, const std::string& a,
                                              std::optional<int> edition);
  Result<Invoice> with_invoice_status(Invoice invoice);
  Result<std::vector<RefundLine>> refund_lines(std::int64_t refund);
  Result<std::optional<Person>> find_person_where(std::string_view where,
                                                  const std::function<void(Statement&)>& bind);
  Result<std::optional<Payment>> find_payment_where(std::string_view where,
                                                    const std::function<void(Statement&)>& bind);
  Result<std::vector<OrderLine>> order_lines(const std::string& number);
  Result<std::optional<TokenRecord>> find_token_where(std::string_view where,
                                                      const std::function<void(Statement&)>& bind);

  // private helpers: points
  // The entry id of the last insert when it inserted (changes() == 1), else 0.
  Result<bool> inserted_entry(PointsEntry& entry);


  // private helpers: events and matchmaking
  Result<std::vector<Event>> events_where(std::string_view where,
                                          const std::function<void(Statement&)>& bind);
  Result<std::vector<PurchaseNeed>> needs_where(std::string_view where,
                                                const std::function<void(Statement&)>& bind);
  Result<std::vector<Meeting>> meetings_where(std::string_view where,
                                              const std::function<void(Statement&)>& bind);


  // private helpers: statistics and export
  // Adds one statistics query's figures to the groups it returns (sql_stats.cpp).
  Status add_stats_query(std::string_view sql, int edition, const std::string& delegation,
                         std::vector<StatsRow>& groups,
                         const std::function<void(const Statement&, StatsFigures&)>& read);


  std::unique_ptr<Database> db_;
  int depth_ = 0;
  int known_version_ = 0;  // the schema version last read successfully
  friend Result<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<Database>,
                                                       const std::string&, bool);  // nesting of write_transaction: 0 = none, 1 = the outer transaction
};

// Reads an optional instant column ("" or NULL = none). Errors: time.format (a corrupt row).
Result<std::optional<Instant>> optional_instant(const Statement& stmt, int column);
// Binds an instant as UTC text, or NULL when absent.
void bind_optional_instant(Statement& stmt, int index, const std::optional<Instant>& at);
// Binds text, or NULL when empty (optional references and the USCC of non-mainland units).
void bind_or_null(Statement& stmt, int index, const std::string& value);

// A list of strings as a JSON array (review_why, the states a transition starts from).
std::string encode_strings(const std::vector<std::string>& strings);
// Errors: store.io (not a JSON array of strings; `what` names the column in the message).
Result<std::vector<std::string>> decode_strings(const std::string& json, std::string_view what);

// The unit columns read_unit expects, in its order, and the reading of one row of them.
std::string_view unit_columns();
Result<Unit> read_unit(const Statement& stmt);

// Binds the filter of a queue query to the parameters ?1..?7 that list_queue, count_queue and
// the person queue share: ?1 edition, ?2 queue ("all" = every queue), ?3 sub-delegation,
// ?4 category, ?5 region ("" = any), ?6 submitted_before (NULL = any), ?7 name substring.
void bind_queue_filter(Statement& stmt, const QueueQuery& query);

// The review columns a UnitTransition or PersonTransition writes: the SET clause (parameters
// ?3 … ?10) and its binding. Unset optionals bind NULL, and coalesce keeps the column.
inline constexpr std::string_view kReviewTransitionSet = R"sql(
    state = ?3, updated_at = ?4,
    review_queue = coalesce(?5, review_queue),
    review_why = coalesce(?6, review_why),
    submitted_at = CASE WHEN ?7 = 1 THEN ?4 ELSE submitted_at END,
    decided_at = CASE WHEN ?8 = 1 THEN ?4 ELSE decided_at END,
    decided_by = CASE WHEN ?8 = 1 THEN ?9 ELSE decided_by END,
    review_reason = coalesce(?10, review_reason))sql";

template <typename Transition>
void bind_review_transition(Statement& stmt, const Transition& t) {
  std::vector<std::string> from;
  for (auto state : t.from) from.emplace_back(to_string(state));
  stmt.bind(2, encode_strings(from)).bind(3, to_string(t.to));
  stmt.bind(4, t.at);
  if (t.review_queue) {
    stmt.bind(5, *t.review_queue);
  } else {
    stmt.bind_null(5);
  }
  if (t.review_why) {
    stmt.bind(6, encode_strings(*t.review_why));
  } else {
    stmt.bind_null(6);
  }
  stmt.bind(7, t.set_submitted_at ? 1 : 0).bind(8, t.set_decided ? 1 : 0).bind(9, t.decided_by);
  if (t.review_reason) {
    stmt.bind(10, *t.review_reason);
  } else {
    stmt.bind_null(10);
  }
}

}  // namespace ciie::store::sql
