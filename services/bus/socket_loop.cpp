#include "services/bus/socket_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "support/thread_name.hpp"

namespace vireo::bus {

namespace {

/// Frames read from one socket before the others get their turn.
constexpr int frames_per_turn = 256;

}  // namespace

zmq::context_t& process_context() {
  static zmq::context_t context{1};
  return context;
}

std::shared_ptr<socket_loop> socket_loop::shared() {
  static std::mutex mutex;
  static std::weak_ptr<socket_loop> current;
  std::lock_guard<std::mutex> guard{mutex};
  auto loop = current.lock();
  if (!loop) {
    loop = std::make_shared<socket_loop>();
    current = loop;
  }
  return loop;
}

socket_loop::socket_loop() {
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0)
    throw std::runtime_error("eventfd failed");
  thread_ = named_thread("bus", [this] { run(); });
}

socket_loop::~socket_loop() {
  running_ = false;
  wake();
  if (thread_.joinable())
    thread_.join();
  ::close(wake_fd_);
}

socket_loop::channel_id socket_loop::open(zmq::socket_t socket, frame_handler on_frame, tick_handler on_tick,
                                          std::chrono::milliseconds tick) {
  channel_id id;
  {
    std::lock_guard<std::mutex> guard{requests_mutex_};
    id = next_channel_++;
    opened_.emplace(id, channel{std::move(socket), std::move(on_frame), std::move(on_tick), tick, {}, {}});
  }
  wake();
  return id;
}

void socket_loop::send(channel_id channel, std::vector<std::string> parts) {
  {
    std::lock_guard<std::mutex> guard{requests_mutex_};
    outbox_.push_back({channel, std::move(parts)});
  }
  wake();
}

void socket_loop::close(channel_id channel) {
  std::future<void> closed;
  {
    std::lock_guard<std::mutex> guard{requests_mutex_};
    closes_.push_back({channel, {}});
    closed = closes_.back().closed.get_future();
  }
  wake();
  closed.wait();
}

void socket_loop::wake() {
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
}

void socket_loop::take_requests() {
  std::map<channel_id, channel> opened;
  std::deque<outgoing> outbox;
  std::vector<closing> closes;
  {
    std::lock_guard<std::mutex> guard{requests_mutex_};
    opened.swap(opened_);
    outbox.swap(outbox_);
    closes.swap(closes_);
  }
  auto now = std::chrono::steady_clock::now();
  for (auto& [id, ch] : opened) {
    ch.next_tick = now + ch.tick;
    channels_.emplace(id, std::move(ch));
  }
  for (auto& out : outbox) {
    // A closed channel's frames have nowhere to go: dropped.
    auto it = channels_.find(out.channel);
    if (it != channels_.end())
      it->second.unsent.push_back(std::move(out.parts));
  }
  for (auto& [id, ch] : channels_)
    flush(ch);
  for (auto& request : closes) {
    // Closing twice, or after the loop has let the channel go, is harmless.
    channels_.erase(request.channel);
    request.closed.set_value();
  }
}

void socket_loop::flush(channel& ch) {
  while (!ch.unsent.empty()) {
    auto& parts = ch.unsent.front();
    auto more = [&](size_t i) { return i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none; };
    // ZeroMQ takes a message's later parts once it took the first, so only
    // the first may find the pipe full. Waiting there would stall every
    // channel, the reader of that pipe included when it is ours: it waits
    // here until the socket can take more. A ROUTER drops frames for an
    // unknown peer; the dispatcher's deadline covers that case.
    if (!ch.socket.send(zmq::buffer(parts[0]), more(0) | zmq::send_flags::dontwait))
      return;
    for (size_t i = 1; i < parts.size(); ++i)
      ch.socket.send(zmq::buffer(parts[i]), more(i));
    ch.unsent.pop_front();
  }
}

bool socket_loop::drain(channel& ch) {
  int read = 0;
  for (; read < frames_per_turn; ++read) {
    std::vector<zmq::message_t> parts;
    zmq::message_t part;
    if (!ch.socket.recv(part, zmq::recv_flags::dontwait))
      break;
    parts.push_back(std::move(part));
    while (parts.back().more()) {
      zmq::message_t next;
      (void)ch.socket.recv(next, zmq::recv_flags::none);
      parts.push_back(std::move(next));
    }
    ch.on_frame(parts);
  }
  return read > 0;
}

void socket_loop::run() {
  std::vector<zmq::pollitem_t> items;
  while (running_) {
    items.clear();
    items.push_back({nullptr, wake_fd_, ZMQ_POLLIN, 0});
    auto now = std::chrono::steady_clock::now();
    auto wait = std::chrono::milliseconds(-1);
    for (auto& [id, ch] : channels_) {
      short events = ZMQ_POLLIN | (ch.unsent.empty() ? 0 : ZMQ_POLLOUT);
      items.push_back({static_cast<void*>(ch.socket), 0, events, 0});
      auto until_tick = std::chrono::ceil<std::chrono::milliseconds>(
          std::max(ch.next_tick - now, std::chrono::steady_clock::duration::zero()));
      if (wait.count() < 0 || until_tick < wait)
        wait = until_tick;
    }
    zmq::poll(items, wait);
    if (items[0].revents & ZMQ_POLLIN) {
      uint64_t count;
      (void)!read(wake_fd_, &count, sizeof(count));
    }
    // Until no socket has frames left: a frame read from one channel may
    // queue frames for another (the core's answer to a worker's read).
    for (bool read_any = true; read_any;) {
      take_requests();
      read_any = false;
      for (auto& [id, ch] : channels_)
        read_any |= drain(ch);
    }
    now = std::chrono::steady_clock::now();
    for (auto& [id, ch] : channels_)
      if (now >= ch.next_tick) {
        ch.on_tick();
        ch.next_tick = now + ch.tick;
      }
  }
  take_requests();
  channels_.clear();
}

}  // namespace vireo::bus
