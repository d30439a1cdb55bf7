// Gateway notices (PAY-2): parsing the JSON body field by field, the HMAC-SHA256 signature (with
// the RFC 4231 vector) and the freshness window at its boundaries.
#include <cctype>
#include <cstdint>
#include <limits>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "payment/notice.hpp"

using ciie::Code;
using ciie::Instant;
using ciie::payment::check_fresh;
using ciie::payment::parse_notice;
using ciie::payment::sign_notice;
using ciie::payment::verify_signature;
using nlohmann::json;

namespace {

json good_notice() {
  return {{"gateway", "wechat"},
          {"transaction_id", "4200001234202410011234567890"},
          {"order", "V20241001123000123456789"},
          {"intent_id", "pi_1"},
          {"status", "success"},
          {"amount_fen", 20000},
          {"timestamp", "2024-10-01T12:35:00+08:00"},
          {"paid_at", "2024-10-01T12:34:56+08:00"},
          {"payer_name", "上海示例国际贸易有限公司"},
          {"payer_account", "6222 0000 1111 2222"},
          {"unknown_key", {{"nested", true}}}};
}

Instant at(const char* text) { return Instant::parse(text).value(); }

constexpr const char* kRfc4231Mac =
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

}  // namespace

TEST_CASE("a good notice parses, unknown keys ignored", "[payment][notice]") {
  auto notice = parse_notice(good_notice().dump());
  REQUIRE(notice.is_ok());
  CHECK(notice->gateway == "wechat");
  CHECK(notice->transaction_id == "4200001234202410011234567890");
  CHECK(notice->order == "V20241001123000123456789");
  CHECK(notice->intent_id == "pi_1");
  CHECK(notice->status == "success");
  CHECK(notice->amount.fen() == 20000);
  CHECK(notice->timestamp == at("2024-10-01T04:35:00Z"));
  REQUIRE(notice->paid_at.has_value());
  CHECK(*notice->paid_at == at("2024-10-01T12:34:56+08:00"));
  CHECK(notice->payer_name == "上海示例国际贸易有限公司");
  CHECK(notice->payer_account == "6222 0000 1111 2222");
}

TEST_CASE("a notice's optional keys may be absent or null", "[payment][notice]") {
  json minimal = good_notice();
  for (const char* key : {"intent_id", "paid_at", "payer_name", "payer_account", "unknown_key"}) {
    minimal.erase(key);
  }
  minimal["status"] = "failed";
  minimal["amount_fen"] = 0;
  auto notice = parse_notice(minimal.dump());
  REQUIRE(notice.is_ok());
  CHECK(notice->status == "failed");
  CHECK(notice->amount.is_zero());
  CHECK(notice->intent_id.empty());
  CHECK_FALSE(notice->paid_at.has_value());
  CHECK(notice->payer_name.empty());

  json nulls = good_notice();
  nulls["paid_at"] = nullptr;
  nulls["payer_name"] = nullptr;
  auto with_nulls = parse_notice(nulls.dump());
  REQUIRE(with_nulls.is_ok());
  CHECK_FALSE(with_nulls->paid_at.has_value());
  CHECK(with_nulls->payer_name.empty());
}

TEST_CASE("each missing required key is named", "[payment][notice]") {
  for (const char* key :
       {"gateway", "transaction_id", "order", "status", "amount_fen", "timestamp"}) {
    INFO(key);
    json notice = good_notice();
    notice.erase(key);
    auto parsed = parse_notice(notice.dump());
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().code() == Code::kInvalidInput);
    CHECK(parsed.status().reason() == "payment.notice");
    CHECK(parsed.status().field() == key);

    notice[key] = nullptr;  // null is as good as missing for a required key
    CHECK(parse_notice(notice.dump()).status().field() == key);
  }
}

TEST_CASE("each bad value is named", "[payment][notice]") {
  struct Case {
    const char* key;
    json value;
  };
  const Case cases[] = {
      {"gateway", 7},
      {"gateway", ""},
      {"transaction_id", json::array({"t"})},
      {"transaction_id", std::string(201, 'x')},
      {"order", ""},
      {"order", "V2024\n1001"},
      {"intent_id", 12},
      {"status", "paid"},
      {"status", "SUCCESS"},
      {"amount_fen", -1},
      {"amount_fen", 200.5},
      {"amount_fen", 20000.0},
      {"amount_fen", "20000"},
      {"amount_fen", 18446744073709551615ULL},
      {"timestamp", "yesterday"},
      {"timestamp", 1727757300},
      {"paid_at", "2024-13-01T00:00:00Z"},
      {"payer_name", std::string(201, 'x')},
      {"payer_account", false},
  };
  for (const Case& c : cases) {
    INFO(c.key << " = " << c.value.dump());
    json notice = good_notice();
    notice[c.key] = c.value;
    auto parsed = parse_notice(notice.dump());
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().reason() == "payment.notice");
    CHECK(parsed.status().field() == c.key);
  }
  json exactly_200 = good_notice();
  exactly_200["payer_name"] = std::string(200, 'x');
  CHECK(parse_notice(exactly_200.dump()).is_ok());
}

