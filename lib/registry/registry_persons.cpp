// Registry use cases for persons (SUB-2, BDG-2): adding one or many, listing (masked), removing
// drafts in bulk.
#include <set>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/bulk_apply.hpp"
#include "registry/person_flow.hpp"
#include "review/person_check.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

Status unknown_person(std::int64_t id) {
  return Status::not_found("person.unknown", "no person " + std::to_string(id) + " in this unit");
}

}  // namespace

Result<Person> Registry::add_person(const Actor& actor, const std::string& account,
                                    const PersonRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "add persons to unit " + account);
  }
  std::optional<store::QuotaRow> seen_quota;  // read outside the transaction: the control only
  if (request.free_badge && registry::testing::quota_guard_disabled()) {
    CIIE_ASSIGN_OR_RETURN(seen_quota, registry::quota_for(*store_, visible, request.badge_type));
  }
  registry::AddedPerson added;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(added, registry::add_person_to_unit(*store_, options_, actor, visible,
                                                              request, PersonState::kDraft,
                                                              seen_quota));
    return Status::ok();
  }));
  return added.person;
}

const std::vector<std::string>& Registry::person_columns() {
  return review::person_row_columns();
}

const std::vector<std::string>& Registry::person_required_columns() {
  return review::person_row_required_columns();
}

Result<BulkSummary> Registry::add_persons(const Actor& actor, const std::string& account,
                                          RecordReader& reader, const BulkOptions& options,
                                          const std::string& photo_dir,
                                          const RowCallback& on_row) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "add persons to unit " + account);
  }
  return registry::apply_bulk(
      *store_, reader, options, on_row, [&](const Record& record) -> Result<registry::RowResult> {
        CIIE_ASSIGN_OR_RETURN(
            const PersonRequest request,
            review::parse_person_row(record, photo_dir, options_.rules.registration.photo_max_bytes));
        CIIE_ASSIGN_OR_RETURN(const registry::AddedPerson added,
                              registry::add_person_to_unit(*store_, options_, actor, visible,
                                                           request, PersonState::kDraft));
        return registry::RowResult{added.created ? "added" : "unchanged",
                                   std::to_string(added.person.id), added.created};
      });
}

Result<PersonList> Registry::persons(const Actor& actor, const std::string& account,
                                     const PersonFilter& filter) {
  if (filter.reveal && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "reveal personal data");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  PersonList list;
  CIIE_ASSIGN_OR_RETURN(list.persons, store_->list_persons(account, filter));
  CIIE_ASSIGN_OR_RETURN(const store::PersonCounts counts, store_->count_persons(account));
  list.pending = counts.draft;
  if (filter.reveal) {
    CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
      return audit::record(*store_, *options_.clock, actor, "data.reveal", "unit:" + account,
                           {{"what", "persons"}, {"count", list.persons.size()}});
    }));
  } else {
    for (Person& person : list.persons) registry::mask(person);
  }
  return list;
}

Status Registry::remove_persons(const Actor& actor, const std::string& account,
                                const std::vector<std::int64_t>& ids) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "remove persons of unit " + account);
  }
  const std::set<std::int64_t> unique(ids.begin(), ids.end());
  return store_->write_transaction([&]() -> Status {
    for (const std::int64_t id : unique) {
      CIIE_ASSIGN_OR_RETURN(const auto person, store_->find_person(id));
      if (!person || person->unit != account || person->state == PersonState::kJoinRequested) {
        return unknown_person(id);
      }
      if (person->state != PersonState::kDraft) {
        return Status::refused("person.not_draft",
                               "person " + std::to_string(id) + " is " +
                                   std::string(to_string(person->state)) +
                                   ": only persons not yet submitted can be removed (SUB-2)");
      }
      CIIE_RETURN_IF_ERROR(registry::release_place(*store_, *person));
      CIIE_RETURN_IF_ERROR(store_->delete_person(id));
      CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "person.remove",
                                         "person:" + std::to_string(id), {{"unit", account}}));
    }
    return Status::ok();
  });
}

}  // namespace ciie
