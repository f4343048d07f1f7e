#include "services/ctl/inputs.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include "services/ctl/errc.hpp"

namespace vireo::ctl {

using nlohmann::json;

json parse_json_argument(const std::string& text, const std::string& what) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw ctl_error(errc::usage, what + " is not valid JSON: " + e.what());
  }
}

json parse_key_values(const std::vector<std::string>& pairs) {
  json object = json::object();
  for (auto& pair : pairs) {
    auto equals = pair.find('=');
    if (equals == std::string::npos || equals == 0)
      throw ctl_error(errc::usage, "argument '" + pair + "' is not of the form key=value");
    auto value_text = pair.substr(equals + 1);
    auto value = json::parse(value_text, nullptr, false);
    object[pair.substr(0, equals)] = value.is_discarded() ? json(value_text) : value;
  }
  return object;
}

std::string read_input_file(const std::string& path) {
  if (path == "-")
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw ctl_error(errc::usage, "cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::string base64_encode(const std::string& bytes) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t group = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                     static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(alphabet[(group >> shift) & 63]);
  }
  auto rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2)
      group |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(alphabet[(group >> 18) & 63]);
    out.push_back(alphabet[(group >> 12) & 63]);
    out.push_back(rest == 2 ? alphabet[(group >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace vireo::ctl
