// The test HTTP server: request parsing (request line, headers, Content-Length body, Expect:
// 100-continue), scripted answers and the request log.
#include "support/http_server.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "support/loopback_server.hpp"

namespace ciie::test {
namespace {

constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;

bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::string serialize(const HttpResponse& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                    std::string(reason_phrase(response.status)) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += "Connection: close\r\n";  // one request per connection keeps the server trivial
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  return out + "\r\n" + response.body;
}

// Reads the request line and headers; false when the client sent no complete head.
bool read_head(const LoopbackServer& io, int fd, std::string& buffer, HttpRequest& request) {
  std::string line;
  if (!io.read_line(fd, buffer, line)) return false;
  const std::size_t first = line.find(' ');
  const std::size_t second = line.find(' ', first + 1);
  if (first == std::string::npos || second == std::string::npos) return false;
  request.method = line.substr(0, first);
  request.target = line.substr(first + 1, second - first - 1);
  while (io.read_line(fd, buffer, line)) {
    if (line.empty()) return true;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) return false;
    request.headers.emplace_back(line.substr(0, colon),
                                 std::string(trim(std::string_view(line).substr(colon + 1))));
  }
  return false;
}

bool read_body(const LoopbackServer& io, int fd, std::string& buffer, HttpRequest& request) {
  const std::string length_text = request.header("Content-Length");
  std::size_t length = 0;
  const char* end = length_text.data() + length_text.size();
  if (std::from_chars(length_text.data(), end, length).ptr != end) return false;
  if (length > kMaxBodyBytes) return false;
  if (equals_nocase(request.header("Expect"), "100-continue")) {
    LoopbackServer::write_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
  }
  while (buffer.size() < length) {
    if (!io.read_some(fd, buffer)) return false;
  }
  request.body = buffer.substr(0, length);
  return true;
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_nocase(key, name)) return value;
  }
  return {};
}

HttpServer::HttpServer() : HttpServer(Handler{}) {}

HttpServer::HttpServer(Handler handler)
    : handler_(std::move(handler)),
      fallback_{500, R"({"error":"no scripted response"})", 0, "application/json", {}},
      listener_(std::make_unique<LoopbackServer>(
          [this](const LoopbackServer& io, int fd) { serve(io, fd); })) {}

HttpServer::~HttpServer() { listener_->stop(); }

int HttpServer::port() const { return listener_->port(); }

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void HttpServer::enqueue(HttpResponse response) {
  const std::lock_guard lock(mutex_);
  queue_.push_back(std::move(response));
}

void HttpServer::set_fallback(HttpResponse response) {
  const std::lock_guard lock(mutex_);
  fallback_ = std::move(response);
}

std::vector<HttpRequest> HttpServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t HttpServer::request_count() const {
  const std::lock_guard lock(mutex_);
  return requests_.size();
}

bool HttpServer::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

void HttpServer::serve(const LoopbackServer& io, int fd) {
  std::string buffer;
  HttpRequest request;
  if (!read_head(io, fd, buffer, request)) return;
  if (!read_body(io, fd, buffer, request)) return;
  const HttpResponse response = respond(request);
  if (response.delay_ms > 0 && !io.pause(std::chrono::milliseconds(response.delay_ms))) {
    return;  // stopping
  }
  LoopbackServer::write_all(fd, serialize(response));
}

HttpResponse HttpServer::respond(const HttpRequest& request) {
  {
    const std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  arrived_.notify_all();
  if (handler_) return handler_(request);
  const std::lock_guard lock(mutex_);
  if (queue_.empty()) return fallback_;
  HttpResponse next = std::move(queue_.front());
  queue_.pop_front();
  return next;
}

}  // namespace ciie::test
