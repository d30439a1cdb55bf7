// Persons (SUB-2, REV-3, REV-4, BDG-2, domain §2): adding one with its document, phone, badge type
// and photo checked; one badge per person per edition across units (一人一证); free places taken
// and given back atomically; listings masked unless the organizer reveals them (audited);
// removing drafts all or none; bulk adding from a file; staff join requests.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/codes.hpp"
#include "store/store.hpp"
#include "support/registry_fixture.hpp"

using namespace ciie;
using test::enterprise;

namespace {

const std::string kShanghai = "91310115591693856A";  // 上海浦东 enterprise: shanghai
const std::string kHangzhou = "91330106MA27Y4U47R";  // 杭州 (330106): zhejiang / zhejiang-3301

// A valid USCC in `division` (6 digits), distinct for every index below 10^7.
std::string uscc_in(const std::string& division, std::int64_t index) {
  const std::string digits = std::to_string(index);
  const std::string org_body = "5" + std::string(7 - digits.size(), '0') + digits;
  std::string first17 = "91" + division + org_body;
  first17 += codes::org_code_check_char(org_body);
  return first17 + codes::uscc_check_char(first17);
}

// A valid cn_id number: born 1980-01-(1 + n / 999), sequence n % 999 + 1, with its check char.
std::string cn_id(int n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", 1 + (n / 999) % 28, n % 999 + 1);
  return std::string(first17) + codes::mod11_2_check_char(first17);
}

// cn_id(n) with a wrong check character.
std::string bad_cn_id(int n) {
  std::string number = cn_id(n);
  number.back() = number.back() == '1' ? '2' : '1';
  return number;
}

PersonRequest person(int n, bool free_badge = false) {
  PersonRequest r;
  r.name = "参观人员" + std::to_string(n);
  r.document_kind = codes::DocumentKind::kCnId;
  r.document_number = cn_id(n);
  r.phone = "+86 139-0000-" + std::to_string(1000 + n);
  r.badge_type = "full";
  r.free_badge = free_badge;
  return r;
}

std::string source_file(const std::string& relative) {
  return test::read_file((std::filesystem::path(CIIE_SOURCE_DIR) / relative).string());
}

// A real PNG (the blank licence fixture, 1091 bytes).
std::string png() {
  const std::string bytes = source_file("tests/data/licences/blank.png");
  REQUIRE(bytes.size() > 100);
  return bytes;
}

// The smallest JPEG header inspect_image accepts: SOI, a JFIF APP0, a 1×1 baseline frame, EOI.
std::string jpeg() {
  const unsigned char bytes[] = {
      0xFF, 0xD8,                                                        // SOI
      0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00,  // APP0
      0x00, 0x01, 0x00, 0x01, 0x00, 0x00,                                //
      0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,  // SOF0
      0xFF, 0xD9};                                                       // EOI
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

Rules rules_with_quota(const std::string& delegation, std::int64_t places,
                       const std::string& sub = "", std::int64_t sub_places = 0) {
  Rules rules = Rules::seventh_edition();
  bool found = false;
  for (Delegation& d : rules.delegations) {
    if (d.slug != delegation) continue;
    found = true;
    if (places > 0) d.free_quota["full"] = places;
    for (SubDelegation& s : d.sub_delegations) {
      if (s.slug == sub) s.free_quota["full"] = sub_places;
    }
  }
  REQUIRE(found);
  return rules;
}

// The stored quota row's used places (-1 when there is no row).
std::int64_t used(test::RegistryFixture& f, const std::string& delegation, const std::string& sub,
                  const std::string& badge = "full") {
  auto store = store::open_store(test::store_location(f.dir.file("ciie.db")), store::StoreOptions{});
  REQUIRE(store.is_ok());
  auto row = (*store)->find_quota(delegation, sub, badge);
  REQUIRE(row.is_ok());
  return *row ? (*row)->used : -1;
}

std::vector<AuditEntry> audit(test::RegistryFixture& f, const std::string& action,
                              const std::string& subject = "") {
  AuditQuery query;
  query.action = action;
  query.subject = subject;
  query.limit = 100'000;
  auto entries = f->audit(Actor::organizer(), query);
  REQUIRE(entries.is_ok());
  return *entries;
}

std::size_t audit_total(test::RegistryFixture& f) { return audit(f, "").size(); }

void register_unit(test::RegistryFixture& f, const std::string& uscc, const std::string& name,
                   UnitCategory category = UnitCategory::kEnterprise) {
  RegisterRequest r = enterprise(uscc, name);
  r.category = category;
  auto registered = f->register_unit(Actor::organizer(), r);
  INFO(registered.status().to_string());
  REQUIRE(registered.is_ok());
}

PersonList list(test::RegistryFixture& f, const std::string& account, const Actor& actor) {
  auto persons = f->persons(actor, account, PersonFilter{});
  INFO(persons.status().to_string());
  REQUIRE(persons.is_ok());
  return *persons;
}

Person add(test::RegistryFixture& f, const std::string& account, const PersonRequest& request,
           const Actor& actor = Actor::organizer()) {
  auto added = f->add_person(actor, account, request);
  INFO(added.status().to_string());
  REQUIRE(added.is_ok());
  return *added;
}

// Bulk input through the public reader, as the CLI builds it.
struct Run {
  Result<BulkSummary> summary = Status::internal("not run");
  std::vector<RowOutcome> rows;
};

Run run_persons(test::RegistryFixture& f, const std::string& account, const std::string& csv,
                BulkOptions options = {}, const std::string& photo_dir = "",
                const Actor& actor = Actor::organizer()) {
  std::istringstream input(csv);
  ReaderOptions reader_options;
  reader_options.known_columns = Registry::person_columns();
  reader_options.required_columns = Registry::person_required_columns();
  auto reader = make_record_reader(input, InputFormat::kCsv, reader_options);
  Run result;
  result.summary = f->add_persons(actor, account, *reader, options, photo_dir,
                                  [&](const RowOutcome& row) { result.rows.push_back(row); });
  return result;
}

const std::string kPersonHeader = "name,document_kind,document_number,phone,badge_type,free_badge\n";

std::string csv_row(int n, const std::string& name = "", const std::string& number = "") {
  return (name.empty() ? "人员" + std::to_string(n) : name) + ",cn_id," +
         (number.empty() ? cn_id(n) : number) + ",1390000" + std::to_string(1000 + n) +
         ",full,no\n";
}

}  // namespace

TEST_CASE("add_person checks name, document, phone, badge type and photo — each refusal with its "
          "reason and field, nothing stored",
          "[person]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  const std::size_t audit_before = audit_total(f);
  struct Case {
    const char* name;
    PersonRequest request;
    const char* reason;
    const char* field;
  };
  auto with = [](auto change) {
    PersonRequest r = person(1);
    change(r);
    return r;
  };
  std::string big_jpeg = jpeg();
  big_jpeg.resize(static_cast<std::size_t>(Rules::seventh_edition().registration.photo_max_bytes) +
                      1,
                  '\0');
  const Case cases[] = {
      {"no name", with([](auto& r) { r.name = "   "; }), "person.name", "name"},
      {"a name of 101 bytes", with([](auto& r) { r.name = std::string(101, 'a'); }), "person.name",
       "name"},
      {"a check character off", with([](auto& r) { r.document_number = bad_cn_id(1); }),
       "id.checksum", "document_number"},
      {"a 15-digit first-generation number",
       with([](auto& r) { r.document_number = "110105491231002"; }), "id.obsolete",
       "document_number"},
      {"a birth date in the future", with([](auto& r) {
         const std::string first17 = "11010520300101001";
         r.document_number = first17 + codes::mod11_2_check_char(first17);
       }),
       "id.birth_date", "document_number"},
      {"a passport of 3 characters", with([](auto& r) {
         r.document_kind = codes::DocumentKind::kPassport;
         r.document_number = "E12";
       }),
       "id.length", "document_number"},
      {"no phone", with([](auto& r) { r.phone = " "; }), "person.phone_required", "phone"},
      {"a bad phone", with([](auto& r) { r.phone = "12345"; }), "phone.format", "phone"},
      {"no badge type", with([](auto& r) { r.badge_type = ""; }), "person.badge_type",
       "badge_type"},
      {"an unknown badge type", with([](auto& r) { r.badge_type = "vip"; }), "person.badge_type",
       "badge_type"},
      {"a GIF photo", with([](auto& r) { r.photo = "GIF89a\x01\x00\x01\x00\x00\x00\x00"; }),
       "person.photo_format", "photo"},
      {"text posing as a photo", with([](auto& r) { r.photo = "photo.png"; }),
       "person.photo_format", "photo"},
      {"a truncated PNG", with([](auto& r) { r.photo = png().substr(0, 20); }),
       "person.photo_format", "photo"},
      {"a photo one byte over photo_max_bytes", with([&](auto& r) { r.photo = big_jpeg; }),
       "person.photo_size", "photo"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto refused = f->add_person(Actor::organizer(), kShanghai, c.request);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().reason() == c.reason);
    CHECK(refused.status().field() == c.field);
    CHECK(refused.status().code() == Code::kRefused);
  }
  CHECK(list(f, kShanghai, Actor::organizer()).persons.empty());
  CHECK(audit_total(f) == audit_before);  // nothing half-written, nothing audited
}

TEST_CASE("add_person stores a checked person in draft — PNG and JPEG photos by content",
          "[person]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");

