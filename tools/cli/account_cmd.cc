// moneytrail account: one account, its holder, its balance and its history.
#include <nlohmann/json.hpp>

#include "engine/core/amount.h"
#include "engine/query/query_render.h"
#include "engine/query/timeline.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct AccountOptions {
  std::string db;
  std::string id;
  std::string format = "table";
  std::string purpose;
};

int Run(const AccountOptions& o) {
  if (o.format != "table" && o.format != "json" && o.format != "csv") {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table, json or csv"));
  }
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  storage::Store& store = **opened;
  if (Status s = AuditRead(o.db, "account", "", o.id, o.purpose); !s.ok()) return Fail(s);
  auto timeline = query::Timeline(store, o.id, {});
  if (!timeline.ok()) return Fail(timeline.status());
  const std::optional<Account>& account = timeline->account;
  const std::optional<Party>& holder = timeline->holder;
  const std::vector<query::TimelineEntry>& lines = timeline->entries;
  int64_t balance = timeline->closing_minor;
  int digits = store.base_currency().minor_digits();
  std::string base(store.base_currency().code());
  auto money = [&](int64_t v) { return FormatMinorUnits(v, digits); };
  std::string out;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["account_id"] = o.id;
    if (account) {
      const Account& a = *account;
      j["holder_id"] = a.holder_id;
      j["holder_name"] = holder ? holder->name : a.holder_name;
      j["institution"] = a.institution;
      j["country"] = a.country;
      j["kind"] = a.kind;
      j["opening_balance"] = money(a.opening_balance_base);
    }
    j["currency"] = base;
    j["balance"] = money(balance);
    j["transactions"] = nlohmann::ordered_json::array();
    for (const query::TimelineEntry& l : lines) {
      j["transactions"].push_back(
          {{"tx_id", l.tx.tx_id},
           {"timestamp", FormatTimestamp(l.tx.timestamp)},
           {"direction", l.outgoing ? "out" : "in"},
           {"counterparty", l.counterparty()},
           {"amount",
            FormatMinorUnits(l.tx.amount.minor_units, l.tx.amount.currency.minor_digits())},
           {"currency", std::string(l.tx.amount.currency.code())},
           {"base_amount", money(l.signed_minor())},
           {"balance", money(l.balance_minor)}});
    }
    out = j.dump(2) + "\n";
  } else if (o.format == "csv") {
    out = query::RenderTimeline(*timeline, store.base_currency(), query::OutputFormat::kCsv);
  } else {
    out += "account   " + o.id + "\n";
    if (account) {
      const Account& a = *account;
      out += "holder    " + (holder ? holder->name : a.holder_name) +
             (a.holder_id.empty() ? "" : " (" + a.holder_id + ")") + "\n";
      out += "bank      " + a.institution + (a.country.empty() ? "" : ", " + a.country) + "\n";
      out += "opening   " + money(a.opening_balance_base) + " " + base + "\n";
    } else {
      out += "(no account record; history from transactions only)\n";
    }
    out += "balance   " + money(balance) + " " + base + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const query::TimelineEntry& l : lines) {
      rows.push_back(
          {FormatTimestamp(l.tx.timestamp), l.tx.tx_id, l.outgoing ? "out" : "in", l.counterparty(),
           FormatMinorUnits(l.tx.amount.minor_units, l.tx.amount.currency.minor_digits()) + " " +
               std::string(l.tx.amount.currency.code()),
           money(l.signed_minor()), money(l.balance_minor)});
    }
    out += RenderTable({"timestamp", "tx_id", "dir", "counterparty", "amount", base, "balance"},
                       rows, {false, false, false, false, true, true, true});
  }
  return Fail(WriteOutput("-", out));
}

}  // namespace

void RegisterAccount(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<AccountOptions>();
  CLI::App* cmd =
      AddCommand(app, exit_code, "account",
                 "An account: its holder, current balance (base currency) and every transaction\n"
                 "in time order with the running balance.",
                 "  moneytrail account --db store ES7620770024003102575766\n"
                 "  moneytrail account --db store ACC-1 --format csv > acc-1.csv\n",
                 [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--format", o->format, "table (default), json or csv");
  AddPurposeOption(cmd, &o->purpose);
  cmd->add_option("id", o->id, "Account id")->required();
}

}  // namespace moneytrail::cli
