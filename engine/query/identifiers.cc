#include "engine/query/identifiers.h"

namespace moneytrail::query {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

std::string NationalId(std::string_view s) {
  std::string out;
  for (char c : s) {
    // Bytes of UTF-8 sequences are kept: a letter like "Ñ" is part of the id.
    if (IsDigit(c) || IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80) out += Upper(c);
  }
  return out;
}

std::string Phone(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c)) out += c;
  }
  if (out.size() >= 2 && out[0] == '0' && out[1] == '0') out.erase(0, 2);
  return out.size() < 6 ? std::string() : out;
}

std::string Address(std::string_view s) {
  std::string out;
  bool gap = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 && !IsDigit(s[i]) && !IsAsciiAlpha(s[i])) {  // blank or punctuation
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    // Latin-1 capitals (U+00C0..U+00DE but not U+00D7, the sign) become small.
    if (c == 0xC3 && i + 1 < s.size()) {
      unsigned char n = static_cast<unsigned char>(s[i + 1]);
      out += s[i];
      out += static_cast<char>(n >= 0x80 && n <= 0x9E && n != 0x97 ? n + 0x20 : n);
      ++i;
      continue;
    }
    out += Lower(s[i]);
  }
  return out;
}

}  // namespace

std::string_view IdentifierKindName(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kNationalId:
      return "national_id";
    case IdentifierKind::kPhone:
      return "phone";
    case IdentifierKind::kEmail:
      return "email";
    case IdentifierKind::kAddress:
      return "address";
    case IdentifierKind::kDevice:
      break;
  }
  return "device";
}

std::string NormalizeIdentifier(IdentifierKind kind, std::string_view value) {
  switch (kind) {
    case IdentifierKind::kNationalId:
      return NationalId(value);
    case IdentifierKind::kPhone:
      return Phone(value);
    case IdentifierKind::kEmail: {
      std::string e = LowerAscii(Trim(value));
      return e.find('@') == std::string::npos ? std::string() : e;
    }
    case IdentifierKind::kAddress:
      return Address(value);
    case IdentifierKind::kDevice:
      break;
  }
  return LowerAscii(Trim(value));
}

const std::string& PartyIdentifier(const Party& party, IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kNationalId:
      return party.national_id;
    case IdentifierKind::kPhone:
      return party.phone;
    case IdentifierKind::kEmail:
      return party.email;
    case IdentifierKind::kAddress:
      return party.address;
    case IdentifierKind::kDevice:
      break;
  }
  return party.device;
}

}  // namespace moneytrail::query
