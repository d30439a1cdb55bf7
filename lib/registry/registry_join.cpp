// Registry use cases for staff join requests (REV-4): a staff member registers through the unit's
// invitation (the mini-program code names the unit) and joins the unit only when its account
// approves; the approval can be batched.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/person_flow.hpp"
#include "registry/review_flow.hpp"
#include "store/store.hpp"

namespace ciie {

Result<Person> Registry::request_join(const Actor& actor, const JoinRequest& request) {
  if (actor.kind != ActorKind::kApplicant && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "request to join a unit (staff do, as the applicant)");
  }
  if (request.person.free_badge) {
    return Status::refused("join.free_badge",
                           "a join request cannot take a free place: the unit's account adds "
                           "free badges itself")
        .in_field("free_badge");
  }
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(request.unit));
  if (!unit || unit->edition != options_.rules.edition.number) {
    return Status::not_found("unit.unknown", "no unit '" + request.unit + "'").in_field("unit");
  }
  registry::AddedPerson added;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(added, registry::add_person_to_unit(*store_, options_, actor, *unit,
                                                              request.person,
                                                              PersonState::kJoinRequested));
    return Status::ok();
  }));
  registry::mask(added.person);
  return added.person;
}

Result<std::vector<Person>> Registry::join_requests(const Actor& actor,
                                                    const std::string& account) {
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  (void)visible;
  PersonFilter filter;
  filter.state = PersonState::kJoinRequested;
  filter.limit = 100'000;
  CIIE_ASSIGN_OR_RETURN(std::vector<Person> requests, store_->list_persons(account, filter));
  for (Person& person : requests) registry::mask(person);
  return requests;
}

Status Registry::decide_join_requests(const Actor& actor, const std::string& account,
                                      const std::vector<PersonDecision>& decisions) {
  const bool own_unit = actor.kind == ActorKind::kUnit && actor.id == account;
  if (!own_unit && actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "decide who joins unit " + account + " (REV-4: its account "
                                      "does)");
  }
  CIIE_ASSIGN_OR_RETURN(const Unit visible, this->unit(actor, account));
  (void)visible;
  return store_->write_transaction([&]() -> Status {
    for (const PersonDecision& decision : decisions) {
      const std::string subject = "person:" + std::to_string(decision.person);
      CIIE_ASSIGN_OR_RETURN(const auto person, store_->find_person(decision.person));
      if (!person || person->unit != account) {
        return Status::not_found("person.unknown",
                                 "no join request " + std::to_string(decision.person) +
                                     " for unit " + account);
      }
      if (person->state != PersonState::kJoinRequested) {
        return Status::conflict("review.not_pending",
                                "person " + std::to_string(decision.person) +
                                    " is not asking to join (it is " +
                                    std::string(to_string(person->state)) + ")");
      }
      if (decision.decision == Decision::kApprove) {
        store::PersonTransition change;
        change.id = person->id;
        change.from = {PersonState::kJoinRequested};
        change.to = PersonState::kDraft;
        change.at = options_.clock->now();
        change.set_decided = true;
        change.decided_by = actor.to_string();
        CIIE_ASSIGN_OR_RETURN(const bool changed, store_->transition_person(change));
        if (!changed) {
          return Status::conflict("review.not_pending", "join request " +
                                                            std::to_string(person->id) +
                                                            " was decided meanwhile");
        }
        CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "join.approve",
                                           subject, {{"unit", account}}));
      } else {
        CIIE_RETURN_IF_ERROR(registry::check_reason(decision.decision, decision.reason));
        CIIE_RETURN_IF_ERROR(store_->delete_person(person->id));
        CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor, "join.reject",
                                           subject,
                                           {{"unit", account}, {"reason", decision.reason}}));
      }
    }
    return Status::ok();
  });
}

}  // namespace ciie
