// The API in process (Api::Handle, no sockets): who may see what, the
// audit record of every request, pagination, errors, and that the OpenAPI
// document lists exactly the routes served.
#include "tools/serve/api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/audit/audit_log.h"
#include "engine/core/sha256.h"
#include "tests/query/test_store.h"
#include "tools/serve/users.h"

namespace moneytrail::serve {
namespace {

using Json = nlohmann::json;
using query::testing::TestStore;

// V pays the ransom to the collector C, who sends most of it on to the mule
// M; X paid C before the ransom (never tainted). Case K2 is elsewhere (O -> P).
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Account("V", "PV").Account("C", "PC").Account("M", "PM").Account("X", "PX");
    store_.Account("O", "PO").Account("P", "PP");
    for (const char* p : {"PV", "PC", "PM", "PX", "PO", "PP"}) store_.Party(p);
    store_.Tx("T0", 0, "X", "C", "50.00")
        .Tx("T1", 1, "V", "C", "1000.00")
        .Tx("T2", 2, "C", "M", "600.00")
        .Tx("T3", 3, "M", "", "100.00")
        .Tx("T5", 5, "O", "P", "100.00");
    store_.Case("K1", "T1").Case("K2", "T5");
    dir_ = store_.BuildDir();
    storage::StoreOptions reading;
    reading.create_if_missing = false;
    reading.read_only = true;
    auto opened = storage::Store::Open(dir_, reading);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(opened).value();
    Reopen({});
  }

  void Reopen(RateLimit limit) {
    std::string doc = R"({"users":[)";
    auto add = [&](const std::string& name, const std::string& role, const std::string& token,
                   const std::string& cases) {
      if (doc.back() != '[') doc += ",";
      doc += R"({"name":")" + name + R"(","role":")" + role + R"(","cases":)" + cases +
             R"(,"token_sha256":")" + Sha256::Of(token) + "\"}";
    };
    add("fiu", "analyst", "t-analyst", "[]");
    add("ana", "investigator", "t-investigator", R"(["K1"])");
    add("pat", "prosecutor", "t-prosecutor", R"(["K2"])");
    add("root", "admin", "t-admin", "[]");
    doc += "]}";
    auto users = Users::FromJson(doc, "users.json");
    ASSERT_TRUE(users.ok()) << users.status().ToString();
    ApiOptions o;
    o.store_dir = dir_;
    o.rate_limit = limit;
    api_.reset();
    auto api = Api::Create(db_.get(), std::move(users).value(), o);
    ASSERT_TRUE(api.ok()) << api.status().ToString();
    api_ = std::move(api).value();
  }

  HttpResponse Get(const std::string& target, const std::string& token = "t-analyst",
                   const std::string& purpose = "") {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    r.remote_address = "127.0.0.1";
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    if (!purpose.empty()) r.headers.emplace_back("x-purpose", purpose);
    return api_->Handle(r);
  }
  HttpResponse Ana(const std::string& target) { return Get(target, "t-investigator", "case K1"); }

  static Json Body(const HttpResponse& r) { return Json::parse(r.body); }

  std::vector<audit::AuditRecord> Audit() {
    auto records = audit::AuditLog(dir_).Read();
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : std::vector<audit::AuditRecord>{};
  }

  TestStore store_;
  std::string dir_;
  std::unique_ptr<storage::Store> db_;
  std::unique_ptr<Api> api_;
};

std::set<std::string> Accounts(const Json& rows, const char* key = "account") {
  std::set<std::string> out;
  for (const Json& r : rows) out.insert(r[key].get<std::string>());
  return out;
}

TEST_F(ApiTest, PublicRoutesNeedNoToken) {
  EXPECT_EQ(Get("/api/v1/health", "").status, 200);
  HttpResponse doc = Get("/api/v1/openapi.json", "");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(Body(doc)["openapi"].get<std::string>().substr(0, 2), "3.");
}

TEST_F(ApiTest, EveryRouteIsInTheOpenApiDocumentAndNothingElse) {
  Json doc = Json::parse(Api::OpenApiDocument());
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    documented.insert(path);
    EXPECT_TRUE(item.contains("get")) << path << " has no GET operation";
  }
  std::vector<std::string> routes = Api::Routes();
  EXPECT_EQ(documented, std::set<std::string>(routes.begin(), routes.end()));
}

