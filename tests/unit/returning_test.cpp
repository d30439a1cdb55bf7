// Returning visitors (RET-1..3) and badge reuse (BDG-3) through the Registry: importing the
// previous edition's export (idempotent, all or none, dry run, line and field of each refusal),
// claiming by password, SMS and e-mail with failures counted until the candidate is barred,
// bringing persons forward with and without reuse, and a reused badge ending in reuse_activated.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/order_fixture.hpp"
#include "support/registry_fixture.hpp"

namespace ciie {
namespace {

using test::must;

// A password hash of "Past-pass-2023" (Argon2id, 1 MiB, 2 passes).
const std::string kPastHash =
    "$argon2id$v=19$m=1024,t=2,p=1$dRsAkDrs0VTjUyHWX2yGHQ$"
    "SQc1lKnB76j+crmXqypRW8YeW+HQSqWaiZsnRy0PVOI";
const std::string kPastPassword = "Past-pass-2023";

struct Fixture : test::RegistryFixture {
  std::string uscc = test::uscc_in("310115", 42);
  RouteDecision route;

  Fixture() {
    RouteRequest request;
    request.uscc = uscc;
    route = must(registry->route(request), "route");
    std::ofstream(dir.file("photo.png"), std::ios::binary) << test::test_photo();
  }

  nlohmann::json unit_row() const {
    return {{"record", "unit"},          {"edition", 6},
            {"uscc", uscc},              {"category", "enterprise"},
            {"name", "上海往届示例有限公司"}, {"phone", "13800138000"},
            {"email", "buyer@example.com"}, {"password_hash", kPastHash},
            {"delegation", route.home_delegation}, {"sub_delegation", route.sub_delegation}};
  }

  nlohmann::json person_row(int n, bool reusable, bool photo) const {
    nlohmann::json row = {{"record", "person"},
                          {"edition", 6},
                          {"unit", uscc},
                          {"person_id", "P" + std::to_string(n)},
                          {"name", "往届人员" + std::to_string(n)},
                          {"document_kind", "cn_id"},
                          {"document_number", test::cn_id(n)},
                          {"phone", "13900001234"},
                          {"badge_type", "full"},
                          {"badge_reusable", reusable},
                          {"delegation", route.home_delegation},
                          {"sub_delegation", route.sub_delegation}};
    if (photo) row["photo"] = "photo.png";
    return row;
  }

  std::vector<nlohmann::json> export_rows() const {
    return {unit_row(), person_row(1, true, true), person_row(2, false, true),
            person_row(3, true, false)};
  }

  struct Imported {
    BulkSummary summary;
    std::vector<RowOutcome> rows;
  };

  Imported import(const std::vector<nlohmann::json>& rows, BulkOptions options = {}) {
    std::string text;
    for (const auto& row : rows) text += row.dump() + "\n";
    std::istringstream in(text);
    auto reader = make_record_reader(in, InputFormat::kJsonLines,
                                     {Registry::returning_columns(),
                                      Registry::returning_required_columns()});
    Imported imported;
    imported.summary = must(registry->import_returning(Actor::organizer(), *reader, options,
                                                       dir.path().string(),
                                                       [&](const RowOutcome& row) {
                                                         imported.rows.push_back(row);
                                                       }),
                            "import");
    return imported;
  }

  ClaimRequest password_claim(const std::string& password) const {
    ClaimRequest request;
    request.account = uscc;
    request.method = ClaimMethod::kPassword;
    request.password = password;
    request.consent = true;
    return request;
  }

