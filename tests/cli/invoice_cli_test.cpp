// `ciie invoice` as a process, on a store whose order was paid by bank transfer (a proof finance
// confirmed): the title is then the paying unit's (invoice.title_locked), a special invoice is
// not for an individual; the invoice is issued once, shown as text, JSON and HTML (an existing
// file kept unless --force), listed as CSV with no formula injection, reversed at once before
// the buyer booked it, and through a confirmation form after.
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "invoice_render.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kUnit = "91310104MA1FL5XX0C";
constexpr const char* kUnitName = "上海徐汇示例科技有限公司";

struct Store {
  ciie::test::TempDir dir;
  std::map<std::string, std::string> env{{"CIIE_NOW", kNow}};

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
  // The reason key of a refusal, checked against its exit status.
  std::string refusal(const std::vector<std::string>& args, int exit_status) const {
    return json(args, exit_status)["error"]["reason"].get<std::string>();
  }
  // init, an enterprise (approved on submission) with two persons (full 200.00, weekend
  // 100.00), submitted and ordered; the order is paid by a transfer finance confirmed. Returns
  // the order number.
  std::string paid_order() const {
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
    const std::string order =
        json({"order", "create", "--unit", kUnit})["order"]["number"].get<std::string>();
    const std::string proof =
        (std::filesystem::path(CIIE_SOURCE_DIR) / "tests/cli/data/photos/zhang.png").string();
    json({"--as", "unit:" + std::string(kUnit), "pay", "proof", order, "--payer-name", kUnitName,
          "--payer-account", "31001234567890001", "--amount", "300.00", "--date", "2024-06-03",
          "--file", proof});
    const auto queue = json({"--as", "finance", "pay", "review"});
    REQUIRE(queue["payments"].size() == 1);
    const std::string payment = std::to_string(queue["payments"][0]["id"].get<std::int64_t>());
    json({"--as", "finance", "pay", "review", "--payment", payment, "--confirm"});
    REQUIRE(json({"order", "show", order})["order"]["state"] == "paid");
    return order;
  }
};

const std::string kAsUnit = std::string("unit:") + kUnit;

}  // namespace

TEST_CASE("invoice request after a transfer: the title is locked, special needs a unit",
          "[cli][invoice]") {
  Store store;
  const std::string order = store.paid_order();

  CHECK(store.refusal(
            {"--as", kAsUnit, "invoice", "request", order, "--type", "normal", "--title-kind",
             "unit", "--title", "另一家有限公司", "--delivery-email", "fin@example.com"},
            1) == "invoice.title_locked");
  CHECK(store.refusal(
            {"--as",           kAsUnit,     "invoice",      "request",    order,
             "--type",         "special",   "--title-kind", "individual", "--title",
             "高翔",           "--address", "上海",         "--phone",    "021-12345678",
             "--bank",         "某银行",    "--account",    "123",        "--delivery-email",
             "fin@example.com"},
            1) == "invoice.special_individual");
  // Unknown spellings are usage errors, before the store is looked at.
  CHECK(store.refusal({"invoice", "request", order, "--type", "vat", "--title-kind", "unit"}, 2) ==
        "usage");
  CHECK(store.refusal({"invoice", "request", order, "--type", "normal", "--title-kind", "org"},
                      2) == "usage");
  CHECK(store.run({"invoice", "request", order, "--title-kind", "unit"}).exit_status == 2);
  CHECK(store.refusal({"invoice", "issue", order}, 1) == "invoice.not_requested");
  CHECK(store.refusal({"invoice", "show-request", order}, 1) == "invoice.not_requested");

  const auto recorded =
      store.json({"--as", kAsUnit, "invoice", "request", order, "--type", "normal", "--title-kind",
                  "unit", "--delivery-email", "fin@example.com", "--delivery-phone", "13812345678",
                  "--remark", "进博会"});
  CHECK(recorded["ok"] == true);
  CHECK(recorded["request"]["title"] == kUnitName);
  CHECK(recorded["request"]["title_locked"] == true);
  CHECK(recorded["request"]["delivery_phone"] == "138****5678");
  CHECK(recorded["request"]["order"] == order);
  CHECK(!recorded.contains("invoice"));

  const auto human = store.run({"--as", kAsUnit, "invoice", "request", order, "--type", "normal",
                                "--title-kind", "unit", "--delivery-email", "fin@example.com"});
  INFO(human.err);
  REQUIRE(human.exit_status == 0);
  CHECK_THAT(human.out, Catch::StartsWith("recorded invoice request for order " + order));
  CHECK_THAT(human.out, Catch::Contains("locked: the paying unit's"));
  CHECK_THAT(human.out, Catch::Contains("issue it: ciie invoice issue " + order));
  // The standing request, as it will be printed (the default title kind is unit).
  const auto standing = store.json({"--as", kAsUnit, "invoice", "show-request", order});
  CHECK(standing["request"]["title"] == kUnitName);
  CHECK(standing["request"]["title_kind"] == "unit");
  CHECK(standing["request"]["title_locked"] == true);
}

