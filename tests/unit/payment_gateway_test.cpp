// The HTTP payment gateway (PAY-1, PAY-2) against a real loopback HTTP server: the request it
// sends, the answers it accepts, and how it retries, times out and reports refusals.
#include <chrono>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "payment/gateway.hpp"
#include "support/http_server.hpp"

using ciie::Code;
using ciie::GatewayRules;
using ciie::Money;
using ciie::PaymentMethod;
using ciie::PaymentRules;
using ciie::payment::IntentRequest;
using ciie::payment::make_http_gateway;
using ciie::test::HttpResponse;
using ciie::test::HttpServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr const char* kOrder = "V20241001123000123456789";
constexpr const char* kSecret = "notice-secret-for-tests";

GatewayRules gateway_at(const std::string& base_url, const std::string& name = "wechat") {
  GatewayRules gateway;
  gateway.name = name;
  gateway.base_url = base_url;
  gateway.secret = kSecret;
  return gateway;
}

PaymentRules fast_rules() {
  PaymentRules rules;
  rules.timeout_ms = 1'000;
  rules.retries = 2;
  rules.retry_backoff_ms = 10;
  return rules;
}

IntentRequest request_for(PaymentMethod method) {
  IntentRequest request;
  request.order = kOrder;
  request.idempotency_key = std::string(kOrder) + "-1";
  request.method = method;
  request.amount = Money::from_fen(20000);
  request.description = std::string("第七届进博会证件费 ") + kOrder;
  return request;
}

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - since).count());
}

}  // namespace

