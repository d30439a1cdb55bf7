// Global options and the lazily built shared state of one ciie invocation.
#include "context.hpp"

#include <filesystem>

#include "config_file.hpp"
#include "exit_status.hpp"

namespace ciie::cli {

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
                 "act as organizer, finance, delegation:<slug> or unit:<account>")
      ->envname("CIIE_ACTOR")
      ->type_name("ACTOR");
  app.add_option("--now", options_.now,
                 "pin the clock to an ISO-8601 instant, e.g. 2024-06-01T10:00:00+08:00")
      ->envname("CIIE_NOW")
      ->type_name("TIME");
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
  if (options_.as.empty()) return Actor::organizer();
  return Actor::parse(options_.as);
}

Result<Registry*> Context::registry() {
  if (registry_) return registry_.get();
  Options options;
  options.store_uri = options_.db.empty() ? "ciie.db" : options_.db;
  CIIE_ASSIGN_OR_RETURN(const Rules* rules, this->rules());
  options.rules = *rules;
  CIIE_ASSIGN_OR_RETURN(options.clock, clock());
  options.create_if_missing = create_store_;
  CIIE_ASSIGN_OR_RETURN(registry_, Registry::open(std::move(options)));
  return registry_.get();
}

Result<Context::Session> Context::session() {
  CIIE_ASSIGN_OR_RETURN(Actor acting, actor());
  CIIE_ASSIGN_OR_RETURN(Registry * opened, registry());
  return Session{std::move(acting), opened};
}

int Context::run() {
  if (!action_) return kExitOk;
  return action_();
}

}  // namespace ciie::cli
