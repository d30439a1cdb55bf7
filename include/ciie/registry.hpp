// Registry: the facade embedders start from. open() a store with Options, then call one method
// per use case; each method takes the acting Actor, runs in one transaction, checks scope and
// writes its audit entry. Start reading the public API here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ciie/actor.hpp"
#include "ciie/address.hpp"
#include "ciie/audit.hpp"
#include "ciie/bulk.hpp"
#include "ciie/credential.hpp"
#include "ciie/export.hpp"
#include "ciie/invoice.hpp"
#include "ciie/match.hpp"
#include "ciie/options.hpp"
#include "ciie/order.hpp"
#include "ciie/payment.hpp"
#include "ciie/person.hpp"
#include "ciie/points.hpp"
#include "ciie/quota.hpp"
#include "ciie/referral.hpp"
#include "ciie/refund.hpp"
#include "ciie/returning.hpp"
#include "ciie/review.hpp"
#include "ciie/routing.hpp"
#include "ciie/rules.hpp"
#include "ciie/stats.hpp"
#include "ciie/status.hpp"
#include "ciie/unit.hpp"
#include "ciie/verification.hpp"

namespace ciie {

namespace store {
class Store;
}

// What init() did.
struct InitReport {
  int schema_version_before = 0;  // 0 for a new store
  int schema_version_after = 0;
  int delegations = 0;  // delegations loaded from the rules
  int sub_delegations = 0;
  int badge_types = 0;
  int quotas = 0;   // (delegation or sub-delegation, badge type) quota rows
  int changed = 0;  // rows inserted, updated or deleted (0 on a repeated init)
  // Quotas that existed before and whose places the configuration changed or that it removed:
  // this is where a value set with set_quota is overwritten, so it is reported, not silent.
  std::vector<QuotaChange> quota_changes;
};

// Thread-safety: a Registry is not thread-safe; open one per thread (SQLite connections are
// cheap, and cross-connection safety is the store's job).
class Registry {
 public:
  // Opens the store named by options.store_uri. Errors: store.open, store.not_initialized
  // (unless options.create_if_missing), store.too_new (made by a newer ciie), config.invalid.
  static Result<std::unique_ptr<Registry>> open(Options options);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const Rules& rules() const { return options_.rules; }
  const Clock& clock() const { return *options_.clock; }

  // Creates or migrates the schema, then loads delegations, sub-delegations, badge types and
  // free quotas from the rules (idempotent: running it twice changes nothing the second time).
  // The places of every quota become the rules' again, also those changed by set_quota; such
  // changes are listed in InitReport::quota_changes and in the store.init audit entry.
  // REQUIRES: actor is the organizer. Errors: auth.forbidden, store.*.
  Result<InitReport> init(const Actor& actor);

  // The schema version of the open store and the newest this library knows.
  int schema_version() const;
  static int latest_schema_version();

  // Routes a unit against the rules (pure; no store access). See routing.hpp.
  Result<RouteDecision> route(const RouteRequest& request) const;

  // Audit entries, newest first. REQUIRES: organizer (any subject) or the subject's own actor.
  // Errors: auth.forbidden.
  Result<std::vector<AuditEntry>> audit(const Actor& actor, const AuditQuery& query);

  // ---- Registration (domain §3–4) -----------------------------------------------------------

  // Registers one unit. The applicant registers itself (password, phone and the SMS code sent to
  // it are required); the organizer or a delegation may register on a unit's behalf (the phone
  // may stay unverified, REG-5; a delegation only units that route to it). Registering the same
  // unit again with the same data returns it with created = false.
  // Errors: register.consent, register.name, register.category, register.password_required,
  // register.email_required, password.weak, uscc.*, phone.format, email.format, delegation.*,
  // referral.*, verify.* (the SMS code), unit.exists (conflict: a different registration of the
  // same unit), auth.forbidden.
  Result<RegisterOutcome> register_unit(const Actor& actor, const RegisterRequest& request);

  // Registers every row of `reader` (columns: register_columns(); see docs/register-input.md),
  // calling `on_row` with each row's outcome ("registered" or "unchanged"). All rows or none
  // unless options.continue_on_error; nothing with options.dry_run.
  // REQUIRES: organizer or a delegation. Errors: auth.forbidden, store.*; row failures are
  // reported through on_row and counted in the summary, not returned.
  Result<BulkSummary> register_units(const Actor& actor, RecordReader& reader,
                                     const BulkOptions& options, const RowCallback& on_row);
  // The columns register_units reads, and those it requires.
  static const std::vector<std::string>& register_columns();
  static const std::vector<std::string>& register_required_columns();

  // ---- Units (REG-6) -------------------------------------------------------------------------

  // One unit. REQUIRES: organizer or finance; the unit itself; a delegation for units routed to
  // it (home, sub- or industry delegation). Errors: unit.unknown (not found), auth.forbidden.
  Result<Unit> unit(const Actor& actor, const std::string& account);
  // Units of this edition matching the filter; a delegation sees only its own.
  // Errors: auth.forbidden.
  Result<std::vector<Unit>> units(const Actor& actor, const UnitFilter& filter);
  // Changes a unit's information. REQUIRES: the unit itself, its delegation or the organizer.
  // Errors: unit.unknown, auth.forbidden, register.name, email.format, phone.format,
  // unit.area, unit.category_code, unit.purpose.
  Result<Unit> update_unit(const Actor& actor, const std::string& account,
                           const UnitUpdate& update);

