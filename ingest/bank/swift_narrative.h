// Reading the MT940/MT942 :86: "information to account owner" field.
// Internal to ingest/bank (used by mt940.cc).
//
// Three shapes occur in practice:
//  - German banks (DFU-Abkommen / ZKA, also Polish and Dutch Triodos):
//    "GVC?00posting text?10prima nota?20..?29 purpose?30 bank code or BIC
//    ?31 account or IBAN?32?33 name?34 code?60..?63 more purpose". The
//    separator is the character after the 3-digit code ('?' or '>'). Line
//    breaks only wrap the text and are removed. The purpose may carry SEPA
//    keywords: EREF+ (end-to-end id), SVWZ+ (remittance), KREF+, MREF+,
//    CRED+, DEBT+, ABWA+, ABWE+, IBAN+, BIC+ ...
//  - Dutch banks (ABN AMRO, Rabobank, ING, ASN): "/TAG/value/TAG/value" with
//    TRTP, IBAN, BIC, NAME, REMI, EREF, CNTP (IBAN/BIC/name/city), ORDP,
//    BENM, ... Line breaks wrap the text and are removed.
//  - Free text: lines kept, joined with '\n'.
// Trailing spaces of each line are padding and dropped in every shape.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_BANK_SWIFT_NARRATIVE_H_
#define MONEYTRAIL_INGEST_BANK_SWIFT_NARRATIVE_H_

#include <string>
#include <string_view>
#include <vector>

#include "ingest/bank/statement.h"

namespace moneytrail::ingest::bank::swift {

// Reads a :86: field: `first` is the text after ":86:" on the tag's line,
// `rest` the continuation lines ('\n'-separated, uncleaned). Sets
// entry->narrative, and where the structure names them remittance,
// end_to_end_id and counterparty_account / _name / _bic (a German bank code
// and account number become "BANKCODE/ACCOUNT", the form :25: uses). Values
// found replace what the entry had; values not found leave it. Problems
// that lose nothing (a '?' that starts no sub-field) are appended to
// `problems` as reasons.
void ReadNarrative(std::string_view first, std::string_view rest, StatementEntry* entry,
                   std::vector<std::string>* problems);

// The :86: text as ReadNarrative would store it in `narrative`, without
// interpreting it (for a second :86: of the same entry, or a statement-level
// :86:).
std::string JoinNarrative(std::string_view first, std::string_view rest);

}  // namespace moneytrail::ingest::bank::swift

#endif  // MONEYTRAIL_INGEST_BANK_SWIFT_NARRATIVE_H_
