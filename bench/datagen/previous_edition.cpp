#include "previous_edition.hpp"

#include <fstream>
#include <stdexcept>

#include "names.hpp"
#include "past_edition_export.hpp"
#include "persons.hpp"

namespace ciie::datagen {
namespace {

constexpr double kReturningShare = 0.6;
constexpr double kPastToPresent = 394.0 / 430.0;
constexpr double kPersonCameBack = 0.7;

bench::PastPerson past_person(const Person& p, std::int64_t k, std::int64_t number, Rng& rng) {
  bench::PastPerson past;
  past.person_id = "P" + std::to_string(k + 1);
  past.name = p.name;
  past.document_kind = p.document_kind;
  past.document_number = p.document_number;
  past.phone = p.phone;
  past.position = p.position;
  past.badge_type = p.badge_type;
  past.badge_number = "CIIE6-" + std::to_string(1'000'000 + number);
  // Full badges are reusable unless lost or damaged; weekend badges never (ciie-facts §3.6).
  past.badge_reusable = p.badge_type == "full" && rng.chance(0.9);
  return past;
}

bench::PastUnit past_unit(const Unit& u) {
  bench::PastUnit past;
  past.uscc = u.uscc;
  past.category = u.category;
  past.name = u.name;
  past.phone = u.phone;
  past.email = u.email;
  past.delegation = u.delegation;
  past.sub_delegation = u.sub_delegation;
  past.legal_representative = u.legal_representative;
  past.address = u.address;
  return past;
}

}  // namespace

PreviousEditionWritten write_previous_edition(const std::vector<Unit>& units, std::uint64_t seed,
                                              const std::string& path) {
  Rng rng(seed, "previous-edition");
  std::ofstream csv(path, std::ios::binary);
  csv << bench::export_csv_header();
  PreviousEditionWritten w;
  std::int64_t mainland = 0, next_person = 0, badge = 0;
  for (const Unit& u : units) {
    if (!u.overseas) ++mainland;
    next_person += u.persons;
  }
  auto emit = [&](const bench::PastUnit& past) {
    bench::write_export_rows(csv, past);
    ++w.units;
    w.persons += static_cast<std::int64_t>(past.persons.size());
  };
  for (const Unit& u : units) {
    if (u.overseas || !rng.chance(kReturningShare)) continue;
    bench::PastUnit past = past_unit(u);
    const std::vector<Person> now = persons_of(u, seed);
    std::int64_t k = 0;
    for (const Person& p : now) {
      if (rng.chance(kPersonCameBack)) past.persons.push_back(past_person(p, k++, badge++, rng));
    }
    for (std::int64_t left = rng.between(0, 1); left > 0; --left) {  // came then, not now
      Person gone{person_name(rng), "cn_id", cn_id(u.division, next_person++),
                  mainland_mobile(rng), position(rng), rng.chance(0.85) ? "full" : "weekend"};
      past.persons.push_back(past_person(gone, k++, badge++, rng));
    }
    if (past.persons.empty()) {  // every past unit brought someone
      past.persons.push_back(past_person(now.front(), 0, badge++, rng));
    }
    emit(past);
    ++w.returning_units;
  }
  // Units of the 6th that did not come back: like a random unit of this edition in place and
  // category, with an index (so a USCC) of their own.
  const auto past_only = static_cast<std::int64_t>(
      static_cast<double>(mainland) * kPastToPresent) - w.returning_units;
  std::vector<const Unit*> mainland_units;
  for (const Unit& u : units) {
    if (!u.overseas) mainland_units.push_back(&u);
  }
  for (std::int64_t i = 0; i < past_only && !mainland_units.empty(); ++i) {
    const Unit& like = *rng.pick(mainland_units);
    Unit gone = like;
    gone.index = static_cast<std::int64_t>(units.size()) + i;
    gone.uscc = uscc(like.uscc.substr(0, 2), like.division, gone.index);
    gone.name = unit_name(gone.category, gone.division, rng, gone.index);
    gone.phone = mainland_mobile(rng);
    gone.email = "unit" + std::to_string(gone.index) + "@example-past.cn";
    bench::PastUnit past = past_unit(gone);
    const std::int64_t size = 1 + rng.between(0, 4);
    for (std::int64_t k = 0; k < size; ++k) {
      Person p{person_name(rng), "cn_id", cn_id(gone.division, next_person++),
               mainland_mobile(rng), position(rng), rng.chance(0.85) ? "full" : "weekend"};
      past.persons.push_back(past_person(p, k, badge++, rng));
    }
    emit(past);
  }
  csv.close();
  if (!csv) throw std::runtime_error("cannot write " + path);
  w.rows = w.units + w.persons;
  return w;
}

}  // namespace ciie::datagen