  // ---- Accounts (REG-4, REG-5) ---------------------------------------------------------------

  // Checks a unit's password in constant time and returns the unit's actor.
  // Errors: auth.failed (unknown account, no password set, or a wrong password: one key for all,
  // so that the answer does not reveal which accounts exist).
  Result<Actor> authenticate_unit(const std::string& account, std::string_view password);
  // REQUIRES: the unit itself. Errors: auth.forbidden, auth.failed (old password), password.weak.
  Status change_password(const Actor& actor, const std::string& account,
                         std::string_view old_password, std::string_view new_password);
  // Sends a reset code by SMS to the unit's registered phone (the seed: the phone recovers the
  // password). Errors: unit.unknown, unit.no_phone, verify.rate_limited, notify.*.
  Result<VerificationSent> request_password_reset(const Actor& actor, const std::string& account);
  // Errors: unit.unknown, verify.*, password.weak.
  Status reset_password(const Actor& actor, const std::string& account, std::string_view sms_code,
                        std::string_view new_password);
  // Sends codes to the old and the new phone. REQUIRES: the unit itself or the organizer.
  // Errors: auth.forbidden, unit.unknown, phone.format, verify.rate_limited, notify.*.
  Result<std::vector<VerificationSent>> request_phone_change(const Actor& actor,
                                                             const std::string& account,
                                                             std::string_view new_phone);
  // Errors: auth.forbidden, unit.unknown, phone.format, verify.* (either code).
  Status change_phone(const Actor& actor, const std::string& account, std::string_view new_phone,
                      std::string_view old_phone_code, std::string_view new_phone_code);

  // ---- Verification codes (REG-5) ------------------------------------------------------------

  // Sends a new code to a phone (SMS) or an e-mail address through the configured backend.
  // Delivery happens before anything is stored: a failed delivery leaves no code behind.
  // Errors: phone.format, email.format, verify.rate_limited, notify.refused,
  // notify.unavailable (external), notify.backend.
  Result<VerificationSent> send_verification(const Actor& actor, VerifyChannel channel,
                                             std::string_view destination, VerifyPurpose purpose);
  // Checks a code and consumes it when it matches; a wrong code counts as an attempt (kept even
  // though the call fails). Errors: verify.not_sent, verify.expired, verify.too_many_attempts,
  // verify.mismatch.
  Status check_verification(const Actor& actor, VerifyChannel channel, std::string_view destination,
                            VerifyPurpose purpose, std::string_view code);
  // Messages kept by the outbox backend, newest first. REQUIRES: organizer.
  Result<std::vector<OutboxMessage>> outbox(const Actor& actor, std::string_view destination,
                                            int limit);

  // ---- Referral codes (REF-1..3) -------------------------------------------------------------

  // Creates codes for an issuer. REQUIRES: organizer (any issuer), or a delegation for itself.
  // Errors: auth.forbidden, referral.issuer, referral.max_uses, referral.expiry.
  Result<std::vector<ReferralCode>> create_referrals(const Actor& actor,
                                                     const CreateReferralsRequest& request);
  // A code and whether it can be used now. Errors: referral.format, referral.checksum,
  // referral.unknown.
  Result<ReferralCheck> check_referral(std::string_view code);
  // Codes, newest first: all for the organizer, its own for a delegation.
  Result<std::vector<ReferralCode>> referrals(const Actor& actor, const std::string& issuer);
  // REQUIRES: organizer, or the issuing delegation. Errors: referral.unknown, auth.forbidden.
  Status revoke_referral(const Actor& actor, std::string_view code);


  // ---- Access tokens (domain §1, docs/access.md) ----------------------------------------------

  // Creates a token acting as request.for_actor; the secret is returned once and stored hashed.
  // The first token of a store must be the organizer's (`token.first_organizer`): creating it
  // secures the store. REQUIRES: organizer. Errors: auth.forbidden, token.first_organizer,
  // token.actor (a delegation or unit that does not exist, or the applicant), token.expiry.
  Result<IssuedToken> create_token(const Actor& actor, const TokenRequest& request);
  // Tokens, newest first. REQUIRES: organizer.
  Result<std::vector<TokenInfo>> tokens(const Actor& actor);
  // REQUIRES: organizer. Errors: auth.forbidden, token.unknown, token.last_organizer (the last
  // valid organizer token of a secured store: revoking it would lock the store).
  Status revoke_token(const Actor& actor, std::int64_t id);
  // The actor a token acts as; records its use. Errors: auth.failed (unknown, revoked or
  // expired: one key, so that tokens cannot be probed).
  Result<Actor> authenticate_token(std::string_view secret);
  // Whether the store is secured: some token was created and is still valid.
  Result<bool> credentials_required();

  // ---- Persons (SUB-2, REV-3, BDG-2) -----------------------------------------------------------

