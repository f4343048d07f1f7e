#include "services/gateway/api_errors.hpp"

#include <nlohmann/json.hpp>

namespace vireo::gateway {

http_response error_response(unsigned status, const std::string& code, const std::string& message,
                             const std::string& request_id) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}};
  return {status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json"};
}

http_response json_response(unsigned status, const std::string& json_text) {
  return {status, json_text, "application/json"};
}

}  // namespace vireo::gateway
