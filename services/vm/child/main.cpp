// vireo-vm: runs WebAssembly contracts for a Vireo worker. Started by the
// driver with pipes on fds 3-7 (child_fds.hpp); not meant to be run by hand.
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "proto-msgs/vm/control_messages.hpp"
#include "services/vm/child/child_fds.hpp"
#include "services/vm/child/vm_server.hpp"
#include "services/vm/pipe/frame_io.hpp"

int main() {
  using namespace vireo::vm;
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error return, not a death
  const child_fds fds;
  vireo::vm_proto::init_message init;
  try {
    const raw_frame frame = read_frame(fds.init, 1 << 16, std::nullopt);
    init = decode_as<vireo::vm_proto::init_message>(frame);
    if (init.marshaler != "msgpack") throw std::runtime_error("unsupported marshaler " + init.marshaler);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vireo-vm: bad initialize message: %s\n", e.what());
    return static_cast<int>(vm_exit::bad_init);
  }
  ::close(fds.init);
  vm_server server(fds, init);
  return static_cast<int>(server.run());
}
