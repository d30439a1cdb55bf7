// Embedding libciie: a unit's registration from start to submission. A store in a temporary
// file is created and initialised by the organizer; a Shanghai enterprise is registered on its
// behalf, two attendees are added, and the unit submits. An enterprise passing every check is
// approved at once (REV-1). Prints each step's result.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include <ciie/ciie.hpp>

namespace {

// Prints a refusal the way scripts match it: the stable reason key, then the sentence.
int fail(const char* step, const ciie::Status& status) {
  std::fprintf(stderr, "%s: %s\n", step, status.to_string().c_str());
  return 1;
}

}  // namespace

int main() {
  // A fresh store file in a new temporary directory; init() below creates the schema.
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "ciie-example-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return 1;
  const std::filesystem::path dir(dir_template);

  ciie::Options options;
  options.store_uri = (dir / "ciie.db").string();
  options.create_if_missing = true;
  // "Now" is injected: pinned inside the 7th edition's registration season, so every run agrees.
  options.clock = std::make_shared<ciie::FixedClock>(
      ciie::Instant::parse("2024-06-03T10:00:00+08:00").value());
  auto opened = ciie::Registry::open(options);
  if (!opened.is_ok()) return fail("open", opened.status());
  ciie::Registry& registry = **opened;
  if (auto init = registry.init(ciie::Actor::organizer()); !init.is_ok()) {
    return fail("init", init.status());
  }

  // The organizer registers the unit on its behalf: no password or SMS code is needed then
  // (the unit sets its password later by an SMS reset, REG-5). The USCC becomes the account.
  ciie::RegisterRequest request;
  request.uscc = "91310115591693856A";
  request.name = "上海示例国际贸易有限公司";
  request.category = ciie::UnitCategory::kEnterprise;
  request.phone = "13812345678";
  request.consent = true;
  auto registered = registry.register_unit(ciie::Actor::organizer(), request);
  if (!registered.is_ok()) return fail("register", registered.status());
  const ciie::Unit& unit = registered->unit;
  std::printf("registered %s (%s), home delegation %s, state %s\n", unit.account.c_str(),
              unit.name.c_str(), unit.route.home_delegation.c_str(),
              std::string(ciie::to_string(unit.state)).c_str());

  // From here on the unit acts for itself. The library does not authenticate: the embedding
  // program does (authenticate_unit, or a token) and passes the Actor it established.
  const ciie::Actor self = ciie::Actor::unit(unit.account);
  const struct {
    const char* name;
    const char* document;
    const char* phone;
  } attendees[] = {{"林晓峰", "11010519491231002X", "13900001235"},
                   {"周敏", "320102198804150020", "13912340021"}};
  for (const auto& attendee : attendees) {
    ciie::PersonRequest person;
    person.name = attendee.name;
    person.document_kind = ciie::codes::DocumentKind::kCnId;
    person.document_number = attendee.document;  // checked: length, birth date, check digit
    person.phone = attendee.phone;
    person.badge_type = "full";  // a badge type of the rules (BDG-1)
    auto added = registry.add_person(self, unit.account, person);
    if (!added.is_ok()) return fail("add_person", added.status());
    std::printf("added person %lld %s, document %s, state %s\n",
                static_cast<long long>(added->id), added->name.c_str(),
                added->document_number.c_str(), std::string(ciie::to_string(added->state)).c_str());
  }

  // Adding the same person again returns the one already there, so a retried request is
  // harmless; the same document in another unit would be refused (person.duplicate, 一人一证).
  ciie::PersonRequest again;
  again.name = "林晓峰";
  again.document_number = "11010519491231002X";
  again.phone = "13900001235";
  again.badge_type = "full";
  auto duplicate = registry.add_person(self, unit.account, again);
  if (!duplicate.is_ok()) return fail("add_person again", duplicate.status());
  std::printf("the same person again: person %lld\n", static_cast<long long>(duplicate->id));

  // Submission: the unit's information and every draft person (SubmitRequest's defaults).
  auto submitted = registry.submit(self, unit.account, ciie::SubmitRequest{});
  if (!submitted.is_ok()) return fail("submit", submitted.status());
  std::printf("submitted %zu persons; unit %s%s\n", submitted->persons_submitted.size(),
              std::string(ciie::to_string(submitted->unit.state)).c_str(),
              submitted->auto_approved ? " automatically (REV-1)" : "");

  // Read back as stored: who decided the registration (here "automatic").
  auto shown = registry.unit(self, unit.account);
  if (!shown.is_ok()) return fail("unit", shown.status());
  std::printf("decided by %s\n", shown->decided_by.c_str());
  std::filesystem::remove_all(dir);
  return 0;
}
