// INV-5 under concurrency: invoice numbers are unique and gapless, whether the issuers are
// threads (one Registry each) or processes on one SQLite file. The scarce thing is the next
// number of a series: every issuer must get its own, and no number may be skipped.
//
// Each racer issues, as finance, the invoice of its own paid order (each order has a standing
// request), all released at the same moment. A negative control first shows, with the numbering
// guard disabled (the counter read before the issuing transaction, seen + 1 written inside it),
// that the harness does produce the race: racers that read the same counter value all number
// their invoice alike, and the store's UNIQUE number refuses every one but the first with
// store.constraint. Then the guarded rounds show that every racer gets a number, the numbers are
// distinct, and their sequences are exactly 1..N, with the counter at N.
//
// See docs/concurrency.md, "Invoice numbers".
#include <catch2/catch.hpp>


#include <algorithm>
#include <chrono>
#include <cstdint>
#include <latch>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ciie/registry.hpp"
#include "invoice/invoice_number.hpp"
#include "invoice/platform.hpp"
#include "support/paid_order_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/worker_group.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kRacers = 8;              // threads, or worker processes: one order each
constexpr int kControlRounds = 3;       // unguarded rounds always run (the measured outcome) …
constexpr int kControlRoundLimit = 20;  // … and more, up to this, until the race is seen
constexpr int kGuardedRounds = 4;       // on one store: its numbers must run 1..8, 1..16, …
constexpr auto kRoundTimeout = std::chrono::seconds(30);  // processes are killed past this
constexpr int kFirstUnit = 100;    // unit (USCC) indices kFirstUnit, kFirstUnit + 1, …
constexpr int kFirstPerson = 100;  // person (document) numbers: one person per unit, distinct

const std::string kNow = "2024-06-03T10:00:00+08:00";  // the pinned clock, in every racer
const std::string kConstraint = "store.constraint";

// Sets the numbering guard for the scope of a test and always turns it back on, even when an
// assertion throws: no other test may ever run unguarded.
class GuardSetting {
 public:
  explicit GuardSetting(bool disabled) {
    invoice::testing::set_numbering_guard_disabled(disabled);
  }
  ~GuardSetting() { invoice::testing::set_numbering_guard_disabled(false); }
  GuardSetting(const GuardSetting&) = delete;
  GuardSetting& operator=(const GuardSetting&) = delete;
};

Options options_for(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.rules = Rules::seventh_edition();
  options.busy_timeout_ms = 30'000;  // racers queue for the write lock; never store.busy here
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse(kNow));
  return options;
}

// A fresh initialised SQLite file holding `orders` paid orders, each of its own Shanghai
// enterprise with one person (its own document number), paid by transfer and with a standing
// special-invoice request. Nothing is invoiced yet. No connection stays open: the racers bring
// their own.
class RaceStore {
 public:
  explicit RaceStore(int orders) : path_(test::store_location(dir_.file("ciie.db"))) {
    auto opened = Registry::open(options_for(path_, true));
    REQUIRE(opened.is_ok());
    Registry& registry = **opened;
    REQUIRE(registry.init(Actor::organizer()).is_ok());
    for (int i = 0; i < orders; ++i) {
      const test::PaidOrder paid =
          test::paid_by_transfer(registry, kFirstUnit + i, kFirstPerson + i, 1);
      REQUIRE(paid.order.state == OrderState::kPaid);
      auto requested = registry.request_invoice(Actor::unit(paid.unit),
                                                test::special_request(paid.order.number));
      INFO(requested.status().to_string());
      REQUIRE(requested.is_ok());
      orders_.push_back(paid.order.number);
    }
  }
  const std::string& path() const { return path_; }
  // The orders racers 0 … kRacers - 1 of round `round` (from 0) invoice.
  std::vector<std::string> orders_of_round(int round) const {
    const std::size_t first = static_cast<std::size_t>(round) * kRacers;
    REQUIRE(first + kRacers <= orders_.size());
    const auto begin = orders_.begin() + static_cast<std::ptrdiff_t>(first);
    return {begin, begin + kRacers};
  }

 private:
  test::TempDir dir_;
  std::string path_;
  std::vector<std::string> orders_;
};

