// The audit log's format, its chain, its filters, and appends from several
// threads and processes at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "engine/core/sha256.h"
#include "tests/audit/audit_test_util.h"

namespace moneytrail::audit {
namespace {

using ::testing::HasSubstr;

TEST(AuditRecordTest, TimeAlwaysHasSixFractionalDigits) {
  EXPECT_EQ(FormatAuditTime(Timestamp{1709287200LL * Timestamp::kMicrosPerSecond}),
            "2024-03-01T10:00:00.000000Z");
  EXPECT_EQ(FormatAuditTime(Timestamp{1709287200LL * Timestamp::kMicrosPerSecond + 120}),
            "2024-03-01T10:00:00.000120Z");
  EXPECT_EQ(FormatAuditTime(Timestamp{-1}), "1969-12-31T23:59:59.999999Z");
}

TEST(AuditRecordTest, LineIsCanonicalJsonInFixedOrderWithTheHashLast) {
  AuditRecord r;
  r.seq = 7;
  r.time = "2024-03-01T10:00:00.000000Z";
  r.entry = Entry("ana", "query neighbors", "K-1", "ACC-1", "MLA \"12\"\nline");
  r.prev = std::string(kGenesisHash);
  std::string body =
      "{\"seq\":7,\"time\":\"2024-03-01T10:00:00.000000Z\",\"user\":\"ana\",\"role\":\"\","
      "\"action\":\"query neighbors\",\"case\":\"K-1\",\"subject\":\"ACC-1\","
      "\"purpose\":\"MLA \\\"12\\\"\\nline\",\"outcome\":\"\",\"prev\":\"" +
      std::string(kGenesisHash) + "\"}";
  EXPECT_EQ(CanonicalText(r), body);
  r.hash = ComputeHash(r);
  EXPECT_EQ(r.hash, Sha256::Of(body));
  EXPECT_EQ(RecordLine(r), body.substr(0, body.size() - 1) + ",\"hash\":\"" + r.hash + "\"}");
  auto back = ParseRecordLine(RecordLine(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->entry.purpose, "MLA \"12\"\nline");
  EXPECT_EQ(back->hash, r.hash);
}

TEST(AuditRecordTest, ParseNamesWhatIsWrong) {
  std::string h(64, 'a');
  std::string good =
      "{\"seq\":1,\"time\":\"t\",\"user\":\"u\",\"role\":\"\",\"action\":\"a\","
      "\"case\":\"\",\"subject\":\"\",\"purpose\":\"\",\"outcome\":\"\",\"prev\":\"" +
      h + "\",\"hash\":\"" + h + "\"}";
  EXPECT_TRUE(ParseRecordLine(good).ok());
  struct Case {
    std::string line, reason;
  } cases[] = {
      {"{", "not JSON"},
      {"[1]", "not a JSON object"},
      {"{\"time\":\"t\"}", "key 'time' where 'seq' belongs"},
      {"{\"seq\":-1}", "seq: not a positive integer"},
      {"{\"seq\":0,\"time\":\"t\",\"user\":\"u\"}", "key 'role' missing"},
      {good.substr(0, good.size() - 1) + ",\"x\":1}", "unknown key 'x'"},
      {std::string(good).replace(good.find(h), 64, "XYZ"), "prev: not 64 lower-case hex"},
  };
  for (const Case& c : cases) {
    auto r = ParseRecordLine(c.line);
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_THAT(r.status().message(), HasSubstr(c.reason)) << c.line;
  }
}

TEST_F(AuditTest, AppendsChainFromSixtyFourZerosAndHeadFollows) {
  AuditLog log = Log();
  std::vector<AuditRecord> written;
  for (const char* who : {"ana", "ben", "eva"}) {
    auto r = log.Append(Entry(who, "trace", "K-1", "", "court order 5/24"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    written.push_back(*r);
  }
  EXPECT_EQ(written[0].seq, 1u);
  EXPECT_EQ(written[0].prev, kGenesisHash);
  EXPECT_EQ(written[0].time, "2024-03-01T10:00:00.000000Z");
  for (size_t i = 1; i < written.size(); ++i) {
    EXPECT_EQ(written[i].seq, i + 1);
    EXPECT_EQ(written[i].prev, written[i - 1].hash);
    EXPECT_EQ(written[i].hash, ComputeHash(written[i]));
  }
  std::vector<std::string> lines = ReadLines(log.log_path());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], RecordLine(written[2]));
  EXPECT_EQ(Slurp(log.head_path()), "{\"seq\":3,\"hash\":\"" + written[2].hash + "\"}\n");
  EXPECT_FALSE(std::filesystem::exists(log.head_path() + ".tmp"));

  auto v = log.Verify();
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(v->intact()) << ::testing::PrintToString(v->problems);
  EXPECT_EQ(v->records, 3u);
  EXPECT_EQ(v->head_seq, 3u);
  EXPECT_EQ(v->head_hash, written[2].hash);
  EXPECT_TRUE(v->note.empty());
}

TEST_F(AuditTest, AbsentOrEmptyLogVerifiesAsEmpty) {
  AuditLog log = Log();
  auto v = log.Verify();
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(v->intact());
  EXPECT_EQ(v->records, 0u);
  EXPECT_EQ(v->head_hash, kGenesisHash);
  auto none = log.Read();
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(std::filesystem::exists(log.dir())) << "reading must not create the log";

  std::filesystem::create_directories(log.dir());
  WriteLines(log.log_path(), {});
  v = log.Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact());
  EXPECT_EQ(v->records, 0u);
  // An empty log with no head is a fresh start.
  ASSERT_TRUE(log.Append(Entry("ana", "stats")).ok());
  EXPECT_EQ(ReadLines(log.log_path()).size(), 1u);
}

TEST_F(AuditTest, ReadFiltersByUserCaseTimeAndKeepsTheLastN) {
  AuditLog log = Log();
  // Times: 10:00:00, :01, :02, :03, :04.
  ASSERT_TRUE(log.Append(Entry("ana", "trace", "K-1")).ok());
  ASSERT_TRUE(log.Append(Entry("ben", "trace", "K-2")).ok());
  ASSERT_TRUE(log.Append(Entry("ana", "flag", "K-2")).ok());
  ASSERT_TRUE(log.Append(Entry("ana", "account", "", "ACC-1")).ok());
  ASSERT_TRUE(log.Append(Entry("eva", "stats")).ok());
  auto seqs = [&](const AuditFilter& f) {
    auto r = log.Read(f);
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::vector<uint64_t> out;
    if (r.ok()) {
      for (const AuditRecord& rec : *r) out.push_back(rec.seq);
    }
    return out;
  };
  using V = std::vector<uint64_t>;
  EXPECT_EQ(seqs({}), (V{1, 2, 3, 4, 5}));
  EXPECT_EQ(seqs({.user = "ana"}), (V{1, 3, 4}));
  EXPECT_EQ(seqs({.case_id = "K-2"}), (V{2, 3}));
  EXPECT_EQ(seqs({.user = "ana", .case_id = "K-2"}), (V{3}));
  EXPECT_EQ(seqs({.since = *ParseTimestamp("2024-03-01T10:00:01Z"),
                  .until = *ParseTimestamp("2024-03-01T10:00:03Z")}),
            (V{2, 3, 4}));
  EXPECT_EQ(seqs({.user = "ana", .limit = 2}), (V{3, 4}));
}

TEST_F(AuditTest, EntriesWithoutWhoWhatOrAnInvestigatorsPurposeAreRefused) {
  AuditLog log = Log();
  EXPECT_EQ(log.Append(Entry("", "trace")).status().code(), StatusCode::kUsage);
  EXPECT_EQ(log.Append(Entry("ana", "")).status().code(), StatusCode::kUsage);
  AuditEntry e = Entry("ana", "GET /api/v1/cases/K-1/trace", "K-1");
  e.role = "investigator";
  auto refused = log.Append(e);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("purpose"));
  e.purpose = std::string(20000, 'x');
  EXPECT_EQ(log.Append(e).status().code(), StatusCode::kUsage);
  EXPECT_FALSE(std::filesystem::exists(log.log_path())) << "nothing refused is written";
  e.purpose = "production order 2024/17";
  e.outcome = "200";
  auto r = log.Append(e);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->seq, 1u);
  EXPECT_EQ(r->entry.role, "investigator");
  EXPECT_EQ(r->entry.outcome, "200");
}

