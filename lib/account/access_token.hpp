// Access-token secrets (credential.hpp): how they are drawn and the hash they are stored as.
// A secret carries 256 random bits, so a fast hash (SHA-256) is enough to make a stolen table
// useless; no password-style stretching is needed, and lookups by hash stay one index probe.
// Thread-safety: all functions are safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::account {

inline constexpr std::string_view kTokenPrefix = "ciie_";
// How many characters of a secret listings show (the "ciie_" prefix and 6 more).
inline constexpr std::size_t kTokenShownChars = 11;

// "ciie_" + 43 characters of URL-safe base64 without padding (32 bytes from libsodium's CSPRNG).
// Errors: internal (libsodium unusable).
Result<std::string> generate_token_secret();

// The lowercase hex SHA-256 of a secret as typed (surrounding whitespace removed).
std::string hash_token_secret(std::string_view secret);

// The lowercase hex SHA-256 of any bytes (photo digests).
std::string sha256_hex(std::string_view bytes);

}  // namespace ciie::account
