// PAY-2 under concurrency: an order is paid once, whatever the number of gateway notices racing
// for it, whether the deliverers are threads (one Registry each) or processes on one SQLite file.
//
// 1. Different transactions racing for one open order (the scarce thing: the order can be paid
//    once): exactly one confirms, every other is kept flagged payment.already_paid, the store
//    holds one confirmed payment and one `order.paid` entry. A negative control first shows,
//    with the payment guard disabled, that the harness does produce the race (more than one
//    racer confirms).
// 2. The same notice delivered concurrently (one transaction id): exactly one confirms, the
//    others answer "duplicate", one payment row holds that transaction id. There is no negative
//    control that could show a double recording here: the unique index `payment_transaction`
//    makes a second row with the same transaction id impossible, guard or not. The unguarded
//    rounds check exactly that defence in depth instead (racers may answer duplicate or fail,
//    the store never holds the transaction twice).
//
// See docs/concurrency.md, "Payment confirmation".
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <latch>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/registry.hpp"
#include "payment/notice.hpp"
#include "registry/payment_flow.hpp"
#include "support/order_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/worker_group.hpp"

using namespace ciie;

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kRacers = 8;            // threads, or worker processes
constexpr int kPersons = 2;           // persons of the order (full badges, not free)
constexpr int kControlRounds = 3;     // unguarded rounds always run (the measured outcome) …
constexpr int kControlRoundLimit = 20;  // … and more, up to this, until the race is seen
constexpr int kGuardedRounds = 4;
constexpr int kDefenceRounds = 3;     // unguarded rounds of the same-transaction race
constexpr auto kRoundTimeout = std::chrono::seconds(30);  // processes are killed past this

const std::string kGateway = "wechat";
const std::string kSecret = "payment-race-secret";
const std::string kNow = "2024-06-03T10:00:00+08:00";  // the pinned clock, in every racer
const std::string kAlreadyPaid = "flagged payment.already_paid";

// Sets the payment guard for the scope of a test and always turns it back on, even when an
// assertion throws: no other test may ever run unguarded.
class GuardSetting {
 public:
  explicit GuardSetting(bool disabled) {
    registry::testing::set_payment_guard_disabled(disabled);
  }
  ~GuardSetting() { registry::testing::set_payment_guard_disabled(false); }
  GuardSetting(const GuardSetting&) = delete;
  GuardSetting& operator=(const GuardSetting&) = delete;
};

// The built-in rules plus one gateway keyed by kSecret. race_worker.cpp builds the same from
// its command line (--gateway, --secret).
Rules payment_rules() {
  Rules rules = Rules::seventh_edition();
  GatewayRules gateway;
  gateway.name = kGateway;
  gateway.base_url = "http://127.0.0.1:9";  // never called: a notice needs no intent
  gateway.secret = kSecret;
  rules.payment.gateways.push_back(gateway);
  return rules;
}

Options options_for(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.rules = payment_rules();
  options.busy_timeout_ms = 30'000;  // racers queue for the write lock; never store.busy here
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse(kNow));
  return options;
}

// A signed, fresh, successful notice of `transaction` paying `amount_fen` for `order`.
struct SignedNotice {
  std::string body;
  std::string signature;
};

SignedNotice notice_for(const std::string& transaction, const std::string& order,
                        std::int64_t amount_fen) {
  const nlohmann::json body = {{"gateway", kGateway},
                               {"transaction_id", transaction},
                               {"order", order},
                               {"status", "success"},
                               {"amount_fen", amount_fen},
                               {"timestamp", Instant::parse(kNow)->to_utc_string()}};
  SignedNotice notice;
  notice.body = body.dump();
  notice.signature = payment::sign_notice(kSecret, notice.body);
  return notice;
}

