// RowParser: turns the fields of one input row into a validated record.
//
// Built once per file from its header (columns in any order; unknown columns
// become attributes, never dropped). Each Parse* call either fills a record or
// names the field and the reason it was refused, so that the loader can write
// "file:line: field: reason" and keep the row whole in the rejects file.
//
// Thread safety: a RowParser is immutable after construction.
#ifndef MONEYTRAIL_INGEST_RECORD_PARSER_H_
#define MONEYTRAIL_INGEST_RECORD_PARSER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/storage/store.h"

namespace moneytrail::ingest {

struct FieldError {
  std::string field;
  std::string reason;
};

struct ParseContext {
  Currency base;
  const storage::FxTable* fx = nullptr;  // for conversion to the base currency
};

// Longest field accepted; a longer one rejects its row.
inline constexpr size_t kMaxFieldBytes = 64 * 1024;

// The kind a header describes, or std::nullopt when it is none of ours.
// Transactions need tx_id; accounts account_id; parties party_id; assets
// asset_id; FX "date,currency,rate" or the ECB layout ("Date,USD,JPY,...").
std::optional<RecordKind> InferKind(const std::vector<std::string>& header);

// Converts `minor` units of `c` to the base currency at the rate valid on
// `when`'s day; false with *error (naming `field`, the currency and the date)
// when there is no rate or the result overflows.
bool ToBaseCurrency(int64_t minor, const Currency& c, Timestamp when, const ParseContext& ctx,
                    const char* field, int64_t* out, FieldError* error);

// True for the ECB reference-rate history layout.
bool IsEcbHeader(const std::vector<std::string>& header);

class RowParser {
 public:
  // Fails (DataError "file:1: header: ...") when a required column is missing,
  // a column is named twice, or a column name is empty.
  static Result<RowParser> ForHeader(RecordKind kind, const std::vector<std::string>& header,
                                     const std::string& file);

  RecordKind kind() const { return kind_; }
  size_t columns() const { return header_.size(); }

  // Each returns false and fills *error when the row is refused.
  bool ParseTransaction(const std::vector<std::string_view>& f, const ParseContext& ctx,
                        Transaction* tx, FieldError* error) const;
  bool ParseAccount(const std::vector<std::string_view>& f, const ParseContext& ctx, Account* a,
                    FieldError* error) const;
  bool ParseParty(const std::vector<std::string_view>& f, Party* p, FieldError* error) const;
  bool ParseAsset(const std::vector<std::string_view>& f, const ParseContext& ctx, Asset* a,
                  FieldError* error) const;
  // One row of "date,currency,rate", or of the ECB layout (one rate per
  // currency column; N/A and empty cells are gaps, not errors).
  bool ParseFxRates(const std::vector<std::string_view>& f, std::vector<FxRate>* rates,
                    FieldError* error) const;

 private:
  RowParser() = default;
  // Index of `name` in the header, or -1.
  int Col(std::string_view name) const;
  std::string_view Get(const std::vector<std::string_view>& f, int col) const {
    return col < 0 ? std::string_view() : f[static_cast<size_t>(col)];
  }
  void CollectAttributes(const std::vector<std::string_view>& f, Attributes* attrs) const;

  RecordKind kind_ = RecordKind::kTransactions;
  bool ecb_ = false;
  std::vector<std::string> header_;
  std::vector<bool> known_;  // per column: a FORMATS.md field of this kind
  std::vector<int> cols_;    // per known field of the kind (see record_parser.cc), its column
};

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_RECORD_PARSER_H_
