// Internals shared by the files of the API (api*.cc). Not for other users.
#ifndef MONEYTRAIL_TOOLS_SERVE_API_INTERNAL_H_
#define MONEYTRAIL_TOOLS_SERVE_API_INTERNAL_H_

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/audit_log.h"
#include "engine/query/account_graph.h"
#include "engine/query/linked.h"
#include "rules/rulebook.h"
#include "tools/serve/api.h"
#include "tools/serve/audit_committer.h"
#include "tools/serve/case_scope.h"

namespace moneytrail::serve::internal {

using Json = nlohmann::json;

// A request being answered.
struct Call {
  const HttpRequest* request = nullptr;
  std::map<std::string, std::string> query;  // decoded; one value per name
  std::vector<std::string> params;           // the route's {…} segments, decoded
  const User* user = nullptr;
  audit::AuditEntry audit;  // handlers fill case_id and subject

  // The query parameter, "" when absent.
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

// Which page of a list to answer: `limit` items from `offset`.
struct Page {
  size_t offset = 0;
  size_t limit = 100;
  size_t end() const { return offset + limit; }
};

// The cursor of the page after `offset + limit`: opaque base64url text.
std::string EncodeCursor(size_t offset);
Result<size_t> DecodeCursor(std::string_view cursor);

// Cuts doc[field] (an array) to `page` and adds "page": {"limit",
// "next_cursor"}; `more` says whether items lie beyond the array's end.
void ApplyPage(Json* doc, const char* field, const Page& page, bool more);

// "no account 'X'": the same words for what does not exist and for what the
// user may not see.
Status NotFoundError(const std::string& what, const std::string& id);

// The JSON answer for a document or text.
HttpResponse JsonAnswer(const Json& doc);
HttpResponse JsonAnswer(std::string text);

using Handler = Result<HttpResponse> (*)(class ApiState& state, Call& call);

enum class Access { kPublic, kData, kAdmin, kSignedIn };

struct Route {
  const char* pattern;  // "/api/v1/accounts/{id}/neighbors"
  Access access;
  std::vector<std::string> params;  // query parameters allowed (limit/cursor when paged)
  Handler handler;
};

// Everything the handlers share. Immutable after construction except the
// caches, which lock themselves.
class ApiState {
 public:
  ApiState(const storage::Store* store, Users users, ApiOptions options, rules::Rulebook book);

  const storage::Store& store() const { return *store_; }
  const Users& users() const { return users_; }
  const ApiOptions& options() const { return options_; }
  const audit::AuditLog& audit_log() const { return audit_log_; }
  AuditCommitter& committer() { return committer_; }
  RateLimiter& limiter() { return limiter_; }
  const rules::Rulebook& rulebook() const { return rulebook_; }

  // The page a request asks for (limit, cursor); a usage error when bad.
  Result<Page> PageOf(const Call& call) const;

  // Whether `user` may see `account` / `case_id`. Analysts see everything;
  // admins no financial data; the others their cases and what they reach.
  Result<bool> MaySeeAccount(const User& user, const std::string& account);
  bool MaySeeCase(const User& user, const std::string& case_id) const;
  // The accounts `user` may see; nullptr = all.
  Result<std::shared_ptr<const AccountSet>> VisibleAccounts(const User& user);
  // The same accounts by store number, sorted (accounts without transactions
  // have none); nullptr = all. Cached: a case's accounts can be many.
  Result<std::shared_ptr<const std::vector<uint32_t>>> VisibleAccountNumbers(const User& user);

  // The identifier index (built on first use: it reads every party).
  Result<const query::LinkIndex*> Links();
  // Who paid whom, for reach (built on first use: it reads the whole ledger).
  Result<const query::AccountGraph*> Graph();

  // Rendered answers that are pure functions of the (unchanging) store and
  // their key: traces, comparisons, flags. Bounded; oldest out first.
  std::optional<std::string> Cached(const std::string& key);
  void Cache(const std::string& key, std::string value);

 private:
  const storage::Store* store_;
  Users users_;
  ApiOptions options_;
  audit::AuditLog audit_log_;
  AuditCommitter committer_;
  RateLimiter limiter_;
  rules::Rulebook rulebook_;
  CaseScope scope_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const AccountSet>> visible_;  // by user name
  std::map<std::string, std::shared_ptr<const std::vector<uint32_t>>> visible_numbers_;
  std::mutex links_mu_;  // held while the index builds
  std::unique_ptr<query::LinkIndex> links_;
  std::mutex graph_mu_;  // held while the graph builds
  std::unique_ptr<query::AccountGraph> graph_;
  std::map<std::string, std::string> cache_;
  std::vector<std::string> cache_order_;
};

// The route tables of each part of the API.
const std::vector<Route>& DataRoutes();   // accounts, queries
const std::vector<Route>& CaseRoutes();   // cases, traces, flags, reports
const std::vector<Route>& AdminRoutes();  // me, users, audit

}  // namespace moneytrail::serve::internal

#endif  // MONEYTRAIL_TOOLS_SERVE_API_INTERNAL_H_
