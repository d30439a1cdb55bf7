// REG-5 verification codes: generation from libsodium's unbiased randombytes_uniform, and
// storage as a cheap Argon2id hash through the password functions.
#include "account/verification_code.hpp"

#include <algorithm>
#include <cassert>
#include <cstdlib>

#include <sodium.h>

#include "ciie/codes.hpp"

#include "account/password.hpp"
#include "account/sodium_ready.hpp"

// Why a 6-digit code is hashed at all. With only 10^6 values, anyone holding a copy of the
// verification table could brute-force a hash offline within minutes, so the hash is not what
// protects the account: the 5-minute validity and the 5-try limit checked online are (REG-5).
// The hash keeps someone who can merely *read* the store (a backup, a support query, a log of
// SQL) from simply reading a live code and using it within its validity. Argon2id at the minimum
// cost keeps each check to microseconds while still not being a plain fast digest; the random
// salt means equal codes give unrelated hashes.

namespace ciie::account {

std::string generate_verification_code(int length) {
  assert(length >= kMinVerificationCodeLength && length <= kMaxVerificationCodeLength);
  length = std::clamp(length, kMinVerificationCodeLength, kMaxVerificationCodeLength);
  // A guessable code would defeat the attempt limit, so a broken random source is fatal.
  if (!sodium_ready()) std::abort();
  std::string code;
  code.reserve(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) {
    // Digit by digit, each uniform and independent: no modulo bias, leading zeros for free.
    code += static_cast<char>('0' + randombytes_uniform(10));
  }
  return code;
}

Result<std::string> hash_verification_code(std::string_view code) {
  return hash_password(codes::normalize(code), kMinimalCost);
}

bool verification_code_matches(std::string_view hash, std::string_view code) {
  return verify_password(hash, codes::normalize(code));
}

}  // namespace ciie::account
