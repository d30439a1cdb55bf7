// The notify module (REG-5 delivery): the http SMS backend against a real local HTTP server, the
// smtp backend against a real local SMTP server, the outbox backend, and backend selection.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "notify/mail_format.hpp"
#include "notify/notifier.hpp"
#include "notify/retry.hpp"
#include "support/http_server.hpp"
#include "support/smtp_server.hpp"

using ciie::Code;
using ciie::NotifyRules;
using ciie::Status;
using ciie::notify::Channel;
using ciie::notify::Message;
using ciie::test::HttpResponse;
using ciie::test::HttpServer;
using ciie::test::SmtpScript;
using ciie::test::SmtpServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr const char* kToken = "sekrit-token-123";

NotifyRules http_rules(const std::string& url) {
  NotifyRules rules;
  rules.sms_backend = "http";
  rules.http_url = url;
  rules.http_auth_header = std::string("Authorization: Bearer ") + kToken;
  rules.http_timeout_ms = 1'000;
  rules.http_retries = 2;
  rules.http_retry_backoff_ms = 10;
  return rules;
}

NotifyRules smtp_rules(const std::string& url) {
  NotifyRules rules;
  rules.email_backend = "smtp";
  rules.smtp_url = url;
  rules.smtp_from = "进博会 CIIE <noreply@ciie.test>";
  rules.smtp_timeout_ms = 2'000;
  rules.smtp_retries = 1;
  rules.smtp_retry_backoff_ms = 10;
  return rules;
}

Message sms(std::string key = "reg5-13800138000-1") {
  return {Channel::kSms, "+8613800138000", "", "【进博会】验证码 123456，5分钟内有效。",
          std::move(key)};
}

Message email() {
  return {Channel::kEmail, "buyer@example.cn", "进博会验证码 / CIIE verification code",
          "您的验证码是 123456。\nYour code is 123456.", "reg5-mail-1"};
}

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - since).count());
}

std::string decode_base64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    const std::size_t value = kAlphabet.find(c);
    if (value == std::string::npos) continue;  // padding and line breaks
    bits = (bits << 6) | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// The text of a header made of RFC 2047 "B" words (adjacent words joined, folding removed).
std::string decode_words(const std::string& value) {
  std::string out;
  std::size_t at = 0;
  while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
    const std::size_t end = value.find("?=", at + 10);
    out += decode_base64(value.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return out;
}

// The unfolded value of header `name` in a message, "" when absent.
std::string header_of(const std::string& data, const std::string& name) {
  const std::string head = "\r\n" + data.substr(0, data.find("\r\n\r\n") + 2);
  const std::size_t at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  std::string value;
  std::size_t pos = at + name.size() + 4;
  for (;;) {
    const std::size_t end = head.find("\r\n", pos);
    value += head.substr(pos, end - pos);
    if (end + 2 >= head.size() || (head[end + 2] != ' ' && head[end + 2] != '\t')) break;
    pos = end + 2;  // a folded line: its leading space stays
  }
  return value;
}

struct FakeSink : ciie::notify::OutboxSink {
  std::vector<Message> stored;
  std::vector<std::string> backends;
  Status fail_with;

  Status store_outbox(const Message& message, std::string_view backend) override {
    if (!fail_with.is_ok()) return fail_with;
    stored.push_back(message);
    backends.emplace_back(backend);
    return Status::ok();
  }
};

}  // namespace

TEST_CASE("http backend posts the JSON body with the auth header", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(200, R"({"id":"m-1"})"));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/v1/sms")));
  REQUIRE(notifier->backend() == "http");

  const Status status = notifier->send(sms());
  REQUIRE(status.is_ok());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  const auto& request = requests[0];
  CHECK(request.method == "POST");
  CHECK(request.target == "/v1/sms");
  CHECK(request.header("Content-Type") == "application/json");
  CHECK(request.header("Authorization") == std::string("Bearer ") + kToken);
  CHECK(request.header("Idempotency-Key") == "reg5-13800138000-1");
  const auto body = nlohmann::json::parse(request.body);
  CHECK(body == nlohmann::json{{"to", "+8613800138000"},
                               {"text", "【进博会】验证码 123456，5分钟内有效。"},
                               {"idempotency_key", "reg5-13800138000-1"}});
}

