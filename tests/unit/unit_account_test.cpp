// Unit information and accounts (REG-4..6): scope of reading and listing, profile updates,
// password change and SMS reset, phone change with codes to both numbers.
#include <catch2/catch.hpp>

#include <thread>

#include "support/registry_fixture.hpp"

using namespace ciie;
using test::enterprise;

namespace {

void register_two(test::RegistryFixture& f) {
  REQUIRE(
      f->register_unit(Actor::organizer(), enterprise("91310115591693856A", "上海甲公司")).is_ok());
  RegisterRequest gov = enterprise("91330106MA27Y4U47R", "杭州乙机关");
  gov.category = UnitCategory::kGovernment;
  gov.phone = "13900001111";
  REQUIRE(f->register_unit(Actor::organizer(), gov).is_ok());
}

}  // namespace

TEST_CASE("who may read and list units", "[unit]") {
  test::RegistryFixture f;
  register_two(f);
  CHECK(f->unit(Actor::unit("91310115591693856A"), "91310115591693856A").is_ok());
  CHECK(f->unit(Actor::unit("91310115591693856A"), "91330106MA27Y4U47R").status().reason() ==
        "auth.forbidden");
  CHECK(f->unit(Actor::delegation("zhejiang"), "91330106MA27Y4U47R").is_ok());
  CHECK(f->unit(Actor::delegation("zhejiang"), "91310115591693856A").status().reason() ==
        "auth.forbidden");
  CHECK(f->unit(Actor::organizer(), "91110000600037341L").status().reason() == "unit.unknown");
  CHECK(f->unit(Actor::organizer(), "91110000600037341L").status().code() == Code::kNotFound);
  CHECK(f->unit(Actor::delegation("zhejiang"), "91110000600037341L").status().reason() ==
        "auth.forbidden");  // no hint whether it exists

  UnitFilter all;
  CHECK(f->units(Actor::organizer(), all)->size() == 2);
  CHECK(f->units(Actor::delegation("zhejiang"), all)->size() == 1);
  UnitFilter sub;
  sub.delegation = "zhejiang-3301";
  CHECK(f->units(Actor::delegation("zhejiang"), sub)->size() == 1);
  UnitFilter foreign;
  foreign.delegation = "shanghai";
  CHECK(f->units(Actor::delegation("zhejiang"), foreign).status().reason() == "auth.forbidden");
  CHECK(f->units(Actor::unit("91310115591693856A"), all).status().reason() == "auth.forbidden");
  UnitFilter governments;
  governments.category = UnitCategory::kGovernment;
  CHECK(f->units(Actor::organizer(), governments)->size() == 1);
}

TEST_CASE("a unit completes its information — bad values are refused", "[unit]") {
  test::RegistryFixture f;
  register_two(f);
  UnitUpdate update;
  UnitProfile profile;
  profile.contacts.push_back({"张三", "+86 139 0000 2222", "zhang.san@Example.com", "采购经理"});
  profile.intentions.push_back({"food-agri", {"dairy", "snacks"}});
  profile.purposes = {"purchase", "negotiation"};
  profile.registered_capital_wan = 5000;
  update.profile = profile;
  auto updated = f->update_unit(Actor::unit("91310115591693856A"), "91310115591693856A", update);
  REQUIRE(updated.is_ok());
  CHECK(updated->profile.contacts.front().phone == "13900002222");
  CHECK(updated->profile.contacts.front().email == "zhang.san@example.com");
  CHECK(f->unit(Actor::organizer(), "91310115591693856A")->profile == updated->profile);

  UnitUpdate bad;
  bad.profile = UnitProfile{};
  bad.profile->intentions.push_back({"food-agri", {"rockets"}});
  CHECK(f->update_unit(Actor::organizer(), "91310115591693856A", bad).status().reason() ==
        "unit.category_code");
  CHECK(f->update_unit(Actor::finance(), "91310115591693856A", update).status().reason() ==
        "auth.forbidden");
  CHECK(f->update_unit(Actor::unit("91330106MA27Y4U47R"), "91310115591693856A", update)
            .status()
            .reason() == "auth.forbidden");
  AuditQuery query;
  query.action = "unit.update";
  CHECK(f->audit(Actor::organizer(), query)->size() == 1);
}