  // Adds a person to a unit, in draft. The document is checked (domain §2), one badge per
  // person per edition across all units; a free badge takes a place of the unit's delegation
  // (its sub-delegation's quota when that has one for the badge type) atomically.
  // REQUIRES: the unit itself, its delegation or the organizer. Errors: auth.forbidden,
  // unit.unknown, person.name, person.badge_type, person.photo_format, person.photo_size,
  // person.duplicate, quota.none (no free quota for the badge type), quota.exhausted, id.*,
  // phone.format.
  Result<Person> add_person(const Actor& actor, const std::string& account,
                            const PersonRequest& request);
  // Adds every row of `reader` (columns: person_columns(); docs/person-input.md) to the unit.
  // All rows or none unless options.continue_on_error; nothing with options.dry_run. A row
  // repeating a person already in this unit with the same data is "unchanged". `photo_dir`
  // is where the `photo` column's relative file names are read from.
  Result<BulkSummary> add_persons(const Actor& actor, const std::string& account,
                                  RecordReader& reader, const BulkOptions& options,
                                  const std::string& photo_dir, const RowCallback& on_row);
  static const std::vector<std::string>& person_columns();
  static const std::vector<std::string>& person_required_columns();
  // The unit's persons (masked unless filter.reveal, organizer only and audited) and the pending
  // count. REQUIRES: may read the unit. Errors: auth.forbidden, unit.unknown.
  Result<PersonList> persons(const Actor& actor, const std::string& account,
                             const PersonFilter& filter);
  // Removes draft persons (SUB-2) in one transaction, giving back their free places: all or
  // none. REQUIRES: may edit the unit. Errors: auth.forbidden, person.unknown (not this unit's),
  // person.not_draft.
  Status remove_persons(const Actor& actor, const std::string& account,
                        const std::vector<std::int64_t>& ids);

  // ---- Returning visitors (RET-1..3, BDG-3; docs/returning.md) --------------------------------

  // Loads the previous edition's export: each row a past unit ("record" unit) or a past person
  // ("record" person), validated and kept as a candidate: "imported", "updated" (the row changed
  // since the last import) or "unchanged". A person's unit comes earlier in the file or was
  // imported before. Streamed with bounded memory; all rows or none unless
  // options.continue_on_error; nothing with options.dry_run. The `licence` and `photo` columns'
  // relative file names are read from `file_dir`. Claims and persons already brought forward are
  // kept. REQUIRES: organizer. Errors: auth.forbidden, store.*; row failures through on_row
  // (returning.*, uscc.*, id.*, phone.format, email.format, register.*, person.*).
  Result<BulkSummary> import_returning(const Actor& actor, RecordReader& reader,
                                       const BulkOptions& options, const std::string& file_dir,
                                       const RowCallback& on_row);
  static const std::vector<std::string>& returning_columns();
  static const std::vector<std::string>& returning_required_columns();
  // A candidate, masked unless `reveal` (organizer only). REQUIRES: the organizer, or the unit
  // that claimed it. Errors: returning.unknown, auth.forbidden.
  Result<Candidate> candidate(const Actor& actor, const std::string& account, bool reveal = false);
  // Candidates by account, masked. REQUIRES: organizer. Errors: auth.forbidden.
  Result<std::vector<Candidate>> candidates(const Actor& actor, const CandidateFilter& filter);
  // Sends the code of an SMS or e-mail claim to the past phone or address (REG-5's limits,
  // purpose claim); the destination in the answer is masked. Any actor may ask: what it proves
  // is possession of the past phone or mailbox. Errors: returning.unknown, returning.claimed,
  // returning.barred, returning.method (password has no code), returning.method_unavailable
  // (the export has no phone / address: the method fails), returning.method_failed,
  // verify.rate_limited, notify.*.
  Result<VerificationSent> send_claim_code(const Actor& actor, const ClaimCodeRequest& request);
  // Claims a past record (RET-2). A wrong password or code counts against the method (REG-5's
  // attempts); a method whose tries are used up has failed, and once all three have failed the
  // candidate is barred. On success the unit is registered in this edition from the past record
  // (routed again, the licence re-checked) as a draft to complete, and the candidate is claimed.
  // Errors: returning.unknown, returning.claimed, returning.barred, returning.method_unavailable,
  // returning.method_failed, auth.failed (wrong password), verify.* (the code), register.consent,
  // password.weak, unit.exists (registered anew meanwhile), delegation.*, referral.*.
  Result<ClaimOutcome> claim_returning(const Actor& actor, const ClaimRequest& request);
  // The past persons of the candidate a unit claimed (RET-3), masked unless `reveal`
  // (organizer). REQUIRES: may read the unit. Errors: unit.unknown, returning.not_claimed
  // (registered anew: no past information), auth.forbidden.
  Result<std::vector<PastPerson>> past_persons(const Actor& actor, const std::string& unit,
                                               bool reveal = false);
  // Brings chosen past persons into the unit as drafts (RET-3), through add_person's checks (one
  // badge per person, free places), with the past photo; with request.reuse each must qualify
  // for badge reuse (BDG-3). All or none; a person brought before is returned unchanged.
  // REQUIRES: may edit the unit. Errors: unit.unknown, returning.not_claimed,
  // returning.person_unknown, badge.reuse_ineligible, person.*, quota.*, id.*, auth.forbidden.
  Result<std::vector<BroughtPerson>> bring_forward(const Actor& actor,
                                                   const BringForwardRequest& request);

  // ---- Free quotas (BDG-2) ---------------------------------------------------------------------

