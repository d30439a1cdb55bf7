// Referral codes (REF-1): the check character, validation of typed codes and generation of new
// ones. Pure functions apart from the random source; safe to call from any thread.
#include <array>
#include <cassert>
#include <cstdint>
#include <cstdlib>

#include <sodium.h>

#include "ciie/codes.hpp"
#include "ciie/referral.hpp"
#include "codes/alphabet.hpp"

namespace ciie {
namespace {

// Why one mistyped character or one swap is always caught.
//
// Every position i = 1..9 (the check character is position 9) has the weight w_i = 3^(9−i) mod
// 31, and a code is valid when S = Σ w_i·v_i ≡ 0 (mod 31), v_i being the index in the alphabet.
// 31 is prime, so Z/31 is a field: a product of two non-zero residues is never zero. 3 is a
// primitive root mod 31 (its order is 30: 3^6 = 16, 3^10 = 25, 3^15 = 30 ≢ 1), so every weight
// is non-zero and the nine weights are distinct.
// - Substitution at i (v → v′, v ≠ v′): S changes by w_i·(v′ − v). 0 < |v′ − v| < 31, so both
//   factors are non-zero mod 31 and the new sum is ≢ 0.
// - Swap of positions i and j with values a ≠ b: S changes by (w_i − w_j)·(b − a). For j = i+1,
//   w_i − w_j = w_j·(3 − 1) = 2·w_j; for j = i+2, w_i − w_j = w_j·(9 − 1) = 8·w_j. Both are
//   non-zero because 2 and 8 are, and b − a is non-zero as above, so the sum moves off 0.
// This covers swaps involving the check character too: its weight 3^0 = 1 follows the same
// geometric progression as the body's weights.
constexpr int kModulus = 31;
constexpr std::array<int, kReferralCodeLength> kWeights = {20, 17, 16, 26, 19, 27, 9, 3, 1};

static_assert(kReferralAlphabet.size() == kModulus, "one symbol per residue mod 31");
static_assert(
    [] {
      for (std::size_t i = 0; i + 1 < kWeights.size(); ++i) {
        if (kWeights[i] != kWeights[i + 1] * 3 % kModulus) return false;
      }
      return kWeights.back() == 1;
    }(),
    "w_i = 3^(9−i) mod 31: each weight is three times the next, the check character's is 1");

// The index of `c` in the alphabet, or -1.
int value_of(char c) {
  const std::size_t at = kReferralAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Status check_length(std::string_view code) {
  // Counted as the identifier checkers count: a stray continuation byte is a character too.
  const std::size_t length = codes::detail::code_point_count(code);
  if (length == kReferralCodeLength) return Status::ok();
  return Status::refused("referral.format",
                         "a referral code has 9 characters, not " + std::to_string(length));
}

// REQUIRES: 9 code points. Names the first character outside the alphabet.
Status check_alphabet(std::string_view code) {
  std::size_t position = 0;
  for (std::size_t at = 0; at < code.size(); at += codes::detail::character_bytes(code, at)) {
    const char c = code[at];
    const auto byte = static_cast<unsigned char>(c);
    ++position;
    if (value_of(c) >= 0) continue;
    const std::string shown = byte < 0x80U ? std::string("'") + c + "'" : "a non-ASCII character";
    return Status::refused("referral.format",
                           "position " + std::to_string(position) + " is " + shown +
                               "; referral codes use 2-9 and A-Z without I, L and O")
        .with_detail("position", std::to_string(position));
  }
  return Status::ok();
}

// REQUIRES: 9 characters of the alphabet.
Status check_check_char(std::string_view code) {
  const char expected = referral_check_char(code.substr(0, kReferralBodyLength));
  if (code[kReferralBodyLength] == expected) return Status::ok();
  // The expected character is not shown: with a mistyped body it would only invite guessing.
  return Status::refused("referral.checksum",
                         "the referral code is mistyped (its check character does not match)");
}

// libsodium must be initialised once before randombytes is used. sodium_init() only fails when
// the system's random source cannot be opened; a referral code from a broken random source would
// be guessable, so that is treated as fatal rather than returned.
void ensure_sodium() {
  static const int kInitResult = sodium_init();  // thread-safe: a function-local static
  if (kInitResult < 0) std::abort();
}

}  // namespace

char referral_check_char(std::string_view body) {
  assert(body.size() == kReferralBodyLength);
  int sum = 0;
  for (std::size_t i = 0; i < kReferralBodyLength; ++i) {
    const int value = value_of(body[i]);
    assert(value >= 0 && "REQUIRES: characters of kReferralAlphabet");
    sum += value * kWeights[i];
  }
  const int check = (kModulus - sum % kModulus) % kModulus;  // weight 1 on the check character
  return kReferralAlphabet[static_cast<std::size_t>(check)];
}

Result<std::string> check_referral_code(std::string_view input) {
  std::string code = codes::normalize(input);
  CIIE_RETURN_IF_ERROR(check_length(code));
  CIIE_RETURN_IF_ERROR(check_alphabet(code));
  CIIE_RETURN_IF_ERROR(check_check_char(code));
  return code;
}

std::string generate_referral_code() {
  ensure_sodium();
  std::string code;
  code.reserve(kReferralCodeLength);
  for (std::size_t i = 0; i < kReferralBodyLength; ++i) {
    // randombytes_uniform has no modulo bias, so each symbol has probability exactly 1/31.
    code += kReferralAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kModulus))];
  }
  code += referral_check_char(code);
  return code;
}

}  // namespace ciie
