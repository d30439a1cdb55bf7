// Rules look-ups and Rules::validate(): the cross-field checks that a parsed ciie.toml or an
// embedder-built Rules must pass before a Registry uses it. Every problem is config.invalid with
// the dotted ciie.toml key in field(), so the CLI can point at the line that caused it.
#include "ciie/rules.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ciie {
namespace {

constexpr std::string_view kReason = "config.invalid";

// Collects problems; the key is the ciie.toml path ("delegation[3].region_prefixes").
class Checker {
 public:
  void fail(std::string key, std::string message) {
    problems_.push_back(
        Status::invalid_input(std::string(kReason), std::move(message)).at(0, std::move(key)));
  }
  void require(bool ok, const std::string& key, const std::string& message) {
    if (!ok) fail(key, message);
  }
  std::vector<Status> take() { return std::move(problems_); }

 private:
  std::vector<Status> problems_;
};

std::string indexed(std::string_view base, std::size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

bool is_slug(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_prefix(std::string_view s) { return s.size() >= 2 && s.size() <= 6 && all_digits(s); }

bool is_local(DelegationKind kind) {
  return kind == DelegationKind::kProvince || kind == DelegationKind::kPlanCity ||
         kind == DelegationKind::kXpcc;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void check_edition(const EditionRules& e, Checker& c) {
  c.require(e.number >= 1, "edition.number", "the edition number must be at least 1");
  c.require(e.year >= 2018 && e.year <= 2100, "edition.year", "the year must be 2018–2100");
  c.require(!e.name_zh.empty(), "edition.name_zh", "the edition needs a Chinese name");
  c.require(e.expo_start.is_valid(), "edition.expo_start", "not a calendar date");
  c.require(e.expo_end.is_valid(), "edition.expo_end", "not a calendar date");
  c.require(e.expo_start <= e.expo_end, "edition.expo_end", "expo_end is before expo_start");
  for (const Date& day : e.public_days) {
    c.require(day.is_valid() && day >= e.expo_start && day <= e.expo_end, "edition.public_days",
              "public day " + day.to_string() + " is not an expo day");
  }
}

void check_registration(const RegistrationRules& r, Checker& c) {
  c.require(r.opens_at < r.closes_at, "registration.closes_at",
            "registration closes before it opens");
  std::set<UnitCategory> seen;
  for (UnitCategory cat : r.auto_approved) {
    c.require(category_allowed(UnitRegion::kMainland, cat), "registration.auto_approved",
              "\"" + std::string(to_string(cat)) + "\" is not a mainland unit category");
    c.require(seen.insert(cat).second, "registration.auto_approved",
              "\"" + std::string(to_string(cat)) + "\" is listed twice");
  }
  for (const std::string& f : r.licence_formats) {
    c.require(f == "png" || f == "jpeg", "registration.licence_formats",
              "licence format \"" + f + "\" is not png or jpeg");
  }
  c.require(r.licence_max_bytes > 0, "registration.licence_max_bytes", "must be positive");
  c.require(r.photo_max_bytes > 0, "registration.photo_max_bytes", "must be positive");
  c.require(r.licence_max_pixels > 0, "registration.licence_max_pixels", "must be positive");
  c.require(r.password_min_length >= 8 && r.password_min_length <= 128,
            "registration.password_min_length", "must be 8–128 (REG-4)");
  for (const std::string& code : r.uscc_allowlist) {
    c.require(code.size() == 18, "registration.uscc_allowlist",
              "\"" + code + "\" is not 18 characters");
  }
}

void check_verification(const VerificationRules& v, Checker& c) {
  c.require(v.code_length >= 4 && v.code_length <= 10, "verification.code_length",
            "must be 4–10 digits");
  c.require(v.lifetime_seconds > 0, "verification.lifetime_seconds", "must be positive");
  c.require(v.max_attempts >= 1, "verification.max_attempts", "must be at least 1");
  c.require(v.resend_interval_seconds >= 0, "verification.resend_interval_seconds",
            "must not be negative");
}

void check_badge_types(const std::vector<BadgeType>& types, Checker& c) {
  std::set<std::string> codes;
  for (std::size_t i = 0; i < types.size(); ++i) {
    const BadgeType& b = types[i];
    const std::string key = indexed("badge_type", i);
    c.require(is_slug(b.code), key + ".code", "badge code \"" + b.code + "\" is not [a-z0-9-]+");
    c.require(codes.insert(b.code).second, key + ".code", "badge code \"" + b.code + "\" repeats");
    c.require(!b.name_zh.empty(), key + ".name_zh", "badge type \"" + b.code + "\" has no name");
    c.require(b.valid_from.is_valid(), key + ".valid_from", "not a calendar date");
    c.require(b.valid_to.is_valid(), key + ".valid_to", "not a calendar date");
    c.require(b.valid_from <= b.valid_to, key + ".valid_to",
              "badge type \"" + b.code + "\" ends before it starts");
    c.require(!b.fee.is_negative(), key + ".fee_fen", "a fee cannot be negative");
  }
}

void check_quota(const std::map<std::string, std::int64_t>& quota, const std::string& key,
                 const std::set<std::string>& badge_codes, Checker& c) {
  for (const auto& [code, places] : quota) {
    c.require(badge_codes.count(code) != 0, key + "." + code,
              "free quota names unknown badge type \"" + code + "\"");
    c.require(places >= 0, key + "." + code, "a free quota cannot be negative");
  }
}

// Shared state for the delegation checks: one slug namespace for delegations and subs, and
// which delegation owns each routing prefix.
struct DelegationIndex {
  std::set<std::string> slugs;
  std::map<std::string, std::string> prefix_owner;      // delegation prefix -> delegation slug
  std::map<std::string, std::string> sub_prefix_owner;  // sub prefix -> sub slug
  std::set<std::string> badge_codes;
};

// The delegation whose longest prefix matches `code` (DEL-3), or "" when none does.
std::string route_owner(const DelegationIndex& index, std::string_view code) {
  std::string best_prefix;
  std::string owner;
  for (const auto& [prefix, slug] : index.prefix_owner) {
    if (starts_with(code, prefix) && prefix.size() > best_prefix.size()) {
      best_prefix = prefix;
      owner = slug;
    }
  }
  return owner;
}

void check_slug(const std::string& slug, const std::string& key, DelegationIndex& index,
                Checker& c) {
  c.require(is_slug(slug), key, "slug \"" + slug + "\" is not [a-z0-9-]+");
  c.require(index.slugs.insert(slug).second, key,
            "slug \"" + slug + "\" is used by another delegation or sub-delegation");
}

void check_delegation_prefixes(const Delegation& d, const std::string& key, DelegationIndex& index,
                               Checker& c) {
  if (!is_local(d.kind) && !d.region_prefixes.empty()) {
    c.fail(key + ".region_prefixes", "a " + std::string(to_string(d.kind)) +
                                         " delegation joins by affiliation and takes no prefixes");
  }
  for (const std::string& p : d.region_prefixes) {
    if (!is_prefix(p)) {
      c.fail(key + ".region_prefixes", "prefix \"" + p + "\" is not 2–6 digits");
      continue;
    }
    auto [it, inserted] = index.prefix_owner.emplace(p, d.slug);
    c.require(inserted, key + ".region_prefixes",
              "prefix " + p + " is claimed by delegation " + it->second + " as well");
  }
}

void check_sub(const Delegation& d, const SubDelegation& s, const std::string& key,
               DelegationIndex& index, Checker& c) {
  check_slug(s.slug, key + ".slug", index, c);
  c.require(!s.name_zh.empty(), key + ".name_zh", "sub-delegation " + s.slug + " has no name");
  if (!is_local(d.kind) && !s.region_prefixes.empty()) {
    c.fail(key + ".region_prefixes", "sub-delegations of a " + std::string(to_string(d.kind)) +
                                         " delegation join by affiliation and take no prefixes");
  }
  for (const std::string& p : s.region_prefixes) {
    if (!is_prefix(p)) {
      c.fail(key + ".region_prefixes", "prefix \"" + p + "\" is not 2–6 digits");
      continue;
    }
    auto [it, inserted] = index.sub_prefix_owner.emplace(p, s.slug);
    c.require(inserted, key + ".region_prefixes",
              "prefix " + p + " is claimed by sub-delegation " + it->second + " as well");
  }
  check_quota(s.free_quota, key + ".free_quota", index.badge_codes, c);
}

// A sub's prefixes must route to its own delegation first, else no unit can ever reach it
// (e.g. liaoning-2102 would be shadowed by dalian). Run after every delegation prefix is known.
void check_sub_reachable(const Delegation& d, const SubDelegation& s, const std::string& key,
                         const DelegationIndex& index, Checker& c) {
  if (!is_local(d.kind)) return;
  for (const std::string& p : s.region_prefixes) {
    if (!is_prefix(p)) continue;
    const std::string owner = route_owner(index, p);
    c.require(owner == d.slug, key + ".region_prefixes",
              "prefix " + p + " routes to " + (owner.empty() ? "no delegation" : owner) +
                  ", not to " + d.slug);
  }
}

void check_delegations(const std::vector<Delegation>& delegations,
                       const std::vector<BadgeType>& badge_types, Checker& c) {
  DelegationIndex index;
  for (const BadgeType& b : badge_types) index.badge_codes.insert(b.code);
  for (std::size_t i = 0; i < delegations.size(); ++i) {
    const Delegation& d = delegations[i];
    const std::string key = indexed("delegation", i);
    check_slug(d.slug, key + ".slug", index, c);
    c.require(!d.name_zh.empty(), key + ".name_zh", "delegation " + d.slug + " has no name");
    check_delegation_prefixes(d, key, index, c);
    check_quota(d.free_quota, key + ".free_quota", index.badge_codes, c);
    for (std::size_t j = 0; j < d.sub_delegations.size(); ++j) {
      check_sub(d, d.sub_delegations[j], key + indexed(".sub_delegation", j), index, c);
    }
  }
  for (std::size_t i = 0; i < delegations.size(); ++i) {
    const Delegation& d = delegations[i];
    for (std::size_t j = 0; j < d.sub_delegations.size(); ++j) {
      check_sub_reachable(d, d.sub_delegations[j],
                          indexed("delegation", i) + indexed(".sub_delegation", j), index, c);
    }
  }
}

void check_order_and_payment(const OrderRules& o, const PaymentRules& p, Checker& c) {
  c.require(!o.prefix.empty() && std::all_of(o.prefix.begin(), o.prefix.end(),
                                             [](char ch) { return ch >= 'A' && ch <= 'Z'; }),
            "order.prefix", "the order prefix must be upper-case letters (ORD-2)");
  c.require(o.unpaid_expiry_seconds > 0, "order.unpaid_expiry_seconds", "must be positive");
  c.require(p.timeout_ms > 0, "payment.timeout_ms", "must be positive");
  c.require(p.retries >= 0, "payment.retries", "must not be negative");
  c.require(p.retry_backoff_ms >= 0, "payment.retry_backoff_ms", "must not be negative");
  c.require(p.notice_max_age_seconds > 0, "payment.notice_max_age_seconds", "must be positive");
  std::set<std::string> names;
  for (std::size_t i = 0; i < p.gateways.size(); ++i) {
    const GatewayRules& g = p.gateways[i];
    const std::string key = indexed("payment.gateway", i);
    c.require(is_slug(g.name), key + ".name", "gateway name \"" + g.name + "\" is not [a-z0-9-]+");
    c.require(names.insert(g.name).second, key + ".name", "gateway " + g.name + " repeats");
    c.require(starts_with(g.base_url, "https://") || starts_with(g.base_url, "http://"),
              key + ".base_url", "gateway " + g.name + " needs an http(s):// base_url");
  }
}

void check_invoice_and_refund(const InvoiceRules& inv, const RefundRules& r, Checker& c) {
  c.require(!inv.seller.name.empty(), "invoice.seller.name", "the seller needs a name");
  c.require(inv.region_code.size() == 2 && all_digits(inv.region_code), "invoice.region_code",
            "the tax-bureau region code must be 2 digits (INV-5)");
  c.require(inv.channel_digit >= 0 && inv.channel_digit <= 9, "invoice.channel_digit",
            "the channel must be one digit 0–9 (INV-5)");
  c.require(inv.tax_rate_bp >= 0 && inv.tax_rate_bp <= 10000, "invoice.tax_rate_bp",
            "the tax rate must be 0–10000 basis points");
  c.require(!inv.item_name.empty(), "invoice.item_name", "the invoice item needs a name");
  c.require(inv.platform == "local", "invoice.platform",
            "the invoice platform must be \"local\" (the only one built in)");
  static const std::set<std::string_view> kStates{"submitted",     "under_review",
                                                  "in_production", "ready_for_pickup",
                                                  "shipping",      "reuse_activated"};
  for (const std::string& s : r.allowed_states) {
    c.require(kStates.count(s) != 0, "refund.allowed_states",
              "\"" + s + "\" is not a badge state (BDG-4)");
  }
}

void check_notify(const NotifyRules& n, Checker& c) {
  c.require(n.sms_backend == "outbox" || n.sms_backend == "http", "notify.sms_backend",
            "sms_backend must be outbox or http");
  c.require(n.email_backend == "outbox" || n.email_backend == "smtp", "notify.email_backend",
            "email_backend must be outbox or smtp");
  c.require(n.sms_backend != "http" || !n.http_url.empty(), "notify.http_url",
            "the http SMS backend needs http_url");
  c.require(n.email_backend != "smtp" || !n.smtp_url.empty(), "notify.smtp_url",
            "the smtp e-mail backend needs smtp_url");
  c.require(n.email_backend != "smtp" || !n.smtp_from.empty(), "notify.smtp_from",
            "the smtp e-mail backend needs smtp_from");
  c.require(n.http_timeout_ms > 0, "notify.http_timeout_ms", "must be positive");
  c.require(n.http_retries >= 0, "notify.http_retries", "must not be negative");
  c.require(n.http_retry_backoff_ms >= 0, "notify.http_retry_backoff_ms", "must not be negative");
  c.require(n.smtp_timeout_ms > 0, "notify.smtp_timeout_ms", "must be positive");
  c.require(n.smtp_retries >= 0, "notify.smtp_retries", "must not be negative");
  c.require(n.smtp_retry_backoff_ms >= 0, "notify.smtp_retry_backoff_ms", "must not be negative");
}

void check_points(const PointsRules& p, Checker& c) {
  const std::pair<std::int64_t, std::string_view> values[] = {
      {p.register_approved, "register_approved"},
      {p.invite_approved, "invite_approved"},
      {p.invite_cap, "invite_cap"},
      {p.publish_need, "publish_need"},
      {p.attend, "attend"},
      {p.deal_per_10k_yuan, "deal_per_10k_yuan"}};
  for (const auto& [value, name] : values) {
    c.require(value >= 0, "points." + std::string(name), "points cannot be negative");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < p.coupons.size(); ++i) {
    const CouponRules& k = p.coupons[i];
    const std::string key = indexed("points.coupon", i);
    c.require(is_slug(k.code), key + ".code", "coupon code \"" + k.code + "\" is not [a-z0-9-]+");
    c.require(codes.insert(k.code).second, key + ".code", "coupon " + k.code + " repeats");
    c.require(k.cost_points > 0, key + ".cost_points", "a coupon must cost points");
    c.require(!k.value.is_negative(), key + ".value_fen", "a coupon value cannot be negative");
    c.require(k.max_per_unit_per_edition >= 0, key + ".max_per_unit_per_edition",
              "must not be negative");
  }
}

void check_areas(const std::vector<Area>& areas, Checker& c) {
  std::set<std::string> slugs;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const Area& a = areas[i];
    const std::string key = indexed("area", i);
    c.require(is_slug(a.slug), key + ".slug", "area slug \"" + a.slug + "\" is not [a-z0-9-]+");
    c.require(slugs.insert(a.slug).second, key + ".slug", "area " + a.slug + " repeats");
    std::set<std::string> categories;
    for (const std::string& cat : a.categories) {
      c.require(is_slug(cat) && categories.insert(cat).second, key + ".categories",
                "category \"" + cat + "\" is not [a-z0-9-]+ or repeats");
    }
  }
}

}  // namespace

const Delegation* Rules::find_delegation(std::string_view slug) const {
  for (const Delegation& d : delegations) {
    if (d.slug == slug) return &d;
  }
  return nullptr;
}

std::pair<const Delegation*, const SubDelegation*> Rules::find_sub_delegation(
    std::string_view slug) const {
  for (const Delegation& d : delegations) {
    for (const SubDelegation& s : d.sub_delegations) {
      if (s.slug == slug) return {&d, &s};
    }
  }
  return {nullptr, nullptr};
}

const BadgeType* Rules::find_badge_type(std::string_view code) const {
  for (const BadgeType& b : badge_types) {
    if (b.code == code) return &b;
  }
  return nullptr;
}

std::vector<Status> Rules::validate_all() const {
  Checker c;
  check_edition(edition, c);
  check_registration(registration, c);
  check_verification(verification, c);
  check_badge_types(badge_types, c);
  check_delegations(delegations, badge_types, c);
  check_order_and_payment(order, payment, c);
  check_invoice_and_refund(invoice, refund, c);
  check_notify(notify, c);
  check_points(points, c);
  c.require(!ocr.languages.empty(), "ocr.languages", "OCR needs at least one language");
  c.require(ocr.threads >= 0, "ocr.threads", "must be 0 (one per core) or more");
  check_areas(areas, c);
  return c.take();
}

Status Rules::validate() const {
  std::vector<Status> problems = validate_all();
  return problems.empty() ? Status::ok() : std::move(problems.front());
}

}  // namespace ciie
