// Routes over cases: the list, a case, its trace under any method or all of
// them compared, its flags and its evidence report.
#include "engine/core/amount.h"
#include "engine/ledger/case_ledger.h"
#include "engine/trace/compare.h"
#include "engine/trace/trace_json.h"
#include "rules/flags.h"
#include "rules/render.h"
#include "tools/cli/report_build.h"
#include "tools/serve/api_internal.h"

namespace moneytrail::serve::internal {

namespace {

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// The case named by the route, if the user may see it; 404 alike otherwise.
Result<Case> VisibleCase(ApiState& state, Call& call) {
  const std::string& id = call.params.at(0);
  call.audit.case_id = id;
  if (!state.MaySeeCase(*call.user, id)) return NotFoundError("case", id);
  ASSIGN_OR_RETURN(std::optional<Case> c, state.store().GetCase(id));
  if (!c) return NotFoundError("case", id);
  return std::move(*c);
}

Result<trace::Method> MethodParam(const Call& call) {
  std::string name = call.Query("method");
  if (name.empty()) return trace::Method::kLibr;
  auto m = trace::MethodFromName(name);
  if (!m) {
    return Status::Usage("method: '" + name +
                         "' is not one of fifo, lifo, pro-rata, libr, tainted-first, poison");
  }
  return *m;
}

Result<HttpResponse> ListCases(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  Json doc = {{"items", Json::array()}};
  size_t matched = 0;
  bool more = false;
  RETURN_IF_ERROR(state.store().ForEachCase([&](const Case& c) {
    if (!state.MaySeeCase(*call.user, c.case_id)) return true;
    if (matched++ >= page.end()) {
      more = true;
      return false;
    }
    doc["items"].push_back({{"case_id", c.case_id},
                            {"title", NullIfEmpty(c.title)},
                            {"jurisdiction", NullIfEmpty(c.jurisdiction)},
                            {"opened", NullIfEmpty(c.opened)},
                            {"seeds", c.seeds.size()}});
    return true;
  }));
  ApplyPage(&doc, "items", page, more);
  return JsonAnswer(doc);
}

Result<HttpResponse> GetCase(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Case c, VisibleCase(state, call));
  const Currency& base = state.store().base_currency();
  Json doc = {{"case_id", c.case_id},
              {"title", NullIfEmpty(c.title)},
              {"jurisdiction", NullIfEmpty(c.jurisdiction)},
              {"opened", NullIfEmpty(c.opened)},
              {"base_currency", std::string(base.code())},
              {"seeds", Json::array()}};
  for (const Seed& seed : c.seeds) {
    Json s = {{"tx_id", seed.tx_id},
              {"claimant", seed.claimant.empty() ? c.case_id : seed.claimant},
              {"amount", NullIfEmpty(seed.amount)}};
    ASSIGN_OR_RETURN(std::optional<Transaction> tx, state.store().GetTransaction(seed.tx_id));
    if (tx) {
      s["from_account"] = NullIfEmpty(tx->from_account);
      s["to_account"] = NullIfEmpty(tx->to_account);
      s["timestamp"] = FormatTimestamp(tx->timestamp);
      s["currency"] = std::string(tx->amount.currency.code());
      if (seed.amount.empty()) {
        s["amount"] = FormatMinorUnits(tx->amount.minor_units, tx->amount.currency.minor_digits());
      }
    }
    doc["seeds"].push_back(std::move(s));
  }
  return JsonAnswer(doc);
}

Result<HttpResponse> GetTrace(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Case c, VisibleCase(state, call));
  const std::string name = call.Query("method").empty() ? "libr" : call.Query("method");
  const std::string key = "trace\n" + c.case_id + "\n" + name;
  if (auto hit = state.Cached(key)) return JsonAnswer(std::move(*hit));
  ledger::CaseLedger ledger(&state.store());
  trace::TraceOptions options;
  std::string out;
  if (name == "compare") {
    ASSIGN_OR_RETURN(auto compared, ledger.Compare(c, options));
    out = trace::RenderCompareJson(compared.second, compared.first, ledger.Labels(compared.first));
  } else {
    ASSIGN_OR_RETURN(options.method, MethodParam(call));
    ASSIGN_OR_RETURN(ledger::CaseTrace traced, ledger.Trace(c, options));
    out = trace::RenderTraceJson(traced.result, traced.input,
                                 ledger.Labels(traced.input, traced.result));
  }
  state.Cache(key, out);
  return JsonAnswer(std::move(out));
}

Result<HttpResponse> GetFlags(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Case c, VisibleCase(state, call));
  rules::FlagOptions options;
  ASSIGN_OR_RETURN(options.method, MethodParam(call));
  const std::string key = "flags\n" + c.case_id + "\n" + std::string(MethodName(options.method));
  if (auto hit = state.Cached(key)) return JsonAnswer(std::move(*hit));
  ASSIGN_OR_RETURN(rules::FlagReport report,
                   rules::FlagCase(state.store(), c, state.rulebook(), options));
  std::string out = rules::RenderFlagsJson(report);
  state.Cache(key, out);
  return JsonAnswer(std::move(out));
}

Result<HttpResponse> GetReport(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Case c, VisibleCase(state, call));
  std::string format = call.Query("format").empty() ? "html" : call.Query("format");
  static const std::map<std::string, std::pair<std::string, std::string>> kFiles = {
      {"html", {"report.html", "text/html; charset=utf-8"}},
      {"pdf", {"report.pdf", "application/pdf"}},
      {"json", {"report.json", "application/json"}},
      {"csv", {"schedule.csv", "text/csv; charset=utf-8"}},
  };
  auto file = kFiles.find(format);
  if (file == kFiles.end())
    return Status::Usage("format: '" + format + "' is not html, pdf, json or csv");
  cli::ReportRequest request;
  request.case_id = c.case_id;
  ASSIGN_OR_RETURN(request.method, MethodParam(call));
  request.rules_path = state.options().rules_path;
  ASSIGN_OR_RETURN(cli::ReportBundle bundle,
                   cli::BuildReport(state.store(), request, MONEYTRAIL_VERSION));
  ASSIGN_OR_RETURN(auto files, cli::RenderReportFiles(bundle, {format}));
  for (auto& [name, bytes] : files) {
    if (name != file->second.first) continue;
    HttpResponse r;
    r.content_type = file->second.second;
    r.body = std::move(bytes);
    // The case id is data: only safe characters go into the header.
    std::string safe;
    for (char ch : c.case_id)
      safe += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.'
                  ? ch
                  : '_';
    const std::string ext = format == "csv" ? "csv" : format;
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"report-" + safe + "." + ext + "\"");
    return r;
  }
  return Status::Internal("the report renderer made no " + file->second.first);
}

}  // namespace

const std::vector<Route>& CaseRoutes() {
  static const std::vector<Route> routes = {
      {"/api/v1/cases", Access::kData, {"limit", "cursor"}, &ListCases},
      {"/api/v1/cases/{id}", Access::kData, {}, &GetCase},
      {"/api/v1/cases/{id}/trace", Access::kData, {"method"}, &GetTrace},
      {"/api/v1/cases/{id}/flags", Access::kData, {"method"}, &GetFlags},
      {"/api/v1/cases/{id}/report", Access::kData, {"format", "method"}, &GetReport},
  };
  return routes;
}

}  // namespace moneytrail::serve::internal
