// Tests of the ciie.toml reader and renderer (cli/config_file.hpp): defaults and overlays,
// every problem kind at its exact line, delegation overrides, secrets from the environment and
// from files (never printed), and the show → parse round trip.
#include "config_file.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using ciie::Rules;
using ciie::cli::ConfigProblem;
using ciie::cli::LoadedConfig;

ciie::cli::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

LoadedConfig parse(const std::string& text, std::map<std::string, std::string> env = {}) {
  return ciie::cli::parse_config(text, "test.toml", env_of(std::move(env)));
}

std::string describe(const std::vector<ConfigProblem>& problems) {
  std::string s;
  for (const ConfigProblem& p : problems) {
    s += std::to_string(p.line) + ":" + std::to_string(p.column) + " " + p.reason + " [" + p.key +
         "] " + p.message + "\n";
  }
  return s;
}

// Exactly one problem, with this reason at this line.
void require_one_problem(const LoadedConfig& loaded, const std::string& reason, long line) {
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].reason == reason);
  CHECK(loaded.problems[0].line == line);
}

// Some problem with this reason at this line (others may exist).
bool has_problem(const LoadedConfig& loaded, const std::string& reason, long line) {
  return std::any_of(loaded.problems.begin(), loaded.problems.end(),
                     [&](const ConfigProblem& p) { return p.reason == reason && p.line == line; });
}

}  // namespace

TEST_CASE("an empty file yields the built-in rules", "[config]") {
  const LoadedConfig loaded = parse("");
  CHECK(loaded.problems.empty());
  CHECK(loaded.rules == Rules::seventh_edition());
  CHECK(ciie::cli::first_problem(loaded).is_ok());
}

TEST_CASE("a file overlays only the keys it names", "[config]") {
  const LoadedConfig loaded = parse(R"([edition]
number = 8
year = 2025
expo_start = 2025-11-05
expo_end = 2025-11-10
public_days = [2025-11-08, "2025-11-09"]

[registration]
closes_at = "2025-10-20T15:59:59Z"
auto_approved = ["enterprise"]

[invoice.seller]
taxpayer_id = "12100000MB0000000X"

[[badge_type]]
code = "day"
name_zh = "一日证"
valid_from = 2025-11-05
valid_to = 2025-11-10
fee = "80.50"
)");
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  const Rules& r = loaded.rules;
  CHECK(r.edition.number == 8);
  CHECK(r.edition.public_days == std::vector<ciie::Date>{{2025, 11, 8}, {2025, 11, 9}});
  CHECK(r.edition.name_zh == Rules::seventh_edition().edition.name_zh);
  CHECK(r.registration.closes_at.to_shanghai_string() == "2025-10-20T23:59:59+08:00");
  CHECK(r.registration.opens_at == Rules::seventh_edition().registration.opens_at);
  CHECK(r.registration.auto_approved ==
        std::vector<ciie::UnitCategory>{ciie::UnitCategory::kEnterprise});
  CHECK(r.invoice.seller.taxpayer_id == "12100000MB0000000X");
  CHECK(r.invoice.seller.name == "中国国际进口博览局");
  REQUIRE(r.badge_types.size() == 1);  // [[badge_type]] replaces the list
  CHECK(r.badge_types[0].fee == ciie::Money::from_fen(8050));
  CHECK_FALSE(r.badge_types[0].reusable);
  CHECK(r.delegations.size() == 43);
}

TEST_CASE("a syntax error is config.syntax at the parser's line and column", "[config]") {
  const LoadedConfig loaded = parse("[edition]\nnumber = 7\nyear = = 2024\n");
  require_one_problem(loaded, "config.syntax", 3);
  CHECK(loaded.problems[0].column > 0);
  CHECK(loaded.rules == Rules::seventh_edition());
  const ciie::Status s = ciie::cli::first_problem(loaded);
  CHECK(s.code() == ciie::Code::kInvalidInput);
  CHECK(s.reason() == "config.syntax");
  CHECK(s.line() == 3L);
}

TEST_CASE("an impossible TOML date is a syntax error at its line", "[config]") {
  require_one_problem(parse("[edition]\n\nexpo_start = 2024-02-30\n"), "config.syntax", 3);
}

