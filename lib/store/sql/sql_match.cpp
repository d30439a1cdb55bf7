// Exhibitors, exhibits, purchase needs and meetings in the SQL store (MATCH-1). Imports upsert by
// id and write only when a column differs, so a re-import is a no-op; a waiting meeting request is
// unique per unit and exhibitor by a partial unique index.
#include <limits>

#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kExhibitColumns = R"sql(
  e.id, e.exhibitor, x.name, e.area, e.category, e.name, e.description, e.country)sql";

constexpr std::string_view kNeedColumns = R"sql(
  n.id, n.unit, u.name, n.area, n.category, n.keywords, n.description, n.budget_fen,
  n.quantity, n.state, n.published_at, n.withdrawn_at)sql";

constexpr std::string_view kMeetingColumns = R"sql(
  m.id, m.unit, m.exhibitor, x.name, m.need, m.at, m.note, m.state, m.requested_at,
  m.decided_at, m.decided_by, m.decision_note)sql";

Exhibit read_exhibit(const Statement& stmt) {
  Exhibit e;
  e.id = stmt.column_text(0);
  e.exhibitor = stmt.column_text(1);
  e.exhibitor_name = stmt.column_text(2);
  e.area = stmt.column_text(3);
  e.category = stmt.column_text(4);
  e.name = stmt.column_text(5);
  e.description = stmt.column_text(6);
  e.country = stmt.column_text(7);
  return e;
}

Result<PurchaseNeed> read_need(const Statement& stmt) {
  PurchaseNeed n;
  n.id = stmt.column_int(0);
  n.unit = stmt.column_text(1);
  n.unit_name = stmt.column_text(2);
  n.area = stmt.column_text(3);
  n.category = stmt.column_text(4);
  n.keywords = stmt.column_text(5);
  n.description = stmt.column_text(6);
  if (!stmt.column_is_null(7)) n.budget = Money::from_fen(stmt.column_int(7));
  if (!stmt.column_is_null(8)) n.quantity = stmt.column_int(8);
  const auto state = parse_need_state(stmt.column_text(9));
  if (!state) return Status::storage("store.io", "corrupt need state " + stmt.column_text(9));
  n.state = *state;
  CIIE_ASSIGN_OR_RETURN(n.published_at, Instant::parse(stmt.column_text(10)));
  CIIE_ASSIGN_OR_RETURN(n.withdrawn_at, optional_instant(stmt, 11));
  return n;
}

Result<Meeting> read_meeting(const Statement& stmt) {
  Meeting m;
  m.id = stmt.column_int(0);
  m.unit = stmt.column_text(1);
  m.exhibitor = stmt.column_text(2);
  m.exhibitor_name = stmt.column_text(3);
  if (!stmt.column_is_null(4)) m.need = stmt.column_int(4);
  CIIE_ASSIGN_OR_RETURN(m.at, optional_instant(stmt, 5));
  m.note = stmt.column_text(6);
  const auto state = parse_meeting_state(stmt.column_text(7));
  if (!state) return Status::storage("store.io", "corrupt meeting state " + stmt.column_text(7));
  m.state = *state;
  CIIE_ASSIGN_OR_RETURN(m.requested_at, Instant::parse(stmt.column_text(8)));
  CIIE_ASSIGN_OR_RETURN(m.decided_at, optional_instant(stmt, 9));
  m.decided_by = stmt.column_text(10);
  m.decision_note = stmt.column_text(11);
  return m;
}

}  // namespace

