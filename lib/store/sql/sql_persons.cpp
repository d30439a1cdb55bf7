// Persons in the SQL store (SUB, REV-3, REV-4): one row per person, its photo apart in person_photo
// so that listings never read image bytes. One badge per person per edition (一人一证) is the partial
// unique index person_one_badge (rejected persons excluded): two units adding the same document at
// once cannot both succeed. The person queue joins the unit for its filters.
#include "store/sql/row_readers.hpp"
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

// Always read from `person p` (the person queue joins `unit u`).
constexpr std::string_view kPersonColumns = R"sql(
  p.id, p.unit, p.edition, p.name, p.document_kind, p.document_number, p.document_key,
  p.birth_date, p.sex, p.phone, p.position, p.badge_type, p.free_delegation,
  p.free_sub_delegation, p.photo_format, p.photo_sha256, p.state, p.review_reason, p.source,
  p.created_at, p.updated_at, p.submitted_at, p.created_by, p.review_queue, p.review_why,
  p.free_badge, p.returning_of, p.badge_reuse)sql";

std::string_view sex_name(codes::Sex sex) {
  return sex == codes::Sex::kFemale ? "female" : "male";
}

Status corrupt(std::int64_t id, const std::string& what) {
  return Status::storage("store.io", "corrupt person row " + std::to_string(id) + ": " + what);
}

Result<Person> read_person(const Statement& stmt) {
  Person person;
  person.id = stmt.column_int(0);
  person.unit = stmt.column_text(1);
  person.edition = static_cast<int>(stmt.column_int(2));
  person.name = stmt.column_text(3);
  const auto kind = codes::parse_document_kind(stmt.column_text(4));
  if (!kind) return corrupt(person.id, "document kind '" + stmt.column_text(4) + "'");
  person.document_kind = *kind;
  person.document_number = stmt.column_text(5);
  person.document_key = stmt.column_text(6);
  if (!stmt.column_is_null(7)) {
    CIIE_ASSIGN_OR_RETURN(const Date birth, Date::parse(stmt.column_text(7)));
    person.birth_date = birth;
  }
  if (!stmt.column_is_null(8)) {
    const std::string sex = stmt.column_text(8);
    if (sex == "female") {
      person.sex = codes::Sex::kFemale;
    } else if (sex == "male") {
      person.sex = codes::Sex::kMale;
    } else {
      return corrupt(person.id, "sex '" + sex + "'");
    }
  }
  person.phone = stmt.column_text(9);
  person.position = stmt.column_text(10);
  person.badge_type = stmt.column_text(11);
  person.free_badge = stmt.column_int(25) != 0;
  person.returning_of = stmt.column_text(26);
  person.badge_reuse = stmt.column_int(27) != 0;
  if (!stmt.column_is_null(12)) {
    const std::string sub = stmt.column_text(13);
    person.free_quota = stmt.column_text(12) + (sub.empty() ? "" : "/" + sub);
  }
  person.has_photo = !stmt.column_is_null(15);
  if (person.has_photo) {
    person.photo_format = stmt.column_text(14);
    person.photo_sha256 = stmt.column_text(15);
  }
  const auto state = parse_person_state(stmt.column_text(16));
  if (!state) return corrupt(person.id, "state '" + stmt.column_text(16) + "'");
  person.state = *state;
  person.review_reason = stmt.column_text(17);
  person.source = stmt.column_text(18);
  CIIE_ASSIGN_OR_RETURN(person.created_at, Instant::parse(stmt.column_text(19)));
  CIIE_ASSIGN_OR_RETURN(person.updated_at, Instant::parse(stmt.column_text(20)));
  CIIE_ASSIGN_OR_RETURN(person.submitted_at, optional_instant(stmt, 21));
  person.created_by = stmt.column_text(22);
  person.review_queue = stmt.column_text(23);
  CIIE_ASSIGN_OR_RETURN(person.review_why,
                        decode_strings(stmt.column_text(24),
                                       "review_why of person " + std::to_string(person.id)));
  return person;
}

Result<std::vector<Person>> read_persons(Statement& stmt) {
  std::vector<Person> persons;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Person person, read_person(stmt));
    persons.push_back(std::move(person));
  }
  return persons;
}

