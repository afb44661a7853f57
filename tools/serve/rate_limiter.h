// RateLimiter: a token bucket per key (a user, or an address before sign-in).
// Each key may make `burst` requests at once and `per_second` a second after
// that; a request over the limit is told how long to wait.
//
// Thread safety: all methods may be called from any thread.
#ifndef MONEYTRAIL_TOOLS_SERVE_RATE_LIMITER_H_
#define MONEYTRAIL_TOOLS_SERVE_RATE_LIMITER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace moneytrail::serve {

struct RateLimit {
  double per_second = 50;  // sustained requests per second; 0 = no limit
  double burst = 100;      // requests allowed at once
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit RateLimiter(RateLimit limit, Clock clock = {});

  // Takes one request's token for `key`. 0 when the request may go ahead;
  // otherwise the whole seconds to wait (>= 1, for Retry-After), and
  // nothing is taken.
  int64_t Acquire(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };
  RateLimit limit_;
  Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_RATE_LIMITER_H_
