// Who may do what (domain §1, REV-2, REV-4, docs/access.md "Who may do what"): every cell of the
// actor × action table over one unit, the Hangzhou government unit 91330106MA27Y4U47R (home
// delegation zhejiang, sub-delegation zhejiang-3301, waiting in delegation:zhejiang's queue).
// An allowed cell succeeds and writes exactly the audit entries it should (none for a read); a
// forbidden cell fails with auth.forbidden and changes nothing at all. The table below is the
// documentation: docs/access.md carries the same table, and the second test keeps them equal.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"
#include "registry/review_flow.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

using namespace ciie;

namespace {

// The unit every action is about, and another one.
const std::string kUnit = "91330106MA27Y4U47R";   // 杭州 (330106): zhejiang / zhejiang-3301
const std::string kOther = "91310115591693856A";  // 上海浦东: shanghai, approved automatically

// The actors, in the order of the table's columns.
const std::vector<Actor>& actors() {
  static const std::vector<Actor> list{
      Actor::organizer(),
      Actor::finance(),
      Actor::delegation("zhejiang"),       // the unit's home delegation
      Actor::delegation("zhejiang-3301"),  // its sub-delegation (杭州分团)
      Actor::delegation("zhejiang-3303"),  // another sub-delegation of zhejiang (温州分团)
      Actor::delegation("shanghai"),       // another delegation
      Actor::unit(kUnit),                  // the unit itself
      Actor::unit(kOther),                 // another unit
      Actor::applicant(),
  };
  return list;
}

// The column headings of docs/access.md, in the same order.
const std::vector<std::string>& column_names() {
  static const std::vector<std::string> names{
      "organizer",
      "finance",
      "delegation:zhejiang (home)",
      "delegation:zhejiang-3301 (its sub)",
      "delegation:zhejiang-3303 (other sub)",
      "delegation:shanghai (other)",
      "unit: the unit",
      "unit: another unit",
      "applicant",
  };
  return names;
}

// One row of the table: the action, the library call, and one word per actor ("yes" allowed,
// "no" auth.forbidden), in the order of actors().
struct Row {
  const char* action;
  const char* call;
  const char* cells;
};

// clang-format off
//                                                                   org  fin  zj   3301 3303 sh   unit other appl
const Row kTable[] = {
  {"read the unit",                      "unit",                     "yes yes  yes  yes  no   no   yes  no    no"},
  {"add a person",                       "add_person",               "yes no   yes  yes  no   no   yes  no    no"},
  {"list persons (masked)",              "persons",                  "yes yes  yes  yes  no   no   yes  no    no"},
  {"list persons with reveal",           "persons (reveal)",         "yes no   no   no   no   no   no   no    no"},
  {"remove a draft person",              "remove_persons",           "yes no   yes  yes  no   no   yes  no    no"},
  {"submit",                             "submit",                   "yes no   yes  yes  no   no   yes  no    no"},
  {"see the queue of delegation:zhejiang", "review_queue",           "yes no   yes  no   no   no   no   no    no"},
  {"see the zhejiang-3301 part of that queue", "review_queue (sub_delegation)",
                                                                     "yes no   yes  yes  no   no   no   no    no"},
  {"approve the unit",                   "review_unit",              "yes no   yes  yes  no   no   no   no    no"},
  {"reject the unit",                    "review_unit",              "yes no   yes  yes  no   no   no   no    no"},
  {"review a person",                    "review_person",            "yes no   yes  yes  no   no   no   no    no"},
  {"ask to join the unit",               "request_join",             "yes no   no   no   no   no   no   no    yes"},
  {"list join requests (masked)",        "join_requests",            "yes yes  yes  yes  no   no   yes  no    no"},
  {"decide join requests",               "decide_join_requests",     "yes no   no   no   no   no   yes  no    no"},
  {"add a delivery address",             "add_address",              "yes no   yes  yes  no   no   yes  no    no"},
  {"list addresses (masked)",            "addresses",                "yes yes  yes  yes  no   no   yes  no    no"},
  {"list addresses with reveal",         "addresses (reveal)",       "yes no   no   no   no   no   no   no    no"},
  {"see the progress",                   "progress",                 "yes yes  yes  yes  no   no   yes  no    no"},
  {"create a token",                     "create_token",             "yes no   no   no   no   no   no   no    no"},
  {"reveal the unit's contacts",         "reveal_unit",              "yes no   no   no   no   no   no   no    no"},
};
// clang-format on

std::vector<bool> allowed_cells(const Row& row) {
  std::istringstream words(row.cells);
  std::vector<bool> out;
  std::string word;
  while (words >> word) {
    if (word != "yes" && word != "no") throw std::logic_error("bad cell '" + word + "'");
    out.push_back(word == "yes");
  }
  if (out.size() != actors().size()) throw std::logic_error(std::string("bad row ") + row.action);
  return out;
}

Options options_at(const std::string& path, bool create) {
  Options options;
  options.store_uri = path;
  options.create_if_missing = create;
  options.password_cost = Options::PasswordCost::kMinimal;
  options.clock = std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  return options;
}

std::unique_ptr<Registry> open_registry(const std::string& path, bool create) {
  auto opened = Registry::open(options_at(path, create));
  if (!opened.is_ok()) throw std::runtime_error(opened.status().to_string());
  return std::move(opened).value();
}

// A valid cn_id number: born 1980-01-(1 + n / 999), sequence n % 999 + 1, with its check char.
std::string cn_id(int n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", 1 + (n / 999) % 28, n % 999 + 1);
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

PersonRequest person(int n) {
  PersonRequest r;
  r.name = "人员" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "13900000" + std::to_string(100 + n);
  r.badge_type = "full";
  return r;
}

// The persons the actions act on.
struct Subjects {
  std::int64_t submitted = 0;     // submitted with the unit
  std::int64_t draft = 0;         // added after the unit's submission (SUB-2)
  std::int64_t under_review = 0;  // paid, waiting in person review (no photo)
  std::int64_t join = 0;          // a pending join request (REV-4)
};

template <typename T>
T must(Result<T> result, const char* what) {
  if (!result.is_ok()) throw std::runtime_error(std::string(what) + ": " + result.status().to_string());
  return std::move(result).value();
}

void must(const Status& status, const char* what) {
  if (!status.is_ok()) throw std::runtime_error(std::string(what) + ": " + status.to_string());
}

// Builds the store every cell starts from, once, and closes it so that each cell can copy it.
class Template {
 public:
  Template() : path_(dir_.file("template.db")) {
    {
      auto registry = open_registry(path_, true);
      must(registry->init(Actor::organizer()).status(), "init");
      RegisterRequest unit;
      unit.uscc = kUnit;
      unit.name = "杭州市某某局";
      unit.category = UnitCategory::kGovernment;
      unit.consent = true;
      unit.phone = "13812345678";
      unit.email = "liaison@example.cn";
      must(registry->register_unit(Actor::organizer(), unit).status(), "register the unit");
      RegisterRequest other;
      other.uscc = kOther;
      other.name = "上海某某有限公司";
      other.consent = true;
      other.phone = "13712345678";
      must(registry->register_unit(Actor::organizer(), other).status(), "register another");

      subjects_.submitted =
          must(registry->add_person(Actor::organizer(), kUnit, person(1)), "add person 1").id;
      const SubmitOutcome submitted =
          must(registry->submit(Actor::organizer(), kUnit, SubmitRequest{}), "submit");
      if (submitted.queue != "delegation:zhejiang" || submitted.unit.state != UnitState::kSubmitted) {
        throw std::runtime_error("the unit did not enter delegation:zhejiang's queue");
      }
      subjects_.under_review =
          must(registry->add_person(Actor::organizer(), kUnit, person(3)), "add person 3").id;
      SubmitRequest only_three;
      only_three.unit = false;
      only_three.all_persons = false;
      only_three.persons = {subjects_.under_review};
      must(registry->submit(Actor::organizer(), kUnit, only_three).status(), "submit person 3");
      subjects_.draft =
          must(registry->add_person(Actor::organizer(), kUnit, person(2)), "add person 2").id;
      JoinRequest join;
      join.unit = kUnit;
      join.person = person(4);
      subjects_.join = must(registry->request_join(Actor::applicant(), join), "request_join").id;
      AddressRequest address;
      address.recipient = "张三";
      address.phone = "13812345678";
      address.division = "330106";
      address.detail = "西湖区某某路1号";
      must(registry->add_address(Actor::organizer(), kUnit, address).status(), "add address");
    }
    {
      // The payment module's entry into person review: person 3 waits (it has no photo).
      auto store = must(store::open_store(path_, store::StoreOptions{}), "open the store");
      const Options options = options_at(path_, false);
      must(store->write_transaction([&]() -> Status {
        return registry::enter_person_review(*store, options, Actor::organizer(),
                                             subjects_.under_review)
            .status();
      }),
           "enter person review");
    }
  }

  const Subjects& subjects() const { return subjects_; }

  // A copy of the template store at `path` (with its WAL files, should any be left).
  void copy_to(const std::string& path) const {
    namespace fs = std::filesystem;
    fs::copy_file(path_, path);
    for (const char* suffix : {"-wal", "-shm"}) {
      if (fs::exists(path_ + suffix)) fs::copy_file(path_ + suffix, path + suffix);
    }
  }

 private:
  test::TempDir dir_;
  std::string path_;
  Subjects subjects_;
};

// Everything a forbidden call could have changed.
struct Snapshot {
  std::string unit_state;
  std::string decided_by;
  std::size_t audit_entries = 0;
  std::vector<std::string> persons;  // "id:state", join requests included
  std::size_t addresses = 0;
  std::size_t tokens = 0;
  bool operator==(const Snapshot&) const = default;
};

std::string describe(const Snapshot& s) {
  std::ostringstream out;
  out << "state=" << s.unit_state << " decided_by=" << s.decided_by << " audit=" << s.audit_entries
      << " addresses=" << s.addresses << " tokens=" << s.tokens << " persons=";
  for (const std::string& p : s.persons) out << p << ' ';
  return out.str();
}

std::size_t audit_count(Registry& registry) {
  AuditQuery all;
  all.limit = 1'000'000;
  return must(registry.audit(Actor::organizer(), all), "audit").size();
}

Snapshot snapshot(Registry& registry) {
  Snapshot s;
  const Unit unit = must(registry.unit(Actor::organizer(), kUnit), "unit");
  s.unit_state = std::string(to_string(unit.state));
  s.decided_by = unit.decided_by;
  s.audit_entries = audit_count(registry);
  for (const Person& p : must(registry.persons(Actor::organizer(), kUnit, PersonFilter{}), "persons")
                             .persons) {
    s.persons.push_back(std::to_string(p.id) + ":" + std::string(to_string(p.state)));
  }
  for (const Person& p : must(registry.join_requests(Actor::organizer(), kUnit), "join requests")) {
    s.persons.push_back(std::to_string(p.id) + ":" + std::string(to_string(p.state)));
  }
  s.addresses = must(registry.addresses(Actor::organizer(), kUnit, false), "addresses").size();
  s.tokens = must(registry.tokens(Actor::organizer()), "tokens").size();
  return s;
}

// One action: the call, and how many audit entries it writes when allowed (0 for a read).
struct Action {
  std::function<Status(Registry&, const Actor&, const Subjects&)> run;
  std::size_t audit_entries;
};

std::map<std::string, Action> actions() {
  std::map<std::string, Action> a;
  a["read the unit"] = {[](Registry& r, const Actor& who, const Subjects&) {
                          return r.unit(who, kUnit).status();
                        },
                        0};
  a["add a person"] = {[](Registry& r, const Actor& who, const Subjects&) {
                         return r.add_person(who, kUnit, person(10)).status();
                       },
                       1};
  a["list persons (masked)"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                  return r.persons(who, kUnit, PersonFilter{}).status();
                                },
                                0};
  a["list persons with reveal"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                     PersonFilter reveal;
                                     reveal.reveal = true;
                                     return r.persons(who, kUnit, reveal).status();
                                   },
                                   1};
  a["remove a draft person"] = {[](Registry& r, const Actor& who, const Subjects& s) {
                                  return r.remove_persons(who, kUnit, {s.draft});
                                },
                                1};
  a["submit"] = {[](Registry& r, const Actor& who, const Subjects&) {
                   return r.submit(who, kUnit, SubmitRequest{}).status();  // the draft person
                 },
                 1};
  a["see the queue of delegation:zhejiang"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                                 QueueFilter filter;
                                                 filter.queue = "delegation:zhejiang";
                                                 return r.review_queue(who, filter).status();
                                               },
                                               0};
  a["see the zhejiang-3301 part of that queue"] = {
      [](Registry& r, const Actor& who, const Subjects&) {
        QueueFilter filter;
        filter.queue = "delegation:zhejiang";
        filter.sub_delegation = "zhejiang-3301";
        return r.review_queue(who, filter).status();
      },
      0};
  a["approve the unit"] = {[](Registry& r, const Actor& who, const Subjects&) {
                             return r.review_unit(who, {kUnit, Decision::kApprove, ""}).status();
                           },
                           1};
  a["reject the unit"] = {[](Registry& r, const Actor& who, const Subjects&) {
                            return r.review_unit(who, {kUnit, Decision::kReject, "资料不全"})
                                .status();
                          },
                          1};
  a["review a person"] = {[](Registry& r, const Actor& who, const Subjects& s) {
                            return r.review_person(who, {s.under_review, Decision::kReject,
                                                         "no photo"})
                                .status();
                          },
                          1};
  a["ask to join the unit"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                 JoinRequest join;
                                 join.unit = kUnit;
                                 join.person = person(11);
                                 return r.request_join(who, join).status();
                               },
                               1};
  a["list join requests (masked)"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                        return r.join_requests(who, kUnit).status();
                                      },
                                      0};
  a["decide join requests"] = {[](Registry& r, const Actor& who, const Subjects& s) {
                                 return r.decide_join_requests(who, kUnit,
                                                               {{s.join, Decision::kApprove, ""}});
                               },
                               1};
  a["add a delivery address"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                   AddressRequest address;
                                   address.recipient = "李四";
                                   address.phone = "13912345678";
                                   address.division = "330106";
                                   address.detail = "西湖区某某路2号";
                                   return r.add_address(who, kUnit, address).status();
                                 },
                                 1};
  a["list addresses (masked)"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                    return r.addresses(who, kUnit, false).status();
                                  },
                                  0};
  a["list addresses with reveal"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                       return r.addresses(who, kUnit, true).status();
                                     },
                                     1};
  a["see the progress"] = {[](Registry& r, const Actor& who, const Subjects&) {
                             return r.progress(who, kUnit).status();
                           },
                           0};
  a["create a token"] = {[](Registry& r, const Actor& who, const Subjects&) {
                           TokenRequest request;
                           request.for_actor = Actor::organizer();  // the first token of a store
                           request.note = "scope test";
                           return r.create_token(who, request).status();
                         },
                         1};
  a["reveal the unit's contacts"] = {[](Registry& r, const Actor& who, const Subjects&) {
                                       return r.reveal_unit(who, kUnit).status();
                                     },
                                     1};
  return a;
}

