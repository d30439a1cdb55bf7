// Registering units (REG-1..5, DEL-1..5 at registration, REF-2/3): on behalf and self-service,
// idempotency, refusals with their reason keys, scope.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/registry_fixture.hpp"

using namespace ciie;
using test::enterprise;

TEST_CASE("the organizer registers a unit on its behalf — the same data again is unchanged",
          "[registration]") {
  test::RegistryFixture f;
  auto first =
      f->register_unit(Actor::organizer(), enterprise("91310115591693856A", "上海某某有限公司"));
  REQUIRE(first.is_ok());
  CHECK(first->created);
  const Unit& unit = first->unit;
  CHECK(unit.account == "91310115591693856A");
  CHECK(unit.route.home_delegation == "shanghai");
  CHECK(unit.route.review == ReviewRoute::kAutomatic);
  CHECK_THAT(unit.route.reason, Catch::Contains("310115"));
  CHECK_FALSE(unit.phone_verified);  // on behalf: verified before the first payment (REG-5)
  CHECK_FALSE(unit.has_password);
  CHECK(unit.created_by == "organizer");
  CHECK(unit.state == UnitState::kRegistered);

  auto again =
      f->register_unit(Actor::organizer(), enterprise("91310115591693856A", "上海某某有限公司"));
  REQUIRE(again.is_ok());
  CHECK_FALSE(again->created);

  // Full-width input is the same unit.
  auto fullwidth = f->register_unit(
      Actor::organizer(), enterprise("９１３１０１１５５９１６９３８５６Ａ", "上海某某有限公司"));
  REQUIRE(fullwidth.is_ok());
  CHECK_FALSE(fullwidth->created);

  auto different =
      f->register_unit(Actor::organizer(), enterprise("91310115591693856A", "另一个名字"));
  CHECK(different.status().reason() == "unit.exists");
  CHECK(different.status().code() == Code::kConflict);

  AuditQuery query;
  query.subject = "unit:91310115591693856A";
  auto entries = f->audit(Actor::organizer(), query);
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].action == "unit.register");
}

TEST_CASE("registration refuses bad input with its reason key and field", "[registration]") {
  test::RegistryFixture f;
  struct Case {
    const char* name;
    RegisterRequest request;
    const char* reason;
    const char* field;
  };
  auto with = [](auto change) {
    RegisterRequest r = enterprise("91310115591693856A", "上海某某有限公司");
    change(r);
    return r;
  };
  const Case cases[] = {
      {"no consent", with([](auto& r) { r.consent = false; }), "register.consent", "consent"},
      {"no name", with([](auto& r) { r.name = "  "; }), "register.name", "name"},
      {"bad USCC", with([](auto& r) { r.uscc = "91310115591693856B"; }), "uscc.checksum", "uscc"},
      {"no USCC", with([](auto& r) { r.uscc = ""; }), "uscc.length", "uscc"},
      {"bad phone", with([](auto& r) { r.phone = "12345"; }), "phone.format", "phone"},
      {"bad e-mail", with([](auto& r) { r.email = "x@"; }), "email.format", "email"},
      {"weak password", with([](auto& r) { r.password = "password"; }), "password.weak",
       "password"},
      {"overseas category", with([](auto& r) { r.category = UnitCategory::kOther; }),
       "register.category", ""},
      {"overseas without e-mail", with([](auto& r) {
         r.region = UnitRegion::kOverseas;
         r.uscc.clear();
       }),
       "register.email_required", "email"},
      {"industry delegation chosen", with([](auto& r) { r.delegation = "industry-01"; }),
       "delegation.referral_required", ""},
      {"mistyped referral", with([](auto& r) { r.referral_code = "23456789R"; }),
       "referral.checksum", "referral_code"},
      {"unknown referral", with([](auto& r) { r.referral_code = "23456789Q"; }), "referral.unknown",
       "referral_code"},
      {"bad area", with([](auto& r) {
         r.profile.intentions.push_back({"space", {"rockets"}});
       }),
       "unit.area", "intentions"},
      {"bad purpose", with([](auto& r) { r.profile.purposes.push_back("tourism"); }),
       "unit.purpose", "purposes"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto refused = f->register_unit(Actor::organizer(), c.request);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().reason() == c.reason);
    CHECK(refused.status().field() == c.field);
  }
  UnitFilter all;
  CHECK(f->units(Actor::organizer(), all)->empty());  // nothing half-written
}

