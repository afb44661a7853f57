// Routes about the users themselves: who am I, and for admins the users and
// the audit trail.
#include "tools/serve/api_internal.h"

namespace moneytrail::serve::internal {

namespace {

Result<HttpResponse> Me(ApiState&, Call& call) {
  return JsonAnswer(Json{{"user", call.user->name},
                         {"role", std::string(RoleName(call.user->role))},
                         {"cases", call.user->cases}});
}

Result<HttpResponse> ListUsers(ApiState& state, Call&) {
  Json doc = {{"items", Json::array()}};
  for (const User& u : state.users().all()) {
    // Never the token hash: it is the users file's, not the API's.
    doc["items"].push_back(
        {{"name", u.name}, {"role", std::string(RoleName(u.role))}, {"cases", u.cases}});
  }
  return JsonAnswer(doc);
}

Result<HttpResponse> ListAudit(ApiState& state, Call& call) {
  ASSIGN_OR_RETURN(Page page, state.PageOf(call));
  audit::AuditFilter filter;
  filter.user = call.Query("user");
  filter.case_id = call.Query("case");
  ASSIGN_OR_RETURN(std::vector<audit::AuditRecord> records, state.audit_log().Read(filter));
  Json doc = {{"items", Json::array()}};
  for (size_t i = page.offset; i < records.size() && i < page.end(); ++i) {
    const audit::AuditRecord& r = records[i];
    doc["items"].push_back({{"seq", r.seq},
                            {"time", r.time},
                            {"user", r.entry.user},
                            {"role", r.entry.role},
                            {"action", r.entry.action},
                            {"case", r.entry.case_id},
                            {"subject", r.entry.subject},
                            {"purpose", r.entry.purpose},
                            {"outcome", r.entry.outcome},
                            {"prev", r.prev},
                            {"hash", r.hash}});
  }
  const bool more = records.size() > page.end();
  doc["page"] = {{"limit", page.limit},
                 {"next_cursor", more ? Json(EncodeCursor(page.end())) : Json(nullptr)}};
  return JsonAnswer(doc);
}

Result<HttpResponse> VerifyAudit(ApiState& state, Call&) {
  ASSIGN_OR_RETURN(audit::AuditVerification v, state.audit_log().Verify());
  return JsonAnswer(Json{{"intact", v.intact()},
                         {"records", v.records},
                         {"head_seq", v.head_seq},
                         {"head_hash", v.head_hash},
                         {"problems", v.problems},
                         {"note", v.note}});
}

}  // namespace

const std::vector<Route>& AdminRoutes() {
  static const std::vector<Route> routes = {
      {"/api/v1/me", Access::kSignedIn, {}, &Me},
      {"/api/v1/admin/users", Access::kAdmin, {}, &ListUsers},
      {"/api/v1/admin/audit", Access::kAdmin, {"user", "case", "limit", "cursor"}, &ListAudit},
      {"/api/v1/admin/audit/verify", Access::kAdmin, {}, &VerifyAudit},
  };
  return routes;
}

}  // namespace moneytrail::serve::internal
