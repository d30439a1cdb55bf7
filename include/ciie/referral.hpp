// Referral codes (domain §5, REF-1..3): 8 characters from an alphabet without look-alikes plus
// one check character, so a single mistyped character or a swap of two neighbours (or of two
// characters one apart) is always caught. A code has an issuer, an optional expiry and an
// optional maximum number of uses; using one is atomic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ciie/status.hpp"
#include "ciie/time.hpp"

namespace ciie {

// The 31 symbols of a referral code: digits 2–9 and A–Z without I, L and O (no 0/O, 1/I/L).
inline constexpr std::string_view kReferralAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kReferralBodyLength = 8;
inline constexpr std::size_t kReferralCodeLength = kReferralBodyLength + 1;

// The check character for 8 body characters: Σ v_i·3^(9−i) + v_check ≡ 0 (mod 31).
// REQUIRES: 8 characters from kReferralAlphabet.
char referral_check_char(std::string_view body);

// Normalises (NFKC, trim, spaces and hyphens removed, upper case) and validates a code.
// Returns the canonical 9 characters. Errors: referral.format (length or alphabet),
// referral.checksum.
Result<std::string> check_referral_code(std::string_view input);

// A new random code (libsodium's randombytes), with its check character.
std::string generate_referral_code();

// A stored referral code.
struct ReferralCode {
  std::string code;    // canonical, 9 characters
  std::string issuer;  // "delegation:<slug>", "unit:<account>" or "organizer"
  // The industry delegation this code admits to (DEL-4): set when the issuer is one.
  std::string industry_delegation;
  std::optional<std::int64_t> max_uses;  // none = unlimited
  std::int64_t uses = 0;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
  Instant created_at;
  std::string created_by;  // the actor who created it
  std::string note;
};

// What `referral create` asks for.
struct CreateReferralsRequest {
  std::string issuer;  // "delegation:<slug>", "unit:<account>" or "organizer"
  std::optional<std::int64_t> max_uses;
  std::optional<Instant> expires_at;
  int count = 1;  // how many codes
  std::string note;
};

// The state of a code as `referral check` reports it: usable, or why not.
struct ReferralCheck {
  ReferralCode code;
  Status usable;  // ok, or referral.expired / referral.revoked / referral.exhausted
};

}  // namespace ciie
