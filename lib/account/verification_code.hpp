// Verification codes (REG-5): random digits for SMS or e-mail, and the hash they are stored as.
// Expiry, attempt limits and send rate live with the use case; these are the pure parts.
// Thread-safety: all functions are safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::account {

inline constexpr int kVerificationCodeLength = 6;  // REG-5 default
inline constexpr int kMinVerificationCodeLength = 4;
inline constexpr int kMaxVerificationCodeLength = 10;

// `length` uniformly random ASCII digits (leading zeros kept: "004719").
// REQUIRES: kMinVerificationCodeLength <= length <= kMaxVerificationCodeLength (asserted; in a
// release build a length outside is clamped into that range).
std::string generate_verification_code(int length = kVerificationCodeLength);

// The Argon2id hash (kMinimalCost) to store instead of the code. Errors: internal.
Result<std::string> hash_verification_code(std::string_view code);

// Whether a typed code matches the stored hash, in constant time. The typed code is normalised
// first (full-width digits, spaces and hyphens: "１２３ ４５６" is "123456"). A malformed hash
// gives false.
bool verification_code_matches(std::string_view hash, std::string_view code);

}  // namespace ciie::account
