// End-to-end tests of `ciie register`, `verify`, `referral` and `unit` through the built tool,
// for what the golden transcripts cannot hold: random verification and referral codes (read back
// from `verify outbox` / `referral create`), passwords on stdin, and generated accounts.
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::test::CommandResult;

constexpr const char* kPassword = "Expo#2024secure";
constexpr const char* kNewPassword = "Shanghai!2024new";

// A store in a temporary directory, and `ciie` run there at a pinned time.
class Workspace {
 public:
  Workspace() { REQUIRE(run({"init"}).exit_status == 0); }

  CommandResult run(std::vector<std::string> args, const std::string& stdin_data = {},
                    const std::string& now = "2024-06-03T10:00:00+08:00") const {
    args.insert(args.begin(), {"--now", now});
    CommandResult result = ciie::test::run_ciie(args, stdin_data, {}, dir_.path().string());
    UNSCOPED_INFO("$ ciie " << join(args) << "\nstdout: " << result.out
                            << "stderr: " << result.err);
    return result;
  }

  // The newest code sent to `destination`, read from the outbox as the organizer.
  std::string last_code(const std::string& destination) const {
    const CommandResult listed =
        run({"--json", "verify", "outbox", "--to", destination, "--limit", "1"});
    REQUIRE(listed.exit_status == 0);
    const auto messages = nlohmann::json::parse(listed.out).at("messages");
    REQUIRE(messages.size() == 1);
    std::smatch match;
    const std::string body = messages[0].at("body").get<std::string>();
    REQUIRE(std::regex_search(body, match, std::regex("\\b(\\d{6})\\b")));
    return match[1];
  }

 private:
  static std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
  }
  ciie::test::TempDir dir_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> applicant_register(const std::string& uscc, const std::string& phone) {
  return {"--as",
          "applicant",
          "register",
          "--uscc",
          uscc,
          "--name",
          "上海示例贸易有限公司",
          "--category",
          "enterprise",
          "--phone",
          phone,
          "--consent",
          "--password-stdin"};
}

}  // namespace

TEST_CASE("an applicant registers itself with a password and the SMS code from the outbox",
          "[cli][register]") {
  Workspace ws;
  const std::string phone = "13812345678";
  REQUIRE(ws.run({"--as", "applicant", "verify", "send", "--phone", phone}).exit_status == 0);
  const std::string code = ws.last_code(phone);

  auto args = applicant_register("91310115591693856A", phone);
  const CommandResult without_code = ws.run(args, std::string(kPassword) + "\n");
  CHECK(without_code.exit_status == 1);
  CHECK(without_code.err.find("verify.required") != std::string::npos);

  auto wrong = args;
  wrong.insert(wrong.end(), {"--sms-code", code == "000000" ? "111111" : "000000"});
  const CommandResult mismatch = ws.run(wrong, std::string(kPassword) + "\n");
  CHECK(mismatch.exit_status == 1);
  CHECK(mismatch.err.find("verify.mismatch") != std::string::npos);
  CHECK(mismatch.err.find("field sms_code") != std::string::npos);

  args.insert(args.end(), {"--sms-code", code});
  const CommandResult registered = ws.run(args, std::string(kPassword) + "\r\n");
  REQUIRE(registered.exit_status == 0);
  CHECK(registered.out.find("registered 91310115591693856A") == 0);
  CHECK(registered.out.find("138****5678 (verified)") != std::string::npos);
  CHECK(registered.out.find(phone) == std::string::npos);  // masked

  // The code is used up; the unit's password works (the "\r\n" line end was not part of it).
  CHECK(ws.run({"--as", "applicant", "verify", "check", "--phone", phone, "--code", code})
            .exit_status == 1);
  const std::string account = "91310115591693856A";
  const CommandResult changed =
      ws.run({"--as", "unit:" + account, "unit", "password", "change", account, "--password-stdin"},
             std::string(kPassword) + "\n" + kNewPassword + "\n");
  CHECK(changed.exit_status == 0);
  CHECK(changed.out == "password changed for " + account + "\n");
  const CommandResult shown = ws.run({"--json", "unit", "show", account});
  REQUIRE(shown.exit_status == 0);
  const auto unit = nlohmann::json::parse(shown.out).at("unit");
  CHECK(unit.at("has_password") == true);
  CHECK(unit.at("phone_verified") == true);
  CHECK(unit.at("phone") == "138****5678");
  CHECK(unit.at("created_by") == "applicant");
}

