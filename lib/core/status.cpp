// Status rendering and the names of failure classes.
#include "ciie/status.hpp"

namespace ciie {

std::string_view code_name(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kRefused:
      return "refused";
    case Code::kInvalidInput:
      return "invalid_input";
    case Code::kNotFound:
      return "not_found";
    case Code::kConflict:
      return "conflict";
    case Code::kStorage:
      return "storage";
    case Code::kExternal:
      return "external";
    case Code::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string text = reason_ + ": " + message_;
  if (line_ || !field_.empty()) {
    text += " (";
    if (line_) text += "line " + std::to_string(*line_);
    if (line_ && !field_.empty()) text += ", ";
    if (!field_.empty()) text += "field " + field_;
    text += ")";
  }
  return text;
}

}  // namespace ciie
