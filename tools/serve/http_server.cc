#include "tools/serve/http_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>

namespace moneytrail::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Every answer carries these: the API is JSON, the UI is same-origin only.
void AddSecurityHeaders(http::response<http::string_body>* res) {
  res->set(http::field::server, "moneytrail");
  res->set("X-Content-Type-Options", "nosniff");
  res->set("X-Frame-Options", "DENY");
  res->set("Referrer-Policy", "no-referrer");
}

// The server's state, shared by its connections.
class ServerCore {
 public:
  ServerCore(HttpServerOptions options, HttpHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        pool_(std::max<size_t>(1, options_.worker_threads)),
        acceptor_(ioc_) {
    if (!options_.error_response) {
      options_.error_response = [](int status, std::string detail) {
        HttpResponse r;
        r.status = status;
        r.content_type = "text/plain";
        r.body = std::move(detail) + "\n";
        return r;
      };
    }
  }

  Status Listen() {
    beast::error_code ec;
    auto address = net::ip::make_address(options_.bind, ec);
    if (ec) return Status::Usage("--bind: '" + options_.bind + "' is not an IP address");
    tcp::endpoint endpoint(address, options_.port);
    const std::string where = options_.bind + ":" + std::to_string(options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Status::CantCreate("cannot listen on " + where + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    Accept();
    for (size_t i = 0; i < std::max<size_t>(1, options_.io_threads); ++i) {
      io_threads_.emplace_back([this] { ioc_.run(); });
    }
    return Status::Ok();
  }

  void Stop() {
    bool expected = false;
    if (!stopping_.compare_exchange_strong(expected, true)) return;
    net::post(ioc_, [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    pool_.join();  // running handlers finish; their answers may not be sent
    ioc_.stop();
  }

  void Wait() {
    for (auto& t : io_threads_) {
      if (t.joinable()) t.join();
    }
  }

  uint16_t port() const { return port_; }
  const HttpServerOptions& options() const { return options_; }
  net::thread_pool& pool() { return pool_; }

  HttpResponse Handle(const HttpRequest& request) const {
    try {
      return handler_(request);
    } catch (const std::exception& e) {
      // The text stays in the log: answers never carry exception text.
      spdlog::error("serve: {} {}: unhandled exception: {}", request.method,
                    request.target.substr(0, request.target.find('?')), e.what());
    } catch (...) {
      spdlog::error("serve: {} {}: unhandled exception", request.method,
                    request.target.substr(0, request.target.find('?')));
    }
    return options_.error_response(500, "The server could not answer this request.");
  }

  HttpResponse Error(int status, std::string detail) const {
    return options_.error_response(status, std::move(detail));
  }

  std::atomic<size_t> connections{0};

 private:
  void Accept();

  HttpServerOptions options_;
  HttpHandler handler_;
  net::io_context ioc_;
  net::thread_pool pool_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> io_threads_;
  std::atomic<bool> stopping_{false};
  uint16_t port_ = 0;
};

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerCore* server) : stream_(std::move(socket)), server_(server) {
    ++server_->connections;
  }
  ~Session() { --server_->connections; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    const HttpServerOptions& o = server_->options();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(o.header_limit));
    parser_->body_limit(o.body_limit);
    stream_.expires_after(o.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      return Close();
    }
    if (ec == http::error::header_limit) {
      return Answer(server_->Error(431, "The request's headers are over the size limit."), false,
                    false);
    }
    if (ec == http::error::body_limit) {
      return Answer(server_->Error(413, "The request's body is over the size limit."), false,
                    false);
    }
    if (ec) {
      if (ec.category() == beast::error_code(http::error::bad_target).category()) {
        return Answer(server_->Error(400, "The request could not be parsed."), false, false);
      }
      return Close();
    }
    auto& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) {
      request.headers.emplace_back(Lower(std::string(field.name_string())),
                                   std::string(field.value()));
    }
    request.body = std::move(req.body());
    beast::error_code ignored;
    request.remote_address = stream_.socket().remote_endpoint(ignored).address().to_string();
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    version_ = req.version();
    net::post(server_->pool(),
              [self = shared_from_this(), request = std::move(request), keep_alive, head] {
                HttpResponse response = self->server_->Handle(request);
                net::post(self->stream_.get_executor(),
                          [self, response = std::move(response), keep_alive, head]() mutable {
                            self->Answer(std::move(response), keep_alive, head);
                          });
              });
  }

  void Answer(HttpResponse response, bool keep_alive, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version_);
    AddSecurityHeaders(res.get());
    res->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    const size_t length = response.body.size();
    if (!head) res->body() = std::move(response.body);
    res->prepare_payload();
    if (head) res->content_length(length);
    stream_.expires_after(server_->options().write_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (!res->keep_alive()) return self->Shutdown();
                        self->Read();
                      });
  }

  // After an answer that ends the connection: send FIN, then read and drop
  // what the client still sends (briefly), so that closing does not reset
  // the connection before the client has read the answer.
  void Shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(1));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ServerCore* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  unsigned version_ = 11;
  char drain_[4096];
};

void ServerCore::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping_ && acceptor_.is_open()) Accept();
      return;
    }
    if (connections >= options_.max_connections) {
      // Too many at once: a short, complete answer, then close.
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
          "Retry-After: 1\r\nContent-Length: 12\r\nConnection: close\r\n\r\nserver busy\n";
      beast::error_code ignored;
      net::write(socket, net::buffer(kBusy.data(), kBusy.size()), ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
    } else {
      std::make_shared<Session>(std::move(socket), this)->Start();
    }
    Accept();
  });
}

}  // namespace

class HttpServer::Impl : public ServerCore {
 public:
  using ServerCore::ServerCore;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                      HttpHandler handler) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler));
  RETURN_IF_ERROR(impl->Listen());
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::Wait() { impl_->Wait(); }

}  // namespace moneytrail::serve
