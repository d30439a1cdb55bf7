// The statement pool of a Database.
#include "store/sql/database.hpp"

namespace ciie::store::sql {

Result<Statement> Database::prepare(std::string_view sql) {
  StatementPool::Slot& slot = pool_.slot(sql);
  if (!slot.empty()) {
    std::unique_ptr<StatementImpl> idle = std::move(slot.back());
    slot.pop_back();
    return Statement(std::move(idle), &slot);
  }
  CIIE_ASSIGN_OR_RETURN(std::unique_ptr<StatementImpl> created, create_statement(sql));
  return Statement(std::move(created), &slot);
}

}  // namespace ciie::store::sql