Result<Upserted> SqlStore::upsert_exhibitor(const Exhibitor& x) {
  CIIE_ASSIGN_OR_RETURN(auto insert, prepare(R"sql(
    INSERT INTO exhibitor (id, name, country) VALUES (?1, ?2, ?3)
    ON CONFLICT (id) DO NOTHING)sql"));
  insert.bind(1, x.id).bind(2, x.name).bind(3, x.country);
  CIIE_RETURN_IF_ERROR(insert.run());
  if (changes() > 0) return Upserted::kInserted;
  CIIE_ASSIGN_OR_RETURN(auto update, prepare(R"sql(
    UPDATE exhibitor SET name = ?2, country = ?3, revision = revision + 1
     WHERE id = ?1 AND (name, country) IS DISTINCT FROM (?2, ?3))sql"));
  update.bind(1, x.id).bind(2, x.name).bind(3, x.country);
  CIIE_RETURN_IF_ERROR(update.run());
  return changes() == 0 ? Upserted::kUnchanged : Upserted::kUpdated;
}

Result<Upserted> SqlStore::upsert_exhibit(const Exhibit& e) {
  const auto bind_row = [&](Statement& stmt) {
    stmt.bind_unowned(1, e.id).bind_unowned(2, e.exhibitor).bind_unowned(3, e.area);
    stmt.bind_unowned(4, e.category).bind_unowned(5, e.name).bind_unowned(6, e.description);
    stmt.bind_unowned(7, e.country);
  };
  CIIE_ASSIGN_OR_RETURN(auto insert, prepare(R"sql(
    INSERT INTO exhibit (id, exhibitor, area, category, name, description, country)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
    ON CONFLICT (id) DO NOTHING)sql"));
  bind_row(insert);
  CIIE_RETURN_IF_ERROR(insert.run());
  if (changes() > 0) return Upserted::kInserted;
  CIIE_ASSIGN_OR_RETURN(auto update, prepare(R"sql(
    UPDATE exhibit SET exhibitor = ?2, area = ?3, category = ?4, name = ?5, description = ?6,
                       country = ?7, revision = revision + 1
     WHERE id = ?1
       AND (exhibitor, area, category, name, description, country) IS DISTINCT FROM
           (?2, ?3, ?4, ?5, ?6, ?7))sql"));
  bind_row(update);
  CIIE_RETURN_IF_ERROR(update.run());
  return changes() == 0 ? Upserted::kUnchanged : Upserted::kUpdated;
}

Result<std::optional<Exhibitor>> SqlStore::find_exhibitor(const std::string& id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT x.id, x.name, x.country, (SELECT count(*) FROM exhibit e WHERE e.exhibitor = x.id)
      FROM exhibitor x WHERE x.id = ?1)sql"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Exhibitor>();
  return std::optional<Exhibitor>(
      Exhibitor{stmt.column_text(0), stmt.column_text(1), stmt.column_text(2), stmt.column_int(3)});
}

Result<std::vector<Exhibitor>> SqlStore::list_exhibitors(int limit, int offset) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT x.id, x.name, x.country, (SELECT count(*) FROM exhibit e WHERE e.exhibitor = x.id)
      FROM exhibitor x ORDER BY x.id LIMIT ?1 OFFSET ?2)sql"));
  stmt.bind(1, limit).bind(2, offset);
  std::vector<Exhibitor> exhibitors;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    exhibitors.push_back(
        {stmt.column_text(0), stmt.column_text(1), stmt.column_text(2), stmt.column_int(3)});
  }
  return exhibitors;
}

Result<std::optional<Exhibit>> SqlStore::find_exhibit(const std::string& id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kExhibitColumns) + R"sql(
      FROM exhibit e JOIN exhibitor x ON x.id = e.exhibitor WHERE e.id = ?1)sql"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<Exhibit>();
  return std::optional<Exhibit>(read_exhibit(stmt));
}

Result<std::vector<Exhibit>> SqlStore::list_exhibits(const ExhibitFilter& f) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kExhibitColumns) + R"sql(
      FROM exhibit e JOIN exhibitor x ON x.id = e.exhibitor
     WHERE (?1 = '' OR e.exhibitor = ?1) AND (?2 = '' OR e.area = ?2)
       AND (?3 = '' OR e.category = ?3)
     ORDER BY e.id LIMIT ?4 OFFSET ?5)sql"));
  stmt.bind(1, f.exhibitor).bind(2, f.area).bind(3, f.category);
  stmt.bind(4, f.limit == 0 ? std::numeric_limits<std::int64_t>::max() : std::int64_t{f.limit}).bind(5, f.offset);
  std::vector<Exhibit> exhibits;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    exhibits.push_back(read_exhibit(stmt));
  }
  return exhibits;
}

