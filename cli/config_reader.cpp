// Typed, located reading of ciie.toml tables: type checks, range checks and unknown-key
// reports, each problem placed at the line and column toml++ recorded for the node.
#include "config_reader.hpp"

#include <limits>
#include <utility>

namespace ciie::cli::config_detail {
namespace {

std::string describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

bool is_string(const toml::node& n) { return n.is_string(); }
bool is_boolean(const toml::node& n) { return n.is_boolean(); }
bool is_integer(const toml::node& n) { return n.is_integer(); }
bool is_table(const toml::node& n) { return n.is_table(); }
bool is_array(const toml::node& n) { return n.is_array(); }
bool is_date_like(const toml::node& n) { return n.is_date() || n.is_string(); }
bool is_instant_like(const toml::node& n) { return n.is_date_time() || n.is_string(); }

std::string range_text(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) {
    return "it must be at least " + std::to_string(min);
  }
  return "it must be " + std::to_string(min) + "–" + std::to_string(max);
}

// The parent of a dotted key: "a.b[2].c" → "a.b[2]" → "a.b" → "a" → "".
std::string parent_key(const std::string& key) {
  const std::size_t cut = key.find_last_of(".[");
  return cut == std::string::npos ? std::string() : key.substr(0, cut);
}

// A date: a TOML local date (2024-11-05), or a string Date::parse accepts.
std::optional<Date> date_of(const toml::node& n) {
  if (const auto* d = n.as_date()) {
    const toml::date& v = d->get();
    return Date{v.year, v.month, v.day};
  }
  Result<Date> parsed = Date::parse(n.as_string()->get());
  if (!parsed.is_ok() || !parsed->is_valid()) return std::nullopt;
  return *parsed;
}

}  // namespace

// ---- Diagnostics -------------------------------------------------------------------------

void Diagnostics::add(const toml::source_region& where, std::string key, std::string_view reason,
                      std::string message) {
  problems_.push_back(ConfigProblem{static_cast<long>(where.begin.line),
                                    static_cast<long>(where.begin.column), std::move(key),
                                    std::string(reason), std::move(message)});
}

void Diagnostics::remember(const std::string& key, const toml::source_region& where, bool replace) {
  if (replace) {
    places_.insert_or_assign(key, where.begin);
  } else {
    places_.emplace(key, where.begin);
  }
}

std::optional<toml::source_position> Diagnostics::find(std::string key) const {
  while (!key.empty()) {
    if (auto it = places_.find(key); it != places_.end()) return it->second;
    key = parent_key(key);
  }
  return std::nullopt;
}

// ---- TableReader -------------------------------------------------------------------------

TableReader::TableReader(const toml::table& table, std::string path, Diagnostics& diag)
    : table_(table), path_(std::move(path)), diag_(diag) {}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* TableReader::node(std::string_view key) {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return nullptr;
  used_.insert(std::string(key));
  diag_.remember(key_path(key), n->source());
  return n;
}

void TableReader::type_error(std::string_view key, const toml::node& n, std::string_view expected) {
  diag_.add(n.source(), key_path(key), kType,
            key_path(key) + " must be " + std::string(expected) + ", not " + describe(n));
}

void TableReader::invalid(std::string_view key, std::string message) {
  const toml::node* n = table_.get(key);
  diag_.add(n != nullptr ? n->source() : table_.source(), key_path(key), kInvalid,
            key_path(key) + ": " + message);
}

const toml::node* TableReader::typed(std::string_view key, bool ok_type(const toml::node&),
                                     std::string_view expected) {
  const toml::node* n = node(key);
  if (n == nullptr) return nullptr;
  if (!ok_type(*n)) {
    type_error(key, *n, expected);
    return nullptr;
  }
  return n;
}

bool TableReader::read(std::string_view key, std::string& out) {
  const toml::node* n = typed(key, is_string, "a string");
  if (n == nullptr) return false;
  out = n->as_string()->get();
  return true;
}

