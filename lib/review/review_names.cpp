// Text names of the review module's enums: what the store, JSON output and bulk files use.
#include "ciie/person.hpp"
#include "ciie/review.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;
using core::value_of;

constexpr NameTable<PersonState, 6> kPersonStates{{
    {PersonState::kJoinRequested, "join_requested"},
    {PersonState::kDraft, "draft"},
    {PersonState::kSubmitted, "submitted"},
    {PersonState::kUnderReview, "under_review"},
    {PersonState::kApproved, "approved"},
    {PersonState::kRejected, "rejected"},
}};

constexpr NameTable<Decision, 4> kDecisions{{
    {Decision::kApprove, "approve"},
    {Decision::kReject, "reject"},
    {Decision::kApprove, "approved"},  // accepted when parsing; printing uses the first name
    {Decision::kReject, "rejected"},
}};

constexpr NameTable<StepState, 6> kStepStates{{
    {StepState::kDone, "done"},
    {StepState::kInProgress, "in_progress"},
    {StepState::kWaiting, "waiting"},
    {StepState::kRejected, "rejected"},
    {StepState::kNotStarted, "not_started"},
    {StepState::kNotApplicable, "not_applicable"},
}};

}  // namespace

std::string_view to_string(PersonState state) { return name_of(kPersonStates, state); }
std::optional<PersonState> parse_person_state(std::string_view text) {
  return value_of(kPersonStates, text);
}

std::string_view badge_state(const Person& person) {
  switch (person.state) {
    case PersonState::kSubmitted:
      return "submitted";
    case PersonState::kUnderReview:
      return "under_review";
    case PersonState::kApproved:
      return person.badge_reuse ? "reuse_activated" : "in_production";
    case PersonState::kJoinRequested:
    case PersonState::kDraft:
    case PersonState::kRejected:
      break;
  }
  return "";
}

std::string_view to_string(Decision decision) { return name_of(kDecisions, decision); }
std::optional<Decision> parse_decision(std::string_view text) {
  return value_of(kDecisions, text);
}

std::string_view to_string(StepState state) { return name_of(kStepStates, state); }

}  // namespace ciie
