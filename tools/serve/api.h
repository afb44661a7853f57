// Api: the HTTP API of `moneytrail serve` and the web UI's files. It turns an
// HttpRequest into an HttpResponse: authentication (bearer tokens), the rate
// limit, who may see what (roles and case scope), the audit record of every
// API request, and the routes themselves. The routes and their answers are
// documented in tools/serve/openapi.json, served at /api/v1/openapi.json.
//
// Order of checks for /api/v1/* (except health and openapi.json, which are
// public): token (401) -> rate limit (429 + Retry-After) -> purpose
// (investigators must send X-Purpose: 400) -> route and scope (404 for
// anything out of the user's scope, exactly as for what does not exist) ->
// the answer -> its audit record, durable (group commit) -> the answer is
// sent. When the record cannot be written the answer is a 503 with no data.
// Errors are RFC 9457 problem+json, with no exception text or internal path.
//
// Thread safety: Handle() may be called from many threads at once.
#ifndef MONEYTRAIL_TOOLS_SERVE_API_H_
#define MONEYTRAIL_TOOLS_SERVE_API_H_

#include <memory>
#include <string>
#include <vector>

#include "engine/audit/audit_log.h"
#include "engine/storage/store.h"
#include "tools/serve/http_server.h"
#include "tools/serve/rate_limiter.h"
#include "tools/serve/users.h"

namespace moneytrail::serve {

struct ApiOptions {
  std::string store_dir;  // for the audit log (<store>/audit)
  std::string web_root;   // the UI's files (tools/serve/web); "" = no UI
  RateLimit rate_limit;   // per user; per address before sign-in
  size_t page_default = 100;
  size_t page_max = 1000;
  std::string rules_path;  // the rulebook for flags; "" = the built-in one
  audit::AuditLogOptions audit;
};

class Api {
 public:
  // `store` must outlive the Api. The UI's files are read now: NotFound when
  // web_root is set and a file is missing (cytoscape comes from npm: run
  // `npm ci` in tools/serve/web).
  static Result<std::unique_ptr<Api>> Create(const storage::Store* store, Users users,
                                             ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  HttpResponse Handle(const HttpRequest& request);

  // RFC 9457 problem+json. `type_name` "" = about:blank, else a name under
  // https://moneytrail.invalid/problems/ (purpose-required, rate-limited,
  // bad-parameter, audit-unavailable).
  static HttpResponse Problem(int status, std::string detail, std::string type_name = "",
                              std::string instance = "");

  // Every API route, as OpenAPI writes them: "/api/v1/accounts/{id}", ...
  static std::vector<std::string> Routes();

  // The OpenAPI document served at /api/v1/openapi.json.
  static const std::string& OpenApiDocument();

 private:
  class Impl;
  explicit Api(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_API_H_
