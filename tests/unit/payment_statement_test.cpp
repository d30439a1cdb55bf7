// Bank statement lines and transfer proofs (PAY-3): reading a record field by field, the
// checksum that makes a re-import idempotent, and recognising a proof by its magic bytes.
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "payment/proof_check.hpp"
#include "payment/statement_format.hpp"

using ciie::Code;
using ciie::Date;
using ciie::Money;
using ciie::Record;
using ciie::payment::check_proof;
using ciie::payment::parse_statement_record;
using ciie::payment::statement_checksum;
using ciie::payment::statement_columns;
using ciie::payment::statement_required_columns;
using ciie::payment::StatementEntry;

namespace {

Record good_record() {
  return {7,
          {{"date", "2024-10-02"},
           {"amount", "1,200.00"},
           {"payer_name", " 上海示例国际贸易有限公司 "},
           {"payer_account", "6222 0000 1111 2222"},
           {"remark", "货款 V20241001123000123456789"},
           {"reference", "BK-0001"}}};
}

StatementEntry good_entry() { return parse_statement_record(good_record()).value(); }

}  // namespace

TEST_CASE("statement columns", "[payment][statement]") {
  CHECK(statement_columns() == std::vector<std::string>{"date", "amount", "payer_name",
                                                        "payer_account", "remark", "reference"});
  CHECK(statement_required_columns() ==
        std::vector<std::string>{"date", "amount", "payer_name", "payer_account", "remark"});
}

TEST_CASE("a statement record parses", "[payment][statement]") {
  auto entry = parse_statement_record(good_record());
  REQUIRE(entry.is_ok());
  CHECK(entry->booked_on == Date{2024, 10, 2});
  CHECK(entry->amount == Money::from_fen(120000));
  CHECK(entry->payer_name == "上海示例国际贸易有限公司");
  CHECK(entry->payer_account == "6222 0000 1111 2222");
  CHECK(entry->remark == "货款 V20241001123000123456789");
  CHECK(entry->reference == "BK-0001");

  Record minimal = good_record();
  minimal.fields.erase("reference");
  minimal.fields.erase("payer_account");  // JSON Lines null: absent, read as empty
  auto without = parse_statement_record(minimal);
  REQUIRE(without.is_ok());
  CHECK(without->reference.empty());
  CHECK(without->payer_account.empty());
}

TEST_CASE("statement dates and amounts in their accepted spellings", "[payment][statement]") {
  for (const char* text : {"2024-10-02", "2024/10/02", "20241002", " 2024-10-02 "}) {
    INFO(text);
    Record record = good_record();
    record.fields["date"] = text;
    auto entry = parse_statement_record(record);
    REQUIRE(entry.is_ok());
    CHECK(entry->booked_on == Date{2024, 10, 2});
  }
  struct Amount {
    const char* text;
    std::int64_t fen;
  };
  for (const Amount a : {Amount{"200", 20000}, Amount{"200.5", 20050}, Amount{"+200.00", 20000},
                         Amount{"-35.07", -3507}, Amount{"1,234,567.89", 123456789},
                         Amount{"-1,200", -120000}, Amount{" 0.01 ", 1}, Amount{"0", 0}}) {
    INFO(a.text);
    Record record = good_record();
    record.fields["amount"] = a.text;
    auto entry = parse_statement_record(record);
    REQUIRE(entry.is_ok());
    CHECK(entry->amount.fen() == a.fen);
  }
}

