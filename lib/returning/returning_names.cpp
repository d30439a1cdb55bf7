// Text names of the returning module's enums: what the store, JSON output and the CLI use.
#include "ciie/returning.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::NameTable;
using core::value_of;

constexpr NameTable<ClaimMethod, 3> kClaimMethods{{
    {ClaimMethod::kPassword, "password"},
    {ClaimMethod::kSms, "sms"},
    {ClaimMethod::kEmail, "email"},
}};

constexpr NameTable<CandidateState, 3> kCandidateStates{{
    {CandidateState::kOpen, "open"},
    {CandidateState::kClaimed, "claimed"},
    {CandidateState::kBarred, "barred"},
}};

}  // namespace

std::string_view to_string(ClaimMethod method) { return name_of(kClaimMethods, method); }
std::optional<ClaimMethod> parse_claim_method(std::string_view text) {
  return value_of(kClaimMethods, text);
}

std::string_view to_string(CandidateState state) { return name_of(kCandidateStates, state); }
std::optional<CandidateState> parse_candidate_state(std::string_view text) {
  return value_of(kCandidateStates, text);
}

}  // namespace ciie
