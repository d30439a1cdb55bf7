// Account secrets: the REG-4 password policy table, Argon2id hashing and verification, and the
// REG-5 verification codes (shape, distribution, hashing). Only kMinimalCost is used for
// hashing, to keep the suite fast, plus one kInteractiveCost round trip.
#include <array>
#include <string>

#include <catch2/catch.hpp>

#include "ciie/verification.hpp"

#include "account/password.hpp"
#include "account/verification_code.hpp"

namespace account = ciie::account;

namespace {

constexpr int kMinLength = 8;

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string detail(const ciie::Status& status, const std::string& key) {
  for (const ciie::Detail& d : status.details()) {
    if (d.key == key) return d.value;
  }
  return {};
}

}  // namespace

TEST_CASE("password policy: accepted passwords", "[account]") {
  for (const char* password : {"abcdef1!", "Passw0rd#", "correct horse 1", "密码密码密码a1!",
                               "密码密码1234 ", "Ünïcödé9?", "ＡＢＣＤｅｆ１！"}) {
    INFO(password);
    const ciie::Status status = account::check_password_policy(password, kMinLength);
    INFO(status.to_string());
    CHECK(status.is_ok());
  }
}

TEST_CASE("password policy: refusals say what is missing", "[account]") {
  struct Case {
    std::string password;
    const char* failed;   // the "failed" detail
    const char* message;  // a fragment of the message
  };
  const Case cases[] = {
      {"abcdefgh!", "digit", "a digit"},
      {"12345678!", "letter", "a letter"},
      {"abcd1234", "special", "a special character"},
      {"ab1!", "length", "at least 8 characters (it has 4)"},
      // Seven code points in 19 bytes: Chinese characters count once each.
      {"密码密码a1!", "length", "(it has 7)"},
      {"", "length,letter,digit,special", "8 characters (it has 0), a letter, a digit and a"},
      {"abcdefgh", "digit,special", "a digit and a special character"},
      {"abc\tdef1!", "control", "control"},
      {std::string("abc\0def1!", 9), "control", "control"},
      {std::string("abc") + '\x7f' + "def1!", "control", "control"},  // DEL
      {"abc\u200bdef1!", "control", "invisible"},                     // zero-width space
      {std::string("abc") + '\xff' + "def1!", "utf8", "UTF-8"},
      {std::string("abc") + "\xe5\xaf" + "def1!", "utf8", "UTF-8"},  // truncated sequence
      {std::string(1020, 'a') + "1!ab1", "max_bytes", "1024 bytes"},
  };
  for (const Case& c : cases) {
    INFO(c.failed);
    const ciie::Status status = account::check_password_policy(c.password, kMinLength);
    REQUIRE_FALSE(status.is_ok());
    CHECK(status.reason() == "password.weak");
    CHECK(status.code() == ciie::Code::kRefused);
    CHECK(detail(status, "failed") == c.failed);
    CHECK_THAT(status.message(), Catch::Contains(c.message));
    if (c.password.size() >= 4) {
      CHECK_THAT(status.message(), !Catch::Contains(c.password));
    }
  }
}

TEST_CASE("password policy: the byte limit and the minimum length are exact", "[account]") {
  const std::string longest = std::string(1021, 'a') + "1!x";  // 1024 bytes
  CHECK(account::check_password_policy(longest, kMinLength).is_ok());
  CHECK(account::check_password_policy("abcdef1!", 9).reason() == "password.weak");
  CHECK(account::check_password_policy("abcdef1!", 8).is_ok());
}

TEST_CASE("password hash: Argon2id round trip", "[account]") {
  const auto hash = account::hash_password("Passw0rd#", account::kMinimalCost);
  REQUIRE(hash.is_ok());
  CHECK(starts_with(*hash, "$argon2id$"));
  CHECK(hash->find("Passw0rd") == std::string::npos);
  CHECK(account::verify_password(*hash, "Passw0rd#"));
  CHECK_FALSE(account::verify_password(*hash, "Passw0rd"));
  CHECK_FALSE(account::verify_password(*hash, "passw0rd#"));
  CHECK_FALSE(account::verify_password(*hash, ""));
  CHECK_FALSE(account::needs_rehash(*hash, account::kMinimalCost));
  CHECK(account::needs_rehash(*hash, account::kInteractiveCost));
}

TEST_CASE("password hash: a fresh salt each time", "[account]") {
  const auto first = account::hash_password("Passw0rd#", account::kMinimalCost);
  const auto second = account::hash_password("Passw0rd#", account::kMinimalCost);
  REQUIRE(first.is_ok());
  REQUIRE(second.is_ok());
  CHECK(*first != *second);
  CHECK(account::verify_password(*second, "Passw0rd#"));
}

TEST_CASE("password hash: full-width and half-width forms are one password", "[account]") {
  const auto hash = account::hash_password("Ａｂｃ１２３！", account::kMinimalCost);
  REQUIRE(hash.is_ok());
  CHECK(account::verify_password(*hash, "Abc123!"));
  CHECK(account::verify_password(*hash, "Ａｂｃ１２３！"));
}

