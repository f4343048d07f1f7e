#include "services/gateway/api_errors.hpp"

#include "actors/ledger/records.hpp"

namespace vireo::gateway {

http_response error_response(unsigned status, const std::string& code, const std::string& message,
                             const std::string& request_id) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}});
}

http_response json_response(unsigned status, const nlohmann::json& body) {
  return {status, ledger::to_json_text(body), "application/json"};
}

}  // namespace vireo::gateway
