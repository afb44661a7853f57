#include "engine/trace/ledger.h"

#include <algorithm>

namespace moneytrail::trace::internal {

void SegmentLedger::TakeAll(Parts* out) {
  for (size_t i = head_; i < segs_.size(); ++i) out->Add(segs_[i].amount, segs_[i].colour);
  Clear();
}

void SegmentLedger::TakeOldest(int64_t amount, Parts* out) {
  while (amount > 0) {
    assert(!empty());
    Part& front = segs_[head_];
    int64_t take = std::min(amount, front.amount);
    out->Add(take, front.colour);
    amount -= take;
    front.amount -= take;
    if (front.amount == 0) ++head_;
  }
  if (head_ == segs_.size()) {
    Clear();
  } else if (head_ >= 16 && head_ * 2 >= segs_.size()) {
    segs_.erase(segs_.begin(), segs_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

void SegmentLedger::TakeNewest(int64_t amount, Parts* out) {
  if (amount == 0) return;
  // Find the oldest segment the debit reaches, then emit in ledger order.
  size_t first = segs_.size();
  int64_t from_first = amount;  // what the debit takes from segs_[first]
  while (from_first > 0) {
    assert(first > head_);
    --first;
    if (segs_[first].amount >= from_first) break;
    from_first -= segs_[first].amount;
  }
  out->Add(from_first, segs_[first].colour);
  for (size_t i = first + 1; i < segs_.size(); ++i) out->Add(segs_[i].amount, segs_[i].colour);
  segs_[first].amount -= from_first;
  segs_.resize(segs_[first].amount == 0 ? first : first + 1);
  if (head_ >= segs_.size()) Clear();
}

int64_t SegmentLedger::Total() const {
  int64_t total = 0;
  for (size_t i = head_; i < segs_.size(); ++i) total += segs_[i].amount;
  return total;
}

void SplitLargestRemainder(int64_t amount, std::span<const int64_t> weights,
                           std::vector<int64_t>* shares, SplitScratch* scratch) {
  shares->assign(weights.size(), 0);
  Int128 total = 0;
  for (int64_t w : weights) total += w;
  if (total == 0 || amount == 0) {
    assert(amount == 0);
    return;
  }
  assert(amount <= total);
  // Remainders are < total <= Σ weights, which fits int64 (it is a balance).
  std::vector<int64_t>& remainders = scratch->remainders;
  std::vector<uint32_t>* order = &scratch->order;
  remainders.assign(weights.size(), 0);
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    Int128 product = static_cast<Int128>(amount) * weights[i];
    (*shares)[i] = static_cast<int64_t>(product / total);
    remainders[i] = static_cast<int64_t>(product % total);
    assigned += (*shares)[i];
  }
  int64_t left = amount - assigned;  // < number of nonzero remainders
  if (left == 0) return;
  order->clear();
  for (uint32_t i = 0; i < weights.size(); ++i) {
    if (remainders[i] > 0) order->push_back(i);
  }
  std::sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
    return remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b;
  });
  assert(static_cast<size_t>(left) < order->size() + 1);
  for (int64_t k = 0; k < left; ++k) ++(*shares)[(*order)[static_cast<size_t>(k)]];
}

}  // namespace moneytrail::trace::internal
