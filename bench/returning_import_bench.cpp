// ciie_returning_import_bench: `import-returning` (RET-1) at the 7th edition's scale against the
// sqlite3 shell's bare `.import` of the same rows into equivalent tables, in the same run.
//
// Each import runs in a fresh process (this program re-executed, or the sqlite3 shell), so its
// peak resident set (wait4's ru_maxrss) is its own; the time is the wall time of the import
// alone (the child reports it, start-up and `init` excluded; for sqlite3 the whole process,
// which is nearly all import). See README.md here.
#include <sys/utsname.h>
#include <unistd.h>

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/registry.hpp"

#include "bench_rows.hpp"
#include "child_run.hpp"
#include "past_edition_export.hpp"

namespace {

constexpr const char* kUsage = R"(usage: ciie_returning_import_bench [options]
  --units N        units in the export (default 120000, the 7th edition's)
  --persons N      persons in the export (default 430000)
  --quick          12000 units and 43000 persons
  --seed N         generator seed (default 7)
  --dir DIR        work directory (default: a new one under $TMPDIR); kept
  --no-jsonl       skip the JSON Lines run
  --markdown FILE  also write the report there
  --rows FILE      also write the table's rows as JSON (bench_rows.hpp, for bench/run-all)
)";

// The baseline's tables: the exported columns of migration 6's returning_unit and
// returning_person with the same keys, CHECK constraints and the person → unit foreign key (the
// claim columns, which an import never writes, left out), under the store's pragmas.
constexpr const char* kBaselineSchema = R"sql(PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
PRAGMA cache_size=-65536;
PRAGMA temp_store=MEMORY;
CREATE TABLE returning_unit (
  account TEXT PRIMARY KEY, edition INTEGER NOT NULL, uscc TEXT,
  region TEXT NOT NULL CHECK (region IN ('mainland', 'hk_mo_tw', 'overseas')),
  category TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '', password_hash TEXT NOT NULL DEFAULT '',
  delegation TEXT NOT NULL DEFAULT '', sub_delegation TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
  licence_sha256 TEXT NOT NULL DEFAULT '', revision INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'barred')),
  failed_methods TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(failed_methods)),
  password_failures INTEGER NOT NULL DEFAULT 0 CHECK (password_failures >= 0)
) STRICT;
CREATE TABLE returning_person (
  unit TEXT NOT NULL REFERENCES returning_unit (account), past_id TEXT NOT NULL,
  name TEXT NOT NULL, document_kind TEXT NOT NULL, document_number TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '', position TEXT NOT NULL DEFAULT '', badge_type TEXT NOT NULL,
  badge_number TEXT NOT NULL DEFAULT '',
  badge_reusable INTEGER NOT NULL CHECK (badge_reusable IN (0, 1)),
  free_badge INTEGER NOT NULL CHECK (free_badge IN (0, 1)),
  delegation TEXT NOT NULL DEFAULT '', sub_delegation TEXT NOT NULL DEFAULT '',
  photo_sha256 TEXT NOT NULL DEFAULT '', revision INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (unit, past_id)
) STRICT, WITHOUT ROWID;
)sql";

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kNowUtc = "2024-06-03T02:00:00.000000Z";

struct Args {
  std::int64_t units = 120'000;
  std::int64_t persons = 430'000;
  std::uint64_t seed = 7;
  std::string dir;
  bool jsonl = true;
  std::string markdown;
  std::string rows;
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "ciie_returning_import_bench: " << what << "\n";
  std::exit(3);
}

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--units") {
      args.units = std::stoll(value());
    } else if (arg == "--persons") {
      args.persons = std::stoll(value());
    } else if (arg == "--quick") {
      args.units = 12'000;
      args.persons = 43'000;
    } else if (arg == "--seed") {
      args.seed = std::stoull(value());
    } else if (arg == "--dir") {
      args.dir = value();
    } else if (arg == "--no-jsonl") {
      args.jsonl = false;
    } else if (arg == "--markdown") {
      args.markdown = value();
    } else if (arg == "--rows") {
      args.rows = value();
    } else {
      std::cerr << "ciie_returning_import_bench: unknown argument " << arg << "\n" << kUsage;
      return false;
    }
  }
  return args.units > 0 && args.persons >= args.units;
}

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---- the child: one import into a store ----------------------------------------------------

