// libFuzzer target of ReadMt940: any bytes, read as declared UTF-8/evident
// Latin-1 and, when the first byte is odd, as declared Latin-1 with a small
// field limit (so that the limit paths run too). Crashes, leaks, timeouts
// and sanitizer reports are failures; issues are not.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/bank/mt940.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  moneytrail::ingest::bank::SwiftReadOptions options;
  if (size > 0 && (data[0] & 1)) {
    options.latin1 = true;
    options.max_field_bytes = 256;
  }
  moneytrail::ingest::bank::StatementFile file =
      moneytrail::ingest::bank::ReadMt940(bytes, options);
  (void)moneytrail::ingest::bank::LooksLikeMt940(bytes.substr(0, 1024));
  // Invariants every caller relies on.
  for (const auto& statement : file.statements) {
    for (const auto& entry : statement.entries) {
      if (entry.amount < 0 || entry.currency != statement.currency) __builtin_trap();
    }
  }
  return 0;
}
