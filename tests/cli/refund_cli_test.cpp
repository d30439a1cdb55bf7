// `ciie refund` as a process. A transfer-paid, invoiced order: refunding a person reverses the
// invoice at once (the buyer had not booked it) and reissues one for what remains, then finance
// confirms the outgoing transfer; after the buyer booked the invoice the refund waits for the
// confirmation form. A WeChat-paid order refunds through a real gateway on loopback: a gateway
// that does not answer leaves the refund for `refund send`, which is exit 6 until it succeeds.
// Refusals: refund.reason_required, refund.person, refund.amount (a short payment finance forced).
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
constexpr const char* kUnitName = "上海徐汇示例科技有限公司";
const std::string kAsUnit = std::string("unit:") + kUnit;

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", kNow}, {"CIIE_TEST_PAY_SECRET", kSecret}};

  // With a WeChat gateway at `base_url` ("" for none).
  explicit Store(const std::string& base_url = {}) {
    if (base_url.empty()) return;
    dir.write("ciie.toml",
              "[payment]\ntimeout_ms = 2000\nretries = 1\nretry_backoff_ms = 10\n"
              "notice_max_age_seconds = 300\n[[payment.gateway]]\nname = \"wechat\"\n"
              "base_url = \"" +
                  base_url + "\"\nsecret_env = \"CIIE_TEST_PAY_SECRET\"\n");
  }
  CommandResult run(const std::vector<std::string>& args) const {
    return ciie::test::run_ciie(args, {}, env, dir.path().string());
  }
  nlohmann::json json(const std::vector<std::string>& args, int exit_status = 0) const {
    std::vector<std::string> with{"--json"};
    with.insert(with.end(), args.begin(), args.end());
    const auto result = run(with);
    INFO(result.out << result.err);
    REQUIRE(result.exit_status == exit_status);
    return nlohmann::json::parse(result.out);
  }
  std::string refusal(const std::vector<std::string>& args, int exit_status) const {
    return json(args, exit_status)["error"]["reason"].get<std::string>();
  }
  // init, an enterprise (approved on submission) with two persons (1: full 200.00, 2: weekend
  // 100.00), submitted and ordered. Returns the order number.
  std::string order() const {
    REQUIRE(run({"init"}).exit_status == 0);
    REQUIRE(run({"register", "--uscc", kUnit, "--name", kUnitName, "--category", "enterprise",
                 "--phone", "13812340002", "--consent"})
                .exit_status == 0);
    REQUIRE(run({"person", "add", "--unit", kUnit, "--name", "高翔", "--doc-type", "cn_id",
                 "--doc-number", "310104198506060060", "--phone", "13700000007", "--badge", "full"})
                .exit_status == 0);
    REQUIRE(
        run({"person", "add", "--unit", kUnit, "--name", "罗敏", "--doc-type", "cn_id",
             "--doc-number", "310115198809090098", "--phone", "13700000008", "--badge", "weekend"})
            .exit_status == 0);
    REQUIRE(run({"submit", "--unit", kUnit}).exit_status == 0);
    return json({"order", "create", "--unit", kUnit})["order"]["number"].get<std::string>();
  }
  // order(), paid by a transfer finance confirmed, and invoiced (not booked by the buyer).
  // Returns the order and the invoice number.
  std::pair<std::string, std::string> invoiced_transfer_order() const {
    const std::string number = order();
    const std::string proof =
        (std::filesystem::path(CIIE_SOURCE_DIR) / "tests/cli/data/photos/zhang.png").string();
    json({"--as", kAsUnit, "pay", "proof", number, "--payer-name", kUnitName, "--payer-account",
          "31001234567890001", "--amount", "300.00", "--date", "2024-06-03", "--file", proof});
    const auto queue = json({"--as", "finance", "pay", "review"});
    REQUIRE(queue["payments"].size() == 1);
    json({"--as", "finance", "pay", "review", "--payment",
          std::to_string(queue["payments"][0]["id"].get<std::int64_t>()), "--confirm"});
    const auto issued =
        json({"--as", kAsUnit, "invoice", "request", number, "--type", "normal", "--title-kind",
              "unit", "--delivery-email", "fin@example.com", "--issue"});
    return {number, issued["invoice"]["number"].get<std::string>()};
  }
  // Delivers the gateway's signed notice that `amount_fen` of `order` was paid.
  CommandResult notify(const std::string& order, std::int64_t amount_fen,
                       const std::string& transaction) const {
    const std::string body = nlohmann::json({{"gateway", "wechat"},
                                             {"transaction_id", transaction},
                                             {"order", order},
                                             {"intent_id", "wx-intent-1"},
                                             {"status", "success"},
                                             {"amount_fen", amount_fen},
                                             {"timestamp", kNow}})
                                 .dump() +
                             "\n";
    const std::string file = dir.write("notice-" + transaction + ".json", body);
    return run({"pay", "notify", "--file", file, "--signature",
                ciie::payment::sign_notice(kSecret, body)});
  }
};

