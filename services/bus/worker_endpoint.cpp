#include "services/bus/worker_endpoint.hpp"

#include "support/logging.hpp"

namespace vireo::bus {

worker_endpoint::worker_endpoint(const std::string& endpoint, const std::string& worker_id, uint32_t credits,
                                 std::chrono::milliseconds heartbeat, execute_handler on_execute)
    : worker_id_(worker_id),
      credits_(credits),
      heartbeat_(heartbeat),
      on_execute_(std::move(on_execute)),
      core_last_seen_(std::chrono::steady_clock::now()),
      probe_("worker"),
      loop_(socket_loop::shared()) {
  zmq::socket_t socket{process_context(), zmq::socket_type::dealer};
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::routing_id, worker_id);
  socket.connect(endpoint);
  channel_ = loop_->open(
      std::move(socket), [this](std::vector<zmq::message_t>& parts) { on_frame(parts); }, [this] { on_tick(); },
      heartbeat);
}

void worker_endpoint::announce() {
  announced_ = true;
  say_hello();
}

worker_endpoint::~worker_endpoint() {
  stop();
}

void worker_endpoint::stop() {
  if (stopped_.exchange(true))
    return;
  loop_->send(channel_, {encode(message_type::goodbye, 0, heartbeat{worker_id_})});
  loop_->close(channel_);
}

void worker_endpoint::say_hello() {
  probe_.message_out("hello");
  loop_->send(channel_, {encode(message_type::hello, 0, hello{worker_id_, credits_})});
}

void worker_endpoint::send_result(uint64_t correlation_id, const result& body) {
  probe_.message_out("result");
  loop_->send(channel_, {encode(message_type::result, correlation_id, body)});
}

std::future<envelope> worker_endpoint::expect(uint64_t correlation_id) {
  std::lock_guard<std::mutex> guard{calls_mutex_};
  return calls_[correlation_id].get_future();
}

void worker_endpoint::forget(uint64_t correlation_id) {
  std::lock_guard<std::mutex> guard{calls_mutex_};
  calls_.erase(correlation_id);
}

void worker_endpoint::on_frame(std::vector<zmq::message_t>& parts) {
  core_last_seen_ = std::chrono::steady_clock::now();
  if (parts.size() != 1) {
    probe_.bad_frame();
    return;
  }
  uint64_t correlation_id = 0;
  envelope env;
  try {
    env = decode(parts[0].to_string_view(), correlation_id);
  } catch (const decode_error& e) {
    probe_.bad_frame();
    logger("bus")->warn("bad frame from core worker={} corr={}: {}", worker_id_, correlation_id, e.what());
    return;
  }
  probe_.message_in(type_name(env.type));
  auto type = static_cast<message_type>(env.type);
  if (type == message_type::heartbeat)
    return;
  if (type == message_type::execute) {
    try {
      on_execute_(env.correlation_id, unpack<execute>(env.body));
    } catch (const decode_error& e) {
      probe_.bad_frame();
      result failed;
      failed.error = std::string("malformed execute: ") + e.what();
      send_result(env.correlation_id, failed);
    }
    return;
  }
  std::lock_guard<std::mutex> guard{calls_mutex_};
  auto it = calls_.find(env.correlation_id);
  if (it == calls_.end())
    return;  // the caller gave up (deadline); a late reply is dropped
  it->second.set_value(std::move(env));
  calls_.erase(it);
}

void worker_endpoint::on_tick() {
  probe_.message_out("heartbeat");
  loop_->send(channel_, {encode(message_type::heartbeat, 0, heartbeat{worker_id_})});
  if (announced_ && std::chrono::steady_clock::now() - core_last_seen_ > heartbeat_ * 3) {
    logger("bus")->warn("core silent for 3 heartbeats, saying hello again worker={}", worker_id_);
    core_last_seen_ = std::chrono::steady_clock::now();
    say_hello();
  }
}

}  // namespace vireo::bus
