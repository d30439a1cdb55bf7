// Passwords (REG-4): the strength policy, and Argon2id hashing and constant-time verification
// through libsodium. Passwords are compared in Unicode NFKC form, so the same password typed with
// a full-width (Chinese IME) or half-width keyboard matches. Thread-safety: all functions are
// safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::account {

// Longer input is refused before any Unicode work or hashing, bounding the cost of a login.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Argon2id work factors: passes over memory and the memory in bytes.
struct HashCost {
  unsigned long long ops_limit = 0;
  std::size_t mem_limit = 0;
};
// libsodium's INTERACTIVE limits (2 passes, 64 MiB): the production default for passwords.
inline constexpr HashCost kInteractiveCost{2, 64U * 1024U * 1024U};
// libsodium's minimum (1 pass, 8 KiB): tests, and short-lived verification codes.
inline constexpr HashCost kMinimalCost{1, 8U * 1024U};

// Whether `password` meets REG-4: at least `min_length` characters (Unicode code points of its
// NFKC form, so "密码" is two), a letter (any Unicode letter, so Chinese characters count), a digit
// (any Unicode decimal digit) and a special character (anything else printable: punctuation,
// symbols, spaces); at most kMaxPasswordBytes bytes of valid UTF-8 without control or invisible
// format characters (Unicode Cc, Cf). Errors: password.weak, whose message and "failed" detail
// (length, letter, digit, special, max_bytes, utf8, control) say what is wrong; neither ever
// contains the password.
Status check_password_policy(std::string_view password, int min_length);

// The "$argon2id$v=19$m=…,t=…,p=1$salt$hash" string for `password` with a fresh random salt.
// Errors: password.weak (longer than kMaxPasswordBytes), internal (out of memory, or libsodium
// unusable).
Result<std::string> hash_password(std::string_view password, HashCost cost);

// Whether `password` matches `hash` (from hash_password). The comparison is constant time.
// A malformed or non-Argon2id hash, or a password longer than kMaxPasswordBytes, gives false.
// REQUIRES: `hash` comes from the store, not from a user: its cost parameters are obeyed.
bool verify_password(std::string_view hash, std::string_view password);

// Whether a hash from outside the store (a previous edition's export, RET-1) may be stored: the
// "$argon2id$v=19$m=M,t=T,p=P$salt$hash" shape with at most 1 GiB of memory (M in KiB), 10
// passes and 8 lanes, so that verifying it later cannot be made arbitrarily expensive.
bool acceptable_imported_hash(std::string_view hash);

// Whether `hash` was made with other work factors than `cost` (or is malformed) and should be
// replaced by a new hash at the next successful login.
bool needs_rehash(std::string_view hash, HashCost cost);

}  // namespace ciie::account
