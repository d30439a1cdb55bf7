// Bulk registration (domain §15) through apply_bulk: every row validated and reported with its
// line; all rows or none by default.
#include "ciie/registry.hpp"

#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/register_row.hpp"
#include "registry/registration.hpp"
#include "store/store.hpp"

namespace ciie {

const std::vector<std::string>& Registry::register_columns() {
  return registry::register_row_columns();
}

const std::vector<std::string>& Registry::register_required_columns() {
  return registry::register_row_required_columns();
}

Result<BulkSummary> Registry::register_units(const Actor& actor, RecordReader& reader,
                                             const BulkOptions& options,
                                             const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kDelegation) {
    return registry::forbidden(actor, "register units in bulk");
  }
  return registry::apply_bulk(
      *store_, reader, options, on_row, [&](const Record& record) -> Result<registry::RowResult> {
        CIIE_ASSIGN_OR_RETURN(const RegisterRequest request, registry::parse_register_row(record));
        CIIE_ASSIGN_OR_RETURN(const registry::PreparedRegistration prepared,
                              registry::prepare_registration(*store_, options_, actor, request));
        CIIE_ASSIGN_OR_RETURN(const RegisterOutcome registered,
                              registry::commit_registration(*store_, options_, actor, prepared,
                                                            "", false));
        return registry::RowResult{registered.created ? "registered" : "unchanged",
                                   registered.unit.account, registered.created};
      });
}

}  // namespace ciie
