// The HTTP payment gateway (PAY-1, PAY-2, RFD-4) against a real loopback HTTP server: the intent
// and refund requests it sends, the answers it accepts, and how it retries, times out and reports
// refusals.
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
using ciie::payment::RefundCall;
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

constexpr const char* kTransaction = "wx-4200001234202410011234567890";

RefundCall refund_call() {
  RefundCall call;
  call.order = kOrder;
  call.idempotency_key = std::string(kOrder) + "-R7";
  call.transaction_id = kTransaction;
  call.intent_id = "pi_1";
  call.amount = Money::from_fen(12000);
  call.reason = "展商取消参观 refund";
  return call;
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

// Refunds (RFD-4): POST <base_url>/refunds, the same transport and retries as intents.

TEST_CASE("gateway asks for a refund with the documented request", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(
      HttpResponse::json(200, R"({"refund_id":"rf_1","status":"succeeded","extra":true})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/pay/")), fast_rules());

  auto answer = gateway->refund(refund_call());
  REQUIRE(answer.is_ok());
  CHECK(answer->refund_id == "rf_1");

  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  const auto& request = requests[0];
  CHECK(request.method == "POST");
  CHECK(request.target == "/pay/refunds");
  CHECK(request.header("Content-Type") == "application/json");
  CHECK(request.header("Idempotency-Key") == std::string(kOrder) + "-R7");
  CHECK(nlohmann::json::parse(request.body) ==
        nlohmann::json{{"order", kOrder},
                       {"idempotency_key", std::string(kOrder) + "-R7"},
                       {"transaction_id", kTransaction},
                       {"intent_id", "pi_1"},
                       {"amount_fen", 12000},
                       {"currency", "CNY"},
                       {"reason", "展商取消参观 refund"}});
  CHECK(nlohmann::json::parse(request.body)["amount_fen"].is_number_integer());
  CHECK(request.body.find(kSecret) == std::string::npos);
}

TEST_CASE("gateway refund without an intent id leaves intent_id out", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(201, R"({"refund_id":"rf_2","status":"succeeded"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());
  RefundCall call = refund_call();
  call.intent_id.clear();

  REQUIRE(gateway->refund(call).is_ok());
  const auto request = server.requests().at(0);
  CHECK(request.target == "/refunds");
  const auto body = nlohmann::json::parse(request.body);
  CHECK_FALSE(body.contains("intent_id"));
  CHECK(body["transaction_id"] == kTransaction);
}

TEST_CASE("gateway refund taken for later processing answers its id", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(202, R"({"refund_id":"rf_later","status":"pending"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/"), "b2b"), fast_rules());

  auto answer = gateway->refund(refund_call());
  REQUIRE(answer.is_ok());
  CHECK(answer->refund_id == "rf_later");
  CHECK(server.request_count() == 1);
}