TEST_F(ApiTest, NoTokenOrAWrongOneIs401WithAChallenge) {
  for (const std::string& token : {std::string(), std::string("t-nobody")}) {
    HttpResponse r = Get("/api/v1/cases", token);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.content_type, "application/problem+json");
    bool challenge = false;
    for (const auto& [k, v] : r.headers) challenge |= k == "WWW-Authenticate";
    EXPECT_TRUE(challenge);
    EXPECT_EQ(Body(r)["status"], 401);
  }
}

TEST_F(ApiTest, AnAnalystSeesEveryCaseAnInvestigatorOnlyTheirs) {
  EXPECT_THAT(Accounts(Body(Get("/api/v1/cases"))["items"], "case_id"),
              ::testing::ElementsAre("K1", "K2"));
  EXPECT_THAT(Accounts(Body(Ana("/api/v1/cases"))["items"], "case_id"),
              ::testing::ElementsAre("K1"));
  EXPECT_EQ(Ana("/api/v1/cases/K1").status, 200);
  EXPECT_EQ(Get("/api/v1/cases/K2", "t-prosecutor", "").status, 200);
  EXPECT_EQ(Get("/api/v1/cases/K1", "t-prosecutor", "").status, 404);
}

TEST_F(ApiTest, AnotherCaseAnswersExactlyLikeOneThatDoesNotExist) {
  for (const char* suffix : {"", "/trace", "/flags", "/report"}) {
    HttpResponse hidden = Ana(std::string("/api/v1/cases/K2") + suffix);
    HttpResponse missing = Ana(std::string("/api/v1/cases/K9") + suffix);
    EXPECT_EQ(hidden.status, 404) << suffix;
    EXPECT_EQ(missing.status, 404) << suffix;
    Json h = Body(hidden), m = Body(missing);
    EXPECT_EQ(h["detail"], "no case 'K2'");
    EXPECT_EQ(m["detail"], "no case 'K9'");
    h.erase("detail"), m.erase("detail"), h.erase("instance"), m.erase("instance");
    EXPECT_EQ(h, m) << suffix;
  }
}

TEST_F(ApiTest, AnInvestigatorReachesOnlyTheAccountsTheirCaseReaches) {
  for (const char* seen : {"V", "C", "M"}) {
    EXPECT_EQ(Ana(std::string("/api/v1/accounts/") + seen).status, 200) << seen;
  }
  // X paid the collector but never held the ransom; O and P are another case.
  for (const char* hidden : {"X", "O", "P", "NOSUCH"}) {
    HttpResponse r = Ana(std::string("/api/v1/accounts/") + hidden);
    EXPECT_EQ(r.status, 404) << hidden;
    EXPECT_EQ(Body(r)["detail"], std::string("no account '") + hidden + "'");
    EXPECT_EQ(Ana(std::string("/api/v1/accounts/") + hidden + "/timeline").status, 404);
    EXPECT_EQ(Ana(std::string("/api/v1/accounts/") + hidden + "/neighbors").status, 404);
    EXPECT_EQ(Ana(std::string("/api/v1/accounts/") + hidden + "/linked").status, 404);
    EXPECT_EQ(Ana(std::string("/api/v1/accounts/") + hidden + "/reach").status, 404);
  }
  EXPECT_EQ(Get("/api/v1/accounts/X").status, 200);  // the analyst sees it
  EXPECT_EQ(Ana("/api/v1/paths?from=C&to=M").status, 200);
  EXPECT_EQ(Ana("/api/v1/paths?from=X&to=M").status, 404);
  EXPECT_THAT(Accounts(Body(Ana("/api/v1/accounts"))["items"], "account_id"),
              ::testing::ElementsAre("C", "M", "V"));
}

TEST_F(ApiTest, QueryResultsHideWhatTheInvestigatorMayNotSee) {
  Json all = Body(Get("/api/v1/accounts/C/neighbors"));
  EXPECT_EQ(Accounts(all["neighbors"]), (std::set<std::string>{"M", "V", "X"}));
  Json scoped = Body(Ana("/api/v1/accounts/C/neighbors"));
  EXPECT_EQ(Accounts(scoped["neighbors"]), (std::set<std::string>{"M", "V"}));
  EXPECT_EQ(scoped["found"], 2);    // no count of what is hidden either
  EXPECT_EQ(scoped["limit"], 100);  // the page's, not the wider scan behind the filter
}

