// PTS-2 under concurrency: e-coupon redemptions racing in several processes on one SQLite file
// never overdraw a unit's points. The negative control first shows, with the guard disabled
// (balance judged from a read before the transaction), that the harness does produce the race;
// then, guarded (balance checked by the debit statement itself), the balance never goes below 0
// and exactly as many coupons as the points pay for are issued. See docs/points.md.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"
#include "store/store.hpp"
#include "support/order_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/worker_group.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kCost = 100;      // the coupon "race" (points_race_worker.cpp)
constexpr std::int64_t kPoints = 300;    // the unit's balance: three coupons' worth
constexpr int kRacers = 8;               // worker processes
constexpr int kPerRacer = 2;             // redemptions each
constexpr int kAttempts = kRacers * kPerRacer;
constexpr int kControlRoundLimit = 20;   // the negative control must see the race within these
constexpr int kGuardedRounds = 4;
constexpr auto kRoundTimeout = std::chrono::seconds(60);

Rules race_rules() {
  Rules rules = Rules::seventh_edition();
  CouponRules race;
  race.code = "race";
  race.cost_points = kCost;
  race.value = Money::from_fen(100);
  race.max_per_unit_per_edition = 1000;
  rules.points.coupons.push_back(race);
  return rules;
}

Options options_for(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.rules = race_rules();
  options.busy_timeout_ms = 30'000;
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  return options;
}

// A fresh store with one approved Shanghai enterprise holding kPoints points (100 for its
// registration, the rest a manual award).
class RaceStore {
 public:
  RaceStore() : path_(test::store_location(dir_.file("ciie.db"))) {
    auto registry = Registry::open(options_for(path_, true));
    REQUIRE(registry.is_ok());
    REQUIRE((*registry)->init(Actor::organizer()).is_ok());
    RegisterRequest r = test::enterprise(test::uscc_in("310115", 1), "上海积分竞争企业有限公司");
    auto registered = (*registry)->register_unit(Actor::organizer(), r);
    REQUIRE(registered.is_ok());
    unit_ = registered->unit.account;
    PersonRequest person = test::person_request(1);
    person.photo.clear();
    REQUIRE((*registry)->add_person(Actor::organizer(), unit_, person).is_ok());
    REQUIRE((*registry)->submit(Actor::organizer(), unit_, SubmitRequest{}).is_ok());
    const auto topped = (*registry)->award_points(
        Actor::organizer(), {"unit:" + unit_, kPoints - 100, "race", ""});
    REQUIRE(topped.is_ok());
    REQUIRE((*registry)->points_balance(Actor::organizer(), "unit:" + unit_)->balance == kPoints);
  }
  const std::string& path() const { return path_; }
  const std::string& unit() const { return unit_; }

 private:
  test::TempDir dir_;
  std::string path_;
  std::string unit_;
};

struct RoundResult {
  std::int64_t ok = 0;
  std::int64_t insufficient = 0;
  std::vector<std::string> other;
  std::int64_t balance = 0;
  std::int64_t coupons = 0;
};

std::string describe(const RoundResult& r) {
  std::ostringstream out;
  out << "ok=" << r.ok << " insufficient=" << r.insufficient << " other=" << r.other.size()
      << " balance=" << r.balance << " coupons=" << r.coupons;
  for (const std::string& o : r.other) out << " [" << o << "]";
  return out.str();
}

// kRacers workers redeeming for one unit, started and released together by a test::WorkerGroup.
std::vector<std::vector<std::string>> worker_argvs(const RaceStore& store, bool unguarded) {
  std::vector<std::vector<std::string>> argvs;
  for (int w = 0; w < kRacers; ++w) {
    std::vector<std::string> argv = {CIIE_POINTS_RACE_WORKER_PATH, "--store", store.path(),
                                     "--unit", store.unit(), "--count", std::to_string(kPerRacer),
                                     "--barrier"};
    if (unguarded) argv.emplace_back("--unguarded");
    argvs.push_back(std::move(argv));
  }
  return argvs;
}

// Counts each worker's lines after "ready"; what went wrong with a worker, and an unknown line,
// go to `other`.
void add_outcomes(const std::vector<test::WorkerResult>& workers, RoundResult& result) {
  for (const test::WorkerResult& worker : workers) {
    for (const std::string& failure : worker.failures()) result.other.push_back(failure);
    for (const std::string& line : worker.lines) {
      if (line == "ok") {
        ++result.ok;
      } else if (line == "points.insufficient") {
        ++result.insufficient;
      } else {
        result.other.push_back(line);
      }
    }
  }
}

RoundResult run_round(const RaceStore& store, bool unguarded) {
  const auto deadline = SteadyClock::now() + kRoundTimeout;
  RoundResult result;
  {
    test::WorkerGroup workers(worker_argvs(store, unguarded));
    if (!workers.release(deadline)) {
      result.other.push_back("timeout before ready");
      return result;
    }
    add_outcomes(workers.collect(deadline), result);
  }
  auto registry = Registry::open(options_for(store.path(), false));
  REQUIRE(registry.is_ok());
  const auto shown = (*registry)->points_balance(Actor::organizer(), "unit:" + store.unit());
  REQUIRE(shown.is_ok());
  result.balance = shown->balance;
  result.coupons = static_cast<std::int64_t>(shown->coupons.size());
  return result;
}

// Every round: every attempt accounted for, each "ok" one coupon, and the ledger's balance what
// the coupons cost.
void check_harness(const RoundResult& r) {
  CHECK(r.other.empty());
  CHECK(r.ok + r.insufficient == kAttempts);
  CHECK(r.coupons == r.ok);
  CHECK(r.balance == kPoints - r.ok * kCost);
}

}  // namespace

TEST_CASE("processes on one SQLite file: an unguarded control overdraws a unit's points and the "
          "guarded redemption never does",
          "[concurrency][points]") {
  std::string log;
  bool observed = false;
  for (int round = 1; round <= kControlRoundLimit && !observed; ++round) {
    RaceStore store;
    const RoundResult result = run_round(store, /*unguarded=*/true);
    INFO("unguarded round " << round << ": " << describe(result));
    check_harness(result);
    log += "unguarded round " + std::to_string(round) + ": " + describe(result) + "\n";
    observed = result.balance < 0;
  }
  INFO(log);
  REQUIRE(observed);
  for (int round = 1; round <= kGuardedRounds; ++round) {
    RaceStore store;
    const RoundResult result = run_round(store, /*unguarded=*/false);
    INFO("guarded round " << round << ": " << describe(result));
    check_harness(result);
    CHECK(result.balance == 0);
    CHECK(result.ok == kPoints / kCost);
    CHECK(result.insufficient == kAttempts - kPoints / kCost);
  }
}
