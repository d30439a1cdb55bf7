// Human and machine output, and the single shape of an error on both channels.
#include "output.hpp"

#include "exit_status.hpp"

namespace ciie::cli {

Output::Output(std::FILE* out, std::FILE* err, bool json, int verbosity)
    : out_(out), err_(err), json_(json), verbosity_(verbosity) {}

void Output::text(const std::string& s) {
  if (json_) return;
  std::fwrite(s.data(), 1, s.size(), out_);
}

void Output::json(const nlohmann::json& doc) {
  // Invalid UTF-8 from user input is replaced rather than aborting the whole document.
  const std::string line = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
}

void Output::note(const std::string& s) {
  if (verbosity_ < 0) return;
  std::fwrite(s.data(), 1, s.size(), err_);
}

nlohmann::json Output::error_json(const Status& status) {
  nlohmann::json error = {{"reason", status.reason()}, {"message", status.message()}};
  nlohmann::json details = nlohmann::json::object();
  for (const Detail& detail : status.details()) details[detail.key] = detail.value;
  error["details"] = details;
  if (status.line()) error["line"] = *status.line();
  if (!status.field().empty()) error["field"] = status.field();
  return error;
}

int Output::fail(const Status& status) {
  const std::string message = "ciie: " + status.to_string() + "\n";
  std::fwrite(message.data(), 1, message.size(), err_);
  if (json_) json({{"ok", false}, {"error", error_json(status)}});
  return exit_status(status.code());
}

}  // namespace ciie::cli
