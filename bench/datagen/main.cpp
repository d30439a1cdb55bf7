// ciie_datagen: realistic data at the 7th edition's scale, deterministic by seed (bench/README.md,
// "ciie_datagen"). Two commands:
//   ciie_datagen --out DIR [--seed N] [--scale F] [--only LIST] [--force]
//   ciie_datagen statement --orders ORDERS.csv --out FILE [--seed N] [--lines N]
// Exit status: 0 done, 1 generation failed (the reason on stderr), 2 bad arguments.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config_writer.hpp"
#include "delegation_plan.hpp"
#include "exhibits_needs.hpp"
#include "manifest.hpp"
#include "persons.hpp"
#include "previous_edition.hpp"
#include "statement.hpp"
#include "units.hpp"

namespace fs = std::filesystem;
using namespace ciie::datagen;

namespace {

constexpr const char* kUsage =
    "usage: ciie_datagen --out DIR [--seed N] [--scale F] [--only LIST] [--force]\n"
    "       ciie_datagen statement --orders ORDERS.csv --out FILE [--seed N] [--lines N]\n"
    "The first writes ciie.toml, units.csv, persons/<account>.csv, previous-edition.csv,\n"
    "exhibits.csv, needs.csv and manifest.json into DIR (created; a non-empty DIR only with\n"
    "--force) at the 7th edition's scale times F (default 1; seed default 7). --only takes a\n"
    "comma-separated subset of: config, units, persons, previous-edition, exhibits, needs.\n"
    "The second writes a bank statement paying the open orders of an orders export\n"
    "(ciie export orders --format csv --reveal) and prints the expected outcomes as JSON.\n";

// The 7th edition's figures at scale 1 (ciie-facts §1.1, §1.2, §2.2, §9 [benchmark]).
constexpr double kUnits = 120'000, kPersons = 430'000, kSubDelegations = 780, kExhibits = 9'182,
                 kNeeds = 11'830;

const std::vector<std::string> kParts{"config", "units", "persons", "previous-edition",
                                      "exhibits", "needs"};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "ciie_datagen: " << message << "\n" << kUsage;
  std::exit(2);
}

std::uint64_t parse_u64(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-') usage_error(flag + " takes a whole number");
  return v;
}

std::int64_t scaled(double figure, double scale) {
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(figure * scale)));
}

class Timer {
 public:
  explicit Timer(std::string what) : what_(std::move(what)), start_(std::chrono::steady_clock::now()) {}
  ~Timer() {
    const std::chrono::duration<double> s = std::chrono::steady_clock::now() - start_;
    std::cerr << "ciie_datagen: " << what_ << " " << s.count() << " s\n";
  }

 private:
  std::string what_;
  std::chrono::steady_clock::time_point start_;
};

