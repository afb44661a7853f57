// Internal to engine/storage: account id → account number, the map a bulk
// load consults twice per transaction, and number → id, the one a reader
// naming the accounts of a trace consults.
//
// Open addressing over 24-byte slots that hold the id's hash and where its
// bytes sit in one arena, so a lookup costs one slot probe and one compare.
// std::unordered_map<std::string, ...> took four dependent cache misses per
// lookup (bucket, node, hash, heap string): a seventh of a bulk load.
//
// Insert-only: a commit that fails rebuilds the table without its numbers
// (ForgetFrom).
// Not thread-safe; Store::Impl holds it under its names mutex.
#ifndef MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_
#define MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/huge_pages.h"

namespace moneytrail::storage {

class AccountNumberTable {
 public:
  std::optional<uint32_t> Find(std::string_view id) const { return Find(id, Hash(id)); }
  // As Find(id), with `hash` == Hash(id) computed by the caller.
  std::optional<uint32_t> Find(std::string_view id, uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return std::nullopt;
      if (s.hash == hash && Bytes(s) == id) return s.num;
    }
  }

  // The id numbered `num`, the other way round. Valid until the table changes.
  std::optional<std::string_view> IdOf(uint32_t num) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = NumHash(num) & mask_;; i = (i + 1) & mask_) {
      if (by_num_[i] == 0) return std::nullopt;
      const Slot& s = slots_[by_num_[i] - 1];
      if (s.num == num) return Bytes(s);
    }
  }

  // A lookup costs two dependent cache misses (the slot, then the id's bytes
  // in the arena). A caller with many ids hides them by calling, some ids
  // ahead of Find(), PrefetchSlot() and then, a few ids later, PrefetchId():
  // the second reads the slot the first fetched. Both are hints only.
  void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  void PrefetchId(uint64_t hash) const {
    if (slots_.empty()) return;
    const Slot& s = slots_[hash & mask_];
    if (s.hash == hash) __builtin_prefetch(arena_.data() + s.offset);
  }

  static uint64_t Hash(std::string_view id) {
    uint64_t h = std::hash<std::string_view>()(id);
    return h == 0 ? 1 : h;
  }

  // Maps `id` and `num` to each other. Neither may be in the table yet: a
  // store numbers its accounts one to one.
  void Insert(std::string_view id, uint32_t num) { Insert(id, Hash(id), num); }
  void Insert(std::string_view id, uint64_t hash, uint32_t num) {
    if (Full(1)) Grow(slots_.size() * 2);
    Place(Append(id, hash, num));
    ++size_;
  }

  // A load of a whole store's ids, in number order. Stage() copies the id in
  // and prefetches its slot; the id is placed kStageAhead ids later (by then
  // the slot is in cache: placing each at once waited on a miss per id), or
  // by PlaceStaged(), which must come before any other call. A pair whose id
  // or number is already placed is left out, and the first such number is
  // kept in conflict() (a store numbers its accounts one to one).
  void Stage(std::string_view id, uint32_t num) {
    const uint64_t hash = Hash(id);
    if (Full(staged_.size() + 1)) {
      PlaceStaged();
      Grow(slots_.size() * 2);
    }
    __builtin_prefetch(&slots_[hash & mask_]);
    staged_.push_back(Append(id, hash, num));
    if (staged_.size() > kStageAhead) {
      PlaceChecked(staged_.front());
      staged_.pop_front();
    }
  }
  void PlaceStaged() {
    for (const Slot& s : staged_) PlaceChecked(s);
    staged_.clear();
  }
  std::optional<uint32_t> conflict() const { return conflict_; }

  // Room for `ids` ids of `bytes` bytes in all without growing (a load that
  // knows how many it reads).
  void Reserve(size_t ids, size_t bytes) {
    size_t want = kMinSlots;
    while ((ids + 1) * 4 > want * 3) want *= 2;
    if (want > slots_.size()) Grow(want);
    arena_.reserve(bytes);
    AdviseHugePages(arena_.data(), arena_.capacity());
  }

  // Drops every number >= `first` and its id (a commit that failed).
  void ForgetFrom(uint32_t first) {
    AccountNumberTable kept;
    kept.Reserve(size_, arena_.size());
    for (const Slot& s : slots_) {
      if (s.hash != 0 && s.num < first) kept.Insert(Bytes(s), s.hash, s.num);
    }
    *this = std::move(kept);
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash;  // 0: empty
    uint64_t offset;
    uint32_t length;
    uint32_t num;
  };

  // Numbers are handed out densely from 2: as their own hash they never
  // collide, and a load in number order writes by_num_ front to back.
  static uint64_t NumHash(uint32_t num) { return num; }

  std::string_view Bytes(const Slot& s) const {
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  static constexpr size_t kStageAhead = 16;
  static constexpr size_t kMinSlots = 1024;

  // Whether `more` ids would fill the slots past three quarters.
  bool Full(size_t more) const { return (size_ + more) * 4 > slots_.size() * 3; }
  // Copies the id into the arena; the slot that will point at it.
  Slot Append(std::string_view id, uint64_t hash, uint32_t num) {
    Slot s{hash, arena_.size(), static_cast<uint32_t>(id.size()), num};
    arena_.append(id);
    return s;
  }

  void PlaceChecked(const Slot& s) {
    if (IdOf(s.num) || Find(Bytes(s), s.hash)) {
      if (!conflict_) conflict_ = s.num;
      return;
    }
    Place(s);
    ++size_;
  }
  void Place(const Slot& s) {
    size_t i = s.hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = s;
    size_t j = NumHash(s.num) & mask_;
    while (by_num_[j] != 0) j = (j + 1) & mask_;
    by_num_[j] = static_cast<uint32_t>(i + 1);
  }
  void Grow(size_t slots) {
    slots = std::max(slots, kMinSlots);
    std::vector<Slot> old = std::move(slots_);
    // Advised before they are first written: each is tens of MiB for a few
    // million accounts, touched at random, and on a VM a 4 KiB page fault
    // costs microseconds (loading the 10 M demo store's 210,000 ids faulted
    // 3,500 times here).
    slots_.reserve(slots);
    by_num_ = std::vector<uint32_t>();  // rebuilt from the slots below, not copied
    by_num_.reserve(slots);
    AdviseHugePages(slots_.data(), slots * sizeof(Slot));
    AdviseHugePages(by_num_.data(), slots * sizeof(uint32_t));
    slots_.assign(slots, Slot{0, 0, 0, 0});
    by_num_.assign(slots, 0);
    mask_ = slots - 1;
    for (const Slot& s : old) {
      if (s.hash != 0) Place(s);
    }
  }

  std::vector<Slot> slots_;
  // Open addressing by number over the same capacity: 1 + the index of the
  // number's slot, or 0 for empty. Slots only move when both are rebuilt.
  std::vector<uint32_t> by_num_;
  std::string arena_;
  size_t mask_ = 0;
  size_t size_ = 0;
  std::deque<Slot> staged_;  // Stage()d, not yet placed
  std::optional<uint32_t> conflict_;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_