TEST_CASE("http backend makes a key when the message has none", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(503, ""));
  server.enqueue(HttpResponse::json(200));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));
  REQUIRE(notifier->send(sms("")).is_ok());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  const std::string key = nlohmann::json::parse(requests[0].body)["idempotency_key"];
  CHECK(key.size() == 32);
  CHECK(nlohmann::json::parse(requests[1].body)["idempotency_key"] == key);
}

TEST_CASE("http backend keeps an odd key out of the headers", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(200));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));
  REQUIRE(notifier->send(sms("k 1\r\nX-Evil: 1")).is_ok());
  const auto request = server.requests().at(0);
  CHECK(request.header("X-Evil").empty());
  CHECK(request.header("Idempotency-Key").empty());
  CHECK(nlohmann::json::parse(request.body)["idempotency_key"] == "k 1\r\nX-Evil: 1");
}

TEST_CASE("http backend retries a 5xx with the same idempotency key", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(503, R"({"error":"busy"})"));
  server.enqueue(HttpResponse::json(200, R"({"id":"m-2"})"));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));

  REQUIRE(notifier->send(sms()).is_ok());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].body == requests[1].body);
  CHECK(nlohmann::json::parse(requests[1].body)["idempotency_key"] == "reg5-13800138000-1");
  CHECK(requests[1].header("Idempotency-Key") == "reg5-13800138000-1");
}

TEST_CASE("http backend gives up after 1 + retries attempts on 5xx", "[notify][http]") {
  HttpServer server;
  server.set_fallback(HttpResponse::text(502, "<html>bad gateway</html>", "text/html"));
  NotifyRules rules = http_rules(server.url("/sms"));
  rules.http_retries = 3;
  rules.http_retry_backoff_ms = 10;
  auto notifier = ciie::notify::make_http_sms_notifier(rules);

  const auto start = Clock::now();
  const Status status = notifier->send(sms());
  CHECK(status.code() == Code::kExternal);
  CHECK(status.reason() == "notify.unavailable");
  CHECK_THAT(status.message(), Catch::Contains("4 attempts") && Catch::Contains("502"));
  CHECK(server.request_count() == 4);
  CHECK(elapsed_ms(start) >= 10 + 20 + 40);  // the backoff doubled between attempts
}

TEST_CASE("http backend retries a timeout, then reports unavailable", "[notify][http]") {
  HttpServer server;
  server.set_fallback(HttpResponse::json(200, "{}", 400));  // answers after the timeout
  NotifyRules rules = http_rules(server.url("/sms"));
  rules.http_timeout_ms = 100;
  rules.http_retries = 1;
  auto notifier = ciie::notify::make_http_sms_notifier(rules);

  const auto start = Clock::now();
  const Status status = notifier->send(sms());
  const long took = elapsed_ms(start);
  CHECK(status.reason() == "notify.unavailable");
  CHECK_THAT(status.message(), Catch::Contains("2 attempts") && Catch::Contains("timed out"));
  CHECK(took >= 200);
  CHECK(took < 1'500);
  // The server answers one connection at a time, so the second request is read late.
  CHECK(server.wait_for_requests(2, milliseconds(2'000)));
  CHECK(server.request_count() == 2);
}

TEST_CASE("http backend does not retry a 4xx and keeps the token out", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::json(400, R"({"error":"invalid phone"})"));
  server.enqueue(HttpResponse::json(
      401, std::string(R"({"error":"bad credentials Bearer )") + kToken + "\"}"));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));

  const Status refused = notifier->send(sms());
  CHECK(refused.code() == Code::kExternal);
  CHECK(refused.reason() == "notify.refused");
  CHECK_THAT(refused.message(), Catch::Contains("invalid phone") && Catch::Contains("400"));
  CHECK(server.request_count() == 1);

  const Status echoed = notifier->send(sms());
  CHECK(echoed.reason() == "notify.refused");
  CHECK_THAT(echoed.message(), Catch::Contains("401") && Catch::Contains("***"));
  for (const Status& s : {refused, echoed}) {
    CHECK(s.to_string().find(kToken) == std::string::npos);
  }
  CHECK(server.request_count() == 2);
}

TEST_CASE("http backend quotes the start of a body that is not JSON", "[notify][http]") {
  HttpServer server;
  server.enqueue(HttpResponse::text(403, "Forbidden\r\n" + std::string(1000, 'x'), "text/plain"));
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));
  const Status status = notifier->send(sms());
  CHECK(status.reason() == "notify.refused");
  CHECK_THAT(status.message(), Catch::Contains("HTTP 403: Forbidden  xxx"));
  CHECK(status.message().size() < 400);
  CHECK(status.message().find('\n') == std::string::npos);
}

