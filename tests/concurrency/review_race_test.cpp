// REV-2 and BDG-2 under concurrency. Reviewers — threads, each with its own Registry on one SQLite
// file — decide the same submitted unit at the same moment: exactly one decision lands, the
// others get review.not_pending, and the audit trail holds exactly one decision. With the review
// guard disabled (a negative control) the same harness must see more than one decision land,
// or it could not tell a working guard from no race at all. And adders racing for the last free
// places of a quota never take more than it has.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <latch>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"
#include "registry/review_flow.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kReviewers = 8;
constexpr int kControlRoundLimit = 20;  // the negative control must see the race within these
constexpr int kGuardedRounds = 10;
constexpr int kAdders = 8;
constexpr std::int64_t kQuotaPlaces = 2;
constexpr int kQuotaRounds = 5;

// Sets the review guard for the scope of a test and always turns it back on, even when an
// assertion throws: no other test may ever run unguarded.
class ReviewGuardSetting {
 public:
  explicit ReviewGuardSetting(bool disabled) {
    registry::testing::set_review_guard_disabled(disabled);
  }
  ~ReviewGuardSetting() { registry::testing::set_review_guard_disabled(false); }
  ReviewGuardSetting(const ReviewGuardSetting&) = delete;
  ReviewGuardSetting& operator=(const ReviewGuardSetting&) = delete;
};

Rules quota_rules() {
  Rules rules = Rules::seventh_edition();
  for (Delegation& d : rules.delegations) {
    if (d.slug == "zhejiang") d.free_quota["full"] = kQuotaPlaces;
  }
  return rules;
}

Options options_for(const std::string& path, bool create, const Rules& rules) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.rules = rules;
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

