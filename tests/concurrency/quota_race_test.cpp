// BDG-2 under concurrency: the free places of a quota are never oversubscribed, whether the
// adders are threads (one Registry each) or processes on one SQLite file, and `used` always
// equals the number of persons holding a free place. Each test first shows, with the guard
// disabled, that the harness does produce the race (a negative control). See
// docs/concurrency.md, "Free badge places".
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <latch>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"
#include "registry/person_flow.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/worker_group.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kPlaces = 3;   // free "full" places of delegation zhejiang
constexpr int kRacers = 8;            // threads, or worker processes
constexpr int kPersonsPerRacer = 3;   // each racer adds this many distinct persons
constexpr int kAttempts = kRacers * kPersonsPerRacer;
constexpr int kFirstPerson = 100;     // person indices kFirstPerson … kFirstPerson + kAttempts - 1
constexpr int kControlRoundLimit = 20;  // the negative control must see the race within these
constexpr int kGuardedRounds = 5;
constexpr auto kRoundTimeout = std::chrono::seconds(30);  // processes are killed past this

// Sets the quota guard for the scope of a test and always turns it back on, even when an
// assertion throws: no other test may ever run unguarded.
class GuardSetting {
 public:
  explicit GuardSetting(bool disabled) { registry::testing::set_quota_guard_disabled(disabled); }
  ~GuardSetting() { registry::testing::set_quota_guard_disabled(false); }
  GuardSetting(const GuardSetting&) = delete;
  GuardSetting& operator=(const GuardSetting&) = delete;
};

Rules quota_rules() {
  Rules rules = Rules::seventh_edition();
  for (Delegation& d : rules.delegations) {
    if (d.slug == "zhejiang") d.free_quota["full"] = kPlaces;
  }
  return rules;
}

Options options_for(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.rules = quota_rules();
  options.busy_timeout_ms = 30'000;  // racers queue for the write lock; never store.busy here
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  return options;
}

// A valid Hangzhou (330106, zhejiang / zhejiang-3301) USCC, distinct for every index < 10^7.
std::string hangzhou_uscc(std::int64_t index) {
  const std::string digits = std::to_string(index);
  const std::string org_body = "5" + std::string(7 - digits.size(), '0') + digits;
  std::string first17 = "91330106" + org_body;
  first17 += codes::org_code_check_char(org_body);
  return first17 + codes::uscc_check_char(first17);
}

// A valid cn_id number, distinct for every n below 999 × 28. The same construction is in
// race_worker.cpp (the worker is a separate program).
std::string cn_id(std::int64_t n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d",
                static_cast<int>(1 + (n / 999) % 28), static_cast<int>(n % 999 + 1));
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

PersonRequest free_person(std::int64_t n) {
  PersonRequest r;
  r.name = "竞争者" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "1390000" + std::to_string(1000 + n);
  r.badge_type = "full";
  r.free_badge = true;
  return r;
}

// A fresh initialised SQLite file whose zhejiang delegation has kPlaces free "full" places,
// and two Hangzhou government units that share them. No connection stays open: the racers
// bring their own.
class RaceStore {
 public:
  RaceStore() : path_(test::store_location(dir_.file("ciie.db"))) {
    auto registry = Registry::open(options_for(path_, true));
    REQUIRE(registry.is_ok());
    REQUIRE((*registry)->init(Actor::organizer()).is_ok());
    for (int i = 0; i < 2; ++i) {
      RegisterRequest r;
      r.uscc = hangzhou_uscc(i + 1);
      r.name = "杭州市名额测试局" + std::to_string(i + 1);
      r.category = UnitCategory::kGovernment;
      r.consent = true;
      r.phone = "13812345678";
      auto registered = (*registry)->register_unit(Actor::organizer(), r);
      INFO(registered.status().to_string());
      REQUIRE(registered.is_ok());
      units_[i] = registered->unit.account;
    }
  }
  const std::string& path() const { return path_; }
  // The unit racer `racer` adds to: the two units alternate.
  const std::string& unit_for(int racer) const { return units_[racer % 2]; }
  const std::string& unit(int i) const { return units_[i]; }

 private:
  test::TempDir dir_;
  std::string path_;
  std::string units_[2];
};

