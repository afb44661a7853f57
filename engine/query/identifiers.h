// Identifiers that link parties: what counts as "the same" national id,
// phone, e-mail, address or device.
//
// Each kind has a normalisation that removes the differences of spelling
// banks introduce, and nothing more (no fuzzy matching: a link must hold up
// when read aloud in court):
//   national_id  letters and digits only, ASCII letters upper-cased
//                ("12.345.678-z" -> "12345678Z")
//   phone        digits only, a leading "00" dropped ("+34 600-11 22 33" and
//                "0034600112233" -> "34600112233"); fewer than 6 digits: none
//   email        trimmed, ASCII lower-cased; without an '@': none
//   address      lower-cased (ASCII and Latin-1 letters such as "Á"), every
//                punctuation and blank run one space, trimmed
//                ("C/ Mayor, 3 - 2º" -> "c mayor 3 2º")
//   device       trimmed, ASCII lower-cased
// An empty result means the value identifies nothing and links nothing.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_ENGINE_QUERY_IDENTIFIERS_H_
#define MONEYTRAIL_ENGINE_QUERY_IDENTIFIERS_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/records.h"

namespace moneytrail::query {

enum class IdentifierKind { kNationalId, kPhone, kEmail, kAddress, kDevice };
inline constexpr std::array<IdentifierKind, 5> kIdentifierKinds = {
    IdentifierKind::kNationalId, IdentifierKind::kPhone, IdentifierKind::kEmail,
    IdentifierKind::kAddress, IdentifierKind::kDevice};

// "national_id", "phone", "email", "address", "device" (the parties columns).
std::string_view IdentifierKindName(IdentifierKind kind);

// The normalised form of `value` as described above; "" when none.
std::string NormalizeIdentifier(IdentifierKind kind, std::string_view value);

// The party's field of that kind, as stored.
const std::string& PartyIdentifier(const Party& party, IdentifierKind kind);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_IDENTIFIERS_H_
