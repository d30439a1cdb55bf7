// REG-3 at registration: typed fields against a licence reading (licence_mismatches) and the
// request built from both (apply_licence), over hand-made readings — no OCR runs here.
#include "ciie/licence_check.hpp"

#include <catch2/catch.hpp>

using namespace ciie;

namespace {

LicenceField found(const char* value) {
  LicenceField field;
  field.found = true;
  field.value = value;
  field.raw = value;
  field.confidence = 0.9;
  return field;
}

// lic0000's truth, as a reader that read it perfectly would return it.
LicenceReading qingdao_reading() {
  LicenceReading r;
  r.kind = LicenceKind::kBusinessLicence;
  r.uscc = "91370200MA6XWQ409T";
  r.uscc_source = UsccSource::kAsRead;
  r.uscc_confidence = 0.95;
  r.name = found("青岛聚鑫餐饮管理股份有限公司");
  r.type = found("其他股份有限公司(非上市)");
  r.legal_rep = found("吕勇飞");
  r.registered_capital = found("500");
  r.capital_currency = "人民币";
  r.established = found("2017-05-10");
  r.address = found("山东省青岛市崂山区中京东路1678号3幢21层03室");
  return r;
}

RegisterRequest typed_request() {
  RegisterRequest r;
  r.category = UnitCategory::kEnterprise;
  r.consent = true;
  return r;
}

std::vector<std::string> fields_of(const std::vector<LicenceMismatch>& mismatches) {
  std::vector<std::string> fields;
  for (const LicenceMismatch& m : mismatches) fields.push_back(m.field);
  return fields;
}

std::string detail(const Status& status, const std::string& key) {
  for (const Detail& d : status.details()) {
    if (d.key == key) return d.value;
  }
  return "(none)";
}

}  // namespace

TEST_CASE("licence_mismatches: nothing typed agrees with any scan", "[licence]") {
  CHECK(licence_mismatches(typed_request(), qingdao_reading()).empty());
}

TEST_CASE("licence_mismatches: typed values agree after NFKC and without spaces", "[licence]") {
  RegisterRequest r = typed_request();
  r.uscc = "９１３７ ０２００ MA6X WQ40 9t";  // full-width digits, spaces, lower case
  r.name = "青岛聚鑫餐饮管理 股份有限公司";
  r.profile.legal_representative = "吕 勇飞";
  r.profile.address = "山东省青岛市崂山区中京东路１６７８号3幢21层03室";
  r.profile.registered_capital_wan = 500;
  CHECK(licence_mismatches(r, qingdao_reading()).empty());
}

TEST_CASE("licence_mismatches: every disagreeing field in licence_field_names order", "[licence]") {
  RegisterRequest r = typed_request();
  r.profile.address = "山东省青岛市市南区香港中路1号";
  r.uscc = "91310115591693856A";
  r.name = "青岛聚鑫餐饮管理有限公司";
  r.profile.legal_representative = "吕勇飞";  // agrees
  r.profile.registered_capital_wan = 800;
  const auto mismatches = licence_mismatches(r, qingdao_reading());
  CHECK(fields_of(mismatches) ==
        std::vector<std::string>{"uscc", "name", "registered_capital", "address"});
  CHECK(mismatches[0] == LicenceMismatch{"uscc", "91310115591693856A", "91370200MA6XWQ409T"});
  CHECK(mismatches[2] == LicenceMismatch{"registered_capital", "800", "500"});
}

TEST_CASE("licence_mismatches: a field the scan did not find is not compared", "[licence]") {
  LicenceReading reading = qingdao_reading();
  reading.address = LicenceField{};
  reading.capital_currency = "美元";  // a capital in dollars is not 万元人民币
  RegisterRequest r = typed_request();
  r.profile.address = "anywhere";
  r.profile.registered_capital_wan = 1;
  CHECK(licence_mismatches(r, reading).empty());
}

TEST_CASE("apply_licence: the scan's USCC is the account and fills untyped fields", "[licence]") {
  RegisterRequest r = typed_request();
  r.region = UnitRegion::kOverseas;  // a licence is a mainland document
  r.profile.legal_representative = "吕 勇飞";
  const auto request = apply_licence(r, qingdao_reading(), false);
  REQUIRE(request.is_ok());
  CHECK(request->region == UnitRegion::kMainland);
  CHECK(request->uscc == "91370200MA6XWQ409T");
  CHECK(request->name == "青岛聚鑫餐饮管理股份有限公司");
  CHECK(request->profile.legal_representative == "吕 勇飞");  // typed, agreeing: kept as typed
  CHECK(request->profile.address == "山东省青岛市崂山区中京东路1678号3幢21层03室");
  CHECK(request->profile.registered_capital_wan == 500);
  CHECK(request->ocr_accepted_fields.empty());
  CHECK(request->consent);
}

