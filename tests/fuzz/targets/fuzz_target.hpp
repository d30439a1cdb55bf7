// The fuzz targets of tests/fuzz: one function per input surface, each taking arbitrary bytes.
// A target returns 0 and checks PROPERTIES of what the library did with the bytes, not only that
// it did not crash; a broken property calls fuzz_violation(), which prints and aborts, so libFuzzer
// (and the corpus replay test) see it as a crash. The same functions are linked into the libFuzzer
// binaries (fuzz_entry.cpp, built with clang) and into ciie_tests (corpus_replay_test.cpp, g++).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "ciie/status.hpp"

namespace ciie::fuzz {

int fuzz_uscc(const std::uint8_t* data, std::size_t size);      // USCC, org code, reg. number
int fuzz_document(const std::uint8_t* data, std::size_t size);  // person documents
int fuzz_contact(const std::uint8_t* data, std::size_t size);   // phones, e-mail, masking
int fuzz_csv(const std::uint8_t* data, std::size_t size);       // the CSV record reader
int fuzz_jsonl(const std::uint8_t* data, std::size_t size);     // the JSON Lines record reader
int fuzz_config(const std::uint8_t* data, std::size_t size);    // ciie.toml
int fuzz_notice(const std::uint8_t* data, std::size_t size);    // gateway notices
int fuzz_image(const std::uint8_t* data, std::size_t size);     // licence scan header checks

struct Target {
  std::string_view name;  // the directory under corpus/ and regressions/
  int (*run)(const std::uint8_t*, std::size_t);
  // Every reason key the target accepts in a refusal; each must be listed in docs/errors.md.
  std::span<const std::string_view> reasons;
};
// All targets, in a fixed order.
std::span<const Target> targets();

// Prints "fuzz property violated (<target>): <what>" to stderr and aborts.
[[noreturn]] void fuzz_violation(std::string_view target, const std::string& what);
// Aborts unless `condition`.
inline void require(bool condition, std::string_view target, const std::string& what) {
  if (!condition) fuzz_violation(target, what);
}
// Aborts unless `status` is a refusal of `code` whose reason starts with `family` ("uscc.") and
// is one of the target's listed reasons.
void require_refusal(const Status& status, Code code, std::string_view target,
                     std::string_view family);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past
// U+10FFFF). Written here so the targets judge the library with code that is not the library's.
bool is_utf8(std::string_view text);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace ciie::fuzz