TEST_CASE("password change: the old password is checked, the new one must be strong",
          "[cli][unit]") {
  Workspace ws;
  const std::string account = "91310115591693856A";
  REQUIRE(ws.run({"register", "--uscc", account, "--name", "上海示例贸易有限公司", "--category",
                  "enterprise", "--phone", "13812345678", "--consent", "--password-stdin"},
                 std::string(kPassword) + "\n")
              .exit_status == 0);
  const std::vector<std::string> change{"--as",  "unit:" + account, "unit", "password", "change",
                                        account, "--password-stdin"};
  const CommandResult wrong_old =
      ws.run(change, std::string("Wrong#pass1\n") + kNewPassword + "\n");
  CHECK(wrong_old.exit_status == 1);
  CHECK(wrong_old.err.find("auth.failed") != std::string::npos);
  const CommandResult weak = ws.run(change, std::string(kPassword) + "\nshort\n");
  CHECK(weak.exit_status == 1);
  CHECK(weak.err.find("password.weak") != std::string::npos);
  const CommandResult one_line = ws.run(change, std::string(kPassword) + "\n");
  CHECK(one_line.exit_status == 2);
  CHECK(one_line.err.find("New password") != std::string::npos);
  // Nothing is ever read from argv: a password given as an argument is a usage error.
  CHECK(ws.run({"--as", "unit:" + account, "unit", "password", "change", account, kPassword})
            .exit_status == 2);
}

TEST_CASE("password reset by SMS, then a phone change with codes to both phones", "[cli][unit]") {
  Workspace ws;
  const std::string account = "91310115591693856A";
  const std::string old_phone = "13812345678";
  const std::string new_phone = "13987654321";
  REQUIRE(ws.run({"register", "--uscc", account, "--name", "上海示例贸易有限公司", "--category",
                  "enterprise", "--phone", old_phone, "--consent"})
              .exit_status == 0);

  const CommandResult requested =
      ws.run({"--as", "applicant", "unit", "password", "reset", account, "--request"});
  REQUIRE(requested.exit_status == 0);
  CHECK(requested.out.find("code by sms to 138****5678") != std::string::npos);
  const std::string reset_code = ws.last_code(old_phone);
  const CommandResult reset = ws.run({"--as", "applicant", "unit", "password", "reset", account,
                                      "--sms-code", reset_code, "--password-stdin"},
                                     std::string(kPassword) + "\n");
  CHECK(reset.exit_status == 0);
  CHECK(reset.out == "password reset for " + account + "\n");

  // A minute later (one send per 60 s per phone): codes to the old and the new phone.
  const std::string later = "2024-06-03T10:01:00+08:00";
  const CommandResult sent =
      ws.run({"--as", "unit:" + account, "unit", "phone", account, "--new", new_phone, "--request"},
             {}, later);
  REQUIRE(sent.exit_status == 0);
  CHECK(lines_of(sent.out).size() == 2);
  const std::string old_code = ws.last_code(old_phone);
  const std::string new_code = ws.last_code(new_phone);
  const CommandResult changed =
      ws.run({"--as", "unit:" + account, "unit", "phone", account, "--new", new_phone, "--old-code",
              old_code, "--new-code", new_code},
             {}, later);
  CHECK(changed.exit_status == 0);
  CHECK(changed.out == "phone changed to 139****4321 for " + account + "\n");
  const CommandResult shown = ws.run({"unit", "show", account}, {}, later);
  CHECK(shown.out.find("phone:         139****4321 (verified)") != std::string::npos);
  CHECK(shown.out.find("password:      set") != std::string::npos);
}

