// Routes over accounts and the investigator's four queries.
#include <algorithm>

#include "engine/core/amount.h"
#include "engine/query/query_render.h"
#include "tools/serve/api_internal.h"

namespace moneytrail::serve::internal {

namespace {

// Engines list at most this many rows for a user who sees only part of the
// store: the rows they may not see are dropped before the page is cut.
constexpr size_t kScopedRowCap = 100000;

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json AccountSummary(const Account& a) {
  return {{"account_id", a.account_id},
          {"holder_id", NullIfEmpty(a.holder_id)},
          {"holder_name", NullIfEmpty(a.holder_name)},
          {"bank", NullIfEmpty(a.institution)},
          {"country", NullIfEmpty(a.country)},
          {"currency", NullIfEmpty(a.currency)},
          {"kind", NullIfEmpty(a.kind)}};
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// The account named by the route, after the scope check: 404 for both an
// unknown account and one the user may not see.
Result<std::string> VisibleAccountParam(ApiState& state, Call& call) {
  const std::string& id = call.params.at(0);
  call.audit.subject = id;
  ASSIGN_OR_RETURN(bool visible, state.MaySeeAccount(*call.user, id));
  if (!visible) return NotFoundError("account", id);
  return id;
}

Status ParseWindow(const Call& call, std::optional<Timestamp>* since,
                   std::optional<Timestamp>* until) {
  for (auto [name, out] : {std::pair{"since", since}, std::pair{"until", until}}) {
    std::string text = call.Query(name);
    if (text.empty()) continue;
    auto t = ParseTimestamp(text);
    if (!t.ok()) return Status::Usage(std::string(name) + ": " + t.status().message());
    *out = *t;
  }
  if (*since && *until && **since > **until) return Status::Usage("since: is after until");
  return Status::Ok();
}

Result<int> IntParam(const Call& call, const char* name, int fallback, int lo, int hi) {
  std::string text = call.Query(name);
  if (text.empty()) return fallback;
  if (text.size() > 2 || !std::all_of(text.begin(), text.end(), ::isdigit) ||
      std::stoi(text) < lo || std::stoi(text) > hi) {
    return Status::Usage(std::string(name) + ": '" + text + "' is not between " +
                         std::to_string(lo) + " and " + std::to_string(hi));
  }
  return std::stoi(text);
}

// Drops the rows of doc[field] whose accounts (under `keys`) the user may not see.
void KeepVisible(Json* doc, const char* field, const AccountSet* visible,
                 std::initializer_list<const char*> keys) {
  if (!visible) return;
  Json kept = Json::array();
  for (Json& row : (*doc)[field]) {
    bool ok = true;
    for (const char* key : keys) {
      if (row.contains(key) && row[key].is_string() &&
          !visible->count(row[key].get<std::string>())) {
        ok = false;
      }
    }
    if (ok) kept.push_back(std::move(row));
  }
  // Counts must not tell of rows the user may not see.
  if (doc->contains("found")) (*doc)["found"] = kept.size();
  (*doc)[field] = std::move(kept);
}

Result<HttpResponse> ListAccounts(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  ASSIGN_OR_RETURN(auto visible, state.VisibleAccounts(*call.user));
  const std::string prefix = Upper(call.Query("q"));
  call.audit.subject = call.Query("q");
  Json doc = {{"items", Json::array()}};
  size_t matched = 0;
  bool more = false;
  RETURN_IF_ERROR(state.store().ForEachAccount([&](const Account& a) {
    if (!Upper(a.account_id).starts_with(prefix)) return true;
    if (visible && !visible->count(a.account_id)) return true;
    if (matched++ >= page.end()) {
      more = true;
      return false;
    }
    doc["items"].push_back(AccountSummary(a));
    return true;
  }));
  ApplyPage(&doc, "items", page, more);
  return JsonAnswer(doc);
}

Result<HttpResponse> GetAccount(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(std::string id, VisibleAccountParam(state, call));
  query::TimelineOptions t;
  t.limit = 1;  // the count and the balance, not the list
  auto timeline = query::Timeline(state.store(), id, t);
  if (!timeline.ok()) {
    if (timeline.status().code() == StatusCode::kNotFound) return NotFoundError("account", id);
    return timeline.status();
  }
  const Currency& base = state.store().base_currency();
  Account known_from_transactions;  // no record: only the id is known
  known_from_transactions.account_id = id;
  Json doc = AccountSummary(timeline->account ? *timeline->account : known_from_transactions);
  doc["opened"] = timeline->account ? NullIfEmpty(timeline->account->opened) : Json(nullptr);
  doc["closed"] = timeline->account ? NullIfEmpty(timeline->account->closed) : Json(nullptr);
  doc["attributes"] = Json::object();
  if (timeline->account) {
    for (const auto& [k, v] : timeline->account->attributes) {
      doc["attributes"][k] = Json::parse(v, nullptr, false, true);
      if (doc["attributes"][k].is_discarded()) doc["attributes"][k] = v;
    }
  }
  doc["holder"] = nullptr;
  if (const auto& h = timeline->holder) {
    doc["holder"] = {
        {"party_id", h->party_id},           {"name", NullIfEmpty(h->name)},
        {"kind", NullIfEmpty(h->kind)},      {"nationality", NullIfEmpty(h->nationality)},
        {"phone", NullIfEmpty(h->phone)},    {"email", NullIfEmpty(h->email)},
        {"address", NullIfEmpty(h->address)}};
  }
  doc["balance"] = FormatMinorUnits(timeline->closing_minor, base.minor_digits());
  doc["base_currency"] = std::string(base.code());
  doc["transactions"] = timeline->found;
  return JsonAnswer(doc);
}

Result<HttpResponse> GetTimeline(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(std::string id, VisibleAccountParam(state, call));
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  query::TimelineOptions t;
  RETURN_IF_ERROR(ParseWindow(call, &t.since, &t.until));
  t.limit = page.end() + 1;
  ASSIGN_OR_RETURN(query::TimelineResult r, query::Timeline(state.store(), id, t));
  Json doc = Json::parse(
      query::RenderTimeline(r, state.store().base_currency(), query::OutputFormat::kJson));
  ApplyPage(&doc, "transactions", page, false);
  return JsonAnswer(doc);
}

// `direction` of the walks (neighbors, reach); `*direction` stays when absent.
Status DirectionParam(const Call& call, query::WalkDirection* direction) {
  std::string d = call.Query("direction");
  if (d.empty()) return Status::Ok();
  auto dir = query::WalkDirectionFromName(d);
  if (!dir) return Status::Usage("direction: '" + d + "' is not in, out or both");
  *direction = *dir;
  return Status::Ok();
}

Result<HttpResponse> GetNeighbors(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(std::string id, VisibleAccountParam(state, call));
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  ASSIGN_OR_RETURN(auto visible, state.VisibleAccounts(*call.user));
  query::NeighborsOptions n;
  ASSIGN_OR_RETURN(n.hops, IntParam(call, "hops", 1, 1, 3));
  RETURN_IF_ERROR(DirectionParam(call, &n.direction));
  RETURN_IF_ERROR(ParseWindow(call, &n.filter.since, &n.filter.until));
  if (std::string m = call.Query("min_amount"); !m.empty()) {
    auto minor = ParseMinorUnits(m, state.store().base_currency().minor_digits());
    if (!minor.ok()) return Status::Usage("min_amount: " + minor.status().message());
    n.filter.min_minor = *minor;
  }
  n.limit = visible ? kScopedRowCap : std::min(kScopedRowCap, page.end() + 1);
  ASSIGN_OR_RETURN(query::NeighborsResult r, query::Neighbors(state.store(), id, n));
  Json doc = Json::parse(
      query::RenderNeighbors(r, state.store().base_currency(), query::OutputFormat::kJson));
  KeepVisible(&doc, "neighbors", visible.get(), {"account", "via"});
  ApplyPage(&doc, "neighbors", page, false);
  return JsonAnswer(doc);
}

Result<HttpResponse> GetReach(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(std::string id, VisibleAccountParam(state, call));
  // Counts must not tell of accounts the user may not see.
  ASSIGN_OR_RETURN(auto counted, state.VisibleAccountNumbers(*call.user));
  query::ReachOptions r;
  r.counted = counted.get();
  ASSIGN_OR_RETURN(r.hops, IntParam(call, "hops", 3, 1, 3));
  RETURN_IF_ERROR(DirectionParam(call, &r.direction));
  ASSIGN_OR_RETURN(const query::AccountGraph* graph, state.Graph());
  ASSIGN_OR_RETURN(query::ReachResult result, query::Reach(*graph, state.store(), id, r));
  return JsonAnswer(query::RenderReach(result, query::OutputFormat::kJson));
}

Result<HttpResponse> Linked(ApiState& state, Call& call, const std::string& id) {
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  ASSIGN_OR_RETURN(auto visible, state.VisibleAccounts(*call.user));
  ASSIGN_OR_RETURN(const query::LinkIndex* links, state.Links());
  ASSIGN_OR_RETURN(query::LinkedResult r,
                   links->Linked(id, visible ? kScopedRowCap : page.end() + 1));
  Json doc = Json::parse(query::RenderLinked(r, query::OutputFormat::kJson));
  KeepVisible(&doc, "accounts", visible.get(), {"account"});
  ApplyPage(&doc, "accounts", page, false);
  return JsonAnswer(doc);
}

Result<HttpResponse> AccountLinked(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(std::string id, VisibleAccountParam(state, call));
  return Linked(state, call, id);
}

Result<HttpResponse> PartyLinked(ApiState& state, Call& call) {
  const std::string& id = call.params.at(0);
  call.audit.subject = id;
  ASSIGN_OR_RETURN(auto visible, state.VisibleAccounts(*call.user));
  if (visible) {
    // A party is visible through the accounts of it that the user may see.
    ASSIGN_OR_RETURN(const query::LinkIndex* links, state.Links());
    auto own = links->Linked(id, kScopedRowCap);
    bool holds_visible = false;
    if (own.ok()) {
      for (const auto& a : own->accounts) {
        holds_visible = holds_visible || (a.distance == 0 && visible->count(a.account_id) > 0);
      }
    }
    if (!holds_visible) return NotFoundError("party", id);
  }
  return Linked(state, call, id);
}

Result<HttpResponse> GetPaths(ApiState& state, Call& call) {
  const std::string from = call.Query("from"), to = call.Query("to");
  if (from.empty() || to.empty()) return Status::Usage("from and to: both are required");
  call.audit.subject = from + " -> " + to;
  for (const std::string& id : {from, to}) {
    ASSIGN_OR_RETURN(bool ok, state.MaySeeAccount(*call.user, id));
    if (!ok) return NotFoundError("account", id);
  }
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  ASSIGN_OR_RETURN(auto visible, state.VisibleAccounts(*call.user));
  query::PathOptions p;
  ASSIGN_OR_RETURN(p.max_hops, IntParam(call, "max_hops", 4, 1, 6));
  p.limit = visible ? 1000 : std::min<size_t>(1000, page.end() + 1);
  ASSIGN_OR_RETURN(query::PathResult r, query::FindPaths(state.store(), from, to, p));
  if (visible) {
    std::erase_if(r.paths, [&](const query::Path& path) {
      return std::any_of(path.steps.begin(), path.steps.end(), [&](const query::PathStep& s) {
        return !visible->count(s.from) || !visible->count(s.to);
      });
    });
    r.found = r.paths.size();
  }
  Json doc =
      Json::parse(query::RenderPaths(r, state.store().base_currency(), query::OutputFormat::kJson));
  ApplyPage(&doc, "paths", page, false);
  return JsonAnswer(doc);
}

}  // namespace

const std::vector<Route>& DataRoutes() {
  static const std::vector<Route> routes = {
      {"/api/v1/accounts", Access::kData, {"q", "limit", "cursor"}, &ListAccounts},
      {"/api/v1/accounts/{id}", Access::kData, {}, &GetAccount},
      {"/api/v1/accounts/{id}/timeline",
       Access::kData,
       {"since", "until", "limit", "cursor"},
       &GetTimeline},
      {"/api/v1/accounts/{id}/neighbors",
       Access::kData,
       {"hops", "direction", "since", "until", "min_amount", "limit", "cursor"},
       &GetNeighbors},
      {"/api/v1/accounts/{id}/reach", Access::kData, {"hops", "direction"}, &GetReach},
      {"/api/v1/accounts/{id}/linked", Access::kData, {"limit", "cursor"}, &AccountLinked},
      {"/api/v1/parties/{id}/linked", Access::kData, {"limit", "cursor"}, &PartyLinked},
      {"/api/v1/paths", Access::kData, {"from", "to", "max_hops", "limit", "cursor"}, &GetPaths},
  };
  return routes;
}

}  // namespace moneytrail::serve::internal