  PersonRequest with_png = person(1);
  with_png.name = "  张三  ";
  with_png.position = "采购经理";
  with_png.photo = png();
  const Person first = add(f, kShanghai, with_png, Actor::unit(kShanghai));
  CHECK(first.id > 0);
  CHECK(first.unit == kShanghai);
  CHECK(first.name == "张三");  // trimmed
  CHECK(first.state == PersonState::kDraft);
  CHECK(first.document_number == cn_id(1));
  CHECK(first.phone == "13900001001");  // canonical
  CHECK(first.position == "采购经理");
  CHECK(first.badge_type == "full");
  CHECK_FALSE(first.free_badge);
  CHECK(first.has_photo);
  CHECK(first.photo_format == "png");
  CHECK(first.photo_sha256.size() == 64);
  CHECK(first.birth_date == Date{1980, 1, 1});
  CHECK(first.sex == codes::Sex::kFemale);  // sequence 002: an even 17th digit is female
  CHECK(first.source == "unit");
  CHECK(first.created_by == "unit:" + kShanghai);

  PersonRequest with_jpeg = person(2);
  with_jpeg.photo = jpeg();
  const Person second = add(f, kShanghai, with_jpeg);
  CHECK(second.has_photo);
  CHECK(second.photo_format == "jpeg");

