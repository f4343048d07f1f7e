#include "services/peer/errc.hpp"

namespace vireo::peer {

std::string_view to_string(errc code) {
  switch (code) {
#define VIREO_PEER_ERRC_CASE(name, text) \
  case errc::name:                       \
    return text;
    VIREO_PEER_ERRC(VIREO_PEER_ERRC_CASE)
#undef VIREO_PEER_ERRC_CASE
  }
  return "unknown peer error";
}

std::string describe(errc code, std::string_view detail) {
  std::string out(to_string(code));
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace vireo::peer
