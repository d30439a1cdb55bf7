// libcurl behind CurlSession: process-wide init once, RAII for the easy handle and header lists,
// capped capture of bodies and SMTP replies, and which libcurl failures are worth a retry.
#include "notify/curl_session.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string_view>

#include <curl/curl.h>

namespace ciie::notify {
namespace {

// curl_global_init is not safe to race with itself or with handle creation on every libcurl
// build; the matching cleanup is deliberately never called, since other modules (payment) may
// still hold handles at exit.
void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// An owned curl_slist.
class SList {
 public:
  SList() = default;
  ~SList() { curl_slist_free_all(list_); }
  SList(const SList&) = delete;
  SList& operator=(const SList&) = delete;

  // False when libcurl could not allocate.
  bool append(const std::string& line) {
    curl_slist* grown = curl_slist_append(list_, line.c_str());
    if (grown == nullptr) return false;
    list_ = grown;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// Failures that may pass: the peer was unreachable, slow or dropped us. Anything else (a bad
// URL, a protocol we refuse, a certificate problem) will fail the same way next time.
bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

struct Capture {
  std::string body;
  std::vector<std::string> reply_lines;  // SMTP server replies (libcurl passes them as headers)
};

constexpr std::size_t kMaxReplyLines = 64;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  const size_t bytes = size * count;
  const size_t room = kMaxBodyBytes - std::min(kMaxBodyBytes, capture->body.size());
  capture->body.append(data, std::min(bytes, room));
  return bytes;  // the rest is read and dropped, not an error
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, std::min<size_t>(bytes, 512));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (!line.empty() && capture->reply_lines.size() < kMaxReplyLines) {
    capture->reply_lines.emplace_back(line);
  }
  return bytes;
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  if (upload == nullptr) return 0;  // no transfer in progress
  const size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// The last reply line carrying `code`: the QUIT libcurl may send afterwards must not hide the
// reply that failed the transaction.
std::string reply_for(const std::vector<std::string>& lines, long code) {
  const std::string prefix = std::to_string(code);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it->compare(0, prefix.size(), prefix) == 0) return *it;
  }
  return {};
}

}  // namespace

struct CurlSession::Impl {
  CURL* easy = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  Capture capture;  // outlives curl_easy_cleanup, which may still report a QUIT reply

  ~Impl() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }

  // Clears options from the previous transfer (keeping the connection cache) and sets those
  // shared by both protocols.
  void reset(std::int64_t timeout_ms, const char* protocols) {
    curl_easy_reset(easy);
    capture = Capture{};
    error[0] = '\0';
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: we run in threads
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, protocols);
#else
    const long mask = std::strcmp(protocols, "http,https") == 0
                          ? (CURLPROTO_HTTP | CURLPROTO_HTTPS)
                          : (CURLPROTO_SMTP | CURLPROTO_SMTPS);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS, mask);
#endif
  }

  TransferResult perform() {
    TransferResult result;
    const CURLcode code = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.response_code);
    result.completed = code == CURLE_OK;
    if (!result.completed) {
      result.transient = is_transient(code);
      result.error = error[0] != '\0' ? error : curl_easy_strerror(code);
    }
    result.body = std::move(capture.body);
    result.last_reply = reply_for(capture.reply_lines, result.response_code);
    return result;
  }
};

namespace {

TransferResult setup_failure(const char* what) {
  TransferResult result;
  result.error = what;
  return result;
}

}  // namespace

CurlSession::CurlSession() : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->easy = curl_easy_init();
}

CurlSession::~CurlSession() = default;

TransferResult CurlSession::post(const HttpPost& request) {
  if (impl_->easy == nullptr) return setup_failure("libcurl could not create a handle");
  SList headers;
  for (const std::string& line : request.headers) {
    if (!headers.append(line)) return setup_failure("out of memory building headers");
  }
  CURL* easy = impl_->easy;
  impl_->reset(request.timeout_ms, "http,https");
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "ciie-notify/1");
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &impl_->capture);
  TransferResult result = impl_->perform();
  // The handle outlives `headers`, `recipients` and `upload`: it must not keep pointers to them.
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  return result;
}

TransferResult CurlSession::send_mail(const SmtpSend& request) {
  if (impl_->easy == nullptr) return setup_failure("libcurl could not create a handle");
  SList recipients;
  for (const std::string& to : request.recipients) {
    if (!recipients.append("<" + to + ">")) return setup_failure("out of memory");
  }
  CURL* easy = impl_->easy;
  impl_->reset(request.timeout_ms, "smtp,smtps");
  const std::string from = "<" + request.mail_from + ">";
  Upload upload{&request.payload};
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  if (!request.user.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, request.user.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, request.password.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.payload.size()));
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &impl_->capture);
  TransferResult result = impl_->perform();
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(easy, CURLOPT_READDATA, static_cast<void*>(nullptr));
  return result;
}

}  // namespace ciie::notify
