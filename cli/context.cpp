// Global options and the lazily built shared state of one ciie invocation.
#include "context.hpp"

#include <cstdlib>
#include <filesystem>

#include "ciie/codes.hpp"

#include "config_file.hpp"
#include "exit_status.hpp"
#include "password_input.hpp"

namespace ciie::cli {
namespace {

// The environment variable holding an access token. Never an option: argv is visible to every
// user of the machine (`ps`), the environment only to the process owner.
constexpr const char* kTokenEnv = "CIIE_TOKEN";
// The first schema version with access tokens: an older store cannot be secured (and `ciie
// init` migrating it must not be asked for a credential the store cannot hold yet).
constexpr int kFirstTokenSchema = 3;

std::optional<std::string> token_from_env() {
  const char* value = std::getenv(kTokenEnv);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// Unit accounts are compared as normalised (the library keys units by the canonical account).
bool same_actor(const Actor& a, const Actor& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == ActorKind::kUnit) return codes::normalize(a.id) == codes::normalize(b.id);
  return a.id == b.id;
}

Status credential_required(const std::optional<Actor>& claimed) {
  const Actor who = claimed.value_or(Actor::organizer());
  std::string message = "this store is secured: set CIIE_TOKEN to ";
  if (who.kind == ActorKind::kOrganizer) {
    message += "an organizer token";
  } else {
    message += "a token for " + who.to_string() +
               " (the organizer creates one with `ciie token create --for " + who.to_string() +
               "`)";
  }
  if (who.kind == ActorKind::kUnit) message += ", or run on a terminal to type the unit's password";
  return Status::refused("auth.required", message);
}

}  // namespace

Context::Context() = default;
Context::~Context() = default;

void Context::add_global_options(CLI::App& app) {
  app.add_option("--db", options_.db,
                 "store: PATH, sqlite:PATH, sqlite::memory: or postgresql://… (default ciie.db)")
      ->envname("CIIE_DB")
      ->type_name("URI");
  app.add_option("--config", options_.config,
                 "configuration file (default ./ciie.toml if present, else built-in defaults)")
      ->envname("CIIE_CONFIG")
      ->type_name("FILE");
  app.add_option("--as", options_.as,
                 "act as organizer, finance, delegation:<slug>, unit:<account> or applicant "
                 "(on a secured store the credential in CIIE_TOKEN decides)")
      ->envname("CIIE_ACTOR")
      ->type_name("ACTOR");
  app.add_option("--now", options_.now,
                 "pin the clock to an ISO-8601 instant, e.g. 2024-06-01T10:00:00+08:00")
      ->envname("CIIE_NOW")
      ->type_name("TIME");
  app.add_option("--busy-timeout", options_.busy_timeout_ms,
                 "how long to wait for another writer of the store before failing with "
                 "store.busy, exit 4 (default 10000)")
      ->envname("CIIE_BUSY_TIMEOUT_MS")
      ->type_name("MS")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{24} * 3600 * 1000));
  app.add_flag("--json", options_.json, "machine output: one JSON document (JSON Lines for bulk)");
  app.add_flag("-q,--quiet", options_.quiet, "less on stderr");
  app.add_flag("-v,--verbose", options_.verbose, "more on stderr");
}

void Context::start() {
  output_ =
      std::make_unique<Output>(stdout, stderr, options_.json, options_.verbose - options_.quiet);
}

Result<const Rules*> Context::rules() {
  if (rules_) return &*rules_;
  std::string path = options_.config;
  if (path.empty() && std::filesystem::exists("ciie.toml")) path = "ciie.toml";
  if (path.empty()) {
    rules_ = Rules::seventh_edition();
    rules_source_ = "built-in defaults (7th edition)";
    return &*rules_;
  }
  LoadedConfig loaded = load_config_file(path, process_env());
  if (Status problem = first_problem(loaded); !problem.is_ok()) {
    return Status(problem.code(), problem.reason(),
                  path + ": " + problem.message() + " (run `ciie config check " + path + "`)");
  }
  rules_ = std::move(loaded.rules);
  rules_source_ = path;
  return &*rules_;
}

Result<OcrOptions> Context::ocr_options() {
  CIIE_ASSIGN_OR_RETURN(const Rules* rules, this->rules());
  OcrOptions options;
  options.tessdata_path = rules->ocr.tessdata_path;
  options.languages = rules->ocr.languages;
  options.preprocess = rules->ocr.preprocess;
  options.max_bytes = rules->registration.licence_max_bytes;
  options.max_pixels = rules->registration.licence_max_pixels;
  options.formats = rules->registration.licence_formats;
  return options;
}

