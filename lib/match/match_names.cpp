// Names of the matchmaking enums (match.hpp) as the store and the CLI write them.
#include "ciie/match.hpp"

#include <array>
#include <utility>

namespace ciie {
namespace {

constexpr std::array<std::pair<NeedState, std::string_view>, 2> kNeedStates{{
    {NeedState::kOpen, "open"},
    {NeedState::kWithdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<MeetingState, std::string_view>, 4> kMeetingStates{{
    {MeetingState::kRequested, "requested"},
    {MeetingState::kAccepted, "accepted"},
    {MeetingState::kDeclined, "declined"},
    {MeetingState::kCancelled, "cancelled"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [e, name] : table) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(NeedState state) { return name_of(kNeedStates, state); }
std::optional<NeedState> parse_need_state(std::string_view text) {
  return parse_of(kNeedStates, text);
}
std::string_view to_string(MeetingState state) { return name_of(kMeetingStates, state); }
std::optional<MeetingState> parse_meeting_state(std::string_view text) {
  return parse_of(kMeetingStates, text);
}

}  // namespace ciie
