// vireo-vm's side of the protocol, spoken to raw: it checks the driver's nonces
// and frame sizes too, and ends with a distinct exit code on each failure.
#include <gtest/gtest.h>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/control_messages.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/child/child_fds.hpp"
#include "services/vm/driver/vm_process.hpp"
#include "services/vm/pipe/frame_io.hpp"
#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using namespace std::chrono_literals;

class vm_child_protocol_test : public ::testing::Test {
 protected:
  void SetUp() override {
    process_ = std::make_unique<vm_process>(vm_binary_for_tests(), std::vector<std::string>{});
  }

  void initialize(uint32_t max_frame_bytes = 1 << 20) {
    vm_proto::init_message init;
    init.max_frame_bytes = max_frame_bytes;
    init.log_level = 6;
    write_frame(process_->init_fd(), vm_proto::encode_frame(init), deadline());
    process_->close_init();
  }

  template <typename Msg>
  void send(const Msg& msg) {
    write_frame(process_->to_vm_fd(), vm_proto::encode_frame(msg), deadline());
  }

  raw_frame receive() { return read_frame(process_->from_vm_fd(), 1 << 20, deadline()); }

  /// Waits for the child to exit and returns its status text.
  std::string exit_status() {
    process_->wait_or_kill(5000);
    return process_->status_text();
  }

  static deadline_t deadline() { return std::chrono::steady_clock::now() + 5s; }

  std::unique_ptr<vm_process> process_;
};

TEST_F(vm_child_protocol_test, answers_a_version_request_and_stops_on_stop) {
  initialize();
  send(vm_proto::version_request{1, 1});
  const auto version = decode_as<vm_proto::version_response>(receive());
  EXPECT_EQ(version.nonce, 2u);
  EXPECT_EQ(version.protocol, vm_proto::protocol_version);
  EXPECT_EQ(version.vm_version.rfind("vireo-vm ", 0), 0u);
  send(vm_proto::stop_message{});
  EXPECT_EQ(exit_status(), "exited with code 0 (stopped)");
}

TEST_F(vm_child_protocol_test, a_request_with_a_wrong_nonce_is_a_protocol_error) {
  initialize();
  vm_proto::call_request call;
  call.nonce = 5;
  send(call);
  EXPECT_EQ(exit_status(), "exited with code 3 (protocol error)");
}

TEST_F(vm_child_protocol_test, a_hook_reply_with_a_wrong_nonce_is_a_protocol_error) {
  initialize();
  vm_proto::call_request call;
  call.nonce = 1;
  call.code_hash = "h";
  send(call);
  const auto ask = decode_as<vm_proto::code_request>(receive());
  EXPECT_EQ(ask.nonce, 2u);
  send(vm_proto::code_response{1, 2, false, {}});  // should be 3
  EXPECT_EQ(exit_status(), "exited with code 3 (protocol error)");
}

TEST_F(vm_child_protocol_test, an_oversized_frame_is_a_protocol_error) {
  initialize(1024);
  char head[vm_proto::preamble_bytes];
  vm_proto::write_preamble({4096, static_cast<uint32_t>(vm_proto::frame_kind::call_request)}, head);
  write_frame(process_->to_vm_fd(), std::string(head, sizeof head), deadline());
  EXPECT_EQ(exit_status(), "exited with code 3 (protocol error)");
}

TEST_F(vm_child_protocol_test, an_unexpected_kind_is_a_protocol_error) {
  initialize();
  send(vm_proto::contract_response{});
  EXPECT_EQ(exit_status(), "exited with code 3 (protocol error)");
}

TEST_F(vm_child_protocol_test, a_bad_initialize_frame_ends_the_child) {
  write_frame(process_->init_fd(), "garbage!", deadline());
  process_->close_init();
  EXPECT_EQ(exit_status(), "exited with code 2 (bad initialize message)");
}

}  // namespace
}  // namespace vireo::vm::test
