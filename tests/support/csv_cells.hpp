// Splitting one line of the generated CSV files (ciie_datagen's units.csv) into its cells, for
// tests that pick rows by a column: quotes are honoured and dropped; a quoted cell holding a line
// break is not supported (the generated files have none).
#pragma once

#include <string>
#include <vector>

namespace ciie::test {

std::vector<std::string> csv_cells(const std::string& line);

}  // namespace ciie::test
