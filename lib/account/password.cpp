// REG-4 passwords: the policy classifies the code points of the NFKC form with utf8proc; hashing
// and verification are libsodium's crypto_pwhash_str family pinned to Argon2id.
#include "account/password.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <sodium.h>
#include <utf8proc.h>

#include "account/sodium_ready.hpp"
#include "codes/text.hpp"

namespace ciie::account {
namespace {

static_assert(kInteractiveCost.ops_limit == crypto_pwhash_OPSLIMIT_INTERACTIVE &&
                  kInteractiveCost.mem_limit == crypto_pwhash_MEMLIMIT_INTERACTIVE,
              "kInteractiveCost mirrors libsodium's INTERACTIVE limits");
static_assert(kMinimalCost.ops_limit == crypto_pwhash_OPSLIMIT_MIN &&
                  kMinimalCost.mem_limit == crypto_pwhash_MEMLIMIT_MIN,
              "kMinimalCost mirrors libsodium's minimum limits");

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// What a password contains, counted over its NFKC form.
struct Composition {
  std::size_t code_points = 0;
  bool letter = false;
  bool digit = false;
  bool special = false;
  bool control = false;  // Cc or Cf: refused outright
};

Composition classify(std::string_view text) {
  Composition found;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto size = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t at = 0;
  while (at < size) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t width = utf8proc_iterate(bytes + at, size - at, &cp);
    if (width <= 0) break;  // unreachable: the text came out of utf8proc_map
    at += width;
    ++found.code_points;
    switch (utf8proc_category(cp)) {
      case UTF8PROC_CATEGORY_LU:
      case UTF8PROC_CATEGORY_LL:
      case UTF8PROC_CATEGORY_LT:
      case UTF8PROC_CATEGORY_LM:
      case UTF8PROC_CATEGORY_LO:
        found.letter = true;
        break;
      case UTF8PROC_CATEGORY_ND:
        found.digit = true;
        break;
      // Control characters and invisible format characters (zero-width space, BOM, bidi
      // overrides) are almost always paste accidents and cannot be typed again reliably.
      case UTF8PROC_CATEGORY_CC:
      case UTF8PROC_CATEGORY_CF:
        found.control = true;
        break;
      default:
        found.special = true;
        break;
    }
  }
  return found;
}

// "a, b and c".
std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// A password.weak refusal; `failed` names the rules broken, comma-separated, for scripts and UIs:
// length, letter, digit, special, max_bytes, utf8, control.
Status weak(std::string message, std::string failed) {
  return Status::refused("password.weak", std::move(message))
      .with_detail("failed", std::move(failed));
}

Status too_long() {
  return weak("the password is longer than " + std::to_string(kMaxPasswordBytes) + " bytes",
              "max_bytes");
}

// The form that is measured and hashed: NFKC, so that full-width "Ａ１！" and "A1!" are one
// password (NIST SP 800-63B §5.1.1.2 recommends NFKC or NFKD). Invalid UTF-8 is kept as bytes:
// the policy refuses it, and hashing must still be deterministic for whatever it is given.
std::string canonical_password(std::string_view password) {
  std::optional<std::string> folded = codes::detail::nfkc(password);
  return folded ? std::move(*folded) : std::string(password);
}

// Cheap shape check before handing a string to libsodium, which needs it NUL-terminated.
bool looks_like_argon2id(std::string_view hash) {
  return hash.size() < crypto_pwhash_STRBYTES &&
         hash.substr(0, kArgon2idPrefix.size()) == kArgon2idPrefix &&
         hash.find('\0') == std::string_view::npos;
}

}  // namespace

Status check_password_policy(std::string_view password, int min_length) {
  if (password.size() > kMaxPasswordBytes) return too_long();
  const std::optional<std::string> folded = codes::detail::nfkc(password);
  if (!folded) return weak("the password is not valid UTF-8 text", "utf8");
  const Composition found = classify(*folded);
  if (found.control) {
    return weak("the password contains a control or invisible formatting character", "control");
  }
  std::vector<std::string> needs;  // for the message
  std::string failed;              // for scripts: "length,digit"
  const auto lacks = [&](std::string need, std::string_view key) {
    needs.push_back(std::move(need));
    failed += (failed.empty() ? "" : ",") + std::string(key);
  };
  if (min_length > 0 && found.code_points < static_cast<std::size_t>(min_length)) {
    lacks("at least " + std::to_string(min_length) + " characters (it has " +
              std::to_string(found.code_points) + ")",
          "length");
  }
  if (!found.letter) lacks("a letter", "letter");
  if (!found.digit) lacks("a digit", "digit");
  if (!found.special) lacks("a special character (not a letter or digit)", "special");
  if (needs.empty()) return Status::ok();
  return weak("the password needs " + join_list(needs), std::move(failed));
}

Result<std::string> hash_password(std::string_view password, HashCost cost) {
  if (password.size() > kMaxPasswordBytes) return too_long();
  if (!sodium_ready()) return Status::internal("libsodium could not be initialised");
  const std::string canonical = canonical_password(password);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), canonical.data(), canonical.size(), cost.ops_limit,
                            cost.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::internal("Argon2id hashing failed (out of memory, or cost out of range)");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (password.size() > kMaxPasswordBytes || !looks_like_argon2id(hash)) return false;
  if (!sodium_ready()) return false;
  const std::string terminated(hash);
  const std::string canonical = canonical_password(password);
  // crypto_pwhash_str_verify recomputes the hash and compares in constant time; it returns -1
  // for a mismatch and for an unparsable string alike.
  return crypto_pwhash_str_verify(terminated.c_str(), canonical.data(), canonical.size()) == 0;
}

bool acceptable_imported_hash(std::string_view hash) {
  if (!looks_like_argon2id(hash)) return false;
  // After the prefix: "v=19$m=M,t=T,p=P$salt$hash".
  unsigned long version = 0, memory = 0, passes = 0, lanes = 0;
  const std::string terminated(hash.substr(kArgon2idPrefix.size()));
  int consumed = 0;
  if (std::sscanf(terminated.c_str(), "v=%lu$m=%lu,t=%lu,p=%lu$%n", &version, &memory, &passes,
                  &lanes, &consumed) != 4 ||
      consumed == 0) {
    return false;
  }
  const std::string_view rest = std::string_view(terminated).substr(static_cast<std::size_t>(consumed));
  const auto dollar = rest.find('$');
  const bool salt_and_hash = dollar != std::string_view::npos && dollar > 0 &&
                             dollar + 1 < rest.size() &&
                             rest.find('$', dollar + 1) == std::string_view::npos;
  return version == 19 && memory >= 8 && memory <= 1024UL * 1024UL && passes >= 1 &&
         passes <= 10 && lanes >= 1 && lanes <= 8 && salt_and_hash;
}

bool needs_rehash(std::string_view hash, HashCost cost) {
  if (!looks_like_argon2id(hash) || !sodium_ready()) return true;
  const std::string terminated(hash);
  // 0: same algorithm and limits; 1: different limits; -1: malformed. Both of the latter rehash.
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost.ops_limit, cost.mem_limit) != 0;
}

}  // namespace ciie::account