int generate(const std::vector<std::string>& args) {
  std::string out;
  std::uint64_t seed = 7;
  double scale = 1.0;
  bool force = false;
  std::set<std::string> only(kParts.begin(), kParts.end());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) usage_error(a + " needs a value");
      return args[++i];
    };
    if (a == "--out") {
      out = value();
    } else if (a == "--seed") {
      seed = parse_u64(a, value());
    } else if (a == "--scale") {
      const std::string& text = value();
      char* end = nullptr;
      scale = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !(scale > 0.0) || scale > 30.0) {
        usage_error("--scale takes a number above 0 and at most 30");
      }
    } else if (a == "--only") {
      only.clear();
      std::stringstream list(value());
      for (std::string part; std::getline(list, part, ',');) {
        if (std::find(kParts.begin(), kParts.end(), part) == kParts.end()) {
          usage_error("--only: unknown part " + part);
        }
        only.insert(part);
      }
    } else if (a == "--force") {
      force = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else {
      usage_error("unknown argument " + a);
    }
  }
  if (out.empty()) usage_error("--out DIR is required");
  if (fs::exists(out) && !fs::is_directory(out)) usage_error(out + " is not a directory");
  if (fs::exists(out) && !fs::is_empty(out) && !force) {
    usage_error(out + " is not empty (--force writes into it anyway)");
  }
  fs::create_directories(out);
  const auto path = [&](const std::string& name) { return (fs::path(out) / name).string(); };

  Timer total("total");
  UnitsSpec spec;
  spec.units = scaled(kUnits, scale);
  spec.persons = std::max(scaled(kPersons, scale), spec.units);
  spec.seed = seed;
  const std::int64_t mainland = spec.units - overseas_units(spec);
  const Plan plan = make_plan(spec.units, mainland, scaled(kSubDelegations, scale));
  std::vector<Unit> units;
  {
    Timer t("units drawn");
    units = make_units(plan, spec);
  }

  Manifest manifest;
  manifest.seed = seed;
  manifest.scale = scale;
  if (only.count("config")) {
    const std::int64_t lines = write_config(plan, seed, scale, path("ciie.toml"));
    manifest.files["ciie.toml"] = file_entry(path("ciie.toml"), lines);
  }
  if (only.count("units")) {
    Timer t("units.csv");
    const std::int64_t rows = write_units_csv(units, path("units.csv"));
    manifest.files["units.csv"] = file_entry(path("units.csv"), rows);
  }
  if (only.count("persons")) {
    Timer t("persons/");
    const PersonsWritten p = write_persons(units, seed, out);
    manifest.files["persons/"] = FileEntry{p.rows, p.bytes, p.files, p.sha256};
  }
  nlohmann::json previous = nullptr;
  if (only.count("previous-edition")) {
    Timer t("previous-edition.csv");
    const PreviousEditionWritten p = write_previous_edition(units, seed, path("previous-edition.csv"));
    manifest.files["previous-edition.csv"] = file_entry(path("previous-edition.csv"), p.rows);
    previous = {{"units", p.units}, {"returning_units", p.returning_units}, {"persons", p.persons}};
  }
  nlohmann::json match = nullptr;
  if (only.count("exhibits") || only.count("needs")) {
    Timer t("exhibits.csv, needs.csv");
    const ExhibitsNeedsWritten m =
        write_exhibits_needs(scaled(kExhibits, scale), scaled(kNeeds, scale), units, seed,
                             path("exhibits.csv"), path("needs.csv"));
    // Both come from one generator run; a part not asked for is removed again.
    if (only.count("exhibits")) {
      manifest.files["exhibits.csv"] = file_entry(path("exhibits.csv"), m.exhibits);
    } else {
      fs::remove(path("exhibits.csv"));
    }
    if (only.count("needs")) {
      manifest.files["needs.csv"] = file_entry(path("needs.csv"), m.needs);
    } else {
      fs::remove(path("needs.csv"));
    }
    match = {{"exhibits", m.exhibits}, {"needs", m.needs}, {"publishing_units", m.publishing_units}};
  }

  std::map<std::string, std::int64_t> per_delegation, per_category, persons_per_category;
  for (const ciie::Delegation& d : plan.rules.delegations) per_delegation[d.slug] = 0;
  std::set<std::string> subs_used;
  std::int64_t overseas = 0, persons = 0;
  for (const Unit& u : units) {
    if (u.overseas) {
      ++overseas;
    } else {
      ++per_delegation[u.delegation];
    }
    ++per_category[u.category];
    persons_per_category[u.category] += u.persons;
    persons += u.persons;
    if (!u.sub_delegation.empty()) subs_used.insert(u.sub_delegation);
  }
  manifest.summary = {{"units", units.size()},
                      {"overseas_units", overseas},
                      {"units_per_delegation", per_delegation},
                      {"units_per_category", per_category},
                      {"persons", persons},
                      {"persons_per_category", persons_per_category},
                      {"sub_delegations",
                       {{"builtin", plan.builtin_sub_delegations},
                        {"added", plan.added.size()},
                        {"total", plan.sub_delegations},
                        {"used_by_units", subs_used.size()}}},
                      {"previous_edition", previous},
                      {"match", match}};
  write_manifest(manifest, path("manifest.json"));
  return 0;
}

int statement(const std::vector<std::string>& args) {
  std::string orders, out;
  StatementSpec spec;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) usage_error(a + " needs a value");
      return args[++i];
    };
    if (a == "--orders") {
      orders = value();
    } else if (a == "--out") {
      out = value();
    } else if (a == "--seed") {
      spec.seed = parse_u64(a, value());
    } else if (a == "--lines") {
      spec.lines = static_cast<std::int64_t>(parse_u64(a, value()));
    } else {
      usage_error("statement: unknown argument " + a);
    }
  }
  if (orders.empty() || out.empty()) usage_error("statement needs --orders FILE and --out FILE");
  const StatementWritten w = write_statement(read_orders_csv(orders), spec, out);
  std::cout << nlohmann::json({{"lines", w.lines}, {"expected", w.expected}, {"generated", w.generated}})
                   .dump()
            << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (!args.empty() && args[0] == "statement") {
      return statement(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    return generate(args);
  } catch (const std::exception& e) {
    std::cerr << "ciie_datagen: " << e.what() << "\n";
    return 1;
  }
}