// Every racer's outcome, counted: an invoice number, store.constraint (the unguarded numbering
// took a number that was committed first), or anything else (a harness or library failure).
struct Tally {
  std::int64_t issued = 0;
  std::int64_t constraint = 0;
  std::vector<std::string> other;
  std::int64_t attempts() const {
    return issued + constraint + static_cast<std::int64_t>(other.size());
  }
  void add(const std::string& outcome) {
    if (invoice::is_invoice_number(outcome)) {
      ++issued;
    } else if (outcome == kConstraint) {
      ++constraint;
    } else {
      other.push_back(outcome);
    }
  }
};

// One round: what the racers saw (outcomes[i] is racer i's, for orders[i]) and what the store
// holds afterwards (every invoice of the store, not only this round's).
struct RoundResult {
  std::vector<std::string> orders;
  std::vector<std::string> outcomes;
  Tally tally;
  std::vector<Invoice> invoices;
  std::vector<std::pair<std::string, std::int64_t>> counters;  // invoice_sequence rows
  std::int64_t issue_audits = 0;  // `invoice.issue` entries
  double seconds = 0;

  std::int64_t invoice_count() const { return static_cast<std::int64_t>(invoices.size()); }
  std::int64_t distinct_numbers() const {
    std::set<std::string> numbers;
    for (const Invoice& i : invoices) numbers.insert(i.number);
    return static_cast<std::int64_t>(numbers.size());
  }
  // True when the sequences of the store's invoices are exactly 1 … invoice_count().
  bool gapless() const {
    std::vector<std::int64_t> sequences;
    for (const Invoice& i : invoices) {
      if (!invoice::is_invoice_number(i.number)) return false;
      sequences.push_back(invoice::sequence_of(i.number));
    }
    std::sort(sequences.begin(), sequences.end());
    for (std::size_t k = 0; k < sequences.size(); ++k) {
      if (sequences[k] != static_cast<std::int64_t>(k) + 1) return false;
    }
    return true;
  }
  std::int64_t highest_sequence() const {
    std::int64_t highest = 0;
    for (const Invoice& i : invoices) {
      if (invoice::is_invoice_number(i.number)) {
        highest = std::max(highest, invoice::sequence_of(i.number));
      }
    }
    return highest;
  }
};

std::string describe(const RoundResult& r) {
  std::ostringstream out;
  out << "issued=" << r.tally.issued << " constraint=" << r.tally.constraint
      << " other=" << r.tally.other.size() << " | invoices=" << r.invoice_count()
      << " distinct=" << r.distinct_numbers() << " highest=" << r.highest_sequence()
      << (r.gapless() ? " gapless" : " GAP") << " counter=";
  if (r.counters.empty()) out << "none";
  for (std::size_t k = 0; k < r.counters.size(); ++k) {
    out << (k == 0 ? "" : ",") << r.counters[k].first << ":" << r.counters[k].second;
  }
  out << " invoice.issue=" << r.issue_audits << " ("
      << static_cast<int>(r.seconds * 1000) << " ms)";
  for (const std::string& o : r.tally.other) out << " [" << o << "]";
  return out.str();
}

// The counter rows, read with SQL: the Registry does not show them, and the test must see
// every series (one is expected).
std::vector<std::pair<std::string, std::int64_t>> read_counters(const std::string& path) {
  std::vector<std::pair<std::string, std::int64_t>> rows;
  for (const auto& row :
       test::query_store(path, "SELECT series, last FROM invoice_sequence ORDER BY series")) {
    rows.emplace_back(row.at(0), std::stoll(row.at(1)));
  }
  return rows;
}

// Reads the invoices (as finance), the `invoice.issue` entries and the counter through fresh
// connections.
void observe(const RaceStore& store, RoundResult& result) {
  auto opened = Registry::open(options_for(store.path(), false));
  REQUIRE(opened.is_ok());
  Registry& registry = **opened;
  InvoiceFilter everything;
  everything.limit = 10'000;
  auto invoices = registry.invoices(Actor::finance(), everything);
  INFO(invoices.status().to_string());
  REQUIRE(invoices.is_ok());
  result.invoices = std::move(invoices).value();
  AuditQuery query;
  query.action = "invoice.issue";
  query.limit = 10'000;
  auto entries = registry.audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  result.issue_audits = static_cast<std::int64_t>(entries->size());
  result.counters = read_counters(store.path());
}

// ---- threads ------------------------------------------------------------------------------

