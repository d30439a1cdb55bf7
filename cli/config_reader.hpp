// Typed, located reading of one ciie.toml table (private to the CLI's config reader): every key
// is type-checked, every problem carries the line and column toml++ recorded, and keys nobody
// asked for are reported as config.unknown_key when the table is finished.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "ciie/money.hpp"
#include "ciie/rules.hpp"
#include "ciie/time.hpp"

#include "config_file.hpp"

namespace ciie::cli::config_detail {

inline constexpr std::string_view kSyntax = "config.syntax";
inline constexpr std::string_view kUnknownKey = "config.unknown_key";
inline constexpr std::string_view kType = "config.type";
inline constexpr std::string_view kInvalid = "config.invalid";
inline constexpr std::string_view kSecret = "config.secret";
inline constexpr std::string_view kRead = "config.read";
// What `config show` prints in place of a secret; the reader accepts exactly this text where a
// secret would go, so that shown configuration reads back (it is not a secret, just a marker).
inline constexpr std::string_view kMask = "***";

// Problems found so far, plus the source position of every key read, so a finding of
// Rules::validate() (which only knows the dotted key) can be placed on a line.
class Diagnostics {
 public:
  void add(const toml::source_region& where, std::string key, std::string_view reason,
           std::string message);
  // Records where `key` was written; the first record of a key wins unless `replace`.
  void remember(const std::string& key, const toml::source_region& where, bool replace = false);
  // The position of `key` or of its nearest recorded parent ("a.b[2].c" → "a.b[2]" → "a.b").
  std::optional<toml::source_position> find(std::string key) const;
  const std::vector<ConfigProblem>& problems() const { return problems_; }
  std::vector<ConfigProblem> take() { return std::move(problems_); }

 private:
  std::vector<ConfigProblem> problems_;
  std::map<std::string, toml::source_position> places_;
};

// Reads the keys of one table. Each read_* returns true when the key was present and valid (the
// output is then set); absent keys leave the output as it was, i.e. the default.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Diagnostics& diag);

  const std::string& path() const { return path_; }
  // "edition.number" for key "number" in table "edition"; "number" at the root.
  std::string key_path(std::string_view key) const;
  bool has(std::string_view key) const { return table_.contains(key); }
  // The node of a key (marks it used), or nullptr.
  const toml::node* node(std::string_view key);
  const toml::source_region& source() const { return table_.source(); }
  Diagnostics& diag() { return diag_; }

  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, int& out, std::int64_t min, std::int64_t max);
  bool read(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);
  bool read(std::string_view key, Date& out);
  bool read(std::string_view key, Instant& out);
  bool read(std::string_view key, std::vector<std::string>& out);
  bool read(std::string_view key, std::vector<Date>& out);
  // Money as `<stem>_fen` (integer fen, ≥ 0) or `<stem>` (text in yuan, "200.00"); not both.
  bool read_money(std::string_view stem, Money& out);
  // An inline table or sub-table of badge code → non-negative count (free quotas).
  bool read_counts(std::string_view key, std::map<std::string, std::int64_t>& out);
  // Accepts only the mask "***" (what `config show` prints); any other value is config.secret,
  // since secrets come from the environment or a file, never from ciie.toml itself.
  void read_masked_secret(std::string_view key);

  // A sub-table (e.g. [invoice.seller]); nullptr when absent or not a table (reported).
  const toml::table* table(std::string_view key);
  // An array of tables ([[delegation]]), each with its dotted path "delegation[3]"; empty when
  // absent or of the wrong type (reported). `present` tells the two apart.
  std::vector<std::pair<const toml::table*, std::string>> tables(std::string_view key,
                                                                 bool* present = nullptr);

  // Reports `key` as config.invalid "missing" unless present.
  bool require(std::string_view key);
  // Reports a bad value of a present key.
  void invalid(std::string_view key, std::string message);
  // Reports every key of the table that no read_* or node() asked for.
  void finish();

 private:
  void type_error(std::string_view key, const toml::node& node, std::string_view expected);
  const toml::node* typed(std::string_view key, bool ok_type(const toml::node&),
                          std::string_view expected);

  const toml::table& table_;
  std::string path_;
  Diagnostics& diag_;
  std::set<std::string, std::less<>> used_;
};

// The Instant a TOML offset date-time names. REQUIRES: dt.offset has a value.
Instant to_instant(const toml::date_time& dt);

}  // namespace ciie::cli::config_detail
