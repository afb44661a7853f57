#include "engine/core/records.h"

namespace moneytrail {
namespace {
constexpr std::pair<RecordKind, std::string_view> kNames[] = {
    {RecordKind::kTransactions, "transactions"},
    {RecordKind::kAccounts, "accounts"},
    {RecordKind::kParties, "parties"},
    {RecordKind::kAssets, "assets"},
    {RecordKind::kCases, "cases"},
    {RecordKind::kFxRates, "fx"},
};
}  // namespace

std::string_view RecordKindName(RecordKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<RecordKind> RecordKindFromName(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  if (name == "fx-rates" || name == "fx_rates" || name == "rates") return RecordKind::kFxRates;
  return std::nullopt;
}

}  // namespace moneytrail
