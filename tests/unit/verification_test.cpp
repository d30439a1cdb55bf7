// Verification codes (REG-5): lifetime, attempts, resend interval, one use, and delivery through
// a real HTTP gateway on loopback with nothing half-written when it refuses.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/http_server.hpp"
#include "support/registry_fixture.hpp"

using namespace ciie;

namespace {

Result<VerificationSent> send(test::RegistryFixture& f, const std::string& phone,
                              VerifyPurpose purpose = VerifyPurpose::kRegister) {
  return f->send_verification(Actor::applicant(), VerifyChannel::kSms, phone, purpose);
}

Status check(test::RegistryFixture& f, const std::string& phone, const std::string& code) {
  return f->check_verification(Actor::applicant(), VerifyChannel::kSms, phone,
                               VerifyPurpose::kRegister, code);
}

std::string wrong(const std::string& code) { return code == "000000" ? "111111" : "000000"; }

}  // namespace

TEST_CASE("a code is sent once per interval, lives 5 minutes and is used once", "[verify]") {
  test::RegistryFixture f;
  auto sent = send(f, "13812345678");
  REQUIRE(sent.is_ok());
  CHECK(sent->backend == "outbox");
  CHECK(sent->expires_at == f.clock->now().plus_seconds(300));
  const std::string code = f.last_code("13812345678");
  REQUIRE(code.size() == 6);

  auto again = send(f, "13812345678");
  CHECK(again.status().reason() == "verify.rate_limited");
  f.clock->advance_seconds(59);
  CHECK(send(f, "13812345678").status().reason() == "verify.rate_limited");
  f.clock->advance_seconds(1);
  REQUIRE(send(f, "13812345678").is_ok());  // a new code replaces the old one
  const std::string newer = f.last_code("13812345678");
  if (newer != code) CHECK(check(f, "13812345678", code).reason() == "verify.mismatch");
  CHECK(check(f, "13812345678", newer).is_ok());
  CHECK(check(f, "13812345678", newer).reason() == "verify.not_sent");  // used once
  CHECK(check(f, "13900000000", newer).reason() == "verify.not_sent");
}

TEST_CASE("an expired code is refused", "[verify]") {
  test::RegistryFixture f;
  REQUIRE(send(f, "13812345678").is_ok());
  const std::string code = f.last_code("13812345678");
  f.clock->advance_seconds(299);
  f.clock->advance_seconds(1);
  CHECK(check(f, "13812345678", code).reason() == "verify.expired");
}

TEST_CASE("five wrong codes lock the code, and wrong attempts persist", "[verify]") {
  test::RegistryFixture f;
  REQUIRE(send(f, "13812345678").is_ok());
  const std::string code = f.last_code("13812345678");
  for (int i = 0; i < 5; ++i) {
    const Status mismatch = check(f, "13812345678", wrong(code));
    CHECK(mismatch.reason() == "verify.mismatch");
  }
  CHECK(check(f, "13812345678", code).reason() == "verify.too_many_attempts");
  AuditQuery query;
  query.action = "verify.mismatch";
  CHECK(f->audit(Actor::organizer(), query)->size() == 5);
}

TEST_CASE("codes through a real SMS gateway: refusal leaves nothing, 5xx is retried",
          "[verify][notify]") {
  test::HttpServer gateway;
  Rules rules = Rules::seventh_edition();
  rules.notify.sms_backend = "http";
  rules.notify.http_url = gateway.url("/sms");
  rules.notify.http_auth_header = "Authorization: Bearer test-token";
  rules.notify.http_timeout_ms = 1000;
  rules.notify.http_retries = 2;
  rules.notify.http_retry_backoff_ms = 10;
  test::RegistryFixture f(rules);

  gateway.enqueue(test::HttpResponse::json(400, R"({"error":"invalid phone"})"));
  auto refused = send(f, "13812345678");
  CHECK(refused.status().reason() == "notify.refused");
  CHECK(refused.status().code() == Code::kExternal);
  // Nothing was stored: no code to check, no rate limit left behind.
  CHECK(check(f, "13812345678", "123456").reason() == "verify.not_sent");

  gateway.enqueue(test::HttpResponse::json(503));
  gateway.enqueue(test::HttpResponse::json(200, R"({"id":"m1"})"));
  auto sent = send(f, "13812345678");
  REQUIRE(sent.is_ok());
  CHECK(sent->backend == "http");
  const auto requests = gateway.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].body == requests[2].body);  // the same message, the same idempotency key
  const auto body = nlohmann::json::parse(requests[2].body);
  CHECK(body.at("to") == "13812345678");
  std::smatch match;
  const std::string text = body.at("text").get<std::string>();
  REQUIRE(std::regex_search(text, match, std::regex("([0-9]{6})")));
  CHECK(check(f, "13812345678", match[1].str()).is_ok());
  // The outbox stays empty with the http backend.
  CHECK(f->outbox(Actor::organizer(), "", 10)->empty());
}

TEST_CASE("only the organizer reads the outbox", "[verify]") {
  test::RegistryFixture f;
  CHECK(f->outbox(Actor::applicant(), "", 10).status().reason() == "auth.forbidden");
  CHECK(f->outbox(Actor::delegation("shanghai"), "", 10).status().reason() == "auth.forbidden");
}
