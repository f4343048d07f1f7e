#include "services/gateway/http_server.hpp"

#include <optional>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "support/ids.hpp"
#include "support/logging.hpp"
#include "support/thread_name.hpp"

namespace vireo::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string url_decode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) && std::isxdigit(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

namespace {

void split_target(const std::string& target, http_request& out) {
  auto question = target.find('?');
  out.path = url_decode(target.substr(0, question));
  if (question == std::string::npos)
    return;
  std::string query = target.substr(question + 1);
  size_t start = 0;
  while (start <= query.size()) {
    auto amp = query.find('&', start);
    auto pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      out.query[url_decode(pair.substr(0, eq))] = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1));
    }
    if (amp == std::string::npos)
      break;
    start = amp + 1;
  }
}

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, uint64_t max_body_bytes, const request_handler& handler)
      : stream_(std::move(socket)), max_body_bytes_(max_body_bytes), handler_(handler) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(max_body_bytes_);
    parser_->header_limit(16 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted)
      return close();
    if (ec == http::error::body_limit)
      return fail(413, "payload_too_large", "request body larger than " + std::to_string(max_body_bytes_) + " bytes");
    if (ec)
      return fail(400, "bad_request", "malformed HTTP request: " + ec.message());
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    http_request request;
    request.method = std::string(message.method_string());
    split_target(std::string(message.target()), request);
    request.body = std::move(message.body());
    auto id = message.find("X-Request-Id");
    request.request_id = id != message.end() ? std::string(id->value()) : new_transaction_id().substr(16);
    version_ = message.version();
    auto self = shared_from_this();
    auto strand = stream_.get_executor();
    handler_(request, [self, strand](http_response response) {
      asio::post(strand, [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    });
  }

  void fail(unsigned status, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    nlohmann::json body = {{"error", {{"code", code}, {"message", message}, {"request_id", ""}}}};
    write({status, body.dump(), "application/json"});
  }

  void write(http_response response) {
    auto out = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status),
                                                                   version_ ? version_ : 11);
    out->set(http::field::server, "vireod");
    out->set(http::field::content_type, response.content_type);
    out->keep_alive(keep_alive_);
    out->body() = std::move(response.body);
    out->prepare_payload();
    http::async_write(stream_, *out, [self = shared_from_this(), out](beast::error_code ec, size_t) {
      if (ec || !self->keep_alive_)
        return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  uint64_t max_body_bytes_;
  const request_handler& handler_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

struct http_server::impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  request_handler handler;
  uint64_t max_body_bytes = 0;
  std::vector<std::thread> threads;
  bool stopped = false;

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec)
        return;  // acceptor closed
      socket.set_option(tcp::no_delay(true));
      std::make_shared<session>(std::move(socket), max_body_bytes, handler)->start();
      accept();
    });
  }
};

http_server::http_server(const std::string& host, uint16_t port, unsigned threads, uint64_t max_body_bytes,
                         request_handler handler)
    : impl_(std::make_unique<impl>()) {
  impl_->handler = std::move(handler);
  impl_->max_body_bytes = max_body_bytes;
  tcp::endpoint endpoint{asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host), port};
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  for (unsigned i = 0; i < threads; ++i)
    impl_->threads.push_back(named_thread("http", [this] { impl_->io.run(); }));
}

http_server::~http_server() {
  stop();
}

void http_server::stop() {
  if (impl_->stopped)
    return;
  impl_->stopped = true;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads)
    t.join();
}

void http_server::after(uint32_t delay_ms, std::function<void()> work) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, std::chrono::milliseconds(delay_ms));
  timer->async_wait([timer, work = std::move(work)](beast::error_code) { work(); });
}

}  // namespace vireo::gateway
