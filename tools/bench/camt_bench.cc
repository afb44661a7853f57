// Throughput of the camt reader: generates a deterministic camt.053.001.02
// document of about 200 MB in memory (realistic SEPA entries: references,
// related parties with IBANs and names, agent BIC, remittance), then times
// ReadCamt over it (best of 3), StreamCamt with a visitor that keeps nothing,
// and, as the floor, libxml2's xmlTextReader alone over the same bytes.
// Prints a table:
//
//   format            input MB   entries   seconds    MB/s   wall s
//
// seconds is CPU time (user + system) of the best of 3 runs, MB/s follows
// from it; wall s is that run's elapsed time.
//
// Usage: bench_camt [MB]   (default 200)
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/bank/camt.h"
#include "ingest/bank/camt_baseline.h"

namespace {

using moneytrail::ingest::bank::CamtVisitor;
using moneytrail::ingest::bank::ReadCamt;
using moneytrail::ingest::bank::ReadIssue;
using moneytrail::ingest::bank::Statement;
using moneytrail::ingest::bank::StatementEntry;
using moneytrail::ingest::bank::StatementFile;
using moneytrail::ingest::bank::StreamCamt;

// Counts entries and keeps nothing.
class Counter : public CamtVisitor {
 public:
  void OnEntry(const Statement&, StatementEntry&&) override { ++entries; }
  void OnStatement(Statement&&) override {}
  void OnIssue(ReadIssue&&) override {}
  size_t entries = 0;
};

// Deterministic pseudo-random numbers (64-bit LCG, Knuth's constants).
struct Lcg {
  uint64_t state = 0x2545F4914F6CDD1DULL;
  uint64_t Next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
};

void AppendEntry(std::string* out, uint64_t n, Lcg* rng) {
  static const char* const kNames[] = {"Marta Keller",     "Jonas Weber GmbH",
                                       "Ana Sousa",        "Pieter de Vries BV",
                                       "Luca Bianchi SRL", "Nordic Timber AB"};
  static const char* const kIbans[] = {"DE89370400440532013000",      "NL91ABNA0417164300",
                                       "FR1420041010050500013M02606", "IT60X0542811101000000123456",
                                       "ES9121000418450200051332",    "SE4550000000058398257466"};
  bool credit = rng->Next() % 3 != 0;
  uint64_t cents = 100 + rng->Next() % 5'000'000;
  int day = 1 + static_cast<int>(n % 28);
  const char* name = kNames[rng->Next() % 6];
  const char* iban = kIbans[rng->Next() % 6];
  char buf[2048];
  int len = std::snprintf(
      buf, sizeof buf,
      "      <Ntry>\n"
      "        <NtryRef>%llu</NtryRef>\n"
      "        <Amt Ccy=\"EUR\">%llu.%02llu</Amt>\n"
      "        <CdtDbtInd>%s</CdtDbtInd>\n"
      "        <Sts>BOOK</Sts>\n"
      "        <BookgDt><Dt>2024-03-%02d</Dt></BookgDt>\n"
      "        <ValDt><Dt>2024-03-%02d</Dt></ValDt>\n"
      "        <AcctSvcrRef>2024031%08llu</AcctSvcrRef>\n"
      "        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>ESCT</SubFmlyCd>"
      "</Fmly></Domn></BkTxCd>\n"
      "        <NtryDtls>\n"
      "          <TxDtls>\n"
      "            <Refs>\n"
      "              <EndToEndId>E2E-%010llu</EndToEndId>\n"
      "              <TxId>TX%012llu</TxId>\n"
      "            </Refs>\n"
      "            <AmtDtls><TxAmt><Amt Ccy=\"EUR\">%llu.%02llu</Amt></TxAmt></AmtDtls>\n"
      "            <RltdPties>\n"
      "              <Dbtr><Nm>%s</Nm><PstlAdr><Ctry>DE</Ctry><AdrLine>Hauptstrasse %llu"
      "</AdrLine></PstlAdr></Dbtr>\n"
      "              <DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct>\n"
      "              <Cdtr><Nm>Account Owner AG</Nm></Cdtr>\n"
      "              <CdtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></CdtrAcct>\n"
      "            </RltdPties>\n"
      "            <RltdAgts><DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>"
      "</RltdAgts>\n"
      "            <RmtInf><Ustrd>Invoice %llu of 2024-02-%02d, customer %llu, thank you"
      "</Ustrd></RmtInf>\n"
      "          </TxDtls>\n"
      "        </NtryDtls>\n"
      "        <AddtlNtryInf>SEPA CREDIT TRANSFER</AddtlNtryInf>\n"
      "      </Ntry>\n",
      static_cast<unsigned long long>(n), static_cast<unsigned long long>(cents / 100),
      static_cast<unsigned long long>(cents % 100), credit ? "CRDT" : "DBIT", day, day,
      static_cast<unsigned long long>(n), credit ? "RCDT" : "ICDT",
      static_cast<unsigned long long>(n), static_cast<unsigned long long>(rng->Next()),
      static_cast<unsigned long long>(cents / 100), static_cast<unsigned long long>(cents % 100),
      name, static_cast<unsigned long long>(1 + n % 200), iban,
      static_cast<unsigned long long>(n * 7), day, static_cast<unsigned long long>(n % 9973));
  out->append(buf, static_cast<size_t>(len));
}

std::string Generate(size_t target_bytes, uint64_t* entries) {
  std::string doc;
  doc.reserve(target_bytes + 4096);
  doc +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
      "  <BkToCstmrStmt>\n"
      "    <GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm></GrpHdr>\n"
      "    <Stmt>\n"
      "      <Id>BENCH-STMT-1</Id>\n"
      "      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>\n"
      "      <Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy>"
      "<Ownr><Nm>Account Owner AG</Nm></Ownr>"
      "<Svcr><FinInstnId><BIC>BYLADEM1001</BIC></FinInstnId></Svcr></Acct>\n"
      "      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1000.00</Amt>"
      "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>\n";
  Lcg rng;
  uint64_t n = 0;
  while (doc.size() < target_bytes) AppendEntry(&doc, n++, &rng);
  doc += "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n";
  *entries = n;
  return doc;
}

struct Timing {
  double cpu = 1e30;   // user + system seconds of this process
  double wall = 1e30;  // elapsed seconds
};

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Best of three runs, by CPU time: on a shared machine the wall clock also
// counts the time other processes had the core.
template <typename F>
Timing BestOf3(F&& run) {
  Timing best;
  for (int i = 0; i < 3; ++i) {
    double cpu0 = CpuSeconds();
    auto start = std::chrono::steady_clock::now();
    run();
    std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    double cpu = CpuSeconds() - cpu0;
    if (cpu < best.cpu) best = Timing{cpu, wall.count()};
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = argc > 1 ? static_cast<size_t>(std::strtoul(argv[1], nullptr, 10)) : 200;
  if (mb == 0) mb = 200;
  uint64_t generated = 0;
  std::string doc = Generate(mb * 1'000'000, &generated);
  double input_mb = static_cast<double>(doc.size()) / 1e6;

  size_t read_entries = 0;
  bool clean = true;
  Timing reader = BestOf3([&] {
    StatementFile f = ReadCamt(doc);
    read_entries = f.statements.empty() ? 0 : f.statements[0].entries.size();
    clean = f.issues.empty();
  });
  // The same walk with nothing kept: what the reader costs without building
  // the 150,000-entry result.
  size_t streamed = 0;
  Timing stream = BestOf3([&] {
    Counter counter;
    StreamCamt(doc, {}, counter);
    streamed = counter.entries;
  });
  int64_t nodes = 0;
  Timing baseline =
      BestOf3([&] { nodes = moneytrail::ingest::bank::camt_internal::CountXmlNodes(doc); });

  std::printf("%-34s %9s %9s %8s %8s %8s\n", "format", "input MB", "entries", "seconds", "MB/s",
              "wall s");
  auto row = [&](const char* name, const std::string& entries, Timing t) {
    std::printf("%-34s %9.1f %9s %8.3f %8.1f %8.3f\n", name, input_mb, entries.c_str(), t.cpu,
                input_mb / t.cpu, t.wall);
  };
  row("camt.053.001.02 ReadCamt", std::to_string(read_entries), reader);
  row("camt.053.001.02 StreamCamt", std::to_string(streamed), stream);
  row("camt.053.001.02 xmlTextReader only", "-", baseline);
  if (read_entries != generated || streamed != generated || !clean || nodes < 0) {
    std::fprintf(stderr, "bench_camt: read %zu of %llu entries%s%s\n", read_entries,
                 static_cast<unsigned long long>(generated), clean ? "" : ", with issues",
                 nodes < 0 ? ", libxml2 failed" : "");
    return 1;
  }
  return 0;
}
