// SHA-256 of byte streams, as lower-case hex. Backed by OpenSSL's EVP API;
// never a hand-written hash.
//
// Thread safety: a Sha256 object is not; separate objects are independent.
#ifndef MONEYTRAIL_ENGINE_CORE_SHA256_H_
#define MONEYTRAIL_ENGINE_CORE_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace moneytrail {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything updated so far, as 64 hex digits. Ends the object's use.
  std::string HexDigest();

  static std::string Of(std::string_view bytes);

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// `bytes` as lower-case hex, two digits a byte (digests, keys in messages).
std::string ToHex(std::string_view bytes);

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_SHA256_H_
