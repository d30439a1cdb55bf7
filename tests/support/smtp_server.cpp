// The test SMTP server: one session per connection, commands answered from the script.
#include "support/smtp_server.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "support/loopback_server.hpp"

namespace ciie::test {
namespace {

constexpr std::size_t kMaxDataBytes = 16 * 1024 * 1024;

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return out;
}

bool has_verb(const std::string& line, std::string_view verb) {
  return upper(line.substr(0, verb.size())) == verb;
}

// "<a@b.cn> SIZE=12" after "MAIL FROM:" → "a@b.cn".
std::string path_argument(std::string_view rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const std::size_t open = rest.find('<');
  const std::size_t close = rest.find('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::string(rest.substr(0, rest.find(' ')));
  }
  return std::string(rest.substr(open + 1, close - open - 1));
}

}  // namespace

struct SmtpServer::Session {
  const LoopbackServer& io;
  int fd;
  std::string buffer;
  SmtpMessage message;

  bool reply(std::string_view text) const {
    return LoopbackServer::write_all(fd, std::string(text) + "\r\n");
  }
  void reset() {
    const std::string helo = message.helo;
    message = SmtpMessage{};
    message.helo = helo;
  }
};

SmtpServer::SmtpServer(SmtpScript script)
    : script_(std::move(script)),
      rcpt_replies_(script_.rcpt_replies.begin(), script_.rcpt_replies.end()),
      listener_(std::make_unique<LoopbackServer>(
          [this](const LoopbackServer& io, int fd) { serve(io, fd); })) {}

SmtpServer::~SmtpServer() { listener_->stop(); }

int SmtpServer::port() const { return listener_->port(); }

std::string SmtpServer::url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }

std::vector<SmtpMessage> SmtpServer::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> SmtpServer::commands() const {
  const std::lock_guard lock(mutex_);
  return commands_;
}

bool SmtpServer::wait_for_messages(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return accepted_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
}

void SmtpServer::serve(const LoopbackServer& io, int fd) {
  Session session{io, fd, {}, {}};
  if (!session.reply("220 ciie-test ESMTP ready")) return;
  std::string line;
  while (io.read_line(fd, session.buffer, line)) {
    record_command(line);
    if (!handle(session, line)) return;
  }
}

// Answers one command; false when the session is over.
bool SmtpServer::handle(Session& session, const std::string& line) {
  if (has_verb(line, "EHLO ")) {
    session.message.helo = line.substr(5);
    if (script_.offer_auth) return session.reply("250-ciie-test\r\n250 AUTH PLAIN");
    return session.reply("250 ciie-test");
  }
  if (has_verb(line, "HELO ")) {
    session.message.helo = line.substr(5);
    return session.reply("250 ciie-test");
  }
  if (has_verb(line, "AUTH PLAIN")) {
    if (line.size() <= 11) {  // no initial response: ask for it
      std::string credentials;
      if (!session.reply("334 ") ||
          !session.io.read_line(session.fd, session.buffer, credentials)) {
        return false;
      }
      record_command(credentials);
    }
    return session.reply("235 2.7.0 Authentication successful");
  }
  if (has_verb(line, "MAIL FROM:")) {
    session.reset();
    session.message.mail_from = path_argument(std::string_view(line).substr(10));
    return session.reply(script_.mail_reply);
  }
  if (has_verb(line, "RCPT TO:")) {
    const std::string answer = next_rcpt_reply();
    if (!answer.empty() && answer.front() == '2') {
      session.message.rcpt_to.push_back(path_argument(std::string_view(line).substr(8)));
    }
    return session.reply(answer);
  }
  if (upper(line) == "DATA") return receive_data(session);
  if (upper(line) == "RSET") {
    session.reset();
    return session.reply("250 2.0.0 OK");
  }
  if (upper(line) == "NOOP") return session.reply("250 2.0.0 OK");
  if (upper(line) == "QUIT") {
    session.reply("221 2.0.0 bye");
    return false;
  }
  return session.reply("502 5.5.2 command not recognised");
}

bool SmtpServer::receive_data(Session& session) {
  if (session.message.rcpt_to.empty()) return session.reply("503 5.5.1 no valid recipients");
  if (!session.reply("354 end data with <CR><LF>.<CR><LF>")) return false;
  std::string data;
  std::string line;
  for (;;) {
    if (!session.io.read_line(session.fd, session.buffer, line)) return false;
    if (line == ".") break;
    if (!line.empty() && line.front() == '.') line.erase(0, 1);  // dot-stuffing (RFC 5321 4.5.2)
    if (data.size() + line.size() > kMaxDataBytes) return false;
    data += line + "\r\n";
  }
  session.message.data = std::move(data);
  const bool ok = !script_.end_of_data_reply.empty() && script_.end_of_data_reply.front() == '2';
  if (ok) {
    {
      const std::lock_guard lock(mutex_);
      messages_.push_back(session.message);
    }
    accepted_.notify_all();
  }
  session.reset();
  return session.reply(script_.end_of_data_reply);
}

std::string SmtpServer::next_rcpt_reply() {
  const std::lock_guard lock(mutex_);
  if (rcpt_replies_.empty()) return script_.rcpt_reply;
  std::string reply = std::move(rcpt_replies_.front());
  rcpt_replies_.pop_front();
  return reply;
}

void SmtpServer::record_command(const std::string& line) {
  const std::lock_guard lock(mutex_);
  commands_.push_back(line);
}

}  // namespace ciie::test
