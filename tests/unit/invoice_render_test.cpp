// The invoice for people and programs: the HTML page of a 数电发票 and the JSON of
// `ciie invoice show --json`.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "ciie/invoice.hpp"
#include "ciie/rules.hpp"
#include "invoice/invoice_document.hpp"
#include "invoice/invoice_items.hpp"

using namespace ciie;
using nlohmann::json;

namespace {

const char* const kHostile = "<script>&\"'";

// A blue normal invoice for two full badges and one weekend badge, as the registry issues it.
Invoice blue_invoice() {
  Invoice inv;
  inv.id = 3;
  inv.number = "24310000000000000123";
  inv.order = "V20241005093000123456789";
  inv.unit = "acme";
  inv.edition = 7;
  inv.issued_at = *Instant::parse("2024-11-05T09:30:00+08:00");
  inv.issued_on = Date{2024, 11, 5};
  inv.seller = {"中国国际进口博览局", "12100000MB0123456X", "上海市青浦区崧泽大道333号",
                "021-12345678", "中国银行上海青浦支行", "4500001234"};
  inv.buyer = {"上海某某贸易有限公司", "91310000MA1K0000XQ", "上海市浦东新区世纪大道1号",
               "021-87654321", "工商银行上海分行", "1001234500"};
  std::vector<OrderLine> lines(3);
  lines[0] = {1, "张三", "full", false, Money::from_fen(20000)};
  lines[1] = {2, "李四", "full", false, Money::from_fen(20000)};
  lines[2] = {3, "王五", "weekend", false, Money::from_fen(10000)};
  inv.items = invoice::build_items(lines, InvoiceRules{}, false);
  invoice::fill_totals(inv);
  inv.remark = "第七届进博会";
  inv.issued_by = "finance";
  inv.platform = "local";
  return inv;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("invoice_html prints the 数电 layout of a blue normal invoice", "[invoice][render]") {
  const Invoice inv = blue_invoice();
  const std::string html = invoice_html(inv);
  INFO(html);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "<h1>电子发票（普通发票）</h1>"));
  CHECK_FALSE(contains(html, "增值税专用发票"));
  CHECK_FALSE(contains(html, "红字"));
  CHECK(contains(html, "发票号码"));
  CHECK(contains(html, "24310000000000000123"));
  CHECK(contains(html, "开票日期"));
  CHECK(contains(html, "2024年11月05日"));
  CHECK(contains(html, "购<br>买<br>方<br>信<br>息"));
  CHECK(contains(html, "销<br>售<br>方<br>信<br>息"));
  CHECK(contains(html, "上海某某贸易有限公司"));
  CHECK(contains(html, "91310000MA1K0000XQ"));
  CHECK(contains(html, "12100000MB0123456X"));
  CHECK(contains(html, "统一社会信用代码/纳税人识别号"));
  for (const char* header : {"项目名称", "规格型号", "单位", "数量", "单价", "金额",
                             "税率/征收率", "税额", "合计", "价税合计（大写）", "（小写）",
                             "备", "开票人"}) {
    CHECK(contains(html, header));
  }
  CHECK(contains(html, "*会展服务*进博会专业观众证件费"));
  CHECK(contains(html, ">张<"));
  CHECK(contains(html, ">2<"));       // the quantity of the full badges
  CHECK(contains(html, ">200.00<"));  // unit price, two decimals
  CHECK(contains(html, ">377.36<"));  // the full line's 金额
  CHECK(contains(html, ">22.64<"));   // … and 税额
  CHECK(contains(html, ">6%<"));
  CHECK(contains(html, "¥471.70"));  // 合计金额
  CHECK(contains(html, "¥28.30"));   // 合计税额
  CHECK(contains(html, "¥500.00"));  // 价税合计（小写）
  CHECK(contains(html, "伍佰圆整"));
  CHECK(contains(html, "第七届进博会"));
  CHECK(contains(html, "finance"));
  // A normal invoice keeps the buyer's bank out of 备注.
  CHECK_FALSE(contains(html, "工商银行上海分行"));
  // Self-contained: no scripts, no external resources.
  for (const char* external : {"<script", "<link", "src=", "http://", "https://", "url("}) {
    CHECK_FALSE(contains(html, external));
  }
}

TEST_CASE("invoice_html escapes every text", "[invoice][render]") {
  Invoice inv = blue_invoice();
  inv.number = kHostile;
  inv.buyer.name = std::string("A") + kHostile;
  inv.buyer.taxpayer_id = kHostile;
  inv.seller.name = kHostile;
  inv.items[0].name = kHostile;
  inv.items[0].unit_of_measure = kHostile;
  inv.remark = kHostile;
  inv.issued_by = kHostile;
  inv.gross_in_words = kHostile;
  const std::string html = invoice_html(inv);
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "&\""));
  CHECK_FALSE(contains(html, "'"));
  CHECK(contains(html, "A&lt;script&gt;&amp;&quot;&#39;"));
  // Every place took the escaped text: the hostile text is printed as often as it was set
  // (the number twice: in the title and on the page).
  std::size_t count = 0;
  const std::string escaped = "&lt;script&gt;&amp;&quot;&#39;";
  for (std::size_t at = html.find(escaped); at != std::string::npos;
       at = html.find(escaped, at + 1)) {
    ++count;
  }
  CHECK(count == 10);
}

