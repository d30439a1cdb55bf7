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
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace ciie::store::sqlite
