// End-to-end tests of credentials in the `ciie` tool (docs/access.md): what the golden
// transcripts cannot hold because token secrets are random. An open store takes any --as; the
// organizer's first token secures it; from then on CIIE_TOKEN names the actor (and --as must
// agree), a wrong, revoked or expired token is auth.failed, no credential is auth.required, the
// applicant needs none, and a unit may type its password at a terminal prompt (driven here
// through a pseudo-terminal).
#include <chrono>
#include <cstring>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

extern char** environ;

namespace {

using ciie::test::CommandResult;

constexpr const char* kNow = "2024-06-03T10:00:00+08:00";
constexpr const char* kUnit = "91310115591693856A";
constexpr const char* kPassword = "Expo#2024secure";

// A store in a temporary directory with one Shanghai unit (password kPassword), and `ciie` run
// there at a pinned time with an optional token.
class Workspace {
 public:
  Workspace() {
    REQUIRE(run({"init"}).exit_status == 0);
    REQUIRE(run({"register", "--uscc", kUnit, "--name", "上海示例贸易有限公司", "--category",
                 "enterprise", "--phone", "13812345678", "--consent", "--password-stdin"},
                "", std::string(kPassword) + "\n")
                .exit_status == 0);
  }

  CommandResult run(std::vector<std::string> args, const std::string& token = {},
                    const std::string& stdin_data = {}, const std::string& now = kNow) const {
    args.insert(args.begin(), {"--now", now});
    std::map<std::string, std::string> env;
    if (!token.empty()) env["CIIE_TOKEN"] = token;
    CommandResult result = ciie::test::run_ciie(args, stdin_data, env, dir_.path().string());
    UNSCOPED_INFO("$ " << (token.empty() ? "" : "CIIE_TOKEN=… ") << "ciie " << join(args)
                       << "\nstdout: " << result.out << "stderr: " << result.err);
    return result;
  }

  // Creates a token with --json and returns its secret.
  std::string create_token(const std::string& for_actor, const std::string& token,
                           std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"--json", "token", "create", "--for", for_actor};
    args.insert(args.end(), extra.begin(), extra.end());
    const CommandResult created = run(args, token);
    REQUIRE(created.exit_status == 0);
    const auto doc = nlohmann::json::parse(created.out);
    REQUIRE(doc.at("token").at("actor") == for_actor);
    return doc.at("secret").get<std::string>();
  }

