#include "ingest/bank/camt_schema.h"

#include <algorithm>
#include <array>
#include <utility>

namespace moneytrail::ingest::bank::camt_internal {
namespace {

struct Named {
  std::string_view name;
  Tag tag;
};

// Sorted by name for binary search.
constexpr std::array<Named, kTagCount - 1> kTags = {{
    {"Acct", kAcct},
    {"AcctSvcrRef", kAcctSvcrRef},
    {"AddtlNtryInf", kAddtlNtryInf},
    {"AddtlTxInf", kAddtlTxInf},
    {"Agt", kAgt},
    {"Amt", kAmt},
    {"AmtDtls", kAmtDtls},
    {"BBAN", kBBAN},
    {"BIC", kBIC},
    {"BICFI", kBICFI},
    {"Bal", kBal},
    {"BkToCstmrAcctRpt", kBkToCstmrAcctRpt},
    {"BkToCstmrDbtCdtNtfctn", kBkToCstmrDbtCdtNtfctn},
    {"BkToCstmrStmt", kBkToCstmrStmt},
    {"BkTxCd", kBkTxCd},
    {"BookgDt", kBookgDt},
    {"Ccy", kCcy},
    {"Cd", kCd},
    {"CdOrPrtry", kCdOrPrtry},
    {"CdtDbtInd", kCdtDbtInd},
    {"Cdtr", kCdtr},
    {"CdtrAcct", kCdtrAcct},
    {"CdtrAgt", kCdtrAgt},
    {"Dbtr", kDbtr},
    {"DbtrAcct", kDbtrAcct},
    {"DbtrAgt", kDbtrAgt},
    {"Document", kDocument},
    {"Domn", kDomn},
    {"Dt", kDt},
    {"DtTm", kDtTm},
    {"EndToEndId", kEndToEndId},
    {"FinInstnId", kFinInstnId},
    {"Fmly", kFmly},
    {"IBAN", kIBAN},
    {"Id", kId},
    {"InstrId", kInstrId},
    {"Nm", kNm},
    {"Ntfctn", kNtfctn},
    {"Ntry", kNtry},
    {"NtryDtls", kNtryDtls},
    {"Othr", kOthr},
    {"Ownr", kOwnr},
    {"Prtry", kPrtry},
    {"PrtryAcct", kPrtryAcct},
    {"Pty", kPty},
    {"Refs", kRefs},
    {"RltdAgts", kRltdAgts},
    {"RltdPties", kRltdPties},
    {"RmtInf", kRmtInf},
    {"Rpt", kRpt},
    {"RvslInd", kRvslInd},
    {"Stmt", kStmt},
    {"Sts", kSts},
    {"SubFmlyCd", kSubFmlyCd},
    {"Svcr", kSvcr},
    {"Tp", kTp},
    {"TxAmt", kTxAmt},
    {"TxDtls", kTxDtls},
    {"TxId", kTxId},
    {"UETR", kUETR},
    {"UPIC", kUPIC},
    {"UltmtCdtr", kUltmtCdtr},
    {"UltmtDbtr", kUltmtDbtr},
    {"Ustrd", kUstrd},
    {"ValDt", kValDt},
}};

constexpr bool SortedByName() {
  for (size_t i = 1; i < kTags.size(); ++i) {
    if (!(kTags[i - 1].name < kTags[i].name)) return false;
  }
  return true;
}
static_assert(SortedByName(), "kTags must be sorted by name");

// "V01".."V99" after a message name.
bool IsVersionSuffix(std::string_view s) {
  return s.size() == 3 && s[0] == 'V' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
}

}  // namespace

Tag TagOf(std::string_view name) {
  auto it = std::lower_bound(kTags.begin(), kTags.end(), name,
                             [](const Named& n, std::string_view v) { return n.name < v; });
  if (it != kTags.end() && it->name == name) return it->tag;
  if (name.size() > 3 && IsVersionSuffix(name.substr(name.size() - 3))) {
    std::string_view base = name.substr(0, name.size() - 3);
    if (base == "BkToCstmrAcctRpt") return kBkToCstmrAcctRpt;
    if (base == "BkToCstmrStmt") return kBkToCstmrStmt;
    if (base == "BkToCstmrDbtCdtNtfctn") return kBkToCstmrDbtCdtNtfctn;
  }
  return kOther;
}

std::string_view TagName(Tag tag) {
  for (const Named& n : kTags) {
    if (n.tag == tag) return n.name;
  }
  return "?";
}

Field StatementField(PathKey key) {
  switch (key) {
    case Path({kId}):
      return Field::kStatementId;
    case Path({kAcct, kId, kIBAN}):
    case Path({kAcct, kId, kOthr, kId}):
    case Path({kAcct, kId, kPrtryAcct, kId}):
    case Path({kAcct, kId, kBBAN}):
    case Path({kAcct, kId, kUPIC}):
      return Field::kAccountId;
    case Path({kAcct, kCcy}):
      return Field::kAccountCcy;
    case Path({kAcct, kOwnr, kNm}):
    case Path({kAcct, kOwnr, kPty, kNm}):
      return Field::kAccountOwner;
    case Path({kAcct, kSvcr, kFinInstnId, kBIC}):
    case Path({kAcct, kSvcr, kFinInstnId, kBICFI}):
      return Field::kAccountBic;
    default:
      return Field::kNone;
  }
}

Field BalanceField(PathKey key) {
  switch (key) {
    case Path({kTp, kCdOrPrtry, kCd}):
    case Path({kTp, kCd}):
      return Field::kBalanceCode;
    case Path({kAmt}):
      return Field::kBalanceAmt;
    case Path({kCdtDbtInd}):
      return Field::kBalanceCdtDbt;
    case Path({kDt, kDt}):
    case Path({kDt, kDtTm}):
      return Field::kBalanceDate;
    default:
      return Field::kNone;
  }
}

namespace {

// The bank transaction code, at entry or detail level.
Field BankTransactionCodeField(PathKey key) {
  switch (key) {
    case Path({kBkTxCd, kDomn, kCd}):
      return Field::kDomain;
    case Path({kBkTxCd, kDomn, kFmly, kCd}):
      return Field::kFamily;
    case Path({kBkTxCd, kDomn, kFmly, kSubFmlyCd}):
      return Field::kSubFamily;
    case Path({kBkTxCd, kPrtry, kCd}):
      return Field::kProprietaryCode;
    default:
      return Field::kNone;
  }
}

}  // namespace

Field EntryField(PathKey key) {
  switch (key) {
    case Path({kAmt}):
      return Field::kAmt;
    case Path({kCdtDbtInd}):
      return Field::kCdtDbt;
    case Path({kRvslInd}):
      return Field::kReversal;
    case Path({kSts}):
    case Path({kSts, kCd}):
      return Field::kStatus;
    case Path({kBookgDt, kDt}):
    case Path({kBookgDt, kDtTm}):
      return Field::kBookingDate;
    case Path({kValDt, kDt}):
    case Path({kValDt, kDtTm}):
      return Field::kValueDate;
    case Path({kAcctSvcrRef}):
      return Field::kAcctSvcrRef;
    case Path({kAddtlNtryInf}):
      return Field::kAddtlInf;
    default:
      return BankTransactionCodeField(key);
  }
}

Field DetailField(PathKey key) {
  switch (key) {
    case Path({kAmt}):
      return Field::kAmt;
    case Path({kAmtDtls, kTxAmt, kAmt}):
      return Field::kTxAmt;
    case Path({kCdtDbtInd}):
      return Field::kCdtDbt;
    case Path({kRefs, kEndToEndId}):
      return Field::kEndToEndId;
    case Path({kRefs, kUETR}):
      return Field::kUetr;
    case Path({kRefs, kAcctSvcrRef}):
      return Field::kAcctSvcrRef;
    case Path({kRefs, kInstrId}):
      return Field::kInstrId;
    case Path({kRefs, kTxId}):
      return Field::kTxId;
    case Path({kRmtInf, kUstrd}):
      return Field::kUstrd;
    case Path({kAddtlTxInf}):
      return Field::kAddtlInf;

    case Path({kRltdPties, kDbtr, kNm}):
    case Path({kRltdPties, kDbtr, kPty, kNm}):
      return Field::kDebtorName;
    case Path({kRltdPties, kDbtr, kAgt, kFinInstnId, kNm}):
      return Field::kDebtorAgentName;
    case Path({kRltdPties, kDbtr, kAgt, kFinInstnId, kBIC}):
    case Path({kRltdPties, kDbtr, kAgt, kFinInstnId, kBICFI}):
      return Field::kDebtorPartyBic;
    case Path({kRltdPties, kDbtrAcct, kId, kIBAN}):
    case Path({kRltdPties, kDbtrAcct, kId, kOthr, kId}):
    case Path({kRltdPties, kDbtrAcct, kId, kPrtryAcct, kId}):
    case Path({kRltdPties, kDbtrAcct, kId, kBBAN}):
      return Field::kDebtorAccount;
    case Path({kRltdPties, kUltmtDbtr, kNm}):
    case Path({kRltdPties, kUltmtDbtr, kPty, kNm}):
      return Field::kDebtorUltimateName;
    case Path({kRltdAgts, kDbtrAgt, kFinInstnId, kBIC}):
    case Path({kRltdAgts, kDbtrAgt, kFinInstnId, kBICFI}):
      return Field::kDebtorBic;

    case Path({kRltdPties, kCdtr, kNm}):
    case Path({kRltdPties, kCdtr, kPty, kNm}):
      return Field::kCreditorName;
    case Path({kRltdPties, kCdtr, kAgt, kFinInstnId, kNm}):
      return Field::kCreditorAgentName;
    case Path({kRltdPties, kCdtr, kAgt, kFinInstnId, kBIC}):
    case Path({kRltdPties, kCdtr, kAgt, kFinInstnId, kBICFI}):
      return Field::kCreditorPartyBic;
    case Path({kRltdPties, kCdtrAcct, kId, kIBAN}):
    case Path({kRltdPties, kCdtrAcct, kId, kOthr, kId}):
    case Path({kRltdPties, kCdtrAcct, kId, kPrtryAcct, kId}):
    case Path({kRltdPties, kCdtrAcct, kId, kBBAN}):
      return Field::kCreditorAccount;
    case Path({kRltdPties, kUltmtCdtr, kNm}):
    case Path({kRltdPties, kUltmtCdtr, kPty, kNm}):
      return Field::kCreditorUltimateName;
    case Path({kRltdAgts, kCdtrAgt, kFinInstnId, kBIC}):
    case Path({kRltdAgts, kCdtrAgt, kFinInstnId, kBICFI}):
      return Field::kCreditorBic;
    default:
      return BankTransactionCodeField(key);
  }
}

}  // namespace moneytrail::ingest::bank::camt_internal