  Unit claimed() {
    return must(registry->claim_returning(Actor{ActorKind::kApplicant, {}},
                                          password_claim(kPastPassword)),
                "claim")
        .unit;
  }
};

const Actor kApplicant{ActorKind::kApplicant, {}};

TEST_CASE("import-returning stores candidates once and updates only what changed",
          "[returning]") {
  Fixture f;
  auto first = f.import(f.export_rows());
  CHECK(first.summary.applied);
  CHECK(first.summary.by_outcome["imported"] == 4);
  REQUIRE(first.rows.size() == 4);
  CHECK(first.rows[0].subject == f.uscc);
  CHECK(first.rows[1].subject == f.uscc + "/P1");
  const Candidate stored = must(f->candidate(Actor::organizer(), f.uscc), "candidate");
  CHECK(stored.persons == 3);
  CHECK(stored.state == CandidateState::kOpen);
  CHECK(stored.has_password);
  CHECK(stored.phone == "138****8000");  // masked unless revealed

  // The same export again changes nothing.
  auto again = f.import(f.export_rows());
  CHECK_FALSE(again.summary.applied);
  CHECK(again.summary.by_outcome["unchanged"] == 4);

  // A changed row updates its candidate; the others stay unchanged.
  auto rows = f.export_rows();
  rows[0]["name"] = "上海往届示例（集团）有限公司";
  rows[2]["phone"] = "13900005678";
  auto changed = f.import(rows);
  CHECK(changed.summary.applied);
  CHECK(changed.summary.by_outcome["updated"] == 2);
  CHECK(changed.summary.by_outcome["unchanged"] == 2);
  CHECK(must(f->candidate(Actor::organizer(), f.uscc), "candidate").name ==
        "上海往届示例（集团）有限公司");
}

TEST_CASE("import-returning refuses bad rows with line, field and key, and applies none",
          "[returning]") {
  Fixture f;
  auto rows = f.export_rows();
  rows[1]["document_number"] = "110105198001010000";  // wrong check digit
  auto bad_hash = f.unit_row();
  bad_hash["uscc"] = test::uscc_in("310115", 43);
  bad_hash["password_hash"] = "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$aGFzaA";
  rows.push_back(bad_hash);
  auto orphan = f.person_row(9, true, false);
  orphan["unit"] = test::uscc_in("310115", 44);
  rows.push_back(orphan);
  auto future = f.person_row(10, true, false);
  future["edition"] = 7;
  rows.push_back(future);
  auto traversal = f.person_row(11, true, false);
  traversal["photo"] = "../etc/passwd";
  rows.push_back(traversal);

  auto result = f.import(rows);
  CHECK_FALSE(result.summary.applied);
  CHECK(result.summary.failed == 5);
  std::vector<std::pair<long, std::string>> failures;
  for (const RowOutcome& row : result.rows) {
    if (!row.ok) failures.push_back({row.error.line().value_or(0), row.error.reason()});
  }
  REQUIRE(failures.size() == 5);
  CHECK(failures[0] == std::make_pair(2L, std::string("id.checksum")));
  CHECK(failures[1] == std::make_pair(5L, std::string("returning.password_hash")));
  CHECK(failures[2] == std::make_pair(6L, std::string("returning.unit_unknown")));
  CHECK(failures[3] == std::make_pair(7L, std::string("returning.edition")));
  CHECK(failures[4] == std::make_pair(8L, std::string("person.photo_path")));
  CHECK(result.rows[4].error.field() == "password_hash");
  // All or none: the good rows were not kept either.
  CHECK(f->candidate(Actor::organizer(), f.uscc).status().reason() == "returning.unknown");

  // --continue-on-error keeps the good rows; --dry-run keeps nothing.
  BulkOptions dry;
  dry.dry_run = true;
  CHECK(f.import(f.export_rows(), dry).summary.by_outcome["imported"] == 4);
  CHECK(f->candidate(Actor::organizer(), f.uscc).status().reason() == "returning.unknown");
  BulkOptions lenient;
  lenient.continue_on_error = true;
  auto kept = f.import(rows, lenient);
  CHECK(kept.summary.applied);
  CHECK(kept.summary.by_outcome["imported"] == 3);
  CHECK(must(f->candidate(Actor::organizer(), f.uscc), "candidate").persons == 2);
}

TEST_CASE("only the organizer imports and reads candidates before a claim", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  CHECK(f->candidate(kApplicant, f.uscc).status().reason() == "auth.forbidden");
  CHECK(f->candidate(Actor::unit(f.uscc), f.uscc).status().reason() == "auth.forbidden");
  CHECK(f->candidates(Actor::delegation("shanghai"), {}).status().reason() == "auth.forbidden");
  std::istringstream in("");
  auto reader = make_record_reader(in, InputFormat::kJsonLines, {});
  CHECK(f->import_returning(Actor::delegation("shanghai"), *reader, {}, ".", nullptr)
            .status()
            .reason() == "auth.forbidden");
}

TEST_CASE("a password claim registers the unit from its past record", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  ClaimRequest no_consent = f.password_claim(kPastPassword);
  no_consent.consent = false;
  CHECK(f->claim_returning(kApplicant, no_consent).status().reason() == "register.consent");

  const ClaimOutcome outcome =
      must(f->claim_returning(kApplicant, f.password_claim(kPastPassword)), "claim");
  CHECK(outcome.unit.account == f.uscc);
  CHECK(outcome.unit.state == UnitState::kRegistered);
  CHECK(outcome.unit.name == "上海往届示例有限公司");
  CHECK(outcome.unit.route.home_delegation == f.route.home_delegation);
  CHECK(outcome.licence.outcome == "no_scan");
  CHECK(outcome.past_persons == 3);
  // The past password is the account's password.
  CHECK(f->authenticate_unit(f.uscc, kPastPassword).is_ok());
  const Candidate after = must(f->candidate(Actor::unit(f.uscc), f.uscc), "own candidate");
  CHECK(after.state == CandidateState::kClaimed);
  CHECK(after.claimed_by == ClaimMethod::kPassword);
  CHECK(after.claimed_unit == f.uscc);
  CHECK(f->claim_returning(kApplicant, f.password_claim(kPastPassword)).status().reason() ==
        "returning.claimed");
  // A re-import keeps the claim.
  f.import(f.export_rows());
  CHECK(must(f->candidate(Actor::organizer(), f.uscc), "candidate").state ==
        CandidateState::kClaimed);
}

TEST_CASE("an SMS claim sends the code to the past phone and verifies it", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  const VerificationSent sent =
      must(f->send_claim_code(kApplicant, {f.uscc, ClaimMethod::kSms}), "send");
  CHECK(sent.destination == "138****8000");
  CHECK(sent.purpose == VerifyPurpose::kClaim);
  ClaimRequest request;
  request.account = f.uscc;
  request.method = ClaimMethod::kSms;
  request.consent = true;
  request.new_password = "New-pass-2024";
  CHECK(f->claim_returning(kApplicant, request).status().reason() == "verify.required");
  request.code = f.last_code("13800138000");
  REQUIRE(request.code.size() == 6);
  const ClaimOutcome outcome = must(f->claim_returning(kApplicant, request), "claim");
  CHECK(outcome.unit.phone_verified);
  CHECK(f->authenticate_unit(f.uscc, "New-pass-2024").is_ok());
  CHECK_FALSE(f->authenticate_unit(f.uscc, kPastPassword).is_ok());
}

TEST_CASE("an e-mail claim verifies the past address", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  const VerificationSent sent =
      must(f->send_claim_code(kApplicant, {f.uscc, ClaimMethod::kEmail}), "send");
  CHECK(sent.channel == VerifyChannel::kEmail);
  CHECK(sent.destination.find("buyer@") == std::string::npos);  // masked
  ClaimRequest request;
  request.account = f.uscc;
  request.method = ClaimMethod::kEmail;
  request.consent = true;
  request.code = f.last_code("buyer@example.com");
  const ClaimOutcome outcome = must(f->claim_returning(kApplicant, request), "claim");
  CHECK(outcome.unit.email_verified);
  CHECK_FALSE(outcome.unit.phone_verified);
  CHECK(f->send_claim_code(kApplicant, {f.uscc, ClaimMethod::kPassword}).status().reason() ==
        "returning.method");
}

TEST_CASE("the export reads as CSV: one header, the cells a row does not use left empty",
          "[returning]") {
  Fixture f;
  std::ofstream(f.dir.file("export.csv"))
      << "record,edition,uscc,category,name,phone,password_hash,delegation,unit,person_id,"
         "document_kind,document_number,badge_type,badge_reusable,photo\n"
      << "unit,6," << f.uscc << ",enterprise,上海往届示例有限公司,13800138000,\"" << kPastHash
      << "\"," << f.route.home_delegation << ",,,,,,,\n"
      << "person,6,,,往届人员1,13900001234,," << f.route.home_delegation << "," << f.uscc
      << ",P1,cn_id," << test::cn_id(1) << ",full,true,photo.png\n";
  std::ifstream in(f.dir.file("export.csv"));
  auto reader = make_record_reader(in, InputFormat::kCsv,
                                   {Registry::returning_columns(),
                                    Registry::returning_required_columns()});
  std::vector<RowOutcome> rows;
  BulkSummary summary = must(
      f->import_returning(Actor::organizer(), *reader, {}, f.dir.path().string(),
                          [&](const RowOutcome& row) { rows.push_back(row); }),
      "import");
  for (const RowOutcome& row : rows) CHECK(row.error.to_string() == "ok");
  CHECK(summary.by_outcome["imported"] == 2);
  const Unit unit = f.claimed();
  const auto past = must(f->past_persons(Actor::unit(unit.account), unit.account), "past");
  REQUIRE(past.size() == 1);
  CHECK(past[0].badge_reusable);
  CHECK_FALSE(past[0].photo_sha256.empty());
  CHECK(past[0].document_number.find('*') != std::string::npos);  // masked
}

TEST_CASE("three failed methods bar the candidate: the unit registers anew without its past",
          "[returning]") {
  Fixture f;
  auto rows = f.export_rows();
  rows[0].erase("email");  // the e-mail method cannot be served
  f.import(rows);
  const int max = f->rules().verification.max_attempts;

  // The password: each wrong one counts; the last try fails the method.
  for (int i = 1; i < max; ++i) {
    const Status wrong = f->claim_returning(kApplicant, f.password_claim("Wrong-pass-1")).status();
    CHECK(wrong.reason() == "auth.failed");
  }
  CHECK(f->claim_returning(kApplicant, f.password_claim("Wrong-pass-1")).status().reason() ==
        "returning.method_failed");
  // Failed stays failed, even with the right password.
  CHECK(f->claim_returning(kApplicant, f.password_claim(kPastPassword)).status().reason() ==
        "returning.method_failed");

  // SMS: a code's wrong tries used up fail the method.
  must(f->send_claim_code(kApplicant, {f.uscc, ClaimMethod::kSms}), "send");
  ClaimRequest sms;
  sms.account = f.uscc;
  sms.method = ClaimMethod::kSms;
  sms.consent = true;
  sms.code = f.last_code("13800138000") == "000000" ? "111111" : "000000";
  for (int i = 1; i < max; ++i) {
    CHECK(f->claim_returning(kApplicant, sms).status().reason() == "verify.mismatch");
  }
  CHECK(f->claim_returning(kApplicant, sms).status().reason() == "returning.method_failed");
  CHECK(must(f->candidate(Actor::organizer(), f.uscc), "candidate").failed_methods.size() == 2);

  // E-mail: the export has no address; trying it fails it, the last method: barred.
  CHECK(f->send_claim_code(kApplicant, {f.uscc, ClaimMethod::kEmail}).status().reason() ==
        "returning.barred");
  CHECK(must(f->candidate(Actor::organizer(), f.uscc), "candidate").state ==
        CandidateState::kBarred);
  CHECK(f->claim_returning(kApplicant, f.password_claim(kPastPassword)).status().reason() ==
        "returning.barred");

  // Registering anew works, and the new unit sees no past information.
  const Unit anew =
      must(f->register_unit(Actor::organizer(), test::enterprise(f.uscc, "上海往届示例有限公司")),
           "register")
          .unit;
  CHECK(f->past_persons(Actor::unit(anew.account), anew.account).status().reason() ==
        "returning.not_claimed");
  BringForwardRequest bring;
  bring.unit = anew.account;
  CHECK(f->bring_forward(Actor::unit(anew.account), bring).status().reason() ==
        "returning.not_claimed");
  CHECK(f->candidate(Actor::unit(anew.account), f.uscc).status().reason() == "auth.forbidden");
}

TEST_CASE("a unit registered anew cannot claim its past afterwards", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  must(f->register_unit(Actor::organizer(), test::enterprise(f.uscc, "上海往届示例有限公司")),
       "register");
  CHECK(f->claim_returning(kApplicant, f.password_claim(kPastPassword)).status().reason() ==
        "unit.exists");
}

TEST_CASE("bring-forward copies past persons, reusing badges only when they would not change",
          "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  const Unit unit = f.claimed();
  const Actor own = Actor::unit(unit.account);
  BringForwardRequest bring;
  bring.unit = unit.account;
  bring.reuse = true;

  // P2's badge type was not reusable, P3 has no photo to compare: nothing is brought.
  bring.past_ids = {"P1", "P2", "P3"};
  const Status refused = f->bring_forward(own, bring).status();
  CHECK(refused.reason() == "badge.reuse_ineligible");
  CHECK(refused.message().find("P2") != std::string::npos);
  CHECK(must(f->persons(own, unit.account, {}), "persons").persons.empty());
  bring.past_ids = {"P3"};
  CHECK(f->bring_forward(own, bring).status().message().find("photo") != std::string::npos);
  // Another badge type is another entry period.
  bring.past_ids = {"P1"};
  bring.badge_type = "weekend";
  CHECK(f->bring_forward(own, bring).status().message().find("badge_type") != std::string::npos);
  bring.badge_type.clear();
  bring.past_ids = {"NOPE"};
  CHECK(f->bring_forward(own, bring).status().reason() == "returning.person_unknown");

  bring.past_ids = {"P1"};
  const auto reused = must(f->bring_forward(own, bring), "bring P1");
  REQUIRE(reused.size() == 1);
  CHECK(reused[0].created);
  CHECK(reused[0].person.badge_reuse);
  CHECK(reused[0].person.returning_of == f.uscc + "/P1");
  CHECK(reused[0].person.state == PersonState::kDraft);
  CHECK(reused[0].person.has_photo);
  // Again: unchanged, the same person.
  const auto again = must(f->bring_forward(own, bring), "again");
  CHECK_FALSE(again[0].created);
  CHECK(again[0].person.id == reused[0].person.id);

  // Without reuse, the rest (P2, P3) are brought as ordinary persons.
  BringForwardRequest rest;
  rest.unit = unit.account;
  const auto plain = must(f->bring_forward(own, rest), "the rest");
  REQUIRE(plain.size() == 2);
  CHECK_FALSE(plain[0].person.badge_reuse);
  const auto past = must(f->past_persons(own, unit.account), "past");
  for (const PastPerson& p : past) CHECK(p.brought_forward_as.has_value());
}

TEST_CASE("a renamed unit or another delegation cannot reuse badges", "[returning]") {
  Fixture f;
  auto rows = f.export_rows();
  rows[1]["delegation"] = "jiangsu";
  rows[1]["name"] = "往届人员1";
  f.import(rows);
  const Unit unit = f.claimed();
  BringForwardRequest bring;
  bring.unit = unit.account;
  bring.reuse = true;
  bring.past_ids = {"P1"};
  const Status refused = f->bring_forward(Actor::unit(unit.account), bring).status();
  REQUIRE(refused.reason() == "badge.reuse_ineligible");
  std::string obstacles;
  for (const auto& detail : refused.details()) {
    if (detail.key == "obstacles") obstacles = detail.value;
  }
  CHECK(obstacles == "delegation");
  UnitUpdate rename;
  rename.name = "上海新名称有限公司";
  must(f->update_unit(Actor::unit(unit.account), unit.account, rename), "rename");
  CHECK(f->bring_forward(Actor::unit(unit.account), bring).status().message().find("unit, delegation") !=
        std::string::npos);
}

TEST_CASE("a reused badge is reviewed, paid and ends in reuse_activated", "[returning]") {
  Fixture f;
  f.import(f.export_rows());
  const Unit unit = f.claimed();
  const Actor own = Actor::unit(unit.account);
  BringForwardRequest bring;
  bring.unit = unit.account;
  bring.reuse = true;
  bring.past_ids = {"P1"};
  const std::int64_t reused = must(f->bring_forward(own, bring), "reuse")[0].person.id;
  bring.reuse = false;
  bring.past_ids = {"P2"};
  const std::int64_t plain = must(f->bring_forward(own, bring), "plain")[0].person.id;

  must(f->submit(Actor::organizer(), unit.account, SubmitRequest{}), "submit");
  const Order order = must(f->create_order(own, unit.account, {}), "order");
  CHECK(order.total == Money::from_fen(40000));  // reuse still pays the badge type's fee
  TransferProof proof{unit.name, "31001234567890", order.total,
                      f->clock().now().shanghai_date(), test::test_photo()};
  const Payment submitted = must(f->submit_transfer_proof(own, order.number, proof), "proof");
  must(f->decide_payment(Actor::finance(), {submitted.id, true, "", false}), "confirm");

  // The ordinary person is approved at once; the reused badge waits for its delegation.
  const auto list = must(f->persons(Actor::organizer(), unit.account, {}), "persons").persons;
  const auto find = [&](std::int64_t id) {
    return *std::find_if(list.begin(), list.end(), [&](const Person& p) { return p.id == id; });
  };
  CHECK(find(plain).state == PersonState::kApproved);
  CHECK(badge_state(find(plain)) == "in_production");
  const Person waiting = find(reused);
  CHECK(waiting.state == PersonState::kUnderReview);
  CHECK(badge_state(waiting) == "under_review");
  CHECK(std::find(waiting.review_why.begin(), waiting.review_why.end(), "badge_reuse") !=
        waiting.review_why.end());
  CHECK(waiting.review_queue == "delegation:" + f.route.home_delegation);

  const Person approved =
      must(f->review_person(Actor::delegation(f.route.home_delegation),
                            {reused, Decision::kApprove, ""}),
           "approve");
  CHECK(approved.state == PersonState::kApproved);
  CHECK(badge_state(approved) == "reuse_activated");
}

TEST_CASE("an unreadable past licence flags the claimed unit for review", "[returning][ocr]") {
  Fixture f;
  std::filesystem::copy_file(
      std::filesystem::path(CIIE_SOURCE_DIR) / "tests/data/licences/blank.png",
      f.dir.file("licence.png"));
  auto rows = f.export_rows();
  rows[0]["licence"] = "licence.png";
  f.import(rows);
  const ClaimOutcome outcome =
      must(f->claim_returning(kApplicant, f.password_claim(kPastPassword)), "claim");
  CHECK(outcome.licence.outcome == "unreadable");
  CHECK(outcome.licence.fields == std::vector<std::string>{"licence"});
  bool flagged = false;
  for (const RouteFlag flag : outcome.unit.route.flags) {
    flagged = flagged || flag == RouteFlag::kOcrAccepted;
  }
  CHECK(flagged);
}

}  // namespace
}  // namespace ciie
