#include "services/ctl/errc.hpp"

namespace vireo::ctl {

std::string_view to_string(errc code) {
  switch (code) {
#define VIREO_CTL_ERRC_CASE(name, value, text) \
  case errc::name:                             \
    return text;
    VIREO_CTL_ERRC(VIREO_CTL_ERRC_CASE)
#undef VIREO_CTL_ERRC_CASE
  }
  return "unknown error";
}

}  // namespace vireo::ctl
