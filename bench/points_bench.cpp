// ciie_points_bench: points balances (PTS-1) for 430,000 persons, against a baseline measured in
// the same run. A fresh store gets one unit, 430,000 approved persons and a generated ledger of
// several entries each (register, attend, a manual award, a reversal for every fifth person),
// written with plain SQL into the store's own tables; an equivalent bare table (the same rows,
// no index) is written beside it. Then:
//   (a) one person's balance: Registry::points_balance (the public call: scope check, totals and
//       coupons) per call, p50/p99 over random persons; baseline: sqlite3 SUM over the bare
//       table for one holder (a full scan);
//   (b) all balances: Registry::points_balance for every person, and one GROUP BY over the
//       store's table (covering index) against the same GROUP BY over the bare table.
// Every balance read is checked against the generator's own sums. See README.md here.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"

#include "bench_rows.hpp"

namespace {

constexpr const char* kUsage = R"(usage: ciie_points_bench [options]
  --persons N      persons (default 430000)
  --samples N      random persons timed one call each (default 20000)
  --baseline-samples N  random persons the bare full scan is timed for (default 100)
  --seed N         generator seed (default 7)
  --dir DIR        work directory (default: a new one under $TMPDIR); kept
  --markdown FILE  also write the report there
  --rows FILE      also write the table's rows as JSON (bench_rows.hpp, for bench/run-all)
)";

constexpr const char* kUnit = "91310104MA1FL5XX0C";
constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kNowUtc = "2024-06-03T02:00:00.000000Z";

struct Args {
  std::int64_t persons = 430'000;
  std::int64_t samples = 20'000;
  std::int64_t baseline_samples = 100;
  unsigned seed = 7;
  std::string dir;
  std::string markdown;
  std::string rows;
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The process's peak resident set so far (ru_maxrss: KiB on Linux), in MiB.
double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "ciie_points_bench: " << what << '\n';
  std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    die(std::string(sql).substr(0, 60) + ": " + (error ? error : "?"));
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
  return stmt;
}

void step_done(sqlite3* db, sqlite3_stmt* stmt) {
  if (sqlite3_step(stmt) != SQLITE_DONE) die(sqlite3_errmsg(db));
  sqlite3_reset(stmt);
}

