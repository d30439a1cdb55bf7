// ciie_race_worker: one process of the referral, quota, payment and invoice race tests
// (tests/concurrency). It opens a store, optionally disables the guard under test, and either
// registers units with one referral code (--code), adds persons with a free badge to one unit
// (--unit), printing one line per attempt ("ok" or the refusal's reason key), delivers one signed
// gateway notice (--notice), printing its outcome, or issues the invoice of one order as finance
// (--issue-invoice), printing its number. See docs/concurrency.md.
#include <charconv>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/codes.hpp"
#include "ciie/registry.hpp"
#include "invoice/platform.hpp"
#include "registry/payment_flow.hpp"
#include "registry/person_flow.hpp"
#include "registry/registration.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: ciie_race_worker --store PATH (--code CODE | --unit ACCOUNT) --first-index N\n"
    "                        --count N [--unguarded] [--barrier]\n"
    "       ciie_race_worker --store PATH --notice FILE --signature SIG --gateway NAME\n"
    "                        --secret SECRET --now INSTANT [--unguarded] [--barrier]\n"
    "       ciie_race_worker --store PATH --issue-invoice ORDER [--now INSTANT] [--unguarded]\n"
    "                        [--barrier]\n"
    "  --code       register units with this referral code (REF-2)\n"
    "  --unit       add persons with a free \"full\" badge to this unit (BDG-2)\n"
    "  --notice     deliver the gateway notice whose body is in FILE, signed SIG (PAY-2), with\n"
    "               the built-in rules plus gateway NAME keyed by SECRET, the clock pinned at\n"
    "               INSTANT; prints the outcome (\"confirmed\", \"duplicate\", \"flagged FLAG\",\n"
    "               \"failed\") or the refusal's reason key\n"
    "  --issue-invoice  issue the invoice of ORDER from its standing request as finance\n"
    "               (INV-5), the clock pinned at INSTANT when given; prints the invoice number\n"
    "               or the refusal's reason key\n"
    "  --unguarded  disable the guard under test (the negative control only)\n"
    "  --barrier    after opening the store print \"ready\", then wait for EOF on stdin\n";

struct WorkerArgs {
  std::string store;
  std::string code;
  std::string unit;  // the quota race: add free-badge persons to this unit
  // The payment race: deliver the notice in this file, under this gateway's rules and clock.
  std::string notice;
  std::string signature;
  std::string gateway;
  std::string secret;
  std::string now;
  // The invoice race: issue the invoice of this order.
  std::string issue_invoice;
  std::int64_t first_index = 0;
  std::int64_t count = 0;
  bool unguarded = false;
  bool barrier = false;
};

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// The parsed command line, or nullopt when it is malformed (the caller prints the usage).
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
    } else if (flag == "--code") {
      parsed.code = value;
    } else if (flag == "--unit") {
      parsed.unit = value;
    } else if (flag == "--notice") {
      parsed.notice = value;
    } else if (flag == "--signature") {
      parsed.signature = value;
    } else if (flag == "--gateway") {
      parsed.gateway = value;
    } else if (flag == "--secret") {
      parsed.secret = value;
    } else if (flag == "--now") {
      parsed.now = value;
    } else if (flag == "--issue-invoice") {
      parsed.issue_invoice = value;
    } else if (flag == "--first-index" || flag == "--count") {
      const auto number = parse_count(value);
      if (!number) return std::nullopt;
      (flag == "--count" ? parsed.count : parsed.first_index) = *number;
    } else {
      return std::nullopt;
    }
  }
  const int modes = (parsed.code.empty() ? 0 : 1) + (parsed.unit.empty() ? 0 : 1) +
                    (parsed.notice.empty() ? 0 : 1) + (parsed.issue_invoice.empty() ? 0 : 1);
  if (parsed.store.empty() || modes != 1) return std::nullopt;
  if (!parsed.notice.empty() && (parsed.signature.empty() || parsed.gateway.empty() ||
                                 parsed.secret.empty() || !ciie::Instant::parse(parsed.now))) {
    return std::nullopt;
  }
  if (!parsed.issue_invoice.empty() && !parsed.now.empty() && !ciie::Instant::parse(parsed.now)) {
    return std::nullopt;
  }
  return parsed;
}

// A valid Shanghai (Pudong) enterprise USCC, distinct for every index below 10^7: "91310115",
// an organisation-code body "5" + 7 digits, its GB 11714 check character, then the GB 32100
// check character. The same construction is in referral_race_test.cpp.
std::string uscc_for(std::int64_t index) {
  std::string digits = std::to_string(index);
  const std::string org_body = "5" + std::string(7 - digits.size(), '0') + digits;
  std::string first17 = "91310115" + org_body;
  first17 += ciie::codes::org_code_check_char(org_body);
  return first17 + ciie::codes::uscc_check_char(first17);
}

// What the organizer registers for unit `index`: the minimum REG-1 asks for, plus the code.
ciie::RegisterRequest request_for(std::int64_t index, const std::string& code) {
  ciie::RegisterRequest request;
  request.uscc = uscc_for(index);
  request.name = "Race test unit " + std::to_string(index);
  request.consent = true;
  request.referral_code = code;
  return request;
}

