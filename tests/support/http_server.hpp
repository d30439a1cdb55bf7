// A real HTTP/1.1 server for tests of the outbound adapters (SMS gateway, payment gateways): it
// listens on 127.0.0.1 at an ephemeral port, answers scripted responses (a queue, or a handler)
// and records every request. One connection at a time, one request per connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ciie::test {

class LoopbackServer;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "POST"
  std::string target;  // path and query as sent, "/sms?x=1"
  HeaderList headers;  // in order, names as sent
  std::string body;    // Content-Length bodies only (no chunked encoding)

  // The value of the first header called `name` (case-insensitive), "" when there is none.
  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  int delay_ms = 0;  // waited before answering, to provoke client timeouts
  std::string content_type = "application/json";
  HeaderList headers;  // extra headers

  // An application/json answer, optionally delayed.
  static HttpResponse json(int status, std::string body = "{}", int delay_ms = 0) {
    return {status, std::move(body), delay_ms, "application/json", {}};
  }
  // An answer of another type ("text/html", …).
  static HttpResponse text(int status, std::string body, std::string content_type) {
    return {status, std::move(body), 0, std::move(content_type), {}};
  }
};

// Thread-safety: every public member may be called from the test thread while the server
// thread serves; a handler runs on the server thread.
class HttpServer {
 public:
  // Computes the response to a request (on the server thread).
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Answers from the queue filled by enqueue(), then with the fallback. Throws
  // std::runtime_error when it cannot listen.
  HttpServer();
  // Answers every request with handler(request).
  explicit HttpServer(Handler handler);
  // Stops: a delayed answer is cut short, the thread is joined.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  // "http://127.0.0.1:<port>" + path.
  std::string url(std::string_view path = "/") const;

  // Appends a response to the queue; each request takes the next one.
  void enqueue(HttpResponse response);
  // The answer once the queue is empty; by default 500 {"error":"no scripted response"}.
  void set_fallback(HttpResponse response);

  // Every request received so far, in order (recorded before the answer is sent or delayed).
  std::vector<HttpRequest> requests() const;
  std::size_t request_count() const;
  // Waits until at least `count` requests have arrived; false on timeout.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  void serve(const LoopbackServer& io, int fd);
  HttpResponse respond(const HttpRequest& request);

  Handler handler_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::deque<HttpResponse> queue_;
  HttpResponse fallback_;
  std::vector<HttpRequest> requests_;
  std::unique_ptr<LoopbackServer> listener_;  // last: stopped before the state above goes
};

}  // namespace ciie::test
