// ciie_ocr_bench: accuracy and speed of ciie::read_licence_file against plain Tesseract on a
// directory of licence scans with ground truth (licNNNN.jpg|png + licNNNN.json). See README.md.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <tesseract/baseapi.h>
#include <unistd.h>

#include "ciie/codes.hpp"
#include "ciie/ocr.hpp"

#include "baseline.hpp"
#include "bench_rows.hpp"
#include "report.hpp"
#include "truth.hpp"

namespace {

constexpr const char* kUsage =
    "usage: ciie_ocr_bench DIR [--threads N] [--limit N] [--markdown FILE] [--json FILE]\n"
    "                      [--no-baseline] [--tessdata DIR] [--rows FILE]\n"
    "Reads every scan of DIR (licNNNN.jpg|png with its licNNNN.json truth) with libciie's reader\n"
    "and with plain Tesseract, and prints per-level accuracy and seconds per scan as Markdown.\n"
    "--rows FILE also writes the seconds per level as JSON rows (bench_rows.hpp, bench/run-all).\n";

struct Args {
  std::string dir;
  int threads = 1;
  long limit = 0;  // 0: all
  std::string markdown_path;
  std::string json_path;
  std::string rows_path;
  bool baseline = true;
  std::string tessdata;
};

bool parse_int(const char* text, long& out) {
  char* end = nullptr;
  out = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && out >= 0;
}

// Returns false (after printing why) on bad arguments.
bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char*& out) {
      if (i + 1 >= argc) {
        std::cerr << "ciie_ocr_bench: " << arg << " needs a value\n";
        return false;
      }
      out = argv[++i];
      return true;
    };
    const char* v = nullptr;
    long n = 0;
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--threads" || arg == "--limit") {
      if (!value(v) || !parse_int(v, n) || (arg == "--threads" && n < 1)) {
        std::cerr << "ciie_ocr_bench: " << arg << " takes a number\n";
        return false;
      }
      if (arg == "--threads") {
        args.threads = static_cast<int>(n);
      } else {
        args.limit = n;
      }
    } else if (arg == "--markdown") {
      if (!value(v)) return false;
      args.markdown_path = v;
    } else if (arg == "--json") {
      if (!value(v)) return false;
      args.json_path = v;
    } else if (arg == "--rows") {
      if (!value(v)) return false;
      args.rows_path = v;
    } else if (arg == "--tessdata") {
      if (!value(v)) return false;
      args.tessdata = v;
    } else if (arg == "--no-baseline") {
      args.baseline = false;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "ciie_ocr_bench: unknown option " << arg << "\n" << kUsage;
      return false;
    } else if (args.dir.empty()) {
      args.dir = arg;
    } else {
      std::cerr << "ciie_ocr_bench: one DIR only\n" << kUsage;
      return false;
    }
  }
  if (args.dir.empty()) {
    std::cerr << kUsage;
    return false;
  }
  return true;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bench::OursOutcome run_ours(const std::string& path, const ciie::OcrOptions& options) {
  bench::OursOutcome out;
  const auto start = std::chrono::steady_clock::now();
  ciie::Result<ciie::LicenceReading> result = ciie::read_licence_file(path, options);
  out.seconds = seconds_since(start);
  if (!result.is_ok()) {
    const ciie::Status status = result.status();
    out.reason = status.reason();
    out.message = status.message();
    return out;
  }
  const ciie::LicenceReading& r = result.value();
  out.ok = true;
  out.uscc = r.uscc;
  out.uscc_source = std::string(ciie::to_string(r.uscc_source));
  out.uscc_corrections = r.uscc_corrections;
  out.uscc_passes_checks = ciie::codes::check_uscc(r.uscc).is_ok();
  out.kind = std::string(ciie::to_string(r.kind));
  for (std::string_view field : bench::kOurFields) {
    bench::FieldScore& f = out.fields[std::string(field)];
    if (const ciie::LicenceField* read = ciie::licence_field(r, field)) {
      f.found = read->found;
      f.value = read->value;
    }
  }
  return out;
}