TEST_CASE("an applicant registers itself with a password and a verified phone", "[registration]") {
  test::RegistryFixture f;
  RegisterRequest r = enterprise("91330106MA27Y4U47R", "杭州某某科技有限公司");
  r.password = "Visit2024!";
  auto no_code = f->register_unit(Actor::applicant(), r);
  CHECK(no_code.status().reason() == "verify.required");

  RegisterRequest no_password = r;
  no_password.password.reset();
  CHECK(f->register_unit(Actor::applicant(), no_password).status().reason() ==
        "register.password_required");

  REQUIRE(f->send_verification(Actor::applicant(), VerifyChannel::kSms, "+86 138-1234-5678",
                               VerifyPurpose::kRegister)
              .is_ok());
  const std::string code = f.last_code("13812345678");
  REQUIRE(code.size() == 6);
  r.sms_code = code == "000000" ? "111111" : "000000";
  CHECK(f->register_unit(Actor::applicant(), r).status().reason() == "verify.mismatch");
  r.sms_code = code;
  auto registered = f->register_unit(Actor::applicant(), r);
  REQUIRE(registered.is_ok());
  CHECK(registered->unit.phone_verified);
  CHECK(registered->unit.has_password);
  CHECK(registered->unit.route.home_delegation == "zhejiang");
  CHECK(registered->unit.route.sub_delegation == "zhejiang-3301");

  CHECK(*f->authenticate_unit("91330106MA27Y4U47R", "Visit2024!") ==
        Actor::unit("91330106MA27Y4U47R"));
  CHECK(f->authenticate_unit("91330106MA27Y4U47R", "Visit2024?").status().reason() ==
        "auth.failed");
  CHECK(f->authenticate_unit("91310115591693856A", "Visit2024!").status().reason() ==
        "auth.failed");
}

TEST_CASE("a unit actor or finance cannot register units — a delegation only its own",
          "[registration]") {
  test::RegistryFixture f;
  const RegisterRequest shanghai_unit = enterprise("91310115591693856A", "上海某某有限公司");
  CHECK(f->register_unit(Actor::unit("91310115591693856A"), shanghai_unit).status().reason() ==
        "auth.forbidden");
  CHECK(f->register_unit(Actor::finance(), shanghai_unit).status().reason() == "auth.forbidden");
  CHECK(f->register_unit(Actor::delegation("jiangsu"), shanghai_unit).status().reason() ==
        "auth.forbidden");
  auto own = f->register_unit(Actor::delegation("shanghai"), shanghai_unit);
  REQUIRE(own.is_ok());
  CHECK(own->unit.created_by == "delegation:shanghai");
}

TEST_CASE("overseas units get a generated account and are identified by e-mail", "[registration]") {
  test::RegistryFixture f;
  RegisterRequest r;
  r.region = UnitRegion::kOverseas;
  r.category = UnitCategory::kOther;
  r.name = "Example Trading GmbH";
  r.email = "Buyer@Example.DE";
  r.consent = true;
  auto first = f->register_unit(Actor::organizer(), r);
  REQUIRE(first.is_ok());
  CHECK(first->unit.account.rfind("OV", 0) == 0);
  CHECK(first->unit.account.size() == 12);
  CHECK(first->unit.email == "Buyer@example.de");
  CHECK(first->unit.route.review == ReviewRoute::kOrganizer);
  auto again = f->register_unit(Actor::organizer(), r);
  REQUIRE(again.is_ok());
  CHECK_FALSE(again->created);
  CHECK(again->unit.account == first->unit.account);
}

TEST_CASE("routing choices are stored with their reason", "[registration]") {
  test::RegistryFixture f;
  RegisterRequest r = enterprise("91110000600037341L", "中国石化某分公司");
  r.affiliation = Affiliation::kCentralEnterprise;
  r.sub_delegation = "ce-sinopec";
  auto central = f->register_unit(Actor::organizer(), r);
  REQUIRE(central.is_ok());
  auto shown = f->unit(Actor::organizer(), "91110000600037341L");
  REQUIRE(shown.is_ok());
  CHECK(shown->route.home_delegation == "central-enterprises");
  CHECK(shown->route.sub_delegation == "ce-sinopec");
  CHECK_THAT(shown->route.reason, Catch::Contains("DEL-2"));

  RegisterRequest choice = enterprise("91330106MA27Y4U47R", "杭州某某科技有限公司");
  choice.affiliation = Affiliation::kChosen;
  choice.delegation = "shanghai";
  choice.affiliation_reason = "总部在上海";
  auto chosen = f->register_unit(Actor::organizer(), choice);
  REQUIRE(chosen.is_ok());
  CHECK(chosen->unit.route.review == ReviewRoute::kHomeDelegation);
  CHECK(chosen->unit.affiliation_reason == "总部在上海");
}

TEST_CASE("a unit registered with OCR values accepted over typed ones goes to manual review",
          "[registration]") {
  test::RegistryFixture f;
  RegisterRequest request = enterprise("91310115591693856A", "上海某某有限公司");
  request.ocr_accepted_fields = {"name", "address"};
  auto outcome = f->register_unit(Actor::organizer(), request);
  REQUIRE(outcome.is_ok());
  const RouteDecision& route = outcome->unit.route;
  CHECK(route.flags == std::vector<RouteFlag>{RouteFlag::kOcrAccepted});
  CHECK(route.review == ReviewRoute::kHomeDelegation);
  // The flag is stored with the unit, and the audit entry names what the reviewer should check.
  auto stored = f->unit(Actor::organizer(), "91310115591693856A");
  REQUIRE(stored.is_ok());
  CHECK(stored->route.flags == std::vector<RouteFlag>{RouteFlag::kOcrAccepted});
  AuditQuery query;
  query.subject = "unit:91310115591693856A";
  auto entries = f->audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  REQUIRE(entries->size() == 1);
  const auto details = nlohmann::json::parse((*entries)[0].details);
  CHECK(details.at("ocr_accepted") == nlohmann::json{"name", "address"});
  CHECK(details.at("flags") == nlohmann::json::array({"ocr_accepted"}));
}