TEST_CASE("unknown keys are reported where they are written", "[config]") {
  SECTION("top-level table") {
    const LoadedConfig loaded = parse("[edition]\nnumber = 7\n\n[benchmark]\nunits = 1\n");
    require_one_problem(loaded, "config.unknown_key", 4);
    CHECK(loaded.problems[0].key == "benchmark");
  }
  SECTION("key in a section") {
    const LoadedConfig loaded = parse("[edition]\nnumber = 7\ntimezone = \"UTC\"\n");
    require_one_problem(loaded, "config.unknown_key", 3);
    CHECK(loaded.problems[0].key == "edition.timezone");
    CHECK(loaded.problems[0].column == 1);
  }
  SECTION("key in [ocr]") {
    const LoadedConfig loaded = parse("[ocr]\nthreads = 2\ntessdata = \"/opt/tessdata\"\n");
    require_one_problem(loaded, "config.unknown_key", 3);
    CHECK(loaded.problems[0].key == "ocr.tessdata");
  }
  SECTION("key in an array-of-tables element and in a sub-table") {
    const LoadedConfig loaded = parse(R"([[area]]
slug = "a"
name_zh = "甲"
colour = "red"

[invoice.seller]
name = "x"
vat = 1
)");
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.size() == 2);
    CHECK(loaded.problems[0].line == 4);
    CHECK(loaded.problems[0].key == "area[0].colour");
    CHECK(loaded.problems[1].line == 8);
    CHECK(loaded.problems[1].key == "invoice.seller.vat");
  }
}

TEST_CASE("a value of the wrong type is config.type at its line", "[config]") {
  SECTION("string for an integer") {
    const LoadedConfig loaded = parse("[verification]\ncode_length = \"6\"\n");
    require_one_problem(loaded, "config.type", 2);
    CHECK(loaded.problems[0].key == "verification.code_length");
    CHECK(loaded.rules.verification.code_length == 6);  // the default stays
  }
  SECTION("integer for the region code string") {
    require_one_problem(parse("[invoice]\nchannel_digit = 1\nregion_code = 31\n"), "config.type",
                        3);
  }
  SECTION("float for a fee") {
    require_one_problem(parse(R"([[badge_type]]
code = "full"
name_zh = "证"
valid_from = 2024-11-05
valid_to = 2024-11-10
fee_fen = 200.5
)"),
                        "config.type", 6);
  }
  SECTION("an array element of the wrong type") {
    require_one_problem(parse("[refund]\n\nallowed_states = [\"submitted\", 3]\n"), "config.type",
                        3);
  }
  SECTION("a section that is not a table") {
    require_one_problem(parse("ocr = \"eng\"\n"), "config.type", 1);
  }
}

TEST_CASE("bad values are config.invalid at their line", "[config]") {
  SECTION("bad date text") {
    require_one_problem(parse("[edition]\nexpo_start = \"2024-13-01\"\n"), "config.invalid", 2);
  }
  SECTION("bad instant text") {
    require_one_problem(parse("[order]\n\n\npayment_deadline = \"tomorrow\"\n"), "config.invalid",
                        4);
  }
  SECTION("a time without offset") {
    require_one_problem(parse("[refund]\ndeadline = 2024-10-20T23:59:59\n"), "config.invalid", 2);
  }
  SECTION("negative fee") {
    require_one_problem(parse(R"([[badge_type]]
code = "full"
name_zh = "证"
valid_from = 2024-11-05
valid_to = 2024-11-10
fee_fen = -100
)"),
                        "config.invalid", 6);
  }
  SECTION("invalid money text") {
    require_one_problem(parse("[[points.coupon]]\ncode = \"c\"\ncost_points = 10\n"
                              "value = \"12.345\"\n"),
                        "config.invalid", 4);
  }
  SECTION("a fee given twice") {
    require_one_problem(parse(R"([[badge_type]]
code = "full"
name_zh = "证"
valid_from = 2024-11-05
valid_to = 2024-11-10
fee_fen = 100
fee = "1.00"
)"),
                        "config.invalid", 7);
  }
  SECTION("negative OCR threads") {
    require_one_problem(parse("[ocr]\nlanguages = \"eng\"\nthreads = -1\n"), "config.invalid", 3);
  }
  SECTION("unknown unit category") {
    const LoadedConfig loaded =
        parse("[registration]\nauto_approved = [\"enterprise\", \"ngo\"]\n");
    require_one_problem(loaded, "config.invalid", 2);
    CHECK(loaded.problems[0].message.find("ngo") != std::string::npos);
  }
  SECTION("unknown delegation kind") {
    require_one_problem(parse(R"([[delegation]]
slug = "x"
name_zh = "某交易团"
kind = "city"
)"),
                        "config.invalid", 4);
  }
  SECTION("a missing required key is reported at its table") {
    const LoadedConfig loaded = parse("[[area]]\nslug = \"x\"\n\n[[area]]\nname_zh = \"乙\"\n");
    INFO(describe(loaded.problems));
    CHECK(has_problem(loaded, "config.invalid", 1));  // area[0].name_zh missing
    CHECK(has_problem(loaded, "config.invalid", 4));  // area[1].slug missing
  }
  SECTION("integer out of the field's range") {
    require_one_problem(parse("[verification]\nmax_attempts = 99999999999\n"), "config.invalid", 2);
  }
}