  const std::filesystem::path& path() const { return dir_.path(); }

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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct PtyResult {
  int exit_status = -1;
  std::string output;  // stdout and stderr together, as a terminal shows them
};

// Runs `ciie args…` on a pseudo-terminal in `cwd` (CIIE_* cleared) and, once it shows a
// password prompt with echo turned off, types `typed` and Enter. Waiting for echo to be off
// makes this deterministic: the prompt flushes pending input when it turns echo off, so typing
// earlier would be thrown away.
PtyResult run_ciie_on_terminal(const std::vector<std::string>& args, const std::string& cwd,
                               const std::string& typed) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "CIIE_", 5) != 0) env_strings.emplace_back(*e);
  }
  // The store of this pass: on PostgreSQL, the schema for cwd's ciie.db (support/test_store.hpp).
  if (ciie::test::testing_postgres()) {
    env_strings.push_back("CIIE_DB=" + ciie::test::store_location(cwd + "/ciie.db"));
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv{CIIE_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> argp;
  for (auto& s : argv) argp.push_back(s.data());
  argp.push_back(nullptr);

  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    execve(argp[0], argp.data(), envp.data());
    _exit(127);
  }
  PtyResult result;
  bool typed_yet = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{master, POLLIN, 0};
    const int ready = poll(&fd, 1, 50);
    if (ready > 0) {
      char buffer[4096];
      const ssize_t n = read(master, buffer, sizeof buffer);
      if (n <= 0) break;  // EIO: the child closed the terminal
      result.output.append(buffer, static_cast<std::size_t>(n));
    }
    if (!typed_yet && contains(result.output, "Password")) {
      termios mode{};
      // On Linux the master reports the terminal's (the slave's) settings.
      if (tcgetattr(master, &mode) == 0 && (mode.c_lflag & ECHO) == 0) {
        const std::string line = typed + "\n";
        REQUIRE(write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        typed_yet = true;
      }
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  UNSCOPED_INFO("terminal: " << result.output);
  return result;
}

}  // namespace

TEST_CASE("an open store takes --as, and the organizer's first token secures it", "[cli][access]") {
  Workspace ws;
  // Open: any actor may be named, and a token in the environment is ignored with a note.
  CHECK(ws.run({"--as", "delegation:shanghai", "unit", "list"}).exit_status == 0);
  const CommandResult ignored = ws.run({"unit", "list"}, "ciie_not-a-real-token");
  CHECK(ignored.exit_status == 0);
  CHECK(contains(ignored.err, "CIIE_TOKEN ignored"));
  CHECK(ws.run({"token", "create", "--for", "finance"}).err.find("token.first_organizer") !=
        std::string::npos);

  // The human form prints the secret once, on a line of its own, and says it is not shown again.
  const CommandResult created =
      ws.run({"token", "create", "--for", "organizer", "--note", "organiser's terminal"});
  REQUIRE(created.exit_status == 0);
  const std::vector<std::string> lines = lines_of(created.out);
  REQUIRE(lines.size() == 3);
  CHECK(std::regex_match(lines[0], std::regex("created token 1 for organizer \\(ciie_.{6}…\\), "
                                              "no expiry")));
  const std::string organizer = lines[1];
  CHECK(std::regex_match(organizer, std::regex("ciie_[A-Za-z0-9_-]{43}")));
  CHECK(contains(lines[2], "not shown again"));

  // Secured: no credential is auth.required, on both channels with --json.
  const CommandResult refused = ws.run({"unit", "list"});
  CHECK(refused.exit_status == 1);
  CHECK(contains(refused.err, "auth.required"));
  CHECK(contains(refused.err, "CIIE_TOKEN"));
  const CommandResult refused_json = ws.run({"--json", "unit", "list"});
  CHECK(refused_json.exit_status == 1);
  CHECK(nlohmann::json::parse(refused_json.out).at("error").at("reason") == "auth.required");
  CHECK(ws.run({"--as", "delegation:shanghai", "unit", "list"}).exit_status == 1);
  CHECK(ws.run({"--as", "finance", "unit", "show", kUnit}).err.find("auth.required") !=
        std::string::npos);

  // The token works, with or without a matching --as; it is listed by prefix, never in full.
  const CommandResult listed = ws.run({"unit", "list"}, organizer);
  CHECK(listed.exit_status == 0);
  CHECK(contains(listed.out, kUnit));
  CHECK(ws.run({"--as", "organizer", "unit", "list"}, organizer).exit_status == 0);
  const CommandResult tokens = ws.run({"--json", "token", "list"}, organizer);
  REQUIRE(tokens.exit_status == 0);
  const auto list = nlohmann::json::parse(tokens.out).at("tokens");
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("prefix") == organizer.substr(0, 11));
  CHECK(list[0].at("note") == "organiser's terminal");
  CHECK(list[0].at("last_used_at") == kNow);
  CHECK_FALSE(contains(tokens.out, organizer));

  // A wrong token is auth.failed, whatever --as says.
  std::string wrong = organizer;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  const CommandResult bad = ws.run({"unit", "list"}, wrong);
  CHECK(bad.exit_status == 1);
  CHECK(contains(bad.err, "auth.failed"));
  CHECK(ws.run({"--as", "organizer", "unit", "list"}, "ciie_x").err.find("auth.failed") !=
        std::string::npos);

  // The secret appears nowhere in the audit trail.
  const CommandResult audit = ws.run({"--json", "audit"}, organizer);
  REQUIRE(audit.exit_status == 0);
  CHECK(contains(audit.out, "token.create"));
  CHECK_FALSE(contains(audit.out, organizer));
}

TEST_CASE("CIIE_TOKEN names the actor, and --as must agree with it", "[cli][access]") {
  Workspace ws;
  const std::string organizer = ws.create_token("organizer", "");
  const std::string shanghai = ws.create_token("delegation:shanghai", organizer);
  const std::string unit = ws.create_token(std::string("unit:") + kUnit, organizer);

  // Without --as the token's actor acts: the Shanghai delegation sees its own queue.
  const CommandResult queue = ws.run({"review"}, shanghai);
  CHECK(queue.exit_status == 0);
  CHECK(queue.out == "queue delegation:shanghai: 0 pending, 0 approved, 0 rejected\n");
  CHECK(ws.run({"--as", "delegation:shanghai", "review"}, shanghai).exit_status == 0);
  // --as naming anybody else is refused, the organizer included.
  for (const std::string other : {"organizer", "delegation:zhejiang", "finance"}) {
    const CommandResult mismatch = ws.run({"--as", other, "review"}, shanghai);
    CHECK(mismatch.exit_status == 1);
    CHECK(contains(mismatch.err, "auth.forbidden"));
    CHECK(contains(mismatch.err, "CIIE_TOKEN acts as delegation:shanghai, not as " + other));
  }
  // The token's scope is the delegation's: no tokens, no reveal.
  CHECK(ws.run({"token", "list"}, shanghai).err.find("auth.forbidden") != std::string::npos);
  CHECK(ws.run({"unit", "show", kUnit, "--reveal"}, shanghai).exit_status == 1);

  // A unit's token acts as the unit (its account compared as normalised).
  const CommandResult progress = ws.run({"progress", "--unit", kUnit}, unit);
  CHECK(progress.exit_status == 0);
  CHECK(contains(progress.out, "上海示例贸易有限公司"));
  CHECK(ws.run({"--as", "unit:9131-0115-5916-9385-6a", "progress", "--unit", kUnit}, unit)
            .exit_status == 0);
  CHECK(ws.run({"review"}, unit).err.find("auth.forbidden") != std::string::npos);
}

