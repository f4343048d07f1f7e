// One dialogue with a vireo-vm child: the request, the hook calls it makes
// (answered from state_access and the code loader, reads cached for the rest of
// the dialogue), the response; nonces checked on every frame.
#include <map>

#include "proto-msgs/vm/codec.hpp"
#include "services/vm/driver/vm_client.hpp"
#include "services/vm/driver/vm_process.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

using vm_proto::frame_kind;

namespace {

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

  template <typename Msg>
  void send(Msg msg) {
    msg.nonce = nonce_.next();
    vm_proto::encode_frame_into(msg, out_frame_);
    write_frame(process_.to_vm_fd(), out_frame_, deadline_);
  }

  raw_frame receive() { return reader_.read(max_, deadline_); }

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

dialogue_outcome vm_client::converse(const dialogue_request& request, worker::state_access& state,
                                     const code_loader& loader, clock::time_point deadline) {
  driver_dialogue dialogue(*process_, *reader_, out_frame_, settings_.max_frame_bytes, deadline);
  if (request.deploy) {
    vm_proto::deploy_request msg;
    msg.invocation_id = request.invocation_id;
    msg.code_hash = request.code_hash;
    msg.code = request.code;
    msg.input = request.input;
    dialogue.send(std::move(msg));
  } else {
    vm_proto::call_request msg;
    msg.invocation_id = request.invocation_id;
    msg.code_hash = request.code_hash;
    msg.input = request.input;
    dialogue.send(std::move(msg));
  }

  std::map<std::string, worker::state_value> reads;  // this dialogue's read cache
  dialogue_outcome out;
  for (;;) {
    const raw_frame frame = dialogue.receive();
    switch (static_cast<frame_kind>(frame.kind)) {
      case frame_kind::storage_read_request: {
        const auto ask = dialogue.accept<vm_proto::storage_read_request>(frame);
        auto it = reads.find(ask.key.bytes);
        if (it == reads.end()) it = reads.emplace(ask.key.bytes, state.get(ask.key.bytes)).first;
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
        out.delivered = true;
        return out;
      default:
        throw vm_proto::codec_error("unexpected " + vm_proto::kind_name(frame.kind) + " in a dialogue");
    }
  }
}

}  // namespace vireo::vm