// The person queue's conditions: bind_queue_filter's ?1..?7, the unit filters on `u`.
constexpr std::string_view kPersonQueueWhere = R"sql(
   FROM person p JOIN unit u ON u.account = p.unit
  WHERE p.state = 'under_review' AND p.edition = ?1 AND (?2 = 'all' OR p.review_queue = ?2)
    AND (?3 = '' OR u.sub_delegation = ?3) AND (?4 = '' OR u.category = ?4)
    AND (?5 = '' OR u.region = ?5) AND (p.submitted_at < ?6 OR ?6 IS NULL)
    AND (?7 = '' OR instr(u.name, ?7) > 0))sql";

}  // namespace

// The shared readers of row_readers.hpp (statistics and export).
std::string_view person_row_columns() { return kPersonColumns; }
Result<Person> read_person_row(const Statement& stmt) { return read_person(stmt); }

Status SqlStore::insert_person(Person& person, const std::string& photo) {
  std::string free_delegation, free_sub;
  if (person.free_badge) {
    const auto slash = person.free_quota.find('/');
    free_delegation = person.free_quota.substr(0, slash);
    if (slash != std::string::npos) free_sub = person.free_quota.substr(slash + 1);
    if (free_delegation.empty()) {
      return Status::internal("insert_person: a free badge without the quota it holds");
    }
  }
  if (!photo.empty() && (person.photo_sha256.empty() || person.photo_format.empty())) {
    return Status::internal("insert_person: a photo without its format and SHA-256");
  }
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO person (unit, edition, name, document_kind, document_number, document_key,
                        birth_date, sex, phone, position, badge_type, free_delegation,
                        free_sub_delegation, photo_format, photo_sha256, state, review_reason,
                        source, created_at, updated_at, submitted_at, created_by, review_queue,
                        review_why, free_badge, returning_of, badge_reuse)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27))sql"));
  stmt.bind(1, person.unit).bind(2, person.edition).bind(3, person.name);
  stmt.bind(4, codes::to_string(person.document_kind)).bind(5, person.document_number);
  stmt.bind(6, person.document_key);
  if (person.birth_date) {
    stmt.bind(7, person.birth_date->to_string());
  } else {
    stmt.bind_null(7);
  }
  if (person.sex) {
    stmt.bind(8, sex_name(*person.sex));
  } else {
    stmt.bind_null(8);
  }
  stmt.bind(9, person.phone).bind(10, person.position).bind(11, person.badge_type);
  bind_or_null(stmt, 12, free_delegation);
  stmt.bind(13, free_sub);
  if (photo.empty()) {
    stmt.bind_null(14).bind_null(15);
  } else {
    stmt.bind(14, person.photo_format).bind(15, person.photo_sha256);
  }
  stmt.bind(16, to_string(person.state)).bind(17, person.review_reason);
  stmt.bind(18, person.source.empty() ? std::string("unit") : person.source);
  stmt.bind(19, person.created_at).bind(20, person.updated_at);
  bind_optional_instant(stmt, 21, person.submitted_at);
  stmt.bind(22, person.created_by).bind(23, person.review_queue);
  stmt.bind(24, encode_strings(person.review_why)).bind(25, person.free_badge ? 1 : 0);
  stmt.bind(26, person.returning_of).bind(27, person.badge_reuse ? 1 : 0);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(person.id, db_->last_insert_id());
  person.has_photo = !photo.empty();
  if (person.source.empty()) person.source = "unit";
  if (!photo.empty()) {
    CIIE_ASSIGN_OR_RETURN(auto insert_photo,
                          prepare("INSERT INTO person_photo (person, bytes) VALUES (?1, ?2)"));
    insert_photo.bind(1, person.id).bind_blob(2, photo);
    CIIE_RETURN_IF_ERROR(insert_photo.run());
  }
  return Status::ok();
}

Status SqlStore::set_person_free_place(std::int64_t id, const std::string& free_quota) {
  const auto slash = free_quota.find('/');
  const std::string delegation = free_quota.substr(0, slash);
  const std::string sub = slash == std::string::npos ? "" : free_quota.substr(slash + 1);
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE person SET free_delegation = ?2, free_sub_delegation = ?3 WHERE id = ?1)sql"));
  stmt.bind(1, id);
  bind_or_null(stmt, 2, delegation);
  stmt.bind(3, sub);
  return stmt.run();
}