// `--child FILE FORMAT STORE`: opens (creating and initialising) the store, imports the file and
// prints "seconds rows failed" on stdout. Exit 0 when every row was ok.
int child_import(const std::string& file, const std::string& format, const std::string& store) {
  ciie::Options options;
  options.store_uri = store;
  options.create_if_missing = true;
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(kNow));
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) die(registry.status().to_string());
  if (auto init = (*registry)->init(ciie::Actor::organizer()); !init.is_ok()) {
    die(init.status().to_string());
  }
  std::ifstream in(file, std::ios::binary);
  auto reader = ciie::make_record_reader(
      in, format == "jsonl" ? ciie::InputFormat::kJsonLines : ciie::InputFormat::kCsv,
      {ciie::Registry::returning_columns(), ciie::Registry::returning_required_columns()});
  std::int64_t shown = 0;
  const auto start = Clock::now();
  auto summary = (*registry)->import_returning(
      ciie::Actor::organizer(), *reader, ciie::BulkOptions{},
      std::filesystem::path(file).parent_path().string(), [&](const ciie::RowOutcome& row) {
        if (!row.ok && shown++ < 5) std::cerr << "  row failed: " << row.error.to_string() << "\n";
      });
  const double seconds = seconds_since(start);
  if (!summary.is_ok()) die(summary.status().to_string());
  std::cout << seconds << ' ' << summary->rows << ' ' << summary->failed << ' '
            << summary->by_outcome["unchanged"] << "\n";
  return summary->failed == 0 ? 0 : 1;
}

// ---- the parent: running children ----------------------------------------------------------

using bench::Measured;
using bench::run_child;

Measured ciie_import(const std::string& self, const std::string& file, const std::string& format,
                     const std::string& store, const std::string& dir) {
  const std::string out = dir + "/child.out";
  Measured m = run_child({self, "--child", file, format, store}, "", out);
  std::ifstream result(out);
  double seconds = 0.0;
  std::int64_t failed = 0;
  if (!(result >> seconds >> m.rows >> failed >> m.unchanged) || !m.ok) {
    die("the import of " + file + " failed (see above)");
  }
  m.seconds = seconds;  // the import alone
  return m;
}

// The sqlite3 shell importing the baseline files into the equivalent tables in one transaction;
// nullopt when there is no sqlite3 on PATH.
std::optional<Measured> sqlite3_import(const bench::ExportFiles& files, const std::string& dir) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) return std::nullopt;
  const std::string script = dir + "/baseline.sql";
  std::ofstream(script) << kBaselineSchema << "BEGIN;\n.import --csv " << files.baseline_units
                        << " returning_unit\n.import --csv " << files.baseline_persons
                        << " returning_person\nCOMMIT;\n";
  const std::string db = dir + "/baseline.db";
  std::filesystem::remove(db);
  Measured m = run_child({"sqlite3", "-batch", db}, script, dir + "/sqlite3.out");
  if (!m.ok) die("sqlite3 failed to import the baseline files");
  m.rows = files.rows;
  return m;
}

// ---- the report ------------------------------------------------------------------------------