TEST_CASE("a bad statement field is named with its line", "[payment][statement]") {
  struct Case {
    const char* column;
    std::string value;  // "<absent>" removes the column
    const char* reason;
  };
  const Case cases[] = {
      {"date", "<absent>", "statement.date"},
      {"date", "", "statement.date"},
      {"date", "2024-02-30", "statement.date"},
      {"date", "02/10/2024", "statement.date"},
      {"date", "2024.10.02", "statement.date"},
      {"date", "2024100", "statement.date"},
      {"date", "yesterday", "statement.date"},
      {"amount", "<absent>", "statement.amount"},
      {"amount", " ", "statement.amount"},
      {"amount", "1.234", "statement.amount"},
      {"amount", "1,20.00", "statement.amount"},
      {"amount", "1234,567", "statement.amount"},
      {"amount", ",200", "statement.amount"},
      {"amount", "¥200", "statement.amount"},
      {"amount", "200 CNY", "statement.amount"},
      {"amount", "99999999999999999999", "statement.amount"},
      {"payer_name", "<absent>", "statement.payer"},
      {"payer_name", "   ", "statement.payer"},
      {"payer_name", std::string(201, 'x'), "statement.payer"},
      {"payer_account", std::string(201, '1'), "statement.payer"},
      {"remark", std::string(201, 'r'), "statement.payer"},
      {"reference", std::string(201, 'r'), "statement.payer"},
  };
  for (const Case& c : cases) {
    INFO(c.column << " = \"" << c.value << "\"");
    Record record = good_record();
    if (c.value == "<absent>") {
      record.fields.erase(c.column);
    } else {
      record.fields[c.column] = c.value;
    }
    auto entry = parse_statement_record(record);
    REQUIRE_FALSE(entry.is_ok());
    CHECK(entry.status().code() == Code::kInvalidInput);
    CHECK(entry.status().reason() == c.reason);
    CHECK(entry.status().field() == c.column);
    CHECK(entry.status().line() == 7);
  }
  Record longest = good_record();
  longest.fields["remark"] = std::string(200, 'r');
  CHECK(parse_statement_record(longest).is_ok());
}

TEST_CASE("statement checksum is stable and changes with every field", "[payment][statement]") {
  const StatementEntry entry = good_entry();
  const std::string checksum = statement_checksum(entry, 1);
  CHECK(checksum.size() == 64);
  CHECK(checksum.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(statement_checksum(good_entry(), 1) == checksum);

  // The same line in another spelling is the same line.
  Record respelled = good_record();
  respelled.fields["date"] = "20241002";
  respelled.fields["amount"] = "1200";
  respelled.fields["payer_name"] = "上海示例国际贸易有限公司";
  respelled.fields["payer_account"] = "6222  0000\u30001111 2222 ";
  CHECK(statement_checksum(parse_statement_record(respelled).value(), 1) == checksum);

  std::set<std::string> seen{checksum};
  const auto differs = [&](const StatementEntry& changed, int occurrence = 1) {
    return seen.insert(statement_checksum(changed, occurrence)).second;
  };
  StatementEntry e = entry;
  e.booked_on = Date{2024, 10, 3};
  CHECK(differs(e));
  e = entry;
  e.amount = Money::from_fen(120001);
  CHECK(differs(e));
  e = entry;
  e.payer_name = "上海示例国际贸易有限公司二";
  CHECK(differs(e));
  e = entry;
  e.payer_account = "6222000011112222";  // spaces collapse, they do not vanish
  CHECK(differs(e));
  e = entry;
  e.remark += "1";
  CHECK(differs(e));
  e = entry;
  e.reference = "BK-0002";
  CHECK(differs(e));
  CHECK(differs(entry, 2));
  CHECK(differs(entry, 3));

  // Moving text from one field to the next is a different line (length-prefixed encoding).
  StatementEntry a = entry;
  a.remark = "ab";
  a.reference = "c";
  StatementEntry b = entry;
  b.remark = "a";
  b.reference = "bc";
  CHECK(statement_checksum(a, 1) != statement_checksum(b, 1));
}

TEST_CASE("proofs are PNG, JPEG or PDF by content", "[payment][proof]") {
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0');
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0") + "JFIF";
  const std::string pdf = "%PDF-1.7\n%...";
  CHECK(check_proof(png, 1000).value() == "png");
  CHECK(check_proof(jpeg, 1000).value() == "jpeg");
  CHECK(check_proof(pdf, 1000).value() == "pdf");
  CHECK(check_proof(pdf, static_cast<std::int64_t>(pdf.size())).value() == "pdf");  // at the bound

  for (const std::string& bad :
       {std::string(), std::string("GIF89a"), std::string("\x89PNG\r\n", 6),
        std::string("\xFF\xD8", 2), std::string("%PDF"), std::string("hello, finance"),
        std::string(" %PDF-1.7")}) {
    INFO(bad.size());
    auto format = check_proof(bad, 1000);
    REQUIRE_FALSE(format.is_ok());
    CHECK(format.status().code() == Code::kInvalidInput);
    CHECK(format.status().reason() == "payment.proof_format");
  }
  auto too_large = check_proof(pdf, static_cast<std::int64_t>(pdf.size()) - 1);
  REQUIRE_FALSE(too_large.is_ok());
  CHECK(too_large.status().code() == Code::kInvalidInput);
  CHECK(too_large.status().reason() == "payment.proof_size");
}