TEST_CASE("cross-field problems from validate() land on the line that caused them", "[config]") {
  SECTION("a duplicate slug in [[delegation]]") {
    const LoadedConfig loaded = parse(R"([[delegation]]
slug = "a"
name_zh = "甲交易团"
kind = "province"
region_prefixes = ["31"]

[[delegation]]
name_zh = "乙交易团"
slug = "a"
kind = "province"
region_prefixes = ["32"]
)");
    require_one_problem(loaded, "config.invalid", 9);
    CHECK(loaded.problems[0].key == "delegation[1].slug");
  }
  SECTION("prefixes on a central delegation") {
    const LoadedConfig loaded = parse(R"([[delegation]]
slug = "ce"
name_zh = "央企交易团"
kind = "central"
region_prefixes = ["10"]
)");
    require_one_problem(loaded, "config.invalid", 5);
  }
  SECTION("invoice region with three digits") {
    require_one_problem(parse("[invoice]\nregion_code = \"310\"\n"), "config.invalid", 2);
  }
  SECTION("channel digit 12") {
    require_one_problem(parse("[invoice]\nchannel_digit = 12\n"), "config.invalid", 2);
  }
  SECTION("a free quota naming an unknown badge type, set by an override") {
    const LoadedConfig loaded = parse(R"(# quotas
[[delegation_override]]
slug = "hubei"
free_quota = { full = 10, vip = 2 }
)");
    require_one_problem(loaded, "config.invalid", 4);
    CHECK(loaded.problems[0].key == "delegation[16].free_quota.vip");
  }
  SECTION("reversed badge dates") {
    require_one_problem(parse(R"([[badge_type]]
code = "full"
name_zh = "证"
valid_from = 2024-11-10
valid_to = 2024-11-05
fee_fen = 0
)"),
                        "config.invalid", 5);
  }
  SECTION("a duplicate area slug") {
    require_one_problem(parse("[[area]]\nslug = \"a\"\nname_zh = \"甲\"\n"
                              "[[area]]\nslug = \"a\"\nname_zh = \"乙\"\n"),
                        "config.invalid", 5);
  }
}

TEST_CASE("[[delegation_override]] changes one delegation by slug", "[config]") {
  const LoadedConfig loaded = parse(R"([[delegation_override]]
slug = "shanghai"
free_quota = { full = 500, weekend = 200 }
remove_sub_delegations = ["shanghai-soe"]

[[delegation_override.sub_delegation]]
slug = "shanghai-sasac"
name_zh = "国资分团"
free_quota = { full = 50 }

[[delegation_override]]
slug = "anhui"
[[delegation_override.sub_delegation]]
slug = "anhui-3401"
free_quota = { weekend = 7 }

[[delegation_override]]
slug = "industry-02"
name_zh = "中国连锁经营协会行业交易团"
name_en = "China Chain Store Association"
)");
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  const Rules& r = loaded.rules;
  CHECK(r.delegations.size() == 43);
  const ciie::Delegation* sh = r.find_delegation("shanghai");
  CHECK(sh->free_quota == std::map<std::string, std::int64_t>{{"full", 500}, {"weekend", 200}});
  CHECK(r.find_sub_delegation("shanghai-soe").second == nullptr);
  const auto [owner, sasac] = r.find_sub_delegation("shanghai-sasac");
  REQUIRE(sasac != nullptr);
  CHECK(owner == sh);
  CHECK(sasac->name_zh == "国资分团");
  CHECK(sasac->free_quota.at("full") == 50);
  const ciie::SubDelegation* hefei = r.find_sub_delegation("anhui-3401").second;
  REQUIRE(hefei != nullptr);
  CHECK(hefei->name_zh == "合肥市分团");  // kept: only the quota changed
  CHECK(hefei->region_prefixes == std::vector<std::string>{"3401"});
  CHECK(hefei->free_quota.at("weekend") == 7);
  CHECK(r.find_delegation("industry-02")->name_zh == "中国连锁经营协会行业交易团");
  CHECK(r.find_delegation("beijing")->sub_delegations ==
        Rules::seventh_edition().find_delegation("beijing")->sub_delegations);
}