// Writes persons 1…N and their ledgers; returns each person's expected balance (index = id).
std::vector<std::int64_t> generate(const std::string& path, const Args& args,
                                   std::int64_t& entries) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die("cannot open " + path);
  exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN;");
  exec(db, "CREATE TABLE bare_entry (id INTEGER PRIMARY KEY, edition INTEGER NOT NULL, holder TEXT "
           "NOT NULL, rule TEXT NOT NULL, subject TEXT NOT NULL, points INTEGER NOT NULL, "
           "reverses INTEGER NOT NULL, shortfall INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT "
           "NOT NULL, by TEXT NOT NULL) STRICT");
  sqlite3_stmt* person = prepare(db, R"sql(
    INSERT INTO person (id, unit, edition, name, document_kind, document_number, document_key,
                        badge_type, state, created_at, updated_at, created_by)
    VALUES (?1, ?2, 7, ?3, 'passport', ?4, ?4, 'full', 'approved', ?5, ?5, 'organizer'))sql");
  const char* entry_sql =
      "INSERT INTO %s (id, edition, holder, rule, subject, points, reverses, shortfall, reason, "
      "at, by) VALUES (?1, 7, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, 'bench')";
  char buf[512];
  std::snprintf(buf, sizeof buf, entry_sql, "points_entry");
  sqlite3_stmt* ours = prepare(db, buf);
  std::snprintf(buf, sizeof buf, entry_sql, "bare_entry");
  sqlite3_stmt* bare = prepare(db, buf);
  std::mt19937_64 random(args.seed);
  std::vector<std::int64_t> expected(static_cast<std::size_t>(args.persons) + 1, 0);
  std::int64_t next_id = 1;
  for (std::int64_t id = 1; id <= args.persons; ++id) {
    const std::string holder = "person:" + std::to_string(id);
    const std::string doc = "P" + std::to_string(10'000'000 + id);
    sqlite3_bind_int64(person, 1, id);
    sqlite3_bind_text(person, 2, kUnit, -1, SQLITE_STATIC);
    const std::string name = "参观人员" + std::to_string(id);
    sqlite3_bind_text(person, 3, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(person, 4, doc.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(person, 5, kNowUtc, -1, SQLITE_STATIC);
    step_done(db, person);
    struct Row {
      const char* rule;
      std::string subject;
      std::int64_t points;
      std::int64_t reverses;
    };
    std::vector<Row> rows{{"register", holder, 100, 0},
                          {"attend", "edition:7", 200, 0},
                          {"manual", "manual:bench", static_cast<std::int64_t>(1 + random() % 50),
                           0}};
    if (id % 5 == 0) rows.push_back({"reversal", "refund:" + std::to_string(id) + "|" +
                                                     std::to_string(next_id),
                                     -100, next_id});
    for (const Row& row : rows) {
      for (sqlite3_stmt* stmt : {ours, bare}) {
        sqlite3_bind_int64(stmt, 1, next_id);
        sqlite3_bind_text(stmt, 2, holder.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 3, row.rule, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 4, row.subject.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 5, row.points);
        sqlite3_bind_int64(stmt, 6, row.reverses);
        sqlite3_bind_text(stmt, 7, "bench", -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 8, kNowUtc, -1, SQLITE_STATIC);
        step_done(db, stmt);
      }
      expected[static_cast<std::size_t>(id)] += row.points;
      ++next_id;
      ++entries;
    }
  }
  sqlite3_finalize(person);
  sqlite3_finalize(ours);
  sqlite3_finalize(bare);
  exec(db, "COMMIT; ANALYZE;");
  sqlite3_close(db);
  return expected;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

// One GROUP BY over `table`: seconds, and checks every sum.
double group_by(const std::string& path, const char* table,
                const std::vector<std::int64_t>& expected) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    die("cannot open " + path);
  }
  const std::string sql =
      std::string("SELECT holder, sum(points) FROM ") + table + " GROUP BY holder";
  sqlite3_stmt* stmt = prepare(db, sql.c_str());
  const auto start = Clock::now();
  std::int64_t rows = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const std::string holder = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    const auto id = std::stoll(holder.substr(7));
    if (sqlite3_column_int64(stmt, 1) != expected[static_cast<std::size_t>(id)]) {
      die(std::string(table) + ": wrong sum for " + holder);
    }
    ++rows;
  }
  const double seconds = seconds_since(start);
  if (rows != static_cast<std::int64_t>(expected.size()) - 1) die("GROUP BY missed holders");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return seconds;
}

// The bare full scan for one holder, per call.
std::vector<double> bare_calls(const std::string& path, const std::vector<std::int64_t>& ids,
                               const std::vector<std::int64_t>& expected) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    die("cannot open " + path);
  }
  sqlite3_stmt* stmt =
      prepare(db, "SELECT coalesce(sum(points), 0) FROM bare_entry WHERE holder = ?1");
  std::vector<double> micros;
  for (const std::int64_t id : ids) {
    const std::string holder = "person:" + std::to_string(id);
    const auto start = Clock::now();
    sqlite3_bind_text(stmt, 1, holder.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) != SQLITE_ROW) die(sqlite3_errmsg(db));
    const std::int64_t sum = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    micros.push_back(seconds_since(start) * 1e6);
    if (sum != expected[static_cast<std::size_t>(id)]) die("bare: wrong sum for " + holder);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return micros;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

