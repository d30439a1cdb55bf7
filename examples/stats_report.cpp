// Embedding libciie: the statistics a delegation reports (docs/stats-export.md). Three units
// of two delegations are registered, each with an attendee, and submitted; then the figures
// are printed by home delegation, first as the organizer (every delegation with units, and the
// totals), then as the Jiangsu delegation, which sees only its own units.
#include <cstdio>
#include <string>

#include <ciie/ciie.hpp>

namespace {

int fail(const char* step, const ciie::Status& status) {
  std::fprintf(stderr, "%s: %s\n", step, status.to_string().c_str());
  return 1;
}

void print_report(const ciie::StatsReport& report) {
  for (const ciie::StatsRow& row : report.rows) {
    const ciie::StatsFigures& f = row.figures;
    if (f.units == 0) continue;  // every delegation has a row; print those with units
    std::printf("  %-10s %s: %lld units (%lld approved, %lld submitted), %lld persons\n",
                row.key.c_str(), row.name.c_str(), static_cast<long long>(f.units),
                static_cast<long long>(f.units_approved),
                static_cast<long long>(f.units_submitted), static_cast<long long>(f.persons));
  }
  std::printf("  total: %lld units, %lld persons, paid %s yuan\n",
              static_cast<long long>(report.totals.units),
              static_cast<long long>(report.totals.persons), report.totals.paid.to_string().c_str());
}

}  // namespace

int main() {
  ciie::Options options;
  options.store_uri = "sqlite::memory:";
  options.clock = std::make_shared<ciie::FixedClock>(
      ciie::Instant::parse("2024-06-03T10:00:00+08:00").value());
  auto opened = ciie::Registry::open(options);
  if (!opened.is_ok()) return fail("open", opened.status());
  ciie::Registry& registry = **opened;
  const ciie::Actor organizer = ciie::Actor::organizer();
  if (auto init = registry.init(organizer); !init.is_ok()) return fail("init", init.status());

  // Two Shanghai enterprises (approved on submission) and a Jiangsu government office (its
  // delegation reviews it, REV-1), each with one attendee.
  const struct {
    const char* uscc;
    const char* name;
    ciie::UnitCategory category;
    const char* document;
  } units[] = {
      {"91310115591693856A", "上海示例国际贸易有限公司", ciie::UnitCategory::kEnterprise,
       "11010519491231002X"},
      {"91310104MA1FL5XX0C", "上海徐汇示例科技有限公司", ciie::UnitCategory::kEnterprise,
       "310104198506060060"},
      {"11320000MB0112344P", "江苏省示例商务厅", ciie::UnitCategory::kGovernment,
       "320102198804150020"},
  };
  for (const auto& u : units) {
    ciie::RegisterRequest request;
    request.uscc = u.uscc;
    request.name = u.name;
    request.category = u.category;
    request.phone = "13812345678";
    request.consent = true;
    auto registered = registry.register_unit(organizer, request);
    if (!registered.is_ok()) return fail("register", registered.status());
    ciie::PersonRequest person;
    person.name = "参观人员";
    person.document_number = u.document;
    person.phone = "13900001235";
    person.badge_type = "full";
    const std::string& account = registered->unit.account;
    if (auto added = registry.add_person(organizer, account, person); !added.is_ok()) {
      return fail("add_person", added.status());
    }
    if (auto s = registry.submit(organizer, account, ciie::SubmitRequest{}); !s.is_ok()) {
      return fail("submit", s.status());
    }
  }

  // One query, grouped by home delegation: the store aggregates, nothing is loaded row by row.
  ciie::StatsQuery query;
  query.by = ciie::StatsGrouping::kDelegation;
  auto all = registry.stats(organizer, query);
  if (!all.is_ok()) return fail("stats", all.status());
  std::printf("edition %d, by %s, as the organizer:\n", all->edition,
              std::string(ciie::to_string(all->by)).c_str());
  print_report(*all);

  // The same query as a delegation: the library limits it to the units it covers.
  auto own = registry.stats(ciie::Actor::delegation("jiangsu"), query);
  if (!own.is_ok()) return fail("stats", own.status());
  std::printf("as delegation:jiangsu (scope %s):\n", own->delegation.c_str());
  print_report(*own);

  // A unit may not read statistics: the refusal is a value, with its stable reason key.
  auto refused = registry.stats(ciie::Actor::unit("91310115591693856A"), query);
  std::printf("as the unit: %s\n", refused.is_ok() ? "allowed" : refused.status().reason().c_str());
  return 0;
}