TEST_CASE("invoice_html marks a red invoice and names the blue one", "[invoice][render]") {
  Invoice red = blue_invoice();
  red.number = "24310000000000000124";
  red.kind = InvoiceKind::kRed;
  std::vector<OrderLine> lines(1);
  lines[0] = {1, "张三", "full", false, Money::from_fen(20000)};
  red.items = invoice::build_items(lines, InvoiceRules{}, true);
  invoice::fill_totals(red);
  red.refers_to = "24310000000000000123";
  red.red_reason = "error";
  red.red_form = 0;
  const std::string html = invoice_html(red);
  INFO(html);
  CHECK(contains(html, "<h1>电子发票（普通发票）</h1>"));
  CHECK(contains(html, "红字"));
  CHECK(contains(html, "被红冲蓝字数电发票号码：24310000000000000123"));
  CHECK(contains(html, "开票有误"));
  CHECK(contains(html, "负贰佰圆整"));
  CHECK(contains(html, "¥-200.00"));
  CHECK(contains(html, ">-1<"));
  CHECK(contains(html, ">-188.68<"));
  CHECK(contains(html, ">-11.32<"));
  CHECK_FALSE(contains(html, "确认单"));

  red.red_reason = "discount";
  red.red_form = 17;
  const std::string via_form = invoice_html(red);
  CHECK(contains(via_form, "销售折让"));
  CHECK(contains(via_form, "红字发票信息确认单编号：17"));
}

TEST_CASE("invoice_html puts a special invoice's bank details in 备注", "[invoice][render]") {
  Invoice special = blue_invoice();
  special.type = InvoiceType::kSpecial;
  const std::string html = invoice_html(special);
  INFO(html);
  CHECK(contains(html, "<h1>电子发票（增值税专用发票）</h1>"));
  CHECK(contains(html, "购买方地址：上海市浦东新区世纪大道1号　电话：021-87654321"));
  CHECK(contains(html, "购买方开户银行：工商银行上海分行　银行账号：1001234500"));
  CHECK(contains(html, "销售方开户银行：中国银行上海青浦支行　银行账号：4500001234"));
  CHECK(contains(html, "第七届进博会"));
}

TEST_CASE("invoice_json is the document, human amounts and the status", "[invoice][render]") {
  Invoice inv = blue_invoice();
  inv.buyer_status = BuyerStatus::kBooked;
  inv.reversed = Money::from_fen(5000);
  inv.red_invoices = {"24310000000000000124"};
  inv.remark = kHostile;
  const std::string text = invoice_json(inv);
  const json doc = json::parse(text);
  CHECK(doc.at("number") == "24310000000000000123");
  CHECK(doc.at("gross_total") == "500.00");
  CHECK(doc.at("gross_total_fen") == 50000);
  CHECK(doc.at("amount_total") == "471.70");
  CHECK(doc.at("tax_total") == "28.30");
  CHECK(doc.at("gross_in_words") == "伍佰圆整");
  CHECK(doc.at("issued_on") == "2024-11-05");
  CHECK(doc.at("items").at(0).at("unit_price") == "200.00");
  CHECK(doc.at("items").at(0).at("amount") == "377.36");
  CHECK(doc.at("items").at(0).at("tax") == "22.64");
  CHECK(doc.at("items").at(0).at("gross") == "400.00");
  CHECK(doc.at("items").at(0).at("tax_rate") == "6%");
  CHECK(doc.at("items").at(0).at("tax_rate_bp") == 600);
  CHECK(doc.at("buyer_status") == "booked");
  CHECK(doc.at("reversed") == "50.00");
  CHECK(doc.at("reversed_fen") == 5000);
  CHECK(doc.at("red_invoices") == json::array({"24310000000000000124"}));
  CHECK(doc.at("remark") == kHostile);

  // The document inside it reads back as the invoice.
  const Result<Invoice> read = invoice::document_from_json(text);
  REQUIRE(read.is_ok());
  CHECK(read->number == inv.number);
  CHECK(read->items == inv.items);
  CHECK(read->buyer == inv.buyer);
  CHECK(read->seller == inv.seller);
  CHECK(read->gross_total == inv.gross_total);
  CHECK(read->issued_at == inv.issued_at);
  CHECK(read->remark == inv.remark);
  CHECK(invoice::document_to_json(*read) == invoice::document_to_json(inv));
}

TEST_CASE("invoice_json prints rates with their decimals", "[invoice][render]") {
  Invoice inv = blue_invoice();
  const int rates[] = {0, 50, 150, 1300, 125};
  const char* const texts[] = {"0%", "0.5%", "1.5%", "13%", "1.25%"};
  for (std::size_t i = 0; i < 5; ++i) {
    inv.items[0].tax_rate_bp = rates[i];
    CHECK(json::parse(invoice_json(inv)).at("items").at(0).at("tax_rate") == texts[i]);
  }
}
