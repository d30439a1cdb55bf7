// Bulk registration (domain §15): every row validated and reported with its line; all rows or
// none by default. One outer write transaction holds the whole file; each row runs in a
// savepoint, so a failing row undoes only itself, and the outer transaction is rolled back at the
// end unless every row passed (or --continue-on-error), and always on a dry run.
#include "ciie/registry.hpp"

#include "registry/access.hpp"
#include "registry/register_row.hpp"
#include "registry/registration.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// Returned from the outer transaction to roll it back on purpose; never leaves this file.
constexpr std::string_view kNotApplied = "bulk.not_applied";

}  // namespace

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
  BulkSummary summary;
  Status fatal;
  bool any_record_yet = false;
  auto report = [&](RowOutcome outcome) {
    ++summary.rows;
    if (outcome.ok) {
      ++summary.ok;
      ++summary.by_outcome[outcome.outcome];
    } else {
      ++summary.failed;
    }
    if (on_row) on_row(outcome);
  };

  const Status outer = store_->write_transaction([&]() -> Status {
    while (true) {
      auto next = reader.next();
      if (!next.is_ok()) {
        Status error = next.status();
        const long line = error.line().value_or(0);
        if (reader.ended() && !any_record_yet) {
          // The file is unusable as a whole (its header, say): report every problem the reader
          // has, then fail the run.
          if (fatal.is_ok()) fatal = error;
          if (on_row) on_row({line, false, "", "", std::move(error)});
          continue;
        }
        report({line, false, "", "", std::move(error)});
        continue;
      }
      if (!*next) break;
      any_record_yet = true;
      const Record& record = **next;
      RegisterOutcome registered;
      Status row = [&]() -> Status {
        CIIE_ASSIGN_OR_RETURN(const RegisterRequest request, registry::parse_register_row(record));
        CIIE_ASSIGN_OR_RETURN(const registry::PreparedRegistration prepared,
                              registry::prepare_registration(*store_, options_, actor, request));
        return store_->write_transaction([&]() -> Status {  // a savepoint
          CIIE_ASSIGN_OR_RETURN(registered, registry::commit_registration(*store_, options_, actor,
                                                                          prepared, "", false));
          return Status::ok();
        });
      }();
      if (row.is_ok()) {
        report({record.line, true, registered.created ? "registered" : "unchanged",
                registered.unit.account, Status::ok()});
      } else {
        report({record.line, false, "", "", std::move(row).at(record.line, row.field())});
      }
    }
    if (!fatal.is_ok() || options.dry_run || (summary.failed > 0 && !options.continue_on_error)) {
      return Status(Code::kInvalidInput, std::string(kNotApplied), "");
    }
    return Status::ok();
  });
  if (!fatal.is_ok()) return fatal;
  if (!outer.is_ok() && outer.reason() != kNotApplied) return outer;
  // Applied: committed, and at least one row changed the store (a re-run of the same file, all
  // rows "unchanged", applies nothing).
  const auto registered = summary.by_outcome.find("registered");
  summary.applied =
      outer.is_ok() && registered != summary.by_outcome.end() && registered->second > 0;
  return summary;
}

}  // namespace ciie