// One racer thread: opens its own Registry, waits for every other racer, then issues the
// invoice of `order` once, as finance. Returns the number or the refusal's reason key. Never
// throws (Catch2 assertions are not thread-safe, so the main thread judges the outcomes).
std::string issue(const std::string& path, const std::string& order, std::latch& start) {
  std::unique_ptr<Registry> registry;
  std::string opened;
  try {
    auto result = Registry::open(options_for(path, false));
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
    const auto issued = registry->issue_invoice(Actor::finance(), order);
    return issued.is_ok() ? issued->number : issued.status().reason();
  } catch (const std::exception& e) {
    return std::string("exception:") + e.what();
  }
}

RoundResult run_thread_round(const RaceStore& store, int round) {
  RoundResult result;
  result.orders = store.orders_of_round(round);
  result.outcomes.resize(kRacers);
  const auto started = SteadyClock::now();
  std::latch start(kRacers);
  std::vector<std::thread> racers;
  for (int t = 0; t < kRacers; ++t) {
    racers.emplace_back(
        [&, t] { result.outcomes[t] = issue(store.path(), result.orders[t], start); });
  }
  for (std::thread& racer : racers) racer.join();
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  for (const std::string& outcome : result.outcomes) result.tally.add(outcome);
  observe(store, result);
  return result;
}

// ---- processes ----------------------------------------------------------------------------

// kRacers `ciie_race_worker --issue-invoice` processes on one store, one order each, started and
// released together by a test::WorkerGroup (as in referral_race_test.cpp).
std::vector<std::vector<std::string>> worker_argvs(const RaceStore& store,
                                                   const std::vector<std::string>& orders,
                                                   bool unguarded) {
  std::vector<std::vector<std::string>> argvs;
  for (const std::string& order : orders) {
    std::vector<std::string> argv = {CIIE_RACE_WORKER_PATH, "--store", store.path(),
                                     "--issue-invoice",     order,     "--now",
                                     kNow,                  "--barrier"};
    if (unguarded) argv.emplace_back("--unguarded");
    argvs.push_back(std::move(argv));
  }
  return argvs;
}

// One outcome per worker, in start order: its one line after "ready", or what went wrong
// instead (a timeout, a bad exit status, a missing "ready", not exactly one outcome line), which
// the tally counts as `other`.
std::vector<std::string> outcomes_of(const std::vector<test::WorkerResult>& workers) {
  std::vector<std::string> outcomes;
  for (const test::WorkerResult& worker : workers) {
    const std::vector<std::string> failures = worker.failures();
    if (!failures.empty()) {
      outcomes.push_back(failures.front());
    } else if (worker.lines.size() != 1) {
      outcomes.push_back("outcome-lines:" + std::to_string(worker.lines.size()));
    } else {
      outcomes.push_back(worker.lines.front());
    }
  }
  return outcomes;
}

RoundResult run_process_round(const RaceStore& store, int round, bool unguarded) {
  RoundResult result;
  result.orders = store.orders_of_round(round);
  const auto started = SteadyClock::now();
  const auto deadline = started + kRoundTimeout;
  {
    test::WorkerGroup workers(worker_argvs(store, result.orders, unguarded));
    if (!workers.release(deadline)) {
      result.tally.add("timeout before ready");
      return result;
    }
    result.outcomes = outcomes_of(workers.collect(deadline));
  }
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  for (const std::string& outcome : result.outcomes) result.tally.add(outcome);
  observe(store, result);
  return result;
}

// ---- judging rounds -----------------------------------------------------------------------