TEST_CASE("on a secured store the applicant needs no credential, other actors do",
          "[cli][access]") {
  Workspace ws;
  ws.create_token("organizer", "");
  const CommandResult joined = ws.run({"--as", "applicant", "person", "join", "--unit", kUnit,
                                       "--name", "钱七", "--doc-type", "passport", "--doc-number",
                                       "K7654321", "--phone", "13600002222", "--badge", "full"});
  CHECK(joined.exit_status == 0);
  CHECK(contains(joined.out, "join_requested"));
  // A unit without a token and without a terminal cannot type its password: refused, saying how.
  const CommandResult unit =
      ws.run({"--as", std::string("unit:") + kUnit, "progress", "--unit", kUnit});
  CHECK(unit.exit_status == 1);
  CHECK(contains(unit.err, "auth.required"));
  CHECK(contains(unit.err, "type the unit's password"));
  // Commands that open no store are unaffected.
  CHECK(ws.run({"codes", "check", "uscc", kUnit}).exit_status == 0);
  CHECK(ws.run({"route", "--uscc", kUnit}).exit_status == 0);
}

TEST_CASE("expired and revoked tokens are auth.failed, and the last organizer token stays",
          "[cli][access]") {
  Workspace ws;
  const std::string organizer = ws.create_token("organizer", "");
  const std::string finance =
      ws.create_token("finance", organizer, {"--expires", "2024-06-03T12:00:00+08:00"});
  const std::string shanghai = ws.create_token("delegation:shanghai", organizer);

  CHECK(ws.run({"unit", "show", kUnit}, finance, "", "2024-06-03T11:59:59+08:00").exit_status == 0);
  const CommandResult expired =
      ws.run({"unit", "show", kUnit}, finance, "", "2024-06-03T12:00:00+08:00");
  CHECK(expired.exit_status == 1);
  CHECK(contains(expired.err, "auth.failed"));

  const CommandResult listed = ws.run({"--json", "token", "list"}, organizer);
  REQUIRE(listed.exit_status == 0);
  std::int64_t shanghai_id = 0;
  std::int64_t organizer_id = 0;
  const auto doc = nlohmann::json::parse(listed.out);
  for (const auto& token : doc.at("tokens")) {
    if (token.at("actor") == "delegation:shanghai") shanghai_id = token.at("id");
    if (token.at("actor") == "organizer") organizer_id = token.at("id");
  }
  REQUIRE(shanghai_id > 0);
  REQUIRE(organizer_id > 0);
  const CommandResult table = ws.run({"token", "list"}, organizer, "", "2024-06-03T13:00:00+08:00");
  CHECK(contains(table.out, "expired"));

  // The last organizer token cannot go while other tokens remain (token.last_organizer).
  const CommandResult last = ws.run({"token", "revoke", std::to_string(organizer_id)}, organizer);
  CHECK(last.exit_status == 1);
  CHECK(contains(last.err, "token.last_organizer"));
  CHECK(ws.run({"token", "revoke", std::to_string(shanghai_id)}, shanghai).exit_status == 1);

  const CommandResult revoked = ws.run({"token", "revoke", std::to_string(shanghai_id)}, organizer);
  CHECK(revoked.exit_status == 0);
  CHECK(revoked.out == "revoked token " + std::to_string(shanghai_id) + "\n");
  const CommandResult after = ws.run({"review"}, shanghai);
  CHECK(after.exit_status == 1);
  CHECK(contains(after.err, "auth.failed"));
}

TEST_CASE("a unit types its password at a terminal prompt on a secured store", "[cli][access]") {
  Workspace ws;
  ws.create_token("organizer", "");
  const std::string cwd = ws.path().string();
  const std::vector<std::string> args{"--now",    kNow,     "--as", std::string("unit:") + kUnit,
                                      "progress", "--unit", kUnit};

  const PtyResult right = run_ciie_on_terminal(args, cwd, kPassword);
  CHECK(right.exit_status == 0);
  CHECK(contains(right.output, std::string("Password of unit:") + kUnit + ": "));
  CHECK(contains(right.output, "上海示例贸易有限公司"));
  CHECK_FALSE(contains(right.output, kPassword));  // typed with echo off

  const PtyResult wrong = run_ciie_on_terminal(args, cwd, "Wrong#pass1");
  CHECK(wrong.exit_status == 1);
  CHECK(contains(wrong.output, "auth.failed"));

  // The password proves that unit only.
  std::vector<std::string> other = args;
  other.back() = "91330106MA27Y4U47R";
  const PtyResult outside = run_ciie_on_terminal(other, cwd, kPassword);
  CHECK(outside.exit_status == 1);
  CHECK(contains(outside.output, "auth.forbidden"));
}