// A valid cn_id number, distinct for every n below 999 × 28. The same construction is in
// quota_race_test.cpp.
std::string cn_id(std::int64_t n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "110105198001%02d%03d", static_cast<int>(1 + (n / 999) % 28),
                static_cast<int>(n % 999 + 1));
  return std::string(first17) + ciie::codes::mod11_2_check_char(first17);
}

// Person `index` with a free "full" badge (BDG-2).
ciie::PersonRequest person_for(std::int64_t index) {
  ciie::PersonRequest request;
  request.name = "竞争者" + std::to_string(index);
  request.document_kind = ciie::codes::DocumentKind::kCnId;
  request.document_number = cn_id(index);
  request.phone = "1390000" + std::to_string(1000 + index);
  request.badge_type = "full";
  request.free_badge = true;
  return request;
}

// Blocks until the parent closes our stdin: every worker is released at the same moment.
void wait_at_barrier() {
  std::cout << "ready" << std::endl;
  while (std::cin.get() != std::char_traits<char>::eof()) {
  }
}

// The payment race (--notice): delivers one notice and prints one line, its outcome ("flagged"
// followed by the flag) or the refusal's reason key. The rules and clock are those of
// payment_race_test.cpp: the built-in rules plus one gateway keyed by the given secret.
int deliver_notice(const WorkerArgs& args) {
  std::ifstream file(args.notice, std::ios::binary);
  if (!file) {
    std::cerr << "ciie_race_worker: cannot read " << args.notice << '\n';
    return 1;
  }
  const std::string body((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ciie::Options options;
  options.store_uri = args.store;
  options.busy_timeout_ms = 30'000;  // writers queue behind each other; never store.busy here
  options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(args.now));
  ciie::GatewayRules gateway;
  gateway.name = args.gateway;
  gateway.base_url = "http://127.0.0.1:9";  // never called: a notice needs no intent
  gateway.secret = args.secret;
  options.rules.payment.gateways.push_back(gateway);
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) {
    std::cerr << "ciie_race_worker: " << registry.status().reason() << ": "
              << registry.status().message() << '\n';
    return 1;
  }
  ciie::registry::testing::set_payment_guard_disabled(args.unguarded);
  if (args.barrier) wait_at_barrier();
  const auto outcome = (*registry)->accept_notice(body, args.signature);
  if (!outcome.is_ok()) {
    std::cout << outcome.status().reason() << '\n';
  } else if (outcome->outcome == "flagged") {
    std::cout << "flagged " << outcome->payment.flag << '\n';
  } else {
    std::cout << outcome->outcome << '\n';
  }
  std::cout.flush();
  return 0;
}

// The invoice race (--issue-invoice): issues the invoice of one order as finance and prints one
// line, the invoice number or the refusal's reason key (store.constraint when the unguarded
// numbering took a number another issuer committed first). The clock is pinned when --now is
// given, as in invoice_race_test.cpp, so that every racer numbers in the same year's series.
int issue_one_invoice(const WorkerArgs& args) {
  ciie::Options options;
  options.store_uri = args.store;
  options.busy_timeout_ms = 30'000;  // writers queue behind each other; never store.busy here
  if (!args.now.empty()) {
    options.clock = std::make_shared<ciie::FixedClock>(*ciie::Instant::parse(args.now));
  }
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) {
    std::cerr << "ciie_race_worker: " << registry.status().reason() << ": "
              << registry.status().message() << '\n';
    return 1;
  }
  ciie::invoice::testing::set_numbering_guard_disabled(args.unguarded);
  if (args.barrier) wait_at_barrier();
  const auto issued = (*registry)->issue_invoice(ciie::Actor::finance(), args.issue_invoice);
  std::cout << (issued.is_ok() ? issued->number : issued.status().reason()) << '\n';
  std::cout.flush();
  return 0;
}

int run(const WorkerArgs& args) {
  if (!args.notice.empty()) return deliver_notice(args);
  if (!args.issue_invoice.empty()) return issue_one_invoice(args);
  ciie::Options options;
  options.store_uri = args.store;
  options.busy_timeout_ms = 30'000;  // writers queue behind each other; never store.busy here
  auto registry = ciie::Registry::open(options);
  if (!registry.is_ok()) {
    std::cerr << "ciie_race_worker: " << registry.status().reason() << ": "
              << registry.status().message() << '\n';
    return 1;
  }
  if (args.unit.empty()) {
    ciie::registry::testing::set_referral_guard_disabled(args.unguarded);
  } else {
    ciie::registry::testing::set_quota_guard_disabled(args.unguarded);
  }
  if (args.barrier) wait_at_barrier();
  for (std::int64_t i = 0; i < args.count; ++i) {
    const std::int64_t index = args.first_index + i;
    const ciie::Status status =
        args.unit.empty()
            ? (*registry)->register_unit(ciie::Actor::organizer(), request_for(index, args.code))
                  .status()
            : (*registry)->add_person(ciie::Actor::unit(args.unit), args.unit, person_for(index))
                  .status();
    std::cout << (status.is_ok() ? std::string("ok") : status.reason()) << '\n';
  }
  std::cout.flush();
  return 0;
}

}  // namespace

// Exit status: 0 when every attempt ran (refusals included), 1 when the store (or the notice
// file) cannot be opened, 2 on a malformed command line.
int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const auto parsed = parse_args(args);
  if (!parsed) {
    std::cerr << kUsage;
    return 2;
  }
  return run(*parsed);
}
