// The one error shape of the HTTP API:
//   {"error": {"code": "<stable code>", "message": "<for people>", "request_id": "<id>"}}
// Codes and their statuses are listed in docs/api.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "services/gateway/http_server.hpp"

namespace vireo::gateway {

http_response error_response(unsigned status, const std::string& code, const std::string& message,
                             const std::string& request_id);

/// `body` as compact JSON, with U+FFFD for invalid UTF-8 in its strings: a
/// ledger record may hold text a contract made (a reason, a tag, an output),
/// and a dump() that throws would fail the answer (or, for a receipt a long
/// poll waited for, the committer's thread that publishes it).
http_response json_response(unsigned status, const nlohmann::json& body);
/// Text would become a JSON string, not the document it holds: pass the document.
http_response json_response(unsigned status, const std::string& body) = delete;
http_response json_response(unsigned status, const char* body) = delete;

}  // namespace vireo::gateway
