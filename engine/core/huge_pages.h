// Huge pages for memory that a process touches over and over: hints to the
// kernel, which change how fast memory is reached, never what it holds.
#ifndef MONEYTRAIL_ENGINE_CORE_HUGE_PAGES_H_
#define MONEYTRAIL_ENGINE_CORE_HUGE_PAGES_H_

#include <cstddef>

namespace moneytrail {

// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with
// huge pages when it first touches them. On a VM a page fault costs
// microseconds, and a bulk load's first batches fault on every 4 KiB of
// several hundred MiB. Only a hint: nothing changes where Linux has
// transparent huge pages off, or on other systems.
void AdviseHugePages(const void* p, size_t bytes);

// The same for malloc's heap, for a process that allocates and frees its
// working set again and again (a batch of traces: the store's blocks, each
// case's histories and results). Grows the heap that malloc serves the main
// thread from (glibc's main arena) by `bytes` of address space at once and
// advises it; keeps allocations of up to 32 MiB in that heap (glibc would
// map each apart, on fresh pages every time); and keeps the heap from
// shrinking, since space given back and taken again would be ordinary pages.
// Memory is still used only as it is touched. Call it before the allocations
// it should cover. Returns false where it does not apply: another malloc
// (a sanitizer's), a heap that could not grow by `bytes`, or a kernel that
// refuses the advice; glibc's two thresholds stay raised then too, which
// costs nothing but memory freed staying in the heap for reuse.
bool ReserveHugePageHeap(size_t bytes);

// Makes the threads started from now on allocate from that heap too:
// glibc gives a busy new thread an arena of its own, which the reservation
// does not cover. Only for a process with a single busy thread (the tracer
// of an MPI rank): several would take turns on the one heap's lock.
void ShareMainHeapWithNewThreads();

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_HUGE_PAGES_H_
