// ciie_bench_table: merges the --rows files of the benchmarks (bench_rows.hpp) into one table —
// bench, operation, rows, wall s, rows/s, peak MiB, ratio to its baseline — under a header
// naming the machine it ran on. Plain text on stdout, the same as Markdown with --markdown FILE
// (ready for docs/performance.md). bench/run-all calls it; see README.md here.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <tesseract/baseapi.h>
#include <unistd.h>

namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "usage: ciie_bench_table [--markdown FILE] [--note TEXT]... ROWS.json...\n"
    "Prints the rows of every file (written by a benchmark's --rows) as one table under the\n"
    "machine's description; --markdown FILE also writes it as Markdown; each --note adds a line\n"
    "under the machine. Exit status: 0 done, 2 bad arguments or an unreadable rows file, 5 the\n"
    "Markdown could not be written.\n";

struct Args {
  std::string markdown;
  std::vector<std::string> notes;
  std::vector<std::string> files;
};

// One line of the merged table, already formatted.
struct Line {
  std::string bench, operation, rows, wall, rate, peak, ratio;
};

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string thousands(long long n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// Seconds from tens of microseconds (a single balance) to minutes, with three or more digits.
std::string seconds_text(double s) {
  if (s >= 10) return fmt("%.1f", s);
  if (s >= 1) return fmt("%.2f", s);
  if (s >= 0.01) return fmt("%.3f", s);
  return fmt("%.3g", s);
}

std::string rate_text(double per_s) {
  if (per_s >= 10) return thousands(std::llround(per_s));
  return fmt("%.2f", per_s);
}

// A time ratio: "1.61×", "21×"; far below one as a fraction, "1/4,671×" (of the baseline's time).
std::string ratio_text(double r) {
  if (r >= 10) return fmt("%.0f×", r);
  if (r >= 0.1) return fmt("%.2f×", r);
  return "1/" + thousands(std::llround(1.0 / r)) + "×";
}

// "ciie_returning_import_bench" → "returning_import".
std::string short_name(std::string bench) {
  if (bench.rfind("ciie_", 0) == 0) bench.erase(0, 5);
  if (bench.size() > 6 && bench.compare(bench.size() - 6, 6, "_bench") == 0) {
    bench.erase(bench.size() - 6);
  }
  return bench;
}

// Reads one rows file into lines; false (after saying why) when it is not one.
bool read_rows(const std::string& path, std::vector<Line>& lines, std::set<std::string>& builds) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ciie_bench_table: cannot read " << path << "\n";
    return false;
  }
  try {
    const json file = json::parse(in);
    const std::string bench = short_name(file.at("bench").get<std::string>());
    builds.insert(file.at("build_type").get<std::string>());
    std::set<std::string> baselines;  // operations other rows compare with
    for (const json& row : file.at("rows")) {
      if (row.at("baseline").is_string()) baselines.insert(row["baseline"].get<std::string>());
    }
    for (const json& row : file.at("rows")) {
      Line line;
      line.bench = bench;
      line.operation = row.at("operation").get<std::string>();
      line.rows = thousands(row.at("rows").get<long long>());
      line.wall = seconds_text(row.at("wall_s").get<double>());
      line.rate =
          row.at("rows_per_s").is_number() ? rate_text(row["rows_per_s"].get<double>()) : "–";
      line.peak = row.at("peak_mib").is_number() ? fmt("%.0f", row["peak_mib"].get<double>()) : "–";
      if (row.at("ratio").is_number()) {
        line.ratio = ratio_text(row["ratio"].get<double>());
      } else {
        line.ratio = baselines.count(line.operation) ? "baseline" : "–";
      }
      lines.push_back(std::move(line));
    }
  } catch (const json::exception& e) {
    std::cerr << "ciie_bench_table: " << path << " is not a rows file: " << e.what() << "\n";
    return false;
  }
  return true;
}

// ---- the machine ----------------------------------------------------------------------------

std::string first_field(const char* path, const char* key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "unknown";
}

// The first line a command prints, or "" when it cannot be run.
std::string command_line(const char* command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command, "r"), pclose);
  if (!pipe) return "";
  char buf[256];
  if (std::fgets(buf, sizeof buf, pipe.get()) == nullptr) return "";
  std::string line = buf;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

