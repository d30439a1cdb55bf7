// Helpers of the events and matchmaking tests: distinct valid USCCs, units registered by the
// organizer, and bulk input from a string.
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ciie/bulk.hpp"
#include "ciie/codes.hpp"
#include "ciie/registry.hpp"

namespace ciie::test {

// A valid Shanghai Pudong (310115) enterprise USCC, distinct for every index < 10^7.
inline std::string pudong_uscc(std::int64_t index) {
  const std::string digits = std::to_string(index);
  // Built by appending: GCC 12 misreports `"6" + std::string(…)` under -O2 (-Wrestrict).
  std::string org_body = "6";
  org_body.append(7 - digits.size(), '0');
  org_body += digits;
  std::string first17 = "91310115" + org_body;
  first17 += codes::org_code_check_char(org_body);
  return first17 + codes::uscc_check_char(first17);
}

// Registers a mainland enterprise on its behalf (organizer); returns its account.
inline std::string register_enterprise(Registry& registry, std::int64_t index) {
  RegisterRequest r;
  r.uscc = pudong_uscc(index);
  r.name = "上海浦东采购测试公司" + std::to_string(index);
  r.consent = true;
  r.phone = "13812345678";
  auto registered = registry.register_unit(Actor::organizer(), r);
  if (!registered.is_ok()) throw std::runtime_error(registered.status().to_string());
  return registered->unit.account;
}

// A CSV reader over `text` (kept alive by the returned holder).
struct StringInput {
  std::istringstream stream;
  std::unique_ptr<RecordReader> reader;
  StringInput(std::string text, const std::vector<std::string>& known,
              const std::vector<std::string>& required)
      : stream(std::move(text)) {
    ReaderOptions options;
    options.known_columns = known;
    options.required_columns = required;
    reader = make_record_reader(stream, InputFormat::kCsv, options);
  }
};

// Every row outcome of a bulk run.
struct Outcomes {
  std::vector<RowOutcome> rows;
  RowCallback callback() {
    return [this](const RowOutcome& row) { rows.push_back(row); };
  }
};

}  // namespace ciie::test
