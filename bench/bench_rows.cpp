// The --rows JSON writer shared by the benchmarks.
#include "bench_rows.hpp"

#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

namespace bench {

bool write_rows(const std::string& path, std::string_view bench, std::string_view build_type,
                const std::vector<BenchRow>& rows) {
  using nlohmann::json;
  json out = {{"bench", bench}, {"build_type", build_type}, {"rows", json::array()}};
  for (const BenchRow& r : rows) {
    json row = {{"operation", r.operation}, {"rows", r.rows}, {"wall_s", r.wall_s}};
    row["rows_per_s"] = r.wall_s > 0 ? json(static_cast<double>(r.rows) / r.wall_s) : json();
    row["peak_mib"] = r.peak_mib >= 0 ? json(r.peak_mib) : json();
    row["baseline"] = r.baseline.empty() ? json() : json(r.baseline);
    row["ratio"] = r.ratio >= 0 ? json(r.ratio) : json();
    out["rows"].push_back(std::move(row));
  }
  std::ofstream file(path, std::ios::binary);
  file << out.dump(2) << "\n";
  file.close();
  if (!file) {
    std::cerr << bench << ": cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace bench