// The cells of the "Who may do what" table in docs/access.md: action → one word per column.
std::map<std::string, std::vector<std::string>> doc_table(const std::string& doc,
                                                          std::vector<std::string>& header) {
  std::map<std::string, std::vector<std::string>> rows;
  const auto start = doc.find("\n## Who may do what");
  if (start == std::string::npos) return rows;
  const auto end = doc.find("\n## ", start + 1);
  std::istringstream section(doc.substr(start, end == std::string::npos ? std::string::npos
                                                                        : end - start));
  std::string line;
  bool seen_header = false;
  while (std::getline(section, line)) {
    if (line.rfind("|", 0) != 0) continue;
    std::vector<std::string> cells;
    std::size_t pos = 1;
    while (pos < line.size()) {
      const auto bar = line.find('|', pos);
      if (bar == std::string::npos) break;
      std::string cell = line.substr(pos, bar - pos);
      const auto first = cell.find_first_not_of(' ');
      const auto last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      pos = bar + 1;
    }
    if (cells.size() < 2) continue;
    if (!seen_header) {
      header = cells;
      seen_header = true;
      continue;
    }
    if (cells[0].find_first_not_of("-: ") == std::string::npos) continue;  // the |---| line
    const std::string action = cells[0];
    cells.erase(cells.begin(), cells.begin() + 2);  // action and call
    rows[action] = cells;
  }
  return rows;
}

}  // namespace

