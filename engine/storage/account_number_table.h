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
  std::optional<uint32_t> Find(std::string_view id) const {
    if (slots_.empty()) return std::nullopt;
    uint64_t h = Hash(id);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return std::nullopt;
      if (s.hash == h && IdOf(s) == id) return s.num;
    }
  }

  // `id` must not be in the table.
  void Insert(std::string_view id, uint32_t num) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
    Slot s{Hash(id), arena_.size(), static_cast<uint32_t>(id.size()), num};
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

  static uint64_t Hash(std::string_view id) {
    uint64_t h = std::hash<std::string_view>()(id);
    return h == 0 ? 1 : h;
  }
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
