// Supporting events in the SQL store (EVT-1). An import inserts with ON CONFLICT DO NOTHING and,
// for an event that exists, updates only when an imported column differs (`IS DISTINCT FROM`), as
// the returning import does; places are taken in one conditional UPDATE, the only guard against
// overbooking.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kEventColumns = R"sql(
  code, name, starts_on, ends_on, organiser, contact_name, contact_phone, open_to_visitors,
  capacity, taken, imported_at, updated_at)sql";

Result<Event> read_event(const Statement& stmt) {
  Event e;
  e.code = stmt.column_text(0);
  e.name = stmt.column_text(1);
  CIIE_ASSIGN_OR_RETURN(e.starts_on, Date::parse(stmt.column_text(2)));
  CIIE_ASSIGN_OR_RETURN(e.ends_on, Date::parse(stmt.column_text(3)));
  e.organiser = stmt.column_text(4);
  e.contact_name = stmt.column_text(5);
  e.contact_phone = stmt.column_text(6);
  e.open_to_visitors = stmt.column_int(7) != 0;
  if (!stmt.column_is_null(8)) e.capacity = stmt.column_int(8);
  e.taken = stmt.column_int(9);
  CIIE_ASSIGN_OR_RETURN(e.imported_at, Instant::parse(stmt.column_text(10)));
  CIIE_ASSIGN_OR_RETURN(e.updated_at, Instant::parse(stmt.column_text(11)));
  return e;
}

Result<EventApplication> read_application(const Statement& stmt) {
  EventApplication a;
  a.event = stmt.column_text(0);
  a.unit = stmt.column_text(1);
  a.unit_name = stmt.column_text(2);
  a.persons = stmt.column_int(3);
  CIIE_ASSIGN_OR_RETURN(a.applied_at, Instant::parse(stmt.column_text(4)));
  a.applied_by = stmt.column_text(5);
  return a;
}

}  // namespace

Result<Upserted> SqlStore::upsert_event(const Event& e, Instant at) {
  const std::string starts = e.starts_on.to_string();
  const std::string ends = e.ends_on.to_string();
  const Instant now = at;
  const auto bind_row = [&](Statement& stmt) {
    stmt.bind(1, e.code).bind(2, e.name).bind(3, starts).bind(4, ends).bind(5, e.organiser);
    stmt.bind(6, e.contact_name).bind(7, e.contact_phone).bind(8, e.open_to_visitors ? 1 : 0);
    if (e.capacity) {
      stmt.bind(9, *e.capacity);
    } else {
      stmt.bind_null(9);
    }
    stmt.bind(10, now);
  };
  CIIE_ASSIGN_OR_RETURN(auto insert, prepare(R"sql(
    INSERT INTO event (code, name, starts_on, ends_on, organiser, contact_name, contact_phone,
                       open_to_visitors, capacity, imported_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
    ON CONFLICT (code) DO NOTHING)sql"));
  bind_row(insert);
  CIIE_RETURN_IF_ERROR(insert.run());
  if (changes() > 0) return Upserted::kInserted;
  CIIE_ASSIGN_OR_RETURN(auto update, prepare(R"sql(
    UPDATE event SET
      name = ?2, starts_on = ?3, ends_on = ?4, organiser = ?5, contact_name = ?6,
      contact_phone = ?7, open_to_visitors = ?8, capacity = ?9, updated_at = ?10,
      revision = revision + 1
    WHERE code = ?1
      AND (name, starts_on, ends_on, organiser, contact_name, contact_phone, open_to_visitors,
           capacity) IS DISTINCT FROM (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql"));
  bind_row(update);
  CIIE_RETURN_IF_ERROR(update.run());
  return changes() == 0 ? Upserted::kUnchanged : Upserted::kUpdated;
}

Result<std::vector<Event>> SqlStore::events_where(
    std::string_view where, const std::function<void(Statement&)>& bind) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kEventColumns) +
                                           " FROM event WHERE " + std::string(where)));
  bind(stmt);
  std::vector<Event> events;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(Event event, read_event(stmt));
    events.push_back(std::move(event));
  }
  return events;
}

Result<std::optional<Event>> SqlStore::find_event(const std::string& code) {
  CIIE_ASSIGN_OR_RETURN(auto events,
                        events_where("code = ?1", [&](Statement& s) { s.bind(1, code); }));
  if (events.empty()) return std::optional<Event>();
  return std::optional<Event>(std::move(events.front()));
}

Result<std::vector<Event>> SqlStore::list_events(const EventFilter& f) {
  // instr() rather than LIKE: the texts are Chinese, and '%' or '_' in a filter stay literal.
  return events_where(R"sql(
        (?1 = '' OR instr(name, ?1) > 0)
    AND (?2 = '' OR instr(organiser, ?2) > 0)
    AND (ends_on >= ?3 OR ?3 IS NULL)
    AND (starts_on <= ?4 OR ?4 IS NULL)
    AND (?5 = 0 OR open_to_visitors = 1)
    ORDER BY starts_on, code LIMIT ?6 OFFSET ?7)sql",
                      [&](Statement& s) {
                        s.bind(1, f.name_contains).bind(2, f.organiser_contains);
                        if (f.from) {
                          s.bind(3, f.from->to_string());
                        } else {
                          s.bind_null(3);
                        }
                        if (f.to) {
                          s.bind(4, f.to->to_string());
                        } else {
                          s.bind_null(4);
                        }
                        s.bind(5, f.open_only ? 1 : 0).bind(6, f.limit).bind(7, f.offset);
                      });
}

Result<bool> SqlStore::take_event_places(const std::string& code, std::int64_t persons) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE event SET taken = taken + ?2
     WHERE code = ?1 AND open_to_visitors = 1
       AND (capacity IS NULL OR taken + ?2 <= capacity))sql"));
  stmt.bind(1, code).bind(2, persons);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Status SqlStore::set_event_taken(const std::string& code, std::int64_t taken) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("UPDATE event SET taken = ?2 WHERE code = ?1"));
  stmt.bind(1, code).bind(2, taken);
  return stmt.run();
}

Status SqlStore::insert_event_application(const EventApplication& a) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO event_application (event, unit, persons, applied_at, applied_by)
    VALUES (?1, ?2, ?3, ?4, ?5))sql"));
  stmt.bind(1, a.event).bind(2, a.unit).bind(3, a.persons);
  stmt.bind(4, a.applied_at).bind(5, a.applied_by);
  return stmt.run();
}

Result<std::optional<EventApplication>> SqlStore::find_event_application(
    const std::string& event, const std::string& unit) {
  if (event.empty() || unit.empty()) return std::optional<EventApplication>();
  CIIE_ASSIGN_OR_RETURN(auto found, list_event_applications(event, unit));
  if (found.empty()) return std::optional<EventApplication>();
  return std::optional<EventApplication>(std::move(found.front()));
}

Result<std::vector<EventApplication>> SqlStore::list_event_applications(
    const std::string& event, const std::string& unit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT a.event, a.unit, u.name, a.persons, a.applied_at, a.applied_by
      FROM event_application a JOIN unit u ON u.account = a.unit
     WHERE (?1 = '' OR a.event = ?1) AND (?2 = '' OR a.unit = ?2)
     ORDER BY a.applied_at, a.event, a.unit)sql"));
  stmt.bind(1, event).bind(2, unit);
  std::vector<EventApplication> applications;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(EventApplication a, read_application(stmt));
    applications.push_back(std::move(a));
  }
  return applications;
}

}  // namespace ciie::store::sql