TEST_CASE("every actor × action cell is allowed or auth.forbidden as the table says — a "
          "forbidden call changes nothing",
          "[access][review]") {
  if (test::sqlite_only("each cell copies a template SQLite store file; the access rules it checks sit above the store, and the PostgreSQL pass runs the rest of the suite through them")) return;
  const Template base;
  const auto all_actions = actions();
  int allowed = 0, forbidden = 0;
  for (const Row& row : kTable) {
    const auto found = all_actions.find(row.action);
    REQUIRE(found != all_actions.end());
    const Action& action = found->second;
    const std::vector<bool> expected = allowed_cells(row);
    for (std::size_t column = 0; column < actors().size(); ++column) {
      const Actor& actor = actors()[column];
      INFO("action: " << row.action << " — actor: " << actor.to_string());
      test::TempDir cell;
      const std::string path = cell.file("ciie.db");
      base.copy_to(path);
      auto registry = open_registry(path, false);
      const Snapshot before = snapshot(*registry);
      const Status status = action.run(*registry, actor, base.subjects());
      const Snapshot after = snapshot(*registry);
      if (expected[column]) {
        ++allowed;
        INFO("status: " << status.to_string());
        CHECK(status.is_ok());
        // An allowed read writes nothing; an allowed mutation or reveal writes its entry.
        CHECK(after.audit_entries == before.audit_entries + action.audit_entries);
        if (action.audit_entries == 0) CHECK(after == before);
      } else {
        ++forbidden;
        CHECK(status.reason() == "auth.forbidden");
        CHECK(status.code() == Code::kRefused);
        INFO("before: " << describe(before));
        INFO("after:  " << describe(after));
        CHECK(after == before);
      }
    }
  }
  // Every action is in the table, and the table has both kinds of cell in every row kind.
  CHECK(std::size(kTable) == all_actions.size());
  CHECK(allowed > 0);
  CHECK(forbidden > 0);
}

