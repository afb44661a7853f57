#include "ingest/record_parser.h"

#include <algorithm>
#include <array>
#include <set>

namespace moneytrail::ingest {
namespace {

struct FieldSpec {
  const char* name;
  bool required;
};

// Field lists of FORMATS.md. The position in each list is the index into cols_.
constexpr FieldSpec kTxFields[] = {
    {"tx_id", true},          {"timestamp", true}, {"from_account", true}, {"to_account", true},
    {"amount", true},         {"currency", true},  {"channel", false},     {"reference", false},
    {"end_to_end_id", false}, {"uetr", false}};
enum { kTxId, kTimestamp, kFrom, kTo, kAmount, kCurrency, kChannel, kReference, kE2e, kUetr };

constexpr FieldSpec kAccountFields[] = {
    {"account_id", true}, {"holder_id", false}, {"holder_name", false},     {"institution", false},
    {"country", false},   {"currency", false},  {"opening_balance", false}, {"opened", false},
    {"closed", false},    {"kind", false}};
enum {
  kAccId,
  kHolderId,
  kHolderName,
  kInstitution,
  kCountry,
  kAccCurrency,
  kOpening,
  kOpened,
  kClosed,
  kAccKind
};

constexpr FieldSpec kPartyFields[] = {
    {"party_id", true},     {"name", true},       {"kind", false},    {"national_id", false},
    {"phone", false},       {"email", false},     {"address", false}, {"device", false},
    {"nationality", false}, {"birth_date", false}};

constexpr FieldSpec kAssetFields[] = {
    {"asset_id", true},     {"kind", true},       {"description", true},   {"owner_id", false},
    {"value", false},       {"currency", false},  {"registry_ref", false}, {"acquired_tx", false},
    {"acquired_on", false}, {"account_id", false}};
enum {
  kAssetId,
  kAssetKind,
  kDescription,
  kOwner,
  kValue,
  kAssetCurrency,
  kRegistry,
  kAcquiredTx,
  kAcquiredOn,
  kAssetAccount
};

constexpr FieldSpec kFxFields[] = {{"date", true}, {"currency", true}, {"rate", true}};

template <size_t N>
std::vector<FieldSpec> Specs(const FieldSpec (&a)[N]) {
  return std::vector<FieldSpec>(a, a + N);
}

std::vector<FieldSpec> FieldsOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kTransactions:
      return Specs(kTxFields);
    case RecordKind::kAccounts:
      return Specs(kAccountFields);
    case RecordKind::kParties:
      return Specs(kPartyFields);
    case RecordKind::kAssets:
      return Specs(kAssetFields);
    case RecordKind::kFxRates:
      return Specs(kFxFields);
    case RecordKind::kCases:
      return {};
  }
  return {};
}

bool Fail(FieldError* e, const char* field, std::string reason) {
  e->field = field;
  e->reason = std::move(reason);
  return false;
}

bool Has(const std::vector<std::string>& h, std::string_view name) {
  return std::find(h.begin(), h.end(), name) != h.end();
}

bool IsCountryCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// Parses an amount in a currency; sets *error for field `name`.
bool ParseMoney(std::string_view text, const Currency& c, bool positive, const char* name,
                int64_t* out, FieldError* error) {
  auto r = ParseMinorUnits(text, c.minor_digits());
  if (!r.ok()) return Fail(error, name, r.status().message() + " for " + std::string(c.code()));
  if (positive && *r == 0)
    return Fail(error, name, "'" + std::string(text) + "' is zero; amounts must be positive");
  *out = *r;
  return true;
}

}  // namespace

bool ToBaseCurrency(int64_t minor, const Currency& c, Timestamp when, const ParseContext& ctx,
                    const char* field, int64_t* out, FieldError* error) {
  if (c == ctx.base) {
    *out = minor;
    return true;
  }
  std::optional<Rate> rate = ctx.fx ? ctx.fx->Find(c.code(), when.Day()) : std::nullopt;
  if (!rate) {
    return Fail(error, field,
                "no FX rate for " + std::string(c.code()) + " on or before " + FormatDate(when) +
                    " (load an fx file with that rate first)");
  }
  auto converted = ConvertToBase(minor, c.minor_digits(), *rate, ctx.base.minor_digits());
  if (!converted.ok()) return Fail(error, field, converted.status().message());
  *out = *converted;
  return true;
}

bool IsEcbHeader(const std::vector<std::string>& h) {
  if (h.size() < 2 || h[0] != "Date") return false;
  for (size_t i = 1; i < h.size(); ++i) {
    if (h[i].empty() && i + 1 == h.size()) continue;  // the ECB file's trailing comma
    if (h[i].size() != 3) return false;
  }
  return true;
}

std::optional<RecordKind> InferKind(const std::vector<std::string>& h) {
  if (Has(h, "tx_id")) return RecordKind::kTransactions;
  if (Has(h, "asset_id")) return RecordKind::kAssets;
  if (Has(h, "party_id")) return RecordKind::kParties;
  if (Has(h, "account_id")) return RecordKind::kAccounts;
  if (Has(h, "case_id")) return RecordKind::kCases;
  if ((Has(h, "date") && Has(h, "currency") && Has(h, "rate")) || IsEcbHeader(h))
    return RecordKind::kFxRates;
  return std::nullopt;
}

