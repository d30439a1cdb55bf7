// Reading [payment] and [notify], the two ciie.toml sections that refer to secrets. A secret is
// named, never written: `<name>_env` (an environment variable, looked up through the injected
// EnvLookup) or `<name>_file` (a file outside the repository, read here); `<name> = "***"` is
// accepted only as the mask `config show` prints.
#include <fstream>
#include <limits>
#include <string>

#include "config_sections.hpp"

namespace ciie::cli::config_detail {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

std::string trim_trailing_space(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
    s.pop_back();
  }
  return s;
}

// A secret is a key or a password: a few hundred bytes. The cap keeps a `_file` that names a
// device or a huge file by mistake (/dev/zero, /dev/urandom, a log) from reading without end.
constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// The file's content, at most kMaxSecretBytes + 1 bytes (one more tells that it is over);
// nullopt when it cannot be opened or read.
std::optional<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content(kMaxSecretBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (in.bad()) return std::nullopt;
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

// Where a secret comes from and, once resolved, its value.
struct SecretRef {
  std::string& env_name;
  std::string& file_name;
  std::string& value;
};

void secret_problem(TableReader& r, std::string_view key, std::string message) {
  const toml::node* n = r.node(key);
  r.diag().add(n != nullptr ? n->source() : r.source(), r.key_path(key), kSecret,
               r.key_path(key) + ": " + message);
}

// Reads `<stem>_env` / `<stem>_file` / `<stem>` (mask only) and resolves the secret. An unset
// variable or unreadable file is reported (config.secret) rather than silently left empty:
// a gateway without its key would accept no notice, and the operator should hear it at check.
void read_secret(TableReader& r, std::string_view stem, SecretRef ref, const EnvLookup& env) {
  const std::string env_key = std::string(stem) + "_env";
  const std::string file_key = std::string(stem) + "_file";
  r.read_masked_secret(stem);
  const bool has_env = r.read(env_key, ref.env_name);
  const bool has_file = r.read(file_key, ref.file_name);
  if (has_env && has_file) {
    r.invalid(file_key, "give " + env_key + " or " + file_key + ", not both");
    return;
  }
  if (has_env) {
    std::optional<std::string> value = env ? env(ref.env_name) : std::nullopt;
    if (!value)
      return secret_problem(r, env_key, "environment variable " + ref.env_name + " is not set");
    if (value->empty()) {
      return secret_problem(r, env_key, "environment variable " + ref.env_name + " is empty");
    }
    ref.value = *value;
  } else if (has_file) {
    std::optional<std::string> content = read_secret_file(ref.file_name);
    if (!content) return secret_problem(r, file_key, "cannot read " + ref.file_name);
    if (content->size() > kMaxSecretBytes) {
      return secret_problem(r, file_key, ref.file_name + " is larger than " +
                                             std::to_string(kMaxSecretBytes / 1024) + " KiB");
    }
    ref.value = trim_trailing_space(std::move(*content));
    if (ref.value.empty()) return secret_problem(r, file_key, ref.file_name + " is empty");
  }
}

GatewayRules read_gateway(const toml::table& table, const std::string& path, Diagnostics& diag,
                          const EnvLookup& env) {
  TableReader r(table, path, diag);
  GatewayRules g;
  r.require("name");
  r.require("base_url");
  r.read("name", g.name);
  r.read("base_url", g.base_url);
  read_secret(r, "secret", SecretRef{g.secret_env, g.secret_file, g.secret}, env);
  r.finish();
  return g;
}

}  // namespace

void read_payment(TableReader& root, PaymentRules& out, const EnvLookup& env) {
  const toml::table* table = root.table("payment");
  if (table == nullptr) return;
  TableReader r(*table, "payment", root.diag());
  r.read("timeout_ms", out.timeout_ms, 1, kMaxInt);
  r.read("retries", out.retries, 0, 100);
  r.read("retry_backoff_ms", out.retry_backoff_ms, 0, kMaxInt);
  r.read("notice_max_age_seconds", out.notice_max_age_seconds, 1, kMaxInt);
  r.read("transfer_account_name", out.transfer_account_name);
  r.read("transfer_bank", out.transfer_bank);
  r.read("transfer_account_number", out.transfer_account_number);
  bool present = false;
  auto gateways = r.tables("gateway", &present);
  if (present) {
    out.gateways.clear();
    for (const auto& [gateway, path] : gateways) {
      out.gateways.push_back(read_gateway(*gateway, path, root.diag(), env));
    }
  }
  r.finish();
}

void read_notify(TableReader& root, NotifyRules& out, const EnvLookup& env) {
  const toml::table* table = root.table("notify");
  if (table == nullptr) return;
  TableReader r(*table, "notify", root.diag());
  r.read("sms_backend", out.sms_backend);
  r.read("email_backend", out.email_backend);
  r.read("http_url", out.http_url);
  read_secret(r, "http_auth",
              SecretRef{out.http_auth_env, out.http_auth_file, out.http_auth_header}, env);
  r.read("http_timeout_ms", out.http_timeout_ms, 1, kMaxInt);
  r.read("http_retries", out.http_retries, 0, 100);
  r.read("http_retry_backoff_ms", out.http_retry_backoff_ms, 0, kMaxInt);
  r.read("smtp_url", out.smtp_url);
  r.read("smtp_user", out.smtp_user);
  read_secret(r, "smtp_password",
              SecretRef{out.smtp_password_env, out.smtp_password_file, out.smtp_password}, env);
  r.read("smtp_from", out.smtp_from);
  r.read("smtp_timeout_ms", out.smtp_timeout_ms, 1, kMaxInt);
  r.read("smtp_retries", out.smtp_retries, 0, 100);
  r.read("smtp_retry_backoff_ms", out.smtp_retry_backoff_ms, 0, kMaxInt);
  r.finish();
}

}  // namespace ciie::cli::config_detail
