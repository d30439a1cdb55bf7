// libsodium start-up for the account module: sodium_init() must have run once before
// randombytes or crypto_pwhash is used.
#pragma once

#include <sodium.h>

namespace ciie::account {

// Whether libsodium is usable. The first call initialises it; a function-local static makes that
// thread-safe (sodium_init itself is idempotent). It fails only when the system's random source
// cannot be opened.
inline bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

}  // namespace ciie::account
