// A Registry on a fresh SQLite file with a pinned clock and cheap password hashes, initialised
// by the organizer: the starting point of the use-case tests.
#pragma once

#include <memory>
#include <regex>
#include <string>

#include "ciie/registry.hpp"

#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace ciie::test {

struct RegistryFixture {
  TempDir dir;
  std::shared_ptr<FixedClock> clock =
      std::make_shared<FixedClock>(*Instant::parse("2024-06-03T10:00:00+08:00"));
  std::unique_ptr<Registry> registry;

  explicit RegistryFixture(Rules rules = Rules::seventh_edition()) { open(std::move(rules)); }

  void open(Rules rules) {
    Options options;
    options.store_uri = store_location(dir.file("ciie.db"));
    options.clock = clock;
    options.rules = std::move(rules);
    options.create_if_missing = true;
    options.password_cost = Options::PasswordCost::kMinimal;
    auto opened = Registry::open(options);
    if (!opened.is_ok()) throw std::runtime_error(opened.status().to_string());
    registry = std::move(opened).value();
    auto init = registry->init(Actor::organizer());
    if (!init.is_ok()) throw std::runtime_error(init.status().to_string());
  }

  Registry& operator*() { return *registry; }
  Registry* operator->() { return registry.get(); }

  // The code in the newest outbox message to `destination` ("" when none).
  std::string last_code(const std::string& destination) {
    auto messages = registry->outbox(Actor::organizer(), destination, 1);
    if (!messages.is_ok() || messages->empty()) return {};
    std::smatch match;
    const std::string body = messages->front().body;
    return std::regex_search(body, match, std::regex("([0-9]{6})")) ? match[1].str() : "";
  }
};

// A mainland enterprise registered on its behalf by the organizer.
inline RegisterRequest enterprise(const std::string& uscc, const std::string& name) {
  RegisterRequest r;
  r.uscc = uscc;
  r.name = name;
  r.consent = true;
  r.phone = "13812345678";
  return r;
}

}  // namespace ciie::test