TEST_CASE("referral codes: create, check, use for an industry delegation, exhaust, revoke",
          "[cli][referral]") {
  Workspace ws;
  const CommandResult created = ws.run({"referral", "create", "--issuer", "delegation:industry-01",
                                        "--max-uses", "1", "--count", "2", "--note", "商贸流通"});
  REQUIRE(created.exit_status == 0);
  const std::vector<std::string> codes = lines_of(created.out);
  REQUIRE(codes.size() == 2);
  for (const std::string& code : codes)
    CHECK(std::regex_match(code, std::regex("[2-9A-HJKMNP-Z]{9}")));

  const CommandResult usable = ws.run({"referral", "check", codes[0]});
  CHECK(usable.exit_status == 0);
  CHECK(usable.out.find(codes[0] + "  active  issuer delegation:industry-01") == 0);

  // The code admits the unit to the industry delegation, which reviews it (DEL-4, REV-1).
  const CommandResult registered =
      ws.run({"register", "--uscc", "91330106MA27Y4U47R", "--name", "杭州示例贸易有限公司",
              "--category", "enterprise", "--referral", codes[0], "--consent"});
  REQUIRE(registered.exit_status == 0);
  CHECK(registered.out.find("industry:      industry-01 商贸流通行业交易团") != std::string::npos);
  CHECK(registered.out.find("review:        industry_delegation (delegation:industry-01)") !=
        std::string::npos);

  const CommandResult exhausted = ws.run({"--json", "referral", "check", codes[0]});
  CHECK(exhausted.exit_status == 1);
  const auto check = nlohmann::json::parse(exhausted.out);
  CHECK(check.at("usable") == false);
  CHECK(check.at("error").at("reason") == "referral.exhausted");
  CHECK(check.at("referral").at("uses") == 1);
  CHECK(ws.run({"register", "--uscc", "91310104MA1FL5XX0C", "--name", "上海徐汇示例", "--category",
                "enterprise", "--referral", codes[0], "--consent"})
            .err.find("referral.exhausted") != std::string::npos);

  // Lower case and hyphens are accepted; revoking twice is harmless.
  std::string typed = codes[1].substr(0, 4) + "-" + codes[1].substr(4);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(ws.run({"referral", "revoke", typed}).out == "revoked " + codes[1] + "\n");
  CHECK(ws.run({"referral", "revoke", codes[1]}).exit_status == 0);
  const CommandResult revoked = ws.run({"referral", "check", codes[1]});
  CHECK(revoked.exit_status == 1);
  CHECK(revoked.out.find(codes[1] + "  revoked") == 0);
  CHECK(revoked.err.find("referral.revoked") != std::string::npos);

  const CommandResult listed =
      ws.run({"--json", "referral", "list", "--issuer", "delegation:industry-01"});
  REQUIRE(listed.exit_status == 0);
  const auto referrals = nlohmann::json::parse(listed.out).at("referrals");
  REQUIRE(referrals.size() == 2);
  std::vector<std::string> states;
  for (const auto& r : referrals) states.push_back(r.at("state").get<std::string>());
  std::sort(states.begin(), states.end());
  CHECK(states == std::vector<std::string>{"exhausted", "revoked"});
  const CommandResult table = ws.run({"referral", "list"});
  CHECK(lines_of(table.out).size() == 3);  // header + 2
  CHECK(table.out.find("1/1") != std::string::npos);
}

TEST_CASE("referral codes expire, and a delegation issues only its own", "[cli][referral]") {
  Workspace ws;
  const CommandResult created = ws.run({"--json", "--as", "delegation:industry-02", "referral",
                                        "create", "--expires", "2024-06-04"});
  REQUIRE(created.exit_status == 0);
  const auto doc = nlohmann::json::parse(created.out);
  CHECK(doc.at("issuer") == "delegation:industry-02");
  const std::string code = doc.at("codes").at(0);
  CHECK(ws.run({"referral", "check", code}, {}, "2024-06-03T23:59:59+08:00").exit_status == 0);
  const CommandResult expired =
      ws.run({"referral", "check", code}, {}, "2024-06-04T00:00:00+08:00");
  CHECK(expired.exit_status == 1);
  CHECK(expired.err.find("referral.expired") != std::string::npos);
  CHECK(ws.run({"--as", "delegation:industry-01", "referral", "revoke", code}).exit_status == 1);
  CHECK(lines_of(ws.run({"--as", "delegation:industry-02", "referral", "list"}).out).size() == 2);
}

TEST_CASE("a unit outside the mainland gets a generated account, stable on a repeat",
          "[cli][register]") {
  Workspace ws;
  const std::vector<std::string> args{
      "--json",     "register",   "--region", "overseas",        "--name",   "Example Trading GmbH",
      "--category", "enterprise", "--email",  "info@example.de", "--consent"};
  const CommandResult first = ws.run(args);
  REQUIRE(first.exit_status == 0);
  const auto unit = nlohmann::json::parse(first.out).at("unit");
  const std::string account = unit.at("account");
  CHECK(std::regex_match(account, std::regex("OV[2-9A-HJKMNP-Z]{10}")));
  CHECK(unit.at("email") == "i*******@example.de");
  CHECK(unit.at("route").at("review") == "organizer");
  const CommandResult again = ws.run(args);
  REQUIRE(again.exit_status == 0);
  CHECK(nlohmann::json::parse(again.out).at("created") == false);
  CHECK(nlohmann::json::parse(again.out).at("unit").at("account") == account);
  CHECK(ws.run({"unit", "show", account}).exit_status == 0);
}

TEST_CASE("bulk registration reads standard input with --from - and an explicit format",
          "[cli][register]") {
  Workspace ws;
  const std::string csv =
      "uscc,name,category,consent\n"
      "91310104MA1FL5XX0C,上海徐汇示例,enterprise,true\n"
      "913101011322030109,上海黄浦示例,enterprise,true\n";
  const CommandResult missing_format = ws.run({"register", "--from", "-"}, csv);
  CHECK(missing_format.exit_status == 2);
  const CommandResult applied = ws.run({"register", "--from", "-", "--format", "csv"}, csv);
  CHECK(applied.exit_status == 0);
  CHECK(applied.out == "2 rows: 2 registered, 0 unchanged, 0 failed; applied\n");
  CHECK(applied.err.empty());  // no progress line: stderr is not a terminal
}
