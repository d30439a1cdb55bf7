// ciie_event_race_worker: one process of the event capacity race test
// (tests/concurrency/event_race_test.cpp). It opens a store, optionally disables the capacity
// guard (the negative control), and applies one unit for one event, printing "ok" or the
// refusal's reason key. With --barrier it prints "ready" after opening the store and waits for
// EOF on stdin, so that every worker starts applying at once.
#include <charconv>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/registry.hpp"
#include "registry/event_guard.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: ciie_event_race_worker --store PATH --event CODE --unit ACCOUNT [--persons N]\n"
    "                              [--now INSTANT] [--unguarded] [--barrier]\n";

struct WorkerArgs {
  std::string store;
  std::string event;
  std::string unit;
  std::string now = "2024-06-03T10:00:00+08:00";
  std::int64_t persons = 1;
  bool unguarded = false;
  bool barrier = false;
};

std::optional<WorkerArgs> parse_args(const std::vector<std::string_view>& args) {
  WorkerArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (flag == "--unguarded") {
      parsed.unguarded = true;
      continue;
    }
    if (flag == "--barrier") {
      parsed.barrier = true;
      continue;
    }
    if (i + 1 >= args.size()) return std::nullopt;
    const std::string_view value = args[++i];
    if (flag == "--store") {
      parsed.store = value;
    } else if (flag == "--event") {
      parsed.event = value;
    } else if (flag == "--unit") {
      parsed.unit = value;
    } else if (flag == "--now") {
      parsed.now = value;
    } else if (flag == "--persons") {
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), parsed.persons);
      if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (parsed.store.empty() || parsed.event.empty() || parsed.unit.empty()) return std::nullopt;
  return parsed;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ciie;
  const std::vector<std::string_view> raw(argv + 1, argv + argc);
  const auto args = parse_args(raw);
  if (!args) {
    std::cerr << kUsage;
    return 2;
  }
  const auto now = Instant::parse(args->now);
  if (!now.is_ok()) {
    std::cerr << now.status().to_string() << "\n";
    return 2;
  }
  registry::testing::set_event_capacity_guard_disabled(args->unguarded);
  Options options;
  options.store_uri = args->store;
  options.busy_timeout_ms = 30'000;  // racers queue for the write lock; never store.busy here
  options.clock = std::make_shared<FixedClock>(*now);
  auto opened = Registry::open(options);
  if (!opened.is_ok()) {
    std::cout << "open:" << opened.status().reason() << std::endl;
    return 1;
  }
  if (args->barrier) {
    std::cout << "ready" << std::endl;
    std::string ignored;
    while (std::getline(std::cin, ignored)) {
    }
  }
  auto applied = (*opened)->apply_for_event(Actor::unit(args->unit),
                                            EventApplyRequest{args->event, args->unit,
                                                              args->persons});
  std::cout << (applied.is_ok() ? std::string("ok") : applied.status().reason()) << std::endl;
  return 0;
}