const char* const kIntent =
    R"({"intent_id":"wx-intent-1","qr_content":"weixin://wxpay/bizpayurl?pr=ciietest01"})";

}  // namespace

TEST_CASE("refund of a transfer-paid invoiced order: red invoice, reissue, transfer confirmed",
          "[cli][refund]") {
  Store store;
  const auto [order, invoice] = store.invoiced_transfer_order();

  // Usage: no order, the request's options on a subcommand, unknown spellings.
  CHECK(store.refusal({"refund"}, 2) == "usage");
  CHECK(store.refusal({"refund", "list", "--reason", "x"}, 2) == "usage");
  CHECK(store.refusal({"refund", order, "--reason", "x", "--red-reason", "oops"}, 2) == "usage");
  CHECK(store.refusal({"refund", order, "--reason", "x", "--persons", "a"}, 2) == "usage");
  CHECK(store.refusal({"refund", "list", "--state", "done"}, 2) == "usage");
  // Domain refusals, and nothing changed by them.
  CHECK(store.refusal({"--as", kAsUnit, "refund", order, "--persons", "2"}, 2) ==
        "refund.reason_required");
  CHECK(store.refusal({"--as", kAsUnit, "refund", order, "--persons", "99", "--reason", "x"}, 1) ==
        "refund.person");
  CHECK(store.refusal({"refund", "V20240603100000000000000", "--reason", "x"}, 3) ==
        "order.unknown");
  CHECK(store.json({"refund", "list"})["refunds"].empty());

  const auto requested =
      store.run({"--as", kAsUnit, "refund", order, "--persons", "2", "--reason", "人员变更"});
  INFO(requested.out << requested.err);
  REQUIRE(requested.exit_status == 0);
  CHECK_THAT(requested.out, Catch::StartsWith("requested refund "));
  CHECK_THAT(requested.out, Catch::Contains("awaiting_transfer"));
  CHECK_THAT(requested.out, Catch::Contains("100.00 yuan (1 person)"));
  CHECK_THAT(requested.out, Catch::Contains("reversing " + invoice));
  CHECK_THAT(requested.out, Catch::Contains("for what remains paid (INV-8)"));
  CHECK_THAT(requested.out, Catch::Contains("refund confirm-transfer"));

  const auto listed = store.json({"--as", "finance", "refund", "list", "--order", order});
  REQUIRE(listed["refunds"].size() == 1);
  const auto refund = listed["refunds"][0];
  const std::string id = std::to_string(refund["id"].get<std::int64_t>());
  CHECK(refund["state"] == "awaiting_transfer");
  CHECK(refund["amount"] == "100.00");
  CHECK(refund["amount_fen"] == 10000);
  CHECK(refund["method"] == "transfer");
  CHECK(refund["invoice"] == invoice);
  CHECK(refund["lines"].size() == 1);
  CHECK(refund["lines"][0]["person_id"] == 2);
  const std::string red = refund["red_invoice"].get<std::string>();
  const std::string reissued = refund["reissued_invoice"].get<std::string>();
  CHECK(!red.empty());
  CHECK(!reissued.empty());
  CHECK(store.json({"invoice", "show", red})["invoice"]["gross_total"] == "-300.00");
  CHECK(store.json({"invoice", "show", reissued})["invoice"]["gross_total"] == "200.00");
  // Refunded already: the same person again is refused.
  CHECK(store.refusal({"--as", kAsUnit, "refund", order, "--persons", "2", "--reason", "x"}, 1) ==
        "refund.person");

  const auto shown = store.run({"refund", "show", id});
  REQUIRE(shown.exit_status == 0);
  CHECK_THAT(shown.out, Catch::StartsWith("refund " + id + "  awaiting_transfer"));
  CHECK_THAT(shown.out, Catch::Contains("罗敏"));
  CHECK(store.refusal({"refund", "show", "999"}, 3) == "refund.unknown");
  const auto table = store.run({"--as", "finance", "refund", "list"});
  CHECK_THAT(table.out, Catch::StartsWith("ID"));
  const auto csv = store.run({"--as", "finance", "refund", "list", "--csv"});
  REQUIRE(csv.exit_status == 0);
  CHECK_THAT(csv.out, Catch::StartsWith("id,order,unit,amount,method,state,persons,invoice,"
                                        "red_invoice,reissued_invoice,created_at,completed_at,"
                                        "last_error\r\n"));
  CHECK_THAT(csv.out, Catch::Contains(id + "," + order + "," + kUnit +
                                      ",100.00,transfer,"
                                      "awaiting_transfer,1," +
                                      invoice + "," + red + "," + reissued + ","));
  CHECK(store.refusal({"refund", "list", "--csv"}, 2) == "usage");  // with --json

  // Only finance confirms the transfer back, with its reference.
  CHECK(store.refusal({"--as", kAsUnit, "refund", "confirm-transfer", id, "--reference", "BK1"},
                      1) == "auth.forbidden");
  CHECK(store.refusal({"--as", "finance", "refund", "confirm-transfer", id}, 2) ==
        "refund.reference_required");
  CHECK(store.refusal({"--as", "finance", "refund", "send", id}, 1) == "refund.state");
  const auto confirmed = store.json(
      {"--as", "finance", "refund", "confirm-transfer", id, "--reference", "BK20240610001"});
  CHECK(confirmed["refund"]["state"] == "completed");
  CHECK(confirmed["refund"]["transfer_reference"] == "BK20240610001");
  CHECK(confirmed["refund"]["completed_by"] == "finance");
  CHECK(store.refusal({"--as", "finance", "refund", "confirm-transfer", id, "--reference", "x"},
                      1) == "refund.state");
  const auto none = store.run({"--as", "finance", "refund", "send"});
  CHECK(none.exit_status == 0);
  CHECK(none.out == "no refunds await the gateway\n");
}

