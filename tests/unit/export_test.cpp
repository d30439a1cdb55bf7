// Exports (export.hpp) of the statistics fixture's edition: columns, masking, reveal access and
// audit, scope, CSV quoting and formula neutralisation, JSON Lines, and a sink that fails.
#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/export_format.hpp"
#include "support/stats_fixture.hpp"

using namespace ciie;
using test::must;

namespace {

struct Exported {
  ExportSummary summary;
  std::string text;
};

Result<Exported> run_export(test::RegistryFixture& f, const Actor& actor, ExportKind kind,
                            ExportFormat format = ExportFormat::kCsv, bool reveal = false,
                            const std::string& delegation = "") {
  Exported out;
  ExportRequest request{kind, format, delegation, reveal};
  auto summary = f->export_data(actor, request, [&](std::string_view text) {
    out.text += text;
    return Status::ok();
  });
  if (!summary.is_ok()) return summary.status();
  out.summary = *summary;
  return out;
}

std::vector<std::string> lines_of(const std::string& text, const std::string& end) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(end, from)) != std::string::npos; from = at + end.size()) {
    lines.push_back(text.substr(from, at - from));
  }
  CHECK(from == text.size());  // every line ends with `end`
  return lines;
}

std::string joined(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::int64_t reveal_entries(test::RegistryFixture& f, const std::string& subject) {
  AuditQuery query;
  query.action = "data.reveal";
  query.subject = subject;
  return static_cast<std::int64_t>(must(f->audit(Actor::organizer(), query), "audit").size());
}

}  // namespace

TEST_CASE("a units export is masked by default, with the import format's columns", "[export]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  const Exported out = must(run_export(f, Actor::organizer(), ExportKind::kUnits), "export");
  CHECK(out.summary.rows == 5);
  CHECK_FALSE(out.summary.revealed);
  const auto lines = lines_of(out.text, "\r\n");
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == joined(Registry::export_columns(ExportKind::kUnits)));
  // The registration columns, whole and in order, after the account: what register --from reads.
  const auto& columns = Registry::export_columns(ExportKind::kUnits);
  const auto& registration = Registry::register_columns();
  REQUIRE(columns.size() == registration.size() + 4);
  CHECK(std::equal(registration.begin(), registration.end(), columns.begin() + 1));
  CHECK(lines[0].rfind("account,region,category,uscc,name,consent,phone,email,affiliation,", 0) ==
        0);
  // The units in account order; the overseas unit's generated account sorts last ("OV…").
  CHECK(lines[5].rfind(
            e.overseas + ",overseas,other,,Example Trading GmbH,true,,b*******@example.de,", 0) ==
        0);
  const std::string paid_line = e.paid.unit + ",mainland,enterprise," + e.paid.uscc + "," +
                                e.paid.unit_name + ",true,138****5678,,place,shanghai,";
  bool found = false;
  for (const auto& line : lines) found = found || line.rfind(paid_line, 0) == 0;
  CHECK(found);
  CHECK(out.text.find("13812345678") == std::string::npos);
  CHECK(out.text.find("buyer@example.de") == std::string::npos);
  CHECK(reveal_entries(f, "export:units") == 0);
  // The industry member names its industry delegation.
  CHECK(out.text.find(",industry-01,registered,") != std::string::npos);
}

TEST_CASE("reveal: the organizer only, audited as data.reveal", "[export][access]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  CHECK(run_export(f, Actor::delegation("shanghai"), ExportKind::kUnits, ExportFormat::kCsv, true)
            .status()
            .reason() == "auth.forbidden");
  CHECK(run_export(f, Actor::finance(), ExportKind::kOrders, ExportFormat::kCsv, true)
            .status()
            .reason() == "auth.forbidden");
  CHECK(reveal_entries(f, "export:units") == 0);
  const Exported units =
      must(run_export(f, Actor::organizer(), ExportKind::kUnits, ExportFormat::kCsv, true), "u");
  CHECK(units.summary.revealed);
  CHECK(units.text.find(",13812345678,") != std::string::npos);
  CHECK(units.text.find("buyer@example.de") != std::string::npos);
  CHECK(reveal_entries(f, "export:units") == 1);
  const Exported persons = must(
      run_export(f, Actor::organizer(), ExportKind::kPersons, ExportFormat::kJsonl, true), "p");
  CHECK(persons.text.find(test::cn_id(21)) != std::string::npos);
  CHECK(reveal_entries(f, "export:persons") == 1);
}

