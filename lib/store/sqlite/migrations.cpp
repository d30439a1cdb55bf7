// Schema history. Money columns are INTEGER fen; instants are UTC text
// ("2024-10-20T15:59:59.000000Z", which sorts in time order); dates are "YYYY-MM-DD".
#include "store/sqlite/migrations.hpp"

namespace ciie::store::sqlite {
namespace {

constexpr Migration kMigrations[] = {
    {1, "foundation: meta, audit trail, delegations, badge types, free quotas", R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per mutation (domain §1). Append-only: no UPDATE or DELETE is ever issued on it.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_subject ON audit (subject, id);
CREATE INDEX audit_action ON audit (action, id);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TABLE delegation (
  slug            TEXT PRIMARY KEY,
  name_zh         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('province', 'plan_city', 'xpcc', 'central', 'nhc', 'industry')),
  region_prefixes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(region_prefixes))
) STRICT;

CREATE TABLE sub_delegation (
  slug            TEXT PRIMARY KEY,
  delegation      TEXT NOT NULL REFERENCES delegation (slug),
  name_zh         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  region_prefixes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(region_prefixes))
) STRICT;
CREATE INDEX sub_delegation_parent ON sub_delegation (delegation);

CREATE TABLE badge_type (
  code       TEXT PRIMARY KEY,
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to   TEXT NOT NULL,
  fee_fen    INTEGER NOT NULL CHECK (fee_fen >= 0),
  reusable   INTEGER NOT NULL CHECK (reusable IN (0, 1))
) STRICT;

-- Free badge places (BDG-2) of a delegation (sub_delegation = '') or one of its sub-delegations.
-- `used` counts places held; the quota module keeps used <= places in the same transaction.
CREATE TABLE free_quota (
  delegation     TEXT NOT NULL REFERENCES delegation (slug),
  sub_delegation TEXT NOT NULL DEFAULT '',
  badge_type     TEXT NOT NULL REFERENCES badge_type (code),
  places         INTEGER NOT NULL CHECK (places >= 0),
  used           INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
  PRIMARY KEY (delegation, sub_delegation, badge_type)
) STRICT;
)sql"},
    {2, "registration: units, referral codes and uses, verification codes, outbox", R"sql(
-- A registered unit (REG-1..6). `account` is the login: the USCC for mainland units, a generated
-- id elsewhere. One account per unit per edition: (edition, uscc) and, outside the mainland,
-- (edition, email) are unique.
CREATE TABLE unit (
  account             TEXT PRIMARY KEY,
  edition             INTEGER NOT NULL,
  uscc                TEXT,
  region              TEXT NOT NULL CHECK (region IN ('mainland', 'hk_mo_tw', 'overseas')),
  category            TEXT NOT NULL,
  name                TEXT NOT NULL,
  home_delegation     TEXT REFERENCES delegation (slug),
  sub_delegation      TEXT REFERENCES sub_delegation (slug),
  industry_delegation TEXT REFERENCES delegation (slug),
  route               TEXT NOT NULL CHECK (json_valid(route)),
  affiliation_reason  TEXT NOT NULL DEFAULT '',
  referral_code       TEXT REFERENCES referral_code (code),
  phone               TEXT NOT NULL DEFAULT '',
  phone_verified      INTEGER NOT NULL DEFAULT 0 CHECK (phone_verified IN (0, 1)),
  email               TEXT NOT NULL DEFAULT '',
  email_verified      INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  password_hash       TEXT,
  state               TEXT NOT NULL DEFAULT 'registered',
  profile             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
  consent_at          TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  CHECK ((region = 'mainland') = (uscc IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX unit_edition_uscc ON unit (edition, uscc) WHERE uscc IS NOT NULL;
CREATE UNIQUE INDEX unit_edition_email ON unit (edition, email) WHERE uscc IS NULL;
CREATE INDEX unit_home ON unit (home_delegation, state);
CREATE INDEX unit_industry ON unit (industry_delegation, state) WHERE industry_delegation IS NOT NULL;

-- Referral codes (REF-1..3). `uses` counts referral_use rows; the guarded use increments it only
-- while uses < max_uses, in the transaction that records the use.
CREATE TABLE referral_code (
  code                TEXT PRIMARY KEY,
  issuer              TEXT NOT NULL,
  industry_delegation TEXT REFERENCES delegation (slug),
  max_uses            INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  uses                INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
  expires_at          TEXT,
  revoked_at          TEXT,
  created_at          TEXT NOT NULL,
  created_by          TEXT NOT NULL,
  note                TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX referral_code_issuer ON referral_code (issuer);

CREATE TABLE referral_use (
  code    TEXT NOT NULL REFERENCES referral_code (code),
  account TEXT NOT NULL REFERENCES unit (account),
  at      TEXT NOT NULL,
  PRIMARY KEY (code, account)
) STRICT;

-- Verification codes (REG-5): only a hash of the code is kept.
CREATE TABLE verification (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  destination TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  code_hash   TEXT NOT NULL,
  backend     TEXT NOT NULL,
  sent_at     TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  consumed_at TEXT
) STRICT;
CREATE INDEX verification_destination ON verification (channel, destination, purpose, id);

-- Messages kept by the outbox backend (development and tests): `ciie verify outbox`.
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  destination TEXT NOT NULL,
  subject     TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL,
  backend     TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_destination ON outbox (destination, id);
)sql"},
    {3, "review: submission and review columns, persons and photos, addresses, access tokens", R"sql(
-- Review (REV-1, REV-2): the queue a submitted unit waits in and the latest decision.
ALTER TABLE unit ADD COLUMN review_queue TEXT NOT NULL DEFAULT '';
ALTER TABLE unit ADD COLUMN review_why TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(review_why));
ALTER TABLE unit ADD COLUMN submitted_at TEXT;
ALTER TABLE unit ADD COLUMN decided_at TEXT;
ALTER TABLE unit ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE unit ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX unit_queue ON unit (review_queue, state, submitted_at);

-- Persons (参观人员). One badge per person per edition across all units (一人一证): the document's
-- lifelong key is unique per edition among persons not rejected. A free badge holds one place of
-- free_quota (free_delegation, free_sub_delegation, badge_type) until it is given back.
CREATE TABLE person (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  unit                TEXT NOT NULL REFERENCES unit (account),
  edition             INTEGER NOT NULL,
  name                TEXT NOT NULL,
  document_kind       TEXT NOT NULL,
  document_number     TEXT NOT NULL,
  document_key        TEXT NOT NULL,
  birth_date          TEXT,
  sex                 TEXT CHECK (sex IS NULL OR sex IN ('female', 'male')),
  phone               TEXT NOT NULL DEFAULT '',
  position            TEXT NOT NULL DEFAULT '',
  badge_type          TEXT NOT NULL REFERENCES badge_type (code),
  free_delegation     TEXT REFERENCES delegation (slug),
  free_sub_delegation TEXT NOT NULL DEFAULT '',
  photo_format        TEXT CHECK (photo_format IS NULL OR photo_format IN ('png', 'jpeg')),
  photo_sha256        TEXT,
  state               TEXT NOT NULL CHECK (state IN ('join_requested', 'draft', 'submitted',
                                                     'under_review', 'approved', 'rejected')),
  review_queue        TEXT NOT NULL DEFAULT '',
  review_why          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(review_why)),
  review_reason       TEXT NOT NULL DEFAULT '',
  source              TEXT NOT NULL DEFAULT 'unit' CHECK (source IN ('unit', 'join')),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  submitted_at        TEXT,
  decided_at          TEXT,
  decided_by          TEXT NOT NULL DEFAULT '',
  created_by          TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX person_one_badge ON person (edition, document_kind, document_key)
  WHERE state <> 'rejected';
CREATE INDEX person_unit ON person (unit, state, id);
CREATE INDEX person_review ON person (review_queue, id) WHERE state = 'under_review';

-- Photos apart from the person rows, so that listing persons never reads image bytes.
CREATE TABLE person_photo (
  person INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
  bytes  BLOB NOT NULL
) STRICT;

-- Delivery addresses (ADR-1): at most five per unit, at most one default (the use case keeps
-- exactly one whenever any exist).
CREATE TABLE address (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  unit       TEXT NOT NULL REFERENCES unit (account),
  recipient  TEXT NOT NULL,
  phone      TEXT NOT NULL,
  division   TEXT NOT NULL,
  detail     TEXT NOT NULL,
  postcode   TEXT NOT NULL DEFAULT '',
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX address_unit ON address (unit, id);
CREATE UNIQUE INDEX address_one_default ON address (unit) WHERE is_default = 1;
CREATE TRIGGER address_limit BEFORE INSERT ON address
  WHEN (SELECT count(*) FROM address WHERE unit = NEW.unit) >= 5
  BEGIN SELECT RAISE(ABORT, 'address.limit'); END;

-- Access tokens (docs/access.md): only the SHA-256 of a secret is kept.
CREATE TABLE access_token (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  actor        TEXT NOT NULL,
  secret_hash  TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  expires_at   TEXT,
  revoked_at   TEXT,
  last_used_at TEXT
) STRICT;
CREATE INDEX access_token_actor ON access_token (actor);
)sql"},
    {4, "orders and payment: orders and their lines, payments, proofs, bank statement lines", R"sql(
-- A free badge is what the person asked for; free_delegation is the place it holds now. A closed
-- order gives the place back (ORD-4) and the next order takes one again.
ALTER TABLE person ADD COLUMN free_badge INTEGER NOT NULL DEFAULT 0 CHECK (free_badge IN (0, 1));
UPDATE person SET free_badge = 1 WHERE free_delegation IS NOT NULL;

-- Badge orders (ORD). An order is priced once; afterwards only its state changes.
CREATE TABLE badge_order (
  number       TEXT PRIMARY KEY,
  unit         TEXT NOT NULL REFERENCES unit (account),
  edition      INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('awaiting_payment', 'paid', 'settled', 'cancelled',
                                              'expired')),
  total_fen    INTEGER NOT NULL CHECK (total_fen >= 0),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  closed_at    TEXT,
  created_by   TEXT NOT NULL,
  closed_by    TEXT NOT NULL DEFAULT '',
  close_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX badge_order_unit ON badge_order (unit, created_at);
CREATE INDEX badge_order_due ON badge_order (expires_at) WHERE state = 'awaiting_payment';

-- One person of an order. A line holds its person while the order is open, paid or settled; a
-- cancelled or expired order lets go. A person is held by at most one order (ORD-1): the partial
-- unique index is the guard, whatever the backend's locking.
CREATE TABLE order_line (
  order_number TEXT NOT NULL REFERENCES badge_order (number),
  person       INTEGER NOT NULL REFERENCES person (id),
  person_name  TEXT NOT NULL,
  badge_type   TEXT NOT NULL,
  free_badge   INTEGER NOT NULL CHECK (free_badge IN (0, 1)),
  fee_fen      INTEGER NOT NULL CHECK (fee_fen >= 0),
  holding      INTEGER NOT NULL DEFAULT 1 CHECK (holding IN (0, 1)),
  PRIMARY KEY (order_number, person)
) STRICT;
CREATE UNIQUE INDEX order_line_one_holding ON order_line (person) WHERE holding = 1;
CREATE INDEX order_line_person ON order_line (person);

-- Payments (PAY): one row per attempt, whatever became of it. The gateway's (or bank's)
-- transaction id is unique: a notice delivered twice confirms once (PAY-2).
CREATE TABLE payment (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  order_number    TEXT NOT NULL REFERENCES badge_order (number),
  method          TEXT NOT NULL CHECK (method IN ('qr:alipay', 'qr:wechat', 'qr:unionpay', 'b2b',
                                                  'transfer')),
  attempt         INTEGER NOT NULL CHECK (attempt >= 1),
  idempotency_key TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('creating', 'pending', 'proof_submitted',
                                                 'flagged', 'confirmed', 'rejected', 'failed')),
  amount_fen      INTEGER NOT NULL,
  intent_id       TEXT NOT NULL DEFAULT '',
  qr_content      TEXT NOT NULL DEFAULT '',
  pay_url         TEXT NOT NULL DEFAULT '',
  transaction_id  TEXT,
  payer_name      TEXT NOT NULL DEFAULT '',
  payer_account   TEXT NOT NULL DEFAULT '',
  paid_on         TEXT,
  flag            TEXT NOT NULL DEFAULT '',
  proof_format    TEXT,
  proof_sha256    TEXT,
  last_error      TEXT NOT NULL DEFAULT '',
  decided_by      TEXT NOT NULL DEFAULT '',
  reason          TEXT NOT NULL DEFAULT '',
  forced          INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  confirmed_at    TEXT,
  UNIQUE (order_number, attempt)
) STRICT;
CREATE UNIQUE INDEX payment_transaction ON payment (transaction_id)
  WHERE transaction_id IS NOT NULL;
CREATE INDEX payment_finance ON payment (state, id) WHERE state IN ('proof_submitted', 'flagged');
CREATE INDEX payment_intent ON payment (intent_id) WHERE intent_id <> '';

CREATE TABLE payment_proof (
  payment INTEGER PRIMARY KEY REFERENCES payment (id),
  bytes   BLOB NOT NULL
) STRICT;

-- Imported bank statement lines (PAY-3); the checksum makes a re-import change nothing.
CREATE TABLE statement_line (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  checksum      TEXT NOT NULL UNIQUE,
  booked_on     TEXT NOT NULL,
  amount_fen    INTEGER NOT NULL,
  payer_name    TEXT NOT NULL,
  payer_account TEXT NOT NULL DEFAULT '',
  remark        TEXT NOT NULL DEFAULT '',
  reference     TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL CHECK (state IN ('matched', 'queued', 'flagged', 'assigned',
                                               'discarded')),
  order_number  TEXT NOT NULL DEFAULT '',
  why           TEXT NOT NULL DEFAULT '',
  payment       INTEGER REFERENCES payment (id),
  file          TEXT NOT NULL DEFAULT '',
  line          INTEGER NOT NULL DEFAULT 0,
  imported_at   TEXT NOT NULL,
  decided_by    TEXT NOT NULL DEFAULT '',
  reason        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX statement_line_queue ON statement_line (id) WHERE state = 'queued';
)sql"},
    {5, "invoices and refunds: requests, documents and their numbering, red-letter forms, refunds", R"sql(
-- A refund takes persons out of a paid order; when the last one goes the order is refunded
-- (refunded_at set; its state column stays 'paid', whose CHECK predates refunds).
ALTER TABLE badge_order ADD COLUMN refunded_fen INTEGER NOT NULL DEFAULT 0
  CHECK (refunded_fen >= 0);
ALTER TABLE badge_order ADD COLUMN refunded_at TEXT;
ALTER TABLE order_line ADD COLUMN refund INTEGER REFERENCES refund (id);

-- The standing invoice request of an order (INV-1..4): asking again replaces it.
CREATE TABLE invoice_request (
  order_number   TEXT PRIMARY KEY REFERENCES badge_order (number),
  unit           TEXT NOT NULL REFERENCES unit (account),
  type           TEXT NOT NULL CHECK (type IN ('normal', 'special')),
  title_kind     TEXT NOT NULL CHECK (title_kind IN ('unit', 'individual')),
  title          TEXT NOT NULL,
  taxpayer_id    TEXT NOT NULL DEFAULT '',
  address        TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  bank           TEXT NOT NULL DEFAULT '',
  account        TEXT NOT NULL DEFAULT '',
  delivery_phone TEXT NOT NULL DEFAULT '',
  delivery_email TEXT NOT NULL DEFAULT '',
  remark         TEXT NOT NULL DEFAULT '',
  title_locked   INTEGER NOT NULL CHECK (title_locked IN (0, 1)),
  requested_at   TEXT NOT NULL,
  requested_by   TEXT NOT NULL
) STRICT;

-- One counter per number series (year, region, channel), advanced in the transaction that
-- stores the invoice: a rollback takes the number back, so numbers are gapless (INV-5).
CREATE TABLE invoice_sequence (
  series TEXT PRIMARY KEY CHECK (length(series) = 5),
  last   INTEGER NOT NULL CHECK (last >= 0)
) STRICT;

-- Issued invoices. `document` is written once and never updated (a trigger refuses it); the
-- status columns after it change. One valid blue invoice per order: the partial unique index.
CREATE TABLE invoice (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  number       TEXT NOT NULL UNIQUE CHECK (length(number) = 20),
  kind         TEXT NOT NULL CHECK (kind IN ('blue', 'red')),
  order_number TEXT NOT NULL REFERENCES badge_order (number),
  unit         TEXT NOT NULL REFERENCES unit (account),
  issued_at    TEXT NOT NULL,
  issued_on    TEXT NOT NULL,
  gross_fen    INTEGER NOT NULL,
  refers_to    TEXT REFERENCES invoice (number),
  document     TEXT NOT NULL CHECK (json_valid(document)),
  buyer_status TEXT NOT NULL DEFAULT 'unconfirmed' CHECK (buyer_status IN ('unconfirmed', 'booked')),
  reversed_fen INTEGER NOT NULL DEFAULT 0 CHECK (reversed_fen >= 0),
  CHECK ((kind = 'blue') = (refers_to IS NULL)),
  CHECK ((kind = 'blue' AND gross_fen > 0) OR (kind = 'red' AND gross_fen < 0)),
  CHECK (reversed_fen <= max(gross_fen, 0))
) STRICT;
CREATE UNIQUE INDEX invoice_one_valid_blue ON invoice (order_number)
  WHERE kind = 'blue' AND reversed_fen < gross_fen;
CREATE INDEX invoice_order ON invoice (order_number, id);
CREATE INDEX invoice_unit ON invoice (unit, id);
CREATE INDEX invoice_refers ON invoice (refers_to) WHERE refers_to IS NOT NULL;
CREATE TRIGGER invoice_document_immutable BEFORE UPDATE OF number, kind, order_number, unit,
  issued_at, issued_on, gross_fen, refers_to, document ON invoice
  BEGIN SELECT RAISE(ABORT, 'an issued invoice is immutable'); END;
CREATE TRIGGER invoice_never_deleted BEFORE DELETE ON invoice
  BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted'); END;

-- Refunds (RFD) and their persons. A person's line of an order is refunded at most once: the
-- refund takes it with a conditional UPDATE of order_line.refund from NULL.
CREATE TABLE refund (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  order_number       TEXT NOT NULL REFERENCES badge_order (number),
  unit               TEXT NOT NULL REFERENCES unit (account),
  amount_fen         INTEGER NOT NULL CHECK (amount_fen >= 0),
  reason             TEXT NOT NULL,
  automatic          INTEGER NOT NULL CHECK (automatic IN (0, 1)),
  state              TEXT NOT NULL CHECK (state IN ('awaiting_reversal', 'awaiting_gateway',
                                                    'awaiting_transfer', 'completed')),
  method             TEXT NOT NULL,
  payment            INTEGER NOT NULL REFERENCES payment (id),
  idempotency_key    TEXT NOT NULL DEFAULT '',
  gateway_refund_id  TEXT NOT NULL DEFAULT '',
  payee_name         TEXT NOT NULL DEFAULT '',
  payee_account      TEXT NOT NULL DEFAULT '',
  transfer_reference TEXT NOT NULL DEFAULT '',
  invoice            TEXT NOT NULL DEFAULT '',
  red_form           INTEGER NOT NULL DEFAULT 0,
  red_invoice        TEXT NOT NULL DEFAULT '',
  reissued_invoice   TEXT NOT NULL DEFAULT '',
  last_error         TEXT NOT NULL DEFAULT '',
  created_by         TEXT NOT NULL,
  completed_by       TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  completed_at       TEXT
) STRICT;
CREATE INDEX refund_order ON refund (order_number, id);
CREATE INDEX refund_due ON refund (state, id) WHERE state <> 'completed';

CREATE TABLE refund_line (
  refund      INTEGER NOT NULL REFERENCES refund (id),
  person      INTEGER NOT NULL,
  person_name TEXT NOT NULL,
  badge_type  TEXT NOT NULL,
  fee_fen     INTEGER NOT NULL CHECK (fee_fen >= 0),
  PRIMARY KEY (refund, person)
) STRICT;
CREATE INDEX refund_line_person ON refund_line (person);

-- Red-letter confirmation forms (INV-7): at most one pending per blue invoice.
CREATE TABLE red_form (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  invoice      TEXT NOT NULL REFERENCES invoice (number),
  order_number TEXT NOT NULL REFERENCES badge_order (number),
  unit         TEXT NOT NULL REFERENCES unit (account),
  reason       TEXT NOT NULL CHECK (reason IN ('error', 'returned', 'service_stopped', 'discount')),
  partial      INTEGER NOT NULL CHECK (partial IN (0, 1)),
  amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
  persons      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(persons)),
  state        TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'refused', 'withdrawn',
                                              'expired')),
  raised_at    TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  decided_at   TEXT,
  raised_by    TEXT NOT NULL,
  decided_by   TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  red_invoice  TEXT NOT NULL DEFAULT '',
  refund       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX red_form_one_pending ON red_form (invoice) WHERE state = 'pending';
CREATE INDEX red_form_due ON red_form (expires_at) WHERE state = 'pending';
)sql"},
    {6, "returning visitors: candidates, past persons, badge reuse", R"sql(
-- Returning candidates (RET-1): the previous edition's units, keyed by their past account. A
-- re-import updates a row only when something changed (revision counts the changes); the claim
-- columns (RET-2) belong to this edition and an import never touches them.
CREATE TABLE returning_unit (
  account           TEXT PRIMARY KEY,
  edition           INTEGER NOT NULL,
  uscc              TEXT,
  region            TEXT NOT NULL CHECK (region IN ('mainland', 'hk_mo_tw', 'overseas')),
  category          TEXT NOT NULL,
  name              TEXT NOT NULL,
  phone             TEXT NOT NULL DEFAULT '',
  email             TEXT NOT NULL DEFAULT '',
  password_hash     TEXT NOT NULL DEFAULT '',
  delegation        TEXT NOT NULL DEFAULT '',
  sub_delegation    TEXT NOT NULL DEFAULT '',
  profile           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
  licence_sha256    TEXT NOT NULL DEFAULT '',
  revision          INTEGER NOT NULL DEFAULT 0,
  imported_at       TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'barred')),
  failed_methods    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(failed_methods)),
  password_failures INTEGER NOT NULL DEFAULT 0 CHECK (password_failures >= 0),
  claimed_by        TEXT CHECK (claimed_by IS NULL OR claimed_by IN ('password', 'sms', 'email')),
  claimed_at        TEXT,
  claimed_unit      TEXT REFERENCES unit (account),
  CHECK ((state = 'claimed') = (claimed_unit IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX returning_unit_claimed ON returning_unit (claimed_unit)
  WHERE claimed_unit IS NOT NULL;

-- Licence scans apart, so that reading candidates never reads image bytes.
CREATE TABLE returning_licence (
  account TEXT PRIMARY KEY REFERENCES returning_unit (account),
  bytes   BLOB NOT NULL
) STRICT;

-- Past persons (往届专业观众人员, RET-3) and the badges they held (BDG-3).
CREATE TABLE returning_person (
  unit               TEXT NOT NULL REFERENCES returning_unit (account),
  past_id            TEXT NOT NULL,
  name               TEXT NOT NULL,
  document_kind      TEXT NOT NULL,
  document_number    TEXT NOT NULL,
  phone              TEXT NOT NULL DEFAULT '',
  position           TEXT NOT NULL DEFAULT '',
  badge_type         TEXT NOT NULL,
  badge_number       TEXT NOT NULL DEFAULT '',
  badge_reusable     INTEGER NOT NULL CHECK (badge_reusable IN (0, 1)),
  free_badge         INTEGER NOT NULL CHECK (free_badge IN (0, 1)),
  delegation         TEXT NOT NULL DEFAULT '',
  sub_delegation     TEXT NOT NULL DEFAULT '',
  photo_sha256       TEXT NOT NULL DEFAULT '',
  revision           INTEGER NOT NULL DEFAULT 0,
  brought_forward_as INTEGER REFERENCES person (id) ON DELETE SET NULL,
  PRIMARY KEY (unit, past_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE returning_photo (
  unit    TEXT NOT NULL,
  past_id TEXT NOT NULL,
  bytes   BLOB NOT NULL,
  PRIMARY KEY (unit, past_id),
  FOREIGN KEY (unit, past_id) REFERENCES returning_person (unit, past_id)
) STRICT;

-- A person brought forward (RET-3) names its past record; badge_reuse marks a reused badge
-- (BDG-3), whose approval ends in reuse_activated.
ALTER TABLE person ADD COLUMN returning_of TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN badge_reuse INTEGER NOT NULL DEFAULT 0 CHECK (badge_reuse IN (0, 1));
)sql"},

    // ---- v7: points (PTS) ----
    {7, "points: ledger, awards, e-coupons", R"sql(
-- The points ledger (PTS-1): append-only, like the audit trail. An award is unique per
-- (rule, subject, holder), so re-running it inserts nothing; a reversal names the entry it
-- undoes, and an entry is reversed at most once. A holder's balance is the sum of its entries;
-- the statements that debit it check the balance themselves (docs/points.md).
CREATE TABLE points_entry (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  edition   INTEGER NOT NULL,
  holder    TEXT NOT NULL CHECK (holder GLOB 'unit:?*' OR holder GLOB 'person:[1-9]*'),
  rule      TEXT NOT NULL CHECK (rule IN ('register', 'invite', 'attend', 'deal', 'need', 'manual',
                                          'coupon', 'reversal')),
  subject   TEXT NOT NULL CHECK (subject <> ''),
  points    INTEGER NOT NULL,
  reverses  INTEGER NOT NULL DEFAULT 0,
  shortfall INTEGER NOT NULL DEFAULT 0 CHECK (shortfall >= 0),
  reason    TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL,
  by        TEXT NOT NULL,
  CHECK ((rule = 'reversal') = (reverses <> 0)),
  CHECK (rule NOT IN ('coupon', 'reversal') OR points <= 0),
  UNIQUE (rule, subject, holder)
) STRICT;
-- A holder's balance and history read through this index only (points covered).
CREATE INDEX points_entry_holder ON points_entry (holder, points);
CREATE UNIQUE INDEX points_entry_reversed_once ON points_entry (reverses) WHERE reverses <> 0;
CREATE TRIGGER points_entry_append_only_update BEFORE UPDATE ON points_entry
  BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_entry_append_only_delete BEFORE DELETE ON points_entry
  BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;

-- E-coupons bought with points (PTS-2); `entry` is the debit that paid for one.
CREATE TABLE points_coupon (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL UNIQUE,
  coupon      TEXT NOT NULL,
  edition     INTEGER NOT NULL,
  holder      TEXT NOT NULL,
  cost_points INTEGER NOT NULL CHECK (cost_points > 0),
  value_fen   INTEGER NOT NULL CHECK (value_fen >= 0),
  entry       INTEGER NOT NULL UNIQUE REFERENCES points_entry (id),
  at          TEXT NOT NULL,
  by          TEXT NOT NULL
) STRICT;
CREATE INDEX points_coupon_holder ON points_coupon (holder, coupon, edition);

-- Recorded deals (purchases); one per reference.
CREATE TABLE points_deal (
  reference  TEXT PRIMARY KEY CHECK (reference <> ''),
  edition    INTEGER NOT NULL,
  unit       TEXT NOT NULL REFERENCES unit (account),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  at         TEXT NOT NULL,
  by         TEXT NOT NULL
) STRICT;

-- Check-in records from the gates; the same person at the same instant is one record.
CREATE TABLE checkin (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  edition     INTEGER NOT NULL,
  person      INTEGER NOT NULL,
  badge       TEXT NOT NULL DEFAULT '',
  checked_in  TEXT NOT NULL,
  gate        TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL,
  UNIQUE (person, checked_in)
) STRICT;
)sql"},

    // ---- v8: events and matchmaking (EVT, MATCH) ----
    {8, "events and matchmaking: events and applications, exhibitors, exhibits, needs, meetings", R"sql(
-- Supporting events (EVT-1), keyed by the code of the import file. `taken` counts the persons of
-- the applications; the CHECK backs the guarded UPDATE that takes places (event.full).
CREATE TABLE event (
  code             TEXT PRIMARY KEY,
  name             TEXT NOT NULL CHECK (name <> ''),
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL CHECK (ends_on >= starts_on),
  organiser        TEXT NOT NULL CHECK (organiser <> ''),
  contact_name     TEXT NOT NULL DEFAULT '',
  contact_phone    TEXT NOT NULL DEFAULT '',
  open_to_visitors INTEGER NOT NULL CHECK (open_to_visitors IN (0, 1)),
  capacity         INTEGER CHECK (capacity IS NULL OR capacity >= 1),
  taken            INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
  revision         INTEGER NOT NULL DEFAULT 0,
  imported_at      TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK (capacity IS NULL OR taken <= capacity)
) STRICT;
CREATE INDEX event_starts_on ON event (starts_on);

CREATE TABLE event_application (
  event      TEXT NOT NULL REFERENCES event (code),
  unit       TEXT NOT NULL REFERENCES unit (account),
  persons    INTEGER NOT NULL CHECK (persons >= 1),
  applied_at TEXT NOT NULL,
  applied_by TEXT NOT NULL,
  PRIMARY KEY (event, unit)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_application_unit ON event_application (unit);

-- Exhibitors and their exhibits (MATCH-1), keyed by the ids of the import file.
CREATE TABLE exhibitor (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL CHECK (name <> ''),
  country  TEXT NOT NULL DEFAULT '',
  revision INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE exhibit (
  id          TEXT PRIMARY KEY,
  exhibitor   TEXT NOT NULL REFERENCES exhibitor (id),
  area        TEXT NOT NULL,
  category    TEXT NOT NULL,
  name        TEXT NOT NULL CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  country     TEXT NOT NULL DEFAULT '',
  revision    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX exhibit_exhibitor ON exhibit (exhibitor);
CREATE INDEX exhibit_area ON exhibit (area, category);

-- Purchase needs (采购需求) published by units. Money in fen.
CREATE TABLE purchase_need (
  id           INTEGER PRIMARY KEY,
  unit         TEXT NOT NULL REFERENCES unit (account),
  area         TEXT NOT NULL,
  category     TEXT NOT NULL,
  keywords     TEXT NOT NULL CHECK (keywords <> ''),
  description  TEXT NOT NULL DEFAULT '',
  budget_fen   INTEGER CHECK (budget_fen IS NULL OR budget_fen > 0),
  quantity     INTEGER CHECK (quantity IS NULL OR quantity > 0),
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'withdrawn')),
  published_at TEXT NOT NULL,
  withdrawn_at TEXT,
  CHECK ((state = 'withdrawn') = (withdrawn_at IS NOT NULL))
) STRICT;
CREATE INDEX purchase_need_unit ON purchase_need (unit);
CREATE INDEX purchase_need_area ON purchase_need (area, state);

-- Meetings a unit requests with an exhibitor; the organizer answers for the exhibitor. At most one
-- request waiting per unit and exhibitor.
CREATE TABLE meeting (
  id            INTEGER PRIMARY KEY,
  unit          TEXT NOT NULL REFERENCES unit (account),
  exhibitor     TEXT NOT NULL REFERENCES exhibitor (id),
  need          INTEGER REFERENCES purchase_need (id),
  at            TEXT,
  note          TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL DEFAULT 'requested'
                CHECK (state IN ('requested', 'accepted', 'declined', 'cancelled')),
  requested_at  TEXT NOT NULL,
  decided_at    TEXT,
  decided_by    TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX meeting_waiting ON meeting (unit, exhibitor) WHERE state = 'requested';
CREATE INDEX meeting_exhibitor ON meeting (exhibitor);
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace ciie::store::sqlite