TEST_CASE("passwords: set by SMS reset, changed with the old one", "[unit][account]") {
  test::RegistryFixture f;
  register_two(f);
  const std::string account = "91310115591693856A";
  CHECK(f->authenticate_unit(account, "Anything1!").status().reason() == "auth.failed");
  REQUIRE(f->request_password_reset(Actor::applicant(), account).is_ok());
  const std::string code = f.last_code("13812345678");
  CHECK(f->reset_password(Actor::applicant(), account, code, "short").reason() == "password.weak");
  REQUIRE(f->reset_password(Actor::applicant(), account, code, "Expo-2024-ok").is_ok());
  CHECK(f->authenticate_unit(account, "Expo-2024-ok").is_ok());
  CHECK(f->unit(Actor::organizer(), account)->phone_verified);  // the code proved the phone

  CHECK(f->change_password(Actor::unit(account), account, "wrong-1A!", "Next-2024-ok").reason() ==
        "auth.failed");
  CHECK(f->change_password(Actor::organizer(), account, "Expo-2024-ok", "Next-2024-ok").reason() ==
        "auth.forbidden");
  REQUIRE(
      f->change_password(Actor::unit(account), account, "Expo-2024-ok", "Next-2024-ok").is_ok());
  CHECK(f->authenticate_unit(account, "Next-2024-ok").is_ok());
  CHECK(f->authenticate_unit(account, "Expo-2024-ok").status().reason() == "auth.failed");
  CHECK(f->request_password_reset(Actor::applicant(), "91110000600037341L").status().reason() ==
        "unit.unknown");
}

TEST_CASE("changing the phone needs codes sent to the old and the new number", "[unit][account]") {
  test::RegistryFixture f;
  register_two(f);
  const std::string account = "91310115591693856A";
  const Actor self = Actor::unit(account);
  auto sent = f->request_phone_change(self, account, "13700003333");
  REQUIRE(sent.is_ok());
  CHECK(sent->size() == 2);
  const std::string old_code = f.last_code("13812345678");
  const std::string new_code = f.last_code("13700003333");
  if (old_code != new_code) {  // swapped codes are wrong (unless they happen to be equal)
    CHECK(f->change_phone(self, account, "13700003333", new_code, old_code).reason() ==
          "verify.mismatch");
  }
  // Each wrong try above consumed nothing; send again after the interval and use the right ones.
  f.clock->advance_seconds(60);
  REQUIRE(f->request_phone_change(self, account, "13700003333").is_ok());
  REQUIRE(f->change_phone(self, account, "13700003333", f.last_code("13812345678"),
                          f.last_code("13700003333"))
              .is_ok());
  const auto unit = f->unit(Actor::organizer(), account);
  CHECK(unit->phone == "13700003333");
  CHECK(unit->phone_verified);
  CHECK(f->request_phone_change(Actor::delegation("shanghai"), account, "13700004444")
            .status()
            .reason() == "auth.forbidden");
}

TEST_CASE("concurrent profile edits of different fields all survive", "[unit][concurrency]") {
  test::RegistryFixture f;
  register_two(f);
  const std::string account = "91310115591693856A";
  constexpr int kWriters = 6;
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      Options options;
      options.store_uri = test::store_location(f.dir.file("ciie.db"));
      options.clock = f.clock;
      options.busy_timeout_ms = 30'000;
      auto registry = Registry::open(options);
      REQUIRE(registry.is_ok());
      UnitUpdate update;
      update.edit_profile = [i](UnitProfile& profile) {
        profile.qualifications.push_back("licence-" + std::to_string(i));
        return Status::ok();
      };
      CHECK((*registry)->update_unit(Actor::unit(account), account, update).is_ok());
    });
  }
  for (auto& writer : writers) writer.join();
  const auto unit = f->unit(Actor::organizer(), account);
  REQUIRE(unit.is_ok());
  CHECK(unit->profile.qualifications.size() == kWriters);
}
