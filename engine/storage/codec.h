// Byte encodings shared by the store's keys and values.
//
// Keys use fixed-width big-endian integers so that byte order equals numeric
// order; signed values (timestamps) are biased by 2^63 first. Values use
// LEB128 varints and length-prefixed strings: compact and easy to version.
//
// Thread safety: free functions and a value-type decoder.
#ifndef MONEYTRAIL_ENGINE_STORAGE_CODEC_H_
#define MONEYTRAIL_ENGINE_STORAGE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace moneytrail::storage {

void PutFixed32BE(std::string* dst, uint32_t v);
void PutFixed64BE(std::string* dst, uint64_t v);
// The same eight bytes written to dst[0..7], for keys built without allocating.
void EncodeFixed64BE(char* dst, uint64_t v);
void EncodeSigned64BE(char* dst, int64_t v);
uint32_t GetFixed32BE(const char* p);
uint64_t GetFixed64BE(const char* p);
// Order-preserving encoding of a signed 64-bit integer (timestamps).
void PutSigned64BE(std::string* dst, int64_t v);
int64_t GetSigned64BE(const char* p);

// Inline: a commit encodes about a dozen varints per transaction, most of
// them one byte long.
inline void PutVarint(std::string* dst, uint64_t v) {
  if (v < 0x80) {
    dst->push_back(static_cast<char>(v));
    return;
  }
  char b[10];
  int n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  dst->append(b, static_cast<size_t>(n));
}
inline void PutVarintSigned(std::string* dst, int64_t v) {  // zig-zag
  PutVarint(dst, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}
inline void PutString(std::string* dst, std::string_view s) {
  PutVarint(dst, s.size());
  dst->append(s);
}

// Reads what the Put* functions wrote, in the same order. Every Get returns
// false (and leaves the decoder failed) on truncated or malformed input, so a
// caller checks once at the end with ok().
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool GetVarint(uint64_t* v);
  bool GetVarintSigned(int64_t* v);
  bool GetString(std::string* s);
  bool GetFixed64BE(uint64_t* v);
  // The next n raw bytes, pointing into the input.
  bool GetBytes(size_t n, std::string_view* bytes);
  // The bytes not yet read.
  std::string_view remaining() const { return in_; }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

 private:
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_CODEC_H_
