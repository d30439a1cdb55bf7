// ciie_registration_bench: bulk registration (`ciie register --from`, Registry::register_units)
// of ciie_datagen's units.csv on a fresh store, against the sqlite3 shell's bare `.import` of the
// same CSV into an equivalent table, in the same run. See README.md here.
//
// The library reads no files, and the configuration reader (ciie.toml) belongs to the command
// line, so the store runs with the built-in 7th-edition rules (Rules::seventh_edition()). Rows
// those rules cannot register are left out of both sides, and counted: a delegation or
// sub-delegation the built-in rules lack (DIR/ciie.toml has more), and referral codes (a fresh
// store has issued none). Both sides read the same filtered file.
//
// Each side runs in a fresh process (this program re-executed, or the sqlite3 shell), so its
// peak resident set (wait4's ru_maxrss) is its own; ciie's time is register_units alone.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ciie/registry.hpp"

#include "bench_rows.hpp"

namespace {

constexpr const char* kUsage = R"(usage: ciie_registration_bench --data DIR [options]
  --data DIR       ciie_datagen's output (reads DIR/units.csv)
  --dir DIR        work directory (default: a new one under $TMPDIR); kept
  --rows FILE      also write the table's rows as JSON (bench_rows.hpp, for bench/run-all)
)";

// Inside the 7th edition's registration window, so that the run does not depend on today.
constexpr const char* kNow = "2024-06-03T10:00:00+08:00";

struct Args {
  std::string data;
  std::string dir;
  std::string rows;
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "ciie_registration_bench: " << what << "\n";
  std::exit(3);
}

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "ciie_registration_bench: " << arg << " needs a value\n" << kUsage;
      return false;
    }
    const std::string value = argv[++i];
    if (arg == "--data") {
      args.data = value;
    } else if (arg == "--dir") {
      args.dir = value;
    } else if (arg == "--rows") {
      args.rows = value;
    } else {
      std::cerr << "ciie_registration_bench: unknown argument " << arg << "\n" << kUsage;
      return false;
    }
  }
  if (args.data.empty()) std::cerr << kUsage;
  return !args.data.empty();
}

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---- the child: register_units on a store ----------------------------------------------------

// `--child FILE STORE`: opens (creating and initialising) the store, registers every row of the
// CSV as the organizer and prints "seconds rows failed unchanged". Exit 0 when every row was ok.
int child_register(const std::string& file, const std::string& store) {
  ciie::Options options;
  options.store_uri = store;
  options.create_if_missing = true;
  options.password_cost = ciie::Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(kNow));
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) die(registry.status().to_string());
  if (auto init = (*registry)->init(ciie::Actor::organizer()); !init.is_ok()) {
    die(init.status().to_string());
  }
  std::ifstream in(file, std::ios::binary);
  auto reader = ciie::make_record_reader(
      in, ciie::InputFormat::kCsv,
      {ciie::Registry::register_columns(), ciie::Registry::register_required_columns()});
  std::int64_t shown = 0;
  const auto start = Clock::now();
  auto summary = (*registry)->register_units(
      ciie::Actor::organizer(), *reader, ciie::BulkOptions{}, [&](const ciie::RowOutcome& row) {
        if (!row.ok && shown++ < 5) {
          std::cerr << "  line " << row.line << " failed: " << row.error.to_string() << "\n";
        }
      });
  const double seconds = seconds_since(start);
  if (!summary.is_ok()) die(summary.status().to_string());
  std::cout << seconds << ' ' << summary->rows << ' ' << summary->failed << ' '
            << summary->by_outcome["unchanged"] << "\n";
  return summary->failed == 0 ? 0 : 1;
}

// ---- the parent ------------------------------------------------------------------------------

struct Measured {
  double seconds = 0.0;
  double peak_mib = 0.0;
  std::int64_t rows = 0;
  std::int64_t unchanged = 0;
  bool ok = false;
};

// Runs argv with stdin from `input` ("" = /dev/null) and stdout into `output`: the wall time, the
// child's peak resident set and whether it exited 0.
Measured run_child(const std::vector<std::string>& argv, const std::string& input,
                   const std::string& output) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) die("fork failed");
  if (pid == 0) {
    const std::string in = input.empty() ? "/dev/null" : input;
    if (!std::freopen(in.c_str(), "r", stdin) || !std::freopen(output.c_str(), "w", stdout)) {
      _exit(127);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) die("wait4 failed");
  Measured m;
  m.seconds = seconds_since(start);
  m.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return m;
}

