// Turning command-line input into request bodies: JSON arguments, key=value
// pairs, files. Every failure is a ctl_error with errc::usage.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vireo::ctl {

/// `text` parsed as JSON; `what` names it in the error ("PAYLOAD_JSON").
nlohmann::json parse_json_argument(const std::string& text, const std::string& what);

/// An object from `key=value` pairs: each value as JSON when it parses as
/// JSON ("2", "true", "[1]", "\"x\""), else as the string itself.
nlohmann::json parse_key_values(const std::vector<std::string>& pairs);

/// The bytes of the file at `path` ("-" reads stdin).
std::string read_input_file(const std::string& path);

/// Standard base64 (RFC 4648, with padding) of `bytes`.
std::string base64_encode(const std::string& bytes);

}  // namespace vireo::ctl
