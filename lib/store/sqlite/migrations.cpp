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
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace ciie::store::sqlite