// Every attempt's outcome, counted.
struct Tally {
  std::int64_t taken = 0;      // "ok"
  std::int64_t exhausted = 0;  // "quota.exhausted"
  std::vector<std::string> other;  // anything else: a harness or library failure
  std::int64_t attempts() const { return taken + exhausted + static_cast<std::int64_t>(other.size()); }
  void add(const std::string& outcome) {
    if (outcome == "ok") {
      ++taken;
    } else if (outcome == "quota.exhausted") {
      ++exhausted;
    } else {
      other.push_back(outcome);
    }
  }
};

// One round: what the racers saw and what the store holds afterwards.
struct RoundResult {
  Tally tally;
  std::int64_t used = 0;          // free_quota.used
  std::int64_t free_persons = 0;  // persons holding a free place: the places really taken
  std::int64_t persons = 0;       // persons of the two units
  double seconds = 0;
};

std::string describe(const RoundResult& r) {
  std::ostringstream out;
  out << "ok=" << r.tally.taken << " exhausted=" << r.tally.exhausted
      << " other=" << r.tally.other.size() << " free_persons=" << r.free_persons
      << " persons=" << r.persons << " used=" << r.used << " places=" << kPlaces << " ("
      << static_cast<int>(r.seconds * 1000) << " ms)";
  for (const std::string& o : r.tally.other) out << " [" << o << "]";
  return out.str();
}

// Reads the quota row and the two units' persons through fresh connections.
void observe(const RaceStore& store, RoundResult& result) {
  auto raw = store::open_store(store.path(), store::StoreOptions{});
  REQUIRE(raw.is_ok());
  auto quota = (*raw)->find_quota("zhejiang", "", "full");
  REQUIRE(quota.is_ok());
  REQUIRE(quota->has_value());
  result.used = (*quota)->used;
  auto registry = Registry::open(options_for(store.path(), false));
  REQUIRE(registry.is_ok());
  for (int i = 0; i < 2; ++i) {
    auto persons = (*registry)->persons(Actor::organizer(), store.unit(i), PersonFilter{});
    REQUIRE(persons.is_ok());
    result.persons += static_cast<std::int64_t>(persons->persons.size());
    for (const Person& p : persons->persons) {
      if (p.free_badge) ++result.free_persons;
    }
  }
}

// ---- threads ------------------------------------------------------------------------------

// One racer thread: opens its own Registry, waits for every other racer, then adds `count`
// free-badge persons from `first` to `account`. Never throws (Catch2 assertions are not
// thread-safe, so the main thread judges the outcomes).
std::vector<std::string> add_batch(const std::string& path, const std::string& account,
                                   std::int64_t first, int count, std::latch& start) {
  std::vector<std::string> outcomes;
  auto registry = Registry::open(options_for(path, false));
  start.arrive_and_wait();
  if (!registry.is_ok()) return {"open:" + registry.status().reason()};
  for (int i = 0; i < count; ++i) {
    try {
      auto added = (*registry)->add_person(Actor::unit(account), account, free_person(first + i));
      outcomes.push_back(added.is_ok() ? std::string("ok") : added.status().reason());
    } catch (const std::exception& e) {
      outcomes.push_back(std::string("exception:") + e.what());
    }
  }
  return outcomes;
}

RoundResult run_thread_round(const RaceStore& store) {
  const auto started = SteadyClock::now();
  std::latch start(kRacers);
  std::vector<std::vector<std::string>> outcomes(kRacers);
  std::vector<std::thread> racers;
  for (int t = 0; t < kRacers; ++t) {
    racers.emplace_back([&, t] {
      outcomes[t] = add_batch(store.path(), store.unit_for(t),
                              kFirstPerson + static_cast<std::int64_t>(t) * kPersonsPerRacer,
                              kPersonsPerRacer, start);
    });
  }
  for (std::thread& racer : racers) racer.join();
  RoundResult result;
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  for (const auto& batch : outcomes) {
    for (const std::string& outcome : batch) result.tally.add(outcome);
  }
  observe(store, result);
  return result;
}

// ---- processes ----------------------------------------------------------------------------