Result<std::optional<Person>> SqlStore::find_person_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPersonColumns) +
                                           " FROM person p WHERE " + std::string(where)));
  bind(stmt);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Person>();
  CIIE_ASSIGN_OR_RETURN(Person person, read_person(stmt));
  return std::optional<Person>(std::move(person));
}

Result<std::optional<Person>> SqlStore::find_person(std::int64_t id) {
  return find_person_where("p.id = ?1", [&](Statement& stmt) { stmt.bind(1, id); });
}

Result<std::optional<Person>> SqlStore::find_person_by_document(int edition,
                                                                   codes::DocumentKind kind,
                                                                   const std::string& key) {
  // The same condition as the partial index person_one_badge, so the index answers it.
  return find_person_where(
      "p.edition = ?1 AND p.document_kind = ?2 AND p.document_key = ?3 AND p.state <> 'rejected'",
      [&](Statement& stmt) {
        stmt.bind(1, edition).bind(2, codes::to_string(kind)).bind(3, key);
      });
}

Result<std::vector<Person>> SqlStore::list_persons(const std::string& unit,
                                                      const PersonFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPersonColumns) + R"sql(
     FROM person p
    WHERE p.unit = ?1
      AND (CASE WHEN ?2 = '' THEN p.state <> 'join_requested' ELSE p.state = ?2 END)
      AND (?3 = '' OR p.badge_type = ?3)
    ORDER BY p.id LIMIT ?4 OFFSET ?5)sql"));
  stmt.bind(1, unit);
  stmt.bind(2, filter.state ? std::string(to_string(*filter.state)) : std::string());
  stmt.bind(3, filter.badge_type).bind(4, filter.limit).bind(5, filter.offset);
  return read_persons(stmt);
}

Result<PersonCounts> SqlStore::count_persons(const std::string& unit) {
  CIIE_ASSIGN_OR_RETURN(
      auto stmt, prepare("SELECT state, count(*) FROM person WHERE unit = ?1 GROUP BY state"));
  stmt.bind(1, unit);
  PersonCounts counts;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    const auto state = parse_person_state(stmt.column_text(0));
    if (!state) return Status::storage("store.io", "corrupt person state " + stmt.column_text(0));
    const std::int64_t n = stmt.column_int(1);
    switch (*state) {
      case PersonState::kJoinRequested: counts.join_requested = n; break;
      case PersonState::kDraft: counts.draft = n; break;
      case PersonState::kSubmitted: counts.submitted = n; break;
      case PersonState::kUnderReview: counts.under_review = n; break;
      case PersonState::kApproved: counts.approved = n; break;
      case PersonState::kRejected: counts.rejected = n; break;
    }
  }
  return counts;
}

Result<bool> SqlStore::transition_person(const PersonTransition& t) {
  // As transition_unit: unset optionals bind NULL and coalesce keeps the column.
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("UPDATE person SET " + std::string(kReviewTransitionSet) +
                                           " WHERE id = ?1 AND state IN (SELECT value FROM json_each(?2))"));
  stmt.bind(1, t.id);
  bind_review_transition(stmt, t);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Status SqlStore::delete_person(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto photo, prepare("DELETE FROM person_photo WHERE person = ?1"));
  photo.bind(1, id);
  CIIE_RETURN_IF_ERROR(photo.run());
  CIIE_ASSIGN_OR_RETURN(auto row, prepare("DELETE FROM person WHERE id = ?1"));
  row.bind(1, id);
  return row.run();  // an unknown id deletes nothing (the use case has loaded the person)
}

Result<std::vector<Person>> SqlStore::list_person_queue(const QueueQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kPersonColumns) +
                                           std::string(kPersonQueueWhere) +
                                           " ORDER BY p.id LIMIT ?8 OFFSET ?9"));
  bind_queue_filter(stmt, query);
  stmt.bind(8, query.limit).bind(9, query.offset);
  return read_persons(stmt);
}

Result<std::int64_t> SqlStore::count_person_queue(const QueueQuery& query) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT count(*)" + std::string(kPersonQueueWhere)));
  bind_queue_filter(stmt, query);
  CIIE_RETURN_IF_ERROR(stmt.step().status());
  return stmt.column_int(0);
}

Result<std::string> SqlStore::person_photo(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT bytes FROM person_photo WHERE person = ?1"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  return row ? stmt.column_blob(0) : std::string();
}

}  // namespace ciie::store::sql
