// The effective configuration as ciie.toml text or as JSON (`config show`). One walk over the
// Rules feeds either sink, so the two forms cannot drift apart; secrets appear only as "***".
// The TOML form reads back (parse_config) to the same Rules: that round trip is tested.
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config_file.hpp"
#include "config_reader.hpp"

namespace ciie::cli {
namespace {

using config_detail::kMask;
using Counts = std::map<std::string, std::int64_t>;

// Receives the configuration in document order: tables, array-of-table elements, then values.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void table(std::string_view path) = 0;    // [path]
  virtual void element(std::string_view path) = 0;  // [[path]]
  virtual void empty_list(std::string_view key) = 0;
  virtual void put_int(std::string_view key, std::int64_t value) = 0;
  virtual void put_bool(std::string_view key, bool value) = 0;
  virtual void put_str(std::string_view key, const std::string& value) = 0;
  virtual void put_date(std::string_view key, const Date& value) = 0;
  virtual void put_instant(std::string_view key, const Instant& value) = 0;
  virtual void put_strs(std::string_view key, const std::vector<std::string>& values) = 0;
  virtual void put_dates(std::string_view key, const std::vector<Date>& values) = 0;
  virtual void put_counts(std::string_view key, const Counts& values) = 0;
};

// ISO-8601 in Asia/Shanghai; fractional seconds only when the instant has them.
std::string instant_text(const Instant& t) {
  std::string s = t.to_shanghai_string();  // "2024-10-20T23:59:59+08:00"
  const std::int64_t micros = ((t.unix_micros() % 1'000'000) + 1'000'000) % 1'000'000;
  if (micros != 0 && s.size() > 6) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(micros));
    s.insert(s.size() - 6, frac);
  }
  return s;
}