Result<RowParser> RowParser::ForHeader(RecordKind kind, const std::vector<std::string>& header,
                                       const std::string& file) {
  RowParser p;
  p.kind_ = kind;
  p.header_ = header;
  p.known_.assign(header.size(), false);
  std::set<std::string_view> seen;
  for (size_t i = 0; i < header.size(); ++i) {
    bool trailing_empty = header[i].empty() && i + 1 == header.size();
    if (header[i].empty() && !trailing_empty) {
      return Status::DataError(file + ":1: header: column " + std::to_string(i + 1) +
                               " has no name");
    }
    if (!trailing_empty && !seen.insert(header[i]).second) {
      return Status::DataError(file + ":1: header: column '" + header[i] + "' appears twice");
    }
  }
  if (kind == RecordKind::kFxRates && IsEcbHeader(header)) {
    p.ecb_ = true;
    return p;
  }
  for (const FieldSpec& spec : FieldsOf(kind)) {
    int col = -1;
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == spec.name) col = static_cast<int>(i);
    }
    if (col < 0 && spec.required) {
      return Status::DataError(file + ":1: header: missing required column '" + spec.name +
                               "' for " + std::string(RecordKindName(kind)));
    }
    if (col >= 0) p.known_[static_cast<size_t>(col)] = true;
    p.cols_.push_back(col);
  }
  return p;
}

int RowParser::Col(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void RowParser::CollectAttributes(const std::vector<std::string_view>& f, Attributes* attrs) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (!known_[i] && !header_[i].empty()) attrs->emplace_back(header_[i], std::string(f[i]));
  }
}

bool RowParser::ParseTransaction(const std::vector<std::string_view>& f, const ParseContext& ctx,
                                 Transaction* tx, FieldError* error) const {
  std::string_view id = Get(f, cols_[kTxId]);
  if (id.empty()) return Fail(error, "tx_id", "is empty");
  auto ts = ParseTimestamp(Get(f, cols_[kTimestamp]));
  if (!ts.ok()) return Fail(error, "timestamp", ts.status().message());
  std::string_view code = Get(f, cols_[kCurrency]);
  auto currency = Currency::FromCode(code);
  if (!currency)
    return Fail(error, "currency", "'" + std::string(code) + "' is not an ISO 4217 currency code");
  int64_t minor = 0;
  if (!ParseMoney(Get(f, cols_[kAmount]), *currency, true, "amount", &minor, error)) return false;
  std::string_view from = Get(f, cols_[kFrom]), to = Get(f, cols_[kTo]);
  if (IsCashAccount(from) && IsCashAccount(to)) {
    return Fail(error, "to_account",
                "both sides are cash; a transaction needs at least one account");
  }
  int64_t base = 0;
  if (!ToBaseCurrency(minor, *currency, *ts, ctx, "currency", &base, error)) return false;
  if (base <= 0)
    return Fail(error, "amount", "converts to zero in " + std::string(ctx.base.code()));
  tx->tx_id.assign(id);
  tx->timestamp = *ts;
  tx->from_account.assign(from);
  tx->to_account.assign(to);
  tx->amount = Amount{minor, *currency};
  tx->base_minor = base;
  tx->channel.assign(Get(f, cols_[kChannel]));
  tx->reference.assign(Get(f, cols_[kReference]));
  tx->end_to_end_id.assign(Get(f, cols_[kE2e]));
  tx->uetr.assign(Get(f, cols_[kUetr]));
  tx->attributes.clear();
  CollectAttributes(f, &tx->attributes);
  return true;
}

bool RowParser::ParseAccount(const std::vector<std::string_view>& f, const ParseContext& ctx,
                             Account* a, FieldError* error) const {
  *a = Account();
  a->account_id.assign(Get(f, cols_[kAccId]));
  if (a->account_id.empty()) return Fail(error, "account_id", "is empty");
  if (IsCashAccount(a->account_id)) return Fail(error, "account_id", "'CASH' is reserved for cash");
  a->holder_id.assign(Get(f, cols_[kHolderId]));
  a->holder_name.assign(Get(f, cols_[kHolderName]));
  a->institution.assign(Get(f, cols_[kInstitution]));
  a->country.assign(Get(f, cols_[kCountry]));
  if (!a->country.empty() && !IsCountryCode(a->country)) {
    return Fail(error, "country", "'" + a->country + "' is not an ISO 3166 alpha-2 code");
  }
  a->currency.assign(Get(f, cols_[kAccCurrency]));
  Currency currency = ctx.base;
  if (!a->currency.empty()) {
    auto c = Currency::FromCode(a->currency);
    if (!c)
      return Fail(error, "currency", "'" + a->currency + "' is not an ISO 4217 currency code");
    currency = *c;
  }
  a->opened.assign(Get(f, cols_[kOpened]));
  a->closed.assign(Get(f, cols_[kClosed]));
  Timestamp opened_at{0};
  if (!a->opened.empty()) {
    auto d = ParseTimestamp(a->opened);
    if (!d.ok()) return Fail(error, "opened", d.status().message());
    opened_at = *d;
  }
  if (!a->closed.empty()) {
    auto d = ParseTimestamp(a->closed);
    if (!d.ok()) return Fail(error, "closed", d.status().message());
  }
  a->opening_balance.assign(Get(f, cols_[kOpening]));
  if (!a->opening_balance.empty()) {
    int64_t minor = 0;
    if (!ParseMoney(a->opening_balance, currency, false, "opening_balance", &minor, error))
      return false;
    // Converted at the rate of the opening date (or the earliest rate when no date is given).
    if (!ToBaseCurrency(minor, currency, a->opened.empty() ? Timestamp{INT64_MAX / 2} : opened_at,
                        ctx, "opening_balance", &a->opening_balance_base, error)) {
      return false;
    }
  }
  a->kind.assign(Get(f, cols_[kAccKind]));
  CollectAttributes(f, &a->attributes);
  return true;
}