// A fresh initialised SQLite file holding one approved unit with kPersons persons awaiting
// payment and one open order for all of them. No connection stays open: the racers bring their
// own.
class RaceStore {
 public:
  RaceStore() : path_(test::store_location(dir_.file("ciie.db"))) {
    auto opened = Registry::open(options_for(path_, true));
    REQUIRE(opened.is_ok());
    Registry& registry = **opened;
    REQUIRE(registry.init(Actor::organizer()).is_ok());
    const test::ReadyUnit unit = test::ready_unit(registry, 1, 1, kPersons);
    account_ = unit.account;
    auto order = registry.create_order(Actor::organizer(), account_, OrderRequest{});
    INFO(order.status().to_string());
    REQUIRE(order.is_ok());
    REQUIRE(order->state == OrderState::kAwaitingPayment);
    REQUIRE(order->total.fen() > 0);
    order_ = order->number;
    total_fen_ = order->total.fen();
  }
  const std::string& path() const { return path_; }
  const std::string& order() const { return order_; }
  const std::string& account() const { return account_; }
  std::int64_t total_fen() const { return total_fen_; }
  // Writes a notice body for a worker process; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    return dir_.write(name, content);
  }

 private:
  test::TempDir dir_;
  std::string path_;
  std::string account_;
  std::string order_;
  std::int64_t total_fen_ = 0;
};

// The notices of a round: one per racer. Different transactions (scenario 1) or the same one
// for everybody (scenario 2), always for the order's full amount.
enum class Transactions { kDifferent, kSame };

std::vector<SignedNotice> notices_for(const RaceStore& store, Transactions transactions) {
  std::vector<SignedNotice> notices;
  for (int i = 0; i < kRacers; ++i) {
    const std::string id =
        transactions == Transactions::kSame ? std::string("tx-same") : "tx-" + std::to_string(i);
    notices.push_back(notice_for(id, store.order(), store.total_fen()));
  }
  return notices;
}

// One racer's outcome as a line: "confirmed", "duplicate", "failed", "flagged FLAG", or the
// refusal's reason key. ciie_race_worker --notice prints the same.
std::string outcome_line(const Result<NoticeOutcome>& outcome) {
  if (!outcome.is_ok()) return outcome.status().reason();
  if (outcome->outcome == "flagged") return "flagged " + outcome->payment.flag;
  return outcome->outcome;
}

// Every racer's outcome, counted.
struct Tally {
  std::int64_t confirmed = 0;
  std::int64_t already_paid = 0;  // "flagged payment.already_paid"
  std::int64_t duplicate = 0;
  std::vector<std::string> other;  // anything else: a harness or library failure
  std::int64_t attempts() const {
    return confirmed + already_paid + duplicate + static_cast<std::int64_t>(other.size());
  }
  void add(const std::string& outcome) {
    if (outcome == "confirmed") {
      ++confirmed;
    } else if (outcome == kAlreadyPaid) {
      ++already_paid;
    } else if (outcome == "duplicate") {
      ++duplicate;
    } else {
      other.push_back(outcome);
    }
  }
};

// One round: what the racers saw and what the store holds afterwards.
struct RoundResult {
  Tally tally;
  std::string order_state;
  std::int64_t payments = 0;            // payment rows of the order
  std::int64_t confirmed_rows = 0;      // … confirmed
  std::int64_t already_paid_rows = 0;   // … flagged payment.already_paid
  std::int64_t same_transaction_rows = 0;  // … with the transaction id "tx-same"
  std::int64_t order_paid_audits = 0;   // `order.paid` entries of the order
  std::int64_t notice_audits = 0;       // `payment.notice` entries (one per applied notice)
  std::int64_t persons_awaiting = 0;    // persons still `submitted` (not sent to review)
  double seconds = 0;
};

std::string describe(const RoundResult& r) {
  std::ostringstream out;
  out << "confirmed=" << r.tally.confirmed << " already_paid=" << r.tally.already_paid
      << " duplicate=" << r.tally.duplicate << " other=" << r.tally.other.size()
      << " | order=" << r.order_state << " payments=" << r.payments
      << " confirmed_rows=" << r.confirmed_rows << " already_paid_rows=" << r.already_paid_rows
      << " tx-same_rows=" << r.same_transaction_rows << " order.paid=" << r.order_paid_audits
      << " payment.notice=" << r.notice_audits << " persons_awaiting=" << r.persons_awaiting
      << " (" << static_cast<int>(r.seconds * 1000) << " ms)";
  for (const std::string& o : r.tally.other) out << " [" << o << "]";
  return out.str();
}

