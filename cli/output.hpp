// Output: where a command's results and refusals go. Human text on stdout, diagnostics on
// stderr; with --json, stdout carries exactly one JSON document (or JSON Lines for bulk work)
// and a refusal is printed both as {"ok":false,"error":{…}} on stdout and as text on stderr.
#pragma once

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "ciie/status.hpp"

namespace ciie::cli {

// Thread-safety: not thread-safe; one per process.
class Output {
 public:
  Output(std::FILE* out, std::FILE* err, bool json, int verbosity);

  bool json_mode() const { return json_; }
  int verbosity() const { return verbosity_; }

  // Human text to stdout (ignored in --json mode). Appends nothing: include the newline.
  void text(const std::string& s);
  // One JSON document (or one JSON Lines row) to stdout, compact, newline-terminated.
  void json(const nlohmann::json& doc);
  // A warning or progress line to stderr (suppressed by -q).
  void note(const std::string& s);
  // Reports a refusal: the human message on stderr, and in --json mode the error document on
  // stdout. Returns the exit status for it.
  int fail(const Status& status);

  // {"reason":…, "message":…, "details":{…}, "line":…, "field":…} for a Status.
  static nlohmann::json error_json(const Status& status);

 private:
  std::FILE* out_;
  std::FILE* err_;
  bool json_;
  int verbosity_;
};

}  // namespace ciie::cli