TEST_CASE("export access: finance money only, a delegation its own units' rows, units none",
          "[export][access]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  CHECK(run_export(f, Actor::finance(), ExportKind::kUnits).status().reason() == "auth.forbidden");
  CHECK(run_export(f, Actor::finance(), ExportKind::kPersons).status().reason() ==
        "auth.forbidden");
  CHECK(must(run_export(f, Actor::finance(), ExportKind::kOrders), "o").summary.rows == 1);
  CHECK(must(run_export(f, Actor::finance(), ExportKind::kInvoices), "i").summary.rows == 3);
  CHECK(run_export(f, Actor::unit(e.paid.unit), ExportKind::kOrders).status().reason() ==
        "auth.forbidden");
  CHECK(run_export(f, Actor::applicant(), ExportKind::kUnits).status().reason() ==
        "auth.forbidden");

  const Exported zhejiang =
      must(run_export(f, Actor::delegation("zhejiang"), ExportKind::kPersons), "zj");
  CHECK(zhejiang.summary.rows == 2);
  CHECK(zhejiang.text.find(e.hangzhou) != std::string::npos);
  CHECK(zhejiang.text.find(e.paid.unit) == std::string::npos);
  CHECK(
      must(run_export(f, Actor::delegation("zhejiang"), ExportKind::kOrders), "zo").summary.rows ==
      0);
  CHECK(run_export(f, Actor::delegation("zhejiang"), ExportKind::kUnits, ExportFormat::kCsv, false,
                   "shanghai")
            .status()
            .reason() == "auth.forbidden");
  const Exported industry =
      must(run_export(f, Actor::delegation("industry-01"), ExportKind::kUnits), "ind");
  CHECK(industry.summary.rows == 1);
  CHECK(industry.text.find(e.member) != std::string::npos);
  CHECK(must(run_export(f, Actor::organizer(), ExportKind::kUnits, ExportFormat::kCsv, false,
                        "shanghai"),
             "sh")
            .summary.rows == 3);
}

TEST_CASE("persons as JSON Lines: one object a line, masked, numbers as numbers", "[export]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  const Exported out =
      must(run_export(f, Actor::organizer(), ExportKind::kPersons, ExportFormat::kJsonl), "p");
  CHECK(out.summary.rows == 6);
  const auto lines = lines_of(out.text, "\n");
  REQUIRE(lines.size() == 6);
  std::int64_t previous = 0;
  int free = 0;
  for (const auto& line : lines) {
    const auto row = nlohmann::ordered_json::parse(line);  // keeps the written order
    std::vector<std::string> keys;
    for (auto it = row.begin(); it != row.end(); ++it) keys.push_back(it.key());
    CHECK(keys == Registry::export_columns(ExportKind::kPersons));
    CHECK(row["id"].is_number_integer());
    CHECK(row["id"].get<std::int64_t>() > previous);  // in id order
    previous = row["id"].get<std::int64_t>();
    CHECK(row["phone"] == "139****1234");
    const std::string number = row["document_number"];
    CHECK(number.substr(0, 6) == "110105");
    CHECK(number.find("*****") == 6);
    CHECK(number.size() == 15);
    if (row["free_badge"] == "true") ++free;
  }
  CHECK(free == 1);
  const auto first = nlohmann::json::parse(lines[0]);
  CHECK(first["unit"] == e.paid.unit);
  CHECK(first["name"] == "参观人员1");
  CHECK(first["state"] == "draft");  // refunded
  CHECK(nlohmann::json::parse(lines[1])["state"] == "under_review");
  CHECK(nlohmann::json::parse(lines[1])["badge_state"] == "under_review");
}