std::int64_t count_audit(Registry& registry, const std::string& subject,
                         const std::string& action) {
  AuditQuery query;
  query.subject = subject;
  query.action = action;
  query.limit = 10'000;
  auto entries = registry.audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  return static_cast<std::int64_t>(entries->size());
}

// Reads the order, its payments, the audit trail and the persons through a fresh connection.
void observe(const RaceStore& store, RoundResult& result) {
  auto opened = Registry::open(options_for(store.path(), false));
  REQUIRE(opened.is_ok());
  Registry& registry = **opened;
  auto order = registry.order(Actor::organizer(), store.order());
  REQUIRE(order.is_ok());
  result.order_state = std::string(to_string(order->state));
  auto payments = registry.payments(Actor::organizer(), store.order());
  REQUIRE(payments.is_ok());
  for (const Payment& p : *payments) {
    ++result.payments;
    if (p.state == PaymentState::kConfirmed) ++result.confirmed_rows;
    if (p.state == PaymentState::kFlagged && p.flag == "payment.already_paid") {
      ++result.already_paid_rows;
    }
    if (p.transaction_id == "tx-same") ++result.same_transaction_rows;
  }
  result.order_paid_audits = count_audit(registry, "order:" + store.order(), "order.paid");
  result.notice_audits = count_audit(registry, "", "payment.notice");
  auto persons = registry.persons(Actor::organizer(), store.account(), PersonFilter{});
  REQUIRE(persons.is_ok());
  for (const Person& p : persons->persons) {
    if (p.state == PersonState::kSubmitted) ++result.persons_awaiting;
  }
}

// ---- threads ------------------------------------------------------------------------------

// One racer thread: opens its own Registry, waits for every other racer, then delivers its
// notice once. Never throws (Catch2 assertions are not thread-safe, so the main thread judges
// the outcomes).
std::string deliver(const std::string& path, const SignedNotice& notice, std::latch& start) {
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
    return outcome_line(registry->accept_notice(notice.body, notice.signature));
  } catch (const std::exception& e) {
    return std::string("exception:") + e.what();
  }
}

RoundResult run_thread_round(const RaceStore& store, Transactions transactions) {
  const std::vector<SignedNotice> notices = notices_for(store, transactions);
  const auto started = SteadyClock::now();
  std::latch start(kRacers);
  std::vector<std::string> outcomes(kRacers);
  std::vector<std::thread> racers;
  for (int t = 0; t < kRacers; ++t) {
    racers.emplace_back([&, t] { outcomes[t] = deliver(store.path(), notices[t], start); });
  }
  for (std::thread& racer : racers) racer.join();
  RoundResult result;
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  for (const std::string& outcome : outcomes) result.tally.add(outcome);
  observe(store, result);
  return result;
}

// ---- processes ----------------------------------------------------------------------------

// kRacers `ciie_race_worker --notice` processes on one store, one notice each (written to the
// store's directory here), started and released together by a test::WorkerGroup (as in
// referral_race_test.cpp).
std::vector<std::vector<std::string>> worker_argvs(const RaceStore& store,
                                                   const std::vector<SignedNotice>& notices,
                                                   bool unguarded) {
  std::vector<std::vector<std::string>> argvs;
  for (int w = 0; w < kRacers; ++w) {
    const std::string file = store.write("notice-" + std::to_string(w) + ".json", notices[w].body);
    std::vector<std::string> argv = {CIIE_RACE_WORKER_PATH, "--store",  store.path(),
                                     "--notice",            file,        "--signature",
                                     notices[w].signature,  "--gateway", kGateway,
                                     "--secret",            kSecret,     "--now",
                                     kNow,                  "--barrier"};
    if (unguarded) argv.emplace_back("--unguarded");
    argvs.push_back(std::move(argv));
  }
  return argvs;
}

