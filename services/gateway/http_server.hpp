// An asynchronous HTTP/1.1 server (Boost.Beast) on its own io_context threads.
//
// Keep-alive connections; each request is read whole (body limit enforced
// while reading: a larger body gets 413 and the connection closes) and
// handed to the handler with a responder. The handler may answer later and
// from any thread (the responder posts back to the connection's strand);
// the connection reads its next request only after the answer is written.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace vireo::gateway {

struct http_request {
  std::string method;   ///< "GET", "POST", ...
  std::string path;     ///< without the query string
  std::map<std::string, std::string> query;
  std::string body;
  std::string request_id;  ///< X-Request-Id, or one made up for it
};

struct http_response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
};

/// Answers one request; call exactly once, from any thread.
using responder = std::function<void(http_response)>;
using request_handler = std::function<void(http_request&, responder)>;

class http_server {
 public:
  /// Listens on host:port (port 0: any free port) with `threads` I/O threads.
  http_server(const std::string& host, uint16_t port, unsigned threads, uint64_t max_body_bytes,
              request_handler handler);
  ~http_server();

  uint16_t port() const { return port_; }

  /// Stops accepting and closes every connection; idempotent.
  void stop();

  /// Runs `work` on an I/O thread after `delay_ms` (long-poll timeouts).
  void after(uint32_t delay_ms, std::function<void()> work);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  uint16_t port_ = 0;
};

/// Decodes %XX and '+' in a URL component.
std::string url_decode(const std::string& text);

}  // namespace vireo::gateway