TEST_CASE("override mistakes are reported at their lines", "[config]") {
  SECTION("unknown delegation slug") {
    require_one_problem(parse("[[delegation_override]]\nslug = \"atlantis\"\n"), "config.invalid",
                        2);
  }
  SECTION("removing a sub-delegation that does not exist") {
    require_one_problem(parse("[[delegation_override]]\nslug = \"anhui\"\n"
                              "remove_sub_delegations = [\"anhui-9999\"]\n"),
                        "config.invalid", 3);
  }
  SECTION("a new sub-delegation without a name") {
    require_one_problem(parse("[[delegation_override]]\nslug = \"anhui\"\n"
                              "[[delegation_override.sub_delegation]]\nslug = \"anhui-x\"\n"),
                        "config.invalid", 3);
  }
  SECTION("the kind cannot be overridden") {
    require_one_problem(parse("[[delegation_override]]\nslug = \"anhui\"\nkind = \"nhc\"\n"),
                        "config.unknown_key", 3);
  }
  SECTION("a sub-delegation slug that clashes with another delegation's sub") {
    const LoadedConfig loaded = parse(R"([[delegation_override]]
slug = "anhui"
[[delegation_override.sub_delegation]]
slug = "hebei-soe"
name_zh = "冲突分团"
)");
    require_one_problem(loaded, "config.invalid", 4);
    CHECK(loaded.problems[0].key == "delegation[11].sub_delegation[17].slug");
  }
}

TEST_CASE("[[delegation]] replaces the whole built-in list", "[config]") {
  const LoadedConfig loaded = parse(R"([[delegation]]
slug = "shanghai"
name_zh = "上海交易团"
kind = "province"
region_prefixes = ["31"]
free_quota = { full = 3 }

[[delegation.sub_delegation]]
slug = "shanghai-3101"
name_zh = "市辖区分团"
region_prefixes = ["3101"]

[[delegation]]
slug = "nhc"
name_zh = "国家卫生健康委交易团"
kind = "nhc"
)");
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.rules.delegations.size() == 2);
  CHECK(loaded.rules.delegations[0].sub_delegations.size() == 1);
  CHECK(loaded.rules.delegations[0].free_quota.at("full") == 3);
  CHECK(loaded.rules.delegations[1].kind == ciie::DelegationKind::kNhc);
}

