// Rng: the demo generator's only source of randomness.
//
// SplitMix64 with our own integer mappings, because std::uniform_*_distribution
// differs between standard libraries and the demo data must be byte-identical on
// every platform for the same seed. No floating point: amounts are money.
//
// Thread safety: a plain value; one instance per thread.
#ifndef MONEYTRAIL_TOOLS_DEMO_RNG_H_
#define MONEYTRAIL_TOOLS_DEMO_RNG_H_

#include <cstdint>

namespace moneytrail::demo {

// 128-bit integers (a GCC/Clang extension) for exact products of 64-bit values.
__extension__ using Uint128 = unsigned __int128;
__extension__ using Int128 = __int128;

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  // An independent stream for `purpose` (e.g. one per day), so that changing how
  // many numbers one part draws does not shift every later part.
  static Rng Stream(uint64_t seed, uint64_t purpose) {
    Rng mix(seed ^ (purpose * 0xD1B54A32D192ED03ULL));
    return Rng(mix.Next() ^ purpose);
  }

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) by Lemire's multiply-shift; n == 0 yields 0. The tiny bias
  // (< n / 2^64) is irrelevant for synthetic data and keeps the stream fixed.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<Uint128>(Next()) * n) >> 64);
  }

  // Uniform in [lo, hi], both inclusive; requires lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability permille / 1000.
  bool Chance(uint32_t permille) { return Below(1000) < permille; }

 private:
  uint64_t state_;
};

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_RNG_H_
