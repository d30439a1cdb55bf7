// Access tokens in the SQL store (credential.hpp, docs/access.md): only the SHA-256 of a secret is
// kept, unique, so a presented secret is found by its hash. Instants are UTC text, which sorts
// in time order, so validity is a text comparison with `now`.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kTokenColumns =
    "id, actor, prefix, note, created_at, created_by, expires_at, revoked_at, last_used_at, "
    "secret_hash";

Result<TokenRecord> read_token(const Statement& stmt) {
  TokenRecord record;
  TokenInfo& info = record.info;
  info.id = stmt.column_int(0);
  info.actor = stmt.column_text(1);
  info.prefix = stmt.column_text(2);
  info.note = stmt.column_text(3);
  CIIE_ASSIGN_OR_RETURN(info.created_at, Instant::parse(stmt.column_text(4)));
  info.created_by = stmt.column_text(5);
  CIIE_ASSIGN_OR_RETURN(info.expires_at, optional_instant(stmt, 6));
  CIIE_ASSIGN_OR_RETURN(info.revoked_at, optional_instant(stmt, 7));
  CIIE_ASSIGN_OR_RETURN(info.last_used_at, optional_instant(stmt, 8));
  record.secret_hash = stmt.column_text(9);
  return record;
}

}  // namespace

Status SqlStore::insert_token(TokenRecord& record) {
  const TokenInfo& info = record.info;
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO access_token (actor, secret_hash, prefix, note, created_at, created_by,
                              expires_at, revoked_at, last_used_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql"));
  stmt.bind(1, info.actor).bind(2, record.secret_hash).bind(3, info.prefix).bind(4, info.note);
  stmt.bind(5, info.created_at).bind(6, info.created_by);
  bind_optional_instant(stmt, 7, info.expires_at);
  bind_optional_instant(stmt, 8, info.revoked_at);
  bind_optional_instant(stmt, 9, info.last_used_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(record.info.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::optional<TokenRecord>> SqlStore::find_token_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kTokenColumns) +
                                           " FROM access_token WHERE " + std::string(where)));
  bind(stmt);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<TokenRecord>();
  CIIE_ASSIGN_OR_RETURN(TokenRecord record, read_token(stmt));
  return std::optional<TokenRecord>(std::move(record));
}

Result<std::optional<TokenRecord>> SqlStore::find_token_by_hash(const std::string& hash) {
  return find_token_where("secret_hash = ?1", [&](Statement& stmt) { stmt.bind(1, hash); });
}

Result<std::optional<TokenRecord>> SqlStore::find_token(std::int64_t id) {
  return find_token_where("id = ?1", [&](Statement& stmt) { stmt.bind(1, id); });
}

Result<std::vector<TokenInfo>> SqlStore::list_tokens() {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kTokenColumns) +
                                           " FROM access_token ORDER BY created_at DESC, id DESC"));
  std::vector<TokenInfo> tokens;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(TokenRecord record, read_token(stmt));
    tokens.push_back(std::move(record.info));
  }
  return tokens;
}

Status SqlStore::revoke_token(std::int64_t id, Instant at) {
  // A second revocation keeps the first instant (as revoke_referral).
  CIIE_ASSIGN_OR_RETURN(
      auto stmt,
      prepare("UPDATE access_token SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1"));
  stmt.bind(1, id).bind(2, at);
  return stmt.run();
}

Status SqlStore::touch_token(std::int64_t id, Instant at) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("UPDATE access_token SET last_used_at = ?2 WHERE id = ?1"));
  stmt.bind(1, id).bind(2, at);
  return stmt.run();
}

Result<std::int64_t> SqlStore::count_valid_tokens(Instant now, const std::string& actor) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT count(*) FROM access_token
     WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?1)
       AND (?2 = '' OR actor = ?2))sql"));
  stmt.bind(1, now).bind(2, actor);
  CIIE_RETURN_IF_ERROR(stmt.step().status());
  return stmt.column_int(0);
}

}  // namespace ciie::store::sql