TEST_CASE("password hash: malformed hashes never verify", "[account]") {
  const auto hash = account::hash_password("Passw0rd#", account::kMinimalCost);
  REQUIRE(hash.is_ok());
  std::string tampered = *hash;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  const std::string truncated = hash->substr(0, hash->size() - 10);
  // A changed digest still parses (needs_rehash only reads the parameters) but never verifies.
  CHECK_FALSE(account::verify_password(tampered, "Passw0rd#"));
  for (const std::string& bad : {std::string(), std::string("Passw0rd#"), std::string("$argon2id$"),
                                 std::string("$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"),
                                 truncated, std::string(500, '$'), *hash + std::string(1, '\0')}) {
    INFO(bad);
    CHECK_FALSE(account::verify_password(bad, "Passw0rd#"));
    CHECK(account::needs_rehash(bad, account::kMinimalCost));
  }
}

TEST_CASE("password hash: over-long passwords are refused, not hashed", "[account]") {
  const std::string too_long(account::kMaxPasswordBytes + 1, 'a');
  const auto hash = account::hash_password(too_long, account::kMinimalCost);
  REQUIRE_FALSE(hash.is_ok());
  CHECK(hash.status().reason() == "password.weak");
  const auto good = account::hash_password("Passw0rd#", account::kMinimalCost);
  REQUIRE(good.is_ok());
  CHECK_FALSE(account::verify_password(*good, too_long));
}

TEST_CASE("password hash: the production cost round trip", "[account]") {
  const auto hash = account::hash_password("Passw0rd#", account::kInteractiveCost);
  REQUIRE(hash.is_ok());
  CHECK_THAT(*hash, Catch::StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  CHECK(account::verify_password(*hash, "Passw0rd#"));
  CHECK_FALSE(account::needs_rehash(*hash, account::kInteractiveCost));
}

TEST_CASE("verification code: length and digits only", "[account]") {
  for (int length = account::kMinVerificationCodeLength;
       length <= account::kMaxVerificationCodeLength; ++length) {
    const std::string code = account::generate_verification_code(length);
    CHECK(code.size() == static_cast<std::size_t>(length));
    CHECK(code.find_first_not_of("0123456789") == std::string::npos);
  }
  CHECK(account::generate_verification_code().size() == 6);
}

TEST_CASE("verification code: every digit appears in every position", "[account]") {
  // 10,000 six-digit codes: about 1,000 of each digit per position. A digit absent from a
  // position has probability 0.9^10000, and a count outside 700..1300 is a ~10-sigma event.
  constexpr int kCount = 10'000;
  std::array<std::array<int, 10>, 6> counts{};
  for (int n = 0; n < kCount; ++n) {
    const std::string code = account::generate_verification_code(6);
    for (std::size_t i = 0; i < code.size(); ++i)
      ++counts[i][static_cast<std::size_t>(code[i] - '0')];
  }
  for (std::size_t position = 0; position < counts.size(); ++position) {
    for (std::size_t digit = 0; digit < 10; ++digit) {
      INFO("position " << position << " digit " << digit);
      CHECK(counts[position][digit] > 700);
      CHECK(counts[position][digit] < 1300);
    }
  }
}

TEST_CASE("verification code: hash and match", "[account]") {
  const std::string code = account::generate_verification_code(6);
  const auto hash = account::hash_verification_code(code);
  REQUIRE(hash.is_ok());
  CHECK(starts_with(*hash, "$argon2id$"));
  CHECK(hash->find(code) == std::string::npos);
  CHECK(account::verification_code_matches(*hash, code));
  const std::string other = code == "000000" ? "000001" : "000000";
  CHECK_FALSE(account::verification_code_matches(*hash, other));
  CHECK_FALSE(account::verification_code_matches("not a hash", code));

  const auto typed = account::hash_verification_code("012345");
  REQUIRE(typed.is_ok());
  CHECK(account::verification_code_matches(*typed, " 012 345 "));
  CHECK(account::verification_code_matches(*typed, "０１２３４５"));
  CHECK(account::verification_code_matches(*typed, "012-345"));
  CHECK_FALSE(account::verification_code_matches(*typed, "12345"));
}

TEST_CASE("verification enums: names round-trip", "[account]") {
  using ciie::VerifyChannel;
  using ciie::VerifyPurpose;
  for (const VerifyChannel channel : {VerifyChannel::kSms, VerifyChannel::kEmail}) {
    CHECK(ciie::parse_verify_channel(ciie::to_string(channel)) == channel);
  }
  CHECK(ciie::to_string(VerifyChannel::kSms) == "sms");
  CHECK(ciie::to_string(VerifyChannel::kEmail) == "email");
  CHECK_FALSE(ciie::parse_verify_channel("SMS").has_value());
  const std::pair<VerifyPurpose, const char*> purposes[] = {
      {VerifyPurpose::kRegister, "register"},
      {VerifyPurpose::kResetPassword, "reset_password"},
      {VerifyPurpose::kChangePhoneOld, "change_phone_old"},
      {VerifyPurpose::kChangePhoneNew, "change_phone_new"},
      {VerifyPurpose::kClaim, "claim"},
  };
  for (const auto& [purpose, name] : purposes) {
    CHECK(ciie::to_string(purpose) == name);
    CHECK(ciie::parse_verify_purpose(name) == purpose);
  }
  CHECK_FALSE(ciie::parse_verify_purpose("login").has_value());
  CHECK_FALSE(ciie::parse_verify_purpose("").has_value());
}
