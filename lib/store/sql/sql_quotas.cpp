// Free badge places in the SQL store (BDG-2). Taking a place is one conditional UPDATE (used <
// places) inside the caller's write transaction, so no two transactions can both take the last
// place; giving one back never goes below zero. The rows themselves come from the rules
// (sync_reference_data, sql_reference.cpp).
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {

Result<std::optional<QuotaRow>> SqlStore::find_quota(const std::string& delegation,
                                                        const std::string& sub_delegation,
                                                        const std::string& badge_type) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT delegation, sub_delegation, badge_type, places, used FROM free_quota
     WHERE delegation = ?1 AND sub_delegation = ?2 AND badge_type = ?3)sql"));
  stmt.bind(1, delegation).bind(2, sub_delegation).bind(3, badge_type);
  CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
  if (!row) return std::optional<QuotaRow>();
  QuotaRow quota;
  quota.delegation = stmt.column_text(0);
  quota.sub_delegation = stmt.column_text(1);
  quota.badge_type = stmt.column_text(2);
  quota.places = stmt.column_int(3);
  quota.used = stmt.column_int(4);
  return std::optional<QuotaRow>(std::move(quota));
}

Result<bool> SqlStore::take_free_place(const std::string& delegation,
                                          const std::string& sub_delegation,
                                          const std::string& badge_type) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE free_quota SET used = used + 1
     WHERE delegation = ?1 AND sub_delegation = ?2 AND badge_type = ?3 AND used < places)sql"));
  stmt.bind(1, delegation).bind(2, sub_delegation).bind(3, badge_type);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

Status SqlStore::release_free_place(const std::string& delegation,
                                       const std::string& sub_delegation,
                                       const std::string& badge_type) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    UPDATE free_quota SET used = used - 1
     WHERE delegation = ?1 AND sub_delegation = ?2 AND badge_type = ?3 AND used > 0)sql"));
  stmt.bind(1, delegation).bind(2, sub_delegation).bind(3, badge_type);
  return stmt.run();
}

}  // namespace ciie::store::sql
