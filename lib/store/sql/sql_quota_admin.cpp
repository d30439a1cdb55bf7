// Free quota administration in the SQL store (BDG-2): listing the rows and setting their places
// (`ciie quota show|set`). Setting tests `used <= places` in the same statement, so it cannot
// slip below the places a concurrent transaction has just taken. set_quota_used exists only for
// the negative control of tests/concurrency/quota_race_test.cpp.
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {

Result<std::vector<QuotaRow>> SqlStore::list_quotas(const std::string& delegation) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT delegation, sub_delegation, badge_type, places, used FROM free_quota
     WHERE ?1 = '' OR delegation = ?1
     ORDER BY delegation, sub_delegation, badge_type)sql"));
  stmt.bind(1, delegation);
  std::vector<QuotaRow> rows;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    QuotaRow quota;
    quota.delegation = stmt.column_text(0);
    quota.sub_delegation = stmt.column_text(1);
    quota.badge_type = stmt.column_text(2);
    quota.places = stmt.column_int(3);
    quota.used = stmt.column_int(4);
    rows.push_back(std::move(quota));
  }
  return rows;
}

Result<bool> SqlStore::set_quota_places(const std::string& delegation,
                                           const std::string& sub_delegation,
                                           const std::string& badge_type, std::int64_t places) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO free_quota (delegation, sub_delegation, badge_type, places) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (delegation, sub_delegation, badge_type) DO UPDATE SET places = excluded.places
    WHERE free_quota.used <= excluded.places)sql"));
  stmt.bind(1, delegation).bind(2, sub_delegation).bind(3, badge_type).bind(4, places);
  CIIE_RETURN_IF_ERROR(stmt.run());
  // An insert or an update counts one change (also when the places were already these); only
  // the update the WHERE clause refused (used > places) counts none.
  return changes() == 1;
}

Status SqlStore::set_quota_used(const std::string& delegation,
                                   const std::string& sub_delegation,
                                   const std::string& badge_type, std::int64_t used) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE free_quota SET used = ?4
     WHERE delegation = ?1 AND sub_delegation = ?2 AND badge_type = ?3)sql"));
  stmt.bind(1, delegation).bind(2, sub_delegation).bind(3, badge_type).bind(4, used);
  return stmt.run();
}

}  // namespace ciie::store::sql
