#include "services/worker/http_executor.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "services/worker/dragonchain_result.hpp"

namespace vireo::worker {

struct http_executor::connection {
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  size_t limit = 0;
  bool overflow = false;

  connection() {
    static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    (void)initialized;
    handle = curl_easy_init();
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
  }
  ~connection() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(handle);
  }

  static size_t collect(char* data, size_t size, size_t count, void* self) {
    auto* c = static_cast<connection*>(self);
    if (c->body.size() + size * count > c->limit) {
      c->overflow = true;
      return 0;  // aborts the transfer
    }
    c->body.append(data, size * count);
    return size * count;
  }
};

http_executor::http_executor(size_t max_response_bytes)
    : connection_(std::make_unique<connection>()), max_response_bytes_(max_response_bytes) {}

http_executor::~http_executor() = default;

execution_result http_executor::execute(const execution_request& request, state_access& state) {
  auto runtime = nlohmann::json::parse(request.contract.runtime, nullptr, false);
  if (runtime.is_discarded() || !runtime.contains("base_url") || !runtime.contains("function"))
    return execution_result::failure("http contract without runtime.base_url and runtime.function");
  auto base = runtime["base_url"].get<std::string>();
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  auto url = base + "/function/" + runtime["function"].get<std::string>();

  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(request.deadline -
                                                                          std::chrono::steady_clock::now());
  if (remaining.count() <= 0)
    return execution_result::failure("timeout before the function was called");

  auto& c = *connection_;
  c.body.clear();
  c.overflow = false;
  c.limit = max_response_bytes_;
  CURL* h = c.handle;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.transaction_json.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.transaction_json.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, c.headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &connection::collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);

  auto code = curl_easy_perform(h);
  if (code == CURLE_OPERATION_TIMEDOUT)
    return execution_result::failure("timeout after " + std::to_string(request.contract.exec_timeout_ms) +
                                     " ms waiting for " + url);
  if (c.overflow)
    return execution_result::failure("function response larger than " + std::to_string(max_response_bytes_) +
                                     " bytes");
  if (code != CURLE_OK)
    return execution_result::failure(std::string("function unreachable at ") + url + ": " + curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status == 404)
    return execution_result::failure("function not found: " + url);
  if (status < 200 || status >= 300) {
    execution_result result;
    result.status = execution_result::outcome::ok;
    auto text = "HTTP " + std::to_string(status) + ": " + c.body.substr(0, 1024);
    result.output_json = nlohmann::json{{"error", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return result;
  }
  return apply_dragonchain_result(c.body, state);
}

}  // namespace vireo::worker
