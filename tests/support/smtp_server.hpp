// A minimal scripted SMTP server for tests, on 127.0.0.1 at an ephemeral port: 220 greeting,
// EHLO/HELO, optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA … ".", RSET, NOOP, QUIT. It records
// every command line and every accepted message (envelope and data). No TLS.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ciie::test {

class LoopbackServer;

struct SmtpScript {
  // Replies to RCPT TO, used in order, one per RCPT; afterwards `rcpt_reply`. A reply that does
  // not start with '2' refuses that recipient, e.g. "550 5.1.1 no such user" or "451 4.3.0 try
  // again later".
  std::vector<std::string> rcpt_replies;
  std::string rcpt_reply = "250 2.1.5 OK";
  std::string mail_reply = "250 2.1.0 OK";
  std::string end_of_data_reply = "250 2.0.0 queued";  // the answer to the final "."
  bool offer_auth = false;  // advertise AUTH PLAIN and accept any credentials
};

struct SmtpMessage {
  std::string helo;                  // the EHLO/HELO argument
  std::string mail_from;             // without angle brackets
  std::vector<std::string> rcpt_to;  // accepted recipients, without angle brackets
  std::string data;                  // headers and body, CRLF line ends, dot-stuffing undone
};

// Thread-safety: the accessors may be called from the test thread while the server serves.
class SmtpServer {
 public:
  // Throws std::runtime_error when it cannot listen.
  explicit SmtpServer(SmtpScript script = {});
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const;
  // "smtp://127.0.0.1:<port>".
  std::string url() const;

  std::vector<SmtpMessage> messages() const;  // accepted ones (a 250 after "."), in order
  std::vector<std::string> commands() const;  // every line received outside DATA, in order
  // Waits until at least `count` messages were accepted; false on timeout.
  bool wait_for_messages(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct Session;
  void serve(const LoopbackServer& io, int fd);
  bool handle(Session& session, const std::string& line);
  bool receive_data(Session& session);
  std::string next_rcpt_reply();
  void record_command(const std::string& line);

  const SmtpScript script_;
  mutable std::mutex mutex_;
  mutable std::condition_variable accepted_;
  std::deque<std::string> rcpt_replies_;
  std::vector<SmtpMessage> messages_;
  std::vector<std::string> commands_;
  std::unique_ptr<LoopbackServer> listener_;  // last: stopped before the state above goes
};

}  // namespace ciie::test
