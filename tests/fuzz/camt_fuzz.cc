// libFuzzer target of the camt reader: ReadCamt on the input (pending entries
// kept, so that every entry goes through the amount and date rules), and
// LooksLikeCamt on its first kilobyte. Besides crashes, leaks and timeouts it
// traps on broken promises of camt.h and statement.h: amounts are never
// negative, every entry has a currency, a fatal issue is the last issue.
//
//   build-fuzz/tests/fuzz/fuzz_camt -max_total_time=600 -max_len=65536 \
//     /tmp/camt-corpus tests/fuzz/corpus/camt
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/bank/camt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moneytrail::ingest::bank;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CamtReadOptions options;
  options.include_pending = true;
  StatementFile file = ReadCamt(bytes, options);
  for (const Statement& s : file.statements) {
    for (const StatementEntry& e : s.entries) {
      if (e.amount < 0 || e.currency.size() != 3) __builtin_trap();
    }
  }
  for (size_t i = 0; i + 1 < file.issues.size(); ++i) {
    if (file.issues[i].fatal) __builtin_trap();
  }
  (void)LooksLikeCamt(bytes.substr(0, 1024));
  return 0;
}
