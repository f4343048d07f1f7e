#include "services/ctl/rest_client.hpp"

#include <cctype>
#include <mutex>

#include <curl/curl.h>

#include "services/ctl/errc.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

size_t collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

/// The error of a reply that is not a success, with the server's code and message.
ctl_error error_of(const api_reply& reply, const std::string& method, const std::string& url) {
  if (reply.status == 0)
    return ctl_error(errc::unreachable, "cannot reach the server at " + url + ": " + reply.transport_error);
  auto code = reply.status == 404                       ? errc::not_found
              : reply.status >= 400 && reply.status < 500 ? errc::rejected
                                                          : errc::server_error;
  auto doc = json::parse(reply.body, nullptr, false);
  if (!doc.is_discarded() && doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const auto& error = doc["error"];
    std::string line = error.value("code", "error") + ": " + error.value("message", "");
    if (error.contains("request_id") && error["request_id"].is_string())
      line += " (request " + error["request_id"].get<std::string>() + ")";
    return ctl_error(code, line);
  }
  return ctl_error(code, "HTTP " + std::to_string(reply.status) + " from " + method + " " + url);
}

}  // namespace

rest_client::rest_client(std::string base_url, long timeout_ms)
    : base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
  handle_ = curl_easy_init();
}

rest_client::~rest_client() {
  curl_easy_cleanup(static_cast<CURL*>(handle_));
}

api_reply rest_client::send(const std::string& method, const std::string& path, const std::string* body,
                            long timeout_ms) {
  api_reply reply;
  auto* h = static_cast<CURL*>(handle_);
  if (!h) {
    reply.transport_error = "libcurl could not be initialised";
    return reply;
  }
  auto url = base_url_ + path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  if (body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  } else if (method == "POST" || method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "vireoctl");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : timeout_ms_);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  auto code = curl_easy_perform(h);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    reply.transport_error = curl_easy_strerror(code);
    reply.body.clear();
    return reply;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

api_result rest_client::call(const std::string& method, const std::string& path, const json* body, long timeout_ms) {
  std::string text;
  if (body)
    text = body->dump();
  auto reply = send(method, path, body ? &text : nullptr, timeout_ms);
  if (reply.status < 200 || reply.status >= 300)
    throw error_of(reply, method, base_url_ + path);
  api_result result{reply.status, json::parse(reply.body, nullptr, false)};
  if (result.body.is_discarded())
    throw ctl_error(errc::server_error, "the answer to " + method + " " + base_url_ + path + " is not JSON");
  return result;
}

std::string url_escape(const std::string& text) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

void add_query(std::string& path, const std::string& name, const std::string& value) {
  path += path.find('?') == std::string::npos ? '?' : '&';
  path += name + "=" + url_escape(value);
}

}  // namespace vireo::ctl
