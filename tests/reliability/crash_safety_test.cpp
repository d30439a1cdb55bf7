// Crash safety (docs/reliability.md): the real `ciie` is killed with SIGKILL at many points of a
// bulk register, a bulk person import, an import of the previous edition, a batch review and a
// bank statement import, each on a copy of a store made from generated data (ciie_datagen).
// After every kill the store must hold its invariants (tests/support/store_invariants.hpp) and
// be exactly the store before the command or exactly the store after it — never a half-applied
// batch — and running the same command again must leave the same store as an uninterrupted run.
//
// The kill points spread over the command's measured run time; CIIE_CRASH_POINTS sets how many
// per command (default 10). Kills that land after the command already finished are counted
// apart (and make the later kill points earlier): the test requires half the kills to land
// while the command ran.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run_command.hpp"
#include "support/store_dump.hpp"
#include "support/store_invariants.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using ciie::test::CommandResult;
using Clock = std::chrono::steady_clock;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
using Dump = std::map<std::string, std::string>;

int kill_points_per_command() {
  const char* set = std::getenv("CIIE_CRASH_POINTS");
  const int n = set != nullptr ? std::atoi(set) : 0;
  return n > 0 ? n : 10;
}

// The store a command starts from, and the command (global options included).
struct Scenario {
  std::string name;
  std::string base_store;  // a closed store file: copied for every run
  std::vector<std::string> args;
};

// Starts the real ciie with `args` in `cwd`, its output discarded (a killed child's half-written
// output is of no interest; the store is what is checked).
pid_t start_ciie(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv{CIIE_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn failed");
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Replaces `to` (and its WAL companions) by a copy of the closed store `from`.
void copy_store(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(to + suffix);
    if (fs::exists(from + suffix)) fs::copy_file(from + suffix, to + suffix);
  }
}

// The generated data and the stores each scenario starts from, made once per test run.
class CrashData {
 public:
  CrashData() {
    data_ = dir_.file("data");
    const auto generated = ciie::test::run_command(
        {CIIE_DATAGEN_PATH, "--out", data_, "--scale", "0.004", "--seed", "5"});
    if (generated.exit_status != 0) throw std::runtime_error("ciie_datagen: " + generated.err);
    build();
  }

  const std::string& data() const { return data_; }
  const std::vector<Scenario>& scenarios() const { return scenarios_; }
  std::vector<std::string> globals(const std::string& db) const {
    return {"--db", db, "--config", data_ + "/ciie.toml", "--now", kNow};
  }

 private:
  CommandResult ciie(const std::string& db, std::vector<std::string> args) const {
    std::vector<std::string> all = globals(db);
    all.insert(all.end(), args.begin(), args.end());
    return ciie::test::run_ciie(all, {}, {}, data_);
  }
  CommandResult ok(const std::string& db, const std::vector<std::string>& args) const {
    CommandResult r = ciie(db, args);
    if (r.exit_status != 0) {
      throw std::runtime_error("setup: ciie " + args.front() + " exited " +
                               std::to_string(r.exit_status) + ": " + r.err.substr(0, 500));
    }
    return r;
  }
  std::string snapshot(const std::string& db, const std::string& name) const {
    const std::string to = dir_.file(name + ".db");
    copy_store(db, to);
    return to;
  }

  void build() {
    const std::string db = dir_.file("work.db");
    ok(db, {"init"});
    const std::string fresh = snapshot(db, "fresh");
    // Overseas units get a random login (REG-1), which would make two runs' stores differ: the
    // register scenario takes the mainland rows, whose login is their USCC.
    {
      std::istringstream in(ciie::test::read_file(data_ + "/units.csv"));
      std::ofstream out(data_ + "/units-mainland.csv");
      std::string line;
      std::getline(in, line);
      out << line << "\n";
      while (std::getline(in, line)) {
        if (line.rfind("mainland,", 0) == 0) out << line << "\n";
      }
    }
    scenarios_.push_back({"bulk register", fresh, {"register", "--from", "units-mainland.csv"}});
    scenarios_.push_back(
        {"import-returning", fresh, {"import-returning", "--from", "previous-edition.csv"}});
    ok(db, {"register", "--from", "units.csv"});

    // Accounts of the units, by their key in persons/ (the USCC, or the e-mail overseas).
    std::map<std::string, std::string> account_of;
    {
      std::istringstream in(ok(db, {"export", "units", "--format", "jsonl", "--reveal"}).out);
      for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        const std::string uscc = j.value("uscc", "");
        const std::string key = uscc.empty() ? j.value("email", "") : uscc;
        account_of[key] = j["account"];
      }
    }
    // One unit takes the persons of the first 150 units: a long bulk person import.
    const std::string big = data_ + "/persons-bulk.csv";
    {
      std::ofstream out(big);
      int files = 0;
      for (const auto& entry : fs::directory_iterator(data_ + "/persons")) {
        std::istringstream in(ciie::test::read_file(entry.path().string()));
        std::string line;
        std::getline(in, line);
        if (files == 0) out << line << "\n";
        while (std::getline(in, line)) out << line << "\n";
        if (++files == 150) break;
      }
    }
    const std::string bulk_unit = account_of.begin()->second;
    const std::string registered = snapshot(db, "registered");
    scenarios_.push_back({"bulk person import",
                          registered,
                          {"person", "import", "--unit", bulk_unit, "--from", big}});

    // Every unit adds its persons and submits: enterprises are approved at once, the others wait
    // in their delegations' queues; the approved mainland enterprises order their badges.
    std::vector<std::string> orderable;
    for (const auto& [key, account] : account_of) {
      const std::string file = "persons/" + key + ".csv";
      if (!fs::exists(data_ + "/" + file)) continue;
      ok(db, {"person", "import", "--unit", account, "--from", file});
      ok(db, {"submit", "--unit", account});
    }
    {
      std::istringstream in(ok(db, {"export", "units", "--format", "jsonl", "--reveal"}).out);
      for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j.value("state", "") == "approved") orderable.push_back(j["account"]);
      }
    }
    const std::string submitted = snapshot(db, "submitted");
    scenarios_.push_back({"batch review",
                          submitted,
                          {"review", "--batch", "--approve-all", "--queue", "all"}});
    for (const std::string& account : orderable) ok(db, {"order", "create", "--unit", account});
    ok(db, {"export", "orders", "--format", "csv", "--reveal", "--out", data_ + "/orders.csv"});
    const auto statement = ciie::test::run_command(
        {CIIE_DATAGEN_PATH, "statement", "--orders", data_ + "/orders.csv", "--out",
         data_ + "/statement.csv", "--seed", "5", "--lines", "600"});
    if (statement.exit_status != 0) throw std::runtime_error("statement: " + statement.err);
    const std::string ordered = snapshot(db, "ordered");
    scenarios_.push_back({"statement import",
                          ordered,
                          {"--as", "finance", "pay", "import-statement", "statement.csv"}});
  }

  ciie::test::TempDir dir_;
  std::string data_;
  std::vector<Scenario> scenarios_;
};

