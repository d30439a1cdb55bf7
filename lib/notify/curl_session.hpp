// A libcurl easy handle with its header list, owned (RAII), and the two transfers the notify
// backends need: an HTTP POST and an SMTP send. libcurl types stay inside curl_session.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ciie::notify {

// How one transfer ended.
struct TransferResult {
  bool completed = false;  // libcurl finished the transfer (an HTTP status of any class counts)
  bool transient = false;  // !completed and worth retrying: no connection, timeout, reset, …
  std::string error;       // libcurl's explanation when !completed, else ""
  long response_code = 0;  // the HTTP status, or the last SMTP reply code; 0 when none arrived
  std::string body;        // the HTTP response body, at most kMaxBodyBytes
  std::string last_reply;  // the last SMTP reply line (e.g. "550 5.1.1 no such user"), or ""
};

// Captured response bodies are cut here: an error text needs no more and a hostile server cannot
// make us buffer without bound.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

struct HttpPost {
  std::string url;
  std::vector<std::string> headers;  // complete lines, "Content-Type: application/json"
  std::string body;
  std::int64_t timeout_ms = 5'000;  // for the connection and for the whole transfer
};

struct SmtpSend {
  std::string url;   // smtp://host:port[/ehlo-domain] or smtps://…
  std::string user;  // empty: no AUTH
  std::string password;
  std::string mail_from;                // bare address, sent as MAIL FROM:<…>
  std::vector<std::string> recipients;  // bare addresses, RCPT TO:<…>
  std::string payload;                  // the RFC 5322 message, CRLF line ends
  std::int64_t timeout_ms = 10'000;
};

// One reusable easy handle. Retries reuse it so that libcurl can keep its connection cache.
// Thread-safety: none; use one session per thread (creating one is cheap). libcurl's global
// initialisation happens once per process, the first time any session is made.
class CurlSession {
 public:
  CurlSession();
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  // Runs one POST. Never follows redirects; only http and https are allowed.
  TransferResult post(const HttpPost& request);
  // Runs one SMTP transaction (EHLO, optional STARTTLS/AUTH, MAIL, RCPT…, DATA, QUIT). Only
  // smtp and smtps are allowed; STARTTLS is used when the server offers it.
  TransferResult send_mail(const SmtpSend& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ciie::notify