Status SqlStore::insert_need(PurchaseNeed& n) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO purchase_need (unit, area, category, keywords, description, budget_fen, quantity,
                               published_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql"));
  stmt.bind(1, n.unit).bind(2, n.area).bind(3, n.category).bind(4, n.keywords);
  stmt.bind(5, n.description);
  if (n.budget) {
    stmt.bind(6, n.budget->fen());
  } else {
    stmt.bind_null(6);
  }
  if (n.quantity) {
    stmt.bind(7, *n.quantity);
  } else {
    stmt.bind_null(7);
  }
  stmt.bind(8, n.published_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(n.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::vector<PurchaseNeed>> SqlStore::needs_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kNeedColumns) +
                                           " FROM purchase_need n JOIN unit u ON u.account = "
                                           "n.unit WHERE " + std::string(where)));
  bind(stmt);
  std::vector<PurchaseNeed> needs;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(PurchaseNeed need, read_need(stmt));
    needs.push_back(std::move(need));
  }
  return needs;
}

Result<std::optional<PurchaseNeed>> SqlStore::find_need(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto needs,
                        needs_where("n.id = ?1", [&](Statement& s) { s.bind(1, id); }));
  if (needs.empty()) return std::optional<PurchaseNeed>();
  return std::optional<PurchaseNeed>(std::move(needs.front()));
}

Result<std::vector<PurchaseNeed>> SqlStore::list_needs(const NeedFilter& f) {
  return needs_where(R"sql(
        (?1 = '' OR n.unit = ?1) AND (?2 = '' OR n.area = ?2) AND (?3 = '' OR n.state = ?3)
    ORDER BY n.id LIMIT ?4 OFFSET ?5)sql",
                     [&](Statement& s) {
                       s.bind(1, f.unit).bind(2, f.area);
                       s.bind(3, f.state ? std::string(to_string(*f.state)) : std::string());
                       s.bind(4, f.limit == 0 ? std::numeric_limits<std::int64_t>::max() : std::int64_t{f.limit});
                       s.bind(5, f.offset);
                     });
}

Result<bool> SqlStore::withdraw_need(std::int64_t id, Instant at) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE purchase_need SET state = 'withdrawn', withdrawn_at = ?2
     WHERE id = ?1 AND state = 'open')sql"));
  stmt.bind(1, id).bind(2, at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Status SqlStore::insert_meeting(Meeting& m) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO meeting (unit, exhibitor, need, at, note, state, requested_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql"));
  stmt.bind(1, m.unit).bind(2, m.exhibitor);
  if (m.need) {
    stmt.bind(3, *m.need);
  } else {
    stmt.bind_null(3);
  }
  bind_optional_instant(stmt, 4, m.at);
  stmt.bind(5, m.note).bind(6, to_string(m.state)).bind(7, m.requested_at);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(m.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::vector<Meeting>> SqlStore::meetings_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kMeetingColumns) +
                                           " FROM meeting m JOIN exhibitor x ON x.id = "
                                           "m.exhibitor WHERE " + std::string(where)));
  bind(stmt);
  std::vector<Meeting> meetings;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Meeting meeting, read_meeting(stmt));
    meetings.push_back(std::move(meeting));
  }
  return meetings;
}

Result<std::optional<Meeting>> SqlStore::find_meeting(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto meetings,
                        meetings_where("m.id = ?1", [&](Statement& s) { s.bind(1, id); }));
  if (meetings.empty()) return std::optional<Meeting>();
  return std::optional<Meeting>(std::move(meetings.front()));
}

Result<bool> SqlStore::update_meeting(const Meeting& m, MeetingState from) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE meeting SET state = ?2, decided_at = ?3, decided_by = ?4, decision_note = ?5
     WHERE id = ?1 AND state = ?6)sql"));
  stmt.bind(1, m.id).bind(2, to_string(m.state));
  bind_optional_instant(stmt, 3, m.decided_at);
  stmt.bind(4, m.decided_by).bind(5, m.decision_note).bind(6, to_string(from));
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::vector<Meeting>> SqlStore::list_meetings(const MeetingFilter& f) {
  return meetings_where(R"sql(
        (?1 = '' OR m.unit = ?1) AND (?2 = '' OR m.exhibitor = ?2) AND (?3 = '' OR m.state = ?3)
    ORDER BY m.id DESC LIMIT ?4 OFFSET ?5)sql",
                        [&](Statement& s) {
                          s.bind(1, f.unit).bind(2, f.exhibitor);
                          s.bind(3, f.state ? std::string(to_string(*f.state)) : std::string());
                          s.bind(4, f.limit).bind(5, f.offset);
                        });
}

}  // namespace ciie::store::sql
