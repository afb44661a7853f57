// A hint for large buffers that are filled once and reused, such as a bulk
// load's batches.
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

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_HUGE_PAGES_H_