  // Exactly photo_max_bytes is still allowed; the format is judged by content, not by a name.
  PersonRequest at_limit = person(3);
  at_limit.photo = jpeg();
  at_limit.photo.resize(
      static_cast<std::size_t>(Rules::seventh_edition().registration.photo_max_bytes), '\0');
  CHECK(add(f, kShanghai, at_limit).photo_format == "jpeg");

  PersonRequest passport = person(4);
  passport.document_kind = codes::DocumentKind::kPassport;
  passport.document_number = "e 1234 5678";
  passport.phone = "+85291234567";
  passport.badge_type = "weekend";
  const Person foreign = add(f, kShanghai, passport);
  CHECK(foreign.document_number == "E12345678");
  CHECK(foreign.phone == "+85291234567");
  CHECK_FALSE(foreign.has_photo);  // optional when adding (REV-3 asks for it at review)

  const PersonList all = list(f, kShanghai, Actor::organizer());
  CHECK(all.persons.size() == 4);
  CHECK(all.pending == 4);
  const auto added = audit(f, "person.add");
  REQUIRE(added.size() == 4);
  CHECK(added.back().subject == "person:" + std::to_string(first.id));  // oldest last
  CHECK(added.back().actor == "unit:" + kShanghai);
  // The audit trail never holds the full number.
  CHECK(added.back().details.find(cn_id(1)) == std::string::npos);
}

TEST_CASE("a photo limit from the rules: photo_max_bytes refuses a larger photo", "[person]") {
  Rules rules = Rules::seventh_edition();
  rules.registration.photo_max_bytes = 1000;  // the PNG fixture has 1091 bytes
  test::RegistryFixture f(rules);
  register_unit(f, kShanghai, "上海某某有限公司");
  PersonRequest r = person(1);
  r.photo = png();
  const auto refused = f->add_person(Actor::organizer(), kShanghai, r);
  CHECK(refused.status().reason() == "person.photo_size");
  CHECK(refused.status().field() == "photo");
  r.photo = jpeg();
  CHECK(f->add_person(Actor::organizer(), kShanghai, r).is_ok());
}

