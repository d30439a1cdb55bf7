// The rewriting of pg_dialect.hpp: one pass over the text, copying quoted and commented spans
// as they are.
#include "store/postgres/pg_dialect.hpp"

#include <algorithm>
#include <cctype>

namespace ciie::store::postgres {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether `sql` at `at` starts the function name `name` followed by '(' (case-insensitive,
// not the tail of a longer identifier).
bool function_at(std::string_view sql, std::size_t at, std::string_view name) {
  if (at > 0 && is_word_char(sql[at - 1])) return false;
  if (sql.size() < at + name.size() + 1) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(sql[at + i])) != name[i]) return false;
  }
  return sql[at + name.size()] == '(';
}

}  // namespace

TranslatedSql translate_to_postgres(std::string_view sql) {
  TranslatedSql out;
  out.text.reserve(sql.size() + 16);
  int next_bare = 1;
  // Reads a parameter at `i` (a '?'), appending "$N"; returns the index after it.
  auto parameter = [&](std::size_t i) {
    std::size_t j = i + 1;
    int number = 0;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) != 0) {
      number = number * 10 + (sql[j] - '0');
      ++j;
    }
    if (j == i + 1) number = next_bare;
    next_bare = number + 1;
    out.parameters = std::max(out.parameters, number);
    if (number > 0) {
      if (out.present.size() < static_cast<std::size_t>(number)) {
        out.present.resize(static_cast<std::size_t>(number), false);
      }
      out.present[static_cast<std::size_t>(number - 1)] = true;
    }
    out.text += '$';
    out.text += std::to_string(number);
    return j;
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.text.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.text.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '?') {
      i = parameter(i);
    } else if (function_at(sql, i, "instr")) {
      out.text += "strpos(";
      i += 6;
    } else if (function_at(sql, i, "json_each") && i + 10 < sql.size() && sql[i + 10] == '?') {
      out.text += "json_array_elements_text(CAST(";
      i = parameter(i + 10);
      out.text += " AS json)";
    } else {
      out.text += c;
      ++i;
    }
  }
  return out;
}

}  // namespace ciie::store::postgres
