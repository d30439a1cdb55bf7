// The lines and totals of an invoice document: one item per (badge type, fee), split per line.
#include <catch2/catch.hpp>

#include <vector>

#include "ciie/invoice.hpp"
#include "ciie/order.hpp"
#include "ciie/rules.hpp"
#include "invoice/invoice_items.hpp"
#include "invoice/tax_split.hpp"

using namespace ciie;
using ciie::invoice::build_items;
using ciie::invoice::fill_totals;

namespace {

OrderLine line(std::int64_t person, const char* badge_type, std::int64_t fee_fen,
               bool free_badge = false) {
  OrderLine l;
  l.person_id = person;
  l.person_name = "参观者" + std::to_string(person);
  l.badge_type = badge_type;
  l.free_badge = free_badge;
  l.fee = Money::from_fen(fee_fen);
  return l;
}

InvoiceRules rules_at(int rate_bp) {
  InvoiceRules rules;
  rules.tax_rate_bp = rate_bp;
  return rules;
}

}  // namespace

TEST_CASE("a line of 2 x 200.00 splits once, as a gross of 400.00", "[invoice][items]") {
  const std::vector<InvoiceItem> items =
      build_items({line(1, "full", 20000), line(2, "full", 20000)}, rules_at(600), false);
  REQUIRE(items.size() == 1);
  const InvoiceItem& item = items[0];
  CHECK(item.quantity == 2);
  CHECK(item.unit_price == Money::from_fen(20000));
  CHECK(item.gross == Money::from_fen(40000));
  CHECK(item.tax == Money::from_fen(2264));
  CHECK(item.amount == Money::from_fen(37736));
  CHECK(item.persons == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("the split is per line, not per badge", "[invoice][items]") {
  // 800.00 at 6 %: 45.28301… per badge (45.28 each, 90.56 for two), but 90.566… for the line.
  const std::vector<InvoiceItem> items =
      build_items({line(1, "full", 80000), line(2, "full", 80000)}, rules_at(600), false);
  REQUIRE(items.size() == 1);
  const invoice::TaxSplit per_badge = invoice::split_tax_inclusive(Money::from_fen(80000), 600);
  CHECK(per_badge.tax == Money::from_fen(4528));
  CHECK(items[0].tax == Money::from_fen(9057));  // not 2 × 45.28
  CHECK(items[0].amount == Money::from_fen(150943));
}

TEST_CASE("build_items groups by badge type and fee in order of first appearance",
          "[invoice][items]") {
  InvoiceRules rules = rules_at(600);
  rules.item_name = "*会展服务*证件费";
  const std::vector<OrderLine> lines = {
      line(1, "weekend", 10000), line(2, "full", 20000), line(3, "weekend", 10000),
      line(4, "full", 0, true),  line(5, "full", 15000), line(6, "full", 20000),
      line(7, "weekend", 0),
  };
  const std::vector<InvoiceItem> items = build_items(lines, rules, false);
  REQUIRE(items.size() == 3);
  CHECK(items[0].badge_type == "weekend");
  CHECK(items[0].quantity == 2);
  CHECK(items[0].persons == std::vector<std::int64_t>{1, 3});
  CHECK(items[0].gross == Money::from_fen(20000));
  CHECK(items[1].badge_type == "full");
  CHECK(items[1].unit_price == Money::from_fen(20000));
  CHECK(items[1].persons == std::vector<std::int64_t>{2, 6});
  CHECK(items[2].badge_type == "full");
  CHECK(items[2].unit_price == Money::from_fen(15000));
  CHECK(items[2].persons == std::vector<std::int64_t>{5});
  for (const InvoiceItem& item : items) {
    INFO(item.badge_type);
    CHECK(item.name == "*会展服务*证件费");
    CHECK(item.unit_of_measure == "张");
    CHECK(item.tax_rate_bp == 600);
    CHECK(item.amount.fen() + item.tax.fen() == item.gross.fen());
    CHECK(item.gross.fen() == item.unit_price.fen() * item.quantity);
  }
}

TEST_CASE("free badges are left out", "[invoice][items]") {
  CHECK(build_items({line(1, "full", 0, true), line(2, "weekend", 0)}, rules_at(600), false)
            .empty());
  CHECK(build_items({}, rules_at(600), false).empty());
}

TEST_CASE("negated items are the red mirror of the blue ones", "[invoice][items]") {
  const std::vector<OrderLine> lines = {line(1, "full", 20000), line(2, "full", 20000),
                                        line(3, "weekend", 10000)};
  const std::vector<InvoiceItem> blue = build_items(lines, rules_at(600), false);
  const std::vector<InvoiceItem> red = build_items(lines, rules_at(600), true);
  REQUIRE(blue.size() == 2);
  REQUIRE(red.size() == 2);
  for (std::size_t i = 0; i < blue.size(); ++i) {
    INFO(i);
    CHECK(red[i].quantity == -blue[i].quantity);
    CHECK(red[i].unit_price == blue[i].unit_price);  // a price stays positive
    CHECK(red[i].gross.fen() == -blue[i].gross.fen());
    CHECK(red[i].amount.fen() == -blue[i].amount.fen());
    CHECK(red[i].tax.fen() == -blue[i].tax.fen());
    CHECK(red[i].persons == blue[i].persons);
  }
  CHECK(red[0].tax == Money::from_fen(-2264));
}

TEST_CASE("fill_totals sums the lines and writes the words", "[invoice][items]") {
  Invoice invoice;
  invoice.items = build_items({line(1, "full", 20000), line(2, "full", 20000),
                               line(3, "weekend", 10000)},
                              rules_at(600), false);
  fill_totals(invoice);
  CHECK(invoice.gross_total == Money::from_fen(50000));
  CHECK(invoice.tax_total == Money::from_fen(2264 + 566));
  CHECK(invoice.amount_total == Money::from_fen(37736 + 9434));
  CHECK(invoice.gross_in_words == "伍佰圆整");

  Invoice red;
  red.items = build_items({line(1, "full", 20000)}, rules_at(600), true);
  fill_totals(red);
  CHECK(red.gross_total == Money::from_fen(-20000));
  CHECK(red.tax_total == Money::from_fen(-1132));
  CHECK(red.amount_total == Money::from_fen(-18868));
  CHECK(red.gross_in_words == "负贰佰圆整");

  Invoice empty;
  empty.gross_in_words = "stale";
  empty.gross_total = Money::from_fen(5);
  fill_totals(empty);
  CHECK(empty.gross_total.is_zero());
  CHECK(empty.gross_in_words == "零圆整");
}
