// Registry use cases for supporting events (EVT-1): importing them, listing them, and a unit's
// application, whose persons are taken from the event's capacity in one guarded UPDATE.
#include <atomic>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "match/event_row.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/event_guard.hpp"
#include "store/store.hpp"

namespace ciie {
namespace registry::testing {
namespace {
std::atomic<bool> event_capacity_guard_disabled_flag{false};
}  // namespace

void set_event_capacity_guard_disabled(bool disabled) {
  event_capacity_guard_disabled_flag.store(disabled);
}
bool event_capacity_guard_disabled() { return event_capacity_guard_disabled_flag.load(); }
}  // namespace registry::testing

namespace {

constexpr std::int64_t kMaxPersonsPerApplication = 50;

std::string_view outcome_name(store::Upserted done) {
  switch (done) {
    case store::Upserted::kInserted:
      return "imported";
    case store::Upserted::kUpdated:
      return "updated";
    case store::Upserted::kUnchanged:
      break;
  }
  return "unchanged";
}

Status unknown_event(const std::string& code) {
  return Status::not_found("event.unknown", "no event '" + code + "'");
}

Status full(const Event& event, std::int64_t persons) {
  return Status::refused("event.full", "event " + event.code + " has " +
                                           std::to_string(*event.capacity - event.taken) +
                                           " of " + std::to_string(*event.capacity) +
                                           " places left, not " + std::to_string(persons))
      .with_detail("capacity", std::to_string(*event.capacity));
}

std::int64_t count(const BulkSummary& summary, const char* outcome) {
  const auto found = summary.by_outcome.find(outcome);
  return found == summary.by_outcome.end() ? 0 : found->second;
}

}  // namespace

const std::vector<std::string>& Registry::event_columns() { return match::event_columns(); }
const std::vector<std::string>& Registry::event_required_columns() {
  return match::event_required_columns();
}

Result<BulkSummary> Registry::import_events(const Actor& actor, RecordReader& reader,
                                            const BulkOptions& options,
                                            const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer) return registry::forbidden(actor, "import events");
  const Instant now = options_.clock->now();
  auto import_row = [&](const Record& record) -> Result<registry::RowResult> {
    CIIE_ASSIGN_OR_RETURN(const Event event, match::parse_event_row(record));
    CIIE_ASSIGN_OR_RETURN(const auto stored, store_->find_event(event.code));
    if (stored && event.capacity && *event.capacity < stored->taken) {
      return Status::refused("event.capacity_below_taken",
                             "capacity " + std::to_string(*event.capacity) + " is below the " +
                                 std::to_string(stored->taken) + " persons who applied")
          .at(record.line, "capacity");
    }
    CIIE_ASSIGN_OR_RETURN(const store::Upserted done, store_->upsert_event(event, now));
    return registry::RowResult{std::string(outcome_name(done)), event.code,
                               done != store::Upserted::kUnchanged};
  };
  auto audit_run = [&](const BulkSummary& summary) -> Status {
    if (count(summary, "imported") + count(summary, "updated") == 0) return Status::ok();
    return audit::record(*store_, *options_.clock, actor, "event.import", "events",
                         {{"rows", summary.rows},
                          {"imported", count(summary, "imported")},
                          {"updated", count(summary, "updated")},
                          {"unchanged", count(summary, "unchanged")},
                          {"failed", summary.failed}});
  };
  return registry::apply_bulk(*store_, reader, options, on_row, import_row, {}, audit_run,
                              registry::RowIsolation::kChecksFirst);
}

Result<std::vector<Event>> Registry::events(const Actor& /*actor*/, const EventFilter& filter) {
  // Published information (the seed's 配套活动信息): every actor may read it.
  return store_->list_events(filter);
}

Result<Event> Registry::event(const Actor& /*actor*/, const std::string& code) {
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_event(code));
  if (!found) return unknown_event(code);
  return std::move(*found);
}

Result<EventApplication> Registry::apply_for_event(const Actor& actor,
                                                   const EventApplyRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, request.unit));
  if (!registry::may_edit_unit(actor, unit)) {
    return registry::forbidden(actor, "apply for events for unit " + request.unit);
  }
  if (request.persons < 1 || request.persons > kMaxPersonsPerApplication) {
    return Status::invalid_input("event.persons", "persons: from 1 to " +
                                                      std::to_string(kMaxPersonsPerApplication))
        .in_field("persons");
  }
  if (unit.state == UnitState::kRejected) {
    return Status::refused("event.unit_state",
                           "unit " + unit.account + " was rejected: it cannot apply for events");
  }
  // Read before the transaction: the checks that do not race, and what the unguarded negative
  // control acts on.
  CIIE_ASSIGN_OR_RETURN(const auto seen, store_->find_event(request.event));
  if (!seen) return unknown_event(request.event);
  if (!seen->open_to_visitors) {
    return Status::refused("event.closed", "event " + seen->code +
                                               " is not open to professional visitors: contact "
                                               "its organiser (" + seen->organiser + ")");
  }
  const Instant now = options_.clock->now();
  if (seen->ends_on < now.shanghai_date()) {
    return Status::refused("event.past",
                           "event " + seen->code + " ended on " + seen->ends_on.to_string());
  }
  EventApplication application;
  application.event = seen->code;
  application.unit = unit.account;
  application.unit_name = unit.name;
  application.persons = request.persons;
  application.applied_at = now;
  application.applied_by = actor.to_string();
  const bool unguarded = registry::testing::event_capacity_guard_disabled();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const auto before,
                          store_->find_event_application(seen->code, unit.account));
    if (before) {
      return Status::conflict("event.applied", "unit " + unit.account +
                                                   " applied for event " + seen->code +
                                                   " already");
    }
    if (unguarded) {
      // The negative control: check-then-act on the value read before the transaction.
      if (seen->capacity && seen->taken + request.persons > *seen->capacity) {
        return full(*seen, request.persons);
      }
      CIIE_RETURN_IF_ERROR(store_->set_event_taken(seen->code, seen->taken + request.persons));
    } else {
      CIIE_ASSIGN_OR_RETURN(const bool taken,
                            store_->take_event_places(seen->code, request.persons));
      if (!taken) {
        // Re-read inside the transaction, so the message tells the places left now.
        CIIE_ASSIGN_OR_RETURN(const auto current, store_->find_event(seen->code));
        if (current && !current->open_to_visitors) {
          return Status::refused("event.closed",
                                 "event " + seen->code + " is not open to professional visitors");
        }
        return full(current ? *current : *seen, request.persons);
      }
    }
    Status inserted = store_->insert_event_application(application);
    if (!inserted && inserted.reason() == "store.constraint") {
      return Status::conflict("event.applied", "unit " + unit.account +
                                                   " applied for event " + seen->code +
                                                   " already");
    }
    CIIE_RETURN_IF_ERROR(inserted);
    return audit::record(*store_, *options_.clock, actor, "event.apply", "event:" + seen->code,
                         {{"unit", unit.account}, {"persons", request.persons}});
  }));
  return application;
}

Result<std::vector<EventApplication>> Registry::event_applications(const Actor& actor,
                                                                   const std::string& event) {
  CIIE_ASSIGN_OR_RETURN(const auto found, store_->find_event(event));
  if (!found) return unknown_event(event);
  if (actor.kind == ActorKind::kOrganizer) return store_->list_event_applications(event, "");
  if (actor.kind == ActorKind::kUnit) return store_->list_event_applications(event, actor.id);
  return registry::forbidden(actor, "list the applications of event " + event);
}

}  // namespace ciie