TEST_CASE("secrets come from the environment or a file, never inline", "[config]") {
  const std::string gateway = R"([payment]
timeout_ms = 2000

[[payment.gateway]]
name = "alipay"
base_url = "https://pay.example.com/alipay"
)";
  SECTION("an inline secret is config.secret") {
    const LoadedConfig loaded = parse(gateway + "secret = \"hunter2\"\n");
    require_one_problem(loaded, "config.secret", 7);
    CHECK(loaded.problems[0].message.find("hunter2") == std::string::npos);
    CHECK(loaded.rules.payment.gateways[0].secret.empty());
  }
  SECTION("from an environment variable") {
    const LoadedConfig loaded =
        parse(gateway + "secret_env = \"ALIPAY_KEY\"\n", {{"ALIPAY_KEY", "k-123"}});
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules.payment.gateways[0].secret == "k-123");
    CHECK(loaded.rules.payment.gateways[0].secret_env == "ALIPAY_KEY");
  }
  SECTION("an unset environment variable is config.secret") {
    require_one_problem(parse(gateway + "secret_env = \"ALIPAY_KEY\"\n"), "config.secret", 7);
  }
  SECTION("from a file, trailing newline dropped") {
    ciie::test::TempDir dir;
    const std::string path = dir.write("alipay.key", "file-secret\n");
    const LoadedConfig loaded = parse(gateway + "secret_file = \"" + path + "\"\n");
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules.payment.gateways[0].secret == "file-secret");
    CHECK(loaded.rules.payment.gateways[0].secret_file == path);
  }
  SECTION("an unreadable file is config.secret") {
    ciie::test::TempDir dir;
    require_one_problem(parse(gateway + "secret_file = \"" + dir.file("missing") + "\"\n"),
                        "config.secret", 7);
  }
  SECTION("a file over 64 KiB is config.secret, and a device is not read to its end") {
    ciie::test::TempDir dir;
    const std::string path = dir.write("huge.key", std::string(64 * 1024 + 1, 'k'));
    require_one_problem(parse(gateway + "secret_file = \"" + path + "\"\n"), "config.secret", 7);
    require_one_problem(parse(gateway + "secret_file = \"/dev/zero\"\n"), "config.secret", 7);
  }
  SECTION("both env and file is config.invalid") {
    require_one_problem(parse(gateway + "secret_env = \"A\"\nsecret_file = \"/x\"\n", {{"A", "a"}}),
                        "config.invalid", 8);
  }
  SECTION("the mask printed by config show is accepted") {
    const LoadedConfig loaded =
        parse(gateway + "secret = \"***\"\nsecret_env = \"K\"\n", {{"K", "v"}});
    INFO(describe(loaded.problems));
    CHECK(loaded.problems.empty());
    CHECK(loaded.rules.payment.gateways[0].secret == "v");
  }
  SECTION("notify secrets") {
    ciie::test::TempDir dir;
    const std::string path = dir.write("smtp", "smtp-pass");
    const LoadedConfig loaded = parse(
        "[notify]\nsms_backend = \"http\"\nhttp_url = \"https://sms.example.com\"\n"
        "http_auth_env = \"SMS_AUTH\"\nemail_backend = \"smtp\"\nsmtp_url = \"smtp://m:587\"\n"
        "smtp_from = \"noreply@example.com\"\nsmtp_password_file = \"" +
            path + "\"\n",
        {{"SMS_AUTH", "Authorization: Bearer t0k"}});
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules.notify.http_auth_header == "Authorization: Bearer t0k");
    CHECK(loaded.rules.notify.smtp_password == "smtp-pass");
  }
  SECTION("an inline smtp password is config.secret") {
    require_one_problem(parse("[notify]\nsmtp_password = \"pw\"\n"), "config.secret", 2);
  }
}

namespace {

// Rules that exercise every renderer path: secrets, quotas, empty lists, fractions of seconds.
Rules rich_rules() {
  Rules r = Rules::seventh_edition();
  ciie::GatewayRules g;
  g.name = "wechat";
  g.base_url = "https://pay.example.com/wx?a=\"b\"";
  g.secret = "TOP-SECRET-GATEWAY-KEY";
  g.secret_env = "WX_KEY";
  r.payment.gateways.push_back(g);
  r.notify.sms_backend = "http";
  r.notify.http_url = "https://sms.example.com/send";
  r.notify.http_auth_header = "Authorization: Bearer TOP-SECRET-SMS";
  r.notify.http_auth_env = "SMS_AUTH";
  r.notify.http_retries = 7;
  r.notify.smtp_timeout_ms = 1234;
  r.notify.smtp_retries = 0;
  r.notify.smtp_retry_backoff_ms = 99;
  r.payment.retry_backoff_ms = 77;
  r.invoice.seller.bank = "中国银行上海分行";
  r.ocr.preprocess = false;
  r.ocr.threads = 3;
  r.ocr.tessdata_path = "/opt/tessdata";
  r.verification.max_attempts = 3;
  r.delegations[8].free_quota = {{"full", 500}, {"weekend", 20}};
  r.delegations[8].sub_delegations[0].free_quota = {{"full", 5}};
  r.delegations[39].name_zh = "名称\t带\"引号\"和\\反斜杠";
  r.order.payment_deadline = r.order.payment_deadline.plus_seconds(0);
  r.refund.deadline = ciie::Instant::from_unix_micros(r.refund.deadline.unix_micros() + 250'000);
  r.registration.uscc_allowlist = {"91350200MA2Y0XXXXX"};
  r.areas.clear();
  r.points.coupons.clear();
  return r;
}

const std::map<std::string, std::string> kRichEnv{
    {"WX_KEY", "TOP-SECRET-GATEWAY-KEY"}, {"SMS_AUTH", "Authorization: Bearer TOP-SECRET-SMS"}};

}  // namespace

TEST_CASE("config show round-trips: the rendered TOML parses back to equal Rules", "[config]") {
  SECTION("the built-in rules") {
    const Rules defaults = Rules::seventh_edition();
    const LoadedConfig loaded = parse(ciie::cli::render_config_toml(defaults));
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules == defaults);
  }
  SECTION("rules with secrets, quotas, escapes and empty lists") {
    const Rules rich = rich_rules();
    const std::string text = ciie::cli::render_config_toml(rich);
    const LoadedConfig loaded = parse(text, kRichEnv);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules == rich);
    CHECK(loaded.rules.areas.empty());
    CHECK(loaded.rules.refund.deadline.unix_micros() % 1'000'000 == 250'000);
  }
  SECTION("no badge types and no delegations") {
    Rules bare = Rules::seventh_edition();
    bare.badge_types.clear();
    bare.delegations.clear();
    const LoadedConfig loaded = parse(ciie::cli::render_config_toml(bare));
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.rules == bare);
  }
}

