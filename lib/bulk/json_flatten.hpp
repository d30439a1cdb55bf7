// Flattening one JSON Lines object into Record fields: strings as they are, numbers (in their
// original text) and booleans as text, null as absent, nested arrays and objects as compact JSON.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ciie/status.hpp"

namespace ciie::bulk {

struct FlatObject {
  std::map<std::string, std::string> fields;  // values that are neither null nor ""
  std::vector<std::string> keys;              // every top-level key in order, null ones included
};

// The object in `text` (one line, already checked to be UTF-8).
// Errors, located at `line` and, when there is one, the key: bulk.syntax (not JSON, not an
// object, a key given twice), bulk.too_large (a value over max_field_bytes).
Result<FlatObject> flatten_json_object(std::string_view text, long line,
                                       std::size_t max_field_bytes);

}  // namespace ciie::bulk
