// `moneytrail report` and `moneytrail verify` through the binary: golden JSON
// and CSV for the worked examples of TRACING.md, reproducibility, verify,
// hostile names, intelligence that must not leak, and safe output paths.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/amount.h"
#include "tests/cli/run_binary.h"

namespace moneytrail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ReadFile;
using testing::RunMoneytrail;
using testing::TempDir;

const fs::path kScenarios = MONEYTRAIL_TEST_REPORT_DIR "/scenarios";
const fs::path kGolden = MONEYTRAIL_TEST_REPORT_DIR "/golden";
const char* const kOutputs[] = {"report.html",  "report.pdf",   "report.json",
                                "schedule.csv", "measures.csv", "taint-graph.graphml"};

int64_t Cents(const json& decimal) {
  return ParseMinorUnits(decimal.get<std::string>(), 2).value();
}

// Copies a scenario's files into `dir` and loads them with names relative to
// it, so that the store (and its fingerprint) is the same on every machine.
std::string LoadScenario(const TempDir& tmp, const std::string& name,
                         const std::vector<std::string>& extra_args = {}) {
  fs::path data = fs::path(tmp.path()) / name;
  fs::create_directories(data);
  std::vector<std::string> args = {"ingest", "--db", "../store-" + name};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  for (const char* f :
       {"accounts.csv", "parties.csv", "transactions.csv", "assets.csv", "cases.json"}) {
    if (!fs::exists(kScenarios / name / f)) continue;
    fs::copy_file(kScenarios / name / f, data / f);
    args.push_back(f);
  }
  auto r = RunMoneytrail(args, "/dev/null", data.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return (fs::path(tmp.path()) / ("store-" + name)).string();
}

testing::RunResult Report(const std::string& store, const std::string& case_id,
                          const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"report", "--db", store, "--case", case_id, "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunMoneytrail(args);
}

std::string PdfText(const std::string& pdf_path) {
  std::string text;
  FILE* p = popen(("pdftotext -layout '" + pdf_path + "' - 2>/dev/null").c_str(), "r");
  if (!p) return text;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  pclose(p);
  return text;
}

// Golden files: regenerate with MONEYTRAIL_UPDATE_GOLDEN=1 and review the diff.
void ExpectGolden(const fs::path& produced, const std::string& golden_name) {
  std::string actual = ReadFile(produced.string());
  fs::path golden = kGolden / golden_name;
  if (std::getenv("MONEYTRAIL_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << actual;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden;
  EXPECT_EQ(actual, ReadFile(golden.string())) << "differs from " << golden;
}

// Amount at a terminal under each method, from the report's comparison table.
std::map<std::string, int64_t> ComparisonAt(const json& report, const std::string& kind,
                                            const std::string& subject) {
  std::map<std::string, int64_t> by_method;
  for (const json& row : report["comparison"]["terminals"]) {
    if (row["kind"] != kind || row["subject"] != subject) continue;
    for (const auto& [method, amount] : row["amounts"].items()) by_method[method] = Cents(amount);
  }
  return by_method;
}

json ReportJson(const TempDir& tmp, const std::string& example, const std::string& case_id,
                const std::string& method) {
  std::string store = LoadScenario(tmp, example);
  auto r = Report(store, case_id, tmp.Sub("r"), {"--format", "json,csv", "--method", method});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(tmp.Sub("r/report.json"), example + "_" + method + "/report.json");
  ExpectGolden(tmp.Sub("r/schedule.csv"), example + "_" + method + "/schedule.csv");
  return json::parse(ReadFile(tmp.Sub("r/report.json")));
}

TEST(ReportCliTest, WorkedExample1RoscoeVWinderKeepsTheLowestBalance) {
  TempDir tmp;
  json j = ReportJson(tmp, "example1", "EX-1", "libr");
  // 455.00 in, balance down to 25.00, 333.00 of own money later: 25.00 stays traced.
  EXPECT_EQ(ComparisonAt(j, "account", "ES01WINDER")["libr"], 2500);
  EXPECT_EQ(Cents(j["reconciliation"]["held"]), 2500);
  EXPECT_EQ(Cents(j["reconciliation"]["exited_cash"]), 43000);
}

TEST(ReportCliTest, WorkedExample2ReHallettSpendsOwnMoneyFirst) {
  TempDir tmp;
  json j = ReportJson(tmp, "example2", "EX-2", "libr");
  EXPECT_EQ(ComparisonAt(j, "account", "ES11HALLETT")["libr"], 50000);
  EXPECT_EQ(ComparisonAt(j, "account", "ES13OTHER")["libr"], 0);
  ASSERT_EQ(j["schedule"].size(), 1u);  // the debit carried no proceeds: no flow
}

TEST(ReportCliTest, WorkedExample3ShowsEveryRuleBesideTheChosenOne) {
  TempDir tmp;
  json j = ReportJson(tmp, "example3", "EX-3", "fifo");
  auto moved = ComparisonAt(j, "account", "ES23NEXT");
  auto kept = ComparisonAt(j, "account", "ES21MIXED");
  EXPECT_EQ(moved["fifo"], 0);
  EXPECT_EQ(kept["fifo"], 100000);
  EXPECT_EQ(moved["lifo"], 100000);
  EXPECT_EQ(kept["lifo"], 0);
  EXPECT_EQ(moved["pro-rata"], 50000);
  EXPECT_EQ(kept["pro-rata"], 50000);
  EXPECT_EQ(moved["tainted-first"], 100000);
  EXPECT_EQ(moved["libr"], 0);
}

TEST(ReportCliTest, WorkedExample4LibrMatchesItsGoldenJsonAndCsv) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  auto r = Report(store, "EX-4", tmp.Sub("r"), {"--format", "json,csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(tmp.Sub("r/report.json"), "example4_libr/report.json");
  ExpectGolden(tmp.Sub("r/schedule.csv"), "example4_libr/schedule.csv");
  ExpectGolden(tmp.Sub("r/measures.csv"), "example4_libr/measures.csv");
  // The figures of TRACING.md example 4, read from the report itself.
  json j = json::parse(ReadFile(tmp.Sub("r/report.json")));
  std::map<std::string, int64_t> terminal;
  for (const json& t : j["terminals"])
    terminal[t["subject"].get<std::string>()] = Cents(t["amount"]);
  EXPECT_EQ(terminal["CAR-1"], 500000);
  EXPECT_EQ(terminal["PA20ACCOUNTB"], 4000000);
  EXPECT_EQ(terminal["ES10ACCOUNTA"], 500000);
  ASSERT_EQ(j["mla_annexes"].size(), 1u);
  EXPECT_EQ(j["mla_annexes"][0]["state"], "PA");
  EXPECT_TRUE(j["reconciliation"]["conserved"].get<bool>());
}

TEST(ReportCliTest, WorkedExample4TaintedFirstSendsTheCarTheWholePrice) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--format", "json", "--method", "tainted-first"})
                .exit_code,
            0);
  json j = json::parse(ReadFile(tmp.Sub("r/report.json")));
  std::map<std::string, int64_t> terminal;
  for (const json& t : j["terminals"])
    terminal[t["subject"].get<std::string>()] = Cents(t["amount"]);
  EXPECT_EQ(terminal["CAR-1"], 1500000);
  EXPECT_EQ(terminal["PA20ACCOUNTB"], 3500000);
  EXPECT_EQ(terminal.count("ES10ACCOUNTA"), 0u);
  // Beside the chosen rule, every other: libr keeps 5,000 in A.
  for (const json& row : j["comparison"]["terminals"]) {
    if (row["subject"] == "ES10ACCOUNTA") {
      EXPECT_EQ(row["amounts"]["libr"], "5000.00");
    }
  }
}

TEST(ReportCliTest, WorkedExample5ProRataReconcilesPerClaimant) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example5");
  auto r = Report(store, "EX-5", tmp.Sub("r"), {"--format", "json,csv", "--method", "pro-rata"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectGolden(tmp.Sub("r/report.json"), "example5_pro_rata/report.json");
  ExpectGolden(tmp.Sub("r/schedule.csv"), "example5_pro_rata/schedule.csv");
  json j = json::parse(ReadFile(tmp.Sub("r/report.json")));
  std::map<std::string, std::pair<int64_t, int64_t>> by;  // claimant -> (held, exited)
  for (const json& c : j["reconciliation"]["by_claimant"]) {
    by[c["claimant"].get<std::string>()] = {Cents(c["held"]), Cents(c["exited"])};
    EXPECT_EQ(Cents(c["seed_total"]), Cents(c["held"]) + Cents(c["exited"]));
  }
  // TRACING.md: V1 30,000 (asset 11,250 + held 18,750), V2 20,000, V3 30,000.
  EXPECT_EQ(by["V1"].first, 1875000);
  EXPECT_EQ(by["V2"].first, 1250000);
  EXPECT_EQ(by["V3"].first, 1875000);
  // Every schedule row's claimant split adds up to its tainted amount.
  for (const json& row : j["schedule"]) {
    int64_t sum = 0;
    for (const auto& [claimant, amount] : row["by_claimant"].items()) sum += Cents(amount);
    EXPECT_EQ(sum, Cents(row["tainted"])) << row["tx_id"];
  }
}

TEST(ReportCliTest, TwoRunsGiveTheSameBytesInEveryFormat) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example5");
  ASSERT_EQ(Report(store, "EX-5", tmp.Sub("a")).exit_code, 0);
  ASSERT_EQ(Report(store, "EX-5", tmp.Sub("b")).exit_code, 0);
  for (const char* f : kOutputs) {
    std::string a = ReadFile(tmp.Sub(std::string("a/") + f));
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, ReadFile(tmp.Sub(std::string("b/") + f))) << f;
  }
  json ma = json::parse(ReadFile(tmp.Sub("a/manifest.json")));
  json mb = json::parse(ReadFile(tmp.Sub("b/manifest.json")));
  EXPECT_EQ(ma["outputs"], mb["outputs"]);
  EXPECT_EQ(ma["store_fingerprint"], mb["store_fingerprint"]);
  EXPECT_EQ(ma["outputs"].size(), 6u);
}

TEST(ReportCliTest, TheReportCarriesTheManifestButNoWallClock) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r")).exit_code, 0);
  json m = json::parse(ReadFile(tmp.Sub("r/manifest.json")));
  json j = json::parse(ReadFile(tmp.Sub("r/report.json")));
  EXPECT_EQ(j["provenance"]["store_fingerprint"], m["store_fingerprint"]);
  EXPECT_EQ(j["provenance"]["rulebook"]["sha256"], m["rulebook"]["sha256"]);
  std::string generated = m["generated_at"].get<std::string>();
  for (const json& out : m["outputs"]) {
    std::string bytes = ReadFile(tmp.Sub("r/" + out["file"].get<std::string>()));
    EXPECT_EQ(bytes.size(), out["bytes"].get<size_t>());
    EXPECT_EQ(bytes.find(generated.substr(0, 13)), std::string::npos) << out["file"];
  }
  std::string html = ReadFile(tmp.Sub("r/report.html"));
  EXPECT_NE(html.find(m["store_fingerprint"].get<std::string>()), std::string::npos);
  std::string pdf_text = PdfText(tmp.Sub("r/report.pdf"));
  EXPECT_NE(pdf_text.find("reconciled to the cent"), std::string::npos) << pdf_text.substr(0, 400);
}