bool RowParser::ParseParty(const std::vector<std::string_view>& f, Party* p,
                           FieldError* error) const {
  *p = Party();
  std::string* targets[] = {&p->party_id, &p->name,    &p->kind,   &p->national_id, &p->phone,
                            &p->email,    &p->address, &p->device, &p->nationality, &p->birth_date};
  for (size_t i = 0; i < std::size(targets); ++i) targets[i]->assign(Get(f, cols_[i]));
  if (p->party_id.empty()) return Fail(error, "party_id", "is empty");
  if (p->name.empty()) return Fail(error, "name", "is empty");
  if (!p->birth_date.empty()) {
    auto d = ParseDate(p->birth_date);
    if (!d.ok()) return Fail(error, "birth_date", d.status().message());
  }
  CollectAttributes(f, &p->attributes);
  return true;
}

bool RowParser::ParseAsset(const std::vector<std::string_view>& f, const ParseContext& ctx,
                           Asset* a, FieldError* error) const {
  static const std::set<std::string_view> kKinds = {"real_estate", "vehicle",  "crypto",
                                                    "securities",  "business", "other"};
  *a = Asset();
  std::string* targets[] = {&a->asset_id,    &a->kind,      &a->description,  &a->owner_id,
                            &a->value,       &a->currency,  &a->registry_ref, &a->acquired_tx,
                            &a->acquired_on, &a->account_id};
  for (size_t i = 0; i < std::size(targets); ++i) targets[i]->assign(Get(f, cols_[i]));
  if (a->asset_id.empty()) return Fail(error, "asset_id", "is empty");
  if (!kKinds.count(a->kind)) {
    return Fail(error, "kind",
                "'" + a->kind +
                    "' is not one of real_estate, vehicle, crypto, securities, business, other");
  }
  if (a->description.empty()) return Fail(error, "description", "is empty");
  Currency currency = ctx.base;
  if (!a->currency.empty()) {
    auto c = Currency::FromCode(a->currency);
    if (!c)
      return Fail(error, "currency", "'" + a->currency + "' is not an ISO 4217 currency code");
    currency = *c;
  }
  if (!a->value.empty()) {
    int64_t minor;
    if (!ParseMoney(a->value, currency, false, "value", &minor, error)) return false;
  }
  if (!a->acquired_on.empty()) {
    auto d = ParseTimestamp(a->acquired_on);
    if (!d.ok()) return Fail(error, "acquired_on", d.status().message());
  }
  CollectAttributes(f, &a->attributes);
  return true;
}

bool RowParser::ParseFxRates(const std::vector<std::string_view>& f, std::vector<FxRate>* rates,
                             FieldError* error) const {
  rates->clear();
  if (ecb_) {
    auto date = ParseDate(f[0]);
    if (!date.ok()) return Fail(error, "Date", date.status().message());
    for (size_t i = 1; i < header_.size(); ++i) {
      if (header_[i].empty() || f[i].empty() || f[i] == "N/A") continue;
      auto rate = ParseRate(f[i]);
      if (!rate.ok()) {
        error->field = header_[i];
        error->reason = rate.status().message();
        return false;
      }
      // Currencies we do not know (none today) are kept out rather than guessed.
      if (!Currency::FromCode(header_[i])) continue;
      rates->push_back(FxRate{header_[i], *date, *rate});
    }
    return true;
  }
  auto date = ParseDate(Get(f, cols_[0]));
  if (!date.ok()) return Fail(error, "date", date.status().message());
  std::string_view code = Get(f, cols_[1]);
  if (!Currency::FromCode(code))
    return Fail(error, "currency", "'" + std::string(code) + "' is not an ISO 4217 currency code");
  auto rate = ParseRate(Get(f, cols_[2]));
  if (!rate.ok()) return Fail(error, "rate", rate.status().message());
  rates->push_back(FxRate{std::string(code), *date, *rate});
  return true;
}

}  // namespace moneytrail::ingest
