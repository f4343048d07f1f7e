// Frames over a real pipe: the buffered reader splits what one read() brings
// into frames, and names a frame the writer cut short.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {
namespace {

struct test_pipe {
  test_pipe() { EXPECT_EQ(::pipe(fds), 0); }
  ~test_pipe() {
    ::close(fds[0]);
    if (fds[1] >= 0) ::close(fds[1]);
  }
  void write(const std::string& bytes) { write_frame(fds[1], bytes, std::nullopt); }
  void close_writer() {
    ::close(fds[1]);
    fds[1] = -1;
  }
  int fds[2] = {-1, -1};
};

TEST(frame_reader, splits_frames_written_together_and_keeps_the_rest) {
  test_pipe pipe;
  vm_proto::storage_read_request first{1, 2, std::string("a")};
  vm_proto::storage_read_response second{1, 3, true, std::string(5000, 'v')};
  pipe.write(vm_proto::encode_frame(first) + vm_proto::encode_frame(second));
  frame_reader reader(pipe.fds[0]);
  EXPECT_EQ(decode_as<vm_proto::storage_read_request>(reader.read(1 << 20, std::nullopt)).key.bytes, "a");
  const auto value = decode_as<vm_proto::storage_read_response>(reader.read(1 << 20, std::nullopt));
  EXPECT_EQ(value.nonce, 3u);
  EXPECT_EQ(value.value.bytes, std::string(5000, 'v'));
}

TEST(frame_reader, names_a_frame_cut_short_and_a_clean_close) {
  test_pipe pipe;
  const std::string frame = vm_proto::encode_frame(vm_proto::contract_response{});
  pipe.write(frame.substr(0, frame.size() - 1));
  pipe.close_writer();
  frame_reader reader(pipe.fds[0]);
  try {
    reader.read(1 << 20, std::nullopt);
    FAIL() << "no error";
  } catch (const transport_error& e) {
    EXPECT_EQ(e.why(), transport_error::reason::closed);
    EXPECT_EQ(std::string(e.what()).rfind("pipe closed mid-frame: contract_response payload of ", 0), 0u) << e.what();
  }
  test_pipe empty;
  empty.close_writer();
  frame_reader idle(empty.fds[0]);
  try {
    idle.read(1 << 20, std::nullopt);
    FAIL() << "no error";
  } catch (const transport_error& e) {
    EXPECT_STREQ(e.what(), "pipe closed");
  }
}

TEST(frame_reader, refuses_an_oversized_preamble_before_reading_the_payload) {
  test_pipe pipe;
  pipe.write(vm_proto::encode_frame(vm_proto::code_response{1, 1, true, std::string(100, 'c')}));
  frame_reader reader(pipe.fds[0]);
  EXPECT_THROW(reader.read(50, std::nullopt), vm_proto::codec_error);
}

TEST(frame_reader, reassembles_a_frame_that_arrives_in_pieces_on_a_non_blocking_pipe) {
  test_pipe pipe;
  ::fcntl(pipe.fds[0], F_SETFL, ::fcntl(pipe.fds[0], F_GETFL) | O_NONBLOCK);
  const std::string frame =
      vm_proto::encode_frame(vm_proto::storage_read_response{1, 3, true, std::string(300, 'v')});
  // Each piece lands after the reader found the pipe empty and went to poll.
  // Cuts inside the preamble, at its end and inside the payload.
  const std::vector<size_t> cuts = {0, 3, vm_proto::preamble_bytes, 100, frame.size()};
  std::thread writer([&] {
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      write_all(pipe.fds[1], frame.data() + cuts[i], cuts[i + 1] - cuts[i], std::nullopt);
    }
  });
  frame_reader reader(pipe.fds[0]);
  const auto value = decode_as<vm_proto::storage_read_response>(
      reader.read(1 << 20, std::chrono::steady_clock::now() + std::chrono::seconds(5)));
  writer.join();
  EXPECT_EQ(value.nonce, 3u);
  EXPECT_EQ(value.value.bytes, std::string(300, 'v'));
}

TEST(frame_reader, a_passed_deadline_fails_the_read_even_with_data_waiting) {
  test_pipe pipe;
  ::fcntl(pipe.fds[0], F_SETFL, ::fcntl(pipe.fds[0], F_GETFL) | O_NONBLOCK);
  pipe.write(vm_proto::encode_frame(vm_proto::storage_read_request{1, 2, std::string("a")}));
  frame_reader reader(pipe.fds[0]);
  try {
    reader.read(1 << 20, std::chrono::steady_clock::now() - std::chrono::milliseconds(1));
    FAIL() << "no error";
  } catch (const transport_error& e) {
    EXPECT_EQ(e.why(), transport_error::reason::timeout);
  }
  EXPECT_EQ(decode_as<vm_proto::storage_read_request>(reader.read(1 << 20, std::nullopt)).key.bytes, "a")
      << "the frame is still there for a read within its deadline";
}

TEST(frame_reader, times_out_at_the_deadline_when_nothing_comes) {
  test_pipe pipe;
  frame_reader reader(pipe.fds[0]);
  try {
    reader.read(1 << 20, std::chrono::steady_clock::now());
    FAIL() << "no error";
  } catch (const transport_error& e) {
    EXPECT_EQ(e.why(), transport_error::reason::timeout);
  }
}

}  // namespace
}  // namespace vireo::vm