TEST_F(ApiTest, ReachCountsOnlyWhatTheUserMaySee) {
  // C is paid by X and V and pays M: within 2 hops both ways, M V X.
  Json all = Body(Get("/api/v1/accounts/C/reach?hops=2&direction=both"));
  EXPECT_EQ(all["query"], "reach");
  EXPECT_EQ(all["found"], 3);
  EXPECT_EQ(all["by_hop"][0]["accounts"], 3);
  EXPECT_EQ(all["by_hop"][1]["accounts"], 0);
  Json scoped = Body(Ana("/api/v1/accounts/C/reach?hops=2&direction=both"));
  EXPECT_EQ(scoped["found"], 2);                     // X is not the investigator's
  Json out = Body(Get("/api/v1/accounts/V/reach"));  // defaults: 3 hops out
  EXPECT_EQ(out["hops"], 3);
  EXPECT_EQ(out["direction"], "out");
  EXPECT_EQ(out["found"], 2);  // C, then M
  EXPECT_EQ(Get("/api/v1/accounts/C/reach?hops=4").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts/C/reach?limit=4").status, 400);
}

TEST_F(ApiTest, InvestigatorsMustStateAPurpose) {
  HttpResponse r = Get("/api/v1/cases", "t-investigator", "");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["type"], "https://moneytrail.invalid/problems/purpose-required");
  EXPECT_EQ(Get("/api/v1/cases", "t-analyst", "").status, 200);
}

TEST_F(ApiTest, APurposeMustReadBackAsWritten) {
  // UTF-8 is kept as sent; Latin-1 bytes, control characters and essays are refused
  // rather than stored altered.
  EXPECT_EQ(Get("/api/v1/cases", "t-investigator", "Rogatoria n\xc2\xba 12").status, 200);
  for (const std::string& bad : {std::string("caf\xe9"),
                                 std::string("a\x01"
                                             "b"),
                                 std::string("\xed\xa0\x80"), std::string(501, 'x')}) {
    HttpResponse r = Get("/api/v1/cases", "t-investigator", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Body(r)["type"], "https://moneytrail.invalid/problems/bad-purpose");
  }
  auto records = Audit();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].entry.purpose, "Rogatoria n\xc2\xba 12");
}

TEST_F(ApiTest, AdminsSeeUsersAndAuditButNoData) {
  EXPECT_EQ(Get("/api/v1/cases", "t-admin").status, 404);
  EXPECT_EQ(Get("/api/v1/accounts/C", "t-admin").status, 404);
  HttpResponse users = Get("/api/v1/admin/users", "t-admin");
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(Body(users)["items"].size(), 4u);
  EXPECT_EQ(users.body.find("token"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/admin/users", "t-analyst").status, 404);
  EXPECT_EQ(Ana("/api/v1/admin/audit").status, 404);
  Json verify = Body(Get("/api/v1/admin/audit/verify", "t-admin"));
  EXPECT_TRUE(verify["intact"].get<bool>());
}

TEST_F(ApiTest, EveryRequestIsAuditedBeforeItIsAnswered) {
  Ana("/api/v1/accounts/C/neighbors?hops=2");
  Get("/api/v1/cases/K2/trace?method=fifo", "t-analyst", "MLA 7/24");
  Ana("/api/v1/accounts/X");
  Get("/api/v1/cases", "t-nobody");
  auto records = Audit();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].entry.user, "ana");
  EXPECT_EQ(records[0].entry.role, "investigator");
  EXPECT_EQ(records[0].entry.purpose, "case K1");
  EXPECT_EQ(records[0].entry.subject, "C");
  EXPECT_EQ(records[0].entry.action, "GET /api/v1/accounts/C/neighbors?hops=2");
  EXPECT_EQ(records[0].entry.outcome, "200");
  EXPECT_EQ(records[1].entry.case_id, "K2");
  EXPECT_EQ(records[1].entry.purpose, "MLA 7/24");
  EXPECT_EQ(records[2].entry.outcome, "404");  // a denied look is on record too
  EXPECT_EQ(records[3].entry.outcome, "401");
  EXPECT_EQ(records[3].entry.user, "(unauthenticated 127.0.0.1)");
  auto v = audit::AuditLog(dir_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact());
}

