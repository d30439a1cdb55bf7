// ciie_points_race_worker: one process of the e-coupon race test (points_race_test.cpp). It
// opens a store with the race's rules (a coupon "race" costing 100 points, 1000 per edition),
// optionally disables the redemption guard, waits at a barrier when asked, then redeems the
// coupon --count times for one unit, printing one line per attempt: "ok" or the refusal's
// reason key. See docs/points.md ("E-coupons").
#include <charconv>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/registry.hpp"
#include "registry/points_flow.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: ciie_points_race_worker --store PATH --unit ACCOUNT --count N [--unguarded]\n"
    "                               [--barrier]\n"
    "  --unit       redeem the coupon \"race\" for this unit, as the unit\n"
    "  --unguarded  disable the redemption guard (the negative control only)\n"
    "  --barrier    after opening the store print \"ready\", then wait for EOF on stdin\n";

struct WorkerArgs {
  std::string store;
  std::string unit;
  std::int64_t count = 0;
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
    if (i + 1 == args.size()) return std::nullopt;
    const std::string_view value = args[++i];
    if (flag == "--store") {
      parsed.store = value;
    } else if (flag == "--unit") {
      parsed.unit = value;
    } else if (flag == "--count") {
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), parsed.count);
      if (error != std::errc() || end != value.data() + value.size() || parsed.count < 0) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (parsed.store.empty() || parsed.unit.empty()) return std::nullopt;
  return parsed;
}

// The rules the race test uses too: the built-in ones plus the coupon "race".
ciie::Rules points_race_rules() {
  ciie::Rules rules = ciie::Rules::seventh_edition();
  ciie::CouponRules race;
  race.code = "race";
  race.cost_points = 100;
  race.value = ciie::Money::from_fen(100);
  race.max_per_unit_per_edition = 1000;
  rules.points.coupons.push_back(race);
  return rules;
}

}  // namespace

// Exit status: 0 when every attempt ran (refusals included), 1 when the store cannot be opened,
// 2 on a malformed command line.
int main(int argc, char** argv) {
  const auto args = parse_args(std::vector<std::string_view>(argv + 1, argv + argc));
  if (!args) {
    std::cerr << kUsage;
    return 2;
  }
  ciie::Options options;
  options.store_uri = args->store;
  options.rules = points_race_rules();
  options.busy_timeout_ms = 30'000;  // writers queue behind each other; never store.busy here
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse("2024-06-03T10:00:00+08:00"));
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) {
    std::cerr << "ciie_points_race_worker: " << registry.status().to_string() << '\n';
    return 1;
  }
  ciie::registry::testing::set_points_guard_disabled(args->unguarded);
  if (args->barrier) {
    std::cout << "ready" << std::endl;
    while (std::cin.get() != std::char_traits<char>::eof()) {
    }
  }
  const std::string holder = "unit:" + args->unit;
  for (std::int64_t i = 0; i < args->count; ++i) {
    const auto redeemed =
        (*registry)->redeem_coupon(ciie::Actor::unit(args->unit), holder, "race");
    std::cout << (redeemed.is_ok() ? std::string("ok") : redeemed.status().reason()) << '\n';
  }
  std::cout.flush();
  return 0;
}
