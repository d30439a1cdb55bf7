// Registry use cases for review (REV-1..3): the queues reviewers see and the decisions they
// take, one at a time, from a decisions file, or for a whole filtered queue.
#include <limits>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/person_flow.hpp"
#include "registry/refund_flow.hpp"
#include "registry/review_flow.hpp"
#include "review/review_queue.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// After a rejection committed: the automatic refund it made (REV-3) goes to the gateway. A
// gateway that does not answer leaves it awaiting_gateway for `ciie refund send`.
Status send_automatic_refund(store::Store& store, const Options& options, const Actor& actor,
                             std::int64_t person_id) {
  CIIE_ASSIGN_OR_RETURN(const std::int64_t id, store.refund_of_person(person_id));
  if (id == 0) return Status::ok();
  CIIE_ASSIGN_OR_RETURN(const auto refund, store.find_refund(id));
  if (!refund || !refund->automatic || refund->state != RefundState::kAwaitingGateway) {
    return Status::ok();
  }
  return registry::send_to_gateway(store, options, actor, *refund).status();
}

store::QueueQuery query_for(const Rules& rules, const review::QueueScope& scope,
                            const QueueFilter& filter) {
  store::QueueQuery query;
  query.edition = rules.edition.number;
  query.queue = scope.queue;
  query.sub_delegation = scope.sub_delegation;
  query.category = filter.category;
  query.region = filter.region;
  query.submitted_before = filter.submitted_before;
  query.name_contains = filter.name_contains;
  query.limit = filter.limit;
  query.offset = filter.offset;
  return query;
}

// A reviewer sees a unit's contacts masked (domain §2).
void mask_unit(Unit& unit) {
  unit.phone = codes::mask_phone(unit.phone);
  unit.email = codes::mask_email(unit.email);
  for (Contact& contact : unit.profile.contacts) {
    contact.phone = codes::mask_phone(contact.phone);
    contact.email = codes::mask_email(contact.email);
  }
}

std::string text(const Record& record, const std::string& column) {
  const auto found = record.fields.find(column);
  return found == record.fields.end() ? std::string() : found->second;
}

Result<Decision> decision_of(const Record& record) {
  const std::string value = text(record, "decision");
  const auto decision = parse_decision(value);
  if (!decision) {
    return Status::invalid_input("bulk.value", "decision: write approve or reject, not '" +
                                                   value + "'")
        .at(record.line, "decision");
  }
  return *decision;
}

}  // namespace

Result<ReviewQueue> Registry::review_queue(const Actor& actor, const QueueFilter& filter) {
  CIIE_ASSIGN_OR_RETURN(const review::QueueScope scope,
                        review::resolve_queue(options_.rules, actor, filter.queue,
                                              filter.sub_delegation));
  const store::QueueQuery query = query_for(options_.rules, scope, filter);
  ReviewQueue queue;
  queue.queue = scope.queue;
  CIIE_ASSIGN_OR_RETURN(std::vector<Unit> units, store_->list_queue(query));
  CIIE_ASSIGN_OR_RETURN(const store::QueueCounts counts, store_->count_queue(query));
  queue.pending = counts.pending;
  queue.approved = counts.approved;
  queue.rejected = counts.rejected;
  queue.items.reserve(units.size());
  for (Unit& unit : units) {
    CIIE_ASSIGN_OR_RETURN(const store::PersonCounts persons, store_->count_persons(unit.account));
    QueueItem item;
    item.queue = unit.review_queue;
    item.review_why = unit.review_why;
    item.submitted_at = unit.submitted_at.value_or(unit.updated_at);
    item.persons_submitted = persons.submitted + persons.under_review + persons.approved;
    mask_unit(unit);
    item.unit = std::move(unit);
    queue.items.push_back(std::move(item));
  }
  return queue;
}

Result<Unit> Registry::review_unit(const Actor& actor, const UnitDecision& decision) {
  if (registry::review_guard_is_disabled()) {
    // The negative control of the concurrency test: "pending" judged from a read taken before
    // the transaction, as a naive implementation would.
    CIIE_ASSIGN_OR_RETURN(const auto seen, store_->find_unit(decision.account));
    if (seen && seen->state != UnitState::kSubmitted) {
      return Status::conflict("review.not_pending", "unit " + decision.account +
                                                        " is not waiting for review");
    }
  }
  Unit decided;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(decided, registry::decide_unit(*store_, options_, actor, decision));
    return Status::ok();
  }));
  return decided;
}

const std::vector<std::string>& Registry::decision_columns() {
  static const std::vector<std::string> columns{"unit", "decision", "reason"};
  return columns;
}

const std::vector<std::string>& Registry::person_decision_columns() {
  static const std::vector<std::string> columns{"person", "decision", "reason"};
  return columns;
}

