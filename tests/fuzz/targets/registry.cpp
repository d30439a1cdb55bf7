// The list of fuzz targets with the reason keys each may refuse with, and the violation report.
#include <array>
#include <cstdio>
#include <cstdlib>

#include "fuzz/targets/fuzz_target.hpp"

namespace ciie::fuzz {
namespace {

// The keys each checker's header documents; corpus_replay_test checks that docs/errors.md lists
// every one of them, so a target cannot accept a key the documentation does not know.
constexpr std::array<std::string_view, 11> kUsccReasons = {
    "uscc.length",     "uscc.alphabet",      "uscc.region",      "uscc.org_code",
    "uscc.checksum",   "org_code.length",    "org_code.alphabet", "org_code.checksum",
    "regno.length",    "regno.format",       "regno.checksum"};
constexpr std::array<std::string_view, 6> kDocumentReasons = {
    "id.length", "id.format", "id.checksum", "id.birth_date", "id.region", "id.obsolete"};
constexpr std::array<std::string_view, 2> kContactReasons = {"phone.format", "email.format"};
constexpr std::array<std::string_view, 7> kBulkReasons = {
    "bulk.encoding",       "bulk.syntax",         "bulk.column",   "bulk.unknown_column",
    "bulk.missing_column", "bulk.too_large",      "bulk.value"};
constexpr std::array<std::string_view, 5> kConfigReasons = {
    "config.syntax", "config.unknown_key", "config.type", "config.invalid", "config.secret"};
constexpr std::array<std::string_view, 3> kNoticeReasons = {"payment.notice", "payment.signature",
                                                            "payment.stale"};
constexpr std::array<std::string_view, 2> kImageReasons = {"licence.format", "licence.size"};

constexpr std::array<Target, 8> kTargets = {{
    {"uscc", fuzz_uscc, kUsccReasons},
    {"document", fuzz_document, kDocumentReasons},
    {"contact", fuzz_contact, kContactReasons},
    {"csv", fuzz_csv, kBulkReasons},
    {"jsonl", fuzz_jsonl, kBulkReasons},
    {"config", fuzz_config, kConfigReasons},
    {"notice", fuzz_notice, kNoticeReasons},
    {"image", fuzz_image, kImageReasons},
}};

}  // namespace

std::span<const Target> targets() { return kTargets; }

void fuzz_violation(std::string_view target, const std::string& what) {
  std::fprintf(stderr, "fuzz property violated (%.*s): %s\n", static_cast<int>(target.size()),
               target.data(), what.c_str());
  std::fflush(stderr);
  std::abort();
}

bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned lower = 0x80, upper = 0xbf;  // the allowed range of the second byte
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) lower = 0xa0;
      if (lead == 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) lower = 0x90;
      if (lead == 0xf4) upper = 0x8f;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      const unsigned lo = k == 1 ? lower : 0x80, hi = k == 1 ? upper : 0xbf;
      if (byte < lo || byte > hi) return false;
    }
    i += length;
  }
  return true;
}

void require_refusal(const Status& status, Code code, std::string_view target,
                     std::string_view family) {
  if (status.is_ok()) fuzz_violation(target, "an ok Status where a refusal was expected");
  if (status.code() != code) {
    fuzz_violation(target, "refusal " + status.to_string() + " has code " +
                               std::string(code_name(status.code())) + ", expected " +
                               std::string(code_name(code)));
  }
  if (!status.reason().starts_with(family)) {
    fuzz_violation(target, "refusal " + status.to_string() + " is not of the family " +
                               std::string(family));
  }
  for (const Target& t : kTargets) {
    if (t.name != target) continue;
    for (const std::string_view reason : t.reasons) {
      if (reason == status.reason()) return;
    }
  }
  fuzz_violation(target, "refusal with an unlisted reason: " + status.to_string());
}

}  // namespace ciie::fuzz
