// The generator of past_edition_export.hpp. Units are spread over a handful of real divisions
// (their delegation and sub-delegation as this edition's routing gives them); person counts per
// unit follow a skewed draw, so a few units are large and most are small.
#include "past_edition_export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/codes.hpp"
#include "ciie/routing.hpp"
#include "ciie/rules.hpp"

namespace bench {
namespace {

struct Place {
  std::string division;
  std::string delegation;
  std::string sub_delegation;
};

// Divisions of the 7th edition's biggest delegations, routed as a registration would be.
std::vector<Place> places() {
  const ciie::Rules rules = ciie::Rules::seventh_edition();
  std::vector<Place> out;
  for (const char* division : {"310115", "310104", "320102", "320505", "330106", "440305",
                               "440106", "370212", "510104", "110105"}) {
    ciie::RouteRequest request;
    std::string first17 = "91" + std::string(division) + "50000000";
    first17 += ciie::codes::org_code_check_char(first17.substr(8));
    request.uscc = first17 + ciie::codes::uscc_check_char(first17);
    auto route = ciie::route_unit(rules, request);
    if (!route.is_ok()) throw std::runtime_error("cannot route " + std::string(division));
    out.push_back({division, route->home_delegation, route->sub_delegation});
  }
  return out;
}

// A valid USCC of an enterprise in `division`, distinct for every index < 10^7.
std::string uscc_for(const std::string& division, std::int64_t index) {
  char body[32];
  std::snprintf(body, sizeof body, "5%07lld", static_cast<long long>(index));
  std::string first17 = "91" + division + body;
  first17 += ciie::codes::org_code_check_char(body);
  return first17 + ciie::codes::uscc_check_char(first17);
}

// A valid resident id, distinct for every n < 13 million (birth date and sequence from n).
std::string cn_id_for(std::int64_t n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105%04lld%02lld%02lld%03lld",
                static_cast<long long>(1960 + n % 40), static_cast<long long>(1 + (n / 40) % 12),
                static_cast<long long>(1 + (n / 480) % 28),
                static_cast<long long>((n / 13440) % 999 + 1));
  return std::string(first17) + ciie::codes::mod11_2_check_char(first17);
}

// How many persons each unit brings: one each, the rest drawn with a skew towards low indexes
// (u^1.5), so the largest units bring over a hundred and most bring one to four.
std::vector<std::int32_t> unit_sizes(const ExportSpec& spec, std::mt19937_64& rng) {
  std::vector<std::int32_t> sizes(static_cast<std::size_t>(spec.units), 1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::int64_t i = spec.units; i < spec.persons; ++i) {
    const auto at = static_cast<std::size_t>(static_cast<double>(spec.units) *
                                             std::pow(u(rng), 1.5));
    ++sizes[std::min(at, sizes.size() - 1)];
  }
  std::shuffle(sizes.begin(), sizes.end(), rng);
  return sizes;
}

// A CSV cell: quoted when it holds a comma, a quote or a line break.
std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

constexpr const char* kExportHeader =
    "record,edition,uscc,category,name,phone,email,password_hash,delegation,sub_delegation,"
    "legal_representative,address,unit,person_id,document_kind,document_number,position,"
    "badge_type,badge_number,badge_reusable,free_badge\n";

}  // namespace

const char* export_csv_header() { return kExportHeader; }

void write_export_rows(std::ostream& csv, const PastUnit& unit) {
  csv << "unit," << unit.edition << ',' << unit.uscc << ',' << unit.category << ','
      << cell(unit.name) << ',' << unit.phone << ',' << unit.email << ','
      << cell(unit.password_hash) << ',' << unit.delegation << ',' << unit.sub_delegation << ','
      << cell(unit.legal_representative) << ',' << cell(unit.address) << ",,,,,,,,,\n";
  for (const PastPerson& p : unit.persons) {
    csv << "person," << unit.edition << ",,," << cell(p.name) << ',' << p.phone << ",,,"
        << unit.delegation << ',' << unit.sub_delegation << ",,," << unit.uscc << ','
        << cell(p.person_id) << ',' << p.document_kind << ',' << p.document_number << ','
        << cell(p.position) << ',' << p.badge_type << ',' << cell(p.badge_number) << ','
        << (p.badge_reusable ? "true" : "false") << ',' << (p.free_badge ? "true" : "false")
        << '\n';
  }
}

