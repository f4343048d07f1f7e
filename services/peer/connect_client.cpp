#include "services/peer/connect_client.hpp"

#include "services/peer/errc.hpp"
#include "services/peer/grpc_options.hpp"
#include "services/peer/log.hpp"
#include "services/peer/stream_sink.hpp"
#include "support/thread_name.hpp"

namespace vireo::peer {

using client_stream = grpc::ClientReaderWriter<protos::ChaincodeMessage, protos::ChaincodeMessage>;
using client_sink = stream_sink<client_stream, grpc::ClientContext>;

std::unique_ptr<chaincode_connection> chaincode_connection::dial(const std::string& address,
                                                                 const peer_settings& settings,
                                                                 handler::hooks hooks,
                                                                 std::chrono::steady_clock::time_point deadline,
                                                                 std::string& why) {
  std::unique_ptr<chaincode_connection> c(new chaincode_connection());
  c->address_ = address;
  try {
    c->channel_ = grpc::CreateCustomChannel(address, channel_credentials(settings.tls), channel_arguments(settings));
  } catch (const std::exception& e) {
    why = e.what();
    return nullptr;
  }
  auto wait = std::chrono::system_clock::now() + (deadline - std::chrono::steady_clock::now());
  if (!c->channel_->WaitForConnected(wait)) {
    why = describe(errc::not_connected, "cannot connect to chaincode server " + address);
    return nullptr;
  }
  c->stub_ = protos::Chaincode::NewStub(c->channel_);
  c->stream_ = c->stub_->Connect(&c->context_);
  auto sink = std::make_shared<client_sink>(c->stream_.get(), &c->context_);
  c->sink_ = sink;
  // Wake wait_ready() on registration and on the end of the stream.
  chaincode_connection* self = c.get();
  handler::hooks wrapped;
  wrapped.on_ready = [self, hooks](const std::shared_ptr<handler>& h) {
    std::string refusal = hooks.on_ready ? hooks.on_ready(h) : std::string();
    { std::lock_guard<std::mutex> lock(self->mu_); }  // no lost wake-up in wait_ready
    self->cv_.notify_all();
    return refusal;
  };
  wrapped.on_closed = [hooks](const std::shared_ptr<handler>& h) {
    if (hooks.on_closed) hooks.on_closed(h);
  };
  c->handler_ = std::make_shared<handler>(sink, std::move(wrapped), address);
  c->reader_ = named_thread("peer-cc-read", [self] { self->read_loop(); });
  return c;
}

void chaincode_connection::read_loop() {
  auto* sink = static_cast<client_sink*>(sink_.get());
  sink->bind_reader();
  protos::ChaincodeMessage msg;
  while (!sink->closing() && stream_->Read(&msg)) handler_->on_message(msg);
  std::string reason = sink->closing() ? sink->reason() : "stream ended by the chaincode server";
  if (sink->closing()) context_.TryCancel();
  sink->detach();
  grpc::Status status = stream_->Finish();
  if (!sink->closing() && !status.ok()) reason += " (" + status.error_message() + ")";
  handler_->on_stream_closed(reason);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
  }
  cv_.notify_all();
}

chaincode_connection::~chaincode_connection() {
  if (sink_) sink_->close("connection closed by the peer");
  if (reader_.joinable()) reader_.join();
}

bool chaincode_connection::wait_ready(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [this] { return ended_ || handler_->current_state() == handler::state::ready; });
  return !ended_ && handler_->current_state() == handler::state::ready;
}

std::shared_ptr<handler> chaincode_connection::ready_handler() const {
  return handler_->current_state() == handler::state::ready ? handler_ : nullptr;
}

bool chaincode_connection::alive() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !ended_;
}

}  // namespace vireo::peer
