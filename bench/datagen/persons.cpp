#include "persons.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "csv.hpp"
#include "names.hpp"
#include "sha256.hpp"

namespace ciie::datagen {

std::vector<Person> persons_of(const Unit& unit, std::uint64_t seed) {
  Rng rng(seed, "persons/" + unit.key());
  std::vector<Person> out;
  out.reserve(static_cast<std::size_t>(unit.persons));
  for (std::int64_t k = 0; k < unit.persons; ++k) {
    const std::int64_t n = unit.first_person + k;
    Person p;
    if (unit.overseas || rng.chance(0.02)) {
      p.name = foreign_person_name(rng);
      p.document_kind = "passport";
      p.document_number = passport(n);
      p.phone = unit.overseas ? foreign_phone(rng) : mainland_mobile(rng);
    } else {
      p.name = person_name(rng);
      p.document_kind = "cn_id";
      p.document_number = cn_id(unit.division, n);
      p.phone = mainland_mobile(rng);
    }
    p.position = position(rng);
    p.badge_type = rng.chance(0.85) ? "full" : "weekend";
    out.push_back(std::move(p));
  }
  return out;
}

PersonsWritten write_persons(const std::vector<Unit>& units, std::uint64_t seed,
                             const std::string& dir) {
  const std::filesystem::path root = std::filesystem::path(dir) / "persons";
  std::filesystem::create_directories(root);
  PersonsWritten w;
  Sha256 hash;
  for (const Unit& u : units) {
    std::ostringstream text;
    text << "name,document_kind,document_number,phone,position,badge_type\n";
    for (const Person& p : persons_of(u, seed)) {
      text << csv_cell(p.name) << ',' << p.document_kind << ',' << p.document_number << ','
           << p.phone << ',' << csv_cell(p.position) << ',' << p.badge_type << '\n';
      ++w.rows;
    }
    const std::string relative = "persons/" + u.key() + ".csv";
    const std::string content = text.str();
    std::ofstream out(root / (u.key() + ".csv"), std::ios::binary);
    out << content;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + relative);
    hash.update(relative);
    hash.update(std::string(1, '\0'));
    hash.update(content);
    w.bytes += static_cast<std::int64_t>(content.size());
    ++w.files;
  }
  w.sha256 = hash.hex();
  return w;
}

}  // namespace ciie::datagen