// A TOML basic string, escaped; UTF-8 passes through unchanged.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
          out += esc;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string toml_key(std::string_view key) {
  const bool bare = !key.empty() && key.find_first_not_of(
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-") == std::string_view::npos;
  return bare ? std::string(key) : toml_string(key);
}

class TomlSink final : public Sink {
 public:
  std::string take() { return std::move(out_); }
  void table(std::string_view path) override { header("[" + std::string(path) + "]"); }
  void element(std::string_view path) override { header("[[" + std::string(path) + "]]"); }
  void empty_list(std::string_view key) override { line(key, "[]"); }
  void put_int(std::string_view key, std::int64_t v) override { line(key, std::to_string(v)); }
  void put_bool(std::string_view key, bool v) override { line(key, v ? "true" : "false"); }
  void put_str(std::string_view key, const std::string& v) override { line(key, toml_string(v)); }
  void put_date(std::string_view key, const Date& v) override { line(key, v.to_string()); }
  void put_instant(std::string_view key, const Instant& v) override { line(key, instant_text(v)); }
  void put_strs(std::string_view key, const std::vector<std::string>& vs) override {
    std::vector<std::string> items;
    for (const std::string& v : vs) items.push_back(toml_string(v));
    line(key, join(items, "[", "]"));
  }
  void put_dates(std::string_view key, const std::vector<Date>& vs) override {
    std::vector<std::string> items;
    for (const Date& v : vs) items.push_back(v.to_string());
    line(key, join(items, "[", "]"));
  }
  void put_counts(std::string_view key, const Counts& vs) override {
    std::vector<std::string> items;
    for (const auto& [k, v] : vs) items.push_back(toml_key(k) + " = " + std::to_string(v));
    line(key, items.empty() ? "{}" : join(items, "{ ", " }"));
  }

 private:
  static std::string join(const std::vector<std::string>& items, std::string_view open,
                          std::string_view close) {
    std::string s(open);
    for (std::size_t i = 0; i < items.size(); ++i) s += (i == 0 ? "" : ", ") + items[i];
    return s + std::string(close);
  }
  void header(const std::string& text) { out_ += (out_.empty() ? "" : "\n") + text + "\n"; }
  void line(std::string_view key, const std::string& value) {
    out_ += toml_key(key) + " = " + value + "\n";
  }
  std::string out_;
};

class JsonSink final : public Sink {
 public:
  nlohmann::json take() { return std::move(root_); }
  void table(std::string_view path) override { cur_ = &walk(path, false); }
  void element(std::string_view path) override { cur_ = &walk(path, true); }
  void empty_list(std::string_view key) override { at(key) = nlohmann::json::array(); }
  void put_int(std::string_view key, std::int64_t v) override { at(key) = v; }
  void put_bool(std::string_view key, bool v) override { at(key) = v; }
  void put_str(std::string_view key, const std::string& v) override { at(key) = v; }
  void put_date(std::string_view key, const Date& v) override { at(key) = v.to_string(); }
  void put_instant(std::string_view key, const Instant& v) override { at(key) = instant_text(v); }
  void put_strs(std::string_view key, const std::vector<std::string>& vs) override { at(key) = vs; }
  void put_dates(std::string_view key, const std::vector<Date>& vs) override {
    nlohmann::json a = nlohmann::json::array();
    for (const Date& v : vs) a.push_back(v.to_string());
    at(key) = std::move(a);
  }
  void put_counts(std::string_view key, const Counts& vs) override {
    at(key) = nlohmann::json::object();
    for (const auto& [k, v] : vs) at(key)[k] = v;
  }

 private:
  nlohmann::json& at(std::string_view key) { return (*cur_)[std::string(key)]; }
  // Follows a dotted path from the root, entering the last element of any array on the way;
  // for an element, appends a new object to the array the path names.
  nlohmann::json& walk(std::string_view path, bool append) {
    nlohmann::json* node = &root_;
    while (true) {
      const std::size_t dot = path.find('.');
      nlohmann::json& child = (*node)[std::string(path.substr(0, dot))];
      if (dot == std::string_view::npos) {
        if (!append) return child;
        child.push_back(nlohmann::json::object());
        return child.back();
      }
      node = child.is_array() ? &child.back() : &child;
      path.remove_prefix(dot + 1);
    }
  }
  nlohmann::json root_ = nlohmann::json::object();
  nlohmann::json* cur_ = &root_;
};

// "***" where a secret is configured; the references (_env, _file) are not secret and shown.
void put_secret(Sink& s, std::string_view stem, const std::string& value,
                const std::string& env_name, const std::string& file_name) {
  if (!value.empty()) s.put_str(stem, std::string(kMask));
  if (!env_name.empty()) s.put_str(std::string(stem) + "_env", env_name);
  if (!file_name.empty()) s.put_str(std::string(stem) + "_file", file_name);
}

void walk_edition(const EditionRules& e, Sink& s) {
  s.table("edition");
  s.put_int("number", e.number);
  s.put_int("year", e.year);
  s.put_str("name_zh", e.name_zh);
  s.put_str("name_en", e.name_en);
  s.put_str("venue", e.venue);
  s.put_date("expo_start", e.expo_start);
  s.put_date("expo_end", e.expo_end);
  s.put_dates("public_days", e.public_days);
}

void walk_registration(const RegistrationRules& r, Sink& s) {
  s.table("registration");
  s.put_instant("opens_at", r.opens_at);
  s.put_instant("closes_at", r.closes_at);
  std::vector<std::string> categories;
  for (UnitCategory c : r.auto_approved) categories.emplace_back(to_string(c));
  s.put_strs("auto_approved", categories);
  s.put_strs("licence_formats", r.licence_formats);
  s.put_int("licence_max_bytes", r.licence_max_bytes);
  s.put_int("photo_max_bytes", r.photo_max_bytes);
  s.put_int("licence_max_pixels", r.licence_max_pixels);
  s.put_int("password_min_length", r.password_min_length);
  s.put_strs("uscc_allowlist", r.uscc_allowlist);
}

void walk_verification(const VerificationRules& v, Sink& s) {
  s.table("verification");
  s.put_int("code_length", v.code_length);
  s.put_int("lifetime_seconds", v.lifetime_seconds);
  s.put_int("max_attempts", v.max_attempts);
  s.put_int("resend_interval_seconds", v.resend_interval_seconds);
}

void walk_badge_types(const std::vector<BadgeType>& types, Sink& s) {
  for (const BadgeType& b : types) {
    s.element("badge_type");
    s.put_str("code", b.code);
    s.put_str("name_zh", b.name_zh);
    s.put_str("name_en", b.name_en);
    s.put_date("valid_from", b.valid_from);
    s.put_date("valid_to", b.valid_to);
    s.put_int("fee_fen", b.fee.fen());
    s.put_bool("reusable", b.reusable);
  }
}

void walk_delegations(const std::vector<Delegation>& delegations, Sink& s) {
  for (const Delegation& d : delegations) {
    s.element("delegation");
    s.put_str("slug", d.slug);
    s.put_str("name_zh", d.name_zh);
    s.put_str("name_en", d.name_en);
    s.put_str("kind", std::string(to_string(d.kind)));
    s.put_strs("region_prefixes", d.region_prefixes);
    if (!d.free_quota.empty()) s.put_counts("free_quota", d.free_quota);
    for (const SubDelegation& sub : d.sub_delegations) {
      s.element("delegation.sub_delegation");
      s.put_str("slug", sub.slug);
      s.put_str("name_zh", sub.name_zh);
      s.put_str("name_en", sub.name_en);
      s.put_strs("region_prefixes", sub.region_prefixes);
      if (!sub.free_quota.empty()) s.put_counts("free_quota", sub.free_quota);
    }
  }
}

void walk_order_and_payment(const OrderRules& o, const PaymentRules& p, Sink& s) {
  s.table("order");
  s.put_str("prefix", o.prefix);
  s.put_int("unpaid_expiry_seconds", o.unpaid_expiry_seconds);
  s.put_instant("payment_deadline", o.payment_deadline);
  s.table("payment");
  s.put_int("timeout_ms", p.timeout_ms);
  s.put_int("retries", p.retries);
  s.put_int("retry_backoff_ms", p.retry_backoff_ms);
  s.put_int("notice_max_age_seconds", p.notice_max_age_seconds);
  s.put_str("transfer_account_name", p.transfer_account_name);
  s.put_str("transfer_bank", p.transfer_bank);
  s.put_str("transfer_account_number", p.transfer_account_number);
  if (p.gateways.empty()) s.empty_list("gateway");
  for (const GatewayRules& g : p.gateways) {
    s.element("payment.gateway");
    s.put_str("name", g.name);
    s.put_str("base_url", g.base_url);
    put_secret(s, "secret", g.secret, g.secret_env, g.secret_file);
  }
}

void walk_invoice_and_refund(const InvoiceRules& i, const RefundRules& r, Sink& s) {
  s.table("invoice");
  s.put_str("region_code", i.region_code);
  s.put_int("channel_digit", i.channel_digit);
  s.put_instant("request_deadline", i.request_deadline);
  s.put_int("tax_rate_bp", i.tax_rate_bp);
  s.put_str("item_name", i.item_name);
  s.put_str("platform", i.platform);
  s.table("invoice.seller");
  s.put_str("name", i.seller.name);
  s.put_str("taxpayer_id", i.seller.taxpayer_id);
  s.put_str("address", i.seller.address);
  s.put_str("phone", i.seller.phone);
  s.put_str("bank", i.seller.bank);
  s.put_str("account", i.seller.account);
  s.table("refund");
  s.put_instant("deadline", r.deadline);
  s.put_strs("allowed_states", r.allowed_states);
}

void walk_notify(const NotifyRules& n, Sink& s) {
  s.table("notify");
  s.put_str("sms_backend", n.sms_backend);
  s.put_str("email_backend", n.email_backend);
  s.put_str("http_url", n.http_url);
  put_secret(s, "http_auth", n.http_auth_header, n.http_auth_env, n.http_auth_file);
  s.put_int("http_timeout_ms", n.http_timeout_ms);
  s.put_int("http_retries", n.http_retries);
  s.put_int("http_retry_backoff_ms", n.http_retry_backoff_ms);
  s.put_str("smtp_url", n.smtp_url);
  s.put_str("smtp_user", n.smtp_user);
  put_secret(s, "smtp_password", n.smtp_password, n.smtp_password_env, n.smtp_password_file);
  s.put_str("smtp_from", n.smtp_from);
  s.put_int("smtp_timeout_ms", n.smtp_timeout_ms);
  s.put_int("smtp_retries", n.smtp_retries);
  s.put_int("smtp_retry_backoff_ms", n.smtp_retry_backoff_ms);
}

void walk_points_and_ocr(const PointsRules& p, const OcrRules& o, Sink& s) {
  s.table("points");
  s.put_int("register_approved", p.register_approved);
  s.put_int("invite_approved", p.invite_approved);
  s.put_int("invite_cap", p.invite_cap);
  s.put_int("publish_need", p.publish_need);
  s.put_int("attend", p.attend);
  s.put_int("deal_per_10k_yuan", p.deal_per_10k_yuan);
  if (p.coupons.empty()) s.empty_list("coupon");
  for (const CouponRules& c : p.coupons) {
    s.element("points.coupon");
    s.put_str("code", c.code);
    s.put_int("cost_points", c.cost_points);
    s.put_int("value_fen", c.value.fen());
    s.put_int("max_per_unit_per_edition", c.max_per_unit_per_edition);
  }
  s.table("ocr");
  s.put_str("tessdata_path", o.tessdata_path);
  s.put_str("languages", o.languages);
  s.put_bool("preprocess", o.preprocess);
  s.put_int("threads", o.threads);
}

void walk_areas(const std::vector<Area>& areas, Sink& s) {
  for (const Area& a : areas) {
    s.element("area");
    s.put_str("slug", a.slug);
    s.put_str("name_zh", a.name_zh);
    s.put_str("name_en", a.name_en);
    s.put_strs("categories", a.categories);
  }
}

void walk(const Rules& rules, Sink& s) {
  // Empty top-level lists must be written as `key = []` before the first [table] header, or
  // the reader would fall back to the built-in lists.
  if (rules.badge_types.empty()) s.empty_list("badge_type");
  if (rules.delegations.empty()) s.empty_list("delegation");
  if (rules.areas.empty()) s.empty_list("area");
  walk_edition(rules.edition, s);
  walk_registration(rules.registration, s);
  walk_verification(rules.verification, s);
  walk_badge_types(rules.badge_types, s);
  walk_delegations(rules.delegations, s);
  walk_order_and_payment(rules.order, rules.payment, s);
  walk_invoice_and_refund(rules.invoice, rules.refund, s);
  walk_notify(rules.notify, s);
  walk_points_and_ocr(rules.points, rules.ocr, s);
  walk_areas(rules.areas, s);
}

}  // namespace

std::string render_config_toml(const Rules& rules) {
  TomlSink sink;
  walk(rules, sink);
  return sink.take();
}

nlohmann::json render_config_json(const Rules& rules) {
  JsonSink sink;
  walk(rules, sink);
  return sink.take();
}

}  // namespace ciie::cli