TEST_CASE("一人一证: one badge per person per edition across all units", "[person]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  register_unit(f, kHangzhou, "杭州某某局", UnitCategory::kGovernment);
  const Person first = add(f, kShanghai, person(1));

  // Another unit, the same document: a conflict, whatever the name.
  PersonRequest elsewhere = person(1);
  elsewhere.name = "另一个名字";
  auto refused = f->add_person(Actor::organizer(), kHangzhou, elsewhere);
  CHECK(refused.status().reason() == "person.duplicate");
  CHECK(refused.status().code() == Code::kConflict);
  CHECK(refused.status().field() == "document_number");
  // The same document written differently (lower-case check char, spaces) is the same person.
  PersonRequest spaced = person(1);
  spaced.document_number = cn_id(1).substr(0, 6) + " " + cn_id(1).substr(6);
  CHECK(f->add_person(Actor::organizer(), kHangzhou, spaced).status().reason() ==
        "person.duplicate");
  CHECK(list(f, kHangzhou, Actor::organizer()).persons.empty());

  // The same unit with the same data again: the same person, not a second one.
  const std::size_t audit_before = audit_total(f);
  const Person again = add(f, kShanghai, person(1));
  CHECK(again.id == first.id);
  CHECK(audit_total(f) == audit_before);
  CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 1);
  // The same unit with other data: a duplicate too.
  PersonRequest renamed = person(1);
  renamed.name = "改名";
  auto changed = f->add_person(Actor::organizer(), kShanghai, renamed);
  CHECK(changed.status().reason() == "person.duplicate");
  CHECK(changed.status().code() == Code::kConflict);

  // Once the draft is removed, its document is free again, for any unit.
  REQUIRE(f->remove_persons(Actor::organizer(), kShanghai, {first.id}).is_ok());
  CHECK(f->add_person(Actor::organizer(), kHangzhou, elsewhere).is_ok());
}

TEST_CASE("a free badge needs a free quota (quota.none) and takes a place atomically — "
          "quota.exhausted at the limit, removal gives it back",
          "[person][quota]") {
  SECTION("no quota configured") {
    test::RegistryFixture f;  // the 7th-edition rules ship no free places
    register_unit(f, kShanghai, "上海某某有限公司");
    auto refused = f->add_person(Actor::organizer(), kShanghai, person(1, true));
    CHECK(refused.status().reason() == "quota.none");
    CHECK(refused.status().field() == "free_badge");
    CHECK(list(f, kShanghai, Actor::organizer()).persons.empty());
    CHECK(f->add_person(Actor::organizer(), kShanghai, person(1, false)).is_ok());
  }
  SECTION("a quota of 2 for the delegation") {
    test::RegistryFixture f(rules_with_quota("shanghai", 2));
    register_unit(f, kShanghai, "上海某某有限公司");
    register_unit(f, uscc_in("310104", 1), "上海徐汇某某公司");
    CHECK(used(f, "shanghai", "") == 0);
    const Person a = add(f, kShanghai, person(1, true));
    CHECK(a.free_badge);
    CHECK(a.free_quota == "shanghai");
    CHECK(used(f, "shanghai", "") == 1);
    // The delegation's places are shared by all its units.
    const Person b = add(f, uscc_in("310104", 1), person(2, true));
    CHECK(b.free_quota == "shanghai");
    CHECK(used(f, "shanghai", "") == 2);

    auto exhausted = f->add_person(Actor::organizer(), kShanghai, person(3, true));
    CHECK(exhausted.status().reason() == "quota.exhausted");
    CHECK(exhausted.status().field() == "free_badge");
    CHECK(used(f, "shanghai", "") == 2);
    CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 1);  // nothing half-added

    // No quota for the other badge type.
    PersonRequest weekend = person(4, true);
    weekend.badge_type = "weekend";
    CHECK(f->add_person(Actor::organizer(), kShanghai, weekend).status().reason() == "quota.none");

    // A refused add takes no place: a duplicate, a bad phone.
    CHECK(f->add_person(Actor::organizer(), kShanghai, person(2, true)).status().reason() ==
          "person.duplicate");
    CHECK(used(f, "shanghai", "") == 2);

    // Removing a draft gives its place back; the next one takes it.
    REQUIRE(f->remove_persons(Actor::organizer(), kShanghai, {a.id}).is_ok());
    CHECK(used(f, "shanghai", "") == 1);
    CHECK(add(f, kShanghai, person(3, true)).free_quota == "shanghai");
    CHECK(used(f, "shanghai", "") == 2);
  }
  SECTION("a bad request takes no place") {
    test::RegistryFixture f(rules_with_quota("shanghai", 1));
    register_unit(f, kShanghai, "上海某某有限公司");
    PersonRequest bad_phone = person(1, true);
    bad_phone.phone = "12345";
    CHECK(f->add_person(Actor::organizer(), kShanghai, bad_phone).status().reason() ==
          "phone.format");
    CHECK(used(f, "shanghai", "") == 0);
    CHECK(add(f, kShanghai, person(1, true)).free_quota == "shanghai");
  }
}