TEST_CASE("gateway asks for a QR intent with the documented request", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(
      201, R"({"intent_id":"pi_1","qr_content":"weixin://wxpay/bizpayurl?pr=abc","extra":1})"));
  // A trailing slash on base_url does not double the one before "intents".
  auto gateway = make_http_gateway(gateway_at(server.url("/pay/")), fast_rules());

  auto intent = gateway->create_intent(request_for(PaymentMethod::kQrWechat));
  REQUIRE(intent.is_ok());
  CHECK(intent->intent_id == "pi_1");
  CHECK(intent->qr_content == "weixin://wxpay/bizpayurl?pr=abc");
  CHECK(intent->pay_url.empty());

  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  const auto& request = requests[0];
  CHECK(request.method == "POST");
  CHECK(request.target == "/pay/intents");
  CHECK(request.header("Content-Type") == "application/json");
  CHECK(request.header("Idempotency-Key") == std::string(kOrder) + "-1");
  CHECK(nlohmann::json::parse(request.body) ==
        nlohmann::json{{"order", kOrder},
                       {"idempotency_key", std::string(kOrder) + "-1"},
                       {"method", "qr:wechat"},
                       {"amount_fen", 20000},
                       {"currency", "CNY"},
                       {"description", std::string("第七届进博会证件费 ") + kOrder}});
  CHECK(request.body.find(kSecret) == std::string::npos);
}

TEST_CASE("gateway asks for a B2B intent and returns its pay_url", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(
      200, R"({"intent_id":"b2b-77","pay_url":"https://bank.example.cn/session/77"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/"), "b2b"), fast_rules());

  auto intent = gateway->create_intent(request_for(PaymentMethod::kB2b));
  REQUIRE(intent.is_ok());
  CHECK(intent->intent_id == "b2b-77");
  CHECK(intent->pay_url == "https://bank.example.cn/session/77");
  const auto request = server.requests().at(0);
  CHECK(request.target == "/intents");
  CHECK(nlohmann::json::parse(request.body)["method"] == "b2b");
}

TEST_CASE("gateway retries 503 and 429 with the same key", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(503, R"({"error":"busy"})"));
  server.enqueue(HttpResponse::json(429, R"({"error":"slow down"})"));
  server.enqueue(HttpResponse::json(200, R"({"intent_id":"pi_2","qr_content":"q"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  const auto start = Clock::now();
  auto intent = gateway->create_intent(request_for(PaymentMethod::kQrAlipay));
  REQUIRE(intent.is_ok());
  CHECK(intent->intent_id == "pi_2");
  CHECK(elapsed_ms(start) >= 10 + 20);  // backoff_ms, then twice that
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  for (const auto& request : requests) {
    CHECK(request.header("Idempotency-Key") == std::string(kOrder) + "-1");
    CHECK(request.body == requests[0].body);
  }
}

TEST_CASE("gateway gives up after 1 + retries transient failures", "[payment][gateway]") {
  HttpServer server;
  server.set_fallback(HttpResponse::text(502, "<html>bad gateway</html>", "text/html"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  auto intent = gateway->create_intent(request_for(PaymentMethod::kQrUnionpay));
  REQUIRE_FALSE(intent.is_ok());
  CHECK(intent.status().code() == Code::kExternal);
  CHECK(intent.status().reason() == "payment.unavailable");
  CHECK_THAT(intent.status().message(), Catch::Contains("3 attempts") && Catch::Contains("502"));
  CHECK(server.request_count() == 3);
}

TEST_CASE("gateway timeout is payment.unavailable", "[payment][gateway]") {
  HttpServer server;
  server.set_fallback(
      HttpResponse::json(200, R"({"intent_id":"late","qr_content":"q"})", /*delay_ms=*/400));
  PaymentRules rules = fast_rules();
  rules.timeout_ms = 100;
  rules.retries = 1;
  auto gateway = make_http_gateway(gateway_at(server.url("/")), rules);

  const auto start = Clock::now();
  auto intent = gateway->create_intent(request_for(PaymentMethod::kQrWechat));
  const long took = elapsed_ms(start);
  REQUIRE_FALSE(intent.is_ok());
  CHECK(intent.status().code() == Code::kExternal);
  CHECK(intent.status().reason() == "payment.unavailable");
  CHECK_THAT(intent.status().message(), Catch::Contains("2 attempts"));
  CHECK(took >= 200);
  CHECK(took < 1'500);
  CHECK(server.wait_for_requests(2, milliseconds(2'000)));
}

TEST_CASE("gateway 4xx is payment.refused with the gateway's message", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(400, R"({"message":"amount below minimum"})"));
  server.enqueue(HttpResponse::json(422, R"({"error":{"message":"order closed"}})"));
  server.enqueue(HttpResponse::json(403, std::string(R"({"error":"bad key )") + kSecret + "\"}"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  auto first = gateway->create_intent(request_for(PaymentMethod::kQrWechat));
  REQUIRE_FALSE(first.is_ok());
  CHECK(first.status().code() == Code::kRefused);
  CHECK(first.status().reason() == "payment.refused");
  CHECK_THAT(first.status().message(),
             Catch::Contains("amount below minimum") && Catch::Contains("400"));
  CHECK(server.request_count() == 1);  // not retried

  auto second = gateway->create_intent(request_for(PaymentMethod::kQrWechat));
  CHECK(second.status().reason() == "payment.refused");
  CHECK_THAT(second.status().message(), Catch::Contains("order closed"));

  auto third = gateway->create_intent(request_for(PaymentMethod::kQrWechat));
  CHECK(third.status().reason() == "payment.refused");
  CHECK(third.status().to_string().find(kSecret) == std::string::npos);
  CHECK(server.request_count() == 3);
}

TEST_CASE("gateway 2xx that is not the documented answer is unavailable, not retried",
          "[payment][gateway]") {
  struct Case {
    PaymentMethod method;
    const char* body;
  };
  const Case cases[] = {
      {PaymentMethod::kQrWechat, R"({"intent_id":"pi_3"})"},                   // no qr_content
      {PaymentMethod::kQrWechat, R"({"intent_id":"pi_3","qr_content":""})"},   // empty
      {PaymentMethod::kQrWechat, R"({"qr_content":"q"})"},                     // no intent_id
      {PaymentMethod::kQrWechat, R"({"intent_id":7,"qr_content":"q"})"},       // not a string
      {PaymentMethod::kQrWechat, R"({"intent_id":"pi","qr_content":["q"]})"},  // not a string
      {PaymentMethod::kQrWechat, "not json"},
      {PaymentMethod::kQrWechat, R"(["intent_id"])"},
      {PaymentMethod::kQrWechat, ""},
      {PaymentMethod::kB2b, R"({"intent_id":"b","qr_content":"q"})"},  // no pay_url
      {PaymentMethod::kB2b, R"j({"intent_id":"b","pay_url":"javascript:alert(1)"})j"},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    HttpServer server;
    server.enqueue(HttpResponse::json(200, c.body));
    auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());
    auto intent = gateway->create_intent(request_for(c.method));
    REQUIRE_FALSE(intent.is_ok());
    CHECK(intent.status().code() == Code::kExternal);
    CHECK(intent.status().reason() == "payment.unavailable");
    CHECK_THAT(intent.status().message(), Catch::Contains("malformed answer"));
    CHECK(server.request_count() == 1);
  }
}

TEST_CASE("gateway reports unavailable when nothing listens", "[payment][gateway]") {
  std::string url;
  {
    HttpServer closed;  // take a free port, then free it again
    url = closed.url("/");
  }
  PaymentRules rules = fast_rules();
  rules.retries = 1;
  const auto start = Clock::now();
  auto intent = make_http_gateway(gateway_at(url), rules)
                    ->create_intent(request_for(PaymentMethod::kQrWechat));
  REQUIRE_FALSE(intent.is_ok());
  CHECK(intent.status().code() == Code::kExternal);
  CHECK(intent.status().reason() == "payment.unavailable");
  CHECK_THAT(intent.status().message(), Catch::Contains("2 attempts"));
  CHECK(elapsed_ms(start) < 1'500);
}

TEST_CASE("gateway without a base_url fails without a request", "[payment][gateway]") {
  auto intent = make_http_gateway(gateway_at(""), fast_rules())
                    ->create_intent(request_for(PaymentMethod::kQrWechat));
  REQUIRE_FALSE(intent.is_ok());
  CHECK(intent.status().reason() == "payment.unavailable");
}