Result<BulkSummary> Registry::review_units(const Actor& actor, RecordReader& reader,
                                           const BulkOptions& options, const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kDelegation) {
    return registry::forbidden(actor, "review units");
  }
  return registry::apply_bulk(
      *store_, reader, options, on_row, [&](const Record& record) -> Result<registry::RowResult> {
        UnitDecision decision;
        decision.account = codes::normalize(text(record, "unit"));
        if (decision.account.empty()) {
          return Status::invalid_input("bulk.value", "unit: the unit's account is empty")
              .at(record.line, "unit");
        }
        CIIE_ASSIGN_OR_RETURN(decision.decision, decision_of(record));
        decision.reason = text(record, "reason");
        CIIE_ASSIGN_OR_RETURN(const Unit decided,
                              registry::decide_unit(*store_, options_, actor, decision));
        return registry::RowResult{std::string(to_string(decided.state)), decided.account, true};
      },
      "unit");
}

Result<BulkSummary> Registry::approve_all(const Actor& actor, const QueueFilter& filter,
                                          const BulkOptions& options, const RowCallback& on_row) {
  CIIE_ASSIGN_OR_RETURN(const review::QueueScope scope,
                        review::resolve_queue(options_.rules, actor, filter.queue,
                                              filter.sub_delegation));
  store::QueueQuery query = query_for(options_.rules, scope, filter);
  query.limit = std::numeric_limits<int>::max();
  query.offset = 0;
  CIIE_ASSIGN_OR_RETURN(const std::vector<Unit> units, store_->list_queue(query));
  std::vector<Record> records;
  records.reserve(units.size());
  for (const Unit& unit : units) {
    records.push_back(Record{0, {{"unit", unit.account}, {"decision", "approve"}}});
  }
  registry::RecordListReader reader(std::move(records));
  return review_units(actor, reader, options, on_row);
}

Result<PersonQueue> Registry::person_review_queue(const Actor& actor, const QueueFilter& filter,
                                                  bool reveal) {
  if (reveal && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal personal data");
  }
  CIIE_ASSIGN_OR_RETURN(const review::QueueScope scope,
                        review::resolve_queue(options_.rules, actor, filter.queue,
                                              filter.sub_delegation));
  const store::QueueQuery query = query_for(options_.rules, scope, filter);
  PersonQueue queue;
  queue.queue = scope.queue;
  CIIE_ASSIGN_OR_RETURN(std::vector<Person> persons, store_->list_person_queue(query));
  CIIE_ASSIGN_OR_RETURN(queue.pending, store_->count_person_queue(query));
  for (Person& person : persons) {
    PersonQueueItem item;
    CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(person.unit));
    if (unit) item.unit_name = unit->name;
    item.queue = person.review_queue;
    item.review_why = person.review_why;
    if (!reveal) registry::mask(person);
    item.person = std::move(person);
    queue.items.push_back(std::move(item));
  }
  if (reveal) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal", "queue:" + scope.queue,
                           {{"what", "persons under review"}, {"count", queue.items.size()}});
    }));
  }
  return queue;
}

Result<Person> Registry::review_person(const Actor& actor, const PersonDecision& decision) {
  Person decided;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(decided, registry::decide_person(*store_, options_, actor, decision));
    return Status::ok();
  }));
  CIIE_RETURN_IF_ERROR(send_automatic_refund(*store_, options_, actor, decided.id));
  registry::mask(decided);
  return decided;
}

Result<BulkSummary> Registry::review_persons(const Actor& actor, RecordReader& reader,
                                             const BulkOptions& options,
                                             const RowCallback& on_row) {
  if (actor.kind != ActorKind::kOrganizer && actor.kind != ActorKind::kDelegation) {
    return registry::forbidden(actor, "review persons");
  }
  std::vector<std::int64_t> rejected;
  CIIE_ASSIGN_OR_RETURN(
      BulkSummary summary,
      registry::apply_bulk(
      *store_, reader, options, on_row, [&](const Record& record) -> Result<registry::RowResult> {
        PersonDecision decision;
        const std::string id = text(record, "person");
        try {
          std::size_t used = 0;
          decision.person = std::stoll(id, &used);
          if (used != id.size()) throw std::invalid_argument(id);
        } catch (const std::exception&) {
          return Status::invalid_input("bulk.value", "person: not a person id: '" + id + "'")
              .at(record.line, "person");
        }
        CIIE_ASSIGN_OR_RETURN(decision.decision, decision_of(record));
        decision.reason = text(record, "reason");
        CIIE_ASSIGN_OR_RETURN(const Person decided,
                              registry::decide_person(*store_, options_, actor, decision));
        if (decided.state == PersonState::kRejected) rejected.push_back(decided.id);
        return registry::RowResult{std::string(to_string(decided.state)),
                                   std::to_string(decided.id), true};
      },
      "person"));
  if (!options.dry_run) {
    for (const std::int64_t person : rejected) {
      CIIE_RETURN_IF_ERROR(send_automatic_refund(*store_, options_, actor, person));
    }
  }
  return summary;
}

}  // namespace ciie
