// Lookups in the compiled-in GB/T 2260 history (1981 onwards). The table is generated at build
// time (divisions_table.hpp) and sorted by code, so every lookup is a binary search.
#include <algorithm>
#include <span>

#include "ciie/codes.hpp"

#include "codes/divisions_table.hpp"

namespace ciie::codes {
namespace {

using detail::DivisionRow;

std::span<const DivisionRow> all_rows() {
  return {detail::kDivisionRows, detail::kDivisionRowCount};
}

// Orders rows against a bare code, in both argument orders, for the heterogeneous searches.
struct ByCode {
  bool operator()(const DivisionRow& row, std::string_view code) const { return row.code < code; }
  bool operator()(std::string_view code, const DivisionRow& row) const { return code < row.code; }
};

// The contiguous rows of one code, oldest first (empty when the code is unknown).
std::span<const DivisionRow> rows_of(std::string_view code) {
  const std::span<const DivisionRow> rows = all_rows();
  const auto [first, last] = std::equal_range(rows.begin(), rows.end(), code, ByCode{});
  return {first, last};
}

Division to_division(const DivisionRow& row) {
  return Division{row.code,  row.name,       row.province, row.prefecture,
                  row.level, row.first_year, row.last_year};
}

// Whether a row's years [first_year, last_year] (open-ended when last_year is 0) meet [from, to].
bool in_use_between(const DivisionRow& row, int from_year, int to_year) {
  return row.first_year <= to_year && (row.last_year == 0 || row.last_year >= from_year);
}

constexpr std::string_view kUnderProvince = "直辖";  // a county directly under its province

}  // namespace

std::vector<Division> find_division(std::string_view code) {
  std::vector<Division> found;
  for (const DivisionRow& row : rows_of(code)) found.push_back(to_division(row));
  return found;
}

std::string division_full_name(std::string_view code) {
  const std::span<const DivisionRow> rows = rows_of(code);
  if (rows.empty()) return {};
  const DivisionRow& newest = rows.back();
  if (newest.level == 1) return std::string(newest.name);
  std::string name(newest.province);
  if (newest.level == 3 && newest.prefecture != kUnderProvince) name += newest.prefecture;
  name += newest.name;
  return name;
}

bool division_in_use_between(std::string_view code, int from_year, int to_year) {
  const std::span<const DivisionRow> rows = rows_of(code);
  return std::any_of(rows.begin(), rows.end(), [&](const DivisionRow& row) {
    return in_use_between(row, from_year, to_year);
  });
}

std::vector<Division> prefectures_in_use(std::string_view province2, int year) {
  std::vector<Division> found;
  if (province2.size() != 2) return found;
  // Codes that start with the prefix form one contiguous run of the sorted table.
  const std::span<const DivisionRow> rows = all_rows();
  auto it = std::lower_bound(rows.begin(), rows.end(), province2, ByCode{});
  for (; it != rows.end() && it->code.substr(0, 2) == province2; ++it) {
    if (it->level == 2 && in_use_between(*it, year, year)) found.push_back(to_division(*it));
  }
  return found;
}

std::string_view divisions_version() { return detail::kDivisionsVersion; }

}  // namespace ciie::codes
