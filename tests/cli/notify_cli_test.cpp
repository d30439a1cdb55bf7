// `ciie verify send` through a real SMS gateway on loopback: a refusal exits 6 and leaves nothing
// behind; a 5xx is retried; a gateway that does not answer in time is given up on, bounded.
#include <catch2/catch.hpp>

#include <chrono>

#include "support/http_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

std::string gateway_config(const std::string& url, int timeout_ms) {
  return "[notify]\n"
         "sms_backend = \"http\"\n"
         "http_url = \"" + url + "\"\n"
         "http_auth_env = \"CIIE_TEST_SMS_AUTH\"\n"
         "http_timeout_ms = " + std::to_string(timeout_ms) + "\n"
         "http_retries = 1\n"
         "http_retry_backoff_ms = 10\n";
}

}  // namespace

TEST_CASE("verify send through an HTTP SMS gateway: refusal, retry, timeout", "[cli][notify]") {
  ciie::test::HttpServer gateway;
  ciie::test::TempDir dir;
  const std::string config = dir.write("ciie.toml", gateway_config(gateway.url("/sms"), 300));
  const std::map<std::string, std::string> env = {
      {"CIIE_TEST_SMS_AUTH", "Authorization: Bearer s3cret-token"},
      {"CIIE_NOW", "2024-06-03T10:00:00+08:00"}};
  const std::string cwd = dir.path().string();
  REQUIRE(ciie::test::run_ciie({"init"}, {}, env, cwd).exit_status == 0);

  SECTION("a refusal is exit 6 and stores no code") {
    gateway.enqueue(ciie::test::HttpResponse::json(400, R"({"error":"invalid phone"})"));
    const auto refused = ciie::test::run_ciie({"--json", "verify", "send", "--phone", "13812345678"},
                                              {}, env, cwd);
    CHECK(refused.exit_status == 6);
    CHECK_THAT(refused.out, Catch::Contains("notify.refused"));
    CHECK_THAT(refused.err, Catch::Contains("invalid phone"));
    CHECK_THAT(refused.err + refused.out, !Catch::Contains("s3cret-token"));
    CHECK(gateway.request_count() == 1);  // a refusal is not retried
    const auto check = ciie::test::run_ciie(
        {"verify", "check", "--phone", "13812345678", "--code", "123456"}, {}, env, cwd);
    CHECK(check.exit_status == 1);
    CHECK_THAT(check.err, Catch::Contains("verify.not_sent"));
    // Nor was the resend limit used up: sending again works at once.
    gateway.enqueue(ciie::test::HttpResponse::json(200, R"({"id":"m1"})"));
    CHECK(ciie::test::run_ciie({"verify", "send", "--phone", "13812345678"}, {}, env, cwd)
              .exit_status == 0);
  }
  SECTION("a 5xx is retried with the same message") {
    gateway.enqueue(ciie::test::HttpResponse::json(503));
    gateway.enqueue(ciie::test::HttpResponse::json(200, R"({"id":"m2"})"));
    const auto sent =
        ciie::test::run_ciie({"verify", "send", "--phone", "13812345678"}, {}, env, cwd);
    CHECK(sent.exit_status == 0);
    const auto requests = gateway.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].body == requests[1].body);
    CHECK(requests[1].header("Authorization") == "Bearer s3cret-token");
  }
  SECTION("a gateway that does not answer in time is unavailable, within the bound") {
    gateway.set_fallback(ciie::test::HttpResponse::json(200, "{}", 2000));
    const auto started = std::chrono::steady_clock::now();
    const auto timed_out =
        ciie::test::run_ciie({"verify", "send", "--phone", "13812345678"}, {}, env, cwd);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(timed_out.exit_status == 6);
    CHECK_THAT(timed_out.err, Catch::Contains("notify.unavailable"));
    CHECK(elapsed < std::chrono::milliseconds(1900));  // 2 attempts × 300 ms + backoff
  }
}
