// The stored invoice document: every document field to JSON and back, exactly; anything that is
// not what document_to_json writes is a damaged store (store.io).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/invoice.hpp"
#include "invoice/invoice_document.hpp"

using namespace ciie;
using ciie::invoice::document_from_json;
using ciie::invoice::document_to_json;
using nlohmann::json;

namespace {

// A red special invoice with every document field set to something other than its default.
Invoice full_invoice() {
  Invoice inv;
  inv.id = 99;  // not part of the document
  inv.number = "24310000000000000042";
  inv.kind = InvoiceKind::kRed;
  inv.type = InvoiceType::kSpecial;
  inv.title_kind = TitleKind::kIndividual;
  inv.order = "V20241005093000123456789";
  inv.unit = "acme-trading";
  inv.edition = 7;
  inv.issued_at = Instant::from_unix_micros(1'728'091'800'123'456);  // microseconds kept
  inv.issued_on = Date{2024, 10, 5};
  inv.seller = {"中国国际进口博览局", "12100000MB0123456X", "上海市青浦区崧泽大道333号",
                "021-12345678", "中国银行上海分行", "4500 0000 1234"};
  inv.buyer = {"上海\"某某\"贸易有限公司 <&>", "91310000MA1K0000XQ", "上海市浦东新区",
               "13800000000", "工商银行", "1001 2345"};
  InvoiceItem item;
  item.name = "*会展服务*进博会专业观众证件费";
  item.badge_type = "full";
  item.unit_of_measure = "张";
  item.quantity = -2;
  item.unit_price = Money::from_fen(20000);
  item.gross = Money::from_fen(-40000);
  item.amount = Money::from_fen(-37736);
  item.tax_rate_bp = 600;
  item.tax = Money::from_fen(-2264);
  item.persons = {11, 12};
  InvoiceItem second = item;
  second.badge_type = "weekend";
  second.quantity = -1;
  second.unit_price = Money::from_fen(10000);
  second.gross = Money::from_fen(-10000);
  second.amount = Money::from_fen(-9434);
  second.tax = Money::from_fen(-566);
  second.persons = {13};
  inv.items = {item, second};
  inv.amount_total = Money::from_fen(-47170);
  inv.tax_total = Money::from_fen(-2830);
  inv.gross_total = Money::from_fen(-50000);
  inv.gross_in_words = "负伍佰圆整";
  inv.refers_to = "24310000000000000007";
  inv.red_reason = "returned";
  inv.red_form = 5;
  inv.delivery_phone = "13900000000";
  inv.delivery_email = "finance@example.com";
  inv.remark = "第七届进博会\n第二行 'quoted'";
  inv.issued_by = "finance";
  inv.platform = "local";
  // Status: not part of the document.
  inv.buyer_status = BuyerStatus::kBooked;
  inv.reversed = Money::from_fen(100);
  inv.red_invoices = {"24310000000000000043"};
  return inv;
}

void check_same_document(const Invoice& read, const Invoice& written) {
  CHECK(read.number == written.number);
  CHECK(read.kind == written.kind);
  CHECK(read.type == written.type);
  CHECK(read.title_kind == written.title_kind);
  CHECK(read.order == written.order);
  CHECK(read.unit == written.unit);
  CHECK(read.edition == written.edition);
  CHECK(read.issued_at == written.issued_at);
  CHECK(read.issued_on == written.issued_on);
  CHECK(read.seller == written.seller);
  CHECK(read.buyer == written.buyer);
  CHECK(read.items == written.items);
  CHECK(read.amount_total == written.amount_total);
  CHECK(read.tax_total == written.tax_total);
  CHECK(read.gross_total == written.gross_total);
  CHECK(read.gross_in_words == written.gross_in_words);
  CHECK(read.refers_to == written.refers_to);
  CHECK(read.red_reason == written.red_reason);
  CHECK(read.red_form == written.red_form);
  CHECK(read.delivery_phone == written.delivery_phone);
  CHECK(read.delivery_email == written.delivery_email);
  CHECK(read.remark == written.remark);
  CHECK(read.issued_by == written.issued_by);
  CHECK(read.platform == written.platform);
}

void check_damaged(const std::string& text) {
  INFO(text);
  const Result<Invoice> read = document_from_json(text);
  REQUIRE_FALSE(read.is_ok());
  CHECK(read.status().code() == Code::kStorage);
  CHECK(read.status().reason() == "store.io");
}

}  // namespace

TEST_CASE("an invoice document round-trips exactly", "[invoice][document]") {
  const Invoice written = full_invoice();
  const Result<Invoice> read = document_from_json(document_to_json(written).dump());
  REQUIRE(read.is_ok());
  check_same_document(*read, written);
  // The status is not in the document: it reads back as the defaults.
  CHECK(read->id == 0);
  CHECK(read->buyer_status == BuyerStatus::kUnconfirmed);
  CHECK(read->reversed.is_zero());
  CHECK(read->red_invoices.empty());

  // A default invoice too (blue, normal, unit, no items), and the extremes of int64.
  Invoice plain;
  plain.gross_total = Money::from_fen(std::numeric_limits<std::int64_t>::min());
  plain.amount_total = Money::from_fen(std::numeric_limits<std::int64_t>::max());
  const Result<Invoice> plain_read = document_from_json(document_to_json(plain).dump());
  REQUIRE(plain_read.is_ok());
  check_same_document(*plain_read, plain);
}

TEST_CASE("the document holds amounts as integer fen and times as text", "[invoice][document]") {
  const json doc = document_to_json(full_invoice());
  CHECK(doc.at("version") == 1);
  CHECK(doc.at("kind") == "red");
  CHECK(doc.at("type") == "special");
  CHECK(doc.at("title_kind") == "individual");
  CHECK(doc.at("issued_at") == "2024-10-05T01:30:00.123456Z");
  CHECK(doc.at("issued_on") == "2024-10-05");
  CHECK(doc.at("gross_total_fen") == -50000);
  CHECK(doc.at("items").at(0).at("tax_fen") == -2264);
  CHECK(doc.at("items").at(0).at("unit_price_fen") == 20000);
  CHECK(doc.at("items").at(0).at("persons") == json::array({11, 12}));
  CHECK(doc.at("seller").at("taxpayer_id") == "12100000MB0123456X");
  CHECK_FALSE(doc.contains("id"));
  CHECK_FALSE(doc.contains("buyer_status"));
  CHECK_FALSE(doc.contains("reversed"));
  CHECK_FALSE(doc.contains("red_invoices"));
}

TEST_CASE("members the reader does not know are ignored", "[invoice][document]") {
  json doc = document_to_json(full_invoice());
  doc["a_later_field"] = {{"x", 1}};
  doc["items"][0]["also_later"] = "y";
  const Result<Invoice> read = document_from_json(doc.dump());
  REQUIRE(read.is_ok());
  check_same_document(*read, full_invoice());
}

TEST_CASE("a damaged document is store.io", "[invoice][document]") {
  check_damaged("");
  check_damaged("not json");
  check_damaged("{\"number\": ");
  check_damaged("[]");
  check_damaged("null");
  check_damaged("42");

  const json good = document_to_json(full_invoice());
  SECTION("every member is required") {
    for (const auto& member : good.items()) {
      json doc = good;
      doc.erase(member.key());
      check_damaged(doc.dump());
    }
    for (const char* side : {"seller", "buyer"}) {
      for (const auto& member : good.at(side).items()) {
        json doc = good;
        doc[side].erase(member.key());
        check_damaged(doc.dump());
      }
    }
    for (const auto& member : good.at("items").at(0).items()) {
      json doc = good;
      doc["items"][1].erase(member.key());
      check_damaged(doc.dump());
    }
  }
  SECTION("every member must have its type") {
    for (const auto& member : good.items()) {
      json doc = good;
      // A string where a number is, a number where anything else is.
      doc[member.key()] = member.value().is_number() ? json("1") : json(1);
      check_damaged(doc.dump());
    }
  }
  SECTION("values the writer never writes") {
    auto with = [&good](const char* key, json value) {
      json doc = good;
      doc[key] = std::move(value);
      return doc.dump();
    };
    check_damaged(with("version", 2));
    check_damaged(with("kind", "green"));
    check_damaged(with("type", "Normal"));
    check_damaged(with("title_kind", ""));
    check_damaged(with("issued_at", "yesterday"));
    check_damaged(with("issued_on", "2024-13-01"));
    check_damaged(with("issued_on", "2024-02-30"));
    check_damaged(with("edition", 1.5));
    check_damaged(with("edition", 4'000'000'000));     // beyond int
    check_damaged(with("gross_total_fen", 200.5));     // fen are whole
    check_damaged(with("gross_total_fen", 9'223'372'036'854'775'808u));  // beyond int64
    check_damaged(with("items", json::object()));
    check_damaged(with("items", json::array({1})));
    check_damaged(with("seller", "中国国际进口博览局"));
    json doc = good;
    doc["items"][0]["persons"] = json::array({11, "12"});
    check_damaged(doc.dump());
    doc = good;
    doc["items"][0]["persons"] = 11;
    check_damaged(doc.dump());
    doc = good;
    doc["items"][0]["tax_rate_bp"] = 600.0;
    check_damaged(doc.dump());
  }
}

TEST_CASE("a damaged document says where", "[invoice][document]") {
  json doc = document_to_json(full_invoice());
  doc["items"][1].erase("tax_fen");
  const Result<Invoice> read = document_from_json(doc.dump());
  REQUIRE_FALSE(read.is_ok());
  CHECK(read.status().message().find("items[1].tax_fen") != std::string::npos);
}
