// The socket plumbing shared by the test servers (http_server, smtp_server): a listener on
// 127.0.0.1 with an ephemeral port, one background thread serving connections one at a time,
// and reads, writes and pauses that all end promptly once the server is stopping.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ciie::test {

// Thread-safety: port() from any thread; the connection handler runs on the server thread, and
// the read/write/pause helpers are for that handler.
class LoopbackServer {
 public:
  // Called once per accepted connection with this server (for its I/O helpers) and the socket,
  // which the server closes afterwards.
  using ConnectionHandler = std::function<void(const LoopbackServer& io, int fd)>;

  // How long one read or write may block before the connection is given up: a stuck client
  // cannot hold the server for longer than this.
  static constexpr int kIoTimeoutMs = 3'000;
  static constexpr std::size_t kMaxLineBytes = 64 * 1024;

  // Listens and starts the thread. Throws std::runtime_error when the socket cannot be set up.
  explicit LoopbackServer(ConnectionHandler handler) : handler_(std::move(handler)) {
    if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("pipe() failed");
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // the kernel picks a free port
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      close_all();
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~LoopbackServer() {
    stop();
    close_all();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Interrupts any read, write or pause in progress and joins the thread. Idempotent.
  void stop() {
    if (!stopping_.exchange(true)) {
      const char byte = 'x';
      [[maybe_unused]] const auto n = ::write(wake_[1], &byte, 1);  // never drained: stays ready
    }
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }

  // Waits `duration` unless the server starts stopping; false when it did.
  bool pause(std::chrono::milliseconds duration) const {
    pollfd fd{wake_[0], POLLIN, 0};
    return ::poll(&fd, 1, static_cast<int>(duration.count())) == 0;
  }

  // Appends to `buffer` whatever `fd` has; false on end of stream, error, timeout or stop.
  bool read_some(int fd, std::string& buffer) const {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, kIoTimeoutMs) <= 0 || (fds[1].revents & POLLIN) != 0) return false;
    char chunk[4096];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  // Takes one CRLF- (or LF-) terminated line from `buffer`, reading more as needed; the line is
  // returned without its end. False when the stream ends first or the line is absurdly long.
  bool read_line(int fd, std::string& buffer, std::string& line) const {
    for (;;) {
      const std::size_t end = buffer.find('\n');
      if (end != std::string::npos) {
        line.assign(buffer, 0, end > 0 && buffer[end - 1] == '\r' ? end - 1 : end);
        buffer.erase(0, end + 1);
        return true;
      }
      if (buffer.size() > kMaxLineBytes || !read_some(fd, buffer)) return false;
    }
  }

  // Sends all of `data`; false when the peer went away (no SIGPIPE either way).
  static bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

 private:
  void serve() {
    while (!stopping_) {
      pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) <= 0 || (fds[1].revents & POLLIN) != 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      timeval timeout{kIoTimeoutMs / 1000, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
      handler_(*this, fd);
      ::close(fd);
    }
  }

  void close_all() {
    for (int fd : {listen_fd_, wake_[0], wake_[1]}) {
      if (fd >= 0) ::close(fd);
    }
    listen_fd_ = wake_[0] = wake_[1] = -1;
  }

  ConnectionHandler handler_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace ciie::test
