#include "tools/serve/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ingest/file_check.h"
#include "tools/serve/api_internal.h"
#include "tools/serve/url.h"

namespace moneytrail::serve {

using internal::Access;
using internal::ApiState;
using internal::Call;
using internal::Json;
using internal::Route;

namespace {

constexpr std::string_view kProblemBase = "https://moneytrail.invalid/problems/";
constexpr size_t kMaxAuditedTarget = 2048;
constexpr size_t kMaxPurposeBytes = 500;

// A stated purpose goes into the audit trail verbatim, so it must be text that
// reads back the same: UTF-8 without control characters. (A browser sends
// non-ASCII header values as Latin-1 bytes; storing those would put U+FFFD in
// the record in place of what the investigator wrote.)
bool IsPrintableUtf8(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  size_t bad_at = 0;
  return ingest::IsValidUtf8(s, &bad_at);
}

std::string_view StatusTitle(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// A handler's error as an answer. Messages of usage errors and of things not
// found are ours and safe to show; anything else is logged, not shown.
HttpResponse ProblemOf(const Status& s, const std::string& instance) {
  switch (s.code()) {
    case StatusCode::kUsage:
      return Api::Problem(400, s.message(), "bad-parameter", instance);
    case StatusCode::kNotFound:
      return Api::Problem(404, s.message(), "", instance);
    case StatusCode::kDataError:
      return Api::Problem(422, "The data of this request cannot be processed: " + s.message(), "",
                          instance);
    default:
      spdlog::error("serve: {}: {}", instance, s.ToString());
      return Api::Problem(500, "The server could not answer this request.", "", instance);
  }
}

struct StaticFile {
  std::string content_type;
  std::string body;
};

// The UI's files: a fixed list, never a path from the request.
constexpr std::pair<const char*, const char*> kWebFiles[] = {
    {"/", "index.html"},
    {"/static/app.js", "app.js"},
    {"/static/app.css", "app.css"},
    {"/static/vendor/cytoscape.min.js", "node_modules/cytoscape/dist/cytoscape.min.js"},
};

std::string ContentTypeOf(std::string_view file) {
  if (file.ends_with(".html")) return "text/html; charset=utf-8";
  if (file.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (file.ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

// Same-origin only; no inline script; the API's JSON is never a page.
constexpr const char* kPageSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

bool MethodIsRead(const std::string& m) { return m == "GET" || m == "HEAD"; }

// Matches `path` segments against a route pattern; fills {…} values.
bool Match(std::string_view pattern, const std::vector<std::string>& segments,
           std::vector<std::string>* params) {
  std::vector<std::string> parts = SplitPath(pattern);
  if (parts.size() != segments.size()) return false;
  params->clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() > 2 && parts[i].front() == '{' && parts[i].back() == '}') {
      if (segments[i].empty()) return false;
      params->push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

const std::vector<const std::vector<Route>*>& AllRouteTables() {
  static const std::vector<const std::vector<Route>*> tables = {
      &internal::DataRoutes(), &internal::CaseRoutes(), &internal::AdminRoutes()};
  return tables;
}

Result<HttpResponse> Health(ApiState&, Call&) {
  return internal::JsonAnswer(Json{{"status", "ok"}});
}

Result<HttpResponse> OpenApi(ApiState&, Call&) {
  return internal::JsonAnswer(Api::OpenApiDocument());
}

const std::vector<Route>& PublicRoutes() {
  static const std::vector<Route> routes = {
      {"/api/v1/health", Access::kPublic, {}, &Health},
      {"/api/v1/openapi.json", Access::kPublic, {}, &OpenApi},
  };
  return routes;
}

}  // namespace

class Api::Impl {
 public:
  Impl(const storage::Store* store, Users users, ApiOptions options, rules::Rulebook book)
      : state(store, std::move(users), std::move(options), std::move(book)) {}

  Status LoadWebFiles() {
    const std::string& root = state.options().web_root;
    if (root.empty()) return Status::Ok();
    for (const auto& [route, file] : kWebFiles) {
      const std::string path = root + "/" + file;
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        return Status::NotFound("web UI file " + path + " is missing" +
                                (std::string_view(file).starts_with("node_modules")
                                     ? " (run `npm ci` in " + root + ")"
                                     : ""));
      }
      std::ostringstream text;
      text << in.rdbuf();
      web[route] = StaticFile{ContentTypeOf(file), text.str()};
    }
    return Status::Ok();
  }

  HttpResponse Handle(const HttpRequest& request);

  ApiState state;
  std::map<std::string, StaticFile> web;

 private:
  HttpResponse Static(const HttpRequest& request, const std::string& path) const;
  HttpResponse Dispatch(const HttpRequest& request, const std::string& path,
                        const std::string& query_text);
  // Audits `call`'s request with the answer's status; the answer, or a 503
  // when the record could not be written.
  HttpResponse Audited(Call& call, HttpResponse answer, const std::string& instance);
};

HttpResponse Api::Impl::Static(const HttpRequest& request, const std::string& path) const {
  auto it = web.find(path);
  if (it == web.end()) return Api::Problem(404, "There is nothing at this address.", "", path);
  if (!MethodIsRead(request.method)) {
    HttpResponse r = Api::Problem(405, "Only GET and HEAD are allowed here.", "", path);
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  HttpResponse r;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (path == "/") r.headers.emplace_back("Content-Security-Policy", kPageSecurityPolicy);
  return r;
}

HttpResponse Api::Impl::Audited(Call& call, HttpResponse answer, const std::string& instance) {
  call.audit.outcome = std::to_string(answer.status);
  Status s = state.committer().Append(call.audit);
  if (!s.ok()) {
    spdlog::error("serve: audit trail: {}", s.ToString());
    return Api::Problem(503, "The audit trail could not be written, so nothing was read.",
                        "audit-unavailable", instance);
  }
  return answer;
}

HttpResponse Api::Impl::Dispatch(const HttpRequest& request, const std::string& path,
                                 const std::string& query_text) {
  std::vector<std::string> segments = SplitPath(path);
  for (std::string& segment : segments) {
    auto decoded = PercentDecode(segment, false);
    if (!decoded.ok()) return Api::Problem(400, decoded.status().message(), "bad-parameter", path);
    segment = std::move(decoded).value();
  }
  const Route* route = nullptr;
  Call call;
  call.request = &request;
  for (const auto* table : AllRouteTables()) {
    for (const Route& r : *table) {
      if (!route && Match(r.pattern, segments, &call.params)) route = &r;
    }
  }
  for (const Route& r : PublicRoutes()) {
    if (!route && Match(r.pattern, segments, &call.params)) route = &r;
  }
  if (!route) return Api::Problem(404, "There is nothing at this address.", "", path);
  if (!MethodIsRead(request.method)) {
    HttpResponse r = Api::Problem(405, "Only GET and HEAD are allowed here.", "", path);
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }

  auto query = ParseQuery(query_text);
  if (!query.ok()) return Api::Problem(400, query.status().message(), "bad-parameter", path);
  call.query = std::move(query).value();
  for (const auto& [name, value] : call.query) {
    if (std::find(route->params.begin(), route->params.end(), name) == route->params.end()) {
      return Api::Problem(400, "unknown query parameter '" + name + "'", "bad-parameter", path);
    }
  }
  if (route->access == Access::kPublic) {
    auto answer = route->handler(state, call);
    return answer.ok() ? std::move(answer).value() : ProblemOf(answer.status(), path);
  }

  // Who is asking. Tokens only ever come in the Authorization header.
  std::string_view auth = request.Header("authorization");
  std::string_view token;
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    token = auth.substr(7);
  }
  call.audit.action = request.method + " " + request.target.substr(0, kMaxAuditedTarget);
  call.audit.purpose = std::string(request.Header("x-purpose"));
  call.user = state.users().Authenticate(token);
  if (!call.user) {
    // Guessing tokens is limited per address, and every try is on record.
    if (int64_t wait = state.limiter().Acquire("address:" + request.remote_address); wait > 0) {
      HttpResponse r =
          Api::Problem(429, "Too many requests; try again later.", "rate-limited", path);
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
    call.audit.user = "(unauthenticated " + request.remote_address + ")";
    call.audit.purpose.clear();
    HttpResponse r = Api::Problem(401, "A valid bearer token is required.", "", path);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"moneytrail\"");
    return Audited(call, std::move(r), path);
  }
  call.audit.user = call.user->name;
  call.audit.role = std::string(RoleName(call.user->role));
  if (int64_t wait = state.limiter().Acquire("user:" + call.user->name); wait > 0) {
    HttpResponse r =
        Api::Problem(429, "Too many requests; try again in " + std::to_string(wait) + " s.",
                     "rate-limited", path);
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return Audited(call, std::move(r), path);
  }
  if (call.audit.purpose.size() > kMaxPurposeBytes || !IsPrintableUtf8(call.audit.purpose)) {
    return Api::Problem(400,
                        "X-Purpose must be at most " + std::to_string(kMaxPurposeBytes) +
                            " bytes of UTF-8 text without control characters.",
                        "bad-purpose", path);
  }
  if (Status s = state.audit_log().Check(call.audit); !s.ok()) {
    return Api::Problem(400,
                        "State the purpose of this request in the X-Purpose header: the role '" +
                            call.audit.role + "' must give one for every request.",
                        "purpose-required", path);
  }
  const bool allowed = route->access == Access::kSignedIn ||
                       (route->access == Access::kAdmin) == (call.user->role == Role::kAdmin);
  if (!allowed) {
    return Audited(call, Api::Problem(404, "There is nothing at this address.", "", path), path);
  }
  auto answer = route->handler(state, call);
  HttpResponse r = answer.ok() ? std::move(answer).value() : ProblemOf(answer.status(), path);
  r.headers.emplace_back("Cache-Control", "no-store");
  return Audited(call, std::move(r), path);
}

HttpResponse Api::Impl::Handle(const HttpRequest& request) {
  std::string path, query_text;
  const size_t q = request.target.find('?');
  auto decoded = PercentDecode(std::string_view(request.target).substr(0, q), false);
  if (!decoded.ok() || decoded->empty() || decoded->front() != '/') {
    return Api::Problem(400, "The request's path cannot be read.", "bad-parameter");
  }
  path = std::move(decoded).value();
  if (q != std::string::npos) query_text = request.target.substr(q + 1);
  if (!path.starts_with("/api/")) return Static(request, path);
  return Dispatch(request, request.target.substr(0, q), query_text);
}

Api::Api(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Api::~Api() = default;

Result<std::unique_ptr<Api>> Api::Create(const storage::Store* store, Users users,
                                         ApiOptions options) {
  const int digits = store->base_currency().minor_digits();
  auto book = options.rules_path.empty()
                  ? rules::ParseRulebook(rules::DefaultRulebookJson(), digits)
                  : rules::LoadRulebook(options.rules_path, digits);
  if (!book.ok()) return book.status();
  auto impl =
      std::make_unique<Impl>(store, std::move(users), std::move(options), std::move(book).value());
  RETURN_IF_ERROR(impl->LoadWebFiles());
  return std::unique_ptr<Api>(new Api(std::move(impl)));
}

HttpResponse Api::Handle(const HttpRequest& request) { return impl_->Handle(request); }

HttpResponse Api::Problem(int status, std::string detail, std::string type_name,
                          std::string instance) {
  Json doc;
  doc["type"] =
      type_name.empty() ? std::string("about:blank") : std::string(kProblemBase) + type_name;
  doc["title"] = std::string(StatusTitle(status));
  doc["status"] = status;
  doc["detail"] = std::move(detail);
  if (!instance.empty()) doc["instance"] = std::move(instance);
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  return r;
}

std::vector<std::string> Api::Routes() {
  std::vector<std::string> out;
  for (const Route& r : PublicRoutes()) out.emplace_back(r.pattern);
  for (const auto* table : AllRouteTables()) {
    for (const Route& r : *table) out.emplace_back(r.pattern);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace moneytrail::serve
