// EVT-1 under concurrency: the places of an event are never oversubscribed when worker processes
// apply at once on one SQLite file, and `taken` always equals the persons who applied. A negative
// control first shows, with the guard disabled, that the harness does produce the race. See
// docs/match.md, "Capacity under concurrency".
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"
#include "support/match_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/worker_group.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kCapacity = 3;
constexpr int kRacers = 8;  // worker processes, one unit each, one person each
constexpr int kControlRoundLimit = 20;
constexpr int kGuardedRounds = 5;
constexpr auto kRoundTimeout = std::chrono::seconds(30);
constexpr const char* kEvent = "EVT-RACE";

Options options_for(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.busy_timeout_ms = 30'000;
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  return options;
}

// A fresh store with one open event of kCapacity places and kRacers units. No connection stays
// open: the racers bring their own.
class RaceStore {
 public:
  RaceStore() : path_(test::store_location(dir_.file("ciie.db"))) {
    auto registry = Registry::open(options_for(path_, true));
    REQUIRE(registry.is_ok());
    REQUIRE((*registry)->init(Actor::organizer()).is_ok());
    test::StringInput input(
        "code,name,starts_on,organiser,open,capacity\n" + std::string(kEvent) +
            ",竞争测试活动,2024-11-06,中国国际进口博览局,yes," + std::to_string(kCapacity) + "\n",
        Registry::event_columns(), Registry::event_required_columns());
    auto imported = (*registry)->import_events(Actor::organizer(), *input.reader, BulkOptions{},
                                               [](const RowOutcome&) {});
    REQUIRE(imported.is_ok());
    REQUIRE(imported->failed == 0);
    for (int i = 0; i < kRacers; ++i) units_.push_back(test::register_enterprise(**registry, 100 + i));
  }
  const std::string& path() const { return path_; }
  const std::string& unit(int i) const { return units_[static_cast<std::size_t>(i)]; }

 private:
  test::TempDir dir_;
  std::string path_;
  std::vector<std::string> units_;
};

struct RoundResult {
  std::int64_t ok = 0;
  std::int64_t full = 0;
  std::vector<std::string> other;
  std::int64_t applied_persons = 0;  // persons of the stored applications: the places really taken
  std::int64_t taken = 0;            // event.taken
};

std::string describe(const RoundResult& r) {
  std::ostringstream out;
  out << "ok=" << r.ok << " full=" << r.full << " other=" << r.other.size()
      << " applied_persons=" << r.applied_persons << " taken=" << r.taken
      << " capacity=" << kCapacity;
  for (const std::string& o : r.other) out << " [" << o << "]";
  return out.str();
}

// kRacers workers, one unit each, started and released together by a test::WorkerGroup.
std::vector<std::vector<std::string>> worker_argvs(const RaceStore& store, bool unguarded) {
  std::vector<std::vector<std::string>> argvs;
  for (int w = 0; w < kRacers; ++w) {
    std::vector<std::string> argv = {CIIE_EVENT_RACE_WORKER_PATH, "--store", store.path(),
                                     "--event", kEvent, "--unit", store.unit(w), "--barrier"};
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
      } else if (line == "event.full") {
        ++result.full;
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
  auto applications = (*registry)->event_applications(Actor::organizer(), kEvent);
  REQUIRE(applications.is_ok());
  for (const EventApplication& a : *applications) result.applied_persons += a.persons;
  result.taken = (*registry)->event(Actor::organizer(), kEvent)->taken;
  return result;
}

// Guarded or not: every attempt accounted for, each "ok" left exactly one application.
void check_harness(const RoundResult& r) {
  CHECK(r.other.empty());
  CHECK(r.ok + r.full == kRacers);
  CHECK(r.ok == r.applied_persons);
}

}  // namespace

TEST_CASE("processes on one SQLite file: an unguarded control overbooks an event and the guard "
          "never does",
          "[concurrency][events]") {
  std::string log;
  bool observed = false;
  for (int round = 1; round <= kControlRoundLimit && !observed; ++round) {
    RaceStore store;
    const RoundResult result = run_round(store, /*unguarded=*/true);
    INFO("unguarded round " << round << ": " << describe(result));
    check_harness(result);
    log += "unguarded round " + std::to_string(round) + ": " + describe(result) + "\n";
    observed = result.applied_persons > kCapacity;
  }
  INFO(log);
  REQUIRE(observed);

  for (int round = 1; round <= kGuardedRounds; ++round) {
    RaceStore store;
    const RoundResult result = run_round(store, /*unguarded=*/false);
    INFO("guarded round " << round << ": " << describe(result));
    check_harness(result);
    CHECK(result.applied_persons == kCapacity);
    CHECK(result.ok == kCapacity);
    CHECK(result.full == kRacers - kCapacity);
    CHECK(result.taken == result.applied_persons);
  }
}
