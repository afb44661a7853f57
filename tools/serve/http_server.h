// HttpServer: a small, hardened HTTP/1.1 server on Boost.Beast that knows
// nothing of moneytrail. It parses requests within limits, hands each to a
// handler on a worker thread and writes the answer back, with keep-alive.
//
// Hardening, all of it in this file so that it is tested once:
//  - a request line plus headers over `header_limit` bytes answers 431, a
//    body over `body_limit` 413, a request that cannot be parsed 400; the
//    connection is closed after each of these;
//  - a request must arrive whole within `read_timeout` of its first byte
//    being awaited (slow senders, idle keep-alive connections are closed);
//    an answer must be written within `write_timeout` (slow readers);
//  - past `max_connections` open connections, a new one is answered 503
//    and closed;
//  - the handler's exceptions never reach the client: the answer is a bare
//    500 from `internal_error`, the exception is logged.
//
// Thread safety: Start() runs the server on its own threads; Stop() may be
// called from any thread (a signal handler's strand, a test).
#ifndef MONEYTRAIL_TOOLS_SERVE_HTTP_SERVER_H_
#define MONEYTRAIL_TOOLS_SERVE_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::serve {

struct HttpRequest {
  std::string method;                                        // "GET", "HEAD", ...
  std::string target;                                        // as sent: "/api/v1/paths?from=A&to=B"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // the peer's IP address

  // The first header of that (lower-case) name, "" when absent.
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";  // loopback unless asked otherwise
  uint16_t port = 8080;            // 0: any free port (see HttpServer::port())
  size_t io_threads = 1;           // network I/O
  size_t worker_threads = 4;       // handlers (queries, traces)
  size_t header_limit = 8 * 1024;  // request line + headers, bytes
  size_t body_limit = 16 * 1024;   // request body, bytes
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_connections = 1024;
  // Answers to the protocol errors above (status, body): problem+json.
  std::function<HttpResponse(int status, std::string detail)> error_response;
};

class HttpServer {
 public:
  // Binds and starts serving. CantCreate when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // Stop() and Wait()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;  // the port bound (useful with port 0)

  // Stops accepting, closes connections, lets running handlers finish.
  void Stop();
  // Blocks until the server has stopped.
  void Wait();

 private:
  class Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_HTTP_SERVER_H_
