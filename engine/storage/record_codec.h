// Value encodings of the stored records. Keys are built by the store (store.h
// documents them); these functions turn records into the bytes stored under
// those keys and back. A decode failure is Corruption, never a crash.
//
// Transactions are encoded without their timestamp and ingest sequence: those
// live in the key of the "tx" column family.
#ifndef MONEYTRAIL_ENGINE_STORAGE_RECORD_CODEC_H_
#define MONEYTRAIL_ENGINE_STORAGE_RECORD_CODEC_H_

#include <string>
#include <string_view>

#include "engine/core/records.h"
#include "engine/core/status.h"

namespace moneytrail::storage {

void EncodeTransaction(const Transaction& tx, std::string* out);
// Fills every field but `timestamp` and `seq`.
Status DecodeTransaction(std::string_view in, Transaction* tx);

// The store's form: accounts as numbers (store.h, "account numbers") instead
// of text. DecodeNumberedTransaction leaves from/to empty for the caller to fill.
void EncodeNumberedTransaction(const Transaction& tx, uint32_t from, uint32_t to, std::string* out);
Status DecodeNumberedTransaction(std::string_view in, Transaction* tx, uint32_t* from,
                                 uint32_t* to);

void EncodeAccount(const Account& a, std::string* out);
Status DecodeAccount(std::string_view in, Account* a);
void EncodeParty(const Party& p, std::string* out);
Status DecodeParty(std::string_view in, Party* p);
void EncodeAsset(const Asset& a, std::string* out);
Status DecodeAsset(std::string_view in, Asset* a);
void EncodeCase(const Case& c, std::string* out);
Status DecodeCase(std::string_view in, Case* c);
void EncodeSourceFile(const SourceFile& s, std::string* out);
Status DecodeSourceFile(std::string_view in, SourceFile* s);

}  // namespace moneytrail::storage

#endif  // MONEYTRAIL_ENGINE_STORAGE_RECORD_CODEC_H_
