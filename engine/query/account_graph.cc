#include "engine/query/account_graph.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "engine/query/edges.h"

namespace moneytrail::query {

namespace {

// What one part of the ledger scan collected.
struct PartPairs {
  std::vector<uint64_t> pairs;  // (from << 32) | to, both accounts, from != to
  std::vector<uint32_t> out_entries, in_entries;
  uint64_t transactions = 0;
};

// Fills `side` from (key, other) pairs, `key` the account whose list it is.
// Lists are sorted and deduplicated in place, one account at a time (each
// list is short and fits in cache), then packed.
template <typename KeyOf, typename OtherOf>
void FillSide(const std::vector<PartPairs>& parts, uint32_t limit, KeyOf key_of, OtherOf other_of,
              std::vector<uint64_t>* offsets, std::vector<uint32_t>* targets) {
  std::vector<uint64_t> start(static_cast<size_t>(limit) + 1, 0);
  for (const PartPairs& p : parts) {
    for (uint64_t pair : p.pairs) ++start[key_of(pair) + 1];
  }
  for (size_t a = 0; a < limit; ++a) start[a + 1] += start[a];
  std::vector<uint32_t> all(start[limit]);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (const PartPairs& p : parts) {
    for (uint64_t pair : p.pairs) all[fill[key_of(pair)]++] = other_of(pair);
  }
  offsets->assign(static_cast<size_t>(limit) + 1, 0);
  uint64_t packed = 0;
  for (size_t a = 0; a < limit; ++a) {
    auto first = all.begin() + static_cast<ptrdiff_t>(start[a]);
    auto last = all.begin() + static_cast<ptrdiff_t>(start[a + 1]);
    std::sort(first, last);
    last = std::unique(first, last);
    packed = static_cast<uint64_t>(
        std::copy(first, last, all.begin() + static_cast<ptrdiff_t>(packed)) - all.begin());
    (*offsets)[a + 1] = packed;
  }
  all.resize(packed);
  all.shrink_to_fit();
  *targets = std::move(all);
}

}  // namespace

Result<std::unique_ptr<AccountGraph>> AccountGraph::Build(const storage::Store& store,
                                                          size_t threads) {
  const uint32_t limit = std::max(store.account_number_limit(), internal::kFirstAccountNumber);
  std::vector<PartPairs> parts(std::max<size_t>(1, threads));
  for (PartPairs& p : parts) {
    p.out_entries.assign(limit, 0);
    p.in_entries.assign(limit, 0);
  }
  // A commit after the store was opened could name accounts past `limit`;
  // a read-only store never does, but a graph must not index out of range.
  std::atomic<bool> out_of_range{false};  // the parts run on threads of their own
  RETURN_IF_ERROR(store.ForEachLedgerEntryInParts(
      parts.size(), [&](size_t part, const storage::Store::LedgerEntry& e) {
        PartPairs& p = parts[part];
        if (e.from >= limit || e.to >= limit) {
          out_of_range.store(true, std::memory_order_relaxed);
          return false;
        }
        ++p.transactions;
        if (e.from >= internal::kFirstAccountNumber) ++p.out_entries[e.from];
        if (e.to >= internal::kFirstAccountNumber) ++p.in_entries[e.to];
        if (e.from >= internal::kFirstAccountNumber && e.to >= internal::kFirstAccountNumber &&
            e.from != e.to) {
          p.pairs.push_back(uint64_t{e.from} << 32 | e.to);
        }
        return true;
      }));
  if (out_of_range) {
    return Status::Internal("the ledger names an account number past the store's limit; " +
                            store.path() + " changed during the scan");
  }
  std::unique_ptr<AccountGraph> g(new AccountGraph());
  for (Side* s : {&g->out_, &g->in_}) s->entries.assign(limit, 0);
  for (const PartPairs& p : parts) {
    g->transactions_ += p.transactions;
    for (uint32_t a = 0; a < limit; ++a) {
      g->out_.entries[a] += p.out_entries[a];
      g->in_.entries[a] += p.in_entries[a];
    }
  }
  auto from_of = [](uint64_t pair) { return static_cast<uint32_t>(pair >> 32); };
  auto to_of = [](uint64_t pair) { return static_cast<uint32_t>(pair); };
  // The two sides are independent: build them side by side.
  std::thread in_side(
      [&] { FillSide(parts, limit, to_of, from_of, &g->in_.offsets, &g->in_.targets); });
  FillSide(parts, limit, from_of, to_of, &g->out_.offsets, &g->out_.targets);
  in_side.join();
  return g;
}

size_t AccountGraph::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const Side* s : {&out_, &in_}) {
    bytes += s->offsets.capacity() * sizeof(uint64_t) + s->targets.capacity() * sizeof(uint32_t) +
             s->entries.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace moneytrail::query
