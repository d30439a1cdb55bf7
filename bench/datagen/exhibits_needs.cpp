#include "exhibits_needs.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include "csv.hpp"
#include "match_bench_data.hpp"

namespace ciie::datagen {
namespace {

std::string yuan(std::int64_t fen) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return text;
}

}  // namespace

ExhibitsNeedsWritten write_exhibits_needs(std::int64_t exhibits, std::int64_t needs,
                                          const std::vector<Unit>& units, std::uint64_t seed,
                                          const std::string& exhibits_path,
                                          const std::string& needs_path) {
  const ciie::bench::Generated g = ciie::bench::generate(exhibits, needs, seed);
  ExhibitsNeedsWritten w;
  {
    std::ofstream out(exhibits_path, std::ios::binary);
    out << g.exhibits_csv;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + exhibits_path);
    w.exhibits = exhibits;
  }
  Rng rng(seed, "needs");
  std::vector<const Unit*> mainland;
  for (const Unit& u : units) {
    if (!u.overseas) mainland.push_back(&u);
  }
  // The publishers: one unit per four needs, each then weighted 1/(rank + 1).
  std::vector<const Unit*> publishers;
  const std::size_t wanted = std::max<std::size_t>(1, g.needs.size() / 4);
  for (std::size_t i = 0; i < wanted && !mainland.empty(); ++i) publishers.push_back(rng.pick(mainland));
  std::vector<double> weights;
  for (std::size_t i = 0; i < publishers.size(); ++i) weights.push_back(1.0 / (static_cast<double>(i) + 1.0));

  std::ofstream out(needs_path, std::ios::binary);
  out << "unit,area,category,keywords,description,budget,quantity\n";
  std::set<std::string> used;
  for (const ciie::NeedRequest& n : g.needs) {
    if (publishers.empty()) break;
    const Unit& u = *publishers[rng.weighted(weights)];
    used.insert(u.key());
    out << u.key() << ',' << n.area << ',' << n.category << ',' << csv_cell(n.keywords) << ','
        << csv_cell(n.description) << ',' << (n.budget ? yuan(n.budget->fen()) : "") << ','
        << (n.quantity ? std::to_string(*n.quantity) : "") << '\n';
    ++w.needs;
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + needs_path);
  w.publishing_units = static_cast<std::int64_t>(used.size());
  return w;
}

}  // namespace ciie::datagen
