// Internal to engine/trace: the building blocks of the replay. Not a public API.
//
// Colours are small dense integers: 0 is clean, claimant c is c + 1, so that
// numeric order is the spec's colour order (clean first, then claimants by id).
#ifndef MONEYTRAIL_ENGINE_TRACE_LEDGER_H_
#define MONEYTRAIL_ENGINE_TRACE_LEDGER_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace moneytrail::trace::internal {

// 128-bit intermediates for products of amounts (pro-rata shares, sums of sums).
__extension__ typedef __int128 Int128;

using Colour = uint32_t;
inline constexpr Colour kClean = 0;
inline Colour ColourOf(uint32_t claimant) { return claimant + 1; }
inline uint32_t ClaimantOf(Colour colour) { return colour - 1; }

struct Part {
  int64_t amount;
  Colour colour;
};

// The parts of one debit, in the order they travel (rule 3). Adjacent parts of
// one colour merge; zero amounts are dropped. Reused across transactions so
// that the replay does not allocate per transaction.
//
// Under poison the parts are flags: one part per colour, each carrying the
// whole debit, and tainted() is the debit, not the sum of the parts.
class Parts {
 public:
  void Clear() {
    items_.clear();
    tainted_ = 0;
  }
  void Add(int64_t amount, Colour colour) {
    if (amount == 0) return;
    assert(amount > 0);
    if (!items_.empty() && items_.back().colour == colour) {
      items_.back().amount += amount;
    } else {
      items_.push_back({amount, colour});
    }
    if (colour != kClean) tainted_ += amount;
  }
  // Poison: `amount` flagged by each colour of `colours` (tainted colours only).
  void SetFlags(int64_t amount, std::span<const Colour> colours) {
    Clear();
    for (Colour c : colours) items_.push_back({amount, c});
    tainted_ = colours.empty() ? 0 : amount;
  }
  std::span<const Part> items() const { return items_; }
  int64_t tainted() const { return tainted_; }

 private:
  std::vector<Part> items_;
  int64_t tainted_ = 0;
};

// An account's ledger as segments, oldest first, for fifo and lifo. Only an
// account that holds taint has one; a clean account is just its balance.
// Removal from the oldest end advances `head_` and compacts now and then, so
// both ends are amortised O(1).
class SegmentLedger {
 public:
  // Starts over with one clean segment of `clean` (nothing when 0).
  void Reset(int64_t clean) {
    segs_.clear();
    head_ = 0;
    if (clean > 0) segs_.push_back({clean, kClean});
  }
  void Clear() { Reset(0); }
  bool empty() const { return head_ == segs_.size(); }

  // Appends at the newest end, merging with a segment of the same colour.
  void Append(int64_t amount, Colour colour) {
    if (amount == 0) return;
    if (!empty() && segs_.back().colour == colour) {
      segs_.back().amount += amount;
    } else {
      segs_.push_back({amount, colour});
    }
  }

  // Moves everything into `out`, oldest first, and empties the ledger.
  void TakeAll(Parts* out);
  // Takes `amount` (<= Total()) from the oldest end.
  void TakeOldest(int64_t amount, Parts* out);
  // Takes `amount` (<= Total()) from the newest end; the parts keep ledger order.
  void TakeNewest(int64_t amount, Parts* out);

  int64_t Total() const;
  size_t size() const { return segs_.size() - head_; }

 private:
  std::vector<Part> segs_;
  size_t head_ = 0;
};

// Splits `amount` (0 <= amount <= Σ weights) in proportion to `weights` by the
// largest-remainder method: floors first, then one more unit to each of the
// largest remainders, ties to the lower index. `shares` gets one entry per
// weight and sums to `amount` exactly. `scratch` is reused between calls.
struct SplitScratch {
  std::vector<int64_t> remainders;
  std::vector<uint32_t> order;
};
void SplitLargestRemainder(int64_t amount, std::span<const int64_t> weights,
                           std::vector<int64_t>* shares, SplitScratch* scratch);

}  // namespace moneytrail::trace::internal

#endif  // MONEYTRAIL_ENGINE_TRACE_LEDGER_H_
