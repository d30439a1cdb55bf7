// Registry use case bringing past persons forward (RET-3) with or without badge reuse (BDG-3):
// each chosen past person is added to the claiming unit as a draft through add_person's own
// steps (person_flow.hpp), all in one transaction.
#include <algorithm>

#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "registry/person_flow.hpp"
#include "returning/reuse_check.hpp"
#include "review/person_check.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

// The past persons a request chooses, in its order (all not yet brought forward when it names
// none). Errors: returning.person_unknown.
Result<std::vector<PastPerson>> chosen(const std::vector<PastPerson>& past,
                                       const BringForwardRequest& request) {
  std::vector<PastPerson> picked;
  if (request.past_ids.empty()) {
    for (const PastPerson& person : past) {
      if (!person.brought_forward_as) picked.push_back(person);
    }
    return picked;
  }
  for (const std::string& id : request.past_ids) {
    const auto found = std::find_if(past.begin(), past.end(),
                                    [&](const PastPerson& p) { return p.past_id == id; });
    if (found == past.end()) {
      return Status::not_found("returning.person_unknown",
                               "the unit's past record has no person '" + id + "'")
          .in_field("persons");
    }
    picked.push_back(*found);
  }
  return picked;
}

}  // namespace

Result<std::vector<BroughtPerson>> Registry::bring_forward(const Actor& actor,
                                                           const BringForwardRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const auto unit, store_->find_unit(request.unit));
  if (!unit) {
    if (actor.kind == ActorKind::kOrganizer) {
      return Status::not_found("unit.unknown", "no unit '" + request.unit + "'");
    }
    return registry::forbidden(actor, "bring persons forward into " + request.unit);
  }
  if (!registry::may_edit_unit(actor, *unit)) {
    return registry::forbidden(actor, "bring persons forward into " + request.unit);
  }
  std::vector<BroughtPerson> brought;
  const Date today = options_.clock->now().shanghai_date();
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    brought.clear();  // the body may run again (Store::write_transaction)
    CIIE_ASSIGN_OR_RETURN(const auto candidate, store_->find_claimed_candidate(unit->account));
    if (!candidate) {
      return Status::refused("returning.not_claimed",
                             "unit " + unit->account +
                                 " did not claim a past record: it sees no past information (RET-2)")
          .in_field("unit");
    }
    CIIE_ASSIGN_OR_RETURN(const auto past, store_->list_past_persons(candidate->account));
    CIIE_ASSIGN_OR_RETURN(const auto picked, chosen(past, request));
    for (const PastPerson& p : picked) {
      if (p.brought_forward_as) {
        CIIE_ASSIGN_OR_RETURN(const auto earlier, store_->find_person(*p.brought_forward_as));
        if (earlier) {
          brought.push_back({p.past_id, *earlier, false});
          continue;
        }
      }
      PersonRequest person;
      person.name = p.name;
      person.document_kind = p.document_kind;
      person.document_number = p.document_number;
      person.phone = p.phone;
      person.position = p.position;
      person.badge_type = request.badge_type.empty() ? p.badge_type : request.badge_type;
      person.free_badge = p.free_badge;
      CIIE_ASSIGN_OR_RETURN(person.photo, store_->past_person_photo(candidate->account, p.past_id));
      const std::string subject = "past person " + p.past_id;
      if (request.reuse) {
        auto checked = review::check_person(options_.rules, person, today);
        if (!checked.is_ok()) {
          return std::move(checked).take_status().with_detail("past_person", p.past_id);
        }
        const auto obstacles = returning::reuse_obstacles(p, *candidate, *unit, *checked);
        if (!obstacles.empty()) {
          return Status::refused("badge.reuse_ineligible",
                                 subject + "'s badge cannot be reused (BDG-3): " +
                                     joined(obstacles, ", "))
              .in_field("persons")
              .with_detail("past_person", p.past_id)
              .with_detail("obstacles", joined(obstacles, ","));
        }
      }
      registry::PersonOrigin origin;
      origin.returning_of = candidate->account + "/" + p.past_id;
      origin.badge_reuse = request.reuse;
      auto added = registry::add_person_to_unit(*store_, options_, actor, *unit, person,
                                                PersonState::kDraft, std::nullopt, origin);
      if (!added.is_ok()) {
        return std::move(added).take_status().with_detail("past_person", p.past_id);
      }
      CIIE_RETURN_IF_ERROR(
          store_->set_brought_forward(candidate->account, p.past_id, added->person.id));
      CIIE_RETURN_IF_ERROR(audit::record(*store_, *options_.clock, actor,
                                         "returning.bring_forward",
                                         "person:" + std::to_string(added->person.id),
                                         {{"unit", unit->account},
                                          {"past", origin.returning_of},
                                          {"badge_reuse", request.reuse}}));
      brought.push_back({p.past_id, added->person, true});
    }
    return Status::ok();
  }));
  for (BroughtPerson& b : brought) registry::mask(b.person);
  return brought;
}

}  // namespace ciie