  // The free quota rows, ordered by delegation, sub-delegation and badge type: all of them, or
  // those of `delegation` (its own pool and its sub-delegations') when not empty. REQUIRES: the
  // organizer, or a delegation for its own rows (an actor naming a sub-delegation sees only that
  // sub-delegation's). Errors: auth.forbidden, delegation.unknown.
  Result<std::vector<FreeQuota>> quotas(const Actor& actor, const std::string& delegation);
  // Sets the places of a quota (creating the row when the configuration gave none); audited as
  // quota.set. `ciie init` later makes the places equal to the configuration again
  // (docs/config.md). REQUIRES: organizer. Errors: auth.forbidden, delegation.unknown (no such
  // delegation, or a sub-delegation not of it), person.badge_type (no such badge type),
  // quota.places (negative), quota.below_used (fewer places than are held).
  Result<FreeQuota> set_quota(const Actor& actor, const std::string& delegation,
                              const std::string& sub_delegation, const std::string& badge_type,
                              std::int64_t places);

  // ---- Submission (SUB-1, REV-1) ----------------------------------------------------------------

  // Submits the chosen draft persons and (request.unit) the unit's information. A unit in a
  // category approved automatically, with no flag, is approved at once (REV-1); the others
  // enter their reviewer's queue. REQUIRES: the unit itself, its delegation or the organizer.
  // Errors: auth.forbidden, unit.unknown, submit.no_person, submit.already (the unit is awaiting
  // review or approved), submit.nothing (no draft person and no unit to submit),
  // person.unknown, person.not_draft.
  Result<SubmitOutcome> submit(const Actor& actor, const std::string& account,
                               const SubmitRequest& request);

  // ---- Unit review (REV-1, REV-2) --------------------------------------------------------------

  // A queue with its counts; phones masked. REQUIRES: a delegation (its own queue or one of its
  // sub-delegations) or the organizer (any). Errors: auth.forbidden.
  Result<ReviewQueue> review_queue(const Actor& actor, const QueueFilter& filter);
  // Decides one unit waiting in the actor's queue. Errors: auth.forbidden (another queue),
  // unit.unknown, review.not_pending (not waiting for review, e.g. decided by someone else
  // meanwhile), review.reason_required.
  Result<Unit> review_unit(const Actor& actor, const UnitDecision& decision);
  // Applies the decisions in `reader` (columns unit, decision, reason) in one transaction: all
  // or none (options.continue_on_error applies the good rows). Each row reports "approved" or
  // "rejected", or its failure with its line.
  Result<BulkSummary> review_units(const Actor& actor, RecordReader& reader,
                                   const BulkOptions& options, const RowCallback& on_row);
  static const std::vector<std::string>& decision_columns();
  // Approves every unit of the queue matching `filter` in one transaction (options.dry_run
  // reports without applying).
  Result<BulkSummary> approve_all(const Actor& actor, const QueueFilter& filter,
                                  const BulkOptions& options, const RowCallback& on_row);

  // ---- Person review (REV-3) -------------------------------------------------------------------

  // Persons paid and waiting for review, in the queue of their unit's reviewer.
  // REQUIRES: a delegation (its own) or the organizer. Errors: auth.forbidden.
  Result<PersonQueue> person_review_queue(const Actor& actor, const QueueFilter& filter,
                                          bool reveal);
  // Decides one person. Errors: auth.forbidden, person.unknown, review.not_pending,
  // review.reason_required, review.photo_missing (approving a person without a photo).
  Result<Person> review_person(const Actor& actor, const PersonDecision& decision);
  // Columns person, decision, reason; as review_units.
  Result<BulkSummary> review_persons(const Actor& actor, RecordReader& reader,
                                     const BulkOptions& options, const RowCallback& on_row);
  static const std::vector<std::string>& person_decision_columns();

  // ---- Join requests (REV-4) -------------------------------------------------------------------

  // A staff member asks to join a unit through its invitation. REQUIRES: the applicant (or the
  // organizer). Errors: unit.unknown, join.free_badge, person.*, id.*, phone.format.
  Result<Person> request_join(const Actor& actor, const JoinRequest& request);
  // The unit's pending join requests (masked). REQUIRES: may read the unit.
  Result<std::vector<Person>> join_requests(const Actor& actor, const std::string& account);
  // Approves (→ draft persons of the unit) or rejects (removed) join requests, all in one
  // transaction. REQUIRES: the unit itself or the organizer (REV-4: the unit's account decides).
  // Errors: auth.forbidden, person.unknown, review.not_pending, review.reason_required.
  Status decide_join_requests(const Actor& actor, const std::string& account,
                              const std::vector<PersonDecision>& decisions);

  // ---- Orders (ORD-1..4) -----------------------------------------------------------------------