TEST_CASE("a sub-delegation's own quota is used before its delegation's", "[person][quota]") {
  test::RegistryFixture f(rules_with_quota("zhejiang", 2, "zhejiang-3301", 1));
  register_unit(f, kHangzhou, "杭州某某局", UnitCategory::kGovernment);          // zhejiang-3301
  register_unit(f, uscc_in("330302", 1), "温州某某有限公司");                  // zhejiang-3303
  CHECK(used(f, "zhejiang", "zhejiang-3301") == 0);
  CHECK(used(f, "zhejiang", "zhejiang-3303") == -1);  // no quota row for that sub

  const Person hangzhou = add(f, kHangzhou, person(1, true));
  CHECK(hangzhou.free_quota == "zhejiang/zhejiang-3301");
  CHECK(used(f, "zhejiang", "zhejiang-3301") == 1);
  CHECK(used(f, "zhejiang", "") == 0);  // the delegation's places are untouched

  // A unit of a sub-delegation without its own quota draws on the delegation's.
  const Person wenzhou = add(f, uscc_in("330302", 1), person(2, true));
  CHECK(wenzhou.free_quota == "zhejiang");
  CHECK(used(f, "zhejiang", "") == 1);

  // The sub-delegation's quota is the one its units draw on (add_person's contract: "its
  // sub-delegation's quota when that has one for the badge type"): when it is used up, the unit
  // has no place left.
  auto exhausted = f->add_person(Actor::organizer(), kHangzhou, person(3, true));
  CHECK(exhausted.status().reason() == "quota.exhausted");
  CHECK(used(f, "zhejiang", "zhejiang-3301") == 1);
  CHECK(used(f, "zhejiang", "") == 1);

  // Removing the Hangzhou person gives the place back to the sub-delegation, not the delegation.
  REQUIRE(f->remove_persons(Actor::organizer(), kHangzhou, {hangzhou.id}).is_ok());
  CHECK(used(f, "zhejiang", "zhejiang-3301") == 0);
  CHECK(used(f, "zhejiang", "") == 1);
}

TEST_CASE("persons() is masked by default — only the organizer reveals, and the reveal is audited",
          "[person][masking]") {
  test::RegistryFixture f;
  register_unit(f, kHangzhou, "杭州某某局", UnitCategory::kGovernment);
  const Person added = add(f, kHangzhou, person(7));
  add(f, kHangzhou, person(8));

  for (const Actor& actor : {Actor::unit(kHangzhou), Actor::delegation("zhejiang"),
                             Actor::finance(), Actor::organizer()}) {
    INFO(actor.to_string());
    const PersonList shown = list(f, kHangzhou, actor);
    REQUIRE(shown.persons.size() == 2);
    CHECK(shown.pending == 2);
    const Person& p = shown.persons.front();
    CHECK(p.id == added.id);
    CHECK(p.masked);
    CHECK(p.document_number == codes::mask_document(cn_id(7)));
    CHECK(p.document_number.find("*****") != std::string::npos);
    CHECK(p.document_number != cn_id(7));
    CHECK(p.phone == "139****1007");
    CHECK(p.document_key.empty());
  }
  CHECK(audit(f, "data.reveal").empty());  // masked listings are not reveals

  PersonFilter reveal;
  reveal.reveal = true;
  for (const Actor& actor : {Actor::unit(kHangzhou), Actor::delegation("zhejiang"),
                             Actor::finance()}) {
    INFO(actor.to_string());
    CHECK(f->persons(actor, kHangzhou, reveal).status().reason() == "auth.forbidden");
  }
  CHECK(audit(f, "data.reveal").empty());

  auto revealed = f->persons(Actor::organizer(), kHangzhou, reveal);
  REQUIRE(revealed.is_ok());
  REQUIRE(revealed->persons.size() == 2);
  CHECK_FALSE(revealed->persons.front().masked);
  CHECK(revealed->persons.front().document_number == cn_id(7));
  CHECK(revealed->persons.front().phone == "13900001007");
  const auto reveals = audit(f, "data.reveal");
  REQUIRE(reveals.size() == 1);
  CHECK(reveals.front().actor == "organizer");
  CHECK(reveals.front().subject == "unit:" + kHangzhou);
}

