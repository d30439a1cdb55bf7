// Reading ciie.toml (config.md) with toml++ into the plain Rules value the library takes.
// Reading starts from Rules::seventh_edition() and overlays every key the file gives; a file
// therefore only names what differs from the defaults. Arrays of tables ([[delegation]],
// [[badge_type]], [[area]]) replace the default list as a whole when present;
// [[delegation_override]] changes one delegation by slug. Reference: docs/config.md.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ciie/rules.hpp"
#include "ciie/status.hpp"

namespace ciie::cli {

// One finding of `config check`: where, which key, why.
struct ConfigProblem {
  long line = 0;    // 1-based; 0 when the problem has no single place (cross-field checks)
  long column = 0;
  std::string key;     // dotted path, e.g. "delegation[3].region_prefixes"
  std::string reason;  // config.syntax, config.unknown_key, config.type, config.invalid, config.secret
  std::string message;
};

struct LoadedConfig {
  Rules rules;
  std::vector<ConfigProblem> problems;  // empty when the file is good
};

// Looks up an environment variable (injected so tests need not touch the real environment).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process environment.
EnvLookup process_env();

// Parses TOML text (`source_name` is used in messages). Never throws; every problem is listed.
LoadedConfig parse_config(const std::string& toml_text, const std::string& source_name,
                          const EnvLookup& env);
// Reads and parses a file. A missing or unreadable file is one problem (config.read).
LoadedConfig load_config_file(const std::string& path, const EnvLookup& env);

// The first problem as a Status (Code::kInvalidInput, reason from the problem, line/field set),
// or ok when there are none.
Status first_problem(const LoadedConfig& loaded);

// The effective configuration as TOML that parse_config reads back to the same Rules; secrets
// are printed as "***" (config show).
std::string render_config_toml(const Rules& rules);
// The same as JSON (config show --json); secrets as "***".
nlohmann::json render_config_json(const Rules& rules);

}  // namespace ciie::cli
