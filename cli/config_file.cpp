// Reading ciie.toml into Rules (config.md): start from the built-in 7th-edition rules, overlay
// every section the file gives, then run Rules::validate() and place its findings on the lines
// that set the offending keys. Never throws; every problem is listed with its line.
#include "config_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include <toml++/toml.h>

#include "config_reader.hpp"
#include "config_sections.hpp"

namespace ciie::cli {
namespace {

using config_detail::Diagnostics;
using config_detail::TableReader;

constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();

// Runs `body` on the sub-table `name` of the root when present, then reports its unknown keys.
template <typename Body>
void with_section(TableReader& root, std::string_view name, Body body) {
  const toml::table* table = root.table(name);
  if (table == nullptr) return;
  TableReader r(*table, std::string(name), root.diag());
  body(r);
  r.finish();
}

void read_edition(TableReader& r, EditionRules& e) {
  r.read("number", e.number, kIntMin, kIntMax);
  r.read("year", e.year, kIntMin, kIntMax);
  r.read("name_zh", e.name_zh);
  r.read("name_en", e.name_en);
  r.read("venue", e.venue);
  r.read("expo_start", e.expo_start);
  r.read("expo_end", e.expo_end);
  r.read("public_days", e.public_days);
}

void read_categories(TableReader& r, std::vector<UnitCategory>& out) {
  std::vector<std::string> names;
  if (!r.read("auto_approved", names)) return;
  std::vector<UnitCategory> categories;
  for (const std::string& name : names) {
    std::optional<UnitCategory> c = parse_unit_category(name);
    if (!c) {
      r.invalid("auto_approved", "unknown unit category \"" + name +
                                     "\" (enterprise, government, public_institution, "
                                     "social_org, other)");
      return;
    }
    categories.push_back(*c);
  }
  out = std::move(categories);
}

void read_registration(TableReader& r, RegistrationRules& g) {
  r.read("opens_at", g.opens_at);
  r.read("closes_at", g.closes_at);
  read_categories(r, g.auto_approved);
  r.read("licence_formats", g.licence_formats);
  r.read("licence_max_bytes", g.licence_max_bytes, kI64Min, kI64Max);
  r.read("photo_max_bytes", g.photo_max_bytes, kI64Min, kI64Max);
  r.read("licence_max_pixels", g.licence_max_pixels, kI64Min, kI64Max);
  r.read("password_min_length", g.password_min_length, kIntMin, kIntMax);
  r.read("uscc_allowlist", g.uscc_allowlist);
}

void read_verification(TableReader& r, VerificationRules& v) {
  r.read("code_length", v.code_length, kIntMin, kIntMax);
  r.read("lifetime_seconds", v.lifetime_seconds, kI64Min, kI64Max);
  r.read("max_attempts", v.max_attempts, kIntMin, kIntMax);
  r.read("resend_interval_seconds", v.resend_interval_seconds, kI64Min, kI64Max);
}

// Money is required where an element has no sensible default: `<stem>_fen` or `<stem>`.
void require_money(TableReader& r, std::string_view stem) {
  if (!r.has(std::string(stem) + "_fen") && !r.has(stem)) r.require(std::string(stem) + "_fen");
}

BadgeType read_badge_type(TableReader& r) {
  BadgeType b;
  for (std::string_view key : {"code", "name_zh", "valid_from", "valid_to"}) r.require(key);
  require_money(r, "fee");
  r.read("code", b.code);
  r.read("name_zh", b.name_zh);
  r.read("name_en", b.name_en);
  r.read("valid_from", b.valid_from);
  r.read("valid_to", b.valid_to);
  r.read_money("fee", b.fee);
  r.read("reusable", b.reusable);
  return b;
}

Area read_area(TableReader& r) {
  Area a;
  r.require("slug");
  r.require("name_zh");
  r.read("slug", a.slug);
  r.read("name_zh", a.name_zh);
  r.read("name_en", a.name_en);
  r.read("categories", a.categories);
  return a;
}

// [[name]] at the root: replaces `out` as a whole when present.
template <typename T, typename ReadOne>
void read_list(TableReader& root, std::string_view name, std::vector<T>& out, ReadOne read_one) {
  bool present = false;
  auto tables = root.tables(name, &present);
  if (!present) return;
  out.clear();
  for (const auto& [table, path] : tables) {
    TableReader r(*table, path, root.diag());
    out.push_back(read_one(r));
    r.finish();
  }
}

void read_order(TableReader& r, OrderRules& o) {
  r.read("prefix", o.prefix);
  r.read("unpaid_expiry_seconds", o.unpaid_expiry_seconds, kI64Min, kI64Max);
  r.read("payment_deadline", o.payment_deadline);
}

void read_invoice(TableReader& r, InvoiceRules& inv) {
  if (const toml::table* seller = r.table("seller")) {
    TableReader s(*seller, r.key_path("seller"), r.diag());
    s.read("name", inv.seller.name);
    s.read("taxpayer_id", inv.seller.taxpayer_id);
    s.read("address", inv.seller.address);
    s.read("phone", inv.seller.phone);
    s.read("bank", inv.seller.bank);
    s.read("account", inv.seller.account);
    s.finish();
  }
  r.read("region_code", inv.region_code);
  r.read("channel_digit", inv.channel_digit, kIntMin, kIntMax);
  r.read("request_deadline", inv.request_deadline);
  r.read("tax_rate_bp", inv.tax_rate_bp, kIntMin, kIntMax);
  r.read("item_name", inv.item_name);
  r.read("platform", inv.platform);
}

void read_refund(TableReader& r, RefundRules& f) {
  r.read("deadline", f.deadline);
  r.read("allowed_states", f.allowed_states);
}

CouponRules read_coupon(TableReader& r) {
  CouponRules c;
  r.require("code");
  r.require("cost_points");
  require_money(r, "value");
  r.read("code", c.code);
  r.read("cost_points", c.cost_points, kI64Min, kI64Max);
  r.read_money("value", c.value);
  r.read("max_per_unit_per_edition", c.max_per_unit_per_edition, kIntMin, kIntMax);
  return c;
}

void read_points(TableReader& r, PointsRules& p) {
  r.read("register_approved", p.register_approved, kI64Min, kI64Max);
  r.read("invite_approved", p.invite_approved, kI64Min, kI64Max);
  r.read("invite_cap", p.invite_cap, kI64Min, kI64Max);
  r.read("publish_need", p.publish_need, kI64Min, kI64Max);
  r.read("attend", p.attend, kI64Min, kI64Max);
  r.read("deal_per_10k_yuan", p.deal_per_10k_yuan, kI64Min, kI64Max);
  read_list(r, "coupon", p.coupons, read_coupon);
}

void read_ocr(TableReader& r, OcrRules& o) {
  r.read("tessdata_path", o.tessdata_path);
  r.read("languages", o.languages);
  r.read("preprocess", o.preprocess);
  r.read("threads", o.threads, kIntMin, kIntMax);
}

void read_root(TableReader& root, Rules& rules, const EnvLookup& env) {
  with_section(root, "edition", [&](TableReader& r) { read_edition(r, rules.edition); });
  with_section(root, "registration",
               [&](TableReader& r) { read_registration(r, rules.registration); });
  with_section(root, "verification",
               [&](TableReader& r) { read_verification(r, rules.verification); });
  read_list(root, "badge_type", rules.badge_types, read_badge_type);
  config_detail::read_delegations(root, rules.delegations);
  with_section(root, "order", [&](TableReader& r) { read_order(r, rules.order); });
  config_detail::read_payment(root, rules.payment, env);
  with_section(root, "invoice", [&](TableReader& r) { read_invoice(r, rules.invoice); });
  with_section(root, "refund", [&](TableReader& r) { read_refund(r, rules.refund); });
  config_detail::read_notify(root, rules.notify, env);
  with_section(root, "points", [&](TableReader& r) { read_points(r, rules.points); });
  with_section(root, "ocr", [&](TableReader& r) { read_ocr(r, rules.ocr); });
  read_list(root, "area", rules.areas, read_area);
  root.finish();
}

// Cross-field findings carry only a dotted key; the Diagnostics know where it was written.
// A key the reader already reported (a missing slug, say) is not reported twice.
void add_validation_problems(const Rules& rules, Diagnostics& diag,
                             std::vector<ConfigProblem>& problems) {
  std::set<std::string> reported;
  for (const ConfigProblem& p : problems) reported.insert(p.key);
  for (const Status& s : rules.validate_all()) {
    if (reported.count(s.field()) != 0) continue;
    ConfigProblem p{0, 0, s.field(), s.reason(), s.field() + ": " + s.message()};
    if (std::optional<toml::source_position> at = diag.find(s.field())) {
      p.line = static_cast<long>(at->line);
      p.column = static_cast<long>(at->column);
    }
    problems.push_back(std::move(p));
  }
}

// By position; problems without a line (cross-field checks on built-in values) come last.
void sort_problems(std::vector<ConfigProblem>& problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const ConfigProblem& a, const ConfigProblem& b) {
                     return std::make_tuple(a.line == 0, a.line, a.column) <
                            std::make_tuple(b.line == 0, b.line, b.column);
                   });
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read-only
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

LoadedConfig parse_config(const std::string& toml_text, const std::string& source_name,
                          const EnvLookup& env) {
  LoadedConfig loaded{Rules::seventh_edition(), {}};
  toml::table doc;
  try {
    doc = toml::parse(std::string_view(toml_text), std::string_view(source_name));
  } catch (const toml::parse_error& e) {
    loaded.problems.push_back(ConfigProblem{
        static_cast<long>(e.source().begin.line), static_cast<long>(e.source().begin.column), "",
        std::string(config_detail::kSyntax), std::string(e.description())});
    return loaded;
  }
  Diagnostics diag;
  TableReader root(doc, "", diag);
  read_root(root, loaded.rules, env);
  loaded.problems = diag.take();
  add_validation_problems(loaded.rules, diag, loaded.problems);
  sort_problems(loaded.problems);
  return loaded;
}

LoadedConfig load_config_file(const std::string& path, const EnvLookup& env) {
  std::error_code ec;
  const bool is_file = std::filesystem::is_regular_file(path, ec);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (is_file && in) text << in.rdbuf();
  if (!is_file || !in || in.bad()) {
    LoadedConfig failed{Rules::seventh_edition(), {}};
    failed.problems.push_back(ConfigProblem{0, 0, "", std::string(config_detail::kRead),
                                            "cannot read configuration file " + path});
    return failed;
  }
  return parse_config(text.str(), path, env);
}

Status first_problem(const LoadedConfig& loaded) {
  if (loaded.problems.empty()) return Status::ok();
  const ConfigProblem& p = loaded.problems.front();
  Status s = Status::invalid_input(p.reason, p.message).at(p.line, p.key);
  if (p.column != 0) s.with_detail("column", std::to_string(p.column));
  if (loaded.problems.size() > 1) {
    s.with_detail("problems", std::to_string(loaded.problems.size()));
  }
  return s;
}

}  // namespace ciie::cli
