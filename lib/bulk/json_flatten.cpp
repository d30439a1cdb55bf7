// A SAX handler rather than json::parse(): it keeps the original text of every number (a DOM
// would turn 12.50 into 12.5 and large integers into doubles), sees duplicate keys, and builds
// the compact text of nested values as it goes.
#include "bulk/json_flatten.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace ciie::bulk {
namespace {

using Json = nlohmann::json;

enum class ValueKind { kString, kNull, kOther };

// The part of a nlohmann message after "[json.exception.parse_error.101] parse error at …: ".
std::string parse_error_detail(const std::string& what) {
  const std::size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Thread-safety: one per parse.
class FlattenSax {
 public:
  FlattenSax(long line, std::size_t max_field_bytes)
      : line_(line), max_field_bytes_(max_field_bytes) {}

  bool null() { return value("null", ValueKind::kNull); }
  bool boolean(bool flag) { return value(flag ? "true" : "false", ValueKind::kOther); }
  bool number_integer(Json::number_integer_t number) {
    return value(std::to_string(number), ValueKind::kOther);
  }
  bool number_unsigned(Json::number_unsigned_t number) {
    return value(std::to_string(number), ValueKind::kOther);
  }
  bool number_float(Json::number_float_t /*number*/, const std::string& text) {
    return value(text, ValueKind::kOther);
  }
  bool string(std::string& text) {
    if (text.find('\0') != std::string::npos) return nul(key_);
    return value(std::move(text), ValueKind::kString);
  }
  bool binary(Json::binary_t& /*bytes*/) { return syntax("binary values are not JSON text"); }
  bool start_object(std::size_t /*size*/) { return open('{'); }
  bool start_array(std::size_t /*size*/) { return open('['); }
  bool end_object() { return close('}'); }
  bool end_array() { return close(']'); }
  bool key(std::string& name);
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const Json::exception& error) {
    return syntax("not valid JSON: " + parse_error_detail(error.what()));
  }

  std::optional<Status>& failure() { return failure_; }
  FlatObject& result() { return result_; }

 private:
  bool value(std::string text, ValueKind kind);
  bool open(char bracket);
  bool close(char bracket);
  void separate();
  bool store(std::string text);
  bool fail(Status error);
  // An escaped \u0000 decodes to a NUL byte, which the UTF-8 check refuses when written raw:
  // refused the same way here, so that no spelling of NUL reaches a command (bulk-input.md).
  bool nul(const std::string& field) {
    return fail(Status::invalid_input("bulk.encoding",
                                      "a NUL character (\\u0000) in a JSON string; the input "
                                      "must be text")
                    .at(line_, field));
  }
  bool syntax(std::string message) {
    return fail(Status::invalid_input("bulk.syntax", std::move(message)).at(line_));
  }

  long line_;
  std::size_t max_field_bytes_;
  int depth_ = 0;               // containers open: 1 inside the top-level object
  std::string key_;             // the current top-level key
  std::string nested_;          // compact text of the nested value under key_
  std::vector<bool> written_;   // per open nested container: has an element been written
  bool after_key_ = false;      // a nested key was written; its value needs no comma
  FlatObject result_;
  std::optional<Status> failure_;
};

bool FlattenSax::key(std::string& name) {
  if (name.find('\0') != std::string::npos) return nul(depth_ == 1 ? std::string() : key_);
  if (depth_ == 1) {
    // An empty key would be a field without a name: a CSV header refuses that too (bulk.column).
    if (name.empty()) {
      return fail(Status::invalid_input("bulk.syntax", "a key is empty").at(line_));
    }
    if (std::find(result_.keys.begin(), result_.keys.end(), name) != result_.keys.end()) {
      return fail(Status::invalid_input("bulk.syntax", "the key \"" + name + "\" appears twice")
                      .at(line_, name));
    }
    result_.keys.push_back(name);
    key_ = std::move(name);
    return true;
  }
  separate();
  nested_ += Json(std::move(name)).dump();
  nested_ += ':';
  after_key_ = true;
  return true;
}

bool FlattenSax::value(std::string text, ValueKind kind) {
  if (depth_ == 0) return syntax("the line is not a JSON object");
  if (depth_ == 1) return kind == ValueKind::kNull ? true : store(std::move(text));
  separate();
  nested_ += kind == ValueKind::kString ? Json(std::move(text)).dump() : text;
  return true;
}

bool FlattenSax::open(char bracket) {
  if (depth_ == 0 && bracket != '{') return syntax("the line is not a JSON object");
  if (depth_ == 1) {
    nested_.clear();
    after_key_ = false;
  } else if (depth_ > 1) {
    separate();
  }
  if (depth_ > 0) {
    nested_ += bracket;
    written_.push_back(false);
  }
  ++depth_;
  return true;
}

bool FlattenSax::close(char bracket) {
  --depth_;
  if (depth_ == 0) return true;  // the top-level object
  nested_ += bracket;
  written_.pop_back();
  return depth_ == 1 ? store(std::move(nested_)) : true;
}

// Writes the comma before a nested element unless it is the value of a key just written.
void FlattenSax::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (written_.back()) nested_ += ',';
  written_.back() = true;
}

bool FlattenSax::store(std::string text) {
  if (text.size() > max_field_bytes_) {
    return fail(Status::invalid_input("bulk.too_large", "the value of \"" + key_ + "\" is over " +
                                                            std::to_string(max_field_bytes_) +
                                                            " bytes")
                    .at(line_, key_));
  }
  if (!text.empty()) result_.fields[key_] = std::move(text);
  return true;
}

// Keeps the first failure; returning false stops the parser.
bool FlattenSax::fail(Status error) {
  if (!failure_) failure_ = std::move(error);
  return false;
}

}  // namespace

Result<FlatObject> flatten_json_object(std::string_view text, long line,
                                       std::size_t max_field_bytes) {
  FlattenSax sax(line, max_field_bytes);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const Json::exception& error) {  // not expected with a SAX handler; kept as a refusal
    sax.parse_error(0, "", error);
  }
  if (sax.failure()) return std::move(*sax.failure());
  if (!parsed) {
    return Status::invalid_input("bulk.syntax", "not valid JSON").at(line);
  }
  return std::move(sax.result());
}

}  // namespace ciie::bulk