bench::BaselineOutcome run_baseline(const std::string& path, bench::PlainTesseract& engine) {
  bench::BaselineOutcome out;
  out.ran = true;
  const auto start = std::chrono::steady_clock::now();
  std::optional<std::string> text = engine.page_text(path);
  if (text) {
    out.fields = bench::extract_baseline_fields(*text);
  } else {
    out.error = "the scan did not decode or Tesseract failed";
  }
  out.seconds = seconds_since(start);
  return out;
}

std::string now_text() {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "ciie_ocr_bench: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// Tesseract's LSTM spreads one recognition over OpenMP threads; on a shared machine that makes
// seconds per scan depend on the load and N workers oversubscribe the cores. One OpenMP thread
// per worker measures one core. libgomp reads the limit when it loads, so set it and re-execute.
void limit_openmp_threads(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  setenv("OMP_THREAD_LIMIT", "1", 1);
  execv("/proc/self/exe", argv);
  // Not fatal: the run goes on with OpenMP's default, which the report states.
  unsetenv("OMP_THREAD_LIMIT");
}

}  // namespace

namespace {

// The per-scan seconds as bench rows: per level (clean, mild, hard, then any other, then all)
// ours and, unless --no-baseline, plain Tesseract; wall_s is the sum of that level's per-scan
// seconds (start-up excluded), so the ratio is the mean time ours over plain, as in the report.
// Both pipelines run in this one process: the whole run's peak is on the two `all` rows only.
std::vector<bench::BenchRow> ocr_rows(const std::vector<bench::ImageRow>& rows, bool baseline) {
  struct Sums {
    std::int64_t scans = 0;
    double ours = 0.0, plain = 0.0;
  };
  std::map<std::string, Sums> levels;
  Sums all;
  for (const bench::ImageRow& row : rows) {
    for (Sums* sums : {&levels[row.truth.level], &all}) {
      ++sums->scans;
      sums->ours += row.ours.seconds;
      sums->plain += row.baseline.seconds;
    }
  }
  std::vector<std::pair<std::string, Sums>> ordered;
  for (const char* level : {"clean", "mild", "hard"}) {
    if (auto it = levels.find(level); it != levels.end()) {
      ordered.emplace_back(*it);
      levels.erase(it);
    }
  }
  for (const auto& level : levels) ordered.emplace_back(level);
  ordered.emplace_back("all", all);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak = static_cast<double>(usage.ru_maxrss) / 1024.0;
  std::vector<bench::BenchRow> out;
  for (const auto& [level, sums] : ordered) {
    const bool is_all = level == "all";
    const std::string plain = "plain Tesseract, " + level + " scans";
    out.push_back({"read_licence_file, " + level + " scans", sums.scans, sums.ours,
                   is_all ? peak : -1.0, baseline ? plain : "",
                   baseline && sums.plain > 0 ? sums.ours / sums.plain : -1.0});
    if (baseline) out.push_back({plain, sums.scans, sums.plain, is_all ? peak : -1.0, "", -1.0});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  limit_openmp_threads(argv);
  Args args;
  if (!parse_args(argc, argv, args)) return 2;

  std::vector<bench::ImageRow> rows;
  try {
    for (bench::Truth& t : bench::load_truth_dir(args.dir)) {
      bench::ImageRow row;
      row.truth = std::move(t);
      rows.push_back(std::move(row));
    }
  } catch (const std::exception& e) {
    std::cerr << "ciie_ocr_bench: " << e.what() << "\n";
    return 2;
  }
  if (args.limit > 0 && rows.size() > static_cast<std::size_t>(args.limit)) {
    rows.resize(static_cast<std::size_t>(args.limit));
  }
  if (rows.empty()) {
    std::cerr << "ciie_ocr_bench: no truth files (*.json with a \"uscc\") in " << args.dir << "\n";
    return 2;
  }
  const int threads = std::min<int>(args.threads, static_cast<int>(rows.size()));

  ciie::OcrOptions options;  // the defaults, as `ciie ocr` uses them
  options.tessdata_path = args.tessdata;

  bench::RunInfo info;
  info.dir = args.dir;
  info.threads = threads;
  info.baseline = args.baseline;
  info.tesseract_version = tesseract::TessBaseAPI::Version();
  if (const char* omp = std::getenv("OMP_THREAD_LIMIT")) info.omp_thread_limit = omp;
  info.started = now_text();
  std::cerr << "ciie_ocr_bench: " << rows.size() << (rows.size() == 1 ? " scan in " : " scans in ")
            << args.dir << ", " << threads << (threads == 1 ? " thread" : " threads")
            << (args.baseline ? ", ours and plain Tesseract" : ", ours only") << "\n";

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex mu;  // guards the fields below and stderr
  std::string fatal;
  double ours_startup = 0.0, baseline_startup = 0.0;

  auto worker = [&](int index) {
    // Start-up, outside the per-scan times: the handles (ours: on its first call) and one scan
    // read by each side, so that lazily loaded parts of the models are in place.
    const std::string& warm = rows[static_cast<std::size_t>(index) % rows.size()].truth.image;
    std::unique_ptr<bench::PlainTesseract> plain;
    double base_s = 0.0;
    if (args.baseline) {
      const auto start = std::chrono::steady_clock::now();
      std::string error;
      plain = bench::PlainTesseract::create(args.tessdata, error);
      if (!plain) {
        std::lock_guard lock(mu);
        fatal = error;
        return;
      }
      (void)plain->page_text(warm);
      base_s = seconds_since(start);
    }
    const auto start = std::chrono::steady_clock::now();
    ciie::Result<ciie::LicenceReading> first = ciie::read_licence_file(warm, options);
    const double ours_s = seconds_since(start);
    if (!first.is_ok() && first.status().code() == ciie::Code::kExternal) {
      std::lock_guard lock(mu);
      fatal = first.status().to_string();
      return;
    }
    {
      std::lock_guard lock(mu);
      ours_startup = std::max(ours_startup, ours_s);
      baseline_startup = std::max(baseline_startup, base_s);
      if (!fatal.empty()) return;
    }

    for (std::size_t i = next++; i < rows.size(); i = next++) {
      {
        std::lock_guard lock(mu);
        if (!fatal.empty()) return;
      }
      bench::ImageRow& row = rows[i];
      // Alternate which side goes first, so neither always finds the file in the page cache.
      if (args.baseline && i % 2 == 1) row.baseline = run_baseline(row.truth.image, *plain);
      row.ours = run_ours(row.truth.image, options);
      if (args.baseline && i % 2 == 0) row.baseline = run_baseline(row.truth.image, *plain);
      bench::score(row);

      std::lock_guard lock(mu);
      const std::size_t n = ++done;
      std::fprintf(stderr, "[%zu/%zu] %s %-5s ours %-7s %5.2f s", n, rows.size(),
                   row.truth.id.c_str(), row.truth.level.c_str(),
                   std::string(bench::to_string(row.ours_uscc)).c_str(), row.ours.seconds);
      if (!row.ours.ok) std::fprintf(stderr, " (%s)", row.ours.reason.c_str());
      if (args.baseline) {
        std::fprintf(stderr, "  plain %-7s %5.2f s",
                     std::string(bench::to_string(row.baseline_uscc)).c_str(),
                     row.baseline.seconds);
      }
      std::fprintf(stderr, "\n");
    }
  };

  const auto run_start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);
  for (std::thread& t : pool) t.join();
  info.wall_seconds = seconds_since(run_start);
  info.ours_startup_seconds = ours_startup;
  info.baseline_startup_seconds = baseline_startup;
  if (!fatal.empty()) {
    std::cerr << "ciie_ocr_bench: " << fatal << "\n";
    return 6;
  }

  const std::string markdown = bench::markdown_report(info, rows);
  std::cout << markdown;
  bool written = true;
  if (!args.markdown_path.empty()) written = write_file(args.markdown_path, markdown) && written;
  if (!args.json_path.empty()) {
    written = write_file(args.json_path, bench::json_report(info, rows)) && written;
  }
  if (!args.rows_path.empty()) {
    written = bench::write_rows(args.rows_path, "ciie_ocr_bench", CIIE_BENCH_BUILD_TYPE,
                                ocr_rows(rows, args.baseline)) &&
              written;
  }
  return written ? 0 : 5;
}
