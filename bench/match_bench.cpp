// ciie_match_bench: matchmaking (MATCH-1) at the seed's scale — 9,182 exhibits and 11,830
// purchase needs (generated, deterministic by --seed) — imported and published through the
// library, then every need matched, top 10, by Registry::match_all_needs; and in the same run a
// baseline: SQLite FTS5 with its bm25() over the same bigram-tokenised text (space-joined terms,
// unicode61 tokenizer), the same area filter and category-first order, top 10. Reports total
// time, per-need latency percentiles, peak memory, the ratio and how often the two top-10 lists
// agree. See README.md here and docs/performance.md.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"
#include "match/segmenter.hpp"

#include "bench_rows.hpp"
#include "match_bench_data.hpp"

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(usage: ciie_match_bench [options]
  --exhibits N     exhibits (default 9182, the seed's 已发布9,182件展品)
  --needs N        purchase needs (default 11830, the seed's 已发布 11,830 条采购需求)
  --seed N         generator seed (default 7)
  --dir DIR        work directory (default: a new one under $TMPDIR)
  --markdown FILE  also write the report there
  --rows FILE      also write the table's rows as JSON (bench_rows.hpp, for bench/run-all)
)";

double seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string machine() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  uname(&u);
  return model + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " + u.sysname +
         " " + u.release;
}

void fail(const std::string& what) {
  std::cerr << "ciie_match_bench: " << what << "\n";
  std::exit(1);
}

void check_sqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fail(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

std::string joined_terms(const std::string& text) {
  std::string joined;
  for (const std::string& term : ciie::match::segment(text)) {
    joined += (joined.empty() ? "" : " ") + term;
  }
  return joined;
}

}  // namespace

namespace {

struct Args {
  std::int64_t exhibits = 9182;
  std::int64_t needs = 11830;
  std::uint64_t seed = 7;
  std::string dir;
  std::string markdown;
  std::string rows;
};

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) fail(std::string("missing value after ") + flag + "\n" + kUsage);
    const std::string value = argv[++i];
    if (flag == "--exhibits") {
      args.exhibits = std::stoll(value);
    } else if (flag == "--needs") {
      args.needs = std::stoll(value);
    } else if (flag == "--seed") {
      args.seed = std::stoull(value);
    } else if (flag == "--dir") {
      args.dir = value;
    } else if (flag == "--markdown") {
      args.markdown = value;
    } else if (flag == "--rows") {
      args.rows = value;
    } else {
      fail("unknown option " + flag + "\n" + kUsage);
    }
  }
  return args;
}

using TopList = std::vector<std::string>;  // exhibit ids, best first

struct Run {
  std::vector<TopList> lists;
  std::vector<double> latency_ms;  // per need
  double total_s = 0;
  double setup_s = 0;  // loading and building the index
};

