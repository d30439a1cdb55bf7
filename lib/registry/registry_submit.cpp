// Registry use case for submission (SUB-1, REV-1): persons before or with the unit; the unit
// approved automatically or placed in its reviewer's queue.
#include <limits>
#include <set>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/points_flow.hpp"
#include "review/review_queue.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

// The ids a request names: every draft person, or the listed ones.
Result<std::vector<std::int64_t>> persons_to_submit(store::Store& store, const std::string& account,
                                                    const SubmitRequest& request) {
  if (!request.persons.empty() || !request.all_persons) {
    const std::set<std::int64_t> unique(request.persons.begin(), request.persons.end());
    return std::vector<std::int64_t>(unique.begin(), unique.end());
  }
  PersonFilter drafts;
  drafts.state = PersonState::kDraft;
  drafts.limit = std::numeric_limits<int>::max();
  CIIE_ASSIGN_OR_RETURN(const std::vector<Person> persons, store.list_persons(account, drafts));
  std::vector<std::int64_t> ids;
  ids.reserve(persons.size());
  for (const Person& person : persons) ids.push_back(person.id);
  return ids;
}

Status submit_person(store::Store& store, const Clock& clock, const Actor& actor,
                     const std::string& account, std::int64_t id) {
  CIIE_ASSIGN_OR_RETURN(const auto person, store.find_person(id));
  if (!person || person->unit != account || person->state == PersonState::kJoinRequested) {
    return Status::not_found("person.unknown", "no person " + std::to_string(id) + " in this unit")
        .in_field("persons");
  }
  store::PersonTransition change;
  change.id = id;
  change.from = {PersonState::kDraft};
  change.to = PersonState::kSubmitted;
  change.at = clock.now();
  change.set_submitted_at = true;
  CIIE_ASSIGN_OR_RETURN(const bool changed, store.transition_person(change));
  if (!changed) {
    return Status::refused("person.not_draft", "person " + std::to_string(id) + " is " +
                                                   std::string(to_string(person->state)) +
                                                   ", not a draft")
        .in_field("persons");
  }
  return audit::record(store, clock, actor, "person.submit", "person:" + std::to_string(id),
                       {{"unit", account}});
}

}  // namespace

Result<SubmitOutcome> Registry::submit(const Actor& actor, const std::string& account,
                                       const SubmitRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  if (!registry::may_edit_unit(actor, visible)) {
    return registry::forbidden(actor, "submit for unit " + account);
  }
  SubmitOutcome outcome;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    outcome = SubmitOutcome{};  // the body may run again (Store::write_transaction)
    CIIE_ASSIGN_OR_RETURN(const auto current, store_->find_unit(account));
    if (!current) return Status::not_found("unit.unknown", "no unit '" + account + "'");
    CIIE_ASSIGN_OR_RETURN(const std::vector<std::int64_t> ids,
                          persons_to_submit(*store_, account, request));
    for (const std::int64_t id : ids) {
      CIIE_RETURN_IF_ERROR(submit_person(*store_, *options_.clock, actor, account, id));
    }
    outcome.persons_submitted = ids;
    CIIE_ASSIGN_OR_RETURN(const store::PersonCounts counts, store_->count_persons(account));
    outcome.pending = counts.draft;
    const bool waiting_or_approved =
        current->state == UnitState::kSubmitted || current->state == UnitState::kApproved;
    if (request.unit && waiting_or_approved && ids.empty()) {
      return Status::conflict("submit.already",
                              "unit " + account + " is " + std::string(to_string(current->state)) +
                                  " already; add persons and submit them (SUB-2)");
    }
    if (request.unit && !waiting_or_approved) {
      if (counts.submitted + counts.under_review + counts.approved == 0) {
        return Status::refused("submit.no_person",
                               "submit at least one person with the unit or before it (SUB-1)");
      }
      const review::SubmissionRoute route = review::route_submission(options_.rules, *current);
      store::UnitTransition change;
      change.account = account;
      change.from = {UnitState::kRegistered, UnitState::kRejected};
      change.to = route.automatic ? UnitState::kApproved : UnitState::kSubmitted;
      change.at = options_.clock->now();
      change.review_queue = route.queue;
      change.review_why = route.why;
      change.set_submitted_at = true;
      change.review_reason = std::string();
      if (route.automatic) {
        change.set_decided = true;
        change.decided_by = "automatic";
      }
      CIIE_ASSIGN_OR_RETURN(const bool changed, store_->transition_unit(change));
      if (!changed) {
        return Status::conflict("submit.already", "unit " + account + " was submitted meanwhile");
      }
      nlohmann::json details = {{"persons", ids.size()}};
      if (route.automatic) {
        details["review"] = "automatic";
      } else {
        details["queue"] = route.queue;
        details["why"] = route.why;
      }
      if (current->state == UnitState::kRejected) details["resubmission"] = true;
      CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "unit.submit",
                                         "unit:" + account, details));
      if (route.automatic) {
        CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "review.auto_approve",
                                           "unit:" + account, {{"rule", "REV-1"}}));
        CIIE_RETURN_IF_ERROR(registry::award_unit_approved(*store_, options_.rules, *current,
                                                           change.at, "automatic"));
      }
      outcome.unit_submitted = true;
      outcome.auto_approved = route.automatic;
      outcome.queue = route.queue;
      outcome.review_why = route.why;
    } else if (ids.empty()) {
      return Status::refused("submit.nothing", "no person in draft to submit");
    }
    CIIE_ASSIGN_OR_RETURN(const auto after, store_->find_unit(account));
    if (!after) return Status::internal("a submitted unit vanished");
    outcome.unit = *after;
    return Status::ok();
  }));
  return outcome;
}

}  // namespace ciie
