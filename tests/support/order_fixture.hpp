// Units with persons ready to order, for the order and payment tests: an approved mainland
// enterprise (approved on submission, REV-1) with persons submitted and awaiting payment.
#pragma once

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

#include "support/registry_fixture.hpp"
#include "support/temp_dir.hpp"

namespace ciie::test {

// A valid USCC of an enterprise in `division` (6 digits), distinct for every index < 10^7.
inline std::string uscc_in(const std::string& division, std::int64_t index) {
  const std::string digits = std::to_string(index);
  const std::string org_body = "5" + std::string(7 - digits.size(), '0') + digits;
  std::string first17 = "91" + division + org_body;
  first17 += codes::org_code_check_char(org_body);
  return first17 + codes::uscc_check_char(first17);
}

// A valid cn_id number, distinct for every n < 27,972.
inline std::string cn_id(int n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", 1 + (n / 999) % 28, n % 999 + 1);
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

// The PNG every test person's photo is (so person review approves at once).
inline std::string test_photo() {
  return read_file((std::filesystem::path(CIIE_SOURCE_DIR) / "tests/data/licences/blank.png")
                       .string());
}

inline PersonRequest person_request(int n, const std::string& badge = "full",
                                    bool free_badge = false) {
  PersonRequest r;
  r.name = "参观人员" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "13900001234";
  r.badge_type = badge;
  r.free_badge = free_badge;
  r.photo = test_photo();
  return r;
}

// Moves a pinned clock to `at` (forward or back).
inline void move_clock_to(FixedClock& clock, Instant at) {
  clock.advance_seconds((at.unix_micros() - clock.now().unix_micros()) / 1'000'000);
}

template <typename T>
T must(Result<T> result, const char* what) {
  if (!result.is_ok()) throw std::runtime_error(std::string(what) + ": " +
                                                result.status().to_string());
  return std::move(result).value();
}

// Registers a Shanghai enterprise number `index` (organizer), adds persons `first` …
// `first + count - 1` (free badges for the first `free` of them) and submits them with the
// unit, which is approved at once. Returns the unit's account and the persons' ids.
struct ReadyUnit {
  std::string account;
  std::vector<std::int64_t> persons;
};
inline ReadyUnit ready_unit(Registry& registry, std::int64_t index, int first, int count,
                            int free = 0, const std::string& badge = "full") {
  ReadyUnit ready;
  RegisterRequest request = enterprise(uscc_in("310115", index),
                                       "上海测试企业" + std::to_string(index) + "有限公司");
  ready.account = must(registry.register_unit(Actor::organizer(), request), "register").unit.account;
  for (int i = 0; i < count; ++i) {
    const Person p = must(registry.add_person(Actor::organizer(), ready.account,
                                              person_request(first + i, badge, i < free)),
                          "add_person");
    ready.persons.push_back(p.id);
  }
  const SubmitOutcome submitted =
      must(registry.submit(Actor::organizer(), ready.account, SubmitRequest{}), "submit");
  if (!submitted.auto_approved) throw std::runtime_error("the test unit was not approved");
  return ready;
}

}  // namespace ciie::test