TEST(ReportCliTest, VerifySaysIdenticalOnAnUnchangedStore) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r")).exit_code, 0);
  auto v = RunMoneytrail({"verify", "--db", store, tmp.Sub("r")});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_EQ(v.out.rfind("identical", 0), 0u) << v.out;
}

TEST(ReportCliTest, VerifyFailsAfterOneRecordChanges) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r")).exit_code, 0);
  // One more payment out of the tainted account B.
  tmp.Write("more.csv",
            "tx_id,timestamp,from_account,to_account,amount,currency\n"
            "T4-9,2024-03-05T10:00:00Z,PA20ACCOUNTB,CASH,1000.00,EUR\n");
  ASSERT_EQ(RunMoneytrail({"ingest", "--db", store, tmp.Sub("more.csv")}).exit_code, 0);
  auto v = RunMoneytrail({"verify", "--db", store, tmp.Sub("r")});
  EXPECT_EQ(v.exit_code, 65);
  EXPECT_EQ(v.out.rfind("differs", 0), 0u) << v.out;
  EXPECT_NE(v.out.find("store fingerprint"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("report.json: the re-run gives different bytes"), std::string::npos)
      << v.out;
}

TEST(ReportCliTest, VerifyNoticesAFileEditedOnDisk) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r")).exit_code, 0);
  std::string csv = ReadFile(tmp.Sub("r/schedule.csv"));
  csv.replace(csv.find("40000.00"), 8, "4000.00");
  tmp.Write("r/schedule.csv", csv);
  auto v = RunMoneytrail({"verify", "--db", store, tmp.Sub("r")});
  EXPECT_EQ(v.exit_code, 65);
  EXPECT_NE(v.out.find("schedule.csv: the file on disk is not the one the manifest lists"),
            std::string::npos)
      << v.out;
}

