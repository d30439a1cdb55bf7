// Returning candidates in the SQL store (RET-1..3). An import writes each row with an INSERT … ON
// CONFLICT DO NOTHING (a first import: one statement a row); a row that exists already is then
// updated only when an exported column differs (`WHERE (…) IS DISTINCT FROM (…)`), the change
// counted in `revision`. The changes count of each statement tells inserted, updated and unchanged
// apart. Scans and photos live in their own tables, replaced only when their SHA-256 changed.
#include "store/sql/sql_store.hpp"
#include "store/sql/unit_codec.hpp"

#include <nlohmann/json.hpp>

namespace ciie::store::sql {
namespace {

constexpr std::string_view kCandidateColumns = R"sql(
  r.account, r.edition, r.uscc, r.region, r.category, r.name, r.phone, r.email,
  r.password_hash <> '', r.delegation, r.sub_delegation, r.profile, r.licence_sha256 <> '',
  r.state, r.failed_methods, r.password_failures, r.claimed_by, r.claimed_at, r.claimed_unit,
  (SELECT count(*) FROM returning_person p WHERE p.unit = r.account), r.imported_at,
  r.updated_at)sql";

constexpr std::string_view kPastPersonColumns = R"sql(
  unit, past_id, name, document_kind, document_number, phone, position, badge_type, badge_number,
  badge_reusable, free_badge, delegation, sub_delegation, photo_sha256, brought_forward_as)sql";

Status corrupt(const std::string& key, const std::string& what) {
  return Status::storage("store.io", "corrupt returning row " + key + ": " + what);
}

std::string encode_methods(const std::vector<ClaimMethod>& methods) {
  nlohmann::json list = nlohmann::json::array();
  for (const ClaimMethod method : methods) list.push_back(std::string(to_string(method)));
  return list.dump();
}

Result<Candidate> read_candidate(const Statement& stmt) {
  Candidate c;
  c.account = stmt.column_text(0);
  c.edition = static_cast<int>(stmt.column_int(1));
  c.uscc = stmt.column_text(2);
  const auto region = parse_unit_region(stmt.column_text(3));
  if (!region) return corrupt(c.account, "region '" + stmt.column_text(3) + "'");
  c.region = *region;
  const auto category = parse_unit_category(stmt.column_text(4));
  if (!category) return corrupt(c.account, "category '" + stmt.column_text(4) + "'");
  c.category = *category;
  c.name = stmt.column_text(5);
  c.phone = stmt.column_text(6);
  c.email = stmt.column_text(7);
  c.has_password = stmt.column_int(8) != 0;
  c.delegation = stmt.column_text(9);
  c.sub_delegation = stmt.column_text(10);
  CIIE_ASSIGN_OR_RETURN(c.profile, decode_profile(stmt.column_text(11)));
  c.has_licence = stmt.column_int(12) != 0;
  const auto state = parse_candidate_state(stmt.column_text(13));
  if (!state) return corrupt(c.account, "state '" + stmt.column_text(13) + "'");
  c.state = *state;
  CIIE_ASSIGN_OR_RETURN(const auto methods,
                        decode_strings(stmt.column_text(14), "failed_methods of " + c.account));
  for (const std::string& name : methods) {
    const auto method = parse_claim_method(name);
    if (!method) return corrupt(c.account, "method '" + name + "'");
    c.failed_methods.push_back(*method);
  }
  c.password_failures = static_cast<int>(stmt.column_int(15));
  if (!stmt.column_is_null(16)) {
    const auto method = parse_claim_method(stmt.column_text(16));
    if (!method) return corrupt(c.account, "claimed_by '" + stmt.column_text(16) + "'");
    c.claimed_by = *method;
  }
  CIIE_ASSIGN_OR_RETURN(c.claimed_at, optional_instant(stmt, 17));
  c.claimed_unit = stmt.column_text(18);
  c.persons = stmt.column_int(19);
  CIIE_ASSIGN_OR_RETURN(c.imported_at, Instant::parse(stmt.column_text(20)));
  CIIE_ASSIGN_OR_RETURN(c.updated_at, Instant::parse(stmt.column_text(21)));
  return c;
}