TEST_CASE("apply_licence: a capital that is not whole 万元 of RMB is not copied", "[licence]") {
  LicenceReading reading = qingdao_reading();
  reading.registered_capital = found("12.5");
  CHECK_FALSE(
      apply_licence(typed_request(), reading, false)->profile.registered_capital_wan.has_value());
  reading.registered_capital = found("300");
  reading.capital_currency = "美元";
  CHECK_FALSE(
      apply_licence(typed_request(), reading, false)->profile.registered_capital_wan.has_value());
}

TEST_CASE("apply_licence: a disagreement is licence.mismatch listing the fields", "[licence]") {
  RegisterRequest r = typed_request();
  r.name = "青岛另一家公司";
  r.profile.address = "青岛市";
  const auto refused = apply_licence(r, qingdao_reading(), false);
  REQUIRE_FALSE(refused.is_ok());
  const Status& status = refused.status();
  CHECK(status.code() == Code::kRefused);
  CHECK(status.reason() == "licence.mismatch");
  CHECK(detail(status, "fields") == "name,address");
  CHECK(detail(status, "name") ==
        "typed \"青岛另一家公司\" / scanned \"青岛聚鑫餐饮管理股份有限公司\"");
  CHECK(detail(status, "address") ==
        "typed \"青岛市\" / scanned \"山东省青岛市崂山区中京东路1678号3幢21层03室\"");
  CHECK_THAT(status.message(), Catch::Contains("name") && Catch::Contains("address") &&
                                   Catch::Contains("--accept-ocr"));
}

TEST_CASE("apply_licence: with accept_ocr the scan wins and the fields are recorded", "[licence]") {
  RegisterRequest r = typed_request();
  r.uscc = "91310115591693856A";
  r.name = "青岛另一家公司";
  r.profile.registered_capital_wan = 800;
  const auto request = apply_licence(r, qingdao_reading(), true);
  REQUIRE(request.is_ok());
  CHECK(request->uscc == "91370200MA6XWQ409T");
  CHECK(request->name == "青岛聚鑫餐饮管理股份有限公司");
  CHECK(request->profile.registered_capital_wan == 500);
  CHECK(request->ocr_accepted_fields ==
        std::vector<std::string>{"uscc", "name", "registered_capital"});
}

TEST_CASE("apply_licence: accept_ocr without a disagreement flags nothing", "[licence]") {
  const auto request = apply_licence(typed_request(), qingdao_reading(), true);
  REQUIRE(request.is_ok());
  CHECK(request->ocr_accepted_fields.empty());
}

TEST_CASE("apply_licence: a corrected USCC needs confirming", "[licence]") {
  LicenceReading reading = qingdao_reading();
  reading.uscc_source = UsccSource::kCorrected;
  reading.uscc_corrections = 1;

  SECTION("not typed: licence.unconfirmed naming the code") {
    const auto refused = apply_licence(typed_request(), reading, false);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().code() == Code::kRefused);
    CHECK(refused.status().reason() == "licence.unconfirmed");
    CHECK(detail(refused.status(), "uscc") == "91370200MA6XWQ409T");
    CHECK(detail(refused.status(), "corrections") == "1");
    CHECK_THAT(refused.status().message(), Catch::Contains("--uscc 91370200MA6XWQ409T"));
  }
  SECTION("typed the same: confirmed, not flagged") {
    RegisterRequest r = typed_request();
    r.uscc = "91370200ma6xwq409t";
    const auto request = apply_licence(r, reading, false);
    REQUIRE(request.is_ok());
    CHECK(request->uscc == "91370200MA6XWQ409T");
    CHECK(request->ocr_accepted_fields.empty());
  }
  SECTION("typed another code: a mismatch") {
    RegisterRequest r = typed_request();
    r.uscc = "91310115591693856A";
    const auto refused = apply_licence(r, reading, false);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().reason() == "licence.mismatch");
    CHECK(detail(refused.status(), "fields") == "uscc");
  }
  SECTION("accepted unconfirmed: taken and flagged") {
    const auto request = apply_licence(typed_request(), reading, true);
    REQUIRE(request.is_ok());
    CHECK(request->uscc == "91370200MA6XWQ409T");
    CHECK(request->ocr_accepted_fields == std::vector<std::string>{"uscc"});
  }
  SECTION("a code read as printed or confirmed by two passes needs nothing") {
    for (UsccSource source : {UsccSource::kAsRead, UsccSource::kConfirmed}) {
      reading.uscc_source = source;
      CHECK(apply_licence(typed_request(), reading, false).is_ok());
    }
  }
}