RoundResult run_process_round(const RaceStore& store, Transactions transactions, bool unguarded) {
  const std::vector<SignedNotice> notices = notices_for(store, transactions);
  const auto started = SteadyClock::now();
  const auto deadline = started + kRoundTimeout;
  RoundResult result;
  {
    test::WorkerGroup workers(worker_argvs(store, notices, unguarded));
    if (!workers.release(deadline)) {
      result.tally.add("timeout before ready");
      return result;
    }
    // Each worker contributes its one outcome line; what went wrong with it, or not exactly one
    // outcome line, counts as `other`.
    for (const test::WorkerResult& worker : workers.collect(deadline)) {
      for (const std::string& failure : worker.failures()) result.tally.add(failure);
      if (worker.timed_out) continue;
      for (const std::string& line : worker.lines) result.tally.add(line);
      if (worker.lines.size() != 1) {
        result.tally.add("outcome-lines:" + std::to_string(worker.lines.size()));
      }
    }
  }
  result.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  observe(store, result);
  return result;
}

// ---- scenario 1: different transactions for one order -------------------------------------

// What must hold in every round of scenario 1, guarded or not: every racer is accounted for and
// answered confirmed or flagged already_paid (no duplicate: the transactions differ; no
// store.busy or other failure), each answer left exactly its payment row and its
// `payment.notice` entry, each confirmation wrote one `order.paid` entry, and the order is paid.
void check_harness_different(const RoundResult& r) {
  CHECK(r.tally.other.empty());
  CHECK(r.tally.attempts() == kRacers);
  CHECK(r.tally.duplicate == 0);
  CHECK(r.confirmed_rows == r.tally.confirmed);
  CHECK(r.already_paid_rows == r.tally.already_paid);
  CHECK(r.payments == r.tally.confirmed + r.tally.already_paid);
  CHECK(r.notice_audits == r.tally.confirmed + r.tally.already_paid);
  CHECK(r.order_paid_audits == r.tally.confirmed);
  CHECK(r.order_state == "paid");
}

// PAY-2 with the guard on: the order is paid exactly once; every other transaction is kept,
// flagged payment.already_paid for finance; the persons went to person review.
void check_guarded_different(const RoundResult& r) {
  INFO(describe(r));
  check_harness_different(r);
  CHECK(r.tally.confirmed == 1);
  CHECK(r.tally.already_paid == kRacers - 1);
  CHECK(r.confirmed_rows == 1);
  CHECK(r.already_paid_rows == kRacers - 1);
  CHECK(r.order_paid_audits == 1);
  CHECK(r.persons_awaiting == 0);
}

// Runs unguarded rounds on fresh stores: kControlRounds always (their tallies are the measured
// outcome, printed with -s), then more until one confirms the order more than once (bounded),
// and requires that one did: otherwise the harness could not tell a working guard from no race.
template <typename RunRound>
void require_race_observed(const char* what, const RunRound& run_round) {
  std::string log;
  int observed = 0;
  int round = 1;
  for (; round <= kControlRoundLimit && (round <= kControlRounds || observed == 0); ++round) {
    RaceStore store;
    const RoundResult result = run_round(store);
    const std::string line =
        std::string(what) + " unguarded round " + std::to_string(round) + ": " + describe(result);
    INFO(line);
    check_harness_different(result);
    log += line + "\n";
    if (result.tally.confirmed > 1) ++observed;
  }
  log += std::to_string(observed) + " of " + std::to_string(round - 1) +
         " unguarded rounds confirmed the order more than once\n";
  INFO(log);
  REQUIRE(observed > 0);
}

template <typename RunRound>
void check_guarded_rounds(const char* what, const RunRound& run_round) {
  for (int round = 1; round <= kGuardedRounds; ++round) {
    INFO(what << " guarded round " << round);
    RaceStore store;
    check_guarded_different(run_round(store));
  }
}

// ---- scenario 2: the same notice delivered concurrently -----------------------------------

