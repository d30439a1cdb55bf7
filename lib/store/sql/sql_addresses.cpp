// Delivery addresses in the SQL store (ADR-1). The schema enforces the limits itself: the trigger
// address_limit refuses a sixth address of a unit (RAISE 'address.limit', mapped here to the
// refusal the use case reports), and the partial unique index address_one_default allows one
// default per unit. The division's name is not stored: it is looked up in the compiled-in
// GB/T 2260 table when reading.
#include "ciie/codes.hpp"
#include "store/sql/sql_store.hpp"

namespace ciie::store::sql {

Status SqlStore::insert_address(Address& address) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    INSERT INTO address (unit, recipient, phone, division, detail, postcode, is_default,
                         created_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql"));
  stmt.bind(1, address.unit).bind(2, address.recipient).bind(3, address.phone);
  stmt.bind(4, address.division).bind(5, address.detail).bind(6, address.postcode);
  stmt.bind(7, address.is_default ? 1 : 0).bind(8, address.created_at);
  Status inserted = stmt.run();
  if (!inserted.is_ok()) {
    if (db_->last_error_raised("address.limit")) {
      return Status::refused("address.limit", "unit '" + address.unit + "' has " +
                                                  std::to_string(kMaxAddresses) +
                                                  " addresses already (the most it keeps)");
    }
    return inserted;
  }
  CIIE_ASSIGN_OR_RETURN(address.id, db_->last_insert_id());
  address.division_name = codes::division_full_name(address.division);
  return Status::ok();
}

Result<std::vector<Address>> SqlStore::list_addresses(const std::string& unit) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare(R"sql(
    SELECT id, unit, recipient, phone, division, detail, postcode, is_default, created_at
      FROM address WHERE unit = ?1 ORDER BY is_default DESC, id)sql"));
  stmt.bind(1, unit);
  std::vector<Address> addresses;
  while (true) {
    CIIE_ASSIGN_OR_RETURN(const bool row, stmt.step());
    if (!row) break;
    Address address;
    address.id = stmt.column_int(0);
    address.unit = stmt.column_text(1);
    address.recipient = stmt.column_text(2);
    address.phone = stmt.column_text(3);
    address.division = stmt.column_text(4);
    address.division_name = codes::division_full_name(address.division);
    address.detail = stmt.column_text(5);
    address.postcode = stmt.column_text(6);
    address.is_default = stmt.column_int(7) != 0;
    CIIE_ASSIGN_OR_RETURN(address.created_at, Instant::parse(stmt.column_text(8)));
    addresses.push_back(std::move(address));
  }
  return addresses;
}

Result<bool> SqlStore::set_default_address(const std::string& unit, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto exists,
                        prepare("SELECT 1 FROM address WHERE unit = ?1 AND id = ?2"));
  exists.bind(1, unit).bind(2, id);
  CIIE_ASSIGN_OR_RETURN(const bool found, exists.step());
  if (!found) return false;
  // The old default goes first: the unique index allows one default at any moment.
  CIIE_ASSIGN_OR_RETURN(auto clear, prepare(R"sql(
    UPDATE address SET is_default = 0 WHERE unit = ?1 AND is_default = 1 AND id <> ?2)sql"));
  clear.bind(1, unit).bind(2, id);
  CIIE_RETURN_IF_ERROR(clear.run());
  CIIE_ASSIGN_OR_RETURN(auto set,
                        prepare("UPDATE address SET is_default = 1 WHERE unit = ?1 AND id = ?2"));
  set.bind(1, unit).bind(2, id);
  CIIE_RETURN_IF_ERROR(set.run());
  return true;
}

Result<bool> SqlStore::delete_address(const std::string& unit, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(auto stmt, prepare("DELETE FROM address WHERE unit = ?1 AND id = ?2"));
  stmt.bind(1, unit).bind(2, id);
  CIIE_RETURN_IF_ERROR(stmt.run());
  return changes() == 1;
}

}  // namespace ciie::store::sql
