// Referral codes in the SQL store. The guard of REF-2 is one conditional UPDATE: the check and the
// increment happen in a single statement inside the caller's write transaction, so no two
// transactions can both see the last free use.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kReferralColumns =
    "code, issuer, coalesce(industry_delegation, ''), max_uses, uses, expires_at, revoked_at, "
    "created_at, created_by, note";

Result<ReferralCode> read_referral(const Statement& stmt) {
  ReferralCode code;
  code.code = stmt.column_text(0);
  code.issuer = stmt.column_text(1);
  code.industry_delegation = stmt.column_text(2);
  if (!stmt.column_is_null(3)) code.max_uses = stmt.column_int(3);
  code.uses = stmt.column_int(4);
  CIIE_ASSIGN_OR_RETURN(code.expires_at, optional_instant(stmt, 5));
  CIIE_ASSIGN_OR_RETURN(code.revoked_at, optional_instant(stmt, 6));
  CIIE_ASSIGN_OR_RETURN(code.created_at, Instant::parse(stmt.column_text(7)));
  code.created_by = stmt.column_text(8);
  code.note = stmt.column_text(9);
  return code;
}

}  // namespace

Status SqlStore::insert_referral(const ReferralCode& code) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO referral_code (code, issuer, industry_delegation, max_uses, uses, expires_at,
                               created_at, created_by, note)
    VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8))sql"));
  stmt.bind(1, code.code).bind(2, code.issuer);
  if (code.industry_delegation.empty()) {
    stmt.bind_null(3);
  } else {
    stmt.bind(3, code.industry_delegation);
  }
  if (code.max_uses) {
    stmt.bind(4, *code.max_uses);
  } else {
    stmt.bind_null(4);
  }
  if (code.expires_at) {
    stmt.bind(5, *code.expires_at);
  } else {
    stmt.bind_null(5);
  }
  stmt.bind(6, code.created_at).bind(7, code.created_by).bind(8, code.note);
  return stmt.run();
}

Result<std::optional<ReferralCode>> SqlStore::find_referral(const std::string& code) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kReferralColumns) +
                                           " FROM referral_code WHERE code = ?1"));
  stmt.bind(1, code);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<ReferralCode>();
  CIIE_ASSIGN_OR_RETURN(ReferralCode found, read_referral(stmt));
  return std::optional<ReferralCode>(std::move(found));
}

Result<std::vector<ReferralCode>> SqlStore::list_referrals(const std::string& issuer) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kReferralColumns) +
                                           " FROM referral_code WHERE (?1 = '' OR issuer = ?1)"
                                           " ORDER BY created_at DESC, code"));
  stmt.bind(1, issuer);
  std::vector<ReferralCode> codes;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(ReferralCode code, read_referral(stmt));
    codes.push_back(std::move(code));
  }
  return codes;
}

Status SqlStore::revoke_referral(const std::string& code, Instant at) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt,
      prepare("UPDATE referral_code SET revoked_at = coalesce(revoked_at, ?2) WHERE code = ?1"));
  stmt.bind(1, code).bind(2, at);
  return stmt.run();
}

Result<bool> SqlStore::take_referral_use(const std::string& code, Instant now) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE referral_code SET uses = uses + 1
     WHERE code = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)
       AND (max_uses IS NULL OR uses < max_uses))sql"));
  stmt.bind(1, code).bind(2, now);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Status SqlStore::set_referral_uses(const std::string& code, std::int64_t uses) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("UPDATE referral_code SET uses = ?2 WHERE code = ?1"));
  stmt.bind(1, code).bind(2, uses);
  return stmt.run();
}

Status SqlStore::record_referral_use(const std::string& code, const std::string& account,
                                        Instant at) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt, prepare("INSERT INTO referral_use (code, account, at) VALUES (?1, ?2, ?3)"));
  stmt.bind(1, code).bind(2, account).bind(3, at);
  return stmt.run();
}

Result<std::int64_t> SqlStore::count_referral_uses(const std::string& code) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT count(*) FROM referral_use WHERE code = ?1"));
  stmt.bind(1, code);
  CIIE_RETURN_IF_ERROR(stmt.step().status());
  return stmt.column_int(0);
}

}  // namespace ciie::store::sql