// What must hold in every round of scenario 2, guarded or not (the unique index is the defence
// in depth): the store holds the transaction once, confirmed, and nothing else; the order is
// paid once; no racer but one reports confirmed.
void check_same_transaction_always(const RoundResult& r) {
  CHECK(r.tally.attempts() == kRacers);
  CHECK(r.same_transaction_rows == 1);
  CHECK(r.payments == 1);
  CHECK(r.confirmed_rows == 1);
  CHECK(r.tally.confirmed == 1);
  CHECK(r.tally.already_paid == 0);
  CHECK(r.order_paid_audits == 1);
  CHECK(r.notice_audits == 1);
  CHECK(r.order_state == "paid");
}

// With the guard on: one confirmed, every other racer "duplicate", nothing else.
void check_guarded_same(const RoundResult& r) {
  INFO(describe(r));
  check_same_transaction_always(r);
  CHECK(r.tally.other.empty());
  CHECK(r.tally.duplicate == kRacers - 1);
  CHECK(r.persons_awaiting == 0);
}

// With the guard off: racers judged "no duplicate" from a stale read may reach the write and
// fail on the unique index (accept_notice then answers duplicate) or fail outright, but the
// transaction is never recorded twice and never confirmed twice.
void check_unguarded_same(const RoundResult& r) {
  INFO(describe(r));
  check_same_transaction_always(r);
}

template <typename RunRound>
void check_same_transaction_rounds(const char* what, bool unguarded, const RunRound& run_round) {
  const int rounds = unguarded ? kDefenceRounds : kGuardedRounds;
  for (int round = 1; round <= rounds; ++round) {
    INFO(what << (unguarded ? " unguarded" : " guarded") << " round " << round);
    RaceStore store;
    const RoundResult result = run_round(store);
    if (unguarded) {
      check_unguarded_same(result);
    } else {
      check_guarded_same(result);
    }
  }
}

}  // namespace

// The names avoid ';': catch_discover_tests would split them into two CTest entries.
TEST_CASE("threads: an unguarded control pays one order twice and the guard never does",
          "[concurrency][payment]") {
  {
    const GuardSetting unguarded(true);
    require_race_observed("threads", [](const RaceStore& store) {
      return run_thread_round(store, Transactions::kDifferent);
    });
  }
  const GuardSetting guarded(false);
  check_guarded_rounds("threads", [](const RaceStore& store) {
    return run_thread_round(store, Transactions::kDifferent);
  });
}

TEST_CASE("processes on one SQLite file: an unguarded control pays one order twice and the "
          "guard never does",
          "[concurrency][payment]") {
  const GuardSetting guarded(false);  // the workers set their own guard; ours stays on
  require_race_observed("processes", [](const RaceStore& store) {
    return run_process_round(store, Transactions::kDifferent, /*unguarded=*/true);
  });
  check_guarded_rounds("processes", [](const RaceStore& store) {
    return run_process_round(store, Transactions::kDifferent, /*unguarded=*/false);
  });
}

TEST_CASE("threads delivering one notice at once confirm it once, guard or not",
          "[concurrency][payment]") {
  {
    const GuardSetting guarded(false);
    check_same_transaction_rounds("threads", false, [](const RaceStore& store) {
      return run_thread_round(store, Transactions::kSame);
    });
  }
  const GuardSetting unguarded(true);
  check_same_transaction_rounds("threads", true, [](const RaceStore& store) {
    return run_thread_round(store, Transactions::kSame);
  });
}

TEST_CASE("processes delivering one notice at once confirm it once, guard or not",
          "[concurrency][payment]") {
  const GuardSetting guarded(false);  // the workers set their own guard; ours stays on
  check_same_transaction_rounds("processes", false, [](const RaceStore& store) {
    return run_process_round(store, Transactions::kSame, /*unguarded=*/false);
  });
  check_same_transaction_rounds("processes", true, [](const RaceStore& store) {
    return run_process_round(store, Transactions::kSame, /*unguarded=*/true);
  });
}
