// Units in the SQL store: one row per account; the routing decision and the profile as JSON, the
// delegation columns beside them for foreign keys and queue queries. The review columns
// (review_queue … review_reason) are read here but written only by transition_unit
// (sql_review.cpp).
#include "store/sql/sql_store.hpp"
#include "store/sql/unit_codec.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kUnitColumns = R"sql(
  account, edition, uscc, region, category, name, route, affiliation_reason, referral_code,
  phone, phone_verified, email, email_verified, password_hash IS NOT NULL, state, profile,
  consent_at, created_at, updated_at, created_by, review_queue, review_why, submitted_at,
  decided_at, decided_by, review_reason)sql";

Status corrupt(const std::string& what) {
  return Status::storage("store.io", "corrupt unit row: " + what);
}

}  // namespace

std::string_view unit_columns() { return kUnitColumns; }

Result<Unit> read_unit(const Statement& stmt) {
  Unit unit;
  unit.account = stmt.column_text(0);
  unit.edition = static_cast<int>(stmt.column_int(1));
  unit.uscc = stmt.column_text(2);
  const auto region = parse_unit_region(stmt.column_text(3));
  const auto category = parse_unit_category(stmt.column_text(4));
  const auto state = parse_unit_state(stmt.column_text(14));
  if (!region || !category || !state) return corrupt(unit.account);
  unit.region = *region;
  unit.category = *category;
  unit.state = *state;
  unit.name = stmt.column_text(5);
  CIIE_ASSIGN_OR_RETURN(unit.route, decode_route(stmt.column_text(6)));
  unit.affiliation_reason = stmt.column_text(7);
  unit.referral_code = stmt.column_text(8);
  unit.phone = stmt.column_text(9);
  unit.phone_verified = stmt.column_int(10) != 0;
  unit.email = stmt.column_text(11);
  unit.email_verified = stmt.column_int(12) != 0;
  unit.has_password = stmt.column_int(13) != 0;
  CIIE_ASSIGN_OR_RETURN(unit.profile, decode_profile(stmt.column_text(15)));
  CIIE_ASSIGN_OR_RETURN(unit.consent_at, Instant::parse(stmt.column_text(16)));
  CIIE_ASSIGN_OR_RETURN(unit.created_at, Instant::parse(stmt.column_text(17)));
  CIIE_ASSIGN_OR_RETURN(unit.updated_at, Instant::parse(stmt.column_text(18)));
  unit.created_by = stmt.column_text(19);
  unit.review_queue = stmt.column_text(20);
  CIIE_ASSIGN_OR_RETURN(unit.review_why,
                        decode_strings(stmt.column_text(21), "review_why of unit " + unit.account));
  CIIE_ASSIGN_OR_RETURN(unit.submitted_at, optional_instant(stmt, 22));
  CIIE_ASSIGN_OR_RETURN(unit.decided_at, optional_instant(stmt, 23));
  unit.decided_by = stmt.column_text(24);
  unit.review_reason = stmt.column_text(25);
  return unit;
}

Result<std::optional<Unit>> SqlStore::find_unit_where(std::string_view where,
                                                         const std::string& a,
                                                         std::optional<int> edition) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kUnitColumns) +
                                           " FROM unit WHERE " + std::string(where)));
  stmt.bind(1, a);
  if (edition) stmt.bind(2, *edition);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Unit>();
  CIIE_ASSIGN_OR_RETURN(Unit unit, read_unit(stmt));
  return std::optional<Unit>(std::move(unit));
}

Result<std::optional<Unit>> SqlStore::find_unit(const std::string& account) {
  return find_unit_where("account = ?1", account, std::nullopt);
}

Result<std::optional<Unit>> SqlStore::find_unit_by_uscc(int edition, const std::string& uscc) {
  return find_unit_where("uscc = ?1 AND edition = ?2", uscc, edition);
}

Result<std::optional<Unit>> SqlStore::find_unit_by_email(int edition, const std::string& email) {
  return find_unit_where("uscc IS NULL AND email = ?1 AND edition = ?2", email, edition);
}

