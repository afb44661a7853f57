// How the renderers name what the engine only knows by index: transaction ids,
// account holders and countries, and the currency of the amounts.
//
// Thread safety: plain values; the callbacks must be thread-safe: a large
// rendering calls them from several threads at once.
#ifndef MONEYTRAIL_ENGINE_TRACE_LABELS_H_
#define MONEYTRAIL_ENGINE_TRACE_LABELS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace moneytrail::trace {

struct AccountLabel {
  std::string holder_id;  // empty: unknown (JSON null, "-" in tables)
  std::string country;    // ISO 3166 alpha-2; empty: unknown
};

struct TraceLabels {
  std::string currency = "EUR";  // the store's base currency
  int minor_digits = 2;
  // LedgerTx::ref -> tx_id. When empty, the ref is printed in decimal.
  std::function<std::string(uint64_t ref)> tx_id;
  // Account id -> holder and country. When empty, both are unknown.
  std::function<AccountLabel(std::string_view account_id)> account;

  std::string TxId(uint64_t ref) const { return tx_id ? tx_id(ref) : std::to_string(ref); }
  AccountLabel Account(std::string_view id) const { return account ? account(id) : AccountLabel{}; }
};

// Minor units as a decimal with the labels' digits: 1234567 -> "12345.67".
std::string Money(const TraceLabels& labels, int64_t minor_units);

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_LABELS_H_