TEST_CASE("invoice issue, show as text, JSON and HTML, list as CSV", "[cli][invoice]") {
  Store store;
  const std::string order = store.paid_order();
  const auto issued =
      store.json({"--as", kAsUnit, "invoice", "request", order, "--type", "normal", "--title-kind",
                  "unit", "--delivery-email", "fin@example.com", "--issue"});
  const auto invoice = issued["invoice"];
  const std::string number = invoice["number"].get<std::string>();
  CHECK(std::regex_match(number, std::regex("[0-9]{20}")));
  CHECK(invoice["gross_total"] == "300.00");
  CHECK(issued["request"]["title"] == kUnitName);
  CHECK(store.refusal({"--as", kAsUnit, "invoice", "issue", order}, 4) == "invoice.exists");

  SECTION("show: the text summary, and the document as JSON") {
    const auto shown = store.run({"--as", kAsUnit, "invoice", "show", number});
    INFO(shown.err);
    REQUIRE(shown.exit_status == 0);
    CHECK_THAT(shown.out, Catch::StartsWith("invoice " + number + "  blue  normal"));
    CHECK_THAT(shown.out, Catch::Contains("order:         " + order));
    CHECK_THAT(shown.out, Catch::Contains(kUnitName));
    CHECK_THAT(shown.out, Catch::Contains("300.00 yuan (叁佰圆整)"));
    CHECK_THAT(shown.out, Catch::Contains("ITEM"));
    CHECK_THAT(shown.out, Catch::Contains("buyer unconfirmed"));
    const auto json = store.json({"invoice", "show", number});
    CHECK(json["ok"] == true);
    CHECK(json["invoice"]["number"] == number);
    CHECK(json["invoice"]["gross_total_fen"] == 30000);
    // The global --json also after the subcommand.
    const auto after = store.run({"invoice", "show", number, "--json"});
    CHECK(after.exit_status == 0);
    CHECK(nlohmann::json::parse(after.out)["invoice"]["number"] == number);
    CHECK(store.refusal({"invoice", "show", "24310000000000099999"}, 3) == "invoice.unknown");
  }
  SECTION("show --html: a file kept unless --force, '-' for stdout") {
    const std::string page = store.dir.file("invoice.html");
    const auto written = store.run({"invoice", "show", number, "--html", page});
    INFO(written.err);
    REQUIRE(written.exit_status == 0);
    CHECK_THAT(written.out, Catch::Contains("HTML written to " + page));
    const std::string html = ciie::test::read_file(page);
    CHECK_THAT(html, Catch::Contains("<html"));
    CHECK_THAT(html, Catch::Contains(number));

    store.dir.write("invoice.html", "keep me");
    const auto kept = store.json({"invoice", "show", number, "--html", page}, 4);
    CHECK(kept["error"]["reason"] == "output.exists");
    CHECK(ciie::test::read_file(page) == "keep me");
    const auto forced = store.json({"invoice", "show", number, "--html", page, "--force"});
    CHECK(forced["html"] == page);
    CHECK(ciie::test::read_file(page) == html);

    const auto out = store.run({"invoice", "show", number, "--html", "-"});
    CHECK(out.exit_status == 0);
    CHECK(out.out == html);
    CHECK(store.refusal({"invoice", "show", number, "--html", "-"}, 2) == "usage");
    CHECK(store.refusal({"invoice", "show", number, "--html", store.dir.file("no/x.html")}, 2) ==
          "usage");
    CHECK(store.refusal({"invoice", "show", number, "--force"}, 2) == "usage");
  }
  SECTION("list: a table, JSON, and CSV with a header row") {
    const auto table = store.run({"--as", "finance", "invoice", "list"});
    REQUIRE(table.exit_status == 0);
    CHECK_THAT(table.out, Catch::StartsWith("NUMBER"));
    CHECK_THAT(table.out, Catch::Contains(number));
    const auto listed = store.json({"--as", "finance", "invoice", "list", "--order", order});
    REQUIRE(listed["invoices"].size() == 1);
    CHECK(listed["invoices"][0]["number"] == number);
    CHECK(store.json({"invoice", "list", "--kind", "red"})["invoices"].empty());
    CHECK(store.json({"invoice", "list", "--from", "2024-06-04"})["invoices"].empty());
    CHECK(store.json({"invoice", "list", "--to", "2024-06-03"})["invoices"].size() == 1);
    CHECK(store.refusal({"invoice", "list", "--kind", "green"}, 2) == "usage");
    CHECK(store.refusal({"invoice", "list", "--from", "2024-13-01"}, 2) == "time.format");
    CHECK(store.refusal({"invoice", "list", "--csv"}, 2) == "usage");  // --json and --csv

    const auto csv = store.run({"--as", "finance", "invoice", "list", "--csv"});
    REQUIRE(csv.exit_status == 0);
    CHECK_THAT(csv.out,
               Catch::StartsWith("number,kind,type,order,unit,issued_on,buyer,taxpayer_id,amount,"
                                 "tax,gross,refers_to,buyer_status,reversed\r\n"));
    CHECK_THAT(csv.out, Catch::Contains(number + ",blue,normal," + order + "," + kUnit +
                                        ",2024-06-03," + kUnitName));
    CHECK_THAT(csv.out, Catch::Contains(",300.00,,unconfirmed,0.00\r\n"));
  }
  SECTION("reverse before the buyer booked it: a red invoice at once, negative in CSV") {
    CHECK(store.refusal({"--as", kAsUnit, "invoice", "reverse", number, "--reason", "error"}, 1) ==
          "auth.forbidden");
    CHECK(store.refusal({"--as", "finance", "invoice", "reverse", number, "--reason", "oops"}, 2) ==
          "usage");
    CHECK(store.run({"--as", "finance", "invoice", "reverse", number}).exit_status == 2);
    const auto reversed = store.run({"--as", "finance", "invoice", "reverse", number, "--reason",
                                     "error", "--note", "抬头有误"});
    INFO(reversed.err);
    REQUIRE(reversed.exit_status == 0);
    CHECK_THAT(reversed.out, Catch::StartsWith("issued red invoice "));
    CHECK_THAT(reversed.out, Catch::Contains("(-300.00 yuan) reversing " + number));
    const auto reds = store.json({"--as", "finance", "invoice", "list", "--kind", "red"});
    REQUIRE(reds["invoices"].size() == 1);
    const std::string red = reds["invoices"][0]["number"].get<std::string>();
    CHECK(reds["invoices"][0]["refers_to"] == number);
    const auto red_text = store.run({"invoice", "show", red});
    CHECK_THAT(red_text.out, Catch::Contains("refers to:     " + number + ", error (开票有误)"));
    const auto blue = store.json({"invoice", "show", number});
    CHECK(blue["invoice"]["red_invoices"] == nlohmann::json::array({red}));
    // Amounts stay numbers: a red invoice's -300.00 gets no apostrophe.
    const auto csv = store.run({"--as", "finance", "invoice", "list", "--csv"});
    CHECK_THAT(csv.out, Catch::Contains(",-300.00,"));
    CHECK_THAT(csv.out, !Catch::Contains("'-300.00"));
    CHECK(store.refusal({"--as", "finance", "invoice", "reverse", number, "--reason", "error"},
                        1) == "invoice.reversed");
    CHECK(store.refusal({"--as", "finance", "invoice", "reverse", red, "--reason", "error"}, 1) ==
          "invoice.not_blue");
  }
  SECTION("booked by the buyer: a partial reversal raises a form the buyer confirms") {
    CHECK(store.refusal({"--as", kAsUnit, "invoice", "booked", number}, 1) == "auth.forbidden");
    const auto booked = store.run({"--as", "finance", "invoice", "booked", number});
    INFO(booked.err);
    REQUIRE(booked.exit_status == 0);
    CHECK_THAT(booked.out, Catch::StartsWith("invoice " + number + ": buyer booked"));
    const auto reversal = store.json({"--as", "finance", "invoice", "reverse", number, "--reason",
                                      "service_stopped", "--persons", "2", "--note", "罗敏未到场"});
    CHECK(reversal["red_invoice"].is_null());
    REQUIRE(reversal["form"].is_object());
    CHECK(reversal["form"]["state"] == "pending");
    CHECK(reversal["form"]["amount"] == "100.00");
    CHECK(reversal["form"]["persons"] == nlohmann::json::array({2}));
    CHECK(reversal["form"]["expires_at"] == "2024-06-06T10:00:00+08:00");
    const std::string form = std::to_string(reversal["form"]["id"].get<std::int64_t>());
    CHECK(store.refusal(
              {"--as", "finance", "invoice", "reverse", number, "--reason", "service_stopped"},
              4) == "redform.pending");

    const auto pending =
        store.run({"--as", "finance", "invoice", "redforms", "--state", "pending"});
    REQUIRE(pending.exit_status == 0);
    CHECK_THAT(pending.out, Catch::StartsWith("ID"));
    CHECK_THAT(pending.out, Catch::Contains(number));
    CHECK(store.refusal({"invoice", "redforms", "--state", "open"}, 2) == "usage");
    CHECK(store.refusal(
              {"invoice", "confirm-redform", form, "--refuse", "--withdraw", "--note", "x"}, 2) ==
          "usage");
    CHECK(store.refusal({"--as", kAsUnit, "invoice", "confirm-redform", form, "--refuse"}, 2) ==
          "redform.note_required");
    CHECK(store.refusal({"invoice", "confirm-redform", "999"}, 3) == "redform.unknown");

    const auto confirmed = store.run({"--as", kAsUnit, "invoice", "confirm-redform", form});
    INFO(confirmed.err);
    REQUIRE(confirmed.exit_status == 0);
    CHECK_THAT(confirmed.out, Catch::StartsWith("confirmed red-letter confirmation form " + form));
    CHECK_THAT(confirmed.out, Catch::Contains("(-100.00 yuan) reversing " + number));
    const auto forms = store.json({"--as", "finance", "invoice", "redforms", "--invoice", number});
    REQUIRE(forms["forms"].size() == 1);
    CHECK(forms["forms"][0]["state"] == "confirmed");
    CHECK(store.refusal({"--as", kAsUnit, "invoice", "confirm-redform", form}, 4) ==
          "redform.not_pending");
    const auto blue = store.json({"invoice", "show", number});
    CHECK(blue["invoice"]["reversed"] == "100.00");
  }
  SECTION("a form not confirmed within 72 hours is void: redform.expired") {
    store.json({"--as", "finance", "invoice", "booked", number});
    const auto reversal =
        store.json({"--as", "finance", "invoice", "reverse", number, "--reason", "returned"});
    const std::string form = std::to_string(reversal["form"]["id"].get<std::int64_t>());
    const std::string late = "2024-06-06T10:00:01+08:00";
    CHECK(store.refusal({"--now", late, "--as", kAsUnit, "invoice", "confirm-redform", form}, 1) ==
          "redform.expired");
    const auto expired =
        store.json({"--now", late, "--as", "finance", "invoice", "redforms", "--state", "expired"});
    REQUIRE(expired["forms"].size() == 1);
    CHECK(expired["forms"][0]["id"] == reversal["form"]["id"]);
    CHECK(store.json({"--now", late, "invoice", "show", number})["invoice"]["reversed"] == "0.00");
  }
  SECTION("a pending form refused by the buyer, or withdrawn by finance, leaves the invoice") {
    store.json({"--as", "finance", "invoice", "booked", number});
    const auto reversal =
        store.json({"--as", "finance", "invoice", "reverse", number, "--reason", "returned"});
    const std::string form = std::to_string(reversal["form"]["id"].get<std::int64_t>());
    const auto refused = store.run(
        {"--as", kAsUnit, "invoice", "confirm-redform", form, "--refuse", "--note", "已入账"});
    INFO(refused.err);
    REQUIRE(refused.exit_status == 0);
    CHECK_THAT(refused.out, Catch::StartsWith("refused red-letter confirmation form " + form));
    const auto again =
        store.json({"--as", "finance", "invoice", "reverse", number, "--reason", "returned"});
    const std::string second = std::to_string(again["form"]["id"].get<std::int64_t>());
    CHECK(store.refusal(
              {"--as", kAsUnit, "invoice", "confirm-redform", second, "--withdraw", "--note", "x"},
              1) == "auth.forbidden");
    const auto withdrawn = store.json({"--as", "finance", "invoice", "confirm-redform", second,
                                       "--withdraw", "--note", "重复申请"});
    CHECK(withdrawn["form"]["state"] == "withdrawn");
    CHECK(withdrawn["red_invoice"].is_null());
    CHECK(store.json({"invoice", "show", number})["invoice"]["reversed"] == "0.00");
  }
}

