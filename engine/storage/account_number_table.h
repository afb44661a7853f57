// Internal to engine/storage: account id → account number, the map a bulk
// load consults twice per transaction.
//
// Open addressing over 24-byte slots that hold the id's hash and where its
// bytes sit in one arena, so a lookup costs one slot probe and one compare.
// std::unordered_map<std::string, ...> took four dependent cache misses per
// lookup (bucket, node, hash, heap string): a seventh of a bulk load.
//
// Insert-only: a commit that fails rebuilds the table without its numbers.
// Not thread-safe; Store::Impl holds it under its names mutex.
#ifndef MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_
#define MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
      if (s.hash == hash && IdOf(s) == id) return s.num;
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

  // `id` must not be in the table.
  void Insert(std::string_view id, uint32_t num) { Insert(id, Hash(id), num); }
  void Insert(std::string_view id, uint64_t hash, uint32_t num) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    Slot s{hash, arena_.size(), static_cast<uint32_t>(id.size()), num};
    arena_.append(id);
    Place(s);
    ++size_;
  }

  void Clear() {
    slots_.clear();
    arena_.clear();
    mask_ = size_ = 0;
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash;  // 0: empty
    uint64_t offset;
    uint32_t length;
    uint32_t num;
  };

  std::string_view IdOf(const Slot& s) const {
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  void Place(const Slot& s) {
    for (size_t i = s.hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].hash == 0) {
        slots_[i] = s;
        return;
      }
    }
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{0, 0, 0, 0});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.hash != 0) Place(s);
    }
  }

  std::vector<Slot> slots_;
  std::string arena_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_ACCOUNT_NUMBER_TABLE_H_