TEST(ReportCliTest, AnExistingReportIsReplacedOnlyWithForce) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r")).exit_code, 0);
  auto again = Report(store, "EX-4", tmp.Sub("r"));
  EXPECT_EQ(again.exit_code, 73);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  // A symlink planted in the report directory is replaced, never written through.
  tmp.Write("outside.txt", "untouched");
  fs::remove(tmp.Sub("r/report.json"));
  fs::create_symlink(tmp.Sub("outside.txt"), tmp.Sub("r/report.json"));
  EXPECT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--force"}).exit_code, 0);
  EXPECT_EQ(ReadFile(tmp.Sub("outside.txt")), "untouched");
  EXPECT_FALSE(fs::is_symlink(tmp.Sub("r/report.json")));
  EXPECT_EQ(RunMoneytrail({"verify", "--db", store, tmp.Sub("r")}).exit_code, 0);
}

TEST(ReportCliTest, VerifyRefusesOutputNamesOutsideTheReport) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  ASSERT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--format", "json"}).exit_code, 0);
  json m = json::parse(ReadFile(tmp.Sub("r/manifest.json")));
  m["outputs"][0]["file"] = "../../etc/passwd";
  tmp.Write("r/manifest.json", m.dump(2));
  auto v = RunMoneytrail({"verify", "--db", store, tmp.Sub("r")});
  EXPECT_EQ(v.exit_code, 65);
  EXPECT_NE(v.out.find("outside the report"), std::string::npos) << v.out;
}