bool TableReader::read(std::string_view key, bool& out) {
  const toml::node* n = typed(key, is_boolean, "a boolean (true or false)");
  if (n == nullptr) return false;
  out = n->as_boolean()->get();
  return true;
}

bool TableReader::read(std::string_view key, std::int64_t& out, std::int64_t min,
                       std::int64_t max) {
  const toml::node* n = typed(key, is_integer, "an integer");
  if (n == nullptr) return false;
  const std::int64_t v = n->as_integer()->get();
  if (v < min || v > max) {
    invalid(key, std::to_string(v) + " is out of range: " + range_text(min, max));
    return false;
  }
  out = v;
  return true;
}

bool TableReader::read(std::string_view key, int& out, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  if (!read(key, v, std::max<std::int64_t>(min, std::numeric_limits<int>::min()),
            std::min<std::int64_t>(max, std::numeric_limits<int>::max()))) {
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

bool TableReader::read(std::string_view key, Date& out) {
  const toml::node* n = typed(key, is_date_like, "a date (2024-11-05)");
  if (n == nullptr) return false;
  std::optional<Date> d = date_of(*n);
  if (!d) {
    invalid(key, "\"" + std::string(n->as_string()->get()) + "\" is not a date (YYYY-MM-DD)");
    return false;
  }
  out = *d;
  return true;
}

bool TableReader::read(std::string_view key, Instant& out) {
  const toml::node* n = typed(key, is_instant_like, "a date-time with offset");
  if (n == nullptr) return false;
  if (const auto* dt = n->as_date_time()) {
    if (!dt->get().offset) {
      invalid(key, "a time needs its offset, e.g. 2024-10-20T23:59:59+08:00");
      return false;
    }
    out = to_instant(dt->get());
    return true;
  }
  const std::string& text = n->as_string()->get();
  Result<Instant> parsed = Instant::parse(text);
  if (!parsed.is_ok()) {
    invalid(key, "\"" + text + "\" is not an ISO-8601 time with offset");
    return false;
  }
  out = *parsed;
  return true;
}

bool TableReader::read(std::string_view key, std::vector<std::string>& out) {
  const toml::node* n = typed(key, is_array, "an array of strings");
  if (n == nullptr) return false;
  std::vector<std::string> values;
  bool ok = true;
  for (const toml::node& e : *n->as_array()) {
    if (!e.is_string()) {
      diag_.add(e.source(), key_path(key), kType,
                key_path(key) + " holds strings only, not " + describe(e));
      ok = false;
      continue;
    }
    values.push_back(e.as_string()->get());
  }
  if (ok) out = std::move(values);
  return ok;
}

bool TableReader::read(std::string_view key, std::vector<Date>& out) {
  const toml::node* n = typed(key, is_array, "an array of dates");
  if (n == nullptr) return false;
  std::vector<Date> values;
  bool ok = true;
  for (const toml::node& e : *n->as_array()) {
    std::optional<Date> d = is_date_like(e) ? date_of(e) : std::nullopt;
    if (!d) {
      const bool wrong_type = !is_date_like(e);
      diag_.add(e.source(), key_path(key), wrong_type ? kType : kInvalid,
                key_path(key) + " holds dates only (YYYY-MM-DD), not " + describe(e));
      ok = false;
      continue;
    }
    values.push_back(*d);
  }
  if (ok) out = std::move(values);
  return ok;
}

bool TableReader::read_money(std::string_view stem, Money& out) {
  const std::string fen_key = std::string(stem) + "_fen";
  if (has(fen_key) && has(stem)) {
    node(fen_key);
    node(stem);
    invalid(stem, "give " + fen_key + " or " + std::string(stem) + ", not both");
    return false;
  }
  if (has(fen_key)) {
    std::int64_t fen = 0;
    if (!read(fen_key, fen, 0, std::numeric_limits<std::int64_t>::max())) return false;
    out = Money::from_fen(fen);
    return true;
  }
  std::string text;
  if (!read(stem, text)) return false;
  Result<Money> parsed = Money::parse(text);
  if (!parsed.is_ok() || parsed->is_negative()) {
    invalid(stem, "\"" + text + "\" is not a non-negative amount in yuan (e.g. \"200.00\")");
    return false;
  }
  out = *parsed;
  return true;
}

bool TableReader::read_counts(std::string_view key, std::map<std::string, std::int64_t>& out) {
  const toml::node* n = typed(key, is_table, "a table of badge code = count");
  if (n == nullptr) return false;
  std::map<std::string, std::int64_t> counts;
  bool ok = true;
  for (auto&& [code, value] : *n->as_table()) {
    const std::string path = key_path(key) + "." + std::string(code.str());
    diag_.remember(path, value.source());
    if (!value.is_integer()) {
      diag_.add(value.source(), path, kType, path + " must be an integer, not " + describe(value));
      ok = false;
    } else if (value.as_integer()->get() < 0) {
      diag_.add(value.source(), path, kInvalid, path + ": a count cannot be negative");
      ok = false;
    } else {
      counts[std::string(code.str())] = value.as_integer()->get();
    }
  }
  if (ok) out = std::move(counts);
  return ok;
}

void TableReader::read_masked_secret(std::string_view key) {
  const toml::node* n = node(key);
  if (n == nullptr) return;
  if (n->is_string() && n->as_string()->get() == kMask) return;
  diag_.add(n->source(), key_path(key), kSecret,
            key_path(key) +
                ": secrets are never written in ciie.toml; name an environment "
                "variable (" +
                std::string(key) + "_env) or a file (" + std::string(key) + "_file) instead");
}

const toml::table* TableReader::table(std::string_view key) {
  const toml::node* n = typed(key, is_table, "a table");
  return n == nullptr ? nullptr : n->as_table();
}

std::vector<std::pair<const toml::table*, std::string>> TableReader::tables(std::string_view key,
                                                                            bool* present) {
  std::vector<std::pair<const toml::table*, std::string>> out;
  const toml::node* n = typed(key, is_array, "an array of tables ([[" + std::string(key) + "]])");
  if (present != nullptr) *present = n != nullptr;
  if (n == nullptr) return out;
  std::size_t index = 0;
  for (const toml::node& e : *n->as_array()) {
    const std::string path = key_path(key) + "[" + std::to_string(index++) + "]";
    if (!e.is_table()) {
      diag_.add(e.source(), path, kType, path + " must be a table, not " + describe(e));
      continue;
    }
    diag_.remember(path, e.source());
    out.emplace_back(e.as_table(), path);
  }
  return out;
}

bool TableReader::require(std::string_view key) {
  if (has(key)) return true;
  diag_.add(table_.source(), key_path(key), kInvalid,
            "[" + path_ + "] needs the key \"" + std::string(key) + "\"");
  return false;
}

void TableReader::finish() {
  for (auto&& [key, value] : table_) {
    if (used_.count(key.str()) != 0) continue;
    const std::string where = path_.empty() ? "at the top level" : "in [" + path_ + "]";
    diag_.add(key.source(), key_path(key.str()), kUnknownKey,
              "unknown key \"" + std::string(key.str()) + "\" " + where);
  }
}

Instant to_instant(const toml::date_time& dt) {
  const Date day{dt.date.year, dt.date.month, dt.date.day};
  const std::int64_t local_seconds =
      day.days_since_epoch() * 86400 + dt.time.hour * 3600 + dt.time.minute * 60 + dt.time.second;
  const std::int64_t utc_seconds = local_seconds - std::int64_t{dt.offset->minutes} * 60;
  return Instant::from_unix_micros(utc_seconds * 1'000'000 + dt.time.nanosecond / 1000);
}

}  // namespace ciie::cli::config_detail
