// A blocking client of the Vireo HTTP API (libcurl), one keep-alive
// connection per instance. Turns every answer that is not a success into a
// ctl_error with the exit code scripts rely on (see errc.hpp):
//   no answer -> unreachable, 404 -> not_found, other 4xx -> rejected,
//   5xx or a body that is not JSON -> server_error.
// Not thread-safe: one instance per thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace vireo::ctl {

/// A raw answer: the HTTP status (0 when there was none) and the body.
struct api_reply {
  long status = 0;
  std::string body;
  std::string transport_error;  ///< libcurl's message when status is 0
};

/// A successful (2xx) answer with its parsed body.
struct api_result {
  long status = 0;
  nlohmann::json body;
};

class rest_client {
 public:
  /// `base_url` like http://127.0.0.1:8080 (a trailing '/' is dropped);
  /// `timeout_ms` bounds each request unless the call names its own.
  explicit rest_client(std::string base_url, long timeout_ms = 30000);
  ~rest_client();
  rest_client(const rest_client&) = delete;
  rest_client& operator=(const rest_client&) = delete;

  /// Sends one request; never throws for HTTP or connection errors.
  api_reply send(const std::string& method, const std::string& path, const std::string* body = nullptr,
                 long timeout_ms = 0);

  /// Sends one request and returns its 2xx answer; throws ctl_error otherwise.
  api_result call(const std::string& method, const std::string& path, const nlohmann::json* body = nullptr,
                  long timeout_ms = 0);

  /// GET `path` and return the body of its 2xx answer.
  nlohmann::json get(const std::string& path) { return call("GET", path).body; }

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  long timeout_ms_;
  void* handle_;
};

/// Percent-encodes `text` for a path segment or a query value (RFC 3986
/// unreserved characters stay as they are).
std::string url_escape(const std::string& text);

/// Appends `name=value` (escaped) to `path` as a query parameter.
void add_query(std::string& path, const std::string& name, const std::string& value);

}  // namespace vireo::ctl
