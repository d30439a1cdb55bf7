// Registry use cases for meetings (预约展商会面, MATCH-1): a unit asks to meet an exhibitor; the
// organizer, who acts for exhibitors (they are not actors here), accepts or declines; the unit
// or the organizer cancels.
#include "ciie/registry.hpp"

#include "audit/audit.hpp"
#include "registry/access.hpp"
#include "store/store.hpp"

namespace ciie {
namespace {

constexpr std::size_t kMaxNoteBytes = 1000;

Status duplicate(const MeetingRequest& r) {
  return Status::conflict("meeting.duplicate", "unit " + r.unit +
                                                   " has a request to exhibitor " + r.exhibitor +
                                                   " waiting already");
}

std::string_view action_name(MeetingDecision decision) {
  switch (decision) {
    case MeetingDecision::kAccept:
      return "accept";
    case MeetingDecision::kDecline:
      return "decline";
    case MeetingDecision::kCancel:
      break;
  }
  return "cancel";
}

}  // namespace

Result<Meeting> Registry::request_meeting(const Actor& actor, const MeetingRequest& request) {
  CIIE_ASSIGN_OR_RETURN(const Unit unit, this->unit(actor, request.unit));
  if (!registry::may_edit_unit(actor, unit)) {
    return registry::forbidden(actor, "request meetings for unit " + request.unit);
  }
  CIIE_ASSIGN_OR_RETURN(const auto exhibitor, store_->find_exhibitor(request.exhibitor));
  if (!exhibitor) {
    return Status::not_found("exhibitor.unknown", "no exhibitor '" + request.exhibitor + "'");
  }
  if (request.need) {
    CIIE_ASSIGN_OR_RETURN(const auto need, store_->find_need(*request.need));
    if (!need || need->unit != unit.account || need->state != NeedState::kOpen) {
      return Status::refused("meeting.need", "need " + std::to_string(*request.need) +
                                                 " is not an open need of unit " + unit.account)
          .in_field("need");
    }
  }
  const Instant now = options_.clock->now();
  if (request.at) {
    const Date day = request.at->shanghai_date();
    const EditionRules& edition = options_.rules.edition;
    if (*request.at < now || day < edition.expo_start || day > edition.expo_end) {
      return Status::refused("meeting.time",
                             "a meeting is during the expo, " + edition.expo_start.to_string() +
                                 " to " + edition.expo_end.to_string() + ", and not in the past")
          .in_field("at");
    }
  }
  if (request.note.size() > kMaxNoteBytes) {
    return Status::invalid_input("meeting.note",
                                 "note: at most " + std::to_string(kMaxNoteBytes) + " bytes")
        .in_field("note");
  }
  Meeting meeting;
  meeting.unit = unit.account;
  meeting.exhibitor = exhibitor->id;
  meeting.exhibitor_name = exhibitor->name;
  meeting.need = request.need;
  meeting.at = request.at;
  meeting.note = request.note;
  meeting.requested_at = now;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    MeetingFilter waiting;
    waiting.unit = unit.account;
    waiting.exhibitor = exhibitor->id;
    waiting.state = MeetingState::kRequested;
    CIIE_ASSIGN_OR_RETURN(const auto before, store_->list_meetings(waiting));
    if (!before.empty()) return duplicate(request);
    Status inserted = store_->insert_meeting(meeting);
    if (!inserted && inserted.reason() == "store.constraint") return duplicate(request);
    CIIE_RETURN_IF_ERROR(inserted);
    return audit::record(*store_, *options_.clock, actor, "meeting.request",
                         "meeting:" + std::to_string(meeting.id),
                         {{"unit", meeting.unit}, {"exhibitor", meeting.exhibitor}});
  }));
  return meeting;
}

Result<Meeting> Registry::decide_meeting(const Actor& actor, std::int64_t id,
                                         MeetingDecision decision, const std::string& note) {
  CIIE_ASSIGN_OR_RETURN(auto found, store_->find_meeting(id));
  if (!found) return Status::not_found("meeting.unknown", "no meeting " + std::to_string(id));
  const bool organizer = actor.kind == ActorKind::kOrganizer;
  const bool own = actor.kind == ActorKind::kUnit && actor.id == found->unit;
  if (!organizer && !(own && decision == MeetingDecision::kCancel)) {
    return registry::forbidden(actor, std::string(action_name(decision)) + " meeting " +
                                          std::to_string(id));
  }
  if (note.size() > kMaxNoteBytes) {
    return Status::invalid_input("meeting.note",
                                 "note: at most " + std::to_string(kMaxNoteBytes) + " bytes")
        .in_field("note");
  }
  const MeetingState from = found->state;
  const bool allowed = from == MeetingState::kRequested ||
                       (decision == MeetingDecision::kCancel && from == MeetingState::kAccepted);
  const auto refuse_state = [&] {
    return Status::refused("meeting.state", "meeting " + std::to_string(id) + " is " +
                                                std::string(to_string(found->state)) +
                                                ": it cannot be " +
                                                std::string(action_name(decision)) + "ed");
  };
  if (!allowed) return refuse_state();
  found->state = decision == MeetingDecision::kAccept    ? MeetingState::kAccepted
                 : decision == MeetingDecision::kDecline ? MeetingState::kDeclined
                                                         : MeetingState::kCancelled;
  found->decided_at = options_.clock->now();
  found->decided_by = actor.to_string();
  found->decision_note = note;
  CIIE_RETURN_IF_ERROR(store_->write_transaction([&]() -> Status {
    CIIE_ASSIGN_OR_RETURN(const bool updated, store_->update_meeting(*found, from));
    if (!updated) return refuse_state();  // decided by someone else meanwhile
    return audit::record(*store_, *options_.clock, actor,
                         "meeting." + std::string(action_name(decision)),
                         "meeting:" + std::to_string(id), {{"unit", found->unit}});
  }));
  return std::move(*found);
}

Result<std::vector<Meeting>> Registry::meetings(const Actor& actor, const MeetingFilter& filter) {
  MeetingFilter scoped = filter;
  if (actor.kind == ActorKind::kUnit) {
    if (!scoped.unit.empty() && scoped.unit != actor.id) {
      return registry::forbidden(actor, "list the meetings of unit " + scoped.unit);
    }
    scoped.unit = actor.id;
  } else if (actor.kind != ActorKind::kOrganizer) {
    return registry::forbidden(actor, "list meetings");
  }
  return store_->list_meetings(scoped);
}

}  // namespace ciie
