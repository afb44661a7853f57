#include "engine/core/huge_pages.h"

#include <climits>
#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace moneytrail {
namespace {

constexpr uintptr_t kHuge = uintptr_t{2} << 20;

// Advises the whole huge pages inside [begin, end); false when there are
// none or the kernel refuses (THP off, or an old kernel).
bool AdviseWholeHugePages(uintptr_t begin, uintptr_t end) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  begin = (begin + kHuge - 1) & ~(kHuge - 1);
  end &= ~(kHuge - 1);
  return end > begin && madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE) == 0;
#else
  (void)begin;
  (void)end;
  return false;
#endif
}

}  // namespace

void AdviseHugePages(const void* p, size_t bytes) {
  // A refusal leaves ordinary pages: only a hint.
  const uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  (void)AdviseWholeHugePages(begin, begin + bytes);
}

bool ReserveHugePageHeap(size_t bytes) {
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  if (bytes == 0 || bytes > static_cast<size_t>(INT_MAX) - kHuge) return false;
  // glibc's main arena is one range that sbrk() extends: it grows by the
  // request plus M_TOP_PAD. A request larger than what the heap has free
  // makes it grow now, by all of `bytes`, in one range to advise.
  constexpr size_t kProbe = size_t{1} << 20;
  const uintptr_t start = reinterpret_cast<uintptr_t>(sbrk(0));
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest; also stops it adjusting itself
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  mallopt(M_TOP_PAD, static_cast<int>(bytes));
  void* volatile probe = std::malloc(kProbe);  // volatile: the call must happen
  const uintptr_t end = reinterpret_cast<uintptr_t>(sbrk(0));
  std::free(probe);
  mallopt(M_TOP_PAD, 128 << 10);  // glibc's default: later growth in ordinary steps
  // Another malloc does not grow this heap; a failed sbrk() makes glibc map
  // memory elsewhere. Either way the heap did not grow by `bytes`.
  if (start == UINTPTR_MAX || end < start + bytes) return false;
  return AdviseWholeHugePages(start, end);
#else
  (void)bytes;
  return false;
#endif
}

void ShareMainHeapWithNewThreads() {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 1);
#endif
}

}  // namespace moneytrail
