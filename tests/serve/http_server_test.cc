// The HTTP server's hardening over real loopback sockets: size limits,
// timeouts, the connection limit, keep-alive, HEAD, and handlers that throw.
#include "tools/serve/http_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace moneytrail::serve {
namespace {

using namespace std::chrono_literals;

// A raw client: what a slow or hostile peer does, byte for byte.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }
  // Reads until `until` appears, the peer closes, or `timeout` passes.
  std::string Read(std::chrono::milliseconds timeout, const std::string& until = "") {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!until.empty() && out.find(until) != std::string::npos) break;
      pollfd p{fd_, POLLIN, 0};
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count());
      if (poll(&p, 1, std::max(1, left)) <= 0) break;
      char buf[4096];
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions o = {}) {
    o.port = 0;
    auto s = HttpServer::Start(o, [this](const HttpRequest& r) {
      ++handled_;
      if (r.target == "/throw") throw std::runtime_error("secret internal detail");
      if (r.target == "/together") {
        // Waits (up to 5 s) until four requests are inside the handler at once.
        std::unique_lock<std::mutex> lock(mu_);
        ++inside_;
        together_.notify_all();
        together_.wait_for(lock, 5s, [this] { return inside_ >= 4; });
        most_inside_ = std::max(most_inside_, inside_);
      }
      HttpResponse out;
      out.body = "{\"echo\":\"" + r.target + "\",\"body\":" + std::to_string(r.body.size()) + "}";
      return out;
    });
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s).value();
  }
  uint16_t port() const { return server_->port(); }

  std::atomic<int> handled_{0};
  std::mutex mu_;
  std::condition_variable together_;
  int inside_ = 0, most_inside_ = 0;
  std::unique_ptr<HttpServer> server_;
};

const std::string kGet = "GET /x HTTP/1.1\r\nHost: h\r\n\r\n";

TEST_F(HttpServerTest, AnswersAndKeepsTheConnectionAlive) {
  Start();
  Client c(port());
  ASSERT_TRUE(c.connected());
  c.Send(kGet);
  std::string first = c.Read(5s, "}");
  EXPECT_THAT(first, ::testing::StartsWith("HTTP/1.1 200 OK"));
  EXPECT_THAT(first, ::testing::HasSubstr("X-Content-Type-Options: nosniff"));
  c.Send("GET /y HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_THAT(c.Read(5s, "}"), ::testing::HasSubstr("\"echo\":\"/y\""));
  EXPECT_EQ(handled_, 2);
}

TEST_F(HttpServerTest, HeadAnswersTheLengthWithoutTheBody) {
  Start();
  Client c(port());
  c.Send("HEAD /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  std::string r = c.Read(5s);
  EXPECT_THAT(r, ::testing::HasSubstr("Content-Length: 22"));  // {"echo":"/x","body":0}
  EXPECT_THAT(r, ::testing::EndsWith("\r\n\r\n"));
}

TEST_F(HttpServerTest, HeadersOverTheLimitAre431) {
  HttpServerOptions o;
  o.header_limit = 1024;
  Start(o);
  Client c(port());
  c.Send("GET /x HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
  EXPECT_THAT(c.Read(5s), ::testing::StartsWith("HTTP/1.1 431"));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, ABodyOverTheLimitIs413) {
  HttpServerOptions o;
  o.body_limit = 100;
  Start(o);
  Client c(port());
  c.Send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b'));
  EXPECT_THAT(c.Read(5s), ::testing::StartsWith("HTTP/1.1 413"));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, GarbageIs400) {
  Start();
  Client c(port());
  c.Send("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_THAT(c.Read(5s), ::testing::StartsWith("HTTP/1.1 400"));
}

TEST_F(HttpServerTest, ASlowSenderIsCutOffAtTheReadTimeout) {
  HttpServerOptions o;
  o.read_timeout = 300ms;
  Start(o);
  Client c(port());
  c.Send("GET /x HTTP/1.1\r\nHo");  // and then nothing more (slowloris)
  auto begin = std::chrono::steady_clock::now();
  std::string r = c.Read(5s);
  EXPECT_TRUE(c.closed());
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 3s);
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, PastTheConnectionLimitNewConnectionsAre503) {
  HttpServerOptions o;
  o.max_connections = 2;
  Start(o);
  Client a(port()), b(port());
  a.Send(kGet);
  b.Send(kGet);
  a.Read(5s, "}");
  b.Read(5s, "}");  // both are open (keep-alive) and counted
  Client c(port());
  EXPECT_THAT(c.Read(5s), ::testing::StartsWith("HTTP/1.1 503"));
}

TEST_F(HttpServerTest, AHandlerThatThrowsGivesA500WithoutItsText) {
  Start();
  Client c(port());
  c.Send("GET /throw HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  std::string r = c.Read(5s);
  EXPECT_THAT(r, ::testing::StartsWith("HTTP/1.1 500"));
  EXPECT_EQ(r.find("secret"), std::string::npos);
}

TEST_F(HttpServerTest, RequestsAreAnsweredInParallelOnTheWorkers) {
  HttpServerOptions o;
  o.worker_threads = 4;
  Start(o);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<Client>(port()));
    clients.back()->Send("GET /together HTTP/1.1\r\nHost: h\r\n\r\n");
  }
  for (auto& c : clients) EXPECT_THAT(c->Read(10s, "}"), ::testing::StartsWith("HTTP/1.1 200"));
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(most_inside_, 4);
}

TEST_F(HttpServerTest, AnAddressInUseIsAClearError) {
  Start();
  HttpServerOptions o;
  o.port = port();
  auto second = HttpServer::Start(o, [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), ::testing::HasSubstr("cannot listen on 127.0.0.1:"));
}

}  // namespace
}  // namespace moneytrail::serve
