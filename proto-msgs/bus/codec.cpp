#include "proto-msgs/bus/codec.hpp"

namespace vireo::bus {

envelope decode(std::string_view frame, uint64_t& correlation_id) {
  correlation_id = 0;
  auto env = unpack<envelope>(frame);
  correlation_id = env.correlation_id;
  if (env.version != protocol_version)
    throw decode_error(error_code::unsupported_version,
                       "unsupported bus protocol version " + std::to_string(env.version) + " (this node speaks " +
                           std::to_string(protocol_version) + ")");
  if (env.type < static_cast<uint16_t>(message_type::hello) || env.type > static_cast<uint16_t>(last_message_type))
    throw decode_error(error_code::unknown_type, "unknown bus message type " + std::to_string(env.type));
  return env;
}

}  // namespace vireo::bus