ExportFiles write_export(const ExportSpec& spec, const std::string& dir, bool with_jsonl,
                         const std::string& imported_at) {
  if (spec.persons < spec.units) throw std::invalid_argument("fewer persons than units");
  ExportFiles files;
  files.csv = dir + "/export.csv";
  files.jsonl = with_jsonl ? dir + "/export.jsonl" : "";
  files.baseline_units = dir + "/baseline-units.csv";
  files.baseline_persons = dir + "/baseline-persons.csv";
  std::ofstream csv(files.csv, std::ios::binary);
  std::ofstream jsonl;
  if (with_jsonl) jsonl.open(files.jsonl, std::ios::binary);
  std::ofstream units(files.baseline_units, std::ios::binary);
  std::ofstream persons(files.baseline_persons, std::ios::binary);
  csv << kExportHeader;

  std::mt19937_64 rng(spec.seed);
  const std::vector<Place> where = places();
  const std::vector<std::int32_t> sizes = unit_sizes(spec, rng);
  const std::vector<const char*> categories{"enterprise", "enterprise", "enterprise",
                                            "enterprise", "public_institution", "social_org"};
  std::int64_t person = 0;
  for (std::int64_t u = 0; u < spec.units; ++u) {
    const Place& place = where[static_cast<std::size_t>(u) % where.size()];
    const std::string uscc = uscc_for(place.division, u);
    const std::string name = "示例" + std::to_string(u) + "号贸易有限公司";
    const std::string phone = "138" + std::to_string(10'000'000 + u % 90'000'000);
    const std::string email = "buyer" + std::to_string(u) + "@example.com";
    const std::string category = categories[static_cast<std::size_t>(u) % categories.size()];
    const std::string legal = "法人" + std::to_string(u % 1000);
    const std::string address = "示例路" + std::to_string(u % 5000) + "号";
    PastUnit past;
    past.uscc = uscc;
    past.category = category;
    past.name = name;
    past.phone = phone;
    past.email = email;
    past.password_hash = spec.password_hash;
    past.delegation = place.delegation;
    past.sub_delegation = place.sub_delegation;
    past.legal_representative = legal;
    past.address = address;
    // returning_unit: account … password_failures (see the baseline's schema).
    units << uscc << ",6," << uscc << ",mainland," << category << ',' << cell(name) << ','
          << phone << ',' << email << ',' << cell(spec.password_hash) << ',' << place.delegation
          << ',' << place.sub_delegation << ','
          << cell(nlohmann::json({{"legal_representative", legal}, {"address", address}}).dump())
          << ",,0," << imported_at << ',' << imported_at << ",open,[],0\n";
    if (with_jsonl) {
      jsonl << nlohmann::json({{"record", "unit"},
                               {"edition", 6},
                               {"uscc", uscc},
                               {"category", category},
                               {"name", name},
                               {"phone", phone},
                               {"email", email},
                               {"password_hash", spec.password_hash},
                               {"delegation", place.delegation},
                               {"sub_delegation", place.sub_delegation},
                               {"legal_representative", legal},
                               {"address", address}})
                   .dump()
            << '\n';
    }
    for (std::int32_t k = 0; k < sizes[static_cast<std::size_t>(u)]; ++k, ++person) {
      const std::string id = "P" + std::to_string(k + 1);
      const std::string pname = "人员" + std::to_string(person);
      const std::string document = cn_id_for(person);
      const std::string pphone = "139" + std::to_string(10'000'000 + person % 90'000'000);
      const bool weekend = person % 7 == 0;
      const char* badge = weekend ? "weekend" : "full";
      const bool reusable = !weekend && person % 5 != 0;
      const bool free_badge = person % 11 == 0;
      const std::string number = "CIIE6-" + std::to_string(100'000 + person);
      PastPerson p;
      p.person_id = id;
      p.name = pname;
      p.document_number = document;
      p.phone = pphone;
      p.badge_type = badge;
      p.badge_number = number;
      p.badge_reusable = reusable;
      p.free_badge = free_badge;
      past.persons.push_back(std::move(p));
      persons << uscc << ',' << id << ',' << pname << ",cn_id," << document << ',' << pphone
              << ",采购经理," << badge << ',' << number << ',' << (reusable ? 1 : 0) << ','
              << (free_badge ? 1 : 0) << ',' << place.delegation << ',' << place.sub_delegation
              << ",,0\n";
      if (with_jsonl) {
        jsonl << nlohmann::json({{"record", "person"},
                                 {"edition", 6},
                                 {"unit", uscc},
                                 {"person_id", id},
                                 {"name", pname},
                                 {"document_kind", "cn_id"},
                                 {"document_number", document},
                                 {"phone", pphone},
                                 {"position", "采购经理"},
                                 {"badge_type", badge},
                                 {"badge_number", number},
                                 {"badge_reusable", reusable},
                                 {"free_badge", free_badge},
                                 {"delegation", place.delegation},
                                 {"sub_delegation", place.sub_delegation}})
                     .dump()
              << '\n';
      }
    }
    write_export_rows(csv, past);
  }
  files.rows = spec.units + person;
  csv.flush();
  files.bytes = static_cast<std::int64_t>(csv.tellp());
  return files;
}

}  // namespace bench