const CrashData& crash_data() {
  static const CrashData data;
  return data;
}

struct KillTally {
  int killed_mid_run = 0;     // SIGKILL arrived while the command ran
  int finished_first = 0;     // the command had ended before the kill
  int left_before = 0;        // after a mid-run kill: the store as it was before the command
  int left_after = 0;         // … or as an uninterrupted run leaves it
};

}  // namespace

TEST_CASE("crash safety: SIGKILL at many points leaves no half-applied command, and a rerun "
          "completes it",
          "[reliability][crash]") {
  if (ciie::test::sqlite_only("checks the SQLite file's invariants after each SIGKILL")) return;
  const CrashData& data = crash_data();
  const int points = kill_points_per_command();
  ciie::test::TempDir work;
  const std::string db = work.file("run.db");

  for (const Scenario& scenario : data.scenarios()) {
    DYNAMIC_SECTION(scenario.name) {
      std::vector<std::string> args = data.globals(db);
      args.insert(args.end(), scenario.args.begin(), scenario.args.end());

      // The reference: the store before, after one uninterrupted run, and after a second run
      // of the same command (which must change nothing a first run did not).
      copy_store(scenario.base_store, db);
      REQUIRE(ciie::test::store_invariant_violations(db).empty());
      const Dump before = ciie::test::dump_store(db);
      const auto started = Clock::now();
      const int status = wait_for(start_ciie(args, data.data()));
      const auto run_time = Clock::now() - started;
      REQUIRE(WIFEXITED(status));
      REQUIRE(WEXITSTATUS(status) == 0);
      const Dump after_once = ciie::test::dump_store(db);
      REQUIRE(after_once != before);
      REQUIRE(wait_for(start_ciie(args, data.data())) == 0);
      const Dump after_twice = ciie::test::dump_store(db);

      KillTally tally;
      // A kill that comes after the command ended shrinks the scale of the later ones: the
      // reference run may have been slower (a cold cache, a busy machine) than the runs killed.
      auto scale = run_time;
      for (int i = 0; i < points; ++i) {
        copy_store(scenario.base_store, db);
        const auto delay = scale * (2 * i + 1) / (2 * points);
        const pid_t pid = start_ciie(args, data.data());
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        const int killed = wait_for(pid);
        if (WIFSIGNALED(killed) && WTERMSIG(killed) == SIGKILL) {
          ++tally.killed_mid_run;
        } else {
          ++tally.finished_first;
          scale = scale * 7 / 10;
          REQUIRE(WIFEXITED(killed));
          REQUIRE(WEXITSTATUS(killed) == 0);
        }
        INFO(scenario.name << ", kill point " << i + 1 << " of " << points << " at "
                           << std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()
                           << " ms");
        const std::vector<std::string> violations = ciie::test::store_invariant_violations(db);
        for (const std::string& v : violations) UNSCOPED_INFO(v);
        REQUIRE(violations.empty());
        const Dump left = ciie::test::dump_store(db);
        const bool untouched = left == before;
        INFO("tables unlike before: " << ciie::test::changed_tables(before, left)
                                      << "; unlike after: "
                                      << ciie::test::changed_tables(after_once, left));
        REQUIRE((untouched || left == after_once));
        if (WIFSIGNALED(killed)) ++(untouched ? tally.left_before : tally.left_after);

        // Running the same command again completes the work: the same store as without a kill.
        REQUIRE(wait_for(start_ciie(args, data.data())) == 0);
        const Dump rerun = ciie::test::dump_store(db);
        const Dump& expected = untouched ? after_once : after_twice;
        INFO("tables unlike an uninterrupted run: " << ciie::test::changed_tables(expected, rerun));
        CHECK(rerun == expected);
      }
      std::cout << "crash safety: " << scenario.name << ": run "
                << std::chrono::duration_cast<std::chrono::milliseconds>(run_time).count()
                << " ms; " << tally.killed_mid_run << " of " << points
                << " kills landed mid-run (" << tally.left_before << " left the store as before, "
                << tally.left_after << " as after); " << tally.finished_first
                << " came after it ended\n";
      // Kills that all came too late would prove nothing.
      CHECK(tally.killed_mid_run * 2 >= points);
    }
  }
}
