// The stable text names of the verification enums (REG-5): what the store, the CLI and JSON
// output use, so they never change once released.
#include <array>
#include <utility>

#include "ciie/verification.hpp"

namespace ciie {
namespace {

constexpr std::array<std::pair<VerifyChannel, std::string_view>, 2> kChannelNames = {{
    {VerifyChannel::kSms, "sms"},
    {VerifyChannel::kEmail, "email"},
}};

constexpr std::array<std::pair<VerifyPurpose, std::string_view>, 5> kPurposeNames = {{
    {VerifyPurpose::kRegister, "register"},
    {VerifyPurpose::kResetPassword, "reset_password"},
    {VerifyPurpose::kChangePhoneOld, "change_phone_old"},
    {VerifyPurpose::kChangePhoneNew, "change_phone_new"},
    {VerifyPurpose::kClaim, "claim"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";  // only for a value cast from an out-of-range integer
}

// Exact, case-sensitive match: these names are identifiers, not user prose.
template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(VerifyChannel channel) { return name_of(kChannelNames, channel); }

std::optional<VerifyChannel> parse_verify_channel(std::string_view text) {
  return value_of(kChannelNames, text);
}

std::string_view to_string(VerifyPurpose purpose) { return name_of(kPurposeNames, purpose); }

std::optional<VerifyPurpose> parse_verify_purpose(std::string_view text) {
  return value_of(kPurposeNames, text);
}

}  // namespace ciie
