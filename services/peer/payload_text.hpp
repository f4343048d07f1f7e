// Bytes as JSON-safe text: a chaincode response payload is shown as a UTF-8
// string when it is valid UTF-8, else as base64 (RFC 4648, with padding).
#pragma once

#include <string>
#include <string_view>

namespace vireo::peer {

/// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view bytes);

/// Standard base64 with '=' padding.
std::string base64_encode(std::string_view bytes);

/// `bytes` itself when valid UTF-8, else its base64.
std::string payload_text(std::string_view bytes);

}  // namespace vireo::peer