TEST_CASE("http backend reports unavailable when nothing listens", "[notify][http]") {
  std::string url;
  {
    HttpServer closed;  // take a free port, then free it again
    url = closed.url("/sms");
  }
  NotifyRules rules = http_rules(url);
  rules.http_retries = 1;
  const auto start = Clock::now();
  const Status status = ciie::notify::make_http_sms_notifier(rules)->send(sms());
  CHECK(status.code() == Code::kExternal);
  CHECK(status.reason() == "notify.unavailable");
  CHECK_THAT(status.message(), Catch::Contains("2 attempts"));
  CHECK(elapsed_ms(start) < 1'500);
}

TEST_CASE("recipients are checked before anything is sent", "[notify]") {
  HttpServer server;
  auto notifier = ciie::notify::make_http_sms_notifier(http_rules(server.url("/sms")));
  Message no_one = sms();
  no_one.to = "";
  CHECK(notifier->send(no_one).reason() == "notify.recipient");
  Message email_over_http = email();
  CHECK(notifier->send(email_over_http).reason() == "notify.backend");
  CHECK(server.request_count() == 0);

  SmtpServer smtp;
  auto mailer = ciie::notify::make_smtp_notifier(smtp_rules(smtp.url()));
  for (const char* bad : {"not an address", "a@b@c", "buyer@example.cn\r\nBcc: x@evil.test",
                          "<buyer@example.cn>", "@example.cn"}) {
    INFO(bad);
    Message m = email();
    m.to = bad;
    CHECK(mailer->send(m).reason() == "notify.recipient");
  }
  CHECK(smtp.commands().empty());
}

TEST_CASE("smtp backend sends a MIME message with encoded subject and body", "[notify][smtp]") {
  SmtpServer server;
  auto notifier = ciie::notify::make_smtp_notifier(smtp_rules(server.url()));
  REQUIRE(notifier->backend() == "smtp");

  const Status status = notifier->send(email());
  REQUIRE(status.is_ok());
  const auto messages = server.messages();
  REQUIRE(messages.size() == 1);
  const auto& mail = messages[0];
  CHECK(mail.mail_from == "noreply@ciie.test");
  CHECK(mail.rcpt_to == std::vector<std::string>{"buyer@example.cn"});
  const std::string& data = mail.data;
  CHECK(decode_words(header_of(data, "Subject")) == "进博会验证码 / CIIE verification code");
  CHECK(decode_words(header_of(data, "From")) == "进博会 CIIE");
  CHECK_THAT(header_of(data, "From"), Catch::EndsWith(" <noreply@ciie.test>"));
  CHECK(header_of(data, "To") == "buyer@example.cn");
  CHECK(header_of(data, "MIME-Version") == "1.0");
  CHECK(header_of(data, "Content-Type") == "text/plain; charset=UTF-8");
  CHECK(header_of(data, "Content-Transfer-Encoding") == "base64");
  CHECK(header_of(data, "Message-ID") == "<ciie.reg5-mail-1@ciie.test>");
  CHECK_THAT(header_of(data, "Date"),
             Catch::Matches(R"(\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000)"));
  const std::string body = data.substr(data.find("\r\n\r\n") + 4);
  CHECK(decode_base64(body) == "您的验证码是 123456。\r\nYour code is 123456.");
}

TEST_CASE("smtp backend authenticates when a user is configured", "[notify][smtp]") {
  SmtpScript script;
  script.offer_auth = true;
  SmtpServer server(script);
  NotifyRules rules = smtp_rules(server.url());
  rules.smtp_user = "mailer";
  rules.smtp_password = "pw-secret";
  REQUIRE(ciie::notify::make_smtp_notifier(rules)->send(email()).is_ok());
  bool authenticated = false;
  for (const std::string& line : server.commands()) {
    const std::string blob = line.rfind("AUTH PLAIN ", 0) == 0 ? line.substr(11) : line;
    if (decode_base64(blob) == std::string("\0mailer\0pw-secret", 17)) authenticated = true;
  }
  CHECK(authenticated);
  CHECK(server.messages().size() == 1);
}

TEST_CASE("smtp backend reports a refused recipient without retrying", "[notify][smtp]") {
  SmtpScript script;
  script.rcpt_reply = "550 5.1.1 no such user here";
  SmtpServer server(script);
  const Status status = ciie::notify::make_smtp_notifier(smtp_rules(server.url()))->send(email());
  CHECK(status.code() == Code::kExternal);
  CHECK(status.reason() == "notify.refused");
  CHECK_THAT(status.message(), Catch::Contains("550"));
  CHECK(server.messages().empty());
  int rcpts = 0;
  for (const std::string& line : server.commands()) rcpts += line.rfind("RCPT TO:", 0) == 0;
  CHECK(rcpts == 1);
}

TEST_CASE("smtp backend retries a temporary 4xx reply", "[notify][smtp]") {
  SmtpScript script;
  script.rcpt_replies = {"451 4.3.0 try again later"};
  SmtpServer server(script);
  REQUIRE(ciie::notify::make_smtp_notifier(smtp_rules(server.url()))->send(email()).is_ok());
  CHECK(server.messages().size() == 1);
  int rcpts = 0;
  for (const std::string& line : server.commands()) rcpts += line.rfind("RCPT TO:", 0) == 0;
  CHECK(rcpts == 2);
}

TEST_CASE("smtp backend reports unavailable when nothing listens", "[notify][smtp]") {
  std::string url;
  {
    SmtpServer closed;
    url = closed.url();
  }
  const auto start = Clock::now();
  const Status status = ciie::notify::make_smtp_notifier(smtp_rules(url))->send(email());
  CHECK(status.reason() == "notify.unavailable");
  CHECK_THAT(status.message(), Catch::Contains("2 attempts"));
  CHECK(elapsed_ms(start) < 1'500);
}

TEST_CASE("outbox backend hands messages to the sink", "[notify][outbox]") {
  FakeSink sink;
  auto made = ciie::notify::make_notifier(Channel::kSms, NotifyRules{}, sink);
  REQUIRE(made.is_ok());
  auto& notifier = *made;
  CHECK(notifier->backend() == "outbox");

  REQUIRE(notifier->send(sms()).is_ok());
  REQUIRE(notifier->send(sms("")).is_ok());
  REQUIRE(sink.stored.size() == 2);
  CHECK(sink.stored[0].to == "+8613800138000");
  CHECK(sink.stored[0].body == sms().body);
  CHECK(sink.stored[0].idempotency_key == "reg5-13800138000-1");
  CHECK(sink.stored[1].idempotency_key.size() == 32);  // made up when missing
  CHECK(sink.backends == std::vector<std::string>{"outbox", "outbox"});

  sink.fail_with = Status::storage("store.io", "disk full");
  CHECK(notifier->send(sms()).reason() == "store.io");
  Message no_one = sms();
  no_one.to = "";
  CHECK(notifier->send(no_one).reason() == "notify.recipient");
}

TEST_CASE("make_notifier chooses the configured backend", "[notify]") {
  FakeSink sink;
  NotifyRules rules = http_rules("https://sms.example.cn/send");
  rules.email_backend = "smtp";
  rules.smtp_url = "smtps://mail.example.cn:465";
  rules.smtp_from = "noreply@example.cn";
  auto sms_notifier = ciie::notify::make_notifier(Channel::kSms, rules, sink);
  auto mail_notifier = ciie::notify::make_notifier(Channel::kEmail, rules, sink);
  REQUIRE(sms_notifier.is_ok());
  REQUIRE(mail_notifier.is_ok());
  CHECK((*sms_notifier)->backend() == "http");
  CHECK((*mail_notifier)->backend() == "smtp");
}

TEST_CASE("make_notifier refuses unusable configurations", "[notify]") {
  struct Row {
    const char* what;
    Channel channel;
    void (*edit)(NotifyRules&);
    const char* field;
  };
  const Row rows[] = {
      {"unknown sms backend", Channel::kSms, [](NotifyRules& r) { r.sms_backend = "pigeon"; },
       "notify.sms_backend"},
      {"smtp for sms", Channel::kSms, [](NotifyRules& r) { r.sms_backend = "smtp"; },
       "notify.sms_backend"},
      {"http for e-mail", Channel::kEmail, [](NotifyRules& r) { r.email_backend = "http"; },
       "notify.email_backend"},
      {"http without url", Channel::kSms, [](NotifyRules& r) { r.http_url.clear(); },
       "notify.http_url"},
      {"http with ftp url", Channel::kSms, [](NotifyRules& r) { r.http_url = "ftp://x/"; },
       "notify.http_url"},
      {"auth header without name", Channel::kSms,
       [](NotifyRules& r) { r.http_auth_header = "Bearer sekrit-token-123"; },
       "notify.http_auth_header"},
      {"auth header with a line break", Channel::kSms,
       [](NotifyRules& r) { r.http_auth_header = "X-Key: sekrit-token-123\r\nX-Evil: 1"; },
       "notify.http_auth_header"},
      {"zero timeout", Channel::kSms, [](NotifyRules& r) { r.http_timeout_ms = 0; },
       "notify.http_timeout_ms"},
      {"negative retries", Channel::kSms, [](NotifyRules& r) { r.http_retries = -1; },
       "notify.http_retries"},
      {"smtp without url", Channel::kEmail, [](NotifyRules& r) { r.smtp_url.clear(); },
       "notify.smtp_url"},
      {"smtp with http url", Channel::kEmail,
       [](NotifyRules& r) { r.smtp_url = "http://mail.example.cn"; }, "notify.smtp_url"},
      {"smtp without from", Channel::kEmail, [](NotifyRules& r) { r.smtp_from.clear(); },
       "notify.smtp_from"},
      {"smtp from not an address", Channel::kEmail,
       [](NotifyRules& r) { r.smtp_from = "CIIE <nobody>"; }, "notify.smtp_from"},
      {"negative smtp backoff", Channel::kEmail,
       [](NotifyRules& r) { r.smtp_retry_backoff_ms = -5; }, "notify.smtp_retry_backoff_ms"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    FakeSink sink;
    NotifyRules rules = http_rules("https://sms.example.cn/send");
    rules.email_backend = "smtp";
    rules.smtp_url = "smtp://mail.example.cn:25";
    rules.smtp_from = "noreply@example.cn";
    row.edit(rules);
    const auto made = ciie::notify::make_notifier(row.channel, rules, sink);
    REQUIRE_FALSE(made.is_ok());
    const Status status = made.status();
    CHECK(status.code() == Code::kInvalidInput);
    CHECK(status.reason() == "notify.backend");
    CHECK(status.field() == row.field);
    CHECK(status.to_string().find(kToken) == std::string::npos);
  }
}

TEST_CASE("a notifier made from bad rules fails every send", "[notify]") {
  NotifyRules rules;
  CHECK(ciie::notify::make_http_sms_notifier(rules)->send(sms()).reason() == "notify.backend");
  CHECK(ciie::notify::make_smtp_notifier(rules)->send(email()).reason() == "notify.backend");
}

TEST_CASE("backoff doubles per retry and is capped", "[notify]") {
  const ciie::notify::RetryPolicy policy{5, 200};
  CHECK(ciie::notify::backoff_delay(policy, 0) == milliseconds(200));
  CHECK(ciie::notify::backoff_delay(policy, 1) == milliseconds(400));
  CHECK(ciie::notify::backoff_delay(policy, 2) == milliseconds(800));
  CHECK(ciie::notify::backoff_delay({100, 1'000}, 90) == ciie::notify::kMaxBackoff);
  CHECK(ciie::notify::backoff_delay({1, 0}, 3) == milliseconds(0));
}

TEST_CASE("long subjects become several encoded words", "[notify][smtp]") {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "进博会";  // 360 bytes of 3-byte characters
  const std::string encoded = ciie::notify::encode_words(subject);
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    CHECK(end - start <= 75);
    ++words;
    start = end + 3;
  }
  CHECK(words > 1);
  CHECK(decode_words(encoded) == subject);  // no character was split across words
  CHECK(ciie::notify::encode_words("").empty());
}