// A valid cn_id number, distinct for every n below 999 × 28.
std::string cn_id(int n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", 1 + (n / 999) % 28, n % 999 + 1);
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

PersonRequest person(int n, bool free_badge) {
  PersonRequest r;
  r.name = "竞争者" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "1390000" + std::to_string(1000 + n);
  r.badge_type = "full";
  r.free_badge = free_badge;
  return r;
}

// A fresh initialised SQLite file. No connection stays open between uses: the racers bring
// their own.
class RaceStore {
 public:
  explicit RaceStore(Rules rules = Rules::seventh_edition())
      : rules_(std::move(rules)), path_(test::store_location(dir_.file("ciie.db"))) {
    auto registry = Registry::open(options_for(path_, true, rules_));
    REQUIRE(registry.is_ok());
    REQUIRE((*registry)->init(Actor::organizer()).is_ok());
  }
  const std::string& path() const { return path_; }
  const Rules& rules() const { return rules_; }
  std::unique_ptr<Registry> open() const {
    auto registry = Registry::open(options_for(path_, false, rules_));
    REQUIRE(registry.is_ok());
    return std::move(registry).value();
  }

  // Registers the government unit `index` in Hangzhou (on behalf) and returns its account.
  std::string register_government(std::int64_t index) const {
    auto registry = open();
    RegisterRequest r;
    r.uscc = hangzhou_uscc(index);
    r.name = "杭州市竞争测试局" + std::to_string(index);
    r.category = UnitCategory::kGovernment;
    r.consent = true;
    r.phone = "13812345678";
    auto registered = registry->register_unit(Actor::organizer(), r);
    INFO(registered.status().to_string());
    REQUIRE(registered.is_ok());
    return registered->unit.account;
  }

  // A new unit waiting in delegation:zhejiang's queue, with one person submitted with it.
  std::string submitted_unit(std::int64_t index) const {
    const std::string account = register_government(index);
    auto registry = open();
    auto added = registry->add_person(Actor::organizer(), account,
                                      person(static_cast<int>(index), false));
    INFO(added.status().to_string());
    REQUIRE(added.is_ok());
    auto submitted = registry->submit(Actor::organizer(), account, SubmitRequest{});
    INFO(submitted.status().to_string());
    REQUIRE(submitted.is_ok());
    REQUIRE(submitted->unit.state == UnitState::kSubmitted);
    REQUIRE(submitted->queue == "delegation:zhejiang");
    return account;
  }

 private:
  test::TempDir dir_;
  Rules rules_;
  std::string path_;
};

// ---- the review race ----------------------------------------------------------------------

// Every reviewer's outcome, counted.
struct Tally {
  std::int64_t decided = 0;      // "ok"
  std::int64_t not_pending = 0;  // "review.not_pending"
  std::vector<std::string> other;
  std::int64_t attempts() const {
    return decided + not_pending + static_cast<std::int64_t>(other.size());
  }
  void add(const std::string& outcome) {
    if (outcome == "ok") {
      ++decided;
    } else if (outcome == "review.not_pending") {
      ++not_pending;
    } else {
      other.push_back(outcome);
    }
  }
};

struct ReviewRound {
  std::string account;
  Tally tally;
  std::int64_t decisions_audited = 0;  // review.approve + review.reject entries for the unit
  std::string final_state;
  std::vector<std::string> winners;  // the decisions that reported success
  double seconds = 0;
};

std::string describe(const ReviewRound& r) {
  std::ostringstream out;
  out << r.account << ": ok=" << r.tally.decided << " not_pending=" << r.tally.not_pending
      << " other=" << r.tally.other.size() << " audited=" << r.decisions_audited
      << " state=" << r.final_state << " (" << static_cast<int>(r.seconds * 1000) << " ms)";
  for (const std::string& w : r.winners) out << " won:" << w;
  for (const std::string& o : r.tally.other) out << " [" << o << "]";
  return out.str();
}

// The reviewer `i` of a round: who it acts as and what it decides. All three actors may decide
// a Hangzhou unit in delegation:zhejiang's queue (REV-2; the sub-delegation for its own units).
Actor reviewer(int i) {
  switch (i % 3) {
    case 0:
      return Actor::delegation("zhejiang");
    case 1:
      return Actor::delegation("zhejiang-3301");
    default:
      return Actor::organizer();
  }
}

UnitDecision decision_of(int i, const std::string& account) {
  if (i % 2 == 0) return {account, Decision::kApprove, ""};
  return {account, Decision::kReject, "资料不全 (reviewer " + std::to_string(i) + ")"};
}

// One racer thread: opens its own Registry, waits for every other racer, then runs `act` once
// and returns "ok" or the refusal's reason key. Never throws (Catch2 assertions are not
// thread-safe; the main thread judges the outcomes).
std::string race_once(const RaceStore& store, std::latch& start,
                      const std::function<Status(Registry&)>& act) {
  std::unique_ptr<Registry> registry;
  std::string opened;
  try {
    auto result = Registry::open(options_for(store.path(), false, store.rules()));
    if (result.is_ok()) {
      registry = std::move(result).value();
    } else {
      opened = "open:" + result.status().reason();
    }
  } catch (const std::exception& e) {
    opened = std::string("exception:") + e.what();
  }
  start.arrive_and_wait();
  if (!registry) return opened;
  try {
    const Status status = act(*registry);
    return status.is_ok() ? std::string("ok") : status.reason();
  } catch (const std::exception& e) {
    return std::string("exception:") + e.what();
  }
}

// One reviewer: decides once.
std::string decide(const RaceStore& store, int i, const std::string& account, std::latch& start) {
  return race_once(store, start, [&](Registry& registry) {
    return registry.review_unit(reviewer(i), decision_of(i, account)).status();
  });
}

ReviewRound run_review_round(const RaceStore& store, std::int64_t index) {
  ReviewRound round;
  round.account = store.submitted_unit(index);
  const auto started = SteadyClock::now();
  std::latch start(kReviewers);
  std::vector<std::string> outcomes(kReviewers);
  std::vector<std::thread> reviewers;
  for (int i = 0; i < kReviewers; ++i) {
    reviewers.emplace_back([&, i] { outcomes[i] = decide(store, i, round.account, start); });
  }
  for (std::thread& t : reviewers) t.join();
  round.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  for (int i = 0; i < kReviewers; ++i) {
    round.tally.add(outcomes[i]);
    if (outcomes[i] == "ok") {
      round.winners.push_back(reviewer(i).to_string() + "/" +
                              std::string(to_string(decision_of(i, round.account).decision)));
    }
  }
  auto registry = store.open();
  AuditQuery query;
  query.subject = "unit:" + round.account;
  query.limit = 1000;
  auto entries = registry->audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  for (const AuditEntry& e : *entries) {
    if (e.action == "review.approve" || e.action == "review.reject") ++round.decisions_audited;
  }
  auto unit = registry->unit(Actor::organizer(), round.account);
  REQUIRE(unit.is_ok());
  round.final_state = std::string(to_string(unit->state));
  return round;
}

// What must hold in every round, guarded or not: every reviewer is accounted for, each success
// wrote exactly one audit entry, and nothing failed for another reason (store.busy, …).
void check_harness(const ReviewRound& round) {
  CHECK(round.tally.other.empty());
  CHECK(round.tally.attempts() == kReviewers);
  CHECK(round.decisions_audited == round.tally.decided);
  CHECK(round.final_state != "submitted");
}

void check_guarded(const ReviewRound& round) {
  INFO(describe(round));
  check_harness(round);
  CHECK(round.tally.decided == 1);
  CHECK(round.tally.not_pending == kReviewers - 1);
  CHECK(round.decisions_audited == 1);
  // The unit is in the state the one successful decision put it in.
  REQUIRE(round.winners.size() == 1);
  const bool approved = round.winners.front().find("/approve") != std::string::npos;
  CHECK(round.final_state == (approved ? "approved" : "rejected"));
}

// ---- the quota race -----------------------------------------------------------------------

struct QuotaRound {
  std::int64_t taken = 0;      // "ok"
  std::int64_t exhausted = 0;  // "quota.exhausted"
  std::vector<std::string> other;
  std::int64_t used = 0;          // free_quota.used afterwards
  std::int64_t free_persons = 0;  // persons holding a free place afterwards
  std::int64_t persons = 0;       // persons of the two units
};

std::string describe(const QuotaRound& r) {
  std::ostringstream out;
  out << "taken=" << r.taken << " exhausted=" << r.exhausted << " other=" << r.other.size()
      << " used=" << r.used << " free_persons=" << r.free_persons << " persons=" << r.persons;
  for (const std::string& o : r.other) out << " [" << o << "]";
  return out.str();
}

// One unit adding one free-badge person.
std::string add_free(const RaceStore& store, const std::string& account, int n,
                     std::latch& start) {
  return race_once(store, start, [&](Registry& registry) {
    return registry.add_person(Actor::unit(account), account, person(n, true)).status();
  });
}

QuotaRound run_quota_round() {
  const RaceStore store(quota_rules());
  // Two units of the same delegation share its places.
  const std::string units[] = {store.register_government(1), store.register_government(2)};
  std::latch start(kAdders);
  std::vector<std::string> outcomes(kAdders);
  std::vector<std::thread> adders;
  for (int i = 0; i < kAdders; ++i) {
    adders.emplace_back([&, i] { outcomes[i] = add_free(store, units[i % 2], 100 + i, start); });
  }
  for (std::thread& t : adders) t.join();
  QuotaRound round;
  for (const std::string& outcome : outcomes) {
    if (outcome == "ok") {
      ++round.taken;
    } else if (outcome == "quota.exhausted") {
      ++round.exhausted;
    } else {
      round.other.push_back(outcome);
    }
  }
  auto raw = store::open_store(store.path(), store::StoreOptions{});
  REQUIRE(raw.is_ok());
  auto quota = (*raw)->find_quota("zhejiang", "", "full");
  REQUIRE(quota.is_ok());
  REQUIRE(quota->has_value());
  round.used = (*quota)->used;
  auto registry = store.open();
  for (const std::string& account : units) {
    auto persons = registry->persons(Actor::organizer(), account, PersonFilter{});
    REQUIRE(persons.is_ok());
    round.persons += static_cast<std::int64_t>(persons->persons.size());
    for (const Person& p : persons->persons) {
      if (p.free_badge) ++round.free_persons;
    }
  }
  return round;
}

}  // namespace

