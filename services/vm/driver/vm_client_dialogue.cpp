// One dialogue with a vireo-vm child: the request (with prefetched values),
// the hook calls it makes (answered from state_access and the code loader,
// reads cached for the rest of the dialogue), the response; nonces checked on
// every frame.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto-msgs/vm/codec.hpp"
#include "services/vm/driver/vm_client.hpp"
#include "services/vm/driver/vm_process.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

using vm_proto::frame_kind;

namespace {

/// Bounds what prefetching adds to a call request: a contract with large
/// values pays a hook for those rather than a large frame on every call.
constexpr size_t max_prefetch_value_bytes = 1024;
constexpr size_t max_prefetch_bytes = 4096;

/// Peeks the committed values of `keys` into `out` (without recording them as
/// read) and keeps what was peeked in `seen`, index for index. Stops at a key
/// the state cannot peek (a state that cannot peek cannot peek any).
void prefetch(const std::vector<std::string>& keys, worker::state_access& state,
              std::vector<vm_proto::prefetched_value>& out, std::vector<worker::state_value>& seen) {
  size_t bytes = 0;
  for (const auto& key : keys) {
    auto value = state.peek(key);
    if (!value) return;
    if (value->value.size() > max_prefetch_value_bytes) continue;
    bytes += key.size() + value->value.size();
    if (bytes > max_prefetch_bytes) return;
    out.push_back(vm_proto::prefetched_value{key, value->found, value->value});
    seen.push_back(std::move(*value));
  }
}

/// Records in the read set the prefetched values the contract read, as it saw
/// them. Returns why not when the state no longer gives the peeked value.
std::optional<std::string> record_prefetched(const vm_proto::call_request& request,
                                             const std::vector<worker::state_value>& seen,
                                             const std::vector<uint32_t>& used, worker::state_access& state,
                                             std::vector<std::string>& read_keys) {
  for (const uint32_t index : used) {
    if (index >= seen.size()) {
      throw vm_proto::codec_error("prefetch_used index " + std::to_string(index) + " of " +
                                  std::to_string(seen.size()) + " prefetched values");
    }
    const std::string& key = request.prefetched[index].key.bytes;
    const worker::state_value now = state.get(key);
    const worker::state_value& then = seen[index];
    if (now.found != then.found || now.version != then.version || now.value != then.value) {
      return "state error: the value of a prefetched key changed between peek and read (version " +
             std::to_string(then.version) + " -> " + std::to_string(now.version) + ")";
    }
    read_keys.push_back(key);
  }
  return std::nullopt;
}

/// The driver's end of one dialogue.
class driver_dialogue {
 public:
  driver_dialogue(const vm_process& process, frame_reader& reader, std::string& out_frame,
                  uint32_t max_frame_bytes, deadline_t deadline)
      : process_(process),
        reader_(reader),
        out_frame_(out_frame),
        max_(max_frame_bytes),
        deadline_(deadline) {}

  /// Stamps `msg` with the next nonce and sends it.
  template <typename Msg>
  void send(Msg&& msg) {
    msg.nonce = nonce_.next();
    vm_proto::encode_frame_into(msg, out_frame_);
    write_frame(process_.to_vm_fd(), out_frame_, deadline_);
  }

  /// The next frame, valid until the next receive().
  const raw_frame& receive() { return reader_.read(max_, deadline_); }

  template <typename Msg>
  Msg accept(const raw_frame& frame) {
    Msg msg = decode_as<Msg>(frame);
    nonce_.accept(msg.nonce);
    return msg;
  }

 private:
  const vm_process& process_;
  frame_reader& reader_;
  std::string& out_frame_;
  uint32_t max_;
  deadline_t deadline_;
  dialogue_nonce nonce_;
};

}  // namespace

dialogue_outcome vm_client::converse(dialogue_request& request, worker::state_access& state,
                                     const code_loader& loader, clock::time_point deadline,
                                     bool log_profile_sent) {
  driver_dialogue dialogue(*process_, *reader_, out_frame_, settings_.max_frame_bytes, deadline);
  vm_proto::call_request call;  // kept for the prefetched keys the response names
  std::vector<worker::state_value> peeked;
  if (request.deploy) {
    vm_proto::deploy_request msg;
    msg.invocation_id = std::move(request.invocation_id);
    msg.code_hash = std::move(request.code_hash);
    msg.code = std::move(request.code);
    msg.input = std::move(request.input);
    dialogue.send(std::move(msg));
  } else {
    call.invocation_id = std::move(request.invocation_id);
    call.code_hash = std::move(request.code_hash);
    call.input = std::move(request.input);
    call.log_profile_sent = log_profile_sent;
    if (request.prefetch_keys) prefetch(*request.prefetch_keys, state, call.prefetched, peeked);
    dialogue.send(call);
  }

  std::map<std::string, worker::state_value> reads;  // this dialogue's read cache
  dialogue_outcome out;
  for (;;) {
    const raw_frame& frame = dialogue.receive();
    switch (static_cast<frame_kind>(frame.kind)) {
      case frame_kind::storage_read_request: {
        const auto ask = dialogue.accept<vm_proto::storage_read_request>(frame);
        auto it = reads.find(ask.key.bytes);
        if (it == reads.end()) {
          it = reads.emplace(ask.key.bytes, state.get(ask.key.bytes)).first;
          out.read_keys.push_back(ask.key.bytes);
        }
        vm_proto::storage_read_response reply;
        reply.found = it->second.found;
        reply.value = it->second.value;
        dialogue.send(std::move(reply));
        ++out.hook_calls;
        break;
      }
      case frame_kind::code_request: {
        const auto ask = dialogue.accept<vm_proto::code_request>(frame);
        auto code = loader ? loader(ask.code_hash) : std::nullopt;
        vm_proto::code_response reply;
        reply.found = code.has_value();
        if (code) reply.code = std::move(*code);
        dialogue.send(std::move(reply));
        ++out.hook_calls;
        break;
      }
      case frame_kind::contract_response:
        out.response = dialogue.accept<vm_proto::contract_response>(frame);
        if (auto broken = record_prefetched(call, peeked, out.response.prefetch_used, state, out.read_keys)) {
          out.error = std::move(*broken);
          return out;
        }
        out.delivered = true;
        return out;
      default:
        throw vm_proto::codec_error("unexpected " + vm_proto::kind_name(frame.kind) + " in a dialogue");
    }
  }
}

}  // namespace vireo::vm
