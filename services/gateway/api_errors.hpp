// The one error shape of the HTTP API:
//   {"error": {"code": "<stable code>", "message": "<for people>", "request_id": "<id>"}}
// Codes and their statuses are listed in docs/api.md.
#pragma once

#include <string>

#include "services/gateway/http_server.hpp"

namespace vireo::gateway {

http_response error_response(unsigned status, const std::string& code, const std::string& message,
                             const std::string& request_id);

http_response json_response(unsigned status, const std::string& json_text);

}  // namespace vireo::gateway