// The baseline over the same exhibits, in the same id order (rowid = position + 1).
Run run_fts5(const std::vector<ciie::Exhibit>& exhibits,
             const std::vector<ciie::PurchaseNeed>& needs, int limit) {
  Run run;
  const auto started = SteadyClock::now();
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(":memory:", &db), db, "open");
  check_sqlite(sqlite3_exec(db,
                            "CREATE VIRTUAL TABLE fx USING fts5(body, tokenize='unicode61');"
                            "CREATE TABLE meta (ord INTEGER PRIMARY KEY, id TEXT NOT NULL,"
                            " area TEXT NOT NULL, category TEXT NOT NULL);"
                            "BEGIN;",
                            nullptr, nullptr, nullptr),
               db, "schema");
  sqlite3_stmt* put_fx = nullptr;
  sqlite3_stmt* put_meta = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO fx (rowid, body) VALUES (?1, ?2)", -1, &put_fx,
                                  nullptr),
               db, "prepare fx");
  check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO meta VALUES (?1, ?2, ?3, ?4)", -1, &put_meta,
                                  nullptr),
               db, "prepare meta");
  for (std::size_t i = 0; i < exhibits.size(); ++i) {
    const ciie::Exhibit& e = exhibits[i];
    const std::string body = joined_terms(e.name + "\n" + e.description);
    const auto rowid = static_cast<sqlite3_int64>(i + 1);
    sqlite3_bind_int64(put_fx, 1, rowid);
    sqlite3_bind_text(put_fx, 2, body.c_str(), -1, SQLITE_TRANSIENT);
    check_sqlite(sqlite3_step(put_fx), db, "insert fx");
    sqlite3_reset(put_fx);
    sqlite3_bind_int64(put_meta, 1, rowid);
    sqlite3_bind_text(put_meta, 2, e.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(put_meta, 3, e.area.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(put_meta, 4, e.category.c_str(), -1, SQLITE_TRANSIENT);
    check_sqlite(sqlite3_step(put_meta), db, "insert meta");
    sqlite3_reset(put_meta);
  }
  sqlite3_finalize(put_fx);
  sqlite3_finalize(put_meta);
  check_sqlite(sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_stmt* query = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, R"sql(
      SELECT m.id FROM fx JOIN meta m ON m.ord = fx.rowid
       WHERE fx MATCH ?1 AND m.area = ?2
       ORDER BY (m.category = ?3) DESC, bm25(fx), m.ord LIMIT ?4)sql",
                                  -1, &query, nullptr),
               db, "prepare query");
  run.setup_s = seconds(SteadyClock::now() - started);
  for (const ciie::PurchaseNeed& need : needs) {
    const auto begun = SteadyClock::now();
    std::vector<std::string> terms = ciie::match::segment(need.keywords + "\n" + need.description);
    std::set<std::string> distinct;
    std::string expression;
    for (const std::string& term : terms) {
      if (!distinct.insert(term).second) continue;
      expression += (expression.empty() ? "\"" : " OR \"") + term + "\"";
    }
    TopList list;
    if (!expression.empty()) {
      sqlite3_bind_text(query, 1, expression.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(query, 2, need.area.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(query, 3, need.category.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(query, 4, limit);
      int rc = 0;
      while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
        list.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
      }
      check_sqlite(rc, db, "query");
      sqlite3_reset(query);
    }
    run.lists.push_back(std::move(list));
    run.latency_ms.push_back(seconds(SteadyClock::now() - begun) * 1000.0);
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  run.total_s = seconds(SteadyClock::now() - started);
  return run;
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ciie;
  const Args args = parse_args(argc, argv);
  constexpr int kLimit = 10;
  const std::filesystem::path dir =
      args.dir.empty() ? std::filesystem::temp_directory_path() /
                             ("ciie-match-bench-" + std::to_string(getpid()))
                       : std::filesystem::path(args.dir);
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "ciie.db").string();
  std::filesystem::remove(db_path);

  const auto generated = ciie::bench::generate(args.exhibits, args.needs, args.seed);
  Options options;
  options.store_uri = db_path;
  options.create_if_missing = true;
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-09-01T10:00:00+08:00"));
  auto opened = Registry::open(options);
  if (!opened.is_ok()) fail(opened.status().to_string());
  Registry& registry = **opened;
  if (auto init = registry.init(Actor::organizer()); !init.is_ok()) fail(init.status().to_string());

  // Exhibits through the library's bulk import.
  auto started = SteadyClock::now();
  std::istringstream csv(generated.exhibits_csv);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::exhibit_columns();
  reader_options.required_columns = Registry::exhibit_required_columns();
  auto reader = make_record_reader(csv, InputFormat::kCsv, reader_options);
  auto imported = registry.import_exhibits(Actor::organizer(), *reader, BulkOptions{},
                                           [](const RowOutcome& row) {
                                             if (!row.ok) fail(row.error.to_string());
                                           });
  if (!imported.is_ok()) fail(imported.status().to_string());
  const double import_s = seconds(SteadyClock::now() - started);
  const double import_peak = peak_mib();

  // Needs published by units (about four each), one use case call per need.
  started = SteadyClock::now();
  const std::int64_t units = std::max<std::int64_t>(1, args.needs / 4);
  std::vector<std::string> accounts;
  for (std::int64_t u = 1; u <= units; ++u) {
    RegisterRequest r;
    r.uscc = ciie::bench::pudong_uscc(u);
    r.name = "上海采购商" + std::to_string(u) + "有限公司";
    r.consent = true;
    r.phone = "13812345678";
    auto registered = registry.register_unit(Actor::organizer(), r);
    if (!registered.is_ok()) fail(registered.status().to_string());
    accounts.push_back(registered->unit.account);
  }
  const double register_s = seconds(SteadyClock::now() - started);
  const double register_peak = peak_mib();
  started = SteadyClock::now();
  for (std::size_t i = 0; i < generated.needs.size(); ++i) {
    NeedRequest r = generated.needs[i];
    r.unit = accounts[i % accounts.size()];
    auto published = registry.publish_need(Actor::organizer(), r);
    if (!published.is_ok()) fail(published.status().to_string());
  }
  const double publish_s = seconds(SteadyClock::now() - started);
  const double publish_peak = peak_mib();

  // The library: every open need, top 10, one index.
  Run library;
  std::vector<PurchaseNeed> needs;
  started = SteadyClock::now();
  auto last = started;
  bool first = true;
  auto matched = registry.match_all_needs(
      Actor::organizer(), kLimit,
      [&](const PurchaseNeed& need, const std::vector<MatchResult>& results) {
        const auto now = SteadyClock::now();
        if (first) {
          library.setup_s = seconds(now - started);  // load, index, and the first need
          first = false;
        } else {
          library.latency_ms.push_back(seconds(now - last) * 1000.0);
        }
        last = now;
        TopList list;
        for (const MatchResult& r : results) list.push_back(r.exhibit.id);
        library.lists.push_back(std::move(list));
        needs.push_back(need);
      });
  if (!matched.is_ok()) fail(matched.status().to_string());
  library.total_s = seconds(SteadyClock::now() - started);
  const double library_peak = peak_mib();

  ExhibitFilter every;
  every.limit = 0;
  auto exhibits = registry.exhibits(Actor::organizer(), every);
  if (!exhibits.is_ok()) fail(exhibits.status().to_string());
  const Run fts5 = run_fts5(*exhibits, needs, kLimit);
  const double final_peak = peak_mib();

  std::int64_t identical = 0, same_set = 0, empty = 0;
  double overlap = 0;
  for (std::size_t i = 0; i < needs.size(); ++i) {
    const TopList& a = library.lists[i];
    const TopList& b = fts5.lists[i];
    if (a.empty()) ++empty;
    if (a == b) ++identical;
    const std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    if (sa == sb) ++same_set;
    std::size_t common = 0;
    for (const std::string& id : sa) common += sb.count(id);
    const std::size_t larger = std::max(sa.size(), sb.size());
    overlap += larger == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(larger);
  }
  const double n = static_cast<double>(needs.size());
  std::ostringstream report;
  report << "Matchmaking benchmark: " << exhibits->size() << " exhibits, " << needs.size()
         << " needs, top " << kLimit << ", seed " << args.seed << ".\n"
         << "Machine: " << machine() << "; build type " << CIIE_BENCH_BUILD_TYPE << ".\n\n"
         << "Setup through the library: import " << fixed(import_s, 2) << " s, register "
         << units << " units " << fixed(register_s, 2) << " s, publish " << needs.size()
         << " needs " << fixed(publish_s, 2) << " s.\n\n"
         << "| | total | setup (load + index) | per need p50 | p95 | p99 | peak RSS |\n"
         << "|---|---|---|---|---|---|---|\n"
         << "| ciie (BM25, flat postings) | " << fixed(library.total_s, 3) << " s | "
         << fixed(library.setup_s, 3) << " s | " << fixed(percentile(library.latency_ms, 0.5), 3)
         << " ms | " << fixed(percentile(library.latency_ms, 0.95), 3) << " ms | "
         << fixed(percentile(library.latency_ms, 0.99), 3) << " ms | " << fixed(library_peak, 1)
         << " MiB |\n"
         << "| SQLite FTS5 bm25() | " << fixed(fts5.total_s, 3) << " s | "
         << fixed(fts5.setup_s, 3) << " s | " << fixed(percentile(fts5.latency_ms, 0.5), 3)
         << " ms | " << fixed(percentile(fts5.latency_ms, 0.95), 3) << " ms | "
         << fixed(percentile(fts5.latency_ms, 0.99), 3) << " ms | " << fixed(final_peak, 1)
         << " MiB (whole run) |\n\n"
         << "Ratio FTS5 / ciie, total: " << fixed(fts5.total_s / library.total_s, 2) << "x.\n"
         << "Top-10 agreement: identical lists " << fixed(100.0 * static_cast<double>(identical) / n, 1)
         << " %, same set " << fixed(100.0 * static_cast<double>(same_set) / n, 1) << " %, mean overlap "
         << fixed(100.0 * overlap / n, 1) << " %; needs without any match " << empty << ".\n";
  std::cout << report.str();
  if (!args.markdown.empty()) std::ofstream(args.markdown) << report.str();
  if (!args.rows.empty()) {
    // Peak MiB: the process's ru_maxrss once the step was done (the FTS5 row: the whole run's).
    const std::string top = "top " + std::to_string(kLimit);
    const std::string fts5_name = "every need, SQLite FTS5 bm25() over the same bigrams, " + top;
    const auto count = [](std::size_t size) { return static_cast<std::int64_t>(size); };
    const std::vector<::bench::BenchRow> rows = {
        {"import_exhibits (setup)", count(exhibits->size()), import_s, import_peak, "", -1},
        {"register_unit, one call per unit (setup)", units, register_s, register_peak, "", -1},
        {"publish_need, one call per need (setup)", count(needs.size()), publish_s, publish_peak,
         "", -1},
        {"match_all_needs, every need, " + top, count(needs.size()), library.total_s, library_peak,
         fts5_name, library.total_s / fts5.total_s},
        {fts5_name, count(needs.size()), fts5.total_s, final_peak, "", -1},
    };
    if (!::bench::write_rows(args.rows, "ciie_match_bench", CIIE_BENCH_BUILD_TYPE, rows)) return 5;
  }
  return 0;
}
