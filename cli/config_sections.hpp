// The section readers of ciie.toml that live in their own files (private to the CLI): the
// delegation list with its per-slug overrides, and the sections that carry secrets.
#pragma once

#include <vector>

#include "ciie/rules.hpp"

#include "config_file.hpp"
#include "config_reader.hpp"

namespace ciie::cli::config_detail {

// [[delegation]] replaces `delegations` as a whole when present; then each
// [[delegation_override]] (keyed by slug) changes names, prefixes or free quotas of one
// delegation and adds, changes or removes its sub-delegations (config_delegations.cpp).
void read_delegations(TableReader& root, std::vector<Delegation>& delegations);

// [payment] with [[payment.gateway]], and [notify]. Secrets are taken from the environment
// variable (`*_env`, through `env`) or the file (`*_file`) the section names, never inline:
// an unset variable, an unreadable or empty file is config.secret (config_secrets.cpp).
void read_payment(TableReader& root, PaymentRules& out, const EnvLookup& env);
void read_notify(TableReader& root, NotifyRules& out, const EnvLookup& env);

}  // namespace ciie::cli::config_detail