// kRacers `ciie_race_worker --unit` processes on one store, started and released together by a
// test::WorkerGroup (as in referral_race_test.cpp): worker w adds persons for unit_for(w).
std::vector<std::vector<std::string>> worker_argvs(const RaceStore& store, bool unguarded) {
  std::vector<std::vector<std::string>> argvs;
  for (int w = 0; w < kRacers; ++w) {
    std::vector<std::string> argv = {CIIE_RACE_WORKER_PATH, "--store", store.path(), "--unit",
                                     store.unit_for(w), "--first-index",
                                     std::to_string(kFirstPerson + w * kPersonsPerRacer),
                                     "--count", std::to_string(kPersonsPerRacer), "--barrier"};
    if (unguarded) argv.emplace_back("--unguarded");
    argvs.push_back(std::move(argv));
  }
  return argvs;
}

RoundResult run_process_round(const RaceStore& store, bool unguarded) {
  const auto started = SteadyClock::now();
  const auto deadline = started + kRoundTimeout;
  RoundResult result;
  {
    test::WorkerGroup workers(worker_argvs(store, unguarded));
    if (!workers.release(deadline)) {
      result.tally.add("timeout before ready");
      return result;
    }
    // Each worker contributes its attempt lines; what went wrong with it counts as `other`.
    for (const test::WorkerResult& worker : workers.collect(deadline)) {
      for (const std::string& failure : worker.failures()) result.tally.add(failure);
      for (const std::string& line : worker.lines) result.tally.add(line);
    }
  }
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  observe(store, result);
  return result;
}

// ---- judging rounds -----------------------------------------------------------------------

// What must hold in every round, guarded or not: every attempt is accounted for, each "ok" left
// exactly one person holding a free place, a refusal left none, and nothing failed for another
// reason (store.busy, …).
void check_harness(const RoundResult& result) {
  CHECK(result.tally.other.empty());
  CHECK(result.tally.attempts() == kAttempts);
  CHECK(result.tally.taken == result.free_persons);
  CHECK(result.persons == result.free_persons);
}

// BDG-2 with the guard on: never beyond the places, exactly the places taken, everyone else
// refused with quota.exhausted, and `used` agrees with the persons holding a place.
void check_guarded(const RoundResult& result) {
  INFO(describe(result));
  check_harness(result);
  CHECK(result.free_persons <= kPlaces);
  CHECK(result.tally.taken == kPlaces);
  CHECK(result.tally.exhausted == kAttempts - kPlaces);
  CHECK(result.used == result.free_persons);
}

// Runs unguarded rounds on fresh stores until one oversubscribes the quota (bounded), and
// requires that one did: otherwise the harness could not tell a working guard from no race.
template <typename RunRound>
void require_race_observed(const RunRound& run_round) {
  std::string log;
  bool observed = false;
  for (int round = 1; round <= kControlRoundLimit && !observed; ++round) {
    RaceStore store;
    const RoundResult result = run_round(store);
    INFO("unguarded round " << round << ": " << describe(result));
    check_harness(result);
    log += "unguarded round " + std::to_string(round) + ": " + describe(result) + "\n";
    observed = result.free_persons > kPlaces;
  }
  INFO(log);
  REQUIRE(observed);
}

template <typename RunRound>
void check_guarded_rounds(const RunRound& run_round) {
  for (int round = 1; round <= kGuardedRounds; ++round) {
    INFO("guarded round " << round);
    RaceStore store;
    check_guarded(run_round(store));
  }
}

}  // namespace

// The names avoid ';': catch_discover_tests would split them into two CTest entries.
TEST_CASE("threads: an unguarded control oversubscribes a free quota and the guard never does",
          "[concurrency][quota]") {
  {
    const GuardSetting unguarded(true);
    require_race_observed([](const RaceStore& store) { return run_thread_round(store); });
  }
  const GuardSetting guarded(false);
  check_guarded_rounds([](const RaceStore& store) { return run_thread_round(store); });
}

TEST_CASE("processes on one SQLite file: an unguarded control oversubscribes a free quota and "
          "the guard never does",
          "[concurrency][quota]") {
  const GuardSetting guarded(false);  // the workers set their own guard; ours stays on
  require_race_observed(
      [](const RaceStore& store) { return run_process_round(store, /*unguarded=*/true); });
  check_guarded_rounds(
      [](const RaceStore& store) { return run_process_round(store, /*unguarded=*/false); });
}