TEST_F(ApiTest, AnUnwritableAuditTrailMeansNoAnswer) {
  // A head that does not match the log: the log refuses to grow (engine/audit).
  Get("/api/v1/cases");
  {
    std::ofstream head(dir_ + "/audit/head", std::ios::trunc);
    head << R"({"seq":7,"hash":")" << std::string(64, 'a') << "\"}\n";
  }
  HttpResponse r = Get("/api/v1/accounts/C");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("Manuel"), std::string::npos);
  EXPECT_EQ(Body(r)["type"], "https://moneytrail.invalid/problems/audit-unavailable");
}

TEST_F(ApiTest, ARateLimitedUserIsToldWhenToComeBack) {
  Reopen(RateLimit{1, 2});
  EXPECT_EQ(Get("/api/v1/me").status, 200);
  EXPECT_EQ(Get("/api/v1/me").status, 200);
  HttpResponse r = Get("/api/v1/me");
  EXPECT_EQ(r.status, 429);
  std::string retry;
  for (const auto& [k, v] : r.headers) {
    if (k == "Retry-After") retry = v;
  }
  EXPECT_EQ(retry, "1");
  EXPECT_EQ(Get("/api/v1/me", "t-admin").status, 200);  // per user
}

TEST_F(ApiTest, PagesFollowTheirCursorsToTheEnd) {
  std::vector<std::string> seen;
  std::string target = "/api/v1/accounts?limit=4";
  for (int pages = 0; pages < 5; ++pages) {
    Json page = Body(Get(target));
    EXPECT_EQ(page["page"]["limit"], 4);
    for (const Json& a : page["items"]) seen.push_back(a["account_id"]);
    if (page["page"]["next_cursor"].is_null()) break;
    target = "/api/v1/accounts?limit=4&cursor=" + page["page"]["next_cursor"].get<std::string>();
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("C", "M", "O", "P", "V", "X"));
  EXPECT_EQ(Get("/api/v1/accounts?cursor=bogus").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts?limit=0").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts?limit=1001").status, 400);
}

TEST_F(ApiTest, BadRequestsAreProblemsNotCrashes) {
  EXPECT_EQ(Get("/api/v1/nothing").status, 404);
  EXPECT_EQ(Get("/api/v1/accounts/C/neighbors?hops=9").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts/C/neighbors?direction=up").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts/C/neighbors?bogus=1").status, 400);
  EXPECT_EQ(Get("/api/v1/cases/K1/trace?method=magic").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts/C/timeline?since=yesterday").status, 400);
  EXPECT_EQ(Get("/api/v1/paths?from=C").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts/%ZZ").status, 400);
  EXPECT_EQ(Get("/api/v1/accounts?q=a&q=b").status, 400);
  HttpRequest post;
  post.method = "POST";
  post.target = "/api/v1/cases";
  HttpResponse r = api_->Handle(post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.at(0), (std::pair<std::string, std::string>{"Allow", "GET, HEAD"}));
}

TEST_F(ApiTest, TracesFlagsAndReportsOfACase) {
  Json libr = Body(Get("/api/v1/cases/K1/trace"));
  EXPECT_EQ(libr["method"], "libr");
  EXPECT_EQ(libr["seed_total"], "1000.00");
  Json compare = Body(Get("/api/v1/cases/K1/trace?method=compare"));
  EXPECT_EQ(compare["methods"].size(), 6u);
  EXPECT_EQ(Body(Get("/api/v1/cases/K1/trace"))["seed_total"], "1000.00");  // from the cache
  EXPECT_EQ(Body(Get("/api/v1/cases/K1/flags"))["case_id"], "K1");
  HttpResponse html = Get("/api/v1/cases/K1/report?format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_THAT(html.body, ::testing::HasSubstr("K1"));
  EXPECT_EQ(html.headers.at(0).second, "attachment; filename=\"report-K1.html\"");
  EXPECT_EQ(Get("/api/v1/cases/K1/report?format=docx").status, 400);
}

TEST_F(ApiTest, TheCaseNamesItsSeedsEnds) {
  Json c = Body(Ana("/api/v1/cases/K1"));
  ASSERT_EQ(c["seeds"].size(), 1u);
  EXPECT_EQ(c["seeds"][0]["from_account"], "V");
  EXPECT_EQ(c["seeds"][0]["to_account"], "C");
  EXPECT_EQ(c["seeds"][0]["amount"], "1000.00");
}

}  // namespace
}  // namespace moneytrail::serve
