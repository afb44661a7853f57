// Throughput of the SWIFT MT readers: builds a deterministic synthetic MT940
// file (~200 MB: statements of 40 entries whose :86: fields alternate German
// ?-sub-fields with SEPA keywords, Dutch /TAG/ fields and free text) and an
// RJE batch of MT103 messages (~50 MB) in memory, times ReadMt940 and
// ReadMt103 over them (best of 3) and prints a table. Target: >= 100 MB/s for
// MT940 in a Release build.
//
//   bench_mt940 [mt940_megabytes] [mt103_megabytes]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/bank/mt103.h"
#include "ingest/bank/mt940.h"

namespace {

using moneytrail::ingest::bank::ReadMt103;
using moneytrail::ingest::bank::ReadMt940;
using moneytrail::ingest::bank::StatementFile;

// A fixed-seed generator, so every run reads the same bytes.
class Random {
 public:
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_ = 42;
};

const char* const kNames[] = {"Max Mustermann GmbH", "ACME BV",
                              "J. JANSEN",           "Erika Musterfrau",
                              "Finanzamt Muenchen",  "PAYPAL EUROPE S.A.R.L. ET CIE"};

void AppendAmount(std::string* out, int64_t cents) {
  out->append(std::to_string(cents / 100));
  out->push_back(',');
  char frac[3] = {static_cast<char>('0' + cents % 100 / 10), static_cast<char>('0' + cents % 10),
                  0};
  out->append(frac);
}

std::string Mt940(size_t target_bytes, uint64_t* entries) {
  std::string out;
  out.reserve(target_bytes + 8192);
  Random rng;
  int64_t balance = 1000000;
  for (uint64_t statement = 1; out.size() < target_bytes; ++statement) {
    out += ":20:STARTUMS\r\n:25:DE89370400440532013000\r\n:28C:";
    out += std::to_string(statement % 99999) + "/1\r\n:60F:C240301EUR";
    AppendAmount(&out, balance);
    out += "\r\n";
    for (int i = 0; i < 40; ++i, ++*entries) {
      int64_t cents = 100 + static_cast<int64_t>(rng.Below(500000));
      bool credit = rng.Below(2) == 0 || balance < cents;
      balance += credit ? cents : -cents;
      out += ":61:2403010301";
      out += credit ? "C" : "D";
      AppendAmount(&out, cents);
      out += "NTRFNONREF//";
      out += std::to_string(7000000000ULL + rng.Below(1000000000));
      out += "\r\n:86:";
      const char* name = kNames[rng.Below(6)];
      switch (i % 3) {
        case 0:
          out += "166?00SEPA-GUTSCHRIFT?109310?20EREF+E2E";
          out += std::to_string(rng.Next());
          out += "?21SVWZ+Rechnung ";
          out += std::to_string(rng.Below(100000));
          out +=
              " vom 01.03.2024\r\n?22ABWA+Someone Else?30COBADEFFXXX?31DE893704004405320130\r\n"
              "00?32";
          out += name;
          out += "?34000\r\n";
          break;
        case 1:
          out += "/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/";
          out += name;
          out += "/REMI/Factuur ";
          out += std::to_string(rng.Below(100000));
          out += "\r\n/EREF/NOTPROVIDED/\r\n";
          break;
        default:
          out += "BEA   NR:XXX1234   21.05.11/12.54 DIRCKIII FIL2500 KATWIJK,PAS999\r\n";
          out += name;
          out += "\r\n";
      }
    }
    out += ":62F:C240301EUR";
    AppendAmount(&out, balance);
    out += "\r\n-\r\n";
  }
  return out;
}

std::string Mt103Batch(size_t target_bytes, uint64_t* messages) {
  std::string out;
  out.reserve(target_bytes + 4096);
  Random rng;
  while (out.size() < target_bytes) {
    ++*messages;
    out +=
        "{1:F01BANKBEBBAXXX0000000000}{2:O1031200240315BANKDEFFAXXX00000000002403151200N}"
        "{3:{108:MUR}{121:8e0fe365-a88e-426b-8484-4e4a0c3e9da5}}{4:\r\n:20:REF";
    out += std::to_string(rng.Next());
    out += "\r\n:23B:CRED\r\n:32A:240315EUR";
    AppendAmount(&out, 100 + static_cast<int64_t>(rng.Below(10000000)));
    out += "\r\n:50K:/DE89370400440532013000\r\n";
    out += kNames[rng.Below(6)];
    out +=
        "\r\nSOMEWHERE STREET 1\r\n10115 BERLIN\r\n:52A:COBADEFF\r\n:57A:ABNANL2A\r\n"
        ":59:/NL91ABNA0417164300\r\n";
    out += kNames[rng.Below(6)];
    out += "\r\n:70:INVOICE ";
    out += std::to_string(rng.Below(100000));
    out += "\r\n:71A:SHA\r\n-}{5:{CHK:123456789ABC}}\r\n$";
  }
  return out;
}

template <typename Read>
double BestOfThree(Read read, uint64_t* count) {
  double best = 1e300;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    StatementFile f = read();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds < best) best = seconds;
    *count = f.payments.size();
    for (const auto& s : f.statements) *count += s.entries.size();
    if (!f.issues.empty())
      std::fprintf(stderr, "unexpected issue: %s\n", f.issues[0].reason.c_str());
  }
  return best;
}

void Row(const char* format, size_t bytes, uint64_t items, double seconds) {
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("%-8s %10.1f %12llu %9.3f %9.1f\n", format, mb,
              static_cast<unsigned long long>(items), seconds, mb / seconds);
}

}  // namespace

int main(int argc, char** argv) {
  size_t mt940_mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
  size_t mt103_mb = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 50;
  uint64_t generated = 0, read = 0;
  std::printf("%-8s %10s %12s %9s %9s\n", "format", "input MB", "entries", "seconds", "MB/s");
  {
    std::string mt940 = Mt940(mt940_mb * 1000000, &generated);
    double s = BestOfThree([&] { return ReadMt940(mt940); }, &read);
    if (read != generated)
      std::fprintf(stderr, "read %llu of %llu entries\n", static_cast<unsigned long long>(read),
                   static_cast<unsigned long long>(generated));
    Row("mt940", mt940.size(), read, s);
  }
  {
    generated = 0;
    std::string mt103 = Mt103Batch(mt103_mb * 1000000, &generated);
    double s = BestOfThree([&] { return ReadMt103(mt103); }, &read);
    if (read != generated)
      std::fprintf(stderr, "read %llu of %llu messages\n", static_cast<unsigned long long>(read),
                   static_cast<unsigned long long>(generated));
    Row("mt103", mt103.size(), read, s);
  }
  return 0;
}