// What must hold in every round, guarded or not. The harness: every racer is accounted for, and
// answered a number or store.constraint (no store.busy, no other failure); a number is the
// stored blue invoice of that racer's order, and a refusal left its order without an invoice;
// each stored invoice has its `invoice.issue` entry. The store's UNIQUE number, which holds
// guard or not: no number is stored twice. `before` is how many invoices the store held before
// the round.
void check_harness(const RoundResult& r, std::int64_t before) {
  CHECK(r.tally.other.empty());
  CHECK(r.tally.attempts() == kRacers);
  REQUIRE(r.outcomes.size() == r.orders.size());
  std::map<std::string, const Invoice*> by_number;
  std::map<std::string, int> per_order;
  for (const Invoice& i : r.invoices) {
    by_number[i.number] = &i;
    ++per_order[i.order];
  }
  for (std::size_t k = 0; k < r.orders.size(); ++k) {
    INFO("racer " << k << " order " << r.orders[k] << ": " << r.outcomes[k]);
    if (invoice::is_invoice_number(r.outcomes[k])) {
      const auto found = by_number.find(r.outcomes[k]);
      REQUIRE(found != by_number.end());
      CHECK(found->second->order == r.orders[k]);
      CHECK(found->second->kind == InvoiceKind::kBlue);
      CHECK(per_order[r.orders[k]] == 1);
    } else {
      CHECK(per_order[r.orders[k]] == 0);
    }
  }
  CHECK(r.invoice_count() == before + r.tally.issued);
  CHECK(r.distinct_numbers() == r.invoice_count());
  CHECK(r.issue_audits == r.invoice_count());
}

// INV-5 with the guard on: every racer got a number, and the store's numbers (this round's and
// every earlier round's) run exactly 1 … N in one series whose counter reads N.
void check_guarded(const RoundResult& r, std::int64_t before) {
  INFO(describe(r));
  check_harness(r, before);
  CHECK(r.tally.issued == kRacers);
  CHECK(r.tally.constraint == 0);
  CHECK(r.invoice_count() == before + kRacers);
  CHECK(r.gapless());
  REQUIRE(r.counters.size() == 1);
  CHECK(r.counters.front().second == r.invoice_count());
  for (const Invoice& i : r.invoices) CHECK(i.number.substr(0, 5) == r.counters.front().first);
}

// Runs unguarded rounds, each on a fresh store: kControlRounds always (their tallies are the
// measured outcome, printed with -s), then more until the race is seen (bounded), and requires
// that it was: otherwise the harness could not tell a working guard from no race. The race is
// seen when a racer was refused store.constraint (it numbered its invoice like an earlier one),
// or the store's numbers have a gap.
template <typename RunRound>
void require_race_observed(const char* what, const RunRound& run_round) {
  std::string log;
  int observed = 0;
  int round = 1;
  for (; round <= kControlRoundLimit && (round <= kControlRounds || observed == 0); ++round) {
    RaceStore store(kRacers);
    const RoundResult result = run_round(store, 0);
    const std::string line =
        std::string(what) + " unguarded round " + std::to_string(round) + ": " + describe(result);
    INFO(line);
    check_harness(result, 0);
    log += line + "\n";
    if (result.tally.constraint > 0 || !result.gapless()) ++observed;
  }
  log += std::to_string(observed) + " of " + std::to_string(round - 1) +
         " unguarded rounds numbered two invoices alike\n";
  INFO(log);
  REQUIRE(observed > 0);
}

// kGuardedRounds rounds on one store: each round's racers invoice orders no earlier round
// touched, and after each round the store's numbers must run 1 … kRacers × round.
template <typename RunRound>
void check_guarded_rounds(const char* what, const RunRound& run_round) {
  RaceStore store(kRacers * kGuardedRounds);
  for (int round = 0; round < kGuardedRounds; ++round) {
    const RoundResult result = run_round(store, round);
    INFO(what << " guarded round " << round + 1);
    check_guarded(result, static_cast<std::int64_t>(round) * kRacers);
  }
}

}  // namespace

// The names avoid ';': catch_discover_tests would split them into two CTest entries.
TEST_CASE("threads: an unguarded control numbers two invoices alike and the guard never does",
          "[concurrency][invoice]") {
  {
    const GuardSetting unguarded(true);
    require_race_observed("threads", [](const RaceStore& store, int round) {
      return run_thread_round(store, round);
    });
  }
  const GuardSetting guarded(false);
  check_guarded_rounds("threads", [](const RaceStore& store, int round) {
    return run_thread_round(store, round);
  });
}

TEST_CASE("processes on one SQLite file: an unguarded control numbers two invoices alike and "
          "the guard never does",
          "[concurrency][invoice]") {
  const GuardSetting guarded(false);  // the workers set their own guard; ours stays on
  require_race_observed("processes", [](const RaceStore& store, int round) {
    return run_process_round(store, round, /*unguarded=*/true);
  });
  check_guarded_rounds("processes", [](const RaceStore& store, int round) {
    return run_process_round(store, round, /*unguarded=*/false);
  });
}
