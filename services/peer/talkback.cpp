#include "services/peer/talkback.hpp"

#include <stdexcept>

#include "services/peer/errc.hpp"
#include "services/peer/handler.hpp"

namespace vireo::peer {
namespace {

using msg_type = protos::ChaincodeMessage;

// A request the chaincode may retry differently: ERROR, transaction goes on.
struct refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A payload that does not parse: ERROR, and the transaction fails.
struct malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T>
T parse(const std::string& payload, const char* what) {
  T out;
  if (!out.ParseFromString(payload)) throw malformed(std::string(what) + " payload does not parse");
  return out;
}

void no_collection(const std::string& collection) {
  if (!collection.empty())
    throw refused(describe(errc::unsupported, "private data collections (collection '" + collection + "')"));
}

void writable_key(const std::string& key) {
  if (key.empty()) throw refused("an empty key cannot be written");
  if (key.compare(0, reserved_key_prefix.size(), reserved_key_prefix) == 0)
    throw refused("keys starting with 0x00 0xFF are reserved");
}

}  // namespace

talkback_server::talkback_server(worker::state_access& state, std::string namespace_name, uint32_t batch_size)
    : state_(state), queries_(state, std::move(namespace_name), batch_size) {}

std::string talkback_server::metadata_key(const std::string& key) {
  return reserved_key_prefix + "meta" + '\0' + key;
}

talkback_reply talkback_server::serve(const protos::ChaincodeMessage& msg) {
  talkback_reply out;
  out.message.set_txid(msg.txid());
  out.message.set_channel_id(msg.channel_id());
  out.message.set_type(msg_type::RESPONSE);
  const std::string& p = msg.payload();
  try {
    switch (msg.type()) {
      case msg_type::GET_STATE: out.message.set_payload(get_state(p)); break;
      case msg_type::PUT_STATE: out.message.set_payload(put_state(p)); break;
      case msg_type::DEL_STATE: out.message.set_payload(del_state(p)); break;
      case msg_type::GET_STATE_BY_RANGE: out.message.set_payload(get_state_by_range(p)); break;
      case msg_type::QUERY_STATE_NEXT: out.message.set_payload(query_state_next(p)); break;
      case msg_type::QUERY_STATE_CLOSE: out.message.set_payload(query_state_close(p)); break;
      case msg_type::GET_HISTORY_FOR_KEY: out.message.set_payload(get_history_for_key(p)); break;
      case msg_type::GET_STATE_METADATA: out.message.set_payload(get_state_metadata(p)); break;
      case msg_type::PUT_STATE_METADATA: out.message.set_payload(put_state_metadata(p)); break;
      case msg_type::GET_QUERY_RESULT:
        throw refused(describe(errc::unsupported, "GET_QUERY_RESULT (rich queries); use range queries or composite keys"));
      case msg_type::GET_PRIVATE_DATA_HASH:
      case msg_type::PURGE_PRIVATE_DATA:
        throw refused(describe(errc::unsupported, type_name(msg.type()) + " (private data collections)"));
      default:
        throw malformed(type_name(msg.type()) + " is not a talk-back");
    }
  } catch (const refused& e) {
    out.message.set_type(msg_type::ERROR);
    out.message.set_payload(e.what());
  } catch (const malformed& e) {
    out.message.set_type(msg_type::ERROR);
    out.message.set_payload(describe(errc::malformed_message, e.what()));
    out.abort_reason = out.message.payload();
  }
  return out;
}

std::string talkback_server::get_state(const std::string& payload) {
  auto req = parse<protos::GetState>(payload, "GET_STATE");
  no_collection(req.collection());
  return state_.get(req.key()).value;
}

std::string talkback_server::put_state(const std::string& payload) {
  auto req = parse<protos::PutState>(payload, "PUT_STATE");
  no_collection(req.collection());
  writable_key(req.key());
  state_.put(req.key(), req.value());
  return {};
}

std::string talkback_server::del_state(const std::string& payload) {
  auto req = parse<protos::DelState>(payload, "DEL_STATE");
  no_collection(req.collection());
  writable_key(req.key());
  state_.del(req.key());
  // Fabric drops a key's metadata with the key.
  std::string meta = metadata_key(req.key());
  if (state_.get(meta).found) state_.del(meta);
  return {};
}

std::string talkback_server::get_state_by_range(const std::string& payload) {
  auto req = parse<protos::GetStateByRange>(payload, "GET_STATE_BY_RANGE");
  no_collection(req.collection());
  protos::QueryMetadata md;
  if (!req.metadata().empty()) {
    md = parse<protos::QueryMetadata>(req.metadata(), "GET_STATE_BY_RANGE metadata");
    if (md.pagesize() <= 0) throw refused("pageSize must be positive");
  }
  return queries_.open_range(req.startkey(), req.endkey(), md.pagesize(), md.bookmark()).SerializeAsString();
}

std::string talkback_server::query_state_next(const std::string& payload) {
  auto req = parse<protos::QueryStateNext>(payload, "QUERY_STATE_NEXT");
  protos::QueryResponse r;
  if (!queries_.next(req.id(), r)) throw refused("query iterator '" + req.id() + "' is not open");
  return r.SerializeAsString();
}

std::string talkback_server::query_state_close(const std::string& payload) {
  auto req = parse<protos::QueryStateClose>(payload, "QUERY_STATE_CLOSE");
  return queries_.close(req.id()).SerializeAsString();
}

std::string talkback_server::get_history_for_key(const std::string& payload) {
  auto req = parse<protos::GetHistoryForKey>(payload, "GET_HISTORY_FOR_KEY");
  return queries_.open_history(req.key()).SerializeAsString();
}

std::string talkback_server::get_state_metadata(const std::string& payload) {
  auto req = parse<protos::GetStateMetadata>(payload, "GET_STATE_METADATA");
  no_collection(req.collection());
  return state_.get(metadata_key(req.key())).value;  // a serialized StateMetadataResult, or empty
}

std::string talkback_server::put_state_metadata(const std::string& payload) {
  auto req = parse<protos::PutStateMetadata>(payload, "PUT_STATE_METADATA");
  no_collection(req.collection());
  writable_key(req.key());
  // As in Fabric, a put replaces the key's whole metadata with this one entry.
  protos::StateMetadataResult stored;
  *stored.add_entries() = req.metadata();
  state_.put(metadata_key(req.key()), stored.SerializeAsString());
  return {};
}

}  // namespace vireo::peer