TEST_CASE("refund after the buyer booked the invoice waits for the confirmation form",
          "[cli][refund]") {
  Store store;
  const auto [order, invoice] = store.invoiced_transfer_order();
  store.json({"--as", "finance", "invoice", "booked", invoice});
  const auto outcome = store.json({"--as", kAsUnit, "refund", order, "--reason", "展会取消",
                                   "--red-reason", "service_stopped"});
  CHECK(outcome["refund"]["state"] == "awaiting_reversal");
  CHECK(outcome["refund"]["amount"] == "300.00");
  REQUIRE(outcome["reversal"]["form"].is_object());
  CHECK(outcome["reversal"]["red_invoice"].is_null());
  const std::string form = std::to_string(outcome["reversal"]["form"]["id"].get<std::int64_t>());
  const std::string id = std::to_string(outcome["refund"]["id"].get<std::int64_t>());
  CHECK(outcome["refund"]["red_form"] == outcome["reversal"]["form"]["id"]);

  const auto waiting = store.run({"refund", "show", id});
  CHECK_THAT(waiting.out, Catch::Contains("ciie invoice confirm-redform " + form));
  const auto confirmed = store.run({"--as", kAsUnit, "invoice", "confirm-redform", form});
  INFO(confirmed.out << confirmed.err);
  REQUIRE(confirmed.exit_status == 0);
  CHECK_THAT(confirmed.out, Catch::Contains("refund " + id + " goes on"));
  const auto after = store.json({"refund", "show", id});
  CHECK(after["refund"]["state"] == "awaiting_transfer");
  CHECK(!after["refund"]["red_invoice"].get<std::string>().empty());
  CHECK(store.json({"order", "show", order})["order"]["state"] == "refunded");
}

