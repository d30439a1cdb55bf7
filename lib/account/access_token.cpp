// Token secrets from libsodium: randombytes_buf for the bits, sodium_bin2base64 for the text,
// crypto_hash_sha256 for the stored hash.
#include "account/access_token.hpp"

#include <array>

#include <sodium.h>

#include "account/sodium_ready.hpp"

namespace ciie::account {

Result<std::string> generate_token_secret() {
  if (!sodium_ready()) return Status::internal("libsodium could not be initialised");
  std::array<unsigned char, 32> bits{};
  randombytes_buf(bits.data(), bits.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bits.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bits.data(), bits.size(), kVariant);
  text.resize(text.find('\0'));
  sodium_memzero(bits.data(), bits.size());
  return std::string(kTokenPrefix) + text;
}

std::string hash_token_secret(std::string_view secret) {
  while (!secret.empty() && (secret.front() == ' ' || secret.front() == '\t' ||
                             secret.front() == '\n' || secret.front() == '\r')) {
    secret.remove_prefix(1);
  }
  while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\t' ||
                             secret.back() == '\n' || secret.back() == '\r')) {
    secret.remove_suffix(1);
  }
  return sha256_hex(secret);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace ciie::account