TEST_CASE("invoice CSV: text fields neutralised against formula injection, amounts as numbers",
          "[cli][invoice]") {
  ciie::Invoice red;
  red.number = "24310000000000000002";
  red.kind = ciie::InvoiceKind::kRed;
  red.order = "V20240603100000123456789";
  red.unit = kUnit;
  red.issued_on = ciie::Date{2024, 6, 3};
  red.buyer.name = "=HYPERLINK(\"http://x\",\"a, b\")";
  red.buyer.taxpayer_id = "+91310104MA1FL5XX0C";
  red.amount_total = ciie::Money::from_fen(-18868);
  red.tax_total = ciie::Money::from_fen(-1132);
  red.gross_total = ciie::Money::from_fen(-20000);
  red.refers_to = "@24310000000000000001";
  const std::string csv = ciie::cli::invoice_csv({red});
  CHECK(csv ==
        "number,kind,type,order,unit,issued_on,buyer,taxpayer_id,amount,tax,gross,refers_to,"
        "buyer_status,reversed\r\n"
        "24310000000000000002,red,normal,V20240603100000123456789,91310104MA1FL5XX0C,2024-06-03,"
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",'+91310104MA1FL5XX0C,-188.68,-11.32,"
        "-200.00,'@24310000000000000001,,0.00\r\n");
  CHECK(ciie::cli::csv_text_field("-1+1") == "'-1+1");
  CHECK(ciie::cli::csv_text_field("\tx") == "'\tx");
  CHECK(ciie::cli::csv_text_field("\rx") == "\"'\rx\"");
  CHECK(ciie::cli::csv_text_field("a\nb") == "\"a\nb\"");
  CHECK(ciie::cli::csv_text_field("上海") == "上海");
  CHECK(ciie::cli::tax_rate_text(600) == "6%");
  CHECK(ciie::cli::tax_rate_text(150) == "1.5%");
  CHECK(ciie::cli::tax_rate_text(1300) == "13%");
  CHECK(ciie::cli::tax_rate_text(5) == "0.05%");
}