Result<std::shared_ptr<const Clock>> Context::clock() {
  if (clock_) return clock_;
  if (options_.now.empty()) {
    clock_ = system_clock();
  } else {
    CIIE_ASSIGN_OR_RETURN(const Instant at, Instant::parse(options_.now));
    clock_ = std::make_shared<const FixedClock>(at);
  }
  return clock_;
}

Result<Actor> Context::actor() {
  if (actor_) return *actor_;
  if (options_.as.empty() && token_from_env()) {
    // Whom the token acts as only the store knows: registry() authenticates and sets actor_.
    CIIE_RETURN_IF_ERROR(registry().status());
    if (actor_) return *actor_;
  }
  Actor acting = Actor::organizer();
  if (!options_.as.empty()) {
    CIIE_ASSIGN_OR_RETURN(acting, Actor::parse(options_.as));
  }
  // Handed out before the store is open: registry() then proves this actor or refuses.
  actor_ = acting;
  return acting;
}

Result<Registry*> Context::registry() {
  if (!auth_failure_.is_ok()) return auth_failure_;
  if (registry_) return registry_.get();
  Options options;
  options.store_uri = options_.db.empty() ? "ciie.db" : options_.db;
  CIIE_ASSIGN_OR_RETURN(const Rules* rules, this->rules());
  options.rules = *rules;
  CIIE_ASSIGN_OR_RETURN(options.clock, clock());
  options.create_if_missing = create_store_;
  options.busy_timeout_ms = options_.busy_timeout_ms;
  CIIE_ASSIGN_OR_RETURN(std::unique_ptr<Registry> opened, Registry::open(std::move(options)));
  // Whoever acts proves it, except for a call that takes no actor (open_without_credential).
  if (Status checked = credential_free_ ? Status::ok() : authenticate(*opened); !checked.is_ok()) {
    auth_failure_ = checked;
    return checked;
  }
  registry_ = std::move(opened);
  return registry_.get();
}

Status Context::authenticate(Registry& registry) {
  std::optional<Actor> claimed;
  if (!options_.as.empty()) {
    CIIE_ASSIGN_OR_RETURN(Actor parsed, Actor::parse(options_.as));
    claimed = std::move(parsed);
  }
  const std::optional<std::string> token = token_from_env();
  bool secured = false;
  if (registry.schema_version() >= kFirstTokenSchema) {
    CIIE_ASSIGN_OR_RETURN(secured, registry.credentials_required());
  }
  if (!secured) {
    // An open store: every actor may be named with --as (docs/access.md).
    if (token) {
      out().note("ciie: " + std::string(kTokenEnv) +
                 " ignored: this store is open (no access tokens)\n");
    }
    if (!actor_) actor_ = claimed.value_or(Actor::organizer());
    return Status::ok();
  }
  Actor proven;
  if (token) {
    auto by_token = registry.authenticate_token(*token);
    if (!by_token.is_ok()) {
      const Status& why = by_token.status();
      return Status(why.code(), why.reason(), std::string(kTokenEnv) + ": " + why.message());
    }
    if (claimed && !same_actor(*claimed, *by_token)) {
      return Status::refused("auth.forbidden", std::string(kTokenEnv) + " acts as " +
                                                   by_token->to_string() + ", not as " +
                                                   claimed->to_string() + " (--as)");
    }
    proven = *by_token;
  } else if (claimed && claimed->kind == ActorKind::kApplicant) {
    proven = *claimed;  // someone without an account yet: nothing to prove
  } else if (claimed && claimed->kind == ActorKind::kUnit && can_prompt_for_password()) {
    CIIE_ASSIGN_OR_RETURN(auto passwords,
                          read_passwords(false, {{"Password of " + claimed->to_string(), false}}));
    CIIE_ASSIGN_OR_RETURN(
        proven, registry.authenticate_unit(codes::normalize(claimed->id), passwords.front()));
  } else {
    return credential_required(claimed);
  }
  actor_ = std::move(proven);
  return Status::ok();
}

Result<Context::Session> Context::session() {
  CIIE_RETURN_IF_ERROR(actor().status());
  CIIE_ASSIGN_OR_RETURN(Registry * opened, registry());
  // The actor as the credential check left it (a unit's account in its canonical form).
  CIIE_ASSIGN_OR_RETURN(Actor acting, actor());
  return Session{std::move(acting), opened};
}

int Context::run() {
  if (!action_) return kExitOk;
  return action_();
}

}  // namespace ciie::cli
