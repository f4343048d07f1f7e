#include "services/bus/socket_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include "support/logging.hpp"
#include "support/thread_name.hpp"

namespace vireo::bus {

zmq::context_t& process_context() {
  static zmq::context_t context{1};
  return context;
}

socket_loop::socket_loop(zmq::socket_t socket, frame_handler on_frame, tick_handler on_tick,
                         std::chrono::milliseconds tick, const std::string& thread_name)
    : socket_(std::move(socket)), on_frame_(std::move(on_frame)), on_tick_(std::move(on_tick)), tick_(tick) {
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0)
    throw std::runtime_error("eventfd failed");
  thread_ = named_thread(thread_name, [this] { run(); });
}

socket_loop::~socket_loop() {
  stop();
}

void socket_loop::stop() {
  if (!running_.exchange(false))
    return;
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
  if (thread_.joinable())
    thread_.join();
  close(wake_fd_);
}

void socket_loop::send(std::vector<std::string> parts) {
  {
    std::lock_guard<std::mutex> guard{outbox_mutex_};
    outbox_.push_back(std::move(parts));
  }
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
}

void socket_loop::drain_outbox() {
  std::deque<std::vector<std::string>> ready;
  {
    std::lock_guard<std::mutex> guard{outbox_mutex_};
    ready.swap(outbox_);
  }
  for (auto& parts : ready) {
    for (size_t i = 0; i < parts.size(); ++i) {
      auto flags = i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      // A ROUTER drops frames for an unknown peer; the dispatcher's deadline
      // covers that case.
      socket_.send(zmq::buffer(parts[i]), flags);
    }
  }
}

void socket_loop::run() {
  auto next_tick = std::chrono::steady_clock::now() + tick_;
  while (running_) {
    zmq::pollitem_t items[] = {{static_cast<void*>(socket_), 0, ZMQ_POLLIN, 0},
                               {nullptr, wake_fd_, ZMQ_POLLIN, 0}};
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - std::chrono::steady_clock::now());
    zmq::poll(items, 2, std::max(wait, std::chrono::milliseconds(0)));
    if (items[1].revents & ZMQ_POLLIN) {
      uint64_t count;
      (void)!read(wake_fd_, &count, sizeof(count));
    }
    drain_outbox();
    while (running_) {
      std::vector<zmq::message_t> parts;
      zmq::message_t part;
      if (!socket_.recv(part, zmq::recv_flags::dontwait))
        break;
      parts.push_back(std::move(part));
      while (parts.back().more()) {
        zmq::message_t next;
        (void)socket_.recv(next, zmq::recv_flags::none);
        parts.push_back(std::move(next));
      }
      on_frame_(parts);
    }
    if (std::chrono::steady_clock::now() >= next_tick) {
      on_tick_();
      next_tick = std::chrono::steady_clock::now() + tick_;
    }
  }
  drain_outbox();
  socket_.close();
}

}  // namespace vireo::bus