Measured ciie_register(const std::string& self, const std::string& file, const std::string& store,
                       const std::string& dir) {
  const std::string out = dir + "/child.out";
  Measured m = run_child({self, "--child", file, store}, "", out);
  std::ifstream result(out);
  double seconds = 0.0;
  std::int64_t failed = 0;
  if (!(result >> seconds >> m.rows >> failed >> m.unchanged) || !m.ok) {
    die("register_units on " + file + " failed (see above)");
  }
  m.seconds = seconds;  // register_units alone
  return m;
}

std::string csv_cell(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// What the filter did: rows kept, and rows left out by reason.
struct Filtered {
  std::vector<std::string> columns;  // in register_columns() order
  std::int64_t kept = 0;
  std::map<std::string, std::int64_t> left_out;
};

// Reads DIR/units.csv as `ciie register --from` does and writes the rows the built-in rules can
// register to `out` (header: the columns present, in register_columns() order).
Filtered filter_units(const std::string& in_path, const std::string& out_path,
                      const ciie::Rules& rules) {
  std::ifstream in(in_path, std::ios::binary);
  if (!in) die("cannot read " + in_path);
  auto reader = ciie::make_record_reader(
      in, ciie::InputFormat::kCsv,
      {ciie::Registry::register_columns(), ciie::Registry::register_required_columns()});
  std::vector<ciie::Record> records;
  std::set<std::string> present;
  Filtered f;
  while (true) {
    auto next = reader->next();
    if (!next.is_ok()) die(in_path + ": " + next.status().to_string());
    if (!next->has_value()) break;
    ciie::Record record = std::move(**next);
    const auto field = [&](const char* name) {
      const auto it = record.fields.find(name);
      return it == record.fields.end() ? std::string() : it->second;
    };
    const std::string delegation = field("delegation");
    const std::string sub = field("sub_delegation");
    if (!sub.empty() && rules.find_sub_delegation(sub).first == nullptr) {
      ++f.left_out["a sub-delegation the built-in rules lack"];
    } else if (!delegation.empty() && rules.find_delegation(delegation) == nullptr) {
      ++f.left_out["a delegation the built-in rules lack"];
    } else if (!field("referral_code").empty()) {
      ++f.left_out["a referral code (none issued in a fresh store)"];
    } else {
      for (const auto& [name, value] : record.fields) present.insert(name);
      records.push_back(std::move(record));
    }
  }
  for (const std::string& c : ciie::Registry::register_columns()) {
    if (present.count(c)) f.columns.push_back(c);
  }
  std::ofstream out(out_path, std::ios::binary);
  for (std::size_t i = 0; i < f.columns.size(); ++i) out << (i ? "," : "") << f.columns[i];
  out << "\n";
  for (const ciie::Record& r : records) {
    for (std::size_t i = 0; i < f.columns.size(); ++i) {
      const auto it = r.fields.find(f.columns[i]);
      out << (i ? "," : "") << (it == r.fields.end() ? "" : csv_cell(it->second));
    }
    out << "\n";
  }
  out.close();
  if (!out) die("cannot write " + out_path);
  f.kept = static_cast<std::int64_t>(records.size());
  return f;
}

// The sqlite3 shell importing the same CSV in one transaction into an equivalent table: the
// file's columns as TEXT, a unique index on the mainland USCC (the library's account), under the
// store's pragmas. nullopt when there is no sqlite3 on PATH.
std::optional<Measured> sqlite3_import(const std::string& csv, const Filtered& f,
                                       const std::string& dir) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) return std::nullopt;
  std::ostringstream schema;
  schema << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nPRAGMA foreign_keys=ON;\n"
            "PRAGMA cache_size=-65536;\nPRAGMA temp_store=MEMORY;\nCREATE TABLE unit_import (";
  for (std::size_t i = 0; i < f.columns.size(); ++i) {
    schema << (i ? ", " : "") << f.columns[i] << " TEXT NOT NULL DEFAULT ''";
  }
  schema << ") STRICT;\n";
  bool has_uscc = false;
  for (const std::string& c : f.columns) has_uscc = has_uscc || c == "uscc";
  if (has_uscc) {
    schema << "CREATE UNIQUE INDEX unit_import_uscc ON unit_import (uscc) WHERE uscc <> '';\n";
  }
  const std::string script = dir + "/baseline.sql";
  std::ofstream(script) << schema.str() << "BEGIN;\n.import --csv --skip 1 " << csv
                        << " unit_import\nCOMMIT;\n";
  const std::string db = dir + "/baseline.db";
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  Measured m = run_child({"sqlite3", "-batch", "-bail", db}, script, dir + "/sqlite3.out");
  if (!m.ok) die("sqlite3 failed to import " + csv + " (" + dir + "/baseline.sql)");
  m.rows = f.kept;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--child") return child_register(argv[2], argv[3]);
  Args args;
  if (!parse_args(argc, argv, args)) return 2;
  if (args.dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ciie-registration-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) die("cannot create a work directory");
    args.dir = pattern;
  }
  std::filesystem::create_directories(args.dir);
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();

  const std::string units_csv = args.dir + "/units.csv";
  const ciie::Rules rules = ciie::Rules::seventh_edition();
  const Filtered filtered = filter_units(args.data + "/units.csv", units_csv, rules);
  std::cerr << "ciie_registration_bench: " << filtered.kept << " units kept";
  for (const auto& [why, n] : filtered.left_out) std::cerr << "; " << n << " left out: " << why;
  std::cerr << "\n";
  if (filtered.kept == 0) die("no unit of " + args.data + "/units.csv can be registered");

  std::vector<bench::BenchRow> rows;
  std::cerr << "sqlite3 .import (baseline)…\n";
  const std::optional<Measured> baseline = sqlite3_import(units_csv, filtered, args.dir);
  const std::string baseline_name = "sqlite3 `.import` of units.csv into an equivalent table";
  if (baseline) {
    rows.push_back({baseline_name, baseline->rows, baseline->seconds, baseline->peak_mib, "", -1});
  } else {
    std::cerr << "no sqlite3 on PATH: the baseline is left out (apt-get install sqlite3)\n";
  }
  const auto compared = [&](std::string operation, const Measured& m) {
    return bench::BenchRow{std::move(operation),
                           m.rows,
                           m.seconds,
                           m.peak_mib,
                           baseline ? baseline_name : "",
                           baseline ? m.seconds / baseline->seconds : -1};
  };
  const std::string store = args.dir + "/ciie.db";
  std::filesystem::remove(store);
  std::cerr << "ciie register_units…\n";
  const Measured first = ciie_register(self, units_csv, store, args.dir);
  rows.push_back(compared("register_units, units.csv, new store", first));
  std::cerr << "ciie register_units again (idempotent)…\n";
  const Measured again = ciie_register(self, units_csv, store, args.dir);
  if (again.unchanged != again.rows) die("registering the same file again changed units");
  rows.push_back(compared("register_units, the same file again (all unchanged)", again));

  std::ostringstream report;
  report << "ciie_registration_bench: " << args.data << "/units.csv, " << filtered.kept
         << " units (built-in 7th-edition rules";
  for (const auto& [why, n] : filtered.left_out) report << "; " << n << " left out: " << why;
  report << "); build type " << CIIE_BENCH_BUILD_TYPE << ".\n\n"
         << "| operation | rows | wall s | peak MiB | ratio |\n|---|---:|---:|---:|---:|\n";
  for (const bench::BenchRow& r : rows) {
    char ratio[32] = "–";
    if (r.ratio >= 0) std::snprintf(ratio, sizeof ratio, "%.2f×", r.ratio);
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %lld | %.2f | %.0f | %s |\n", r.operation.c_str(),
                  static_cast<long long>(r.rows), r.wall_s, r.peak_mib, ratio);
    report << line;
  }
  std::cout << report.str();
  if (!args.rows.empty() &&
      !bench::write_rows(args.rows, "ciie_registration_bench", CIIE_BENCH_BUILD_TYPE, rows)) {
    return 5;
  }
  return 0;
}
