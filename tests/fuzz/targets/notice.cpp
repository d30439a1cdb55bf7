// Fuzz target "notice": the bytes are a gateway notice body. Properties: a refusal is
// kInvalidInput payment.notice; an accepted notice keeps every documented bound (required text
// non-empty, text at most 200 bytes without control characters, status success or failed, amount
// ≥ 0) and survives a round trip (written back as JSON and parsed, the same notice); the body's
// own signature verifies (in either letter case, with surrounding space), a signature differing
// in one digit or made with another secret does not, and the bytes taken as a signature verify
// only when they are that signature; freshness is symmetric around `now` and bounded by max age.
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/targets/fuzz_target.hpp"
#include "payment/notice.hpp"

namespace ciie::fuzz {
namespace {

constexpr std::string_view kName = "notice";
constexpr std::string_view kSecret = "notice-secret-for-fuzzing";

bool text_ok(const std::string& text, bool required) {
  if (required && text.empty()) return false;
  if (text.size() > 200) return false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return is_utf8(text);
}

nlohmann::json as_json(const payment::Notice& n) {
  nlohmann::json j = {{"gateway", n.gateway},     {"transaction_id", n.transaction_id},
                      {"order", n.order},         {"intent_id", n.intent_id},
                      {"status", n.status},       {"amount_fen", n.amount.fen()},
                      {"timestamp", n.timestamp.to_utc_string()},
                      {"payer_name", n.payer_name}, {"payer_account", n.payer_account}};
  j["paid_at"] = n.paid_at ? nlohmann::json(n.paid_at->to_utc_string()) : nlohmann::json();
  return j;
}

bool same(const payment::Notice& a, const payment::Notice& b) {
  return a.gateway == b.gateway && a.transaction_id == b.transaction_id && a.order == b.order &&
         a.intent_id == b.intent_id && a.status == b.status && a.amount.fen() == b.amount.fen() &&
         a.timestamp == b.timestamp && a.paid_at == b.paid_at && a.payer_name == b.payer_name &&
         a.payer_account == b.payer_account;
}

void check_accepted(const payment::Notice& n) {
  require(text_ok(n.gateway, true) && text_ok(n.transaction_id, true) && text_ok(n.order, true) &&
              text_ok(n.status, true) && text_ok(n.intent_id, false) &&
              text_ok(n.payer_name, false) && text_ok(n.payer_account, false),
          kName, "an accepted notice has text outside its bounds");
  require(n.status == "success" || n.status == "failed", kName, "status " + n.status);
  require(n.amount.fen() >= 0, kName, "a negative amount was accepted");
  const Result<payment::Notice> again = payment::parse_notice(as_json(n).dump());
  require(again.is_ok() && same(*again, n), kName,
          "an accepted notice does not parse back the same: " + as_json(n).dump());
  // Freshness: the notice is fresh at its own time, and just outside the window on either side.
  constexpr std::int64_t kMaxAge = 300;
  require(payment::check_fresh(n.timestamp, n.timestamp, kMaxAge).is_ok(), kName,
          "a notice is not fresh at its own timestamp");
  for (const std::int64_t off : {kMaxAge + 1, -(kMaxAge + 1)}) {
    const Status stale = payment::check_fresh(n.timestamp, n.timestamp.plus_seconds(off), kMaxAge);
    require(!stale.is_ok() && stale.reason() == "payment.stale", kName,
            "a notice " + std::to_string(off) + " s off is fresh");
  }
}

std::string upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string trimmed_lower(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  std::string out(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void check_signatures(std::string_view body) {
  const std::string signature = payment::sign_notice(kSecret, body);
  require(signature.size() == 64 && signature.find_first_not_of("0123456789abcdef") ==
                                        std::string::npos,
          kName, "a signature that is not 64 lower-case hex digits: " + signature);
  require(payment::verify_signature(kSecret, body, signature).is_ok(), kName,
          "a body's own signature does not verify");
  require(payment::verify_signature(kSecret, body, " " + upper(signature) + "\n").is_ok(), kName,
          "an upper-case signature with surrounding space does not verify");
  std::string wrong = signature;
  wrong[body.size() % 64] = wrong[body.size() % 64] == '0' ? '1' : '0';
  for (const Status& refused : {payment::verify_signature(kSecret, body, wrong),
                                payment::verify_signature("another secret", body, signature),
                                payment::verify_signature("", body, signature)}) {
    require(!refused.is_ok(), kName, "a wrong signature or secret verified");
    require_refusal(refused, Code::kRefused, kName, "payment.signature");
  }
  // The bytes as a signature of a fixed body: they verify exactly when they are its signature.
  constexpr std::string_view kFixedBody = R"({"gateway":"alipay"})";
  const Status given = payment::verify_signature(kSecret, kFixedBody, body);
  const bool expected = trimmed_lower(body) == payment::sign_notice(kSecret, kFixedBody);
  require(given.is_ok() == expected, kName, "verify_signature judged arbitrary text wrongly");
  if (!given.is_ok()) require_refusal(given, Code::kRefused, kName, "payment.signature");
}

}  // namespace

int fuzz_notice(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = as_text(data, size);
  const Result<payment::Notice> parsed = payment::parse_notice(body);
  if (parsed) {
    check_accepted(*parsed);
  } else {
    require_refusal(parsed.status(), Code::kInvalidInput, kName, "payment.notice");
  }
  check_signatures(body);
  return 0;
}

}  // namespace ciie::fuzz
