// Aligned text tables for the terminal. Cells may hold Chinese text: a column's width is
// measured in display columns (East Asian wide and full-width characters take two), not bytes,
// so names can stand anywhere in a row and the columns after them still line up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ciie::cli {

// Columns `text` takes on a terminal: 2 for East Asian wide and full-width characters, 0 for
// combining marks and zero-width characters, 1 otherwise. Invalid UTF-8 bytes count 1 each.
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` display columns (nothing added when already wider).
std::string pad_to(const std::string& text, std::size_t width);

// Rows of cells (the first is usually a header): every column but the last padded to its widest
// cell, two spaces between columns, trailing spaces removed, one line per row.
std::string aligned_table(const std::vector<std::vector<std::string>>& rows);

// As above, but the columns whose `right_aligned` entry is true (numbers) are padded on the left
// so that their last characters line up; such a column is padded even when it is the last one.
// Columns beyond right_aligned.size() are left-aligned.
std::string aligned_table(const std::vector<std::vector<std::string>>& rows,
                          const std::vector<bool>& right_aligned);

}  // namespace ciie::cli