TEST_CASE("gateway refund retries 503 with the same key", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(503, R"({"error":"busy"})"));
  server.enqueue(HttpResponse::json(200, R"({"refund_id":"rf_3","status":"succeeded"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  const auto start = Clock::now();
  auto answer = gateway->refund(refund_call());
  REQUIRE(answer.is_ok());
  CHECK(answer->refund_id == "rf_3");
  CHECK(elapsed_ms(start) >= 10);  // backoff_ms before the retry
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  for (const auto& request : requests) {
    CHECK(request.target == "/refunds");
    CHECK(request.header("Idempotency-Key") == std::string(kOrder) + "-R7");
    CHECK(request.body == requests[0].body);
  }
}

TEST_CASE("gateway refund gives up after 1 + retries 5xx and 429", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(429, R"({"error":"slow down"})"));
  server.set_fallback(HttpResponse::text(502, "<html>bad gateway</html>", "text/html"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  auto answer = gateway->refund(refund_call());
  REQUIRE_FALSE(answer.is_ok());
  CHECK(answer.status().code() == Code::kExternal);
  CHECK(answer.status().reason() == "payment.unavailable");
  CHECK_THAT(answer.status().message(), Catch::Contains("3 attempts") && Catch::Contains("502"));
  CHECK(server.request_count() == 3);
}

TEST_CASE("gateway refund timeout is payment.unavailable", "[payment][gateway]") {
  HttpServer server;
  server.set_fallback(
      HttpResponse::json(200, R"({"refund_id":"late","status":"succeeded"})", /*delay_ms=*/400));
  PaymentRules rules = fast_rules();
  rules.timeout_ms = 100;
  rules.retries = 1;
  auto gateway = make_http_gateway(gateway_at(server.url("/")), rules);

  const auto start = Clock::now();
  auto answer = gateway->refund(refund_call());
  const long took = elapsed_ms(start);
  REQUIRE_FALSE(answer.is_ok());
  CHECK(answer.status().code() == Code::kExternal);
  CHECK(answer.status().reason() == "payment.unavailable");
  CHECK_THAT(answer.status().message(), Catch::Contains("2 attempts"));
  CHECK(took >= 200);
  CHECK(took < 1'500);
  CHECK(server.wait_for_requests(2, milliseconds(2'000)));
  for (const auto& request : server.requests()) {
    CHECK(request.header("Idempotency-Key") == std::string(kOrder) + "-R7");
  }
}

TEST_CASE("gateway refund 4xx is payment.refused with the gateway's message",
          "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(400, R"({"message":"transaction already refunded"})"));
  server.enqueue(HttpResponse::json(409, std::string(R"({"error":"bad key )") + kSecret + "\"}"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  auto first = gateway->refund(refund_call());
  REQUIRE_FALSE(first.is_ok());
  CHECK(first.status().code() == Code::kRefused);
  CHECK(first.status().reason() == "payment.refused");
  CHECK_THAT(first.status().message(), Catch::Contains("transaction already refunded") &&
                                           Catch::Contains("400") && Catch::Contains("refund"));
  REQUIRE(first.status().details().size() == 1);
  CHECK(first.status().details()[0].key == "http_status");
  CHECK(first.status().details()[0].value == "400");
  CHECK(server.request_count() == 1);  // not retried

  auto second = gateway->refund(refund_call());
  CHECK(second.status().reason() == "payment.refused");
  CHECK(second.status().to_string().find(kSecret) == std::string::npos);
  CHECK(server.request_count() == 2);
}

TEST_CASE("gateway refund answered failed is payment.refused, not retried", "[payment][gateway]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(
      200, R"({"refund_id":"rf_4","status":"failed","message":"payer account closed"})"));
  server.enqueue(HttpResponse::json(200, R"({"status":"failed"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  auto first = gateway->refund(refund_call());
  REQUIRE_FALSE(first.is_ok());
  CHECK(first.status().code() == Code::kRefused);
  CHECK(first.status().reason() == "payment.refused");
  CHECK_THAT(first.status().message(), Catch::Contains("payer account closed"));
  CHECK(server.request_count() == 1);

  auto second = gateway->refund(refund_call());  // no refund_id and no message: still refused
  REQUIRE_FALSE(second.is_ok());
  CHECK(second.status().reason() == "payment.refused");
  CHECK(server.request_count() == 2);
}

TEST_CASE("gateway refund 2xx that is not the documented answer is unavailable, not retried",
          "[payment][gateway]") {
  const std::string long_id(201, 'r');
  const std::string cases[] = {
      R"({"status":"succeeded"})",                                   // no refund_id
      R"({"refund_id":"","status":"succeeded"})",                    // empty
      R"({"refund_id":7,"status":"succeeded"})",                     // not a string
      R"({"refund_id":"rf\u0007x","status":"pending"})",             // a control character
      R"({"refund_id":")" + long_id + R"(","status":"succeeded"})",  // over 200 bytes
      R"({"refund_id":"rf_5"})",                                     // no status
      R"({"refund_id":"rf_5","status":"refunded"})",                 // not one of the three
      R"({"refund_id":"rf_5","status":"SUCCEEDED"})",                // case matters
      R"({"refund_id":"rf_5","status":1})",                          // not a string
      "not json",
      R"(["refund_id"])",
      "",
  };
  for (const std::string& body : cases) {
    INFO(body);
    HttpServer server;
    server.enqueue(HttpResponse::json(200, body));
    auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());
    auto answer = gateway->refund(refund_call());
    REQUIRE_FALSE(answer.is_ok());
    CHECK(answer.status().code() == Code::kExternal);
    CHECK(answer.status().reason() == "payment.unavailable");
    CHECK_THAT(answer.status().message(), Catch::Contains("malformed answer"));
    CHECK(server.request_count() == 1);
  }
}

TEST_CASE("gateway refund with a bad call is internal and sends nothing", "[payment][gateway]") {
  HttpServer server;
  server.set_fallback(HttpResponse::json(200, R"({"refund_id":"rf","status":"succeeded"})"));
  auto gateway = make_http_gateway(gateway_at(server.url("/")), fast_rules());

  RefundCall zero = refund_call();
  zero.amount = Money::from_fen(0);
  RefundCall negative = refund_call();
  negative.amount = Money::from_fen(-100);
  RefundCall no_transaction = refund_call();
  no_transaction.transaction_id.clear();
  RefundCall spaced_key = refund_call();
  spaced_key.idempotency_key = "V1 R7";
  RefundCall broken_key = refund_call();
  broken_key.idempotency_key = "V1-R7\r\nX-Injected: 1";
  RefundCall no_key = refund_call();
  no_key.idempotency_key.clear();
  for (const RefundCall& call : {zero, negative, no_transaction, spaced_key, broken_key, no_key}) {
    auto answer = gateway->refund(call);
    REQUIRE_FALSE(answer.is_ok());
    CHECK(answer.status().code() == Code::kInternal);
  }
  CHECK(server.request_count() == 0);
  REQUIRE(gateway->refund(refund_call()).is_ok());  // the control: a good call is sent
  CHECK(server.request_count() == 1);
}

TEST_CASE("gateway refund without a base_url fails without a request", "[payment][gateway]") {
  auto answer = make_http_gateway(gateway_at(""), fast_rules())->refund(refund_call());
  REQUIRE_FALSE(answer.is_ok());
  CHECK(answer.status().code() == Code::kExternal);
  CHECK(answer.status().reason() == "payment.unavailable");
}