struct Row {
  std::string operation;
  std::int64_t rows = 0;
  double seconds = 0.0;
  double peak_mib = -1;  // -1: not measured
  double ratio = -1;     // to the baseline; -1: none
};

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string thousands(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

std::string machine() {
  utsname u{};
  uname(&u);
  return cpu_model() + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " +
         u.sysname + " " + u.release;
}

std::string markdown(const Args& args, const std::vector<Row>& rows, const std::string& verdict) {
  std::ostringstream out;
  out << "ciie_returning_import_bench: " << thousands(args.units) << " units and "
      << thousands(args.persons) << " persons (seed " << args.seed << ")\n\n"
      << "Machine: " << machine() << "; build type " << CIIE_BENCH_BUILD_TYPE << ".\n\n"
      << "| operation | rows | wall s | rows/s | peak MiB | ratio to baseline |\n"
      << "|---|---:|---:|---:|---:|---:|\n";
  for (const Row& r : rows) {
    out << "| " << r.operation << " | " << thousands(r.rows) << " | " << fixed(r.seconds, 2)
        << " | " << thousands(static_cast<std::int64_t>(static_cast<double>(r.rows) / r.seconds))
        << " | " << (r.peak_mib < 0 ? "–" : fixed(r.peak_mib, 0)) << " | "
        << (r.ratio < 0 ? "–" : fixed(r.ratio, 2) + "×") << " |\n";
  }
  out << "\n" << verdict;
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--child") return child_import(argv[2], argv[3], argv[4]);
  Args args;
  if (!parse_args(argc, argv, args)) return 2;
  if (sodium_init() < 0) die("libsodium could not be initialised");
  if (args.dir.empty()) {
    char pattern[] = "/tmp/ciie-returning-bench-XXXXXX";
    if (mkdtemp(pattern) == nullptr) die("cannot create a work directory");
    args.dir = pattern;
  }
  std::filesystem::create_directories(args.dir);
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();

  // One Argon2id string for every unit: the import checks its shape, it never hashes.
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, "Past-pass-2023", 14, 2, 1024 * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    die("Argon2id failed");
  }
  std::vector<Row> rows;
  const auto generate = [&](std::int64_t units, std::int64_t persons, const std::string& dir,
                            bool jsonl) {
    std::filesystem::create_directories(dir);
    const auto start = Clock::now();
    bench::ExportFiles files =
        bench::write_export({units, persons, args.seed, hash}, dir, jsonl, kNowUtc);
    rows.push_back({"generate the export (CSV" + std::string(jsonl ? ", JSON Lines" : "") +
                        ", baseline tables)",
                    files.rows, seconds_since(start)});
    std::cerr << "generated " << files.rows << " rows (" << files.bytes / (1024 * 1024)
              << " MiB of CSV) in " << dir << "\n";
    return files;
  };
  const bench::ExportFiles files = generate(args.units, args.persons, args.dir, args.jsonl);

  std::cerr << "sqlite3 .import (baseline)…\n";
  const std::optional<Measured> baseline = sqlite3_import(files, args.dir);
  if (baseline) {
    rows.push_back({"sqlite3 `.import` into equivalent tables (baseline)", baseline->rows,
                    baseline->seconds, baseline->peak_mib, 1.0});
  } else {
    std::cerr << "no sqlite3 on PATH: the baseline column is left out (apt-get install sqlite3)\n";
  }
  const auto ratio = [&](double seconds) { return baseline ? seconds / baseline->seconds : -1; };

  const std::string store = args.dir + "/ciie.db";
  std::filesystem::remove(store);
  std::cerr << "ciie import-returning (CSV)…\n";
  const Measured csv = ciie_import(self, files.csv, "csv", store, args.dir);
  rows.push_back({"ciie import-returning, CSV, new store", csv.rows, csv.seconds, csv.peak_mib,
                  ratio(csv.seconds)});
  std::cerr << "ciie import-returning again (idempotent)…\n";
  const Measured again = ciie_import(self, files.csv, "csv", store, args.dir);
  if (again.unchanged != again.rows) die("the re-import changed rows");
  rows.push_back({"ciie import-returning, the same file again (all unchanged)", again.rows,
                  again.seconds, again.peak_mib, ratio(again.seconds)});
  if (args.jsonl) {
    const std::string jsonl_store = args.dir + "/ciie-jsonl.db";
    std::filesystem::remove(jsonl_store);
    std::cerr << "ciie import-returning (JSON Lines)…\n";
    const Measured jsonl = ciie_import(self, files.jsonl, "jsonl", jsonl_store, args.dir);
    rows.push_back({"ciie import-returning, JSON Lines, new store", jsonl.rows, jsonl.seconds,
                    jsonl.peak_mib, ratio(jsonl.seconds)});
  }
  // Memory must not follow the file's size: the same import at a quarter of it.
  const std::string quarter_dir = args.dir + "/quarter";
  const bench::ExportFiles quarter =
      generate(args.units / 4, std::max(args.persons / 4, args.units / 4), quarter_dir, false);
  rows.pop_back();  // the quarter's generation is not a figure of interest
  const std::string quarter_store = quarter_dir + "/ciie.db";
  std::filesystem::remove(quarter_store);
  std::cerr << "ciie import-returning (a quarter of the size)…\n";
  const Measured small = ciie_import(self, quarter.csv, "csv", quarter_store, quarter_dir);
  rows.push_back({"ciie import-returning, CSV, a quarter of the rows", small.rows, small.seconds,
                  small.peak_mib, -1});

  std::ostringstream verdict;
  verdict << "Targets (issue 8): within 2× of the bare import while validating every row — "
          << (baseline ? fixed(ratio(csv.seconds), 2) + "×, " +
                             (ratio(csv.seconds) <= 2.0 ? "met" : "NOT met")
                       : std::string("no baseline"))
          << "; peak memory under 256 MiB whatever the file size — " << fixed(csv.peak_mib, 0)
          << " MiB at full size, " << fixed(small.peak_mib, 0) << " MiB at a quarter, "
          << (csv.peak_mib < 256 ? "met" : "NOT met") << ".\n";
  const std::string report = markdown(args, rows, verdict.str());
  std::cout << report;
  if (!args.markdown.empty()) std::ofstream(args.markdown) << report;
  if (!args.rows.empty()) {
    const std::string baseline_name = baseline ? rows[1].operation : std::string();
    std::vector<bench::BenchRow> out;
    for (const Row& r : rows) {
      const bool compared = baseline && r.ratio >= 0 && r.operation != baseline_name;
      out.push_back({r.operation, r.rows, r.seconds, r.peak_mib,
                     compared ? baseline_name : std::string(), compared ? r.ratio : -1.0});
    }
    if (!bench::write_rows(args.rows, "ciie_returning_import_bench", CIIE_BENCH_BUILD_TYPE, out)) {
      return 5;
    }
  }
  return 0;
}
