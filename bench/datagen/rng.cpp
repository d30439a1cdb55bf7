#include "rng.hpp"

namespace ciie::datagen {
namespace {

// FNV-1a: a fixed hash of the stream's name (std::hash is not specified across libraries).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// splitmix64's finaliser: neighbouring seeds give unrelated engine states.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed, std::string_view stream) : engine_(mix(seed ^ fnv1a(stream))) {}

std::uint64_t Rng::below(std::uint64_t n) {
  // Rejects the top partial block of 2^64 so every residue is equally likely.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % n;
}

std::int64_t Rng::between(std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double Rng::unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

std::size_t Rng::weighted(const std::vector<double>& weights) {
  double total = 0.0;
  for (const double w : weights) total += w;
  double at = unit() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (at < weights[i]) return i;
    at -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace ciie::datagen
