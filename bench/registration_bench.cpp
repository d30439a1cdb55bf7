// ciie_registration_bench: bulk registration of ciie_datagen's data on a fresh store, each step
// against the sqlite3 shell's bare `.import` of the same CSV, in the same run:
//   units    Registry::register_units over units.csv (`ciie register --from`), and again;
//   persons  Registry::add_persons per mainland unit over persons/<USCC>.csv (`ciie person
//            import`) against one `.import` of every file into one table;
//   review   submit per unit, then the delegation with the longest review queue approves it in
//            one batch (approve_all, `ciie review --approve-all`); no baseline.
// See README.md here.
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
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"

#include "bench_rows.hpp"
#include "child_run.hpp"

namespace {

constexpr const char* kUsage = R"(usage: ciie_registration_bench --data DIR [options]
  --data DIR       ciie_datagen's output (reads DIR/units.csv)
  --dir DIR        work directory (default: a new one under $TMPDIR); kept
  --rows FILE      also write the table's rows as JSON (bench_rows.hpp, for bench/run-all)
  --postgres URI   also run every ciie step on this PostgreSQL database (it must be empty;
                   the bench fills it): the PostgreSQL column, its rows marked PostgreSQL
)";

// Inside the 7th edition's registration window, so that the run does not depend on today.
constexpr const char* kNow = "2024-06-03T10:00:00+08:00";

struct Args {
  std::string data;
  std::string dir;
  std::string rows;
  std::string postgres;  // "" = SQLite only
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
    } else if (arg == "--postgres") {
      args.postgres = value;
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

// Every value of `column` in the CSV at `path`, in file order.
std::vector<std::string> column_values(const std::string& path, const std::string& column) {
  std::ifstream in(path, std::ios::binary);
  auto reader = ciie::make_record_reader(in, ciie::InputFormat::kCsv, {});
  std::vector<std::string> values;
  while (true) {
    auto next = reader->next();
    if (!next.is_ok()) die(path + ": " + next.status().to_string());
    if (!next->has_value()) break;
    const auto it = (*next)->fields.find(column);
    values.push_back(it == (*next)->fields.end() ? std::string() : it->second);
  }
  return values;
}

std::unique_ptr<ciie::Registry> open_store(const std::string& store) {
  ciie::Options options;
  options.store_uri = store;
  options.create_if_missing = false;
  options.password_cost = ciie::Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(kNow));
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) die(registry.status().to_string());
  return std::move(*registry);
}

// `--child-persons STORE UNITS_CSV DATA`: add_persons for every unit of UNITS_CSV with a USCC and
// a DATA/persons/<USCC>.csv, one call per unit as `ciie person import` does; prints "seconds rows
// failed units". Exit 0 when every row was ok.
int child_persons(const std::string& store, const std::string& units_csv, const std::string& data) {
  auto registry = open_store(store);
  const std::string dir = data + "/persons";
  std::int64_t rows = 0, failed = 0, units = 0, shown = 0;
  const auto start = Clock::now();
  for (const std::string& uscc : column_values(units_csv, "uscc")) {
    if (uscc.empty()) continue;
    const std::string path = dir + "/" + uscc + ".csv";
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    auto reader = ciie::make_record_reader(
        in, ciie::InputFormat::kCsv,
        {ciie::Registry::person_columns(), ciie::Registry::person_required_columns()});
    auto summary =
        registry->add_persons(ciie::Actor::organizer(), uscc, *reader, ciie::BulkOptions{}, dir,
                              [&](const ciie::RowOutcome& row) {
                                if (!row.ok && shown++ < 5) {
                                  std::cerr << "  " << path << " line " << row.line << ": "
                                            << row.error.to_string() << "\n";
                                }
                              });
    if (!summary.is_ok()) die(path + ": " + summary.status().to_string());
    rows += summary->rows;
    failed += summary->failed;
    ++units;
  }
  std::cout << seconds_since(start) << ' ' << rows << ' ' << failed << ' ' << units << "\n";
  return failed == 0 ? 0 : 1;
}

// `--child-review STORE UNITS_CSV`: submits every mainland unit of UNITS_CSV (one call each;
// enterprises are approved at once, REV-1), then the delegation with the longest queue approves
// its whole queue in one approve_all. Prints "submit_seconds units queue approve_seconds
// approved".
int child_review(const std::string& store, const std::string& units_csv) {
  auto registry = open_store(store);
  std::map<std::string, std::int64_t> queues;
  std::int64_t units = 0;
  auto start = Clock::now();
  for (const std::string& uscc : column_values(units_csv, "uscc")) {
    if (uscc.empty()) continue;
    auto submitted = registry->submit(ciie::Actor::organizer(), uscc, ciie::SubmitRequest{});
    if (!submitted.is_ok()) {
      // A unit without persons may still be submitted; anything else is a failure to look at.
      if (submitted.status().reason() == "submit.nothing") continue;
      die("submit " + uscc + ": " + submitted.status().to_string());
    }
    ++units;
    if (submitted->unit_submitted && !submitted->auto_approved) ++queues[submitted->queue];
  }
  const double submit_seconds = seconds_since(start);
  std::string queue;
  std::int64_t longest = 0;
  for (const auto& [name, n] : queues) {
    if (name.rfind("delegation:", 0) == 0 && n > longest) {
      queue = name;
      longest = n;
    }
  }
  double approve_seconds = 0.0;
  std::int64_t approved = 0;
  if (!queue.empty()) {
    ciie::QueueFilter filter;
    filter.queue = queue;
    filter.limit = 1'000'000;
    start = Clock::now();
    auto summary = registry->approve_all(ciie::Actor::delegation(queue.substr(11)), filter,
                                         ciie::BulkOptions{}, [](const ciie::RowOutcome&) {});
    approve_seconds = seconds_since(start);
    if (!summary.is_ok()) die("approve_all " + queue + ": " + summary.status().to_string());
    approved = summary->ok;
  }
  std::cout << submit_seconds << ' ' << units << ' ' << (queue.empty() ? "-" : queue) << ' '
            << approve_seconds << ' ' << approved << "\n";
  return 0;
}

