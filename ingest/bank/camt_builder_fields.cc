// CamtBuilder::SetField: where each field's text goes. Split from
// camt_builder.cc to keep that file about the rules rather than the routing.
#include <string>
#include <string_view>

#include "ingest/bank/camt_builder.h"
#include "ingest/bank/camt_values.h"

namespace moneytrail::ingest::bank::camt_internal {

void CamtBuilder::SetField(Scope scope, Field field, std::string_view text, std::string_view ccy,
                           uint64_t line) {
  auto first = [&](std::string& to) {
    if (to.empty()) to.assign(text);  // keeps the slot's capacity
  };
  auto money = [&](Money& m) {
    if (m.present) return;
    m.value.assign(text);
    m.ccy.assign(ccy);
    m.line = line;
    m.present = true;
  };
  switch (scope) {
    case Scope::kStatement:
      switch (field) {
        case Field::kStatementId:
          first(statement_.statement_id);
          break;
        case Field::kAccountId:
          if (statement_.account.empty()) AssignWithoutSpaces(text, &statement_.account);
          break;
        case Field::kAccountCcy:
          first(statement_.currency);
          break;
        case Field::kAccountOwner:
          first(statement_.account_owner);
          break;
        case Field::kAccountBic:
          first(statement_.account_bic);
          break;
        default:
          break;
      }
      return;
    case Scope::kBalance:
      switch (field) {
        case Field::kBalanceCode:
          first(balance_code_);
          break;
        case Field::kBalanceAmt:
          money(balance_amt_);
          break;
        case Field::kBalanceCdtDbt:
          first(balance_cdt_dbt_);
          break;
        case Field::kBalanceDate:
          first(balance_date_);
          break;
        default:
          break;
      }
      return;
    case Scope::kEntry:
      switch (field) {
        case Field::kAmt:
          money(entry_.amt);
          break;
        case Field::kCdtDbt:
          first(entry_.cdt_dbt);
          break;
        case Field::kReversal:
          first(entry_.reversal);
          break;
        case Field::kStatus:
          first(entry_.status);
          break;
        case Field::kBookingDate:
          first(entry_.booking_date);
          entry_.booking_line = line;
          break;
        case Field::kValueDate:
          first(entry_.value_date);
          entry_.value_line = line;
          break;
        case Field::kAcctSvcrRef:
          first(entry_.acct_svcr_ref);
          break;
        case Field::kAddtlInf:
          first(entry_.addtl_inf);
          break;
        case Field::kDomain:
          first(entry_.domain);
          break;
        case Field::kFamily:
          first(entry_.family);
          break;
        case Field::kSubFamily:
          first(entry_.sub_family);
          break;
        case Field::kProprietaryCode:
          first(entry_.proprietary_code);
          break;
        default:
          break;
      }
      return;
    case Scope::kDetail:
      break;
  }
  if (detail_count_ == 0) return;
  Detail& d = CurrentDetail();
  switch (field) {
    case Field::kAmt:
      money(d.amt);
      break;
    case Field::kTxAmt:
      money(d.tx_amt);
      break;
    case Field::kCdtDbt:
      first(d.cdt_dbt);
      break;
    case Field::kEndToEndId:
      first(d.end_to_end_id);
      break;
    case Field::kUetr:
      first(d.uetr);
      break;
    case Field::kAcctSvcrRef:
      first(d.acct_svcr_ref);
      break;
    case Field::kInstrId:
      first(d.instr_id);
      break;
    case Field::kTxId:
      first(d.tx_id);
      break;
    case Field::kUstrd:
      Append(d.ustrd, text, " ");
      break;
    case Field::kAddtlInf:
      first(d.addtl_inf);
      break;
    case Field::kDomain:
      first(d.domain);
      break;
    case Field::kFamily:
      first(d.family);
      break;
    case Field::kSubFamily:
      first(d.sub_family);
      break;
    case Field::kProprietaryCode:
      first(d.proprietary_code);
      break;
    case Field::kDebtorName:
      first(d.debtor.name);
      break;
    case Field::kDebtorAccount:
      if (d.debtor.account.empty()) AssignWithoutSpaces(text, &d.debtor.account);
      break;
    case Field::kDebtorUltimateName:
      first(d.debtor.ultimate_name);
      break;
    case Field::kDebtorAgentName:
      first(d.debtor.agent_name);
      break;
    case Field::kDebtorBic:
      first(d.debtor.bic);
      break;
    case Field::kDebtorPartyBic:
      first(d.debtor.party_bic);
      break;
    case Field::kCreditorName:
      first(d.creditor.name);
      break;
    case Field::kCreditorAccount:
      if (d.creditor.account.empty()) AssignWithoutSpaces(text, &d.creditor.account);
      break;
    case Field::kCreditorUltimateName:
      first(d.creditor.ultimate_name);
      break;
    case Field::kCreditorAgentName:
      first(d.creditor.agent_name);
      break;
    case Field::kCreditorBic:
      first(d.creditor.bic);
      break;
    case Field::kCreditorPartyBic:
      first(d.creditor.party_bic);
      break;
    default:
      break;
  }
}

}  // namespace moneytrail::ingest::bank::camt_internal
