#include "services/bus/core_endpoint.hpp"

#include "proto-msgs/bus/codec.hpp"
#include "support/logging.hpp"

namespace vireo::bus {

namespace {

constexpr int missed_beats_allowed = 3;

}  // namespace

core_endpoint::core_endpoint(const std::string& endpoint, std::chrono::milliseconds heartbeat,
                             const ledger::ledger_store& store, core_callbacks callbacks)
    : store_(store),
      callbacks_(std::move(callbacks)),
      heartbeat_(heartbeat),
      probe_("core"),
      loop_(socket_loop::shared()) {
  zmq::socket_t socket{process_context(), zmq::socket_type::router};
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::router_mandatory, 0);
  socket.bind(endpoint);
  channel_ = loop_->open(
      std::move(socket), [this](std::vector<zmq::message_t>& parts) { on_frame(parts); }, [this] { on_tick(); },
      heartbeat);
}

core_endpoint::~core_endpoint() {
  stop();
}

void core_endpoint::stop() {
  loop_->close(channel_);
}

void core_endpoint::send_execute(const std::string& worker, uint64_t correlation_id, const execute& body) {
  probe_.message_out("execute");
  loop_->send(channel_, {worker, encode(message_type::execute, correlation_id, body)});
}

void core_endpoint::reply(const std::string& worker, std::string frame) {
  loop_->send(channel_, {worker, std::move(frame)});
}

void core_endpoint::on_frame(std::vector<zmq::message_t>& parts) {
  if (parts.size() != 2) {
    probe_.bad_frame();
    return;
  }
  std::string worker = parts[0].to_string();
  uint64_t correlation_id = 0;
  envelope env;
  try {
    env = decode(parts[1].to_string_view(), correlation_id);
  } catch (const decode_error& e) {
    probe_.bad_frame();
    logger("bus")->warn("bad frame from worker={} corr={}: {}", worker, correlation_id, e.what());
    reply(worker, encode(message_type::error, correlation_id, error{static_cast<uint16_t>(e.code()), e.what()}));
    return;
  }
  probe_.message_in(type_name(env.type));
  last_seen_[worker] = std::chrono::steady_clock::now();
  try {
    serve(worker, env);
  } catch (const decode_error& e) {
    probe_.bad_frame();
    reply(worker, encode(message_type::error, correlation_id, error{static_cast<uint16_t>(e.code()), e.what()}));
  } catch (const ledger::storage_error& e) {
    reply(worker, encode(message_type::error, correlation_id,
                         error{static_cast<uint16_t>(error_code::storage), e.what()}));
  }
  probe_.peers(last_seen_.size());
}

void core_endpoint::serve(const std::string& worker, const envelope& env) {
  switch (static_cast<message_type>(env.type)) {
    case message_type::hello: {
      auto body = unpack<hello>(env.body);
      logger("bus")->info("worker joined worker={} credits={}", body.worker_id, body.credits);
      callbacks_.joined(worker, body);
      break;
    }
    case message_type::heartbeat:
      reply(worker, encode(message_type::heartbeat, 0, heartbeat{"core"}));
      break;
    case message_type::goodbye:
      last_seen_.erase(worker);
      callbacks_.lost(worker);
      break;
    case message_type::result:
      callbacks_.result_ready(worker, env.correlation_id, unpack<result>(env.body));
      break;
    case message_type::state_read: {
      auto read = unpack<state_read>(env.body);
      auto value = store_.get_state(read.contract, read.key);
      reply(worker, encode(message_type::state_value, env.correlation_id,
                           state_value{value.found, std::move(value.value), value.version}));
      break;
    }
    case message_type::range_read: {
      auto read = unpack<range_read>(env.body);
      range_value out;
      for (auto& [key, value] : store_.range_state(read.contract, read.start_key, read.end_key, read.limit))
        out.entries.push_back({key, std::move(value.value), value.version});
      reply(worker, encode(message_type::range_value, env.correlation_id, out));
      break;
    }
    case message_type::history_read: {
      auto read = unpack<state_read>(env.body);
      history_value out;
      for (auto& item : store_.state_history(read.contract, read.key))
        out.entries.push_back({item.invocation_id, item.value, item.is_delete, item.version, item.timestamp_ms});
      reply(worker, encode(message_type::history_value, env.correlation_id, out));
      break;
    }
    case message_type::code_read: {
      auto read = unpack<code_read>(env.body);
      auto code = store_.get_code(read.code_hash);
      reply(worker, encode(message_type::code_value, env.correlation_id, code_value{code.has_value(), code.value_or("")}));
      break;
    }
    case message_type::contract_read: {
      auto read = unpack<contract_read>(env.body);
      contract_value out;
      for (auto& entry : store_.list_contracts()) {
        auto id = entry.runtime.value("chaincode_id", "");
        if (entry.kind == "chaincode" && (id == read.name || id.rfind(read.name + ":", 0) == 0)) {
          out = {true, entry.to_json().dump()};
          break;
        }
      }
      reply(worker, encode(message_type::contract_value, env.correlation_id, out));
      break;
    }
    default:
      reply(worker, encode(message_type::error, env.correlation_id,
                           error{static_cast<uint16_t>(error_code::unknown_type),
                                 std::string("the core does not serve ") + type_name(env.type)}));
  }
}

void core_endpoint::on_tick() {
  auto deadline = std::chrono::steady_clock::now() - heartbeat_ * missed_beats_allowed;
  for (auto it = last_seen_.begin(); it != last_seen_.end();) {
    if (it->second < deadline) {
      logger("bus")->warn("worker lost after {} missed heartbeats worker={}", missed_beats_allowed, it->first);
      callbacks_.lost(it->first);
      it = last_seen_.erase(it);
    } else {
      ++it;
    }
  }
  probe_.peers(last_seen_.size());
}

}  // namespace vireo::bus
