// The asset purchases' places in the replay, and the index that keeps them.
//
// A trace needs to know which transactions bought an asset (rule 7), by
// their place in the replay, and an asset names its purchase by tx id. Looking
// the ids up is one batched read of the txid family, made by every process
// before its first case: 32 ms for the 10 M demo store's 1,500 assets, 280 ms
// at 100 M with a cold page cache. So a writer keeps the answer in the ledger
// family, key "p" (derived data, like the snapshot beside it):
//
//   version byte (1), then the SHA-256 (64 hex digits) of what the index was built
//   from, then a varint count, then per asset in asset id order: its id (varint
//   length, bytes), a byte 1 and the purchase's timestamp (i64 BE) and seq
//   (u64 BE) when the store holds the transaction, or a byte 0.
//
// What it was built from is the stored next_seq and each asset's id and
// acquired_tx, in order. A reader scans the assets anyway (5 ms there), so it
// recomputes that digest and uses the index only when it matches: an asset
// loaded or changed since, or a transaction loaded since (one may be a purchase
// that was missing), makes the index stale, never wrong, and the reader looks
// the ids up as before. Commit() need not know about it.
#include <rocksdb/db.h>

#include <string>
#include <vector>

#include "engine/core/sha256.h"
#include "engine/storage/codec.h"
#include "engine/storage/store.h"
#include "engine/storage/store_impl.h"

namespace moneytrail::storage {

namespace {

constexpr std::string_view kPurchaseIndexKey = "p";
constexpr char kPurchaseIndexVersion = 1;

struct Bought {
  std::string asset_id;
  std::string tx_id;
};

// Every asset that names its purchase, in asset id order, and the digest of
// those and of the stored next_seq.
Status ReadBought(const Store& store, const Store::Impl& im, std::vector<Bought>* bought,
                  std::string* digest) {
  RETURN_IF_ERROR(store.ForEachAsset([&](const Asset& a) {
    if (!a.acquired_tx.empty()) bought->push_back({a.asset_id, a.acquired_tx});
    return true;
  }));
  ASSIGN_OR_RETURN(const uint64_t next_seq, im.StoredNextSeq());
  std::string head;
  PutFixed64BE(&head, next_seq);
  Sha256 h;
  h.Update(head);
  std::string item;
  for (const Bought& b : *bought) {
    item.clear();
    PutString(&item, b.asset_id);
    PutString(&item, b.tx_id);
    h.Update(item);
  }
  *digest = h.HexDigest();
  return Status::Ok();
}

std::string EncodeIndex(const std::string& digest, const std::vector<Bought>& bought,
                        const std::vector<std::optional<Store::TxPosition>>& at) {
  std::string v(1, kPurchaseIndexVersion);
  v += digest;
  PutVarint(&v, bought.size());
  for (size_t i = 0; i < bought.size(); ++i) {
    PutString(&v, bought[i].asset_id);
    v.push_back(at[i] ? 1 : 0);
    if (at[i]) {
      PutSigned64BE(&v, at[i]->timestamp.micros);
      PutFixed64BE(&v, at[i]->seq);
    }
  }
  return v;
}

// The places the index holds for `bought`, or false when it is of another
// version, was built from something else, or does not decode.
bool DecodeIndex(std::string_view value, const std::string& digest,
                 const std::vector<Bought>& bought,
                 std::vector<std::optional<Store::TxPosition>>* at) {
  Decoder d(value);
  std::string_view version, built_from;
  uint64_t count = 0;
  if (!d.GetBytes(1, &version) || version[0] != kPurchaseIndexVersion ||
      !d.GetBytes(digest.size(), &built_from) || built_from != digest || !d.GetVarint(&count) ||
      count != bought.size()) {
    return false;
  }
  at->assign(bought.size(), std::nullopt);
  for (size_t i = 0; i < bought.size(); ++i) {
    std::string id;
    std::string_view held, ts;
    uint64_t seq = 0;
    if (!d.GetString(&id) || id != bought[i].asset_id || !d.GetBytes(1, &held)) return false;
    if (held[0] == 0) continue;
    if (held[0] != 1 || !d.GetBytes(8, &ts) || !d.GetFixed64BE(&seq)) return false;
    (*at)[i] = Store::TxPosition{Timestamp{GetSigned64BE(ts.data())}, seq};
  }
  return d.done();
}

// The places from the index when it is current; false when it is not.
Result<bool> FromIndex(const Store::Impl& im, const std::string& digest,
                       const std::vector<Bought>& bought,
                       std::vector<std::optional<Store::TxPosition>>* at) {
  if (im.cfs[kLedger] == nullptr) return false;  // a read-only store from before the family
  ASSIGN_OR_RETURN(auto index, im.Get(kLedger, kPurchaseIndexKey));
  return index && DecodeIndex(*index, digest, bought, at);
}

Status LookUp(const Store& store, const std::vector<Bought>& bought,
              std::vector<std::optional<Store::TxPosition>>* at) {
  std::vector<std::string> ids;
  ids.reserve(bought.size());
  for (const Bought& b : bought) ids.push_back(b.tx_id);
  return store.PositionsOf(ids, at);
}

}  // namespace

Result<std::vector<Store::AssetPurchase>> Store::AssetPurchases() const {
  const Impl& im = *impl_;
  std::vector<Bought> bought;
  std::string digest;
  RETURN_IF_ERROR(ReadBought(*this, im, &bought, &digest));
  std::vector<std::optional<TxPosition>> at;
  ASSIGN_OR_RETURN(const bool indexed, FromIndex(im, digest, bought, &at));
  if (!indexed) RETURN_IF_ERROR(LookUp(*this, bought, &at));
  std::vector<AssetPurchase> out;
  out.reserve(bought.size());
  for (size_t i = 0; i < bought.size(); ++i) out.push_back({std::move(bought[i].asset_id), at[i]});
  return out;
}

Result<bool> Store::PurchaseIndexCurrent() const {
  std::vector<Bought> bought;
  std::string digest;
  RETURN_IF_ERROR(ReadBought(*this, *impl_, &bought, &digest));
  std::vector<std::optional<TxPosition>> at;
  return FromIndex(*impl_, digest, bought, &at);
}

Result<bool> Store::BuildPurchaseIndex() {
  Impl& im = *impl_;
  if (im.read_only) return Status::Usage("cannot index the purchases of a store opened read-only");
  if (im.cfs[kLedger] == nullptr) return false;  // a ledger build failed half-way
  std::vector<Bought> bought;
  std::string digest;
  RETURN_IF_ERROR(ReadBought(*this, im, &bought, &digest));
  std::vector<std::optional<TxPosition>> at;
  ASSIGN_OR_RETURN(const bool current, FromIndex(im, digest, bought, &at));
  if (current) return false;
  RETURN_IF_ERROR(LookUp(*this, bought, &at));
  rocksdb::WriteOptions synced;
  synced.sync = true;
  RETURN_IF_ERROR(FromRocks(
      im.db->Put(synced, im.cfs[kLedger], kPurchaseIndexKey, EncodeIndex(digest, bought, at)),
      "writing the purchase index of " + im.path));
  return true;
}

}  // namespace moneytrail::storage