TEST_CASE("config show prints secrets as *** and never their values", "[config]") {
  const Rules rich = rich_rules();
  const std::string toml = ciie::cli::render_config_toml(rich);
  CHECK(toml.find("TOP-SECRET") == std::string::npos);
  CHECK(toml.find("secret = \"***\"") != std::string::npos);
  CHECK(toml.find("secret_env = \"WX_KEY\"") != std::string::npos);
  CHECK(toml.find("http_auth = \"***\"") != std::string::npos);
  const nlohmann::json json = ciie::cli::render_config_json(rich);
  CHECK(json.dump().find("TOP-SECRET") == std::string::npos);
  CHECK(json["payment"]["gateway"][0]["secret"] == "***");
  CHECK(json["notify"]["http_auth"] == "***");
  CHECK(json["notify"].count("smtp_password") == 0);  // none configured: nothing to mask
}

TEST_CASE("config show --json mirrors the TOML form", "[config]") {
  const nlohmann::json j = ciie::cli::render_config_json(Rules::seventh_edition());
  CHECK(j["edition"]["number"] == 7);
  CHECK(j["edition"]["expo_start"] == "2024-11-05");
  CHECK(j["registration"]["closes_at"] == "2024-10-20T23:59:59+08:00");
  CHECK(j["badge_type"].size() == 2);
  CHECK(j["badge_type"][0]["fee_fen"] == 20000);
  CHECK(j["delegation"].size() == 43);
  CHECK(j["delegation"][11]["slug"] == "anhui");
  CHECK(j["delegation"][11]["sub_delegation"].size() == 17);
  CHECK(j["invoice"]["seller"]["name"] == "中国国际进口博览局");
  CHECK(j["points"]["coupon"][0]["value_fen"] == 2000);
  CHECK(j["payment"]["gateway"].empty());
  CHECK(j["area"].size() == 6);
}

TEST_CASE("load_config_file reads files and reports unreadable ones", "[config]") {
  ciie::test::TempDir dir;
  const auto env = env_of({});
  SECTION("missing file") {
    const LoadedConfig loaded = ciie::cli::load_config_file(dir.file("nope.toml"), env);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].reason == "config.read");
    CHECK(ciie::cli::first_problem(loaded).reason() == "config.read");
  }
  SECTION("a directory") {
    const LoadedConfig loaded = ciie::cli::load_config_file(dir.path().string(), env);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].reason == "config.read");
  }
  SECTION("a good file") {
    const LoadedConfig loaded = ciie::cli::load_config_file(
        dir.write("c.toml", "[ocr]\nlanguages = \"eng\"\nthreads = 2\n"), env);
    CHECK(loaded.problems.empty());
    CHECK(loaded.rules.ocr.languages == "eng");
    CHECK(loaded.rules.ocr.threads == 2);
  }
}

TEST_CASE("first_problem reports the earliest problem with its place", "[config]") {
  const LoadedConfig loaded = parse("[edition]\nnumber = \"x\"\n[ocr]\nlangs = 1\n");
  REQUIRE(loaded.problems.size() == 2);
  const ciie::Status s = ciie::cli::first_problem(loaded);
  CHECK(s.reason() == "config.type");
  CHECK(s.line() == 2L);
  CHECK(s.field() == "edition.number");
}