TEST_CASE("refund through the gateway: not answering is left for refund send, exit 6 until sent",
          "[cli][refund]") {
  ciie::test::HttpServer gateway;
  Store store(gateway.url("/wechat"));
  const std::string order = store.order();
  gateway.enqueue(HttpResponse::json(200, kIntent));
  REQUIRE(store.run({"pay", order, "--method", "qr:wechat", "--no-qr"}).exit_status == 0);

  SECTION("a gateway down at the request and at the first send, up at the second") {
    REQUIRE(store.notify(order, 30000, "wx-tx-0001").exit_status == 0);
    gateway.set_fallback(HttpResponse::json(503, R"({"error":"maintenance"})"));
    const auto requested =
        store.run({"--json", "--as", kAsUnit, "refund", order, "--persons", "1", "--reason", "x"});
    INFO(requested.out << requested.err);
    REQUIRE(requested.exit_status == 0);
    const auto outcome = nlohmann::json::parse(requested.out);
    CHECK(outcome["refund"]["state"] == "awaiting_gateway");
    CHECK(outcome["refund"]["amount"] == "200.00");
    CHECK(outcome["reversal"].is_null());  // no invoice
    CHECK(!outcome["refund"]["last_error"].get<std::string>().empty());
    CHECK_THAT(requested.err, Catch::Contains("refund send"));
    const std::string id = std::to_string(outcome["refund"]["id"].get<std::int64_t>());
    const std::string key = outcome["refund"]["idempotency_key"].get<std::string>();
    CHECK(key == order + "-R" + id);

    CHECK(store.refusal({"--as", kAsUnit, "refund", "send"}, 1) == "auth.forbidden");
    const auto failed = store.json({"--as", "finance", "refund", "send"}, 6);
    CHECK(failed["error"]["reason"] == "refund.failed");
    CHECK(failed["error"]["details"]["failed"] == id);
    const auto human = store.run({"--as", "finance", "refund", "send", id});
    CHECK(human.exit_status == 6);
    CHECK_THAT(human.out, Catch::StartsWith("ID"));
    CHECK_THAT(human.err, Catch::Contains("refund.failed"));

    gateway.set_fallback(
        HttpResponse::json(200, R"({"refund_id":"wx-refund-1","status":"succeeded"})"));
    const auto sent = store.json({"--as", "finance", "refund", "send"});
    REQUIRE(sent["refunds"].size() == 1);
    CHECK(sent["refunds"][0]["state"] == "completed");
    CHECK(sent["refunds"][0]["gateway_refund_id"] == "wx-refund-1");
    const auto requests = gateway.requests();
    REQUIRE(!requests.empty());
    CHECK(requests.back().target == "/wechat/refunds");
    CHECK(requests.back().header("Idempotency-Key") == key);
    CHECK(store.json({"--as", "finance", "refund", "send"})["refunds"].empty());
  }
  SECTION("a gateway that answers at once completes the refund with the request") {
    REQUIRE(store.notify(order, 30000, "wx-tx-0003").exit_status == 0);
    gateway.enqueue(HttpResponse::json(200, R"({"refund_id":"wx-refund-9","status":"pending"})"));
    const auto requested = store.run({"--as", kAsUnit, "refund", order, "--reason", "展会取消"});
    INFO(requested.out << requested.err);
    REQUIRE(requested.exit_status == 0);
    CHECK_THAT(requested.out, Catch::StartsWith("requested refund "));
    CHECK_THAT(requested.out, Catch::Contains("completed"));
    CHECK_THAT(requested.out, Catch::Contains("300.00 yuan (2 persons)"));
    CHECK_THAT(requested.out, Catch::Contains("wx-refund-9"));
    CHECK_THAT(requested.out, Catch::Contains("the order had no invoice"));
    CHECK(requested.err.empty());
    CHECK(store.json({"order", "show", order})["order"]["state"] == "refunded");
    CHECK(store.run({"--as", "finance", "refund", "send"}).out == "no refunds await the gateway\n");
  }
  SECTION("refund.amount: no more than was paid, after finance forced a short payment") {
    const auto flagged = store.notify(order, 20000, "wx-tx-0002");
    REQUIRE(flagged.exit_status == 0);
    const auto queue = store.json({"--as", "finance", "pay", "review"});
    REQUIRE(queue["payments"].size() == 1);
    store.json({"--as", "finance", "pay", "review", "--payment",
                std::to_string(queue["payments"][0]["id"].get<std::int64_t>()), "--confirm",
                "--force", "--reason", "差额线下补缴"});
    CHECK(store.refusal({"--as", kAsUnit, "refund", order, "--reason", "全部退款"}, 1) ==
          "refund.amount");
  }
}