std::string machine() {
  utsname u{};
  uname(&u);
  return cpu_model() + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " +
         u.sysname + " " + u.release;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

Args parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--persons") {
      args.persons = std::stoll(value());
    } else if (flag == "--samples") {
      args.samples = std::stoll(value());
    } else if (flag == "--baseline-samples") {
      args.baseline_samples = std::stoll(value());
    } else if (flag == "--seed") {
      args.seed = static_cast<unsigned>(std::stoul(value()));
    } else if (flag == "--dir") {
      args.dir = value();
    } else if (flag == "--markdown") {
      args.markdown = value();
    } else if (flag == "--rows") {
      args.rows = value();
    } else {
      std::cerr << kUsage;
      std::exit(flag == "--help" ? 0 : 2);
    }
  }
  if (args.persons < 1 || args.samples < 1 || args.baseline_samples < 1) {
    std::cerr << kUsage;
    std::exit(2);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse(argc, argv);
  if (args.dir.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ciie-points-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) die("mkdtemp failed");
    args.dir = tmpl;
  }
  std::filesystem::create_directories(args.dir);
  const std::string path = (std::filesystem::path(args.dir) / "ciie.db").string();
  std::filesystem::remove(path);
  ciie::Options options;
  options.store_uri = path;
  options.create_if_missing = true;
  options.password_cost = ciie::Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(kNow));
  {
    auto registry = ciie::Registry::open(options);
    if (!registry.is_ok()) die(registry.status().to_string());
    if (!(*registry)->init(ciie::Actor::organizer()).is_ok()) die("init failed");
    ciie::RegisterRequest unit;
    unit.uscc = kUnit;
    unit.name = "上海积分基准企业有限公司";
    unit.consent = true;
    auto registered = (*registry)->register_unit(ciie::Actor::organizer(), unit);
    if (!registered.is_ok()) die(registered.status().to_string());
  }
  std::int64_t entries = 0;
  auto start = Clock::now();
  const std::vector<std::int64_t> expected = generate(path, args, entries);
  const double load_seconds = seconds_since(start);
  const double load_peak = peak_mib();

  options.create_if_missing = false;
  auto opened = ciie::Registry::open(options);
  if (!opened.is_ok()) die(opened.status().to_string());
  ciie::Registry& registry = **opened;
  const ciie::Actor organizer = ciie::Actor::organizer();
  const auto balance_of = [&](std::int64_t id) {
    const auto shown = registry.points_balance(organizer, "person:" + std::to_string(id));
    if (!shown.is_ok()) die(shown.status().to_string());
    if (shown->balance != expected[static_cast<std::size_t>(id)]) {
      die("wrong balance for person " + std::to_string(id));
    }
  };
  std::mt19937_64 random(args.seed + 1);
  std::uniform_int_distribution<std::int64_t> pick(1, args.persons);
  std::vector<std::int64_t> sample_ids;
  for (std::int64_t i = 0; i < args.samples; ++i) sample_ids.push_back(pick(random));
  std::vector<double> ours_micros;
  for (const std::int64_t id : sample_ids) {
    const auto t = Clock::now();
    balance_of(id);
    ours_micros.push_back(seconds_since(t) * 1e6);
  }
  const double samples_peak = peak_mib();
  const std::vector<std::int64_t> bare_ids(sample_ids.begin(),
                                           sample_ids.begin() +
                                               std::min<std::int64_t>(args.baseline_samples,
                                                                      args.samples));
  const std::vector<double> bare_micros = bare_calls(path, bare_ids, expected);
  const double bare_peak = peak_mib();

  start = Clock::now();
  for (std::int64_t id = 1; id <= args.persons; ++id) balance_of(id);
  const double all_calls_seconds = seconds_since(start);
  const double all_calls_peak = peak_mib();
  const double ours_group = group_by(path, "points_entry", expected);
  const double ours_group_peak = peak_mib();
  const double bare_group = group_by(path, "bare_entry", expected);
  const double bare_group_peak = peak_mib();

  const double ours_p50 = percentile(ours_micros, 0.50);
  const double ours_p99 = percentile(ours_micros, 0.99);
  const double bare_p50 = percentile(bare_micros, 0.50);
  const double bare_p99 = percentile(bare_micros, 0.99);
  std::ostringstream out;
  out << "## Points balances (`ciie_points_bench`)\n\n"
      << "Machine: " << machine() << "; build type " << CIIE_BENCH_BUILD_TYPE << ".\n"
      << args.persons << " persons, " << entries << " ledger entries (register, attend, manual; "
      << "a reversal for every fifth person), written with plain SQL in " << fixed(load_seconds, 1)
      << " s (both tables). Every balance read was checked against the generator's sums.\n\n"
      << "| measure | ciie | baseline | baseline / ciie |\n|---|---|---|---|\n"
      << "| one person's balance, p50 (µs) | " << fixed(ours_p50, 1) << " | "
      << fixed(bare_p50, 1) << " | " << fixed(bare_p50 / ours_p50, 0) << "× |\n"
      << "| one person's balance, p99 (µs) | " << fixed(ours_p99, 1) << " | "
      << fixed(bare_p99, 1) << " | " << fixed(bare_p99 / ours_p99, 0) << "× |\n"
      << "| all balances, one GROUP BY (s) | " << fixed(ours_group, 3) << " | "
      << fixed(bare_group, 3) << " | " << fixed(bare_group / ours_group, 1) << "× |\n"
      << "| all balances, one `points_balance` call each (s) | " << fixed(all_calls_seconds, 2)
      << " | – | – |\n\n"
      << "ciie: `Registry::points_balance` (" << args.samples
      << " random persons; scope check, totals and coupons through the covering index "
         "`points_entry (holder, points)`), and the GROUP BY over `points_entry`. Baseline: "
         "sqlite3 `SUM(points) … WHERE holder = ?` over the bare table without an index ("
      << bare_ids.size() << " of the same persons; a full scan each), and its GROUP BY (a "
                            "temporary B-tree).\n";
  std::cout << out.str();
  if (!args.markdown.empty()) std::ofstream(args.markdown) << out.str();
  if (!args.rows.empty()) {
    // The same figures as rows; a latency is one balance (rows 1, wall_s the percentile), the
    // ratio ciie over baseline (the inverse of the table's "baseline / ciie"). Peak MiB: the
    // process's ru_maxrss once the measure was done.
    const std::string n = std::to_string(args.persons);
    const std::string bare_p50_name = "one person's balance, p50: sqlite3 SUM over the bare table";
    const std::string bare_p99_name = "one person's balance, p99: sqlite3 SUM over the bare table";
    const std::string bare_group_name = "all " + n + " balances, one GROUP BY over the bare table";
    const std::vector<bench::BenchRow> rows = {
        {"write " + std::to_string(entries) + " ledger entries with plain SQL (setup, both tables)",
         entries, load_seconds, load_peak, "", -1},
        {"one person's balance, p50: points_balance", 1, ours_p50 / 1e6, samples_peak,
         bare_p50_name, ours_p50 / bare_p50},
        {bare_p50_name, 1, bare_p50 / 1e6, bare_peak, "", -1},
        {"one person's balance, p99: points_balance", 1, ours_p99 / 1e6, samples_peak,
         bare_p99_name, ours_p99 / bare_p99},
        {bare_p99_name, 1, bare_p99 / 1e6, bare_peak, "", -1},
        {"all " + n + " balances, one GROUP BY over points_entry", args.persons, ours_group,
         ours_group_peak, bare_group_name, ours_group / bare_group},
        {bare_group_name, args.persons, bare_group, bare_group_peak, "", -1},
        {"all " + n + " balances, one points_balance call each", args.persons, all_calls_seconds,
         all_calls_peak, "", -1},
    };
    if (!bench::write_rows(args.rows, "ciie_points_bench", CIIE_BENCH_BUILD_TYPE, rows)) return 5;
  }
  std::cerr << "store kept in " << args.dir << '\n';
  return 0;
}
