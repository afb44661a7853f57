// moneytrail serve: the HTTP API and web UI over a store (tools/serve).
// This file reads the options, opens the store and the users file, starts
// the server and waits for SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"
#include "tools/serve/api.h"
#include "tools/serve/http_server.h"

namespace moneytrail::cli {
namespace {

struct ServeCmdOptions {
  std::string db, users, bind = "127.0.0.1", port_file, web = MONEYTRAIL_WEB_ROOT, rules;
  int port = 8080;
  size_t threads = 4;
  double rate = 50, burst = 100;
  size_t max_connections = 1024;
  size_t header_limit = 8 * 1024, body_limit = 16 * 1024;
  int read_timeout = 10, write_timeout = 30;
  size_t cache_mb = 1024;
};

bool IsLoopback(const std::string& bind) {
  return bind == "127.0.0.1" || bind == "::1" || bind.starts_with("127.");
}

int Run(const ServeCmdOptions& o) {
  if (o.port < 0 || o.port > 65535) return Fail(Status::Usage("--port: not between 0 and 65535"));
  if (o.threads < 1 || o.threads > 256)
    return Fail(Status::Usage("--threads: not between 1 and 256"));
  if (o.rate < 0 || o.burst < 1)
    return Fail(Status::Usage("--rate-limit: must be >= 0, --burst >= 1"));
  if (o.read_timeout < 1 || o.write_timeout < 1) {
    return Fail(Status::Usage("--read-timeout, --write-timeout: at least 1 second"));
  }
  auto users = serve::Users::Load(o.users);
  if (!users.ok()) return Fail(users.status());
  if (users->all().empty())
    return Fail(Status::Usage(o.users + ": no users (moneytrail users add)"));
  storage::StoreOptions store_options;
  store_options.read_only = true;
  store_options.create_if_missing = false;
  store_options.block_cache_bytes = o.cache_mb << 20;
  auto opened = storage::Store::Open(o.db, store_options);
  if (!opened.ok()) return Fail(opened.status());

  serve::ApiOptions api_options;
  api_options.store_dir = o.db;
  api_options.web_root = o.web;
  api_options.rules_path = o.rules;
  api_options.rate_limit = serve::RateLimit{o.rate, o.burst};
  auto api = serve::Api::Create(opened->get(), std::move(users).value(), api_options);
  if (!api.ok()) return Fail(api.status());

  // SIGINT and SIGTERM are taken by sigwait below, not by any thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  serve::HttpServerOptions http;
  http.bind = o.bind;
  http.port = static_cast<uint16_t>(o.port);
  http.worker_threads = o.threads;
  http.max_connections = o.max_connections;
  http.header_limit = o.header_limit;
  http.body_limit = o.body_limit;
  http.read_timeout = std::chrono::seconds(o.read_timeout);
  http.write_timeout = std::chrono::seconds(o.write_timeout);
  http.error_response = [](int status, std::string detail) {
    return serve::Api::Problem(status, std::move(detail));
  };
  serve::Api* handler = api->get();
  auto server = serve::HttpServer::Start(
      http, [handler](const serve::HttpRequest& r) { return handler->Handle(r); });
  if (!server.ok()) return Fail(server.status());
  const uint16_t port = (*server)->port();
  if (!IsLoopback(o.bind)) {
    std::cerr << "moneytrail: warning: serving on " << o.bind
              << ", not loopback: put TLS in front (a reverse proxy); tokens travel in clear\n";
  }
  std::cerr << "moneytrail: serving " << o.db << " on http://"
            << (o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind) << ":" << port
            << "/ (Ctrl-C stops)\n";
  if (!o.port_file.empty()) {
    // Written after listening: a script that waits for this file can connect.
    Status w = WriteOutput(o.port_file + ".tmp", std::to_string(port) + "\n");
    if (w.ok() && std::rename((o.port_file + ".tmp").c_str(), o.port_file.c_str()) != 0) {
      w = Status::IOError("cannot write " + o.port_file);
    }
    if (!w.ok()) return Fail(w);
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cerr << "moneytrail: stopping (signal " << signal_number << ")\n";
  (*server)->Stop();
  (*server)->Wait();
  return 0;
}

}  // namespace

void RegisterServe(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ServeCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "serve",
      "Serves the store over HTTP/1.1: the JSON API under /api/v1 (described by\n"
      "/api/v1/openapi.json) and the investigators' web UI at /. Every API request needs a\n"
      "bearer token from the users file (moneytrail users add) and is recorded in the store's\n"
      "audit log before it is answered; investigators must state a purpose (X-Purpose header).\n"
      "Roles: analyst (everything), investigator and prosecutor (their cases and the accounts\n"
      "those cases reach), admin (users and the audit log). Listens on loopback by default;\n"
      "anything else should sit behind a TLS reverse proxy. Limits: requests over the header or\n"
      "body size are refused (431, 413), slow requests time out, each user gets --rate-limit\n"
      "requests per second (bursts of --burst), then 429 with Retry-After.\n"
      "The store is opened read-only: ingest into it while serving is not possible.",
      "  moneytrail users add --users users.json --name ana --role investigator --case K-2024-001\n"
      "  moneytrail serve --db store --users users.json\n"
      "  moneytrail serve --db store --users users.json --port 0 --port-file port.txt\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--users", o->users, "Users file (JSON; token hashes, roles, cases)")->required();
  cmd->add_option("--bind", o->bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", o->port, "Port (default 8080; 0 = any free port)");
  cmd->add_option("--port-file", o->port_file, "Write the port here once listening");
  cmd->add_option("--web", o->web, "Directory of the web UI's files (default: this build's)");
  cmd->add_option("--rules", o->rules, "Rulebook for flags and reports (default: built in)");
  cmd->add_option("--cache-mb", o->cache_mb, "Block cache of the store, MiB (default 1024)");
  cmd->add_option("--threads", o->threads, "Worker threads answering requests (default 4)");
  cmd->add_option("--rate-limit", o->rate, "Requests per second per user (default 50; 0 = none)");
  cmd->add_option("--burst", o->burst, "Requests a user may make at once (default 100)");
  cmd->add_option("--max-connections", o->max_connections, "Open connections (default 1024)");
  cmd->add_option("--header-limit", o->header_limit, "Request line + headers, bytes (8192)");
  cmd->add_option("--body-limit", o->body_limit, "Request body, bytes (16384)");
  cmd->add_option("--read-timeout", o->read_timeout, "Seconds for a whole request (10)");
  cmd->add_option("--write-timeout", o->write_timeout, "Seconds to send an answer (30)");
}

}  // namespace moneytrail::cli
