// Referral codes at registration (REF-1..3, DEL-4): issuing, using, limits, expiry, revocation,
// scope. The race on the last use is proven in tests/concurrency/.
#include <catch2/catch.hpp>

#include "support/registry_fixture.hpp"

using namespace ciie;
using test::enterprise;

namespace {

std::string one_code(test::RegistryFixture& f, const Actor& actor, const std::string& issuer,
                     std::optional<std::int64_t> max_uses = std::nullopt,
                     std::optional<Instant> expires = std::nullopt) {
  CreateReferralsRequest request;
  request.issuer = issuer;
  request.max_uses = max_uses;
  request.expires_at = expires;
  auto created = f->create_referrals(actor, request);
  REQUIRE(created.is_ok());
  REQUIRE(created->size() == 1);
  return created->front().code;
}

RegisterRequest with_code(const std::string& uscc, const std::string& code) {
  RegisterRequest r = enterprise(uscc, "单位" + uscc.substr(14));
  r.referral_code = code;
  return r;
}

}  // namespace

TEST_CASE("an industry delegation's code admits the unit to it, and it reviews the unit",
          "[referral]") {
  test::RegistryFixture f;
  const std::string code = one_code(f, Actor::delegation("industry-01"), "delegation:industry-01");
  auto registered = f->register_unit(Actor::organizer(), with_code("91330106MA27Y4U47R", code));
  REQUIRE(registered.is_ok());
  const Unit& unit = registered->unit;
  CHECK(unit.route.home_delegation == "zhejiang");  // still has its home delegation (DEL-4)
  CHECK(unit.route.industry_delegation == "industry-01");
  CHECK(unit.route.review == ReviewRoute::kIndustryDelegation);
  CHECK(unit.referral_code == code);
  CHECK(f->check_referral(code)->code.uses == 1);
  // The industry delegation sees its member; another delegation does not.
  CHECK(f->unit(Actor::delegation("industry-01"), unit.account).is_ok());
  CHECK(f->unit(Actor::delegation("jiangsu"), unit.account).status().reason() == "auth.forbidden");
}

TEST_CASE("a code is used at most max_uses times", "[referral]") {
  test::RegistryFixture f;
  const std::string code = one_code(f, Actor::organizer(), "delegation:shanghai", 1);
  REQUIRE(f->register_unit(Actor::organizer(), with_code("91310115591693856A", code)).is_ok());
  auto second = f->register_unit(Actor::organizer(), with_code("91310110666007217T", code));
  CHECK(second.status().reason() == "referral.exhausted");
  auto check = f->check_referral(code);
  REQUIRE(check.is_ok());
  CHECK(check->usable.reason() == "referral.exhausted");
  // Re-registering the unit that used it is unchanged, not a second use.
  auto again = f->register_unit(Actor::organizer(), with_code("91310115591693856A", code));
  REQUIRE(again.is_ok());
  CHECK_FALSE(again->created);
  CHECK(f->check_referral(code)->code.uses == 1);
}

TEST_CASE("expired and revoked codes are refused", "[referral]") {
  test::RegistryFixture f;
  const Instant tomorrow = f.clock->now().plus_seconds(86400);
  const std::string expiring = one_code(f, Actor::organizer(), "organizer", std::nullopt, tomorrow);
  const std::string revoked = one_code(f, Actor::organizer(), "delegation:shanghai");
  REQUIRE(f->revoke_referral(Actor::delegation("shanghai"), revoked).is_ok());
  CHECK(f->register_unit(Actor::organizer(), with_code("91310115591693856A", revoked))
            .status()
            .reason() == "referral.revoked");
  f.clock->advance_seconds(86400);
  CHECK(f->register_unit(Actor::organizer(), with_code("91310115591693856A", expiring))
            .status()
            .reason() == "referral.expired");
  CHECK(f->check_referral(expiring)->usable.reason() == "referral.expired");
}

TEST_CASE("who may issue, list and revoke codes", "[referral]") {
  test::RegistryFixture f;
  CreateReferralsRequest other;
  other.issuer = "delegation:jiangsu";
  CHECK(f->create_referrals(Actor::delegation("shanghai"), other).status().reason() ==
        "auth.forbidden");
  CHECK(f->create_referrals(Actor::finance(), other).status().reason() == "auth.forbidden");
  CreateReferralsRequest nowhere;
  nowhere.issuer = "delegation:atlantis";
  CHECK(f->create_referrals(Actor::organizer(), nowhere).status().reason() == "referral.issuer");
  CreateReferralsRequest zero;
  zero.issuer = "organizer";
  zero.max_uses = 0;
  CHECK(f->create_referrals(Actor::organizer(), zero).status().reason() == "referral.max_uses");
  CreateReferralsRequest past;
  past.issuer = "organizer";
  past.expires_at = f.clock->now();
  CHECK(f->create_referrals(Actor::organizer(), past).status().reason() == "referral.expiry");

  CreateReferralsRequest batch;
  batch.issuer = "delegation:shanghai";
  batch.count = 25;
  auto created = f->create_referrals(Actor::delegation("shanghai"), batch);
  REQUIRE(created.is_ok());
  CHECK(created->size() == 25);
  for (const ReferralCode& code : *created) CHECK(check_referral_code(code.code).is_ok());
  CHECK(f->referrals(Actor::delegation("shanghai"), "")->size() == 25);
  CHECK(f->referrals(Actor::delegation("jiangsu"), "")->empty());
  CHECK(f->referrals(Actor::delegation("jiangsu"), "delegation:shanghai").status().reason() ==
        "auth.forbidden");
  CHECK(f->revoke_referral(Actor::delegation("jiangsu"), created->front().code).reason() ==
        "auth.forbidden");
  CHECK(f->revoke_referral(Actor::organizer(), created->front().code).is_ok());
  CHECK(f->revoke_referral(Actor::organizer(), created->front().code).is_ok());  // idempotent
}
