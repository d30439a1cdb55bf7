// The libFuzzer entry point of one ciie_fuzz_<target> binary: CIIE_FUZZ_TARGET (a compile
// definition, e.g. uscc) names the target function ciie::fuzz::fuzz_<target> it calls.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets/fuzz_target.hpp"

#ifndef CIIE_FUZZ_TARGET
#error "CIIE_FUZZ_TARGET must name a fuzz target, e.g. -DCIIE_FUZZ_TARGET=uscc"
#endif

#define CIIE_FUZZ_FUNCTION_INNER_(name) ::ciie::fuzz::fuzz_##name
#define CIIE_FUZZ_FUNCTION_(name) CIIE_FUZZ_FUNCTION_INNER_(name)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return CIIE_FUZZ_FUNCTION_(CIIE_FUZZ_TARGET)(data, size);
}
