// Sending and checking verification codes (REG-5), shared by registration, password reset,
// phone change and (later) returning units' claims.
#pragma once

#include <string>
#include <string_view>

#include "ciie/actor.hpp"
#include "ciie/options.hpp"
#include "ciie/verification.hpp"

#include "store/store.hpp"

namespace ciie::registry {

// Canonical destination for a channel: the checked phone or e-mail address.
// Errors: phone.format, email.format.
Result<std::string> canonical_destination(VerifyChannel channel, std::string_view destination);

// verify.rate_limited when a code went to `destination` less than the resend interval ago.
Status check_rate_limit(store::Store& store, const Options& options, VerifyChannel channel,
                        const std::string& destination);

// Generates, delivers and stores a new code. External backends deliver before anything is
// stored (a failed delivery leaves nothing behind, and no write lock is held during the call);
// the outbox backend stores the message in the same transaction as the code.
// Errors: verify.rate_limited, notify.*, store.*.
Result<VerificationSent> send_code(store::Store& store, const Options& options, const Actor& actor,
                                   VerifyChannel channel, const std::string& destination,
                                   VerifyPurpose purpose);

// Checks a code against the newest one sent and consumes it on a match. Runs its own write
// transaction, so a wrong attempt is counted even though the check fails.
// REQUIRES: not inside a write transaction. Errors: verify.not_sent, verify.expired,
// verify.too_many_attempts, verify.mismatch, store.*.
Status check_code(store::Store& store, const Options& options, const Actor& actor,
                  VerifyChannel channel, const std::string& destination, VerifyPurpose purpose,
                  std::string_view code);

}  // namespace ciie::registry