  // Orders badges for persons of an approved unit awaiting payment (request.persons, or all of
  // them), priced from the badge fees (0 for a free badge, whose place is taken again if the
  // person gave it back with a closed order). A total of 0 settles the order at once and sends
  // its persons to person review. REQUIRES: the unit itself, its delegation or the organizer.
  // Errors: auth.forbidden, unit.unknown, order.unit_not_approved, order.empty (no person to
  // order), person.unknown (not this unit's), order.person_state (not awaiting payment),
  // order.person_busy (in another open order), order.total_changed, quota.exhausted,
  // payment.deadline (past the payment deadline).
  Result<Order> create_order(const Actor& actor, const std::string& account,
                             const OrderRequest& request);
  // One order. An open order past its expiry is expired first. REQUIRES: may read its unit, or
  // finance. Errors: order.unknown, auth.forbidden.
  Result<Order> order(const Actor& actor, const std::string& number);
  // Orders, newest first: a unit's (filter.unit) or, for the organizer and finance, all; a
  // delegation sees those of its units. Expiries due are applied first.
  Result<std::vector<Order>> orders(const Actor& actor, const OrderFilter& filter);
  // Cancels an open order: its persons await payment again and its free places are given back
  // (ORD-4). REQUIRES: may edit its unit. Errors: order.unknown, auth.forbidden, order.not_open.
  Result<Order> cancel_order(const Actor& actor, const std::string& number,
                             const std::string& reason);
  // Expires every open order whose time has come (ORD-4), as cancel_order does; returns them.
  // Other order and payment calls do the same for the orders they touch. REQUIRES: organizer or
  // finance.
  Result<std::vector<Order>> expire_orders(const Actor& actor);

  // ---- Payment (PAY-1..5) ---------------------------------------------------------------------

  // Starts paying an open order. qr and b2b ask the configured gateway for an intent over HTTP(S)
  // (timeouts and retries from the rules; idempotency key "<order>-<attempt>"); transfer returns
  // the account to pay into. REQUIRES: may edit the order's unit. Errors: order.unknown,
  // auth.forbidden, order.not_open, payment.deadline, payment.gateway (no gateway configured
  // for the method), payment.unavailable (kExternal: the gateway did not answer; the order is
  // unchanged), payment.refused (the gateway refused the intent).
  Result<PaymentStart> start_payment(const Actor& actor, const std::string& number,
                                     PaymentMethod method);
  // Accepts a gateway notice: `signature` is the hex HMAC-SHA256 of the exact `body` with the
  // gateway's secret (compared in constant time) and the notice's timestamp must be fresh. The
  // gateway's transaction id is unique: a notice delivered again, or racing its twin, confirms
  // once and is "duplicate" after. A wrong amount, a closed or paid order, or a payment past the
  // deadline is kept and "flagged" for finance. The signature is the credential: no actor.
  // Errors: payment.notice (malformed), payment.gateway (unknown gateway), payment.signature,
  // payment.stale, order.unknown.
  Result<NoticeOutcome> accept_notice(std::string_view body, std::string_view signature);
  // Records a transfer with its proof for finance (PAY-3, PAY-4). REQUIRES: may edit the order's
  // unit. Errors: order.unknown, auth.forbidden, order.not_open, payment.deadline,
  // payment.payer (name or account missing), payment.amount (not positive),
  // payment.proof_format, payment.proof_size.
  Result<Payment> submit_transfer_proof(const Actor& actor, const std::string& number,
                                        const TransferProof& proof);
  // The payments of an order, oldest first. REQUIRES: may read its unit, or finance.
  Result<std::vector<Payment>> payments(const Actor& actor, const std::string& number);
  // A payment's proof file ("" when none). REQUIRES: finance or the organizer.
  Result<std::string> payment_proof(const Actor& actor, std::int64_t payment_id);
  // What waits for finance. REQUIRES: finance or the organizer.
  Result<FinanceQueue> finance_queue(const Actor& actor);
  // Confirms (pays the order) or rejects a flagged payment or a transfer proof. REQUIRES:
  // finance. Errors: auth.forbidden, payment.unknown, payment.not_pending (decided already),
  // payment.reason_required, payment.deadline (past it without force), order.not_open (a
  // closed or paid order without force), quota.exhausted (forced for a closed order whose free
  // places are gone).
  Result<Payment> decide_payment(const Actor& actor, const PaymentDecision& decision);
  // Imports a bank statement (columns: statement_columns(); docs/payment.md). Each line matches
  // an order by the number in its remark (normalised: case, spaces, look-alike characters) and
  // the exact amount: "matched" when it paid the order, "flagged" when its payment waits for
  // finance (closed or paid order, past the deadline); a line seen before (its checksum) is
  // "unchanged"; money out is "skipped"; lines matching nothing or only in part are
  // "queued:no_order", "queued:several_orders" or "queued:amount". All lines or none
  // unless options.continue_on_error. `file` names the statement in the records.
  // REQUIRES: finance. Errors: auth.forbidden; line failures (statement.*) through on_row.
  Result<BulkSummary> import_statement(const Actor& actor, RecordReader& reader,
                                       const std::string& file, const BulkOptions& options,
                                       const RowCallback& on_row);
  static const std::vector<std::string>& statement_columns();
  static const std::vector<std::string>& statement_required_columns();
  // Assigns a queued statement line to an order or discards it. REQUIRES: finance. Errors:
  // auth.forbidden, statement.unknown, statement.not_queued, order.unknown,
  // payment.reason_required.
  Result<StatementLine> decide_statement_line(const Actor& actor,
                                              const StatementLineDecision& decision);

  // ---- Invoices (INV-1..8, docs/invoice.md) ---------------------------------------------------

