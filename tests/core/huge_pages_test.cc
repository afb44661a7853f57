// Huge pages for malloc's heap: the reservation is real (the heap's own
// mapping grows and carries the advice) or it says it did nothing.
#include "engine/core/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace moneytrail {
namespace {

// The /proc/self/smaps entry of the mapping that holds `p`: its first line
// (range, permissions, name) and its VmFlags.
struct Mapping {
  std::string head;
  std::string flags;
};

Mapping MappingOf(const void* p) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  Mapping found;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> lo >> dash >> hi && dash == '-' && line.find(':') > line.find(' ')) {
      inside = lo <= at && at < hi;
      if (inside) found.head = line;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      found.flags = line;
    }
  }
  return found;
}

bool Sanitized() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

TEST(HugePagesTest, TheHeapGrowsAtOnceWithTheAdviceOrNothingIsClaimed) {
  const bool reserved = ReserveHugePageHeap(size_t{64} << 20);
  if (Sanitized()) {
    // A sanitizer's malloc does not use glibc's heap: nothing to advise.
    EXPECT_FALSE(reserved);
    return;
  }
  ASSERT_TRUE(reserved) << "glibc on Linux with transparent huge pages was expected";
  // 8 MiB is over glibc's usual threshold for a mapping of its own; after the
  // reservation it comes from the heap, which carries the advice ("hg").
  // Its first bytes may sit in what the heap had free before, below the
  // advised range: its middle is in it.
  char* volatile block = static_cast<char*>(std::malloc(size_t{8} << 20));
  const Mapping m = MappingOf(block + (size_t{4} << 20));
  std::free(block);
  EXPECT_NE(m.head.find("[heap]"), std::string::npos) << m.head;
  EXPECT_NE(m.flags.find(" hg"), std::string::npos) << m.flags;
}

TEST(HugePagesTest, AReservationTooLargeForMallocsSettingsIsRefused) {
  EXPECT_FALSE(ReserveHugePageHeap(0));
  EXPECT_FALSE(ReserveHugePageHeap(size_t{4} << 30));
}

}  // namespace
}  // namespace moneytrail