TEST_CASE("remove_persons removes drafts all or none", "[person]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  register_unit(f, kHangzhou, "杭州某某局", UnitCategory::kGovernment);
  const Person a = add(f, kShanghai, person(1));
  const Person b = add(f, kShanghai, person(2));
  const Person c = add(f, kShanghai, person(3));
  const Person elsewhere = add(f, kHangzhou, person(4));
  SubmitRequest only_b;
  only_b.unit = false;
  only_b.all_persons = false;
  only_b.persons = {b.id};
  REQUIRE(f->submit(Actor::organizer(), kShanghai, only_b).is_ok());

  // A submitted person in the list: nothing is removed, not even the drafts before it.
  const Status not_draft = f->remove_persons(Actor::unit(kShanghai), kShanghai, {a.id, b.id, c.id});
  CHECK(not_draft.reason() == "person.not_draft");
  CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 3);
  CHECK(audit(f, "person.remove").empty());

  // Another unit's person is not this unit's to remove.
  const Status unknown = f->remove_persons(Actor::unit(kShanghai), kShanghai, {a.id, elsewhere.id});
  CHECK(unknown.reason() == "person.unknown");
  CHECK(unknown.code() == Code::kNotFound);
  CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 3);
  CHECK(list(f, kHangzhou, Actor::organizer()).persons.size() == 1);
  CHECK(f->remove_persons(Actor::unit(kShanghai), kShanghai, {999'999}).reason() ==
        "person.unknown");

  // The drafts together: both go, one audit entry each; the pending count follows.
  REQUIRE(f->remove_persons(Actor::unit(kShanghai), kShanghai, {a.id, c.id, a.id}).is_ok());
  const PersonList left = list(f, kShanghai, Actor::organizer());
  REQUIRE(left.persons.size() == 1);
  CHECK(left.persons.front().id == b.id);
  CHECK(left.pending == 0);
  const auto removed = audit(f, "person.remove");
  REQUIRE(removed.size() == 2);
  CHECK(removed.front().actor == "unit:" + kShanghai);
  CHECK(audit(f, "person.remove", "person:" + std::to_string(a.id)).size() == 1);
  CHECK(audit(f, "person.remove", "person:" + std::to_string(c.id)).size() == 1);
}

TEST_CASE("add_persons from a CSV file: all or none with the bad row's line and field",
          "[person][bulk]") {
  test::RegistryFixture f;
  register_unit(f, kShanghai, "上海某某有限公司");
  const std::string good = kPersonHeader + csv_row(1) + csv_row(2) + csv_row(3);

  SECTION("a bad row applies nothing and says where") {
    const std::string file = kPersonHeader + csv_row(1) + csv_row(2) + csv_row(3, "", bad_cn_id(3)) +
                             csv_row(4);
    const Run result = run_persons(f, kShanghai, file);
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->rows == 4);
    CHECK(result.summary->ok == 3);
    CHECK(result.summary->failed == 1);
    CHECK_FALSE(result.summary->applied);
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[2].line == 4);  // the header is line 1
    CHECK_FALSE(result.rows[2].ok);
    CHECK(result.rows[2].error.reason() == "id.checksum");
    CHECK(result.rows[2].error.line() == 4);
    CHECK(result.rows[2].error.field() == "document_number");
    CHECK(list(f, kShanghai, Actor::organizer()).persons.empty());
    CHECK(audit(f, "person.add").empty());
  }
  SECTION("a good file is applied; the same file again is unchanged") {
    const Run first = run_persons(f, kShanghai, good);
    REQUIRE(first.summary.is_ok());
    CHECK(first.summary->ok == 3);
    CHECK(first.summary->failed == 0);
    CHECK(first.summary->applied);
    CHECK(first.summary->by_outcome.at("added") == 3);
    const PersonList added = list(f, kShanghai, Actor::organizer());
    REQUIRE(added.persons.size() == 3);
    CHECK(added.pending == 3);
    REQUIRE(first.rows.size() == 3);
    CHECK(first.rows[0].subject == std::to_string(added.persons[0].id));
    CHECK(audit(f, "person.add").size() == 3);

    const std::size_t audit_before = audit_total(f);
    const Run again = run_persons(f, kShanghai, good);
    REQUIRE(again.summary.is_ok());
    CHECK(again.summary->ok == 3);
    CHECK(again.summary->by_outcome.at("unchanged") == 3);
    CHECK(again.summary->by_outcome.count("added") == 0);
    CHECK_FALSE(again.summary->applied);
    CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 3);
    CHECK(audit_total(f) == audit_before);
  }
  SECTION("continue_on_error applies the good rows") {
    BulkOptions options;
    options.continue_on_error = true;
    const Run result =
        run_persons(f, kShanghai, kPersonHeader + csv_row(1) + csv_row(2, "", "123") + csv_row(3),
                    options);
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->ok == 2);
    CHECK(result.summary->failed == 1);
    CHECK(result.summary->applied);
    REQUIRE(result.rows.size() == 3);
    CHECK(result.rows[1].line == 3);
    CHECK(result.rows[1].error.field() == "document_number");
    CHECK(list(f, kShanghai, Actor::organizer()).persons.size() == 2);
  }
  SECTION("dry_run reports every row and changes nothing") {
    BulkOptions options;
    options.dry_run = true;
    const Run result = run_persons(f, kShanghai, good, options);
    REQUIRE(result.summary.is_ok());
    CHECK(result.summary->ok == 3);
    CHECK_FALSE(result.summary->applied);
    CHECK(list(f, kShanghai, Actor::organizer()).persons.empty());
    CHECK(audit(f, "person.add").empty());
  }
  SECTION("bad values, a duplicate within the file and photos") {
    test::TempDir photos;
    photos.write("zhang.png", png());
    const std::string file =
        "name,document_kind,document_number,phone,badge_type,free_badge,photo\n"
        "张三,cn_id," + cn_id(1) + ",13900001001,full,no,zhang.png\n" +
        "李四,id_card," + cn_id(2) + ",13900001002,full,no,\n" +         // line 3
        "王五,cn_id," + cn_id(3) + ",13900001003,full,maybe,\n" +        // line 4
        "赵六,cn_id," + cn_id(1) + ",13900001004,full,no,\n" +           // line 5: 张三 again
        "钱七,cn_id," + cn_id(5) + ",13900001005,full,no,../zhang.png\n" +  // line 6
        "孙八,cn_id," + cn_id(6) + ",13900001006,vip,no,\n";              // line 7
    BulkOptions options;
    options.continue_on_error = true;
    const Run result = run_persons(f, kShanghai, file, options, photos.path().string());
    REQUIRE(result.summary.is_ok());
    REQUIRE(result.rows.size() == 6);
    CHECK(result.rows[0].ok);
    struct Expected {
      long line;
      const char* reason;
      const char* field;
    };
    const Expected expected[] = {{3, "bulk.value", "document_kind"},
                                 {4, "bulk.value", "free_badge"},
                                 {5, "person.duplicate", "document_number"},
                                 {6, "person.photo_path", "photo"},
                                 {7, "person.badge_type", "badge_type"}};
    for (std::size_t i = 0; i < std::size(expected); ++i) {
      INFO("line " << expected[i].line);
      const RowOutcome& row = result.rows[i + 1];
      CHECK_FALSE(row.ok);
      CHECK(row.line == expected[i].line);
      CHECK(row.error.reason() == expected[i].reason);
      CHECK(row.error.field() == expected[i].field);
      CHECK(row.error.line() == expected[i].line);
    }
    const PersonList stored = list(f, kShanghai, Actor::organizer());
    REQUIRE(stored.persons.size() == 1);
    CHECK(stored.persons.front().has_photo);
    CHECK(stored.persons.front().photo_format == "png");
  }
  SECTION("only someone who may edit the unit") {
    const Run result = run_persons(f, kShanghai, good, {}, "", Actor::delegation("zhejiang"));
    CHECK(result.summary.status().reason() == "auth.forbidden");
    CHECK(list(f, kShanghai, Actor::organizer()).persons.empty());
  }
}