  // Records the invoice request of a paid order, replacing an earlier one. After a b2b or
  // transfer payment the title and taxpayer id are the paying unit's (INV-3): empty takes them.
  // REQUIRES: may edit the order's unit, or finance. Errors: order.unknown, auth.forbidden,
  // invoice.not_paid, invoice.deadline, invoice.special_individual, invoice.field_required,
  // invoice.taxpayer_id (not a valid USCC), invoice.title_locked, invoice.exists (a valid blue
  // invoice exists), phone.format, email.format.
  Result<StoredInvoiceRequest> request_invoice(const Actor& actor, const InvoiceRequest& request);
  // The standing request of an order (nullopt when none). REQUIRES: may read the order's unit.
  Result<std::optional<StoredInvoiceRequest>> invoice_request(const Actor& actor,
                                                              const std::string& order);
  // Issues the order's blue invoice from its request, for what is paid and not refunded: the
  // seller (rules) and buyer are copied in, the number is allocated in the same transaction.
  // REQUIRES: may edit the order's unit, or finance. Errors: order.unknown, auth.forbidden,
  // invoice.not_paid, invoice.not_requested, invoice.exists, invoice.nothing (nothing is left
  // to invoice).
  Result<Invoice> issue_invoice(const Actor& actor, const std::string& order);
  // One invoice by number. REQUIRES: may read its unit, or finance. Errors: invoice.unknown.
  Result<Invoice> invoice(const Actor& actor, const std::string& number);
  // Invoices, newest first: a unit's own, a delegation's units', everything for finance.
  Result<std::vector<Invoice>> invoices(const Actor& actor, const InvoiceFilter& filter);
  // Records whether the buyer confirmed or booked a blue invoice (finance, from the platform).
  // REQUIRES: finance or the organizer. Errors: invoice.unknown, invoice.not_blue.
  Result<Invoice> set_buyer_status(const Actor& actor, const std::string& number,
                                   BuyerStatus status);
  // Reverses a blue invoice (INV-7): a full red invoice at once when the buyer has not booked
  // it, else a confirmation form for the buyer. REQUIRES: finance or the organizer. Errors:
  // invoice.unknown, invoice.not_blue, invoice.reversed (nothing left to reverse),
  // redform.partial (partial for kIssuedInError, or before the buyer booked it),
  // redform.persons (a person not on the invoice, or reversed already), redform.pending (a form
  // waits already).
  Result<ReversalOutcome> reverse_invoice(const Actor& actor, const ReversalRequest& request);
  // Decides a pending form. Confirming issues its red invoice, and completes the reversal a
  // refund waits for. REQUIRES: confirm and refuse: the unit or finance; withdraw: finance.
  // Errors: redform.unknown, auth.forbidden, redform.not_pending, redform.expired (72 hours
  // passed: the form is void), redform.note_required (refuse and withdraw).
  Result<ReversalOutcome> decide_red_form(const Actor& actor, std::int64_t id,
                                          RedFormDecision decision, const std::string& note);
  // Confirmation forms, newest first; pending forms past 72 hours become expired first.
  Result<std::vector<RedForm>> red_forms(const Actor& actor, const RedFormFilter& filter);

  // ---- Refunds (RFD-1..5, docs/refund.md) -----------------------------------------------------

  // Refunds persons of a paid order: they leave the order (back to draft) and give back their
  // free places; an invoiced order is reversed (INV-7) and the refund waits for the red invoice
  // when a form is needed; then qr and b2b money goes back through the gateway (after the
  // transaction: a gateway that does not answer leaves the refund awaiting_gateway, for
  // send_refunds), transfers wait for finance. REQUIRES: may edit the order's unit, or finance.
  // Errors: order.unknown, auth.forbidden, refund.reason_required, refund.not_paid,
  // refund.person (not a person of the order, or refunded already), refund.not_allowed (a badge
  // state the rules do not allow), refund.deadline, refund.amount (above paid − refunded),
  // redform.pending.
  Result<RefundOutcome> request_refund(const Actor& actor, const RefundRequest& request);
  // One refund. REQUIRES: may read its unit, or finance. Errors: refund.unknown.
  Result<Refund> refund(const Actor& actor, std::int64_t id);
  Result<std::vector<Refund>> refunds(const Actor& actor, const RefundFilter& filter);
  // Makes the gateway refund calls due: of refund `id`, or of every awaiting_gateway refund when
  // id is 0. Returns the refunds tried, each completed or with its last_error. REQUIRES: finance
  // or the organizer. Errors: refund.unknown, refund.state (not awaiting_gateway).
  Result<std::vector<Refund>> send_refunds(const Actor& actor, std::int64_t id);
  // Finance records the outgoing bank transfer of a transfer refund: it completes.
  // REQUIRES: finance. Errors: refund.unknown, refund.state, refund.reference_required.
  Result<Refund> confirm_refund_transfer(const Actor& actor, std::int64_t id,
                                         const std::string& reference);

  // ---- Delivery addresses (ADR-1) --------------------------------------------------------------