TEST(ReportCliTest, BadRequestsGetClearErrorsAndSysexitsCodes) {
  TempDir tmp;
  std::string store = LoadScenario(tmp, "example4");
  auto unknown = Report(store, "NO-SUCH-CASE", tmp.Sub("r"));
  EXPECT_EQ(unknown.exit_code, 66);
  EXPECT_NE(unknown.err.find("NO-SUCH-CASE"), std::string::npos);
  EXPECT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--format", "docx"}).exit_code, 64);
  EXPECT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--method", "magic"}).exit_code, 64);
  EXPECT_EQ(Report(store, "EX-4", tmp.Sub("r"), {"--rules", tmp.Sub("none.json")}).exit_code, 66);
  EXPECT_FALSE(fs::exists(tmp.Sub("r/manifest.json")));
  EXPECT_EQ(RunMoneytrail({"verify", "--db", store, tmp.path()}).exit_code, 66);
}

// Data a bank or an informant controls, in every place it can appear.
TEST(ReportCliTest, HostileNamesAreInertInEveryFormat) {
  TempDir tmp;
  const std::string script = "<script>alert(1)</script>";
  const std::string formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
  tmp.Write("accounts.csv", "account_id,holder_id,holder_name,country\n\"" + script + "\",P-X,\"" +
                                formula.substr(0, 10) +
                                "\",ES\n"
                                "ES1,P-Y,Victim,ES\n");
  std::string quoted_formula =
      "\"" + std::string("=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")") + "\"";
  tmp.Write("parties.csv", "party_id,name\nP-X," + quoted_formula + "\nP-Y,Victim\n");
  tmp.Write("transactions.csv",
            "tx_id,timestamp,from_account,to_account,amount,currency\n"
            "H-1,2024-01-01T00:00:00Z,ES1,\"" +
                script + "\",5000.00,EUR\n");
  tmp.Write("cases.json",
            "{\"cases\": [{\"case_id\": \"H\", \"title\": \"<b>bold</b> & co\", "
            "\"jurisdiction\": \"ES\", \"seeds\": [{\"tx_id\": \"H-1\"}]}]}");
  std::string store = tmp.Sub("store");
  auto in = RunMoneytrail({"ingest", "--db", store, tmp.Sub("accounts.csv"), tmp.Sub("parties.csv"),
                           tmp.Sub("transactions.csv"), tmp.Sub("cases.json")});
  ASSERT_EQ(in.exit_code, 0) << in.err;
  auto r = Report(store, "H", tmp.Sub("r"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"report.html", "taint-graph.graphml"}) {
    std::string text = ReadFile(tmp.Sub(std::string("r/") + f));
    EXPECT_EQ(text.find("<script"), std::string::npos) << f;
    EXPECT_EQ(text.find("<b>bold"), std::string::npos) << f;
    EXPECT_NE(text.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << f;
  }
  std::string html = ReadFile(tmp.Sub("r/report.html"));
  EXPECT_EQ(html.find("href=\"http://evil"), std::string::npos);
  // CSV: no cell starts with a formula character.
  for (const char* f : {"schedule.csv", "measures.csv"}) {
    std::string csv = ReadFile(tmp.Sub(std::string("r/") + f));
    for (const std::string bad : {",=", ",+", ",@", "\n=", ",\"=", "\n\"="})
      EXPECT_EQ(csv.find(bad), std::string::npos) << f << " has " << bad;
  }
  std::string measures = ReadFile(tmp.Sub("r/measures.csv"));
  EXPECT_NE(measures.find(script), std::string::npos);  // plain text in a cell
  json j = json::parse(ReadFile(tmp.Sub("r/report.json")));
  bool found = false;
  for (const json& t : j["terminals"]) found |= t["subject"] == script;
  EXPECT_TRUE(found);
  EXPECT_NE(PdfText(tmp.Sub("r/report.pdf")).find(script), std::string::npos);
}

// Intelligence without consent guides the trace but appears in no output.
class IntelligenceReportTest : public ::testing::Test {
 protected:
  std::string LoadWithIntelligence(bool consent) {
    std::string store = LoadScenario(tmp_, "example4");
    tmp_.Write("intel_accounts.csv",
               "account_id,holder_id,holder_name,institution,country\n"
               "SECRETACCT99,P-SECRET,Secret Informant Name,SECRETBANKXXX,CH\n");
    tmp_.Write("intel_tx.csv",
               "tx_id,timestamp,from_account,to_account,amount,currency,reference\n"
               "INTEL-SECRET-TX,2024-03-03T12:00:00Z,ES10ACCOUNTA,SECRETACCT99,2000.00,EUR,"
               "SECRETREF77\n");
    std::vector<std::string> args = {"ingest",
                                     "--db",
                                     store,
                                     "--handling",
                                     "intelligence",
                                     "--origin",
                                     "Foreign FIU of Secretland"};
    if (consent) args.push_back("--consent");
    args.push_back("intel_accounts.csv");
    args.push_back("intel_tx.csv");
    auto r = RunMoneytrail(args, "/dev/null", tmp_.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return store;
  }
  // Every byte of every output, the PDF's text included.
  std::string Everything(const std::string& dir) {
    std::string all;
    for (const auto& e : fs::directory_iterator(dir)) all += ReadFile(e.path().string()) + "\n";
    return all + PdfText(dir + "/report.pdf");
  }
  TempDir tmp_;
};

const char* const kSecrets[] = {"INTEL-SECRET-TX", "SECRETACCT99",       "Secret Informant",
                                "P-SECRET",        "SECRETBANK",         "SECRETREF77",
                                "intel_tx.csv",    "intel_accounts.csv", "Secretland"};

TEST_F(IntelligenceReportTest, WithheldRecordsLeakIntoNoFormat) {
  std::string store = LoadWithIntelligence(false);
  auto r = Report(store, "EX-4", tmp_.Sub("r"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string all = Everything(tmp_.Sub("r"));
  for (const char* secret : kSecrets) {
    size_t at = all.find(secret);
    EXPECT_EQ(at, std::string::npos)
        << secret
        << " in: " << all.substr(at == std::string::npos ? 0 : (at > 300 ? at - 300 : 0), 600);
  }
  json j = json::parse(ReadFile(tmp_.Sub("r/report.json")));
  ASSERT_FALSE(j["withheld"].is_null());
  EXPECT_EQ(j["withheld"]["transactions"], 1);
  EXPECT_EQ(j["withheld"]["accounts"], 1);
  EXPECT_EQ(j["withheld"]["amount"], "2000.00");
  // The money it carried still reconciles, under a pseudonym.
  EXPECT_TRUE(j["reconciliation"]["conserved"].get<bool>());
  bool pseudonym = false;
  for (const json& t : j["terminals"]) pseudonym |= t["subject"] == "[withheld account 1]";
  EXPECT_TRUE(pseudonym);
  // The notice is visible where people read.
  EXPECT_NE(ReadFile(tmp_.Sub("r/report.html")).find("without consent"), std::string::npos);
  std::string pdf = PdfText(tmp_.Sub("r/report.pdf"));
  EXPECT_NE(pdf.find("withheld"), std::string::npos);
  EXPECT_EQ(RunMoneytrail({"verify", "--db", store, tmp_.Sub("r")}).exit_code, 0);
}

TEST_F(IntelligenceReportTest, ConsentedIntelligenceIsShown) {
  std::string store = LoadWithIntelligence(true);
  ASSERT_EQ(Report(store, "EX-4", tmp_.Sub("r"), {"--format", "json"}).exit_code, 0);
  std::string json_text = ReadFile(tmp_.Sub("r/report.json"));
  EXPECT_NE(json_text.find("INTEL-SECRET-TX"), std::string::npos);
  EXPECT_NE(json_text.find("SECRETACCT99"), std::string::npos);
  EXPECT_TRUE(json::parse(json_text)["withheld"].is_null());
}

}  // namespace
}  // namespace moneytrail
