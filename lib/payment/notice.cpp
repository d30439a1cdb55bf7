// Gateway notices (PAY-2): the JSON body read with nlohmann/json, HMAC-SHA256 signatures with
// libsodium (compared in constant time), and the freshness window.
#include "payment/notice.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "account/sodium_ready.hpp"

namespace ciie::payment {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxText = 200;        // bytes of any text value
constexpr std::size_t kMaxBody = 64 * 1024;  // a notice is a few hundred bytes
constexpr std::size_t kMacBytes = crypto_auth_hmacsha256_BYTES;

Status notice_error(const std::string& key, std::string message) {
  return Status::invalid_input("payment.notice", std::move(message)).in_field(key);
}

bool has_control(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// The text under `key`: required (present, a non-empty string) or optional (absent or null give
// ""). nlohmann has already refused text that is not UTF-8.
Result<std::string> text_field(const json& object, const std::string& key, bool required) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return notice_error(key, "the notice has no " + key);
    return std::string();
  }
  if (!it->is_string()) return notice_error(key, key + " is not a string");
  std::string text = it->get<std::string>();
  if (required && text.empty()) return notice_error(key, key + " is empty");
  if (text.size() > kMaxText) {
    return notice_error(key, key + " is longer than " + std::to_string(kMaxText) + " bytes");
  }
  if (has_control(text)) return notice_error(key, key + " has a control character");
  return text;
}

Result<Instant> instant_field(const json& object, const std::string& key) {
  CIIE_ASSIGN_OR_RETURN(const std::string text, text_field(object, key, /*required=*/true));
  Result<Instant> parsed = Instant::parse(text);
  if (!parsed) return notice_error(key, key + ": " + parsed.status().message());
  return parsed;
}

Result<Money> amount_field(const json& object) {
  const std::string key = "amount_fen";
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return notice_error(key, "the notice has no " + key);
  if (it->is_number_unsigned()) {
    const auto fen = it->get<std::uint64_t>();
    if (fen > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return notice_error(key, key + " is too large");
    }
    return Money::from_fen(static_cast<std::int64_t>(fen));
  }
  if (it->is_number_integer()) {  // signed, so negative: nlohmann stores 0… as unsigned
    const auto fen = it->get<std::int64_t>();
    if (fen < 0) return notice_error(key, key + " is negative");
    return Money::from_fen(fen);
  }
  return notice_error(key, key + " is not a whole number of fen");
}

std::string_view trim_space(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::array<unsigned char, kMacBytes> hmac(std::string_view secret, std::string_view body) {
  (void)account::sodium_ready();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  std::array<unsigned char, kMacBytes> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Notice> parse_notice(std::string_view body) {
  if (body.size() > kMaxBody) {
    return notice_error("", "the notice is larger than " + std::to_string(kMaxBody) + " bytes");
  }
  const json object = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return notice_error("", "the notice is not JSON (or not UTF-8)");
  if (!object.is_object()) return notice_error("", "the notice is not a JSON object");

  Notice notice;
  CIIE_ASSIGN_OR_RETURN(notice.gateway, text_field(object, "gateway", true));
  CIIE_ASSIGN_OR_RETURN(notice.transaction_id, text_field(object, "transaction_id", true));
  CIIE_ASSIGN_OR_RETURN(notice.order, text_field(object, "order", true));
  CIIE_ASSIGN_OR_RETURN(notice.intent_id, text_field(object, "intent_id", false));
  CIIE_ASSIGN_OR_RETURN(notice.status, text_field(object, "status", true));
  if (notice.status != "success" && notice.status != "failed") {
    return notice_error("status",
                        "status is \"" + notice.status + "\", not \"success\" or \"failed\"");
  }
  CIIE_ASSIGN_OR_RETURN(notice.amount, amount_field(object));
  CIIE_ASSIGN_OR_RETURN(notice.timestamp, instant_field(object, "timestamp"));
  if (const auto it = object.find("paid_at"); it != object.end() && !it->is_null()) {
    CIIE_ASSIGN_OR_RETURN(notice.paid_at, instant_field(object, "paid_at"));
  }
  CIIE_ASSIGN_OR_RETURN(notice.payer_name, text_field(object, "payer_name", false));
  CIIE_ASSIGN_OR_RETURN(notice.payer_account, text_field(object, "payer_account", false));
  return notice;
}

std::string sign_notice(std::string_view secret, std::string_view body) {
  std::array<unsigned char, kMacBytes> mac = hmac(secret, body);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return hex;
}

Status verify_signature(std::string_view secret, std::string_view body,
                        std::string_view signature) {
  if (secret.empty()) {
    return Status::refused("payment.signature", "no notice secret is configured for the gateway");
  }
  const std::string_view hex = trim_space(signature);
  std::array<unsigned char, kMacBytes> given{};
  bool well_formed = hex.size() == given.size() * 2;
  for (std::size_t i = 0; well_formed && i < given.size(); ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    well_formed = high >= 0 && low >= 0;
    if (well_formed) given[i] = static_cast<unsigned char>(high * 16 + low);
  }
  if (!well_formed) {
    return Status::refused(
        "payment.signature",
        "the signature is not " + std::to_string(given.size() * 2) + " hex digits");
  }
  std::array<unsigned char, kMacBytes> expected = hmac(secret, body);
  const bool equal = sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
  sodium_memzero(expected.data(), expected.size());
  if (!equal) return Status::refused("payment.signature", "the signature does not match");
  return Status::ok();
}

Status check_fresh(Instant timestamp, Instant now, std::int64_t max_age_seconds) {
  // Seconds beyond a century are as good as unbounded and keep the product in range.
  constexpr std::int64_t kCentury = 100LL * 366 * 86'400;
  const std::int64_t max_age_us =
      std::clamp<std::int64_t>(max_age_seconds, 0, kCentury) * 1'000'000;
  std::int64_t age_us = 0;
  const bool overflow = __builtin_sub_overflow(now.unix_micros(), timestamp.unix_micros(), &age_us);
  if (overflow || age_us > max_age_us || age_us < -max_age_us) {
    // Seconds, not the instants: an instant near the ends of int64 cannot be shown as a date.
    const std::uint64_t magnitude_us =
        age_us < 0 ? 0 - static_cast<std::uint64_t>(age_us) : static_cast<std::uint64_t>(age_us);
    const std::string off = overflow ? std::string("out of range")
                                     : std::to_string(magnitude_us / 1'000'000) + " s " +
                                           (age_us < 0 ? "ahead of" : "behind") + " the clock";
    return Status::refused("payment.stale", "the notice's timestamp is " + off + ", more than " +
                                                std::to_string(max_age_seconds) + " s")
        .with_detail("max_age_seconds", std::to_string(max_age_seconds));
  }
  return Status::ok();
}

}  // namespace ciie::payment
