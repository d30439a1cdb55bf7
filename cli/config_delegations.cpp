// Reading [[delegation]] (the whole list) and [[delegation_override]] (one delegation by slug)
// from ciie.toml. Overrides exist so that a file can set free quotas, rename the placeholder
// industry delegations or add sub-delegations without restating all 43 built-in delegations.
#include <algorithm>
#include <string>
#include <utility>

#include "config_sections.hpp"

namespace ciie::cli::config_detail {
namespace {

bool read_kind(TableReader& r, DelegationKind& out) {
  std::string text;
  if (!r.read("kind", text)) return false;
  std::optional<DelegationKind> kind = parse_delegation_kind(text);
  if (!kind) {
    r.invalid("kind", "unknown delegation kind \"" + text +
                          "\" (province, plan_city, xpcc, central, nhc, industry)");
    return false;
  }
  out = *kind;
  return true;
}

// The keys a sub-delegation table may set; absent keys keep the current value.
void read_sub_fields(TableReader& r, SubDelegation& sub) {
  r.read("slug", sub.slug);
  r.read("name_zh", sub.name_zh);
  r.read("name_en", sub.name_en);
  r.read("region_prefixes", sub.region_prefixes);
  r.read_counts("free_quota", sub.free_quota);
}

Delegation read_delegation(const toml::table& table, const std::string& path, Diagnostics& diag) {
  TableReader r(table, path, diag);
  Delegation d;
  r.require("slug");
  r.require("name_zh");
  r.require("kind");
  r.read("slug", d.slug);
  r.read("name_zh", d.name_zh);
  r.read("name_en", d.name_en);
  read_kind(r, d.kind);
  r.read("region_prefixes", d.region_prefixes);
  r.read_counts("free_quota", d.free_quota);
  for (const auto& [sub_table, sub_path] : r.tables("sub_delegation")) {
    TableReader s(*sub_table, sub_path, diag);
    s.require("slug");
    s.require("name_zh");
    SubDelegation sub;
    read_sub_fields(s, sub);
    s.finish();
    d.sub_delegations.push_back(std::move(sub));
  }
  r.finish();
  return d;
}

// Points the effective keys ("delegation[5].free_quota") at the override that set them, so
// that a validate() finding about them lands on the override's line.
void alias_keys(const toml::table& table, const std::string& target, Diagnostics& diag) {
  diag.remember(target, table.source(), true);
  for (auto&& [key, value] : table) {
    diag.remember(target + "." + std::string(key.str()), value.source(), true);
  }
}

void remove_subs(TableReader& r, Delegation& d) {
  std::vector<std::string> slugs;
  if (!r.read("remove_sub_delegations", slugs)) return;
  for (const std::string& slug : slugs) {
    auto it = std::find_if(d.sub_delegations.begin(), d.sub_delegations.end(),
                           [&](const SubDelegation& s) { return s.slug == slug; });
    if (it == d.sub_delegations.end()) {
      r.invalid("remove_sub_delegations",
                "delegation " + d.slug + " has no sub-delegation " + slug);
      continue;
    }
    d.sub_delegations.erase(it);
  }
}

// [[delegation_override.sub_delegation]]: changes the sub with that slug, or adds a new one
// (which then needs name_zh).
void upsert_sub(const toml::table& table, const std::string& path, Delegation& d,
                const std::string& target_prefix, Diagnostics& diag) {
  TableReader s(table, path, diag);
  std::string slug;
  if (!s.require("slug") || !s.read("slug", slug)) {
    s.finish();
    return;
  }
  auto it = std::find_if(d.sub_delegations.begin(), d.sub_delegations.end(),
                         [&](const SubDelegation& sub) { return sub.slug == slug; });
  if (it == d.sub_delegations.end()) {
    if (!s.require("name_zh")) {  // reported once here, not again by validate()
      SubDelegation ignored;
      read_sub_fields(s, ignored);
      s.finish();
      return;
    }
    it = d.sub_delegations.insert(d.sub_delegations.end(), SubDelegation{});
  }
  read_sub_fields(s, *it);
  s.finish();
  const auto index = static_cast<std::size_t>(it - d.sub_delegations.begin());
  alias_keys(table, target_prefix + ".sub_delegation[" + std::to_string(index) + "]", diag);
}

void apply_override(const toml::table& table, const std::string& path,
                    std::vector<Delegation>& delegations, Diagnostics& diag) {
  TableReader r(table, path, diag);
  std::string slug;
  if (!r.require("slug") || !r.read("slug", slug)) {
    r.finish();
    return;
  }
  auto it = std::find_if(delegations.begin(), delegations.end(),
                         [&](const Delegation& d) { return d.slug == slug; });
  if (it == delegations.end()) {
    r.invalid("slug", "no delegation has the slug \"" + slug + "\"");
    r.finish();
    return;
  }
  const std::string target =
      "delegation[" + std::to_string(static_cast<std::size_t>(it - delegations.begin())) + "]";
  r.read("name_zh", it->name_zh);
  r.read("name_en", it->name_en);
  r.read("region_prefixes", it->region_prefixes);
  r.read_counts("free_quota", it->free_quota);
  remove_subs(r, *it);
  alias_keys(table, target, diag);
  for (const auto& [sub_table, sub_path] : r.tables("sub_delegation")) {
    upsert_sub(*sub_table, sub_path, *it, target, diag);
  }
  r.finish();
}

}  // namespace

void read_delegations(TableReader& root, std::vector<Delegation>& delegations) {
  bool present = false;
  auto listed = root.tables("delegation", &present);
  if (present) {
    delegations.clear();
    for (const auto& [table, path] : listed) {
      delegations.push_back(read_delegation(*table, path, root.diag()));
    }
  }
  for (const auto& [table, path] : root.tables("delegation_override")) {
    apply_override(*table, path, delegations, root.diag());
  }
}

}  // namespace ciie::cli::config_detail
