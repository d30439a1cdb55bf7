// The stable text names of the verification enums (REG-5): what the store, the CLI and JSON
// output use, so they never change once released.
#include <array>
#include <utility>

#include "ciie/verification.hpp"

#include "core/name_table.hpp"

namespace ciie {
namespace {

using core::name_of;
using core::value_of;

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
