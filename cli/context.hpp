// Context: what every command shares — the global options (cli.md), the effective
// configuration, the clock, the acting actor, the opened registry and the output.
// Precedence for every global option: flag > environment > config file > default.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "ciie/ocr.hpp"
#include "ciie/registry.hpp"
#include "ciie/rules.hpp"
#include "ciie/status.hpp"
#include "ciie/time.hpp"

#include "output.hpp"

namespace ciie::cli {

struct GlobalOptions {
  std::string db;      // --db / CIIE_DB; default "ciie.db"
  std::string config;  // --config / CIIE_CONFIG; default ./ciie.toml if present
  std::string as;      // --as / CIIE_ACTOR
  std::string now;     // --now / CIIE_NOW; empty = the system clock
  std::int64_t busy_timeout_ms = 10'000;  // --busy-timeout / CIIE_BUSY_TIMEOUT_MS
  bool json = false;   // --json
  int quiet = 0;       // -q (count)
  int verbose = 0;     // -v (count)
};

// Thread-safety: not thread-safe; one per process.
class Context {
 public:
  Context();
  ~Context();

  GlobalOptions& options() { return options_; }

  // Registers --db, --config, --as, --now, --json, -q, -v on the top-level app (with env vars).
  void add_global_options(CLI::App& app);

  // Called once after parsing: creates the Output. Must precede everything below.
  void start();
  Output& out() { return *output_; }

  // The effective configuration: --config FILE, else ./ciie.toml when present, else the
  // built-in 7th-edition defaults. Errors: config.* (invalid_input).
  Result<const Rules*> rules();
  // Where rules() came from: a path, or "built-in defaults".
  const std::string& rules_source() const { return rules_source_; }
  // How licence scans are read (REG-3): [ocr] and the [registration] scan limits of rules().
  // Errors: config.*.
  Result<OcrOptions> ocr_options();
  // The clock: FixedClock at --now, else the system clock. Errors: time.format.
  Result<std::shared_ptr<const Clock>> clock();
  // The acting actor: from --as (default organizer); on a secured store (one holding access
  // tokens, docs/access.md) the actor its credential proves. Without --as but with CIIE_TOKEN
  // set, this opens the store to learn whom the token acts as. Errors: actor.format, and those
  // of registry() when it opens the store.
  Result<Actor> actor();
  // Opens the store named by --db with rules() and clock(), then checks the credential when
  // the store is secured: CIIE_TOKEN (whose actor must be the one --as names, if any), a unit's
  // password typed at a terminal prompt, or nothing for the applicant. On an open store the
  // --as actor is taken as given. Errors: store.*, actor.format, auth.required (no credential),
  // auth.failed (a token or password not accepted), auth.forbidden (--as names another actor
  // than the token's).
  Result<Registry*> registry();
  // The acting actor and the opened registry, the two things most commands start from.
  struct Session {
    Actor actor;
    Registry* registry = nullptr;
  };
  // actor() then registry(). Errors: actor.format, config.*, store.*.
  Result<Session> session();
  // Lets registry() create a missing store (only `ciie init` does this).
  void allow_store_creation() { create_store_ = true; }
  // Lets registry() open a secured store without a credential, for the one call that takes no
  // actor and proves itself: a gateway notice (`pay notify`), whose HMAC signature over the body
  // is checked by the library instead (PAY-2). CIIE_TOKEN and --as are then not looked at, and
  // the command must not call actor() or session(): it has no actor.
  void open_without_credential() { credential_free_ = true; }

  // What the chosen subcommand will run; its return value is the exit status.
  void set_action(std::function<int()> action) { action_ = std::move(action); }
  // Runs the action (exit 0 when no subcommand chose one). Maps a Status to an exit status via
  // Output::fail when the action reports one through `fail`.
  int run();

  // Convenience: out().fail(status).
  int fail(const Status& status) { return out().fail(status); }

 private:
  GlobalOptions options_;
  std::unique_ptr<Output> output_;
  std::optional<Rules> rules_;
  std::string rules_source_;
  std::shared_ptr<const Clock> clock_;
  std::unique_ptr<Registry> registry_;
  // The actor handed out by actor(), once known; after registry() the authenticated one.
  std::optional<Actor> actor_;
  // Why the credential check failed: registry() keeps answering with it.
  Status auth_failure_;
  std::function<int()> action_;
  bool create_store_ = false;
  bool credential_free_ = false;

  // The credential check of registry(), run once after the store is open.
  Status authenticate(Registry& registry);
};

// Each command file provides one setup function that adds its subcommand(s) to `app` and, in
// their callbacks, calls ctx.set_action(...).
void setup_init(CLI::App& app, Context& ctx);
void setup_migrate_store(CLI::App& app, Context& ctx);
void setup_config(CLI::App& app, Context& ctx);
void setup_codes(CLI::App& app, Context& ctx);
void setup_ocr(CLI::App& app, Context& ctx);
void setup_route(CLI::App& app, Context& ctx);
void setup_audit(CLI::App& app, Context& ctx);
void setup_register(CLI::App& app, Context& ctx);
void setup_verify(CLI::App& app, Context& ctx);
void setup_referral(CLI::App& app, Context& ctx);
void setup_unit(CLI::App& app, Context& ctx);
void setup_person(CLI::App& app, Context& ctx);
void setup_person_returning(CLI::App& person, Context& ctx);  // inside `person`
void setup_returning(CLI::App& app, Context& ctx);
void setup_submit(CLI::App& app, Context& ctx);
void setup_review(CLI::App& app, Context& ctx);
void setup_progress(CLI::App& app, Context& ctx);
void setup_address(CLI::App& app, Context& ctx);
void setup_token(CLI::App& app, Context& ctx);
void setup_quota(CLI::App& app, Context& ctx);
void setup_order(CLI::App& app, Context& ctx);
void setup_pay(CLI::App& app, Context& ctx);

}  // namespace ciie::cli