TEST_F(AuditTest, InvalidUtf8IsStoredAsReplacementCharactersAndStillVerifies) {
  AuditLog log = Log();
  auto r = log.Append(Entry("ana", "trace", "K-1", "", "caf\xe9"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entry.purpose, "caf\xef\xbf\xbd");
  auto v = log.Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact()) << ::testing::PrintToString(v->problems);
}

TEST_F(AuditTest, AStoreWhereTheLogCannotBeCreatedIsCantCreate) {
  // A file where the audit directory belongs (works as root, unlike chmod).
  store_.Write("audit", "not a directory");
  auto r = Log().Append(Entry("ana", "trace"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCantCreate);
  EXPECT_THAT(r.status().message(), HasSubstr("audit"));
}

TEST_F(AuditTest, AReadOnlyStoreDirectoryIsCantCreate) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes to read-only directories";
  std::filesystem::permissions(
      store_.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto r = Log().Append(Entry("ana", "trace"));
  std::filesystem::permissions(store_.path(), std::filesystem::perms::owner_all);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCantCreate);
}

// Every (writer, i) subject exactly once, seq 1..n, and an intact chain.
void ExpectOneUnbrokenChain(const AuditLog& log, int writers, int each) {
  auto v = log.Verify();
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(v->intact()) << ::testing::PrintToString(v->problems);
  EXPECT_EQ(v->records, static_cast<uint64_t>(writers * each));
  auto all = log.Read();
  ASSERT_TRUE(all.ok()) << all.status().message();
  std::set<std::string> subjects;
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, i + 1);
    subjects.insert((*all)[i].entry.subject);
  }
  EXPECT_EQ(subjects.size(), static_cast<size_t>(writers * each)) << "a record lost or doubled";
  EXPECT_EQ(v->head_seq, static_cast<uint64_t>(writers * each));
}

TEST_F(AuditTest, ConcurrentThreadsAppendOneUnbrokenChain) {
  constexpr int kThreads = 4, kEach = 25;
  AuditLog log = Log();  // shared by every thread
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string subject = "T" + std::to_string(t) + "-" + std::to_string(i);
        if (!log.Append(Entry("thread", "query timeline", "", subject)).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ExpectOneUnbrokenChain(log, kThreads, kEach);
}

TEST_F(AuditTest, ConcurrentProcessesAppendOneUnbrokenChain) {
  constexpr int kProcesses = 4, kEach = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Each process its own AuditLog, as separate CLI commands would have.
      AuditLog log(store_.path());
      for (int i = 0; i < kEach; ++i) {
        std::string subject = "P" + std::to_string(p) + "-" + std::to_string(i);
        if (!log.Append(Entry("proc", "account", "", subject)).ok()) _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child " << pid;
  }
  ExpectOneUnbrokenChain(Log(), kProcesses, kEach);
}

}  // namespace
}  // namespace moneytrail::audit