TEST_CASE("docs/access.md shows the same table as this test", "[access][docs]") {
  const std::filesystem::path root(CIIE_SOURCE_DIR);
  const std::string doc = test::read_file((root / "docs/access.md").string());
  REQUIRE_FALSE(doc.empty());
  std::vector<std::string> header;
  const auto rows = doc_table(doc, header);
  REQUIRE(header.size() == 2 + column_names().size());
  for (std::size_t i = 0; i < column_names().size(); ++i) {
    CHECK(header[2 + i] == column_names()[i]);
  }
  CHECK(rows.size() == std::size(kTable));
  for (const Row& row : kTable) {
    INFO(row.action);
    const auto found = rows.find(row.action);
    REQUIRE(found != rows.end());
    const std::vector<bool> expected = allowed_cells(row);
    REQUIRE(found->second.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(column_names()[i]);
      CHECK(found->second[i] == (expected[i] ? "yes" : "no"));
    }
  }
}

TEST_CASE("an actor outside the scope is refused with auth.forbidden before its input is judged",
          "[access][review]") {
  if (test::sqlite_only("copies a template SQLite store file")) return;
  // Domain §1: "a call outside the actor's scope fails with auth.forbidden" — whatever else is
  // wrong with the call. Finance, units and the applicant review nothing; delegation:shanghai
  // does not review this unit.
  const Template base;
  test::TempDir cell;
  const std::string path = cell.file("ciie.db");
  base.copy_to(path);
  auto registry = open_registry(path, false);
  const Snapshot before = snapshot(*registry);
  for (const Actor& actor : {Actor::finance(), Actor::applicant(), Actor::unit(kUnit),
                             Actor::unit(kOther), Actor::delegation("shanghai")}) {
    INFO(actor.to_string());
    // A rejection without its reason.
    const auto unit = registry->review_unit(actor, {kUnit, Decision::kReject, ""});
    CHECK(unit.status().reason() == "auth.forbidden");
    const auto person =
        registry->review_person(actor, {base.subjects().under_review, Decision::kReject, ""});
    CHECK(person.status().reason() == "auth.forbidden");
  }
  for (const Actor& actor : {Actor::finance(), Actor::applicant(), Actor::unit(kUnit)}) {
    INFO(actor.to_string());
    // A queue name that does not exist.
    QueueFilter filter;
    filter.queue = "delegation:atlantis";
    CHECK(registry->review_queue(actor, filter).status().reason() == "auth.forbidden");
  }
  CHECK(snapshot(*registry) == before);
}