TEST_CASE("orders and invoices: amounts in yuan, plain in CSV, red invoices negative", "[export]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  const Exported orders = must(run_export(f, Actor::finance(), ExportKind::kOrders), "o");
  const auto order_lines = lines_of(orders.text, "\r\n");
  REQUIRE(order_lines.size() == 2);
  CHECK(order_lines[0] ==
        "number,unit,state,total,refunded,created_at,expires_at,closed_at,closed_by,close_reason");
  CHECK(order_lines[1].rfind(e.paid.order.number + "," + e.paid.unit + ",paid,400.00,200.00,", 0) ==
        0);
  const Exported invoices =
      must(run_export(f, Actor::finance(), ExportKind::kInvoices, ExportFormat::kCsv), "i");
  const auto invoice_lines = lines_of(invoices.text, "\r\n");
  REQUIRE(invoice_lines.size() == 4);
  CHECK(invoice_lines[1].find(",blue,special,") != std::string::npos);
  CHECK(invoice_lines[1].find(",400.00,") != std::string::npos);
  CHECK(invoice_lines[2].find(",red,special,") != std::string::npos);
  CHECK(invoice_lines[2].find(",-400.00,") != std::string::npos);  // plain: a number
  CHECK(invoice_lines[3].find(",200.00,") != std::string::npos);
  CHECK(invoices.text.find("finance@example.com") == std::string::npos);
  CHECK(invoices.text.find("f*******@example.com") != std::string::npos);
  const Exported jsonl =
      must(run_export(f, Actor::finance(), ExportKind::kInvoices, ExportFormat::kJsonl), "j");
  const auto red = nlohmann::json::parse(lines_of(jsonl.text, "\n")[1]);
  CHECK(red["gross"] == "-400.00");  // exact, as a string
  CHECK(red["kind"] == "red");
}

TEST_CASE("CSV: RFC 4180 quoting and formula injection neutralised", "[export][csv]") {
  using report::csv_text;
  CHECK(csv_text("plain") == "plain");
  CHECK(csv_text("") == "");
  CHECK(csv_text("a,b") == "\"a,b\"");
  CHECK(csv_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_text("two\nlines") == "\"two\nlines\"");
  CHECK(csv_text("上海某某有限公司") == "上海某某有限公司");
  CHECK(csv_text("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_text("+cmd") == "\"'+cmd\"");
  CHECK(csv_text("-2+3+cmd|' /C calc'!A0") == "\"'-2+3+cmd|' /C calc'!A0\"");
  CHECK(csv_text("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(csv_text("\tx") == "\"'\tx\"");
  CHECK(csv_text("\rx") == "\"'\rx\"");
  CHECK(csv_text("a=b") == "a=b");  // only the first character matters
  // A plain number stays as it is (an E.164 phone reads back); anything more does not.
  CHECK(csv_text("+85291234567") == "+85291234567");
  CHECK(csv_text("-3.07") == "-3.07");
  CHECK(csv_text("+852****4567") == "\"'+852****4567\"");
  CHECK(csv_text("-1.") == "\"'-1.\"");
  CHECK(csv_text("+") == "\"'+\"");

  report::Row row{{"=1+1", report::CellKind::kText},
                  {"-200.00", report::CellKind::kMoney},
                  {"-5", report::CellKind::kInteger},
                  {"x,y", report::CellKind::kText}};
  CHECK(report::csv_line(row) == "\"'=1+1\",-200.00,-5,\"x,y\"\r\n");
  CHECK(report::jsonl_line({"a", "b", "c", "d"}, row) ==
        "{\"a\":\"=1+1\",\"b\":\"-200.00\",\"c\":-5,\"d\":\"x,y\"}\n");
}

TEST_CASE("a stored formula is neutralised in the units export", "[export][csv]") {
  test::RegistryFixture f;
  const auto e = test::stats_edition(*f);
  UnitUpdate update;
  UnitProfile profile;
  profile.legal_representative = "=HYPERLINK(\"http://evil.example\",\"点我\")";
  profile.address = "上海市浦东新区, 测试路\"1\"号";
  update.profile = profile;
  must(f->update_unit(Actor::organizer(), e.paid.unit, update), "update");
  const Exported out = must(run_export(f, Actor::organizer(), ExportKind::kUnits), "u");
  CHECK(out.text.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",") !=
        std::string::npos);
  CHECK(out.text.find(",\"上海市浦东新区, 测试路\"\"1\"\"号\",") != std::string::npos);
}

TEST_CASE("a failing sink stops the export with its failure", "[export]") {
  test::RegistryFixture f;
  test::stats_edition(*f);
  int calls = 0;
  auto result =
      f->export_data(Actor::organizer(), ExportRequest{}, [&](std::string_view) -> Status {
        if (++calls == 3) return Status::storage("output.write", "full");
        return Status::ok();
      });
  CHECK(result.status().reason() == "output.write");
  CHECK(calls == 3);  // the header, two rows, then nothing more
}

TEST_CASE("export names round-trip", "[export]") {
  for (auto kind :
       {ExportKind::kUnits, ExportKind::kPersons, ExportKind::kOrders, ExportKind::kInvoices}) {
    CHECK(parse_export_kind(to_string(kind)) == kind);
  }
  CHECK(parse_export_format("jsonl") == ExportFormat::kJsonl);
  CHECK_FALSE(parse_export_format("xlsx").has_value());
}
