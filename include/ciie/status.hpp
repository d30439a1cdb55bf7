// Status and Result<T>: how every libciie call reports success or a refusal.
// A refusal carries a coarse Code (which the CLI maps to an exit status) and a stable reason key
// from docs/errors.md (`uscc.checksum`) that scripts match on. No exception crosses the API.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ciie {

// Coarse classes of failure; each maps to one CLI exit status (see cli/exit_status.cpp).
enum class Code {
  kOk = 0,
  kRefused,       // a domain rule said no (exit 1)
  kInvalidInput,  // malformed arguments or input file (exit 2)
  kNotFound,      // the subject does not exist (exit 3)
  kConflict,      // exists already, locked, busy (exit 4)
  kStorage,       // the store failed or is unusable (exit 5)
  kExternal,      // a gateway, SMS service or OCR engine failed (exit 6)
  kInternal,      // a bug (exit 70)
};

// Returns "ok", "refused", "invalid_input", ... for logs and JSON.
std::string_view code_name(Code code);

// One key/value pair of structured detail attached to a refusal (printed under "details").
struct Detail {
  std::string key;
  std::string value;
};

// The outcome of an operation that returns no value.
// Thread-safety: a value type; distinct objects may be used from distinct threads.
class Status {
 public:
  Status() = default;  // ok

  static Status ok() { return Status(); }
  // A refusal by a domain rule, e.g. Status::refused("uscc.checksum", "check character is L").
  static Status refused(std::string reason, std::string message) {
    return Status(Code::kRefused, std::move(reason), std::move(message));
  }
  static Status invalid_input(std::string reason, std::string message) {
    return Status(Code::kInvalidInput, std::move(reason), std::move(message));
  }
  static Status not_found(std::string reason, std::string message) {
    return Status(Code::kNotFound, std::move(reason), std::move(message));
  }
  static Status conflict(std::string reason, std::string message) {
    return Status(Code::kConflict, std::move(reason), std::move(message));
  }
  static Status storage(std::string reason, std::string message) {
    return Status(Code::kStorage, std::move(reason), std::move(message));
  }
  static Status external(std::string reason, std::string message) {
    return Status(Code::kExternal, std::move(reason), std::move(message));
  }
  static Status internal(std::string message) {
    return Status(Code::kInternal, "internal", std::move(message));
  }

  Status(Code code, std::string reason, std::string message)
      : code_(code), reason_(std::move(reason)), message_(std::move(message)) {
    assert(code_ != Code::kOk);
  }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  // The stable reason key ("" when ok).
  const std::string& reason() const { return reason_; }
  // A human sentence; may change between versions, unlike reason().
  const std::string& message() const { return message_; }
  const std::vector<Detail>& details() const { return details_; }

  // Where in bulk input the refusal happened (1-based line; the column or field name).
  std::optional<long> line() const { return line_; }
  const std::string& field() const { return field_; }

  Status& with_detail(std::string key, std::string value) & {
    details_.push_back({std::move(key), std::move(value)});
    return *this;
  }
  Status&& with_detail(std::string key, std::string value) && {
    details_.push_back({std::move(key), std::move(value)});
    return std::move(*this);
  }
  // Names the input field at fault (without a line: single requests).
  Status&& in_field(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  Status&& at(long line, std::string field = {}) && {
    line_ = line;
    field_ = std::move(field);
    return std::move(*this);
  }
  Status& at(long line, std::string field = {}) & {
    line_ = line;
    field_ = std::move(field);
    return *this;
  }

  // "uscc.checksum: check character is L (line 3, field uscc)".
  std::string to_string() const;

 private:
  Code code_ = Code::kOk;
  std::string reason_;
  std::string message_;
  std::vector<Detail> details_;
  std::optional<long> line_;
  std::string field_;
};

// A value of type T, or the Status explaining why there is none.
// REQUIRES: value() only when is_ok(); status() is Status::ok() when a value is held.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(state_).is_ok() && "a Result needs a value or a failure");
  }

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Status::ok() when a value is held, else the failure.
  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(state_); }
  // The failure, moved out. REQUIRES: !is_ok().
  Status&& take_status() && { return std::get<Status>(std::move(state_)); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace ciie

#define CIIE_CONCAT_INNER_(a, b) a##b
#define CIIE_CONCAT_(a, b) CIIE_CONCAT_INNER_(a, b)

// Propagates a failed Status from an expression returning Status. (The variable's name is
// unique per expansion so that nested uses, e.g. inside a lambda argument, do not shadow.)
#define CIIE_RETURN_IF_ERROR(expr) \
  CIIE_RETURN_IF_ERROR_IMPL_(CIIE_CONCAT_(ciie_status_, __COUNTER__), expr)
#define CIIE_RETURN_IF_ERROR_IMPL_(var, expr) \
  do {                                        \
    ::ciie::Status var = (expr);              \
    if (!var.is_ok()) return var;             \
  } while (false)
// `CIIE_ASSIGN_OR_RETURN(auto x, expr);` — binds the value of a Result or returns its failure.
#define CIIE_ASSIGN_OR_RETURN(lhs, expr) \
  CIIE_ASSIGN_OR_RETURN_IMPL_(CIIE_CONCAT_(ciie_result_, __COUNTER__), lhs, expr)
#define CIIE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)      \
  auto tmp = (expr);                                     \
  if (!tmp.is_ok()) return std::move(tmp).take_status(); \
  lhs = std::move(tmp).value()
