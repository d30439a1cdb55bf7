// `ciie pay` against a real payment gateway on loopback (tests/support/http_server.hpp): a QR
// payment draws its code; a gateway that fails is exit 6 and leaves the order as it was; a
// signed notice confirms once and is a duplicate after; a bad signature and a stale notice are
// refused; a notice needs no credential on a secured store, everything else does.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "payment/notice.hpp"
#include "support/http_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;
using ciie::test::HttpResponse;

constexpr const char* kSecret = "test-wechat-notice-key";
constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kUnit = "91310104MA1FL5XX0C";

std::string gateway_config(const std::string& base_url) {
  return "[payment]\n"
         "timeout_ms = 2000\n"
         "retries = 1\n"
         "retry_backoff_ms = 10\n"
         "notice_max_age_seconds = 300\n"
         "[[payment.gateway]]\n"
         "name = \"wechat\"\n"
         "base_url = \"" +
         base_url +
         "\"\n"
         "secret_env = \"CIIE_TEST_PAY_SECRET\"\n"
         "[[payment.gateway]]\n"
         "name = \"b2b\"\n"
         "base_url = \"" +
         base_url +
         "\"\n"
         "secret_env = \"CIIE_TEST_PAY_SECRET\"\n";
}

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env;

  explicit Store(const std::string& base_url) {
    dir.write("ciie.toml", gateway_config(base_url));
    env = {{"CIIE_TEST_PAY_SECRET", kSecret}, {"CIIE_NOW", kNow}};
  }
  CommandResult run(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& extra = {}) const {
    auto with = env;
    for (const auto& [key, value] : extra) with[key] = value;
    return ciie::test::run_ciie(args, {}, with, dir.path().string());
  }
  // init, an enterprise (approved on submission) with two persons, submitted.
  void prepare() const {
    REQUIRE(run({"init"}).exit_status == 0);
    REQUIRE(run({"register", "--uscc", kUnit, "--name", "上海徐汇示例科技有限公司", "--category",
                 "enterprise", "--phone", "13812340002", "--consent"})
                .exit_status == 0);
    REQUIRE(run({"person", "add", "--unit", kUnit, "--name", "高翔", "--doc-type", "cn_id",
                 "--doc-number", "310104198506060060", "--phone", "13700000007", "--badge", "full"})
                .exit_status == 0);
    REQUIRE(
        run({"person", "add", "--unit", kUnit, "--name", "罗敏", "--doc-type", "cn_id",
             "--doc-number", "310115198809090098", "--phone", "13700000008", "--badge", "weekend"})
            .exit_status == 0);
    const auto submitted = run({"submit", "--unit", kUnit});
    INFO(submitted.err);
    REQUIRE(submitted.exit_status == 0);
  }
  // Creates an order for every person awaiting payment; returns its number.
  std::string create_order() const {
    const auto created = run({"--json", "order", "create", "--unit", kUnit});
    INFO(created.out << created.err);
    REQUIRE(created.exit_status == 0);
    return nlohmann::json::parse(created.out)["order"]["number"].get<std::string>();
  }
};

// A notice body as docs/payment.md defines it, with a trailing newline the signature covers.
std::string notice_body(const std::string& order, const std::string& transaction,
                        std::int64_t amount_fen, const std::string& timestamp) {
  nlohmann::json notice = {{"gateway", "wechat"},   {"transaction_id", transaction},
                           {"order", order},        {"intent_id", "wx-intent-1"},
                           {"status", "success"},   {"amount_fen", amount_fen},
                           {"timestamp", timestamp}};
  return notice.dump() + "\n";
}

const char* const kIntent =
    R"({"intent_id":"wx-intent-1","qr_content":"weixin://wxpay/bizpayurl?pr=ciietest01"})";

}  // namespace