  // REQUIRES: may edit the unit. Errors: auth.forbidden, unit.unknown, address.limit,
  // address.recipient, address.detail, address.division, address.mainland_only, address.postcode.
  Result<Address> add_address(const Actor& actor, const std::string& account,
                              const AddressRequest& request);
  // The default first, then by creation. Phones masked unless reveal (organizer, audited).
  Result<std::vector<Address>> addresses(const Actor& actor, const std::string& account,
                                         bool reveal);
  // Errors: auth.forbidden, address.unknown.
  Status set_default_address(const Actor& actor, const std::string& account, std::int64_t id);
  // Removing the default makes the oldest remaining address the default.
  Status remove_address(const Actor& actor, const std::string& account, std::int64_t id);

  // ---- Progress (REV-5) -------------------------------------------------------------------------

  // REQUIRES: may read the unit. Errors: auth.forbidden, unit.unknown.
  Result<Progress> progress(const Actor& actor, const std::string& account);

  // ---- Points (PTS-1, PTS-2) ---------------------------------------------------------------------
  // Awards are written by the flows that earn them (approval, referral, refund, check-in); these
  // read the ledger, adjust it and spend it. A holder is "unit:<account>" or "person:<id>"
  // (points.hpp). Reading: the organizer and finance every holder, a unit its own and its
  // persons', a delegation those of its units.

  // A holder's balance, totals and coupons. Errors: points.holder, auth.forbidden, unit.unknown,
  // person.unknown.
  Result<PointsBalance> points_balance(const Actor& actor, const std::string& holder);
  // A holder's entries, newest first. Errors: as points_balance.
  Result<std::vector<PointsEntry>> points_history(const Actor& actor, const PointsQuery& query);
  // A manual adjustment, idempotent per (holder, key). A negative one is refused when it would
  // take the balance below 0. REQUIRES: organizer. Errors: auth.forbidden, points.holder,
  // points.value (0 points), points.reason_required, points.insufficient, unit.unknown,
  // person.unknown.
  Result<AwardResult> award_points(const Actor& actor, const ManualAward& award);
  // Buys one e-coupon of kind `coupon` for `holder`: its cost is debited in one guarded
  // statement (balance and per-edition limit checked by the statement itself), the coupon gets
  // a generated code. REQUIRES: the organizer, or the unit for itself or its persons.
  // Errors: auth.forbidden, points.holder, points.coupon_unknown, points.coupon_limit,
  // points.insufficient, unit.unknown, person.unknown.
  Result<CouponRedemption> redeem_coupon(const Actor& actor, const std::string& holder,
                                         const std::string& coupon);
  // Records a deal (reference, unit, amount) and awards the unit deal_per_10k_yuan per whole
  // 10,000 yuan. Re-recording the same reference with the same unit and amount changes nothing.
  // REQUIRES: organizer. Errors: auth.forbidden, points.reference_required, points.amount,
  // unit.unknown, points.deal_conflict (the reference is recorded with another unit or amount).
  Result<DealOutcome> record_deal(const Actor& actor, const DealRecord& deal);
  // The columns of a check-in file (docs/points.md), and those it must have.
  static const std::vector<std::string>& checkin_columns();
  static const std::vector<std::string>& checkin_required_columns();
  // Imports check-in records (CSV or JSON Lines): each row's person (by id, or by document in
  // this edition; approved) gets its check-in recorded and earns attend once per edition. Row
  // outcomes: "awarded", "recorded" (a further check-in: no points), "unchanged" (imported
  // before). Streamed; all rows or none unless options.continue_on_error; nothing with dry_run.
  // REQUIRES: organizer. Errors: auth.forbidden, store.*; rows through on_row (checkin.*,
  // person.unknown, id.*, time.format).
  Result<BulkSummary> import_checkins(const Actor& actor, RecordReader& reader,
                                      const BulkOptions& options, const RowCallback& on_row);


  // ---- Supporting events (EVT-1) and matchmaking (MATCH-1) ----------------------------------------

  // See match.hpp and docs/match.md.

  // Imports supporting events (columns: event_columns(); docs/match.md), each "imported",
  // "updated" or "unchanged" by its code; all rows or none unless options.continue_on_error.
  // REQUIRES: organizer. Errors: auth.forbidden; row failures (event.*, time.format, bulk.value,
  // event.capacity_below_taken) through on_row.
  Result<BulkSummary> import_events(const Actor& actor, RecordReader& reader,
                                    const BulkOptions& options, const RowCallback& on_row);
  static const std::vector<std::string>& event_columns();
  static const std::vector<std::string>& event_required_columns();
  // Events by first day, then code. Any actor: the event list is published.
  Result<std::vector<Event>> events(const Actor& actor, const EventFilter& filter);
  // Errors: event.unknown.
  Result<Event> event(const Actor& actor, const std::string& code);
  // A unit applies for an event open to professional visitors; the persons are taken from its
  // capacity in one guarded UPDATE. REQUIRES: the unit itself, its delegation or the organizer.
  // Errors: auth.forbidden, unit.unknown, event.unknown, event.closed (not open to visitors),
  // event.past (its last day is over), event.unit_state (the unit was rejected),
  // event.persons (not 1–50), event.applied (the unit applied already), event.full.
  Result<EventApplication> apply_for_event(const Actor& actor, const EventApplyRequest& request);
  // The applications of an event, oldest first: all for the organizer, a unit's own for a unit.
  // Errors: event.unknown, auth.forbidden.
  Result<std::vector<EventApplication>> event_applications(const Actor& actor,
                                                           const std::string& event);

