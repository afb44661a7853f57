// CasePlan's outputs: assets.csv, cases.json and the summary (see case_plan.h).
#include <nlohmann/json.hpp>

#include "engine/core/timestamp.h"
#include "tools/demo/case_plan.h"

namespace moneytrail::demo {

void CasePlan::WriteAssets(const Population& pop, OutFile& out) const {
  out.Str(
      "asset_id,kind,description,owner_id,value,currency,registry_ref,acquired_tx,acquired_on,"
      "account_id\n");
  for (const AssetRecord& a : assets_) {
    out.Str(a.asset_id);
    out.Char(',');
    out.Str(a.kind);
    out.Char(',');
    out.Field(a.description);
    out.Char(',');
    out.Str(pop.PartyId(a.owner));
    out.Char(',');
    out.Minor(a.value, 2);
    out.Str(",EUR,");
    out.Field(a.registry_ref);
    out.Char(',');
    out.Str(a.acquired_tx);
    out.Char(',');
    out.Str(FormatDate(Timestamp{static_cast<int64_t>(a.day) * Timestamp::kMicrosPerDay}));
    out.Char(',');
    out.Str(pop.id(a.account));
    out.Char('\n');
  }
}

Status CasePlan::WriteCasesJson(OutFile& out) const {
  // ordered_json keeps FORMATS.md's key order, which reads better than sorted.
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const CaseRecord& r : cases_) {
    nlohmann::ordered_json seeds = nlohmann::ordered_json::array();
    for (const CaseSeed& s : r.seeds) {
      nlohmann::ordered_json seed = {{"tx_id", s.tx_id}};
      if (!s.claimant.empty()) seed["claimant"] = s.claimant;
      seeds.push_back(std::move(seed));
    }
    list.push_back({{"case_id", r.case_id},
                    {"title", r.title},
                    {"opened", r.opened},
                    {"jurisdiction", "ES"},
                    {"seeds", std::move(seeds)}});
  }
  nlohmann::ordered_json doc = {{"cases", std::move(list)}};
  try {
    out.Str(doc.dump(2));  // throws only on invalid UTF-8, which our tables never hold
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(std::string("cases.json: ") + e.what());
  }
  out.Char('\n');
  return Status::Ok();
}

std::vector<DemoCase> CasePlan::Describe(const Population& pop) const {
  std::vector<DemoCase> out;
  for (const CaseRecord& r : cases_) {
    DemoCase d;
    d.case_id = r.case_id;
    d.collector_account = std::string(pop.id(r.collector));
    d.collector_holder = pop.PartyId(r.collector);
    for (const CaseSeed& s : r.seeds) {
      d.victim_accounts.emplace_back(pop.id(s.payer));
      d.seed_tx_ids.push_back(s.tx_id);
    }
    for (uint32_t m : r.mules) d.mule_accounts.emplace_back(pop.id(m));
    d.pass_through_account = d.mule_accounts.back();
    for (uint32_t a : r.abroad) d.foreign_accounts.emplace_back(pop.id(a));
    for (uint32_t a : r.assets) d.asset_ids.push_back(assets_[a].asset_id);
    d.ransom_total_cents = r.ransom_total;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace moneytrail::demo