std::string compiler() {
#if defined(__clang__)
  return std::string("Clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return "unknown";
#endif
}

std::vector<std::pair<std::string, std::string>> machine(const std::set<std::string>& builds) {
  utsname u{};
  uname(&u);
  const std::string mem_kib = first_field("/proc/meminfo", "MemTotal");
  const double mem_gib = std::atof(mem_kib.c_str()) / (1024.0 * 1024.0);
  std::string shell = command_line("sqlite3 --version 2>/dev/null");
  shell = shell.substr(0, shell.find(' '));
  std::string build;
  for (const std::string& b : builds) build += (build.empty() ? "" : ", ") + b;
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &utc);
  return {
      {"CPU", first_field("/proc/cpuinfo", "model name")},
      {"cores (nproc)", std::to_string(sysconf(_SC_NPROCESSORS_ONLN))},
      {"memory", fmt("%.1f GiB", mem_gib)},
      {"kernel", std::string(u.sysname) + " " + u.release},
      {"SQLite", std::string(sqlite3_libversion()) +
                     (shell.empty() ? " (no sqlite3 shell)" : " (sqlite3 shell " + shell + ")")},
      {"Tesseract", tesseract::TessBaseAPI::Version()},
      {"compiler", compiler()},
      {"build type", build.empty() ? "unknown" : build},
      {"date", date},
  };
}

// ---- printing ---------------------------------------------------------------------------------

// Columns on a terminal: code points, not bytes (×, – and µ are one column each).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const std::vector<std::string> kHeads = {"bench",  "operation", "rows", "wall s",
                                         "rows/s", "peak MiB",  "ratio"};

std::vector<std::string> cells(const Line& l) {
  return {l.bench, l.operation, l.rows, l.wall, l.rate, l.peak, l.ratio};
}

std::string text_table(const std::vector<std::pair<std::string, std::string>>& header,
                       const std::vector<std::string>& notes, const std::vector<Line>& lines) {
  std::ostringstream out;
  for (const auto& [key, value] : header) out << key << ": " << value << "\n";
  for (const std::string& note : notes) out << note << "\n";
  out << "\n";
  std::vector<std::size_t> widths;
  for (const std::string& h : kHeads) widths.push_back(width(h));
  for (const Line& l : lines) {
    const std::vector<std::string> c = cells(l);
    for (std::size_t i = 0; i < c.size(); ++i) widths[i] = std::max(widths[i], width(c[i]));
  }
  const auto print = [&](const std::vector<std::string>& c) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string pad(widths[i] - width(c[i]), ' ');
      out << (i == 0 ? "" : "  ") << (i < 2 ? c[i] + pad : pad + c[i]);
    }
    out << "\n";
  };
  print(kHeads);
  std::vector<std::string> rule;
  for (const std::size_t w : widths) rule.emplace_back(w, '-');
  print(rule);
  for (const Line& l : lines) print(cells(l));
  return out.str();
}

std::string markdown_table(const std::vector<std::pair<std::string, std::string>>& header,
                           const std::vector<std::string>& notes, const std::vector<Line>& lines) {
  std::ostringstream out;
  out << "Machine:\n\n";
  for (const auto& [key, value] : header) out << "- " << key << ": " << value << "\n";
  for (const std::string& note : notes) out << "- " << note << "\n";
  out << "\n| bench | operation | rows | wall s | rows/s | peak MiB | ratio to baseline |\n"
      << "|---|---|---:|---:|---:|---:|---:|\n";
  for (const Line& l : lines) {
    std::string operation = l.operation;
    for (std::size_t at = 0; (at = operation.find('|', at)) != std::string::npos; at += 2) {
      operation.replace(at, 1, "\\|");
    }
    out << "| " << l.bench << " | " << operation << " | " << l.rows << " | " << l.wall << " | "
        << l.rate << " | " << l.peak << " | " << l.ratio << " |\n";
  }
  return out.str();
}

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--markdown" || arg == "--note") {
      if (i + 1 >= argc) {
        std::cerr << "ciie_bench_table: " << arg << " needs a value\n";
        return false;
      }
      if (arg == "--markdown") {
        args.markdown = argv[++i];
      } else {
        args.notes.emplace_back(argv[++i]);
      }
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "ciie_bench_table: unknown option " << arg << "\n" << kUsage;
      return false;
    } else {
      args.files.push_back(arg);
    }
  }
  if (args.files.empty()) {
    std::cerr << kUsage;
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) return 2;
  std::vector<Line> lines;
  std::set<std::string> builds;
  for (const std::string& file : args.files) {
    if (!read_rows(file, lines, builds)) return 2;
  }
  const auto header = machine(builds);
  std::cout << text_table(header, args.notes, lines);
  if (!args.markdown.empty()) {
    std::ofstream out(args.markdown, std::ios::binary);
    out << markdown_table(header, args.notes, lines);
    out.close();
    if (!out) {
      std::cerr << "ciie_bench_table: cannot write " << args.markdown << "\n";
      return 5;
    }
  }
  return 0;
}
