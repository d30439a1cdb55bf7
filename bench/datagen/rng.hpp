// The generator's one source of randomness: a seeded std::mt19937_64 per named stream, with its
// own bounded and real draws (the standard's distributions differ between library versions; this
// does not), so the same seed gives byte-identical data on every platform.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace ciie::datagen {

class Rng {
 public:
  // A stream of its own for (seed, name): one file's draws never shift another's.
  Rng(std::uint64_t seed, std::string_view stream);

  std::uint64_t next() { return engine_(); }
  // Uniform in [0, n), unbiased; n > 0.
  std::uint64_t below(std::uint64_t n);
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  // Uniform in [0, 1), 53 bits.
  double unit();
  bool chance(double p) { return unit() < p; }
  // An index drawn with the given (non-negative, not all zero) weights.
  std::size_t weighted(const std::vector<double>& weights);
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(items.size()))];
  }
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<std::size_t>(below(i))]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ciie::datagen
