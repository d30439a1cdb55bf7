// Embedding libciie: open an in-memory store, initialise it as the organiser, and route a few
// units to their trading delegations. Prints one line per unit.
#include <cstdio>

#include <ciie/ciie.hpp>

int main() {
  ciie::Options options;
  options.store_uri = "sqlite::memory:";
  options.clock = std::make_shared<ciie::FixedClock>(
      ciie::Instant::parse("2024-06-03T10:00:00+08:00").value());
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) {
    std::fprintf(stderr, "open: %s\n", registry.status().to_string().c_str());
    return 1;
  }
  auto init = (*registry)->init(ciie::Actor::organizer());
  if (!init.is_ok()) {
    std::fprintf(stderr, "init: %s\n", init.status().to_string().c_str());
    return 1;
  }
  std::printf("libciie %s: %d delegations loaded\n", std::string(ciie::version()).c_str(),
              init->delegations);

  for (const char* uscc : {"91310115591693856A", "9144030071526726XG", "91350200MA2YJ1XR9G",
                           "91110000600037341N"}) {
    ciie::RouteRequest request;
    request.uscc = uscc;
    auto decision = (*registry)->route(request);
    if (decision.is_ok()) {
      std::printf("%s -> %s (%s)\n", uscc, decision->home_delegation.c_str(),
                  std::string(ciie::to_string(decision->review)).c_str());
    } else {
      std::printf("%s refused: %s\n", uscc, decision.status().reason().c_str());
    }
  }
  return 0;
}
