// moneytrail account: one account, its holder, its balance and its history.
#include <nlohmann/json.hpp>

#include "engine/core/amount.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct AccountOptions {
  std::string db;
  std::string id;
  std::string format = "table";
};

struct Line {
  Transaction tx;
  bool outgoing;
  int64_t balance;
};

std::string Counterparty(const Line& l) {
  const std::string& other = l.outgoing ? l.tx.to_account : l.tx.from_account;
  return IsCashAccount(other) ? "CASH" : other;
}

int Run(const AccountOptions& o) {
  if (o.format != "table" && o.format != "json" && o.format != "csv") {
    return Fail(Status::Usage("--format: '" + o.format + "' is not table, json or csv"));
  }
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  storage::Store& store = **opened;
  auto account = store.GetAccount(o.id);
  if (!account.ok()) return Fail(account.status());
  // Merge the outgoing and incoming indexes into one history in replay order.
  std::vector<std::pair<storage::AccountTxEntry, bool>> entries;
  for (auto dir : {storage::Direction::kOut, storage::Direction::kIn}) {
    Status s = store.ForEachAccountTx(o.id, dir, [&](const storage::AccountTxEntry& e) {
      entries.emplace_back(e, dir == storage::Direction::kOut);
      return true;
    });
    if (!s.ok()) return Fail(s);
  }
  if (!account->has_value() && entries.empty()) {
    return Fail(Status::NotFound("no account '" + o.id + "' in " + o.db));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.timestamp, a.first.seq, a.second) <
           std::tie(b.first.timestamp, b.first.seq, b.second);
  });
  int64_t balance = account->has_value() ? (*account)->opening_balance_base : 0;
  std::vector<Line> lines;
  for (const auto& [e, outgoing] : entries) {
    auto tx = store.GetTransactionAt(e.timestamp, e.seq);
    if (!tx.ok()) return Fail(tx.status());
    if (!tx->has_value()) return Fail(Status::Corruption("index names a missing transaction"));
    balance += outgoing ? -e.base_minor : e.base_minor;
    lines.push_back({std::move(**tx), outgoing, balance});
  }
  std::optional<Party> holder;
  if (account->has_value() && !(*account)->holder_id.empty()) {
    auto p = store.GetParty((*account)->holder_id);
    if (!p.ok()) return Fail(p.status());
    holder = *p;
  }
  int digits = store.base_currency().minor_digits();
  std::string base(store.base_currency().code());
  auto money = [&](int64_t v) { return FormatMinorUnits(v, digits); };
  std::string out;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["account_id"] = o.id;
    if (account->has_value()) {
      const Account& a = **account;
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
    for (const Line& l : lines) {
      j["transactions"].push_back(
          {{"tx_id", l.tx.tx_id},
           {"timestamp", FormatTimestamp(l.tx.timestamp)},
           {"direction", l.outgoing ? "out" : "in"},
           {"counterparty", Counterparty(l)},
           {"amount",
            FormatMinorUnits(l.tx.amount.minor_units, l.tx.amount.currency.minor_digits())},
           {"currency", std::string(l.tx.amount.currency.code())},
           {"base_amount", money(l.outgoing ? -l.tx.base_minor : l.tx.base_minor)},
           {"balance", money(l.balance)}});
    }
    out = j.dump(2) + "\n";
  } else if (o.format == "csv") {
    out = "tx_id,timestamp,direction,counterparty,amount,currency,base_amount,balance\r\n";
    for (const Line& l : lines) {
      out += CsvCell(l.tx.tx_id) + "," + FormatTimestamp(l.tx.timestamp) + "," +
             (l.outgoing ? "out" : "in") + "," + CsvCell(Counterparty(l)) + "," +
             FormatMinorUnits(l.tx.amount.minor_units, l.tx.amount.currency.minor_digits()) + "," +
             std::string(l.tx.amount.currency.code()) + "," +
             money(l.outgoing ? -l.tx.base_minor : l.tx.base_minor) + "," + money(l.balance) +
             "\r\n";
    }
  } else {
    out += "account   " + o.id + "\n";
    if (account->has_value()) {
      const Account& a = **account;
      out += "holder    " + (holder ? holder->name : a.holder_name) +
             (a.holder_id.empty() ? "" : " (" + a.holder_id + ")") + "\n";
      out += "bank      " + a.institution + (a.country.empty() ? "" : ", " + a.country) + "\n";
      out += "opening   " + money(a.opening_balance_base) + " " + base + "\n";
    } else {
      out += "(no account record; history from transactions only)\n";
    }
    out += "balance   " + money(balance) + " " + base + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const Line& l : lines) {
      rows.push_back(
          {FormatTimestamp(l.tx.timestamp), l.tx.tx_id, l.outgoing ? "out" : "in", Counterparty(l),
           FormatMinorUnits(l.tx.amount.minor_units, l.tx.amount.currency.minor_digits()) + " " +
               std::string(l.tx.amount.currency.code()),
           money(l.outgoing ? -l.tx.base_minor : l.tx.base_minor), money(l.balance)});
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
  cmd->add_option("id", o->id, "Account id")->required();
}

}  // namespace moneytrail::cli
