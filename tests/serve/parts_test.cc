// The parts of `serve`: URLs, the users file, tokens, the rate limiter and
// group commit of audit records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "engine/audit/audit_log.h"
#include "engine/core/sha256.h"
#include "tests/testing/temp_dir.h"
#include "tools/serve/audit_committer.h"
#include "tools/serve/rate_limiter.h"
#include "tools/serve/url.h"
#include "tools/serve/users.h"

namespace moneytrail::serve {
namespace {

using ::testing::HasSubstr;

TEST(UrlTest, DecodesEscapesAndPlusInQueriesOnly) {
  EXPECT_EQ(PercentDecode("ES12%2F3+x", false).value(), "ES12/3+x");
  EXPECT_EQ(PercentDecode("a+b%20c", true).value(), "a b c");
  EXPECT_FALSE(PercentDecode("%G1", false).ok());
  EXPECT_FALSE(PercentDecode("%2", false).ok());
  EXPECT_FALSE(PercentDecode("a%00", false).ok());
}

TEST(UrlTest, SplitsPathsWithoutDecodingAndParsesQueries) {
  EXPECT_THAT(SplitPath("/api/v1/accounts/A%2FB"),
              ::testing::ElementsAre("api", "v1", "accounts", "A%2FB"));
  auto q = ParseQuery("from=A&to=B%20C&&flag");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->at("to"), "B C");
  EXPECT_EQ(q->at("flag"), "");
  EXPECT_FALSE(ParseQuery("a=1&a=2").ok());
}

TEST(UsersTest, TokensAreLongRandomAndUrlSafe) {
  auto a = NewToken(), b = NewToken();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 3u + 43u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(
      a->find_first_not_of("mt_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
      std::string::npos);
}

TEST(UsersTest, AddedUsersSignInWithTheirTokenAndTheFileHoldsOnlyItsHash) {
  testing::TempDir dir;
  const std::string path = dir.Sub("users.json");
  User ana;
  ana.name = "ana";
  ana.role = Role::kInvestigator;
  ana.cases = {"K-1"};
  ASSERT_TRUE(AddUser(path, ana, "mt_secret-token").ok());
  User fiu;
  fiu.name = "fiu";
  ASSERT_TRUE(AddUser(path, fiu, "mt_other").ok());
  EXPECT_FALSE(AddUser(path, fiu, "mt_third").ok());  // the name is taken

  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find("secret"), std::string::npos);
  EXPECT_THAT(text, HasSubstr(Sha256::Of("mt_secret-token")));
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto users = Users::Load(path);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  const User* u = users->Authenticate("mt_secret-token");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, "ana");
  EXPECT_THAT(u->cases, ::testing::ElementsAre("K-1"));
  EXPECT_EQ(users->Authenticate("mt_secret-toke"), nullptr);
  EXPECT_EQ(users->Authenticate(""), nullptr);
}

TEST(UsersTest, ABadUsersFileIsRefusedNamingTheFault) {
  const std::string h(64, 'a');
  struct Case {
    std::string doc, fault;
  };
  for (const Case& c : std::vector<Case>{
           {"[]", "\"users\" array"},
           {R"({"users":[{"name":"a","role":"boss","token_sha256":")" + h + "\"}]}",
            "users[0].role"},
           {R"({"users":[{"name":"a","role":"analyst","token_sha256":"xyz"}]})",
            "users[0].token_sha256"},
           {R"({"users":[{"name":"a","role":"analyst","cases":["K"],"token_sha256":")" + h +
                "\"}]}",
            "users[0].cases"},
           {R"({"users":[{"name":"a","role":"admin","token_sha256":")" + h +
                R"("},{"name":"a","role":"admin","token_sha256":")" + std::string(64, 'b') +
                "\"}]}",
            "users[1].name"},
           {R"({"users":[{"name":"a","role":"admin","token_sha256":")" + h +
                R"("},{"name":"b","role":"admin","token_sha256":")" + h + "\"}]}",
            "users[1].token_sha256"},
       }) {
    auto u = Users::FromJson(c.doc, "u.json");
    ASSERT_FALSE(u.ok()) << c.doc;
    EXPECT_THAT(u.status().message(), HasSubstr(c.fault)) << c.doc;
  }
}

TEST(RateLimiterTest, ABurstThenTheSustainedRatePerKey) {
  auto now = std::chrono::steady_clock::time_point{};
  RateLimiter limiter(RateLimit{2, 3}, [&] { return now; });
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a"), 0) << i;
  EXPECT_EQ(limiter.Acquire("a"), 1);
  EXPECT_EQ(limiter.Acquire("b"), 0);     // another key has its own bucket
  now += std::chrono::milliseconds(500);  // one token back at 2/s
  EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 1);
  now += std::chrono::seconds(60);  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 1);
}

TEST(RateLimiterTest, ZeroMeansNoLimit) {
  RateLimiter limiter(RateLimit{0, 1});
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Acquire("a"), 0);
}

TEST(AuditCommitterTest, ConcurrentAppendsFormOneIntactChainInFewerWrites) {
  testing::TempDir dir;
  audit::AuditLog log(dir.path());
  AuditCommitter committer(&log);
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        audit::AuditEntry e;
        e.user = "u" + std::to_string(t);
        e.action = "GET /x/" + std::to_string(i);
        if (!committer.Append(e).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  auto records = log.Read();
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), size_t{kThreads * kEach});
  auto v = log.Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact());
  EXPECT_LE(committer.batches(), size_t{kThreads * kEach});
  // Each thread's records are in its own order.
  std::map<std::string, int> next;
  for (const auto& r : *records) {
    EXPECT_EQ(r.entry.action, "GET /x/" + std::to_string(next[r.entry.user]++));
  }
}

TEST(AuditCommitterTest, ABadEntryFailsAloneAndWritesNothing) {
  testing::TempDir dir;
  audit::AuditLog log(dir.path());
  AuditCommitter committer(&log);
  audit::AuditEntry no_purpose{"ana", "investigator", "GET /x", "", "", "", ""};
  Status s = committer.Append(no_purpose);
  EXPECT_EQ(s.code(), StatusCode::kUsage);
  audit::AuditEntry fine{"fiu", "analyst", "GET /x", "", "", "", "200"};
  EXPECT_TRUE(committer.Append(fine).ok());
  EXPECT_EQ(log.Read()->size(), 1u);
}

}  // namespace
}  // namespace moneytrail::serve