TEST_CASE("pay --method qr:wechat draws the gateway's code, a failing gateway is exit 6",
          "[cli][pay]") {
  ciie::test::HttpServer gateway;
  Store store(gateway.url("/wechat"));
  store.prepare();
  const std::string order = store.create_order();
  const auto before = store.run({"--json", "order", "show", order});
  REQUIRE(before.exit_status == 0);
  CHECK(nlohmann::json::parse(before.out)["order"]["total"] == "300.00");

  SECTION("the gateway is down: exit 6, payment.unavailable, the order unchanged") {
    gateway.set_fallback(HttpResponse::json(503, R"({"error":"maintenance"})"));
    const auto down = store.run({"--json", "pay", order, "--method", "qr:wechat"});
    CHECK(down.exit_status == 6);
    CHECK(nlohmann::json::parse(down.out)["error"]["reason"] == "payment.unavailable");
    CHECK(gateway.request_count() == 2);  // retries = 1
    const auto after = store.run({"--json", "order", "show", order});
    CHECK(after.out == before.out);
  }
  SECTION("the gateway answers: QR content, the drawing, the PNG, the idempotency key") {
    gateway.enqueue(HttpResponse::json(200, kIntent));
    const std::string png = store.dir.file("pay.png");
    const auto paid = store.run({"pay", order, "--method", "qr:wechat", "--qr-png", png});
    INFO(paid.err);
    REQUIRE(paid.exit_status == 0);
    CHECK_THAT(paid.out, Catch::Contains("weixin://wxpay/bizpayurl?pr=ciietest01"));
    CHECK_THAT(paid.out, Catch::Contains("\u2588"));  // █: the drawing is there
    CHECK_THAT(paid.out, Catch::Contains("QR code written to " + png));
    CHECK(std::filesystem::file_size(png) > 100);
    const auto requests = gateway.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].target == "/wechat/intents");
    CHECK(requests[0].header("Idempotency-Key") == order + "-1");
    // --no-qr, --json: no drawing.
    gateway.enqueue(HttpResponse::json(200, kIntent));
    const auto quiet = store.run({"--json", "pay", order, "--method", "qr:wechat"});
    REQUIRE(quiet.exit_status == 0);
    const auto json = nlohmann::json::parse(quiet.out);
    CHECK(json["payment"]["qr_content"] == "weixin://wxpay/bizpayurl?pr=ciietest01");
    CHECK(json["payment"]["state"] == "pending");
  }
  SECTION("b2b prints the bank's pay URL and draws nothing") {
    gateway.enqueue(HttpResponse::json(
        200, R"({"intent_id":"b2b-1","pay_url":"https://bank.example/pay?session=b2b-1"})"));
    const auto paid = store.run({"pay", order, "--method", "b2b"});
    INFO(paid.err);
    REQUIRE(paid.exit_status == 0);
    CHECK_THAT(paid.out, Catch::Contains("pay URL:       https://bank.example/pay?session=b2b-1"));
    CHECK_THAT(paid.out, !Catch::Contains("\u2588"));
    CHECK(store.run({"pay", order, "--method", "b2b", "--qr-png", "x.png"}).exit_status == 2);
  }
  SECTION("a missing --qr-png directory is refused before the gateway is asked") {
    const auto refused = store.run(
        {"pay", order, "--method", "qr:wechat", "--qr-png", store.dir.file("nope/pay.png")});
    CHECK(refused.exit_status == 2);
    CHECK_THAT(refused.err, Catch::Contains("no directory"));
    CHECK(gateway.request_count() == 0);
  }
  SECTION("QR options with another method, and a missing --method, are usage errors") {
    CHECK(store.run({"pay", order, "--method", "transfer", "--no-qr"}).exit_status == 2);
    CHECK(store.run({"pay", order}).exit_status == 2);
    CHECK(store.run({"pay"}).exit_status == 2);
    CHECK(store.run({"pay", order, "--method", "qr:paypal"}).exit_status == 2);
    CHECK(gateway.request_count() == 0);
  }
}

TEST_CASE("pay notify: confirmed once, duplicate after, bad signature, stale", "[cli][pay]") {
  ciie::test::HttpServer gateway;
  Store store(gateway.url("/wechat"));
  store.prepare();
  const std::string order = store.create_order();
  gateway.enqueue(HttpResponse::json(200, kIntent));
  REQUIRE(store.run({"pay", order, "--method", "qr:wechat", "--no-qr"}).exit_status == 0);

  const std::string body = notice_body(order, "wx-tx-0001", 30000, kNow);
  const std::string file = store.dir.write("notice.json", body);
  const std::string signature = ciie::payment::sign_notice(kSecret, body);

  SECTION("a good notice confirms; the same notice again is a duplicate") {
    const auto confirmed =
        store.run({"--json", "pay", "notify", "--file", file, "--signature", signature});
    INFO(confirmed.out << confirmed.err);
    REQUIRE(confirmed.exit_status == 0);
    const auto json = nlohmann::json::parse(confirmed.out);
    CHECK(json["outcome"] == "confirmed");
    CHECK(json["order"]["state"] == "paid");
    const auto shown = store.run({"--json", "order", "show", order});
    CHECK(nlohmann::json::parse(shown.out)["order"]["state"] == "paid");

    const auto again = store.run({"pay", "notify", "--file", file, "--signature", signature});
    CHECK(again.exit_status == 0);
    CHECK_THAT(again.out, Catch::StartsWith("duplicate: "));
    const auto listed = store.run({"--json", "pay", "list", order});
    REQUIRE(listed.exit_status == 0);
    const auto payments = nlohmann::json::parse(listed.out)["payments"];
    REQUIRE(payments.size() == 1);
    CHECK(payments[0]["state"] == "confirmed");
    CHECK(payments[0]["transaction_id"] == "wx-tx-0001");
  }
  SECTION("a wrong amount is flagged for finance, still exit 0; finance forces it") {
    const std::string short_body = notice_body(order, "wx-tx-0003", 20000, kNow);
    const std::string short_file = store.dir.write("short.json", short_body);
    const auto flagged = store.run({"pay", "notify", "--file", short_file, "--signature",
                                    ciie::payment::sign_notice(kSecret, short_body)});
    INFO(flagged.err);
    CHECK(flagged.exit_status == 0);
    CHECK_THAT(flagged.out, Catch::StartsWith("flagged: "));
    CHECK_THAT(flagged.out, Catch::Contains("payment.amount_mismatch"));
    const auto queue = store.run({"--as", "finance", "--json", "pay", "review"});
    REQUIRE(queue.exit_status == 0);
    const auto waiting = nlohmann::json::parse(queue.out)["payments"];
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0]["flag"] == "payment.amount_mismatch");
    const std::string id = std::to_string(waiting[0]["id"].get<std::int64_t>());
    const auto forced = store.run({"--as", "finance", "pay", "review", "--payment", id, "--confirm",
                                   "--force", "--reason", "差额线下补缴"});
    INFO(forced.out << forced.err);
    CHECK(forced.exit_status == 0);
    CHECK_THAT(forced.out, Catch::StartsWith("confirmed payment " + id));
  }
  SECTION("a bad signature is exit 1 payment.signature and changes nothing") {
    std::string wrong = signature;
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    const auto refused =
        store.run({"--json", "pay", "notify", "--file", file, "--signature", wrong});
    CHECK(refused.exit_status == 1);
    CHECK(nlohmann::json::parse(refused.out)["error"]["reason"] == "payment.signature");
    // The body is signed exactly: without its trailing newline the signature does not hold.
    const std::string trimmed = store.dir.write("trimmed.json", body.substr(0, body.size() - 1));
    const auto changed = store.run({"pay", "notify", "--file", trimmed, "--signature", signature});
    CHECK(changed.exit_status == 1);
    CHECK_THAT(changed.err, Catch::Contains("payment.signature"));
    const auto shown = store.run({"--json", "order", "show", order});
    CHECK(nlohmann::json::parse(shown.out)["order"]["state"] == "awaiting_payment");
  }
  SECTION("a notice older than notice_max_age_seconds is payment.stale") {
    const std::string old = notice_body(order, "wx-tx-0002", 30000, "2024-06-03T09:00:00+08:00");
    const std::string old_file = store.dir.write("old.json", old);
    const auto stale = store.run({"pay", "notify", "--file", old_file, "--signature",
                                  ciie::payment::sign_notice(kSecret, old)});
    CHECK(stale.exit_status == 1);
    CHECK_THAT(stale.err, Catch::Contains("payment.stale"));
  }
  SECTION("the body from standard input, binary-safe") {
    const auto confirmed =
        ciie::test::run_ciie({"pay", "notify", "--file", "-", "--signature", signature}, body,
                             store.env, store.dir.path().string());
    INFO(confirmed.err);
    CHECK(confirmed.exit_status == 0);
    CHECK_THAT(confirmed.out, Catch::StartsWith("confirmed: "));
  }
  SECTION("on a secured store a notice needs no token; other commands still do") {
    const auto token = store.run({"--json", "token", "create", "--for", "organizer"});
    REQUIRE(token.exit_status == 0);
    const auto shown = store.run({"order", "show", order});
    CHECK(shown.exit_status == 1);
    CHECK_THAT(shown.err, Catch::Contains("auth.required"));
    const auto confirmed = store.run({"pay", "notify", "--file", file, "--signature", signature});
    INFO(confirmed.err);
    CHECK(confirmed.exit_status == 0);
    CHECK_THAT(confirmed.out, Catch::StartsWith("confirmed: "));
    const std::string secret = nlohmann::json::parse(token.out)["secret"].get<std::string>();
    const auto paid = store.run({"--json", "order", "show", order}, {{"CIIE_TOKEN", secret}});
    CHECK(nlohmann::json::parse(paid.out)["order"]["state"] == "paid");
  }
}