TEST_CASE("a body that is not a JSON object is refused", "[payment][notice]") {
  const std::string bad_utf8 = "{\"gateway\":\"wechat\xff\"}";
  for (const std::string& body : {std::string(""), std::string("not json"), std::string("[1,2]"),
                                  std::string("\"x\""), std::string("{\"gateway\":"), bad_utf8}) {
    INFO(body);
    auto parsed = parse_notice(body);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().code() == Code::kInvalidInput);
    CHECK(parsed.status().reason() == "payment.notice");
  }
}

TEST_CASE("sign_notice is HMAC-SHA256 in lower-case hex (RFC 4231 case 2)", "[payment][notice]") {
  CHECK(sign_notice("Jefe", "what do ya want for nothing?") == kRfc4231Mac);
  // A key longer than the 64-byte block is hashed first (RFC 4231 case 6).
  CHECK(sign_notice(std::string(131, '\xaa'),
                    "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("verify_signature accepts the right signature only", "[payment][notice]") {
  const std::string body = "what do ya want for nothing?";
  CHECK(verify_signature("Jefe", body, kRfc4231Mac).is_ok());

  std::string upper = kRfc4231Mac;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(verify_signature("Jefe", body, upper).is_ok());
  CHECK(verify_signature("Jefe", body, std::string(" \t") + kRfc4231Mac + "\r\n").is_ok());

  const auto refused = [](const ciie::Status& status) {
    return status.code() == Code::kRefused && status.reason() == "payment.signature";
  };
  CHECK(refused(verify_signature("jefe", body, kRfc4231Mac)));  // another secret
  std::string flipped_body = body;
  flipped_body[5] ^= 0x01;
  CHECK(refused(verify_signature("Jefe", flipped_body, kRfc4231Mac)));
  std::string flipped_mac = kRfc4231Mac;
  flipped_mac[63] = flipped_mac[63] == '3' ? '4' : '3';
  CHECK(refused(verify_signature("Jefe", body, flipped_mac)));

  const std::string mac = kRfc4231Mac;
  for (const std::string& malformed :
       {std::string(""), mac.substr(0, 62), mac + "00", mac.substr(0, 63) + "g",
        std::string("5b dc") + mac.substr(4), "sha256=" + mac}) {
    INFO(malformed);
    CHECK(refused(verify_signature("Jefe", body, malformed)));
  }
  CHECK(refused(verify_signature("", body, sign_notice("", body))));  // no secret configured
}

TEST_CASE("a signature covers the exact body", "[payment][notice]") {
  const std::string body = good_notice().dump();
  const std::string signature = sign_notice("s3cret", body);
  CHECK(signature.size() == 64);
  CHECK(verify_signature("s3cret", body, signature).is_ok());
  CHECK_FALSE(verify_signature("s3cret", body + " ", signature).is_ok());
  CHECK_FALSE(verify_signature("s3cret", good_notice().dump(2), signature).is_ok());
}

TEST_CASE("check_fresh allows max_age either way, and no more", "[payment][notice]") {
  const Instant now = at("2024-10-01T12:00:00+08:00");
  CHECK(check_fresh(now, now, 300).is_ok());
  CHECK(check_fresh(now.plus_seconds(-300), now, 300).is_ok());
  CHECK(check_fresh(now.plus_seconds(300), now, 300).is_ok());
  const Instant just_before = Instant::from_unix_micros(now.plus_seconds(-300).unix_micros() - 1);
  const Instant just_after = Instant::from_unix_micros(now.plus_seconds(300).unix_micros() + 1);
  for (const Instant stale : {just_before, just_after, now.plus_seconds(-3600),
                              now.plus_seconds(86'400), Instant::from_unix_seconds(0)}) {
    INFO(stale.to_utc_string());
    const ciie::Status status = check_fresh(stale, now, 300);
    CHECK(status.code() == Code::kRefused);
    CHECK(status.reason() == "payment.stale");
  }
  CHECK(check_fresh(now, now, 0).is_ok());
  CHECK_FALSE(check_fresh(now.plus_seconds(1), now, 0).is_ok());
  const Instant far_past = Instant::from_unix_micros(std::numeric_limits<std::int64_t>::min());
  const Instant far_future = Instant::from_unix_micros(std::numeric_limits<std::int64_t>::max());
  CHECK_FALSE(check_fresh(far_past, far_future, 300).is_ok());  // no overflow
  CHECK_FALSE(check_fresh(far_future, far_past, 300).is_ok());
  CHECK_FALSE(check_fresh(Instant::from_unix_micros(0), far_past, 300).is_ok());  // age = INT64_MIN
  CHECK(check_fresh(now.plus_seconds(-86'400), now, std::numeric_limits<std::int64_t>::max())
            .is_ok());
}