// ---- the parent ------------------------------------------------------------------------------

using bench::Measured;
using bench::run_child;

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
  if (argc == 5 && std::string(argv[1]) == "--child-persons") {
    return child_persons(argv[2], argv[3], argv[4]);
  }
  if (argc == 4 && std::string(argv[1]) == "--child-review") {
    return child_review(argv[2], argv[3]);
  }
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
  // Persons: every file into one bare table (the baseline, once), then add_persons per unit.
  const std::string persons_dir = args.data + "/persons";
  std::vector<std::string> person_files;
  for (const std::string& uscc : column_values(units_csv, "uscc")) {
    const std::string path = persons_dir + "/" + uscc + ".csv";
    if (!uscc.empty() && std::filesystem::exists(path)) person_files.push_back(path);
  }
  std::optional<Measured> person_baseline;
  const std::string person_baseline_name =
      "sqlite3 `.import` of every persons/<USCC>.csv into one table";
  if (person_files.empty()) {
    std::cerr << "no " << persons_dir << "/<USCC>.csv for the kept units: persons skipped\n";
  } else if (baseline) {
    std::ostringstream script;
    script << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nPRAGMA cache_size=-65536;\n"
              "PRAGMA temp_store=MEMORY;\nCREATE TABLE person_import (name TEXT NOT NULL, "
              "document_kind TEXT NOT NULL, document_number TEXT NOT NULL, phone TEXT NOT NULL, "
              "position TEXT NOT NULL, badge_type TEXT NOT NULL) STRICT;\nBEGIN;\n";
    for (const std::string& f : person_files) {
      script << ".import --csv --skip 1 " << f << " person_import\n";
    }
    script << "COMMIT;\n";
    const std::string script_path = args.dir + "/persons-baseline.sql";
    std::ofstream(script_path) << script.str();
    const std::string db = args.dir + "/persons-baseline.db";
    std::filesystem::remove(db);
    std::cerr << "sqlite3 .import of the persons (baseline)…\n";
    Measured m = run_child({"sqlite3", "-batch", "-bail", db}, script_path,
                           args.dir + "/sqlite3-persons.out");
    if (!m.ok) die("sqlite3 failed to import the persons (" + script_path + ")");
    Measured counted = run_child({"sqlite3", db, "SELECT count(*) FROM person_import"}, "",
                                 args.dir + "/sqlite3-count.out");
    std::ifstream(args.dir + "/sqlite3-count.out") >> m.rows;
    if (!counted.ok) die("sqlite3 could not count the imported persons");
    person_baseline = m;
    rows.push_back({person_baseline_name, m.rows, m.seconds, m.peak_mib, "", -1});
  }

  // The ciie steps on one store; `backend` labels the rows of a store other than SQLite's.
  const auto ciie_steps = [&](const std::string& store, const std::string& backend) {
    const std::string on = backend.empty() ? "" : " (" + backend + ")";
    std::cerr << "ciie register_units" << on << "…\n";
    const Measured first = ciie_register(self, units_csv, store, args.dir);
    rows.push_back(compared("register_units, units.csv, new store" + on, first));
    std::cerr << "ciie register_units again (idempotent)" << on << "…\n";
    const Measured again = ciie_register(self, units_csv, store, args.dir);
    if (again.unchanged != again.rows) die("registering the same file again changed units");
    rows.push_back(compared("register_units, the same file again (all unchanged)" + on, again));
    if (!person_files.empty()) {
      std::cerr << "ciie add_persons, one call per unit" << on << "…\n";
      const std::string out = args.dir + "/child.out";
      Measured persons = run_child({self, "--child-persons", store, units_csv, args.data}, "", out);
      double seconds = 0.0;
      std::int64_t failed = 0, units = 0;
      std::ifstream result(out);
      if (!(result >> seconds >> persons.rows >> failed >> units) || !persons.ok) {
        die("add_persons failed (see above)");
      }
      persons.seconds = seconds;
      rows.push_back({"add_persons, one call per unit (" + std::to_string(units) + " units)" + on,
                      persons.rows, persons.seconds, persons.peak_mib,
                      person_baseline ? person_baseline_name : "",
                      person_baseline ? persons.seconds / person_baseline->seconds : -1});
    }
    std::cerr << "ciie submit, one call per unit, and one delegation's batch review" << on << "…\n";
    {
      const std::string out = args.dir + "/child.out";
      const Measured review = run_child({self, "--child-review", store, units_csv}, "", out);
      double submit_seconds = 0.0, approve_seconds = 0.0;
      std::int64_t submitted = 0, approved = 0;
      std::string queue;
      std::ifstream result(out);
      if (!(result >> submit_seconds >> submitted >> queue >> approve_seconds >> approved) ||
          !review.ok) {
        die("submit or the review failed (see above)");
      }
      rows.push_back({"submit, one call per unit (enterprises approved at once)" + on, submitted,
                      submit_seconds, review.peak_mib, "", -1});
      if (queue != "-") {
        rows.push_back({"approve_all, the longest queue (" + queue + ")" + on, approved,
                        approve_seconds, review.peak_mib, "", -1});
      }
    }
  };
  const std::string store = args.dir + "/ciie.db";
  std::filesystem::remove(store);
  ciie_steps(store, "");
  if (!args.postgres.empty()) ciie_steps(args.postgres, "PostgreSQL");

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