// The names avoid ';': catch_discover_tests would split them into two CTest entries.
TEST_CASE("threads: an unguarded control lands two decisions on one unit and the guard never "
          "does",
          "[concurrency][review]") {
  const RaceStore store;
  std::int64_t next_unit = 1;
  {
    const ReviewGuardSetting unguarded(true);
    std::string log;
    bool observed = false;
    for (int round = 1; round <= kControlRoundLimit && !observed; ++round) {
      const ReviewRound result = run_review_round(store, next_unit++);
      INFO("unguarded round " << round << ": " << describe(result));
      check_harness(result);
      log += "unguarded round " + std::to_string(round) + ": " + describe(result) + "\n";
      observed = result.tally.decided > 1;
    }
    INFO(log);
    REQUIRE(observed);
  }
  const ReviewGuardSetting guarded(false);
  for (int round = 1; round <= kGuardedRounds; ++round) {
    INFO("guarded round " << round);
    check_guarded(run_review_round(store, next_unit++));
  }
}

TEST_CASE("threads racing for the last free places never take more than the quota",
          "[concurrency][quota]") {
  for (int round = 1; round <= kQuotaRounds; ++round) {
    const QuotaRound result = run_quota_round();
    INFO("round " << round << ": " << describe(result));
    CHECK(result.other.empty());
    CHECK(result.taken + result.exhausted + static_cast<std::int64_t>(result.other.size()) ==
          kAdders);
    CHECK(result.used <= kQuotaPlaces);
    CHECK(result.taken == kQuotaPlaces);
    CHECK(result.exhausted == kAdders - kQuotaPlaces);
    CHECK(result.used == result.free_persons);
    CHECK(result.persons == result.taken);  // a refused add leaves no person behind
  }
}
