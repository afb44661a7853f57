// Asset facts: what the trace says went into each asset bought with proceeds,
// and the claim on it both ways Foskett v McKeown allows: a lien for the
// tainted money paid, or the same proportion of the asset's declared value.
#include <optional>

#include "engine/core/amount.h"
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

// The asset's declared value in the base currency, std::nullopt when it has
// none or it cannot be converted (no rate for its currency on `day`).
Result<std::optional<int64_t>> DeclaredValue(const EvalContext& ctx, const Asset& asset,
                                             int64_t day, const storage::FxTable& fx) {
  if (asset.value.empty()) return std::optional<int64_t>();
  const Currency& base = ctx.store->base_currency();
  std::string code = asset.currency.empty() ? std::string(base.code()) : asset.currency;
  auto cur = Currency::FromCode(code);
  if (!cur) return std::optional<int64_t>();
  auto minor = ParseMinorUnits(asset.value, cur->minor_digits());
  if (!minor.ok()) return std::optional<int64_t>();
  if (*cur == base) return std::optional<int64_t>(*minor);
  auto rate = fx.Find(code, day);
  if (!rate) return std::optional<int64_t>();
  auto converted = ConvertToBase(*minor, cur->minor_digits(), *rate, base.minor_digits());
  if (!converted.ok()) return std::optional<int64_t>();
  return std::optional<int64_t>(*converted);
}

class AssetFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "asset"; }
  bool needs_case() const override { return true; }
  std::vector<FactDef> Facts() const override {
    return {
        {"tainted_paid", Subject::kAsset, FactType::kMoney,
         "traced proceeds paid for the asset (the lien)", true},
        {"purchase_price", Subject::kAsset, FactType::kMoney, "the whole payment(s) that bought it",
         true},
        {"tainted_percent", Subject::kAsset, FactType::kPercent,
         "tainted share of the price, floor percent", true},
        {"declared_value", Subject::kAsset, FactType::kMoney,
         "the asset's declared value in the base currency", true},
        {"proportionate_share", Subject::kAsset, FactType::kMoney,
         "declared value x tainted paid / price, rounded half up (Foskett v McKeown)", true},
        {"claim_value", Subject::kAsset, FactType::kMoney,
         "the greater of the lien and the proportionate share", true},
        {"asset_kind", Subject::kAsset, FactType::kText, "real_estate, vehicle, crypto, ...", true},
        {"owner", Subject::kAsset, FactType::kText, "the owner's party id", true},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& in = *ctx.txs;
    struct Paid {
      int64_t tainted = 0, price = 0;
      int64_t day = 0;
      Evidence ev;
    };
    std::map<std::string, Paid> paid;
    for (const auto& e : ctx.trace->exits) {
      if (e.kind != trace::ExitKind::kAssetPurchase) continue;
      Paid& p = paid[e.asset_id];
      p.tainted += e.tainted_amount;
      p.price += in.txs[e.tx].amount;
      p.day = in.txs[e.tx].timestamp.Day();
      AddEvidence(&p.ev, e.tx);
    }
    if (paid.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(storage::FxTable fx, ctx.store->LoadFxRates());
    for (auto& [id, p] : paid) {
      SubjectFacts& f = FactsFor(Subject::kAsset, id, out);
      f.Money("tainted_paid", p.tainted);
      f.Money("purchase_price", p.price);
      f.Percent("tainted_percent", PercentOf(p.tainted, p.price));
      int64_t claim = p.tainted;
      ASSIGN_OR_RETURN(auto asset, ctx.store->GetAsset(id));
      if (asset) {
        if (!asset->kind.empty()) f.Text("asset_kind", asset->kind);
        if (!asset->owner_id.empty()) f.Text("owner", asset->owner_id);
        ASSIGN_OR_RETURN(auto value, DeclaredValue(ctx, *asset, p.day, fx));
        if (value && p.price > 0) {
          f.Money("declared_value", *value);
          __extension__ using Int128 = __int128;
          Int128 num = static_cast<Int128>(*value) * p.tainted;
          Int128 q = num / p.price;
          if ((num % p.price) * 2 >= p.price) ++q;  // half up; all terms are >= 0
          int64_t share = static_cast<int64_t>(q);
          f.Money("proportionate_share", share);
          claim = std::max(claim, share);
        }
      }
      f.Money("claim_value", claim);
      auto chain = ctx.chains.find("asset:" + id);
      if (chain != ctx.chains.end()) {
        p.ev.chain = chain->second.chain;
        for (uint64_t tx : chain->second.txs) AddEvidence(&p.ev, tx);
      }
      for (const char* k :
           {"tainted_paid", "claim_value", "proportionate_share", "tainted_percent"})
        f.evidence[k] = p.ev;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& AssetFacts() {
  static const AssetFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules
