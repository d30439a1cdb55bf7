// Turning the scored scans into per-level tables (Markdown) and JSON.
#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

namespace bench {
namespace {

using nlohmann::json;

// ---- aggregation --------------------------------------------------------------------------

struct Rate {
  int hits = 0;
  int of = 0;
  void add(std::optional<bool> match) {
    if (!match) return;
    ++of;
    if (*match) ++hits;
  }
  double value() const { return of == 0 ? 0.0 : static_cast<double>(hits) / of; }
};

struct Side {
  int exact = 0, wrong = 0, refused = 0;
  Rate name, address;
  std::vector<double> seconds;
};

struct Group {
  std::string level;
  int images = 0;
  Side ours, baseline;
  std::map<std::string, Rate, std::less<>> fields;  // ours, by kOurFields
  int ours_corrected = 0;                           // codes returned as kCorrected
  std::map<std::string, int> refusal_reasons;       // ours
};

double mean(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// Nearest-rank 95th percentile.
double p95(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

void count_uscc(Side& side, UsccOutcome outcome) {
  switch (outcome) {
    case UsccOutcome::kExact:
      ++side.exact;
      break;
    case UsccOutcome::kWrong:
      ++side.wrong;
      break;
    case UsccOutcome::kRefused:
      ++side.refused;
      break;
  }
}

void add_row(Group& g, const ImageRow& row) {
  ++g.images;
  count_uscc(g.ours, row.ours_uscc);
  g.ours.seconds.push_back(row.ours.seconds);
  for (std::string_view field : kOurFields) {
    auto it = row.ours.fields.find(field);
    g.fields[std::string(field)].add(it == row.ours.fields.end() ? std::nullopt : it->second.match);
  }
  if (auto it = row.ours.fields.find("name"); it != row.ours.fields.end()) {
    g.ours.name.add(it->second.match);
  }
  if (auto it = row.ours.fields.find("address"); it != row.ours.fields.end()) {
    g.ours.address.add(it->second.match);
  }
  if (row.ours.ok && row.ours.uscc_source == "corrected") ++g.ours_corrected;
  if (!row.ours.ok) ++g.refusal_reasons[row.ours.reason];
  if (row.baseline.ran) {
    count_uscc(g.baseline, row.baseline_uscc);
    g.baseline.name.add(row.baseline.name_match);
    g.baseline.address.add(row.baseline.address_match);
    g.baseline.seconds.push_back(row.baseline.seconds);
  }
}

// Groups in the order clean, mild, hard, then any other level as first seen, then "all".
std::vector<Group> aggregate(const std::vector<ImageRow>& rows) {
  std::vector<std::string> levels;
  for (const char* known : {"clean", "mild", "hard"}) {
    for (const ImageRow& row : rows) {
      if (row.truth.level == known) {
        levels.emplace_back(known);
        break;
      }
    }
  }
  for (const ImageRow& row : rows) {
    if (std::find(levels.begin(), levels.end(), row.truth.level) == levels.end()) {
      levels.push_back(row.truth.level);
    }
  }
  std::vector<Group> groups;
  for (const std::string& level : levels) {
    Group g;
    g.level = level;
    for (const ImageRow& row : rows) {
      if (row.truth.level == level) add_row(g, row);
    }
    groups.push_back(std::move(g));
  }
  Group all;
  all.level = "all";
  for (const ImageRow& row : rows) add_row(all, row);
  groups.push_back(std::move(all));
  return groups;
}

// ---- formatting ---------------------------------------------------------------------------

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string percent(double fraction) { return fmt("%.0f%%", 100.0 * fraction); }

std::string count_rate(int n, int of) {
  if (of == 0) return "—";
  return percent(static_cast<double>(n) / of) + " (" + std::to_string(n) + ")";
}

std::string rate_cell(const Rate& r) {
  if (r.of == 0) return "—";
  return percent(r.value()) + " (" + std::to_string(r.hits) + "/" + std::to_string(r.of) + ")";
}

std::string pair(const std::string& ours, const std::string& baseline, bool with_baseline) {
  return with_baseline ? ours + " / " + baseline : ours;
}

double ratio(const Group& g) {
  const double base = mean(g.baseline.seconds);
  return base > 0.0 ? mean(g.ours.seconds) / base : 0.0;
}

std::string check(bool ok) { return ok ? "✓" : "✗"; }

void targets_section(std::ostringstream& out, const std::vector<Group>& groups, bool baseline) {
  struct Level {
    const char* name;
    double uscc, name_rate;
  };
  const Level kTargets[] = {{"clean", 0.99, 0.95}, {"mild", 0.99, 0.90}, {"hard", 0.90, 0.60}};
  out << "\n### Targets (issue 4)\n\n| target | measured | |\n|---|---|---|\n";
  for (const Level& t : kTargets) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const Group& g) { return g.level == t.name; });
    if (it == groups.end()) continue;
    const Group& g = *it;
    const double uscc = g.images == 0 ? 0.0 : static_cast<double>(g.ours.exact) / g.images;
    out << "| exact USCC ≥ " << percent(t.uscc) << " (" << t.name << ") | " << percent(uscc)
        << " | " << check(uscc >= t.uscc) << " |\n";
    out << "| name exact ≥ " << percent(t.name_rate) << " (" << t.name << ") | "
        << rate_cell(g.ours.name) << " | " << check(g.ours.name.value() >= t.name_rate) << " |\n";
    if (std::string_view(t.name) == "clean") {
      for (std::string_view field : kOurFields) {
        if (field == "name") continue;
        const Rate& r = g.fields.at(std::string(field));
        if (r.of == 0) continue;
        out << "| " << field << " exact ≥ 90% (clean) | " << rate_cell(r) << " | "
            << check(r.value() >= 0.90) << " |\n";
      }
    }
  }
  for (const Group& g : groups) {
    out << "| wrong USCC = 0 (" << g.level << ") | " << g.ours.wrong << " | "
        << check(g.ours.wrong == 0) << " |\n";
  }
  if (baseline) {
    for (const Group& g : groups) {
      out << "| time ≤ 1.5× plain Tesseract (" << g.level << ") | " << fmt("%.2f×", ratio(g))
          << " | " << check(ratio(g) <= 1.5) << " |\n";
    }
  }
}

json side_json(const Side& s, int images) {
  json j;
  j["uscc_exact"] = s.exact;
  j["uscc_exact_rate"] = images == 0 ? 0.0 : static_cast<double>(s.exact) / images;
  j["uscc_wrong"] = s.wrong;
  j["uscc_wrong_rate"] = images == 0 ? 0.0 : static_cast<double>(s.wrong) / images;
  j["refused"] = s.refused;
  j["name_exact"] = {{"hits", s.name.hits}, {"of", s.name.of}, {"rate", s.name.value()}};
  j["address_exact"] = {
      {"hits", s.address.hits}, {"of", s.address.of}, {"rate", s.address.value()}};
  j["seconds_mean"] = mean(s.seconds);
  j["seconds_p95"] = p95(s.seconds);
  return j;
}

json field_json(const FieldScore& f) {
  json j = {{"found", f.found}, {"value", f.value}};
  j["match"] = f.match ? json(*f.match) : json(nullptr);
  return j;
}

json optional_bool(const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); }

}  // namespace

std::string markdown_report(const RunInfo& info, const std::vector<ImageRow>& rows) {
  const std::vector<Group> groups = aggregate(rows);
  const bool b = info.baseline;
  std::ostringstream out;
  out << "## Licence OCR benchmark\n\n";
  out << "`" << info.dir << "`: " << rows.size() << (rows.size() == 1 ? " scan, " : " scans, ")
      << info.threads << (info.threads == 1 ? " thread" : " threads") << ", Tesseract "
      << info.tesseract_version
      << ", OMP_THREAD_LIMIT=" << (info.omp_thread_limit.empty() ? "unset" : info.omp_thread_limit)
      << ", run " << info.started << " (" << fmt("%.0f", info.wall_seconds) << " s wall).\n";
  if (b) {
    out << "Each cell is ours / plain Tesseract (chi_sim+eng, psm 3, no preprocessing, regex and "
           "label extraction) on the same scans in the same run.\n";
  } else {
    out << "Ours only (--no-baseline).\n";
  }
  out << "\n| level | scans | exact USCC | wrong USCC | refused | name exact | address exact "
         "| s/scan mean | s/scan p95 |"
      << (b ? " time ours/plain |" : "") << "\n";
  out << "|---|---|---|---|---|---|---|---|---|" << (b ? "---|" : "") << "\n";
  for (const Group& g : groups) {
    out << "| " << g.level << " | " << g.images << " | "
        << pair(count_rate(g.ours.exact, g.images), count_rate(g.baseline.exact, g.images), b)
        << " | "
        << pair(count_rate(g.ours.wrong, g.images), count_rate(g.baseline.wrong, g.images), b)
        << " | " << pair(std::to_string(g.ours.refused), std::to_string(g.baseline.refused), b)
        << " | " << pair(rate_cell(g.ours.name), rate_cell(g.baseline.name), b) << " | "
        << pair(rate_cell(g.ours.address), rate_cell(g.baseline.address), b) << " | "
        << pair(fmt("%.2f", mean(g.ours.seconds)), fmt("%.2f", mean(g.baseline.seconds)), b)
        << " | " << pair(fmt("%.2f", p95(g.ours.seconds)), fmt("%.2f", p95(g.baseline.seconds)), b)
        << " |" << (b ? " " + fmt("%.2f×", ratio(g)) + " |" : "") << "\n";
  }

  out << "\nOur other fields, exact (hits/scans whose truth has the field):\n\n| level |";
  for (std::string_view field : kOurFields) {
    if (field != "name" && field != "address") out << " " << field << " |";
  }
  out << " USCC corrected |\n|---|";
  for (std::size_t i = 0; i + 2 < kOurFields.size(); ++i) out << "---|";
  out << "---|\n";
  for (const Group& g : groups) {
    out << "| " << g.level << " |";
    for (std::string_view field : kOurFields) {
      if (field != "name" && field != "address") {
        out << " " << rate_cell(g.fields.at(std::string(field))) << " |";
      }
    }
    out << " " << g.ours_corrected << " |\n";
  }
  const Group& all = groups.back();
  if (!all.refusal_reasons.empty()) {
    out << "\nOur refusals:";
    const char* sep = " ";
    for (const auto& [reason, n] : all.refusal_reasons) {
      out << sep << "`" << reason << "` ×" << n;
      sep = ", ";
    }
    out << ".\n";
  }
  out << "\nStart-up (first Tesseract handles and one warm-up scan per worker, not in the "
         "per-scan times): ours "
      << fmt("%.1f", info.ours_startup_seconds) << " s"
      << (b ? ", plain " + fmt("%.1f", info.baseline_startup_seconds) + " s" : "") << ".\n";
  targets_section(out, groups, b);
  return out.str();
}

std::string json_report(const RunInfo& info, const std::vector<ImageRow>& rows) {
  json j;
  j["run"] = {{"dir", info.dir},
              {"images", rows.size()},
              {"threads", info.threads},
              {"baseline", info.baseline},
              {"tesseract", info.tesseract_version},
              {"omp_thread_limit", info.omp_thread_limit},
              {"started", info.started},
              {"wall_seconds", info.wall_seconds},
              {"ours_startup_seconds", info.ours_startup_seconds},
              {"baseline_startup_seconds", info.baseline_startup_seconds}};
  json summary = json::object();
  for (const Group& g : aggregate(rows)) {
    json s;
    s["images"] = g.images;
    s["ours"] = side_json(g.ours, g.images);
    json fields = json::object();
    for (const auto& [field, r] : g.fields) {
      fields[field] = {{"hits", r.hits}, {"of", r.of}, {"rate", r.value()}};
    }
    s["ours"]["fields"] = fields;
    s["ours"]["uscc_corrected"] = g.ours_corrected;
    s["ours"]["refusal_reasons"] = g.refusal_reasons;
    if (info.baseline) {
      s["baseline"] = side_json(g.baseline, g.images);
      s["seconds_ratio"] = ratio(g);
    }
    summary[g.level] = s;
  }
  j["summary"] = summary;

  json images = json::array();
  for (const ImageRow& row : rows) {
    json r;
    r["id"] = row.truth.id;
    r["level"] = row.truth.level;
    r["image"] = row.truth.image;
    r["truth_uscc"] = row.truth.uscc;
    json ours;
    ours["uscc_outcome"] = to_string(row.ours_uscc);
    if (row.ours.ok) {
      ours["uscc"] = row.ours.uscc;
      ours["uscc_source"] = row.ours.uscc_source;
      ours["uscc_corrections"] = row.ours.uscc_corrections;
      ours["uscc_passes_checks"] = row.ours.uscc_passes_checks;
      ours["kind"] = row.ours.kind;
    } else {
      ours["reason"] = row.ours.reason;
      ours["message"] = row.ours.message;
    }
    json fields = json::object();
    for (const auto& [field, f] : row.ours.fields) fields[field] = field_json(f);
    ours["fields"] = fields;
    ours["seconds"] = row.ours.seconds;
    r["ours"] = ours;
    if (row.baseline.ran) {
      const BaselineOutcome& b = row.baseline;
      r["baseline"] = {{"uscc", b.fields.uscc},
                       {"uscc_outcome", to_string(row.baseline_uscc)},
                       {"name", b.fields.name},
                       {"name_match", optional_bool(b.name_match)},
                       {"address", b.fields.address},
                       {"address_match", optional_bool(b.address_match)},
                       {"error", b.error},
                       {"seconds", b.seconds}};
    }
    images.push_back(r);
  }
  j["images"] = images;
  return j.dump(1) + "\n";
}

}  // namespace bench