TEST_CASE("examples/ciie.toml is clean and equals the built-in defaults", "[config]") {
  const LoadedConfig loaded =
      ciie::cli::load_config_file(std::string(CIIE_SOURCE_DIR) + "/examples/ciie.toml", env_of({}));
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  CHECK(loaded.rules == Rules::seventh_edition());
}

// ---- the `ciie config` commands, run as a process ---------------------------------------

TEST_CASE("ciie config check prints FILE: ok or each problem, exit 0 or 2", "[config][cli]") {
  ciie::test::TempDir dir;
  const std::string good = dir.write("good.toml", "[ocr]\nlanguages = \"eng\"\n");
  const std::string bad =
      dir.write("bad.toml", "[edition]\nnumber = \"seven\"\n\n[benchmark]\nunits = 3\n");
  const std::string cwd = dir.path().string();

  const auto ok = ciie::test::run_ciie({"config", "check", good}, "", {}, cwd);
  CHECK(ok.exit_status == 0);
  CHECK(ok.out == good + ": ok\n");

  const auto failed = ciie::test::run_ciie({"config", "check", bad}, "", {}, cwd);
  CHECK(failed.exit_status == 2);
  CHECK(failed.out.find(bad + ":2:10: config.type: ") == 0);
  CHECK(failed.out.find(bad + ":4:2: config.unknown_key: ") != std::string::npos);  // [benchmark]

  const auto json = ciie::test::run_ciie({"--json", "config", "check", bad}, "", {}, cwd);
  CHECK(json.exit_status == 2);
  std::vector<nlohmann::json> lines;
  std::istringstream in(json.out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["line"] == 2);
  CHECK(lines[0]["column"] == 10);
  CHECK(lines[0]["key"] == "edition.number");
  CHECK(lines[0]["reason"] == "config.type");
  CHECK(lines[1]["reason"] == "config.unknown_key");
  CHECK(lines[2]["summary"]["problems"] == 2);
}

TEST_CASE("ciie config show prints the effective TOML with secrets masked", "[config][cli]") {
  ciie::test::TempDir dir;
  const std::string file = dir.write("ciie.toml", R"([[payment.gateway]]
name = "unionpay"
base_url = "https://pay.example.com/up"
secret_env = "CIIE_TEST_UP_KEY"
)");
  const std::map<std::string, std::string> env{{"CIIE_TEST_UP_KEY", "sup3r-s3cret-value"}};
  const auto shown =
      ciie::test::run_ciie({"--config", file, "config", "show"}, "", env, dir.path().string());
  INFO(shown.err);
  CHECK(shown.exit_status == 0);
  CHECK(shown.out.rfind("# ", 0) == 0);
  CHECK(shown.out.find(file) < shown.out.find('\n'));  // the first line names the source
  CHECK(shown.out.find("sup3r-s3cret-value") == std::string::npos);
  CHECK(shown.out.find("secret = \"***\"") != std::string::npos);
  // What config show prints is a valid ciie.toml that reads back to the same rules.
  const LoadedConfig direct = ciie::cli::load_config_file(file, env_of(env));
  const LoadedConfig reread = parse(shown.out, env);
  INFO(describe(reread.problems));
  CHECK(reread.problems.empty());
  CHECK(reread.rules == direct.rules);

  // Global options may follow the subcommand as well.
  const auto json = ciie::test::run_ciie({"--config", file, "config", "show", "--json"}, "", env,
                                         dir.path().string());
  CHECK(json.exit_status == 0);
  CHECK(json.out.find("sup3r-s3cret-value") == std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  CHECK(doc["config"]["edition"]["number"] == 7);
  CHECK(doc["config"]["payment"]["gateway"][0]["secret"] == "***");
}

TEST_CASE("ciie config show refuses a broken configuration with exit 2", "[config][cli]") {
  ciie::test::TempDir dir;
  const std::string file = dir.write("ciie.toml", "[edition]\nnumber = \"x\"\n");
  const auto shown =
      ciie::test::run_ciie({"--config", file, "config", "show"}, "", {}, dir.path().string());
  CHECK(shown.exit_status == 2);
  CHECK(shown.out.empty());
}
