// Credentials: access tokens that let a program or a person act as an actor (domain §1).
// The library trusts the Actor it is given; an embedding server authenticates its callers
// itself (or with authenticate_token / authenticate_unit) and passes the resulting Actor. The
// `ciie` tool uses these tokens: a store is open (every actor may be named with --as) until the
// organizer creates the first token, and secured from then on — every actor then needs its
// credential (CIIE_TOKEN, or a unit's password). See docs/access.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ciie/actor.hpp"
#include "ciie/time.hpp"

namespace ciie {

struct TokenRequest {
  Actor for_actor;                    // whom the token acts as
  std::optional<Instant> expires_at;  // none: until revoked
  std::string note;                   // what it is for ("finance office laptop")
};

// A token as listed: never its secret, which only exists in the IssuedToken.
struct TokenInfo {
  std::int64_t id = 0;
  std::string actor;   // "delegation:shanghai"
  std::string prefix;  // the first characters of the secret, to tell tokens apart
  std::string note;
  Instant created_at;
  std::string created_by;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
  std::optional<Instant> last_used_at;
};

// Returned once by create_token: the secret is shown to its holder and stored only as a hash.
struct IssuedToken {
  TokenInfo info;
  std::string secret;  // "ciie_" + 43 characters of URL-safe base64 (32 random bytes)
};

}  // namespace ciie