Result<PastPerson> read_past_person(const Statement& stmt) {
  PastPerson p;
  p.unit = stmt.column_text(0);
  p.past_id = stmt.column_text(1);
  p.name = stmt.column_text(2);
  const auto kind = codes::parse_document_kind(stmt.column_text(3));
  if (!kind) return corrupt(p.unit + "/" + p.past_id, "document kind");
  p.document_kind = *kind;
  p.document_number = stmt.column_text(4);
  p.phone = stmt.column_text(5);
  p.position = stmt.column_text(6);
  p.badge_type = stmt.column_text(7);
  p.badge_number = stmt.column_text(8);
  p.badge_reusable = stmt.column_int(9) != 0;
  p.free_badge = stmt.column_int(10) != 0;
  p.delegation = stmt.column_text(11);
  p.sub_delegation = stmt.column_text(12);
  p.photo_sha256 = stmt.column_text(13);
  if (!stmt.column_is_null(14)) p.brought_forward_as = stmt.column_int(14);
  return p;
}

}  // namespace

Result<Upserted> SqlStore::upsert_candidate(const CandidateImport& row, Instant at) {
  const Candidate& c = row.candidate;
  const std::string profile = encode_profile(c.profile);
  const Instant now = at;
  // The strings outlive both statements: bound without copies (the import's hot path).
  const auto bind_row = [&](Statement& stmt) {
    stmt.bind_unowned(1, c.account).bind(2, c.edition);
    if (c.uscc.empty()) {
      stmt.bind_null(3);
    } else {
      stmt.bind_unowned(3, c.uscc);
    }
    stmt.bind(4, to_string(c.region)).bind(5, to_string(c.category)).bind_unowned(6, c.name);
    stmt.bind_unowned(7, c.phone).bind_unowned(8, c.email).bind_unowned(9, row.password_hash);
    stmt.bind_unowned(10, c.delegation).bind_unowned(11, c.sub_delegation);
    stmt.bind_unowned(12, profile).bind_unowned(13, row.licence_sha256).bind(14, now);
  };
  // A first import inserts; only a row that exists already pays for the comparison.
  CIIE_ASSIGN_OR_RETURN(auto insert, prepare(R"sql(
    INSERT INTO returning_unit (account, edition, uscc, region, category, name, phone, email,
                                password_hash, delegation, sub_delegation, profile,
                                licence_sha256, imported_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
    ON CONFLICT (account) DO NOTHING)sql"));
  bind_row(insert);
  CIIE_RETURN_IF_ERROR(insert.run());
  Upserted result = Upserted::kInserted;
  if (changes() == 0) {
    CIIE_ASSIGN_OR_RETURN(auto update, prepare(R"sql(
      UPDATE returning_unit SET
        edition = ?2, uscc = ?3, region = ?4, category = ?5, name = ?6, phone = ?7, email = ?8,
        password_hash = ?9, delegation = ?10, sub_delegation = ?11, profile = ?12,
        licence_sha256 = ?13, updated_at = ?14, revision = revision + 1
      WHERE account = ?1
        AND (edition, uscc, region, category, name, phone, email, password_hash, delegation,
             sub_delegation, profile, licence_sha256) IS DISTINCT FROM
            (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql"));
    bind_row(update);
    CIIE_RETURN_IF_ERROR(update.run());
    result = changes() == 0 ? Upserted::kUnchanged : Upserted::kUpdated;
  }
  if (result == Upserted::kUnchanged) return result;
  if (row.licence.empty()) {
    if (result == Upserted::kInserted) return result;  // a new candidate has no scan to drop
    CIIE_ASSIGN_OR_RETURN(auto drop,
                          prepare("DELETE FROM returning_licence WHERE account = ?1"));
    drop.bind(1, c.account);
    CIIE_RETURN_IF_ERROR(drop.run());
  } else {
    CIIE_ASSIGN_OR_RETURN(auto put, prepare(R"sql(
      INSERT INTO returning_licence (account, bytes) VALUES (?1, ?2)
      ON CONFLICT (account) DO UPDATE SET bytes = excluded.bytes)sql"));
    put.bind(1, c.account).bind_blob(2, row.licence);
    CIIE_RETURN_IF_ERROR(put.run());
  }
  return result;
}

Result<Upserted> SqlStore::upsert_past_person(const PastPersonImport& row) {
  const PastPerson& p = row.person;
  // The row's strings outlive both statements: bound without copies (the import's hot path).
  const auto bind_row = [&](Statement& stmt) {
    stmt.bind_unowned(1, p.unit).bind_unowned(2, p.past_id).bind_unowned(3, p.name);
    stmt.bind(4, codes::to_string(p.document_kind)).bind_unowned(5, p.document_number);
    stmt.bind_unowned(6, p.phone).bind_unowned(7, p.position).bind_unowned(8, p.badge_type);
    stmt.bind_unowned(9, p.badge_number);
    stmt.bind(10, p.badge_reusable ? 1 : 0).bind(11, p.free_badge ? 1 : 0);
    stmt.bind_unowned(12, p.delegation).bind_unowned(13, p.sub_delegation);
    stmt.bind_unowned(14, p.photo_sha256);
  };
  CIIE_ASSIGN_OR_RETURN(auto insert, prepare(R"sql(
    INSERT INTO returning_person (unit, past_id, name, document_kind, document_number, phone,
                                  position, badge_type, badge_number, badge_reusable, free_badge,
                                  delegation, sub_delegation, photo_sha256)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
    ON CONFLICT (unit, past_id) DO NOTHING)sql"));
  bind_row(insert);
  CIIE_RETURN_IF_ERROR(insert.run());
  Upserted result = Upserted::kInserted;
  if (changes() == 0) {
    CIIE_ASSIGN_OR_RETURN(auto update, prepare(R"sql(
      UPDATE returning_person SET
        name = ?3, document_kind = ?4, document_number = ?5, phone = ?6, position = ?7,
        badge_type = ?8, badge_number = ?9, badge_reusable = ?10, free_badge = ?11,
        delegation = ?12, sub_delegation = ?13, photo_sha256 = ?14, revision = revision + 1
      WHERE unit = ?1 AND past_id = ?2
        AND (name, document_kind, document_number, phone, position, badge_type, badge_number,
             badge_reusable, free_badge, delegation, sub_delegation, photo_sha256) IS DISTINCT FROM
            (?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14))sql"));
    bind_row(update);
    CIIE_RETURN_IF_ERROR(update.run());
    result = changes() == 0 ? Upserted::kUnchanged : Upserted::kUpdated;
  }
  if (result == Upserted::kUnchanged) return result;
  if (row.photo.empty()) {
    if (result == Upserted::kUpdated) {
      CIIE_ASSIGN_OR_RETURN(
          auto drop, prepare("DELETE FROM returning_photo WHERE unit = ?1 AND past_id = ?2"));
      drop.bind(1, p.unit).bind(2, p.past_id);
      CIIE_RETURN_IF_ERROR(drop.run());
    }
  } else {
    CIIE_ASSIGN_OR_RETURN(auto put, prepare(R"sql(
      INSERT INTO returning_photo (unit, past_id, bytes) VALUES (?1, ?2, ?3)
      ON CONFLICT (unit, past_id) DO UPDATE SET bytes = excluded.bytes)sql"));
    put.bind(1, p.unit).bind(2, p.past_id).bind_blob(3, row.photo);
    CIIE_RETURN_IF_ERROR(put.run());
  }
  return result;
}

Result<std::optional<int>> SqlStore::candidate_edition(const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("SELECT edition FROM returning_unit WHERE account = ?1"));
  stmt.bind(1, account);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<int>();
  return std::optional<int>(static_cast<int>(stmt.column_int(0)));
}

Result<std::optional<Candidate>> SqlStore::find_candidate_where(std::string_view where,
                                                                   const std::string& key) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kCandidateColumns) +
                                           " FROM returning_unit r WHERE " + std::string(where)));
  stmt.bind(1, key);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Candidate>();
  CIIE_ASSIGN_OR_RETURN(Candidate candidate, read_candidate(stmt));
  return std::optional<Candidate>(std::move(candidate));
}

Result<std::optional<Candidate>> SqlStore::find_candidate(const std::string& account) {
  return find_candidate_where("r.account = ?1", account);
}

Result<std::optional<Candidate>> SqlStore::find_claimed_candidate(const std::string& unit) {
  return find_candidate_where("r.claimed_unit = ?1", unit);
}

Result<std::vector<Candidate>> SqlStore::list_candidates(const CandidateFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kCandidateColumns) + R"sql(
      FROM returning_unit r WHERE (?1 = '' OR r.state = ?1)
     ORDER BY r.account LIMIT ?2 OFFSET ?3)sql"));
  stmt.bind(1, filter.state ? std::string(to_string(*filter.state)) : std::string());
  stmt.bind(2, filter.limit).bind(3, filter.offset);
  std::vector<Candidate> candidates;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Candidate candidate, read_candidate(stmt));
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

Result<std::string> SqlStore::candidate_password_hash(const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("SELECT password_hash FROM returning_unit WHERE account = ?1"));
  stmt.bind(1, account);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_text(0) : std::string();
}

Result<std::string> SqlStore::candidate_licence(const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(auto stmt,
                        prepare("SELECT bytes FROM returning_licence WHERE account = ?1"));
  stmt.bind(1, account);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_blob(0) : std::string();
}

Result<bool> SqlStore::update_candidate_claim(const Candidate& candidate,
                                                 CandidateState from) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE returning_unit
       SET state = ?2, failed_methods = ?3, password_failures = ?4, claimed_by = ?5,
           claimed_at = ?6, claimed_unit = ?7
     WHERE account = ?1 AND state = ?8)sql"));
  stmt.bind(1, candidate.account).bind(2, to_string(candidate.state));
  stmt.bind(3, encode_methods(candidate.failed_methods)).bind(4, candidate.password_failures);
  if (candidate.claimed_by) {
    stmt.bind(5, to_string(*candidate.claimed_by));
  } else {
    stmt.bind_null(5);
  }
  bind_optional_instant(stmt, 6, candidate.claimed_at);
  bind_or_null(stmt, 7, candidate.claimed_unit);
  stmt.bind(8, to_string(from));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return db_->changes() == 1;
}

Result<std::vector<PastPerson>> SqlStore::list_past_persons(const std::string& unit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPastPersonColumns) +
                                           " FROM returning_person WHERE unit = ?1 ORDER BY past_id"));
  stmt.bind(1, unit);
  std::vector<PastPerson> persons;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(PastPerson person, read_past_person(stmt));
    persons.push_back(std::move(person));
  }
  return persons;
}

Result<std::string> SqlStore::past_person_photo(const std::string& unit,
                                                   const std::string& past_id) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt, prepare("SELECT bytes FROM returning_photo WHERE unit = ?1 AND past_id = ?2"));
  stmt.bind(1, unit).bind(2, past_id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_blob(0) : std::string();
}

Status SqlStore::set_brought_forward(const std::string& unit, const std::string& past_id,
                                        std::int64_t person) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE returning_person SET brought_forward_as = ?3 WHERE unit = ?1 AND past_id = ?2)sql"));
  stmt.bind(1, unit).bind(2, past_id).bind(3, person);
  return stmt.run();
}

}  // namespace ciie::store::sql