TEST_CASE("join requests: asked by the applicant, listed masked, decided by the unit's account",
          "[person][join]") {
  test::RegistryFixture f;
  register_unit(f, kHangzhou, "杭州某某局", UnitCategory::kGovernment);
  auto ask = [&](int n) {
    JoinRequest request;
    request.unit = kHangzhou;
    request.person = person(n);
    auto asked = f->request_join(Actor::applicant(), request);
    INFO(asked.status().to_string());
    REQUIRE(asked.is_ok());
    return *asked;
  };
  const Person j1 = ask(1);
  CHECK(j1.state == PersonState::kJoinRequested);
  CHECK(j1.source == "join");
  CHECK(j1.masked);
  CHECK(j1.document_number != cn_id(1));
  CHECK(audit(f, "person.join_request", "person:" + std::to_string(j1.id)).size() == 1);
  const Person j2 = ask(2);
  const Person j3 = ask(3);

  // Refusals: a free badge, an unknown unit, a document already registered (一人一证).
  JoinRequest free;
  free.unit = kHangzhou;
  free.person = person(9, true);
  CHECK(f->request_join(Actor::applicant(), free).status().reason() == "join.free_badge");
  JoinRequest nowhere;
  nowhere.unit = kShanghai;  // not registered
  nowhere.person = person(9);
  CHECK(f->request_join(Actor::applicant(), nowhere).status().reason() == "unit.unknown");
  JoinRequest twice;
  twice.unit = kHangzhou;
  twice.person = person(1);
  twice.person.name = "又一次";
  CHECK(f->request_join(Actor::applicant(), twice).status().reason() == "person.duplicate");

  // Listed masked, for whoever may read the unit; they are not persons (yet) nor pending.
  auto requests = f->join_requests(Actor::unit(kHangzhou), kHangzhou);
  REQUIRE(requests.is_ok());
  REQUIRE(requests->size() == 3);
  for (const Person& p : *requests) {
    CHECK(p.masked);
    CHECK(p.phone.find("****") != std::string::npos);
    CHECK(p.document_key.empty());
    CHECK(p.state == PersonState::kJoinRequested);
  }
  CHECK(list(f, kHangzhou, Actor::organizer()).persons.empty());
  CHECK(list(f, kHangzhou, Actor::organizer()).pending == 0);

  // A delegation (even the unit's own) or finance may not decide them.
  for (const Actor& actor : {Actor::delegation("zhejiang"), Actor::delegation("zhejiang-3301"),
                             Actor::finance()}) {
    INFO(actor.to_string());
    CHECK(f->decide_join_requests(actor, kHangzhou, {{j1.id, Decision::kApprove, ""}}).reason() ==
          "auth.forbidden");
  }
  // A rejection needs a reason; the batch is all or none, so the approval before it is undone.
  const Status no_reason = f->decide_join_requests(
      Actor::unit(kHangzhou), kHangzhou,
      {{j1.id, Decision::kApprove, ""}, {j2.id, Decision::kReject, ""}});
  CHECK(no_reason.reason() == "review.reason_required");
  CHECK(no_reason.field() == "reason");
  CHECK(f->join_requests(Actor::organizer(), kHangzhou)->size() == 3);
  CHECK(audit(f, "join.approve").empty());
  // A reason is a few sentences, as for any review decision: not a pasted document.
  const Status long_reason = f->decide_join_requests(
      Actor::unit(kHangzhou), kHangzhou, {{j2.id, Decision::kReject, std::string(1001, 'x')}});
  CHECK(long_reason.reason() == "review.reason");
  CHECK(f->join_requests(Actor::organizer(), kHangzhou)->size() == 3);

  // Approve j1, reject j2: j1 becomes a draft person of the unit, j2 is gone.
  REQUIRE(f->decide_join_requests(
               Actor::unit(kHangzhou), kHangzhou,
               {{j1.id, Decision::kApprove, ""}, {j2.id, Decision::kReject, "不是本单位员工"}})
              .is_ok());
  const PersonList persons = list(f, kHangzhou, Actor::organizer());
  REQUIRE(persons.persons.size() == 1);
  CHECK(persons.persons.front().id == j1.id);
  CHECK(persons.persons.front().state == PersonState::kDraft);
  CHECK(persons.pending == 1);
  auto left = f->join_requests(Actor::unit(kHangzhou), kHangzhou);
  REQUIRE(left->size() == 1);
  CHECK(left->front().id == j3.id);
  CHECK(audit(f, "join.approve", "person:" + std::to_string(j1.id)).size() == 1);
  const auto rejected = audit(f, "join.reject", "person:" + std::to_string(j2.id));
  REQUIRE(rejected.size() == 1);
  CHECK(rejected.front().actor == "unit:" + kHangzhou);

  // Deciding again, or deciding a person who is not asking to join: review.not_pending.
  CHECK(f->decide_join_requests(Actor::unit(kHangzhou), kHangzhou,
                                {{j1.id, Decision::kApprove, ""}})
            .reason() == "review.not_pending");
  CHECK(f->decide_join_requests(Actor::unit(kHangzhou), kHangzhou,
                                {{j2.id, Decision::kApprove, ""}})
            .reason() == "person.unknown");
  // The rejected request's document is free again.
  CHECK(f->add_person(Actor::unit(kHangzhou), kHangzhou, person(2)).is_ok());
  // The organizer may decide too.
  CHECK(f->decide_join_requests(Actor::organizer(), kHangzhou, {{j3.id, Decision::kApprove, ""}})
            .is_ok());
}