Status SqlStore::insert_unit(const Unit& unit, const std::string& password_hash) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO unit (account, edition, uscc, region, category, name, home_delegation,
                      sub_delegation, industry_delegation, route, affiliation_reason,
                      referral_code, phone, phone_verified, email, email_verified, password_hash,
                      state, profile, consent_at, created_at, updated_at, created_by)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22, ?23))sql"));
  stmt.bind(1, unit.account).bind(2, unit.edition);
  bind_or_null(stmt, 3, unit.uscc);
  stmt.bind(4, to_string(unit.region)).bind(5, to_string(unit.category)).bind(6, unit.name);
  bind_or_null(stmt, 7, unit.route.home_delegation);
  bind_or_null(stmt, 8, unit.route.sub_delegation);
  bind_or_null(stmt, 9, unit.route.industry_delegation);
  stmt.bind(10, encode_route(unit.route)).bind(11, unit.affiliation_reason);
  bind_or_null(stmt, 12, unit.referral_code);
  stmt.bind(13, unit.phone).bind(14, unit.phone_verified ? 1 : 0);
  stmt.bind(15, unit.email).bind(16, unit.email_verified ? 1 : 0);
  bind_or_null(stmt, 17, password_hash);
  stmt.bind(18, to_string(unit.state)).bind(19, encode_profile(unit.profile));
  stmt.bind(20, unit.consent_at).bind(21, unit.created_at);
  stmt.bind(22, unit.updated_at).bind(23, unit.created_by);
  return stmt.run();
}

Status SqlStore::update_unit(const Unit& unit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE unit SET name = ?2, email = ?3, email_verified = ?4, phone = ?5, phone_verified = ?6,
                    state = ?7, profile = ?8, updated_at = ?9
     WHERE account = ?1)sql"));
  stmt.bind(1, unit.account).bind(2, unit.name).bind(3, unit.email);
  stmt.bind(4, unit.email_verified ? 1 : 0)
      .bind(5, unit.phone)
      .bind(6, unit.phone_verified ? 1 : 0);
  stmt.bind(7, to_string(unit.state)).bind(8, encode_profile(unit.profile));
  stmt.bind(9, unit.updated_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  if (changes() != 1) return Status::not_found("unit.unknown", "no unit '" + unit.account + "'");
  return Status::ok();
}

Result<std::string> SqlStore::password_hash(const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("SELECT coalesce(password_hash, '') FROM unit WHERE account = ?1"));
  stmt.bind(1, account);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_text(0) : std::string();
}

Status SqlStore::set_password_hash(const std::string& account, const std::string& hash,
                                      Instant at) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt, prepare("UPDATE unit SET password_hash = ?2, updated_at = ?3 WHERE account = ?1"));
  stmt.bind(1, account).bind(2, hash).bind(3, at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  if (changes() != 1) return Status::not_found("unit.unknown", "no unit '" + account + "'");
  return Status::ok();
}

Result<std::vector<Unit>> SqlStore::list_units(int edition, const UnitFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kUnitColumns) + R"sql(
     FROM unit
    WHERE edition = ?1
      AND (?2 = '' OR home_delegation = ?2 OR sub_delegation = ?2 OR industry_delegation = ?2)
      AND (?3 = '' OR category = ?3) AND (?4 = '' OR state = ?4) AND (?5 = '' OR region = ?5)
    ORDER BY created_at, account LIMIT ?6 OFFSET ?7)sql"));
  stmt.bind(1, edition).bind(2, filter.delegation);
  stmt.bind(3, filter.category ? std::string(to_string(*filter.category)) : std::string());
  stmt.bind(4, filter.state ? std::string(to_string(*filter.state)) : std::string());
  stmt.bind(5, filter.region ? std::string(to_string(*filter.region)) : std::string());
  stmt.bind(6, filter.limit).bind(7, filter.offset);
  std::vector<Unit> units;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Unit unit, read_unit(stmt));
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace ciie::store::sql
