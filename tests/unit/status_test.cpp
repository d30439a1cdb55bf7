// Status, Result and the Actor text form.
#include "ciie/status.hpp"

#include <catch2/catch.hpp>

#include "ciie/actor.hpp"

using ciie::Actor;
using ciie::Code;
using ciie::Result;
using ciie::Status;

namespace {

Result<int> half(int n) {
  if (n % 2 != 0) return Status::refused("test.odd", "odd");
  return n / 2;
}

Result<int> quarter(int n) {
  CIIE_ASSIGN_OR_RETURN(const int h, half(n));
  CIIE_ASSIGN_OR_RETURN(const int q, half(h));
  return q;
}

}  // namespace

TEST_CASE("Status carries code, reason, place and details", "[core][status]") {
  CHECK(Status::ok().is_ok());
  Status s = Status::refused("uscc.checksum", "check character should be L").at(3, "uscc");
  s.with_detail("expected", "L");
  CHECK(s.code() == Code::kRefused);
  CHECK(s.reason() == "uscc.checksum");
  CHECK(*s.line() == 3);
  CHECK(s.field() == "uscc");
  CHECK(s.details().size() == 1);
  CHECK(s.to_string() == "uscc.checksum: check character should be L (line 3, field uscc)");
  CHECK(ciie::code_name(Code::kConflict) == "conflict");
}

TEST_CASE("Result propagates failures", "[core][status]") {
  CHECK(*quarter(8) == 2);
  CHECK(quarter(6).status().reason() == "test.odd");
  CHECK(quarter(7).status().reason() == "test.odd");
  CHECK(quarter(8).status().is_ok());
}

TEST_CASE("Actors parse and print", "[core][actor]") {
  CHECK(Actor::parse("organizer")->kind == ciie::ActorKind::kOrganizer);
  CHECK(Actor::parse("finance")->kind == ciie::ActorKind::kFinance);
  CHECK(*Actor::parse("delegation:shanghai") == Actor::delegation("shanghai"));
  CHECK(Actor::parse("unit:91310115591693856A")->to_string() == "unit:91310115591693856A");
  for (const char* bad : {"", "admin", "delegation:", "unit", "root:x"}) {
    INFO(bad);
    CHECK(Actor::parse(bad).status().reason() == "actor.format");
  }
}
