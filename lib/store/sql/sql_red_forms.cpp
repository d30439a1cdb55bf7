// Red-letter confirmation forms in the SQL store (INV-7). A decision is one conditional UPDATE from
// pending, so a confirmation racing an expiry or a withdrawal changes a form once; at most one
// form per blue invoice is pending (red_form_one_pending).
#include <nlohmann/json.hpp>

#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {
namespace {

constexpr std::string_view kFormColumns = R"sql(
  id, invoice, order_number, unit, reason, partial, amount_fen, persons, state, raised_at,
  expires_at, decided_at, raised_by, decided_by, note, red_invoice, refund)sql";

Status corrupt(std::int64_t id, const std::string& what) {
  return Status::storage("store.io", "corrupt red-letter form " + std::to_string(id) + ": " + what);
}

Result<RedForm> read_form(const Statement& stmt) {
  RedForm f;
  f.id = stmt.column_int(0);
  f.invoice = stmt.column_text(1);
  f.order = stmt.column_text(2);
  f.unit = stmt.column_text(3);
  const auto reason = parse_red_reason(stmt.column_text(4));
  if (!reason) return corrupt(f.id, "reason '" + stmt.column_text(4) + "'");
  f.reason = *reason;
  f.partial = stmt.column_int(5) != 0;
  f.amount = Money::from_fen(stmt.column_int(6));
  const auto persons = nlohmann::json::parse(stmt.column_text(7), nullptr, false);
  if (!persons.is_array()) return corrupt(f.id, "persons");
  for (const auto& person : persons) {
    if (!person.is_number_integer()) return corrupt(f.id, "persons");
    f.persons.push_back(person.get<std::int64_t>());
  }
  const auto state = parse_red_form_state(stmt.column_text(8));
  if (!state) return corrupt(f.id, "state '" + stmt.column_text(8) + "'");
  f.state = *state;
  CIIE_ASSIGN_OR_RETURN(f.raised_at, Instant::parse(stmt.column_text(9)));
  CIIE_ASSIGN_OR_RETURN(f.expires_at, Instant::parse(stmt.column_text(10)));
  CIIE_ASSIGN_OR_RETURN(f.decided_at, optional_instant(stmt, 11));
  f.raised_by = stmt.column_text(12);
  f.decided_by = stmt.column_text(13);
  f.note = stmt.column_text(14);
  f.red_invoice = stmt.column_text(15);
  f.refund = stmt.column_int(16);
  return f;
}

}  // namespace

Status SqlStore::insert_red_form(RedForm& form) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO red_form (invoice, order_number, unit, reason, partial, amount_fen, persons,
                          state, raised_at, expires_at, raised_by, note, refund)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql"));
  stmt.bind(1, form.invoice).bind(2, form.order).bind(3, form.unit);
  stmt.bind(4, to_string(form.reason)).bind(5, form.partial ? 1 : 0);
  stmt.bind(6, form.amount.fen()).bind(7, nlohmann::json(form.persons).dump());
  stmt.bind(8, to_string(form.state)).bind(9, form.raised_at);
  stmt.bind(10, form.expires_at).bind(11, form.raised_by);
  stmt.bind(12, form.note).bind(13, form.refund);
  CIIE_RETURN_IF_ERROR(stmt.run());
  CIIE_ASSIGN_OR_RETURN(form.id, db_->last_insert_id());
  return Status::ok();
}

Result<std::optional<RedForm>> SqlStore::find_red_form(std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kFormColumns) +
                                           " FROM red_form WHERE id = ?1"));
  stmt.bind(1, id);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<RedForm>();
  CIIE_ASSIGN_OR_RETURN(RedForm form, read_form(stmt));
  return std::optional<RedForm>(std::move(form));
}

Result<bool> SqlStore::update_red_form(const RedForm& form) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE red_form SET state = ?2, decided_at = ?3, decided_by = ?4, note = ?5,
                        red_invoice = ?6, refund = ?7
     WHERE id = ?1 AND state = 'pending')sql"));
  stmt.bind(1, form.id).bind(2, to_string(form.state));
  bind_optional_instant(stmt, 3, form.decided_at);
  stmt.bind(4, form.decided_by).bind(5, form.note).bind(6, form.red_invoice);
  stmt.bind(7, form.refund);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Result<std::vector<RedForm>> SqlStore::list_red_forms(const RedFormFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("SELECT " + std::string(kFormColumns) + R"sql(
      FROM red_form
     WHERE (?1 = '' OR unit = ?1) AND (?2 = '' OR invoice = ?2) AND (?3 = '' OR state = ?3)
     ORDER BY id DESC LIMIT ?4 OFFSET ?5)sql"));
  stmt.bind(1, filter.unit).bind(2, filter.invoice);
  stmt.bind(3, filter.state ? std::string(to_string(*filter.state)) : std::string());
  stmt.bind(4, filter.limit).bind(5, filter.offset);
  std::vector<RedForm> forms;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    CIIE_ASSIGN_OR_RETURN(RedForm form, read_form(stmt));
    forms.push_back(std::move(form));
  }
  return forms;
}

Result<std::vector<std::int64_t>> SqlStore::due_red_forms(Instant now, int limit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id FROM red_form WHERE state = 'pending' AND expires_at <= ?1
     ORDER BY expires_at, id LIMIT ?2)sql"));
  stmt.bind(1, now).bind(2, limit);
  std::vector<std::int64_t> ids;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    ids.push_back(stmt.column_int(0));
  }
  return ids;
}

}  // namespace ciie::store::sql
