// libFuzzer target of ReadMt103 (which hands MT940s in a batch to
// ReadMt940): any bytes, and, when the first byte is odd, as declared
// Latin-1 with a small field limit. Crashes, leaks, timeouts and sanitizer
// reports are failures; issues are not.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/bank/mt103.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  moneytrail::ingest::bank::SwiftReadOptions options;
  if (size > 0 && (data[0] & 1)) {
    options.latin1 = true;
    options.max_field_bytes = 256;
  }
  moneytrail::ingest::bank::StatementFile file =
      moneytrail::ingest::bank::ReadMt103(bytes, options);
  (void)moneytrail::ingest::bank::LooksLikeMt103(bytes.substr(0, 1024));
  for (const auto& payment : file.payments) {
    if (payment.amount < 0 || payment.currency.size() != 3) __builtin_trap();
  }
  return 0;
}