  // Imports exhibits with their exhibitors (columns: exhibit_columns(); docs/match.md), each row
  // "imported", "updated" or "unchanged". REQUIRES: organizer. Errors: auth.forbidden; row
  // failures (exhibitor.*, exhibit.*, match.*) through on_row.
  Result<BulkSummary> import_exhibits(const Actor& actor, RecordReader& reader,
                                      const BulkOptions& options, const RowCallback& on_row);
  static const std::vector<std::string>& exhibit_columns();
  static const std::vector<std::string>& exhibit_required_columns();
  // Exhibitors by id and exhibits by id; any actor (published). Errors: exhibitor.unknown.
  Result<std::vector<Exhibitor>> exhibitors(const Actor& actor, int limit, int offset);
  Result<Exhibitor> exhibitor(const Actor& actor, const std::string& id);
  Result<std::vector<Exhibit>> exhibits(const Actor& actor, const ExhibitFilter& filter);

  // Publishes a purchase need of a unit. REQUIRES: the unit itself, its delegation or the
  // organizer. Errors: auth.forbidden, unit.unknown, match.area, match.category, need.keywords,
  // need.budget, need.quantity.
  Result<PurchaseNeed> publish_need(const Actor& actor, const NeedRequest& request);
  // Needs by id: every need for the organizer; a unit's own; a delegation's for a unit it covers
  // (filter.unit required). Errors: auth.forbidden, unit.unknown.
  Result<std::vector<PurchaseNeed>> needs(const Actor& actor, const NeedFilter& filter);
  // REQUIRES: may edit the need's unit. Errors: need.unknown, auth.forbidden, need.withdrawn.
  Result<PurchaseNeed> withdraw_need(const Actor& actor, std::int64_t id);

  // The best `limit` (1–100) exhibits for an open need. REQUIRES: may read the need's unit.
  // Errors: need.unknown, auth.forbidden, need.withdrawn, match.limit.
  Result<std::vector<MatchResult>> match_need(const Actor& actor, std::int64_t need, int limit);
  // The best `limit` open needs for an exhibitor. REQUIRES: organizer (who acts for exhibitors).
  // Errors: auth.forbidden, exhibitor.unknown, match.limit.
  Result<std::vector<MatchResult>> match_exhibitor(const Actor& actor, const std::string& exhibitor,
                                                   int limit);
  // Matches every open need, in id order, against one index built once, calling `on_need` with
  // each need's best `limit`; returns the needs matched. REQUIRES: organizer. Errors:
  // auth.forbidden, match.limit.
  using NeedMatchCallback =
      std::function<void(const PurchaseNeed&, const std::vector<MatchResult>&)>;
  Result<std::int64_t> match_all_needs(const Actor& actor, int limit,
                                       const NeedMatchCallback& on_need);

  // A unit asks for a meeting with an exhibitor. REQUIRES: may edit the unit. Errors:
  // auth.forbidden, unit.unknown, exhibitor.unknown, meeting.need (not an open need of the unit),
  // meeting.time (before now, or outside the expo days), meeting.note (over 1000 bytes),
  // meeting.duplicate (a request to that exhibitor is waiting).
  Result<Meeting> request_meeting(const Actor& actor, const MeetingRequest& request);
  // Accept or decline (the organizer, for the exhibitor; a requested meeting), or cancel (the
  // unit or the organizer; requested or accepted). Errors: meeting.unknown, auth.forbidden,
  // meeting.state.
  Result<Meeting> decide_meeting(const Actor& actor, std::int64_t id, MeetingDecision decision,
                                 const std::string& note);
  // Newest first: every meeting for the organizer, a unit's own for a unit.
  Result<std::vector<Meeting>> meetings(const Actor& actor, const MeetingFilter& filter);


  // ---- Statistics and export -----------------------------------------------------------------------

  // This edition's figures grouped as query.by asks, with the totals (stats.hpp,
  // docs/stats-export.md). REQUIRES: organizer or finance (all units, or query.delegation's);
  // a delegation sees only the units it covers. Errors: auth.forbidden (a unit, the applicant,
  // or a delegation asking for another's), delegation.unknown (query.delegation).
  Result<StatsReport> stats(const Actor& actor, const StatsQuery& query);

  // Writes this edition's units, persons, orders or invoices to `sink` in request.format, row by
  // row as the store reads them (export.hpp), and returns how many rows. Masked unless
  // request.reveal, which is audited (data.reveal) before the first row.
  // REQUIRES: the organizer (everything; reveal); a delegation the rows of the units it covers
  // (masked); finance orders and invoices (masked). Errors: auth.forbidden, delegation.unknown,
  // and the sink's failure (the export stops there).
  Result<ExportSummary> export_data(const Actor& actor, const ExportRequest& request,
                                    const ExportSink& sink);
  // The columns of an export kind, in their order.
  static const std::vector<std::string>& export_columns(ExportKind kind);


  // ---- Personal data (domain §2) ---------------------------------------------------------------

  // A unit with its phone and e-mail in full. REQUIRES: organizer; audited as data.reveal.
  Result<Unit> reveal_unit(const Actor& actor, const std::string& account);

 private:
  Registry(Options options, std::unique_ptr<store::Store> store);
  Options options_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace ciie
