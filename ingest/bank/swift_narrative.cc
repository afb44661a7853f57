#include "ingest/bank/swift_narrative.h"

#include <array>

#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank::swift {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The lines of a field concatenated: with '\n' between them (free text), or
// with nothing between them (structured text, where breaks only wrap).
std::string Concat(std::string_view first, std::string_view rest, bool newlines) {
  std::string out;
  out.reserve(first.size() + rest.size());
  out.append(CleanLine(first));
  while (!rest.empty()) {
    std::string_view line = PopLine(&rest);
    if (line.empty()) continue;
    if (newlines && !out.empty()) out.push_back('\n');
    out.append(line);
  }
  size_t lead = 0;
  while (lead < out.size() && out[lead] == ' ') ++lead;
  out.erase(0, lead);
  return out;
}

// "805?00..." / "000>10..." / "?20...": the German sub-field layout, and its
// separator.
bool IsGerman(std::string_view t, char* sep) {
  if (t.size() >= 6 && IsDigit(t[0]) && IsDigit(t[1]) && IsDigit(t[2]) &&
      (t[3] == '?' || t[3] == '>') && IsDigit(t[4]) && IsDigit(t[5])) {
    *sep = t[3];
    return true;
  }
  if (t.size() >= 3 && t[0] == '?' && IsDigit(t[1]) && IsDigit(t[2])) {
    *sep = '?';
    return true;
  }
  return false;
}

constexpr std::string_view kDutchTags[] = {
    "TRTP", "IBAN", "BIC",  "NAME", "REMI", "EREF", "MARF", "CSID",    "ORDP",     "BENM",
    "ULTD", "ULTC", "ULTB", "ULTE", "PURP", "RTRN", "CNTP", "ID",      "ADDR",     "ISDT",
    "PREF", "RTYP", "SVCL", "USTD", "STRD", "CD",   "ISSR", "BUSP",    "TXID",     "OCMT",
    "EXCH", "COAM", "CHGS", "CREF", "INIT", "ACCW", "NRTX", "CDTRREF", "CDTRREFTP"};

bool IsDutchTag(std::string_view t) {
  if (t.size() < 2 || t.size() > 9 || !IsUpperAlpha(t)) return false;
  for (std::string_view tag : kDutchTags) {
    if (t == tag) return true;
  }
  return false;
}

bool IsDutch(std::string_view t) {
  if (t.size() < 3 || t[0] != '/') return false;
  size_t end = t.find('/', 1);
  return end != std::string_view::npos && IsDutchTag(t.substr(1, end - 1));
}

void SetIfEmpty(std::string* field, std::string_view value) {
  value = TrimSpaces(value);
  if (field->empty() && !value.empty()) field->assign(value);
}

void ReadDutch(std::string_view n, StatementEntry* entry) {
  // Tags are the '/'-delimited tokens that name a known tag; a value runs
  // from after its tag to the '/' that opens the next tag, so values may
  // hold '/' ("/REMI/Invoice 2019/01/EREF/...").
  std::string_view tag, remi, ustd, strd;
  size_t value_start = 0;
  std::string end_to_end, account, bic, name, cntp;
  auto finish = [&](size_t value_end) {
    if (tag.empty()) return;
    std::string_view value =
        value_end > value_start ? n.substr(value_start, value_end - value_start) : "";
    if (tag == "EREF") SetIfEmpty(&entry->end_to_end_id, value);
    if (tag == "IBAN") SetIfEmpty(&account, value);
    if (tag == "BIC") SetIfEmpty(&bic, value);
    if (tag == "NAME") SetIfEmpty(&name, value);
    if (tag == "CNTP") SetIfEmpty(&cntp, value);
    if (tag == "REMI" && remi.empty()) remi = TrimSpaces(value);
    // "/REMI/USTD//text/": the structure's own '/' precedes the text.
    while (!value.empty() && value.front() == '/') value.remove_prefix(1);
    if (tag == "USTD" && ustd.empty()) ustd = TrimSpaces(value);
    if (tag == "STRD" && strd.empty()) strd = TrimSpaces(value);
  };
  size_t pos = 0;
  while (pos < n.size()) {
    size_t slash = n.find('/', pos);
    if (slash == std::string_view::npos) break;
    size_t next = n.find('/', slash + 1);
    if (next == std::string_view::npos) break;
    std::string_view token = n.substr(slash + 1, next - slash - 1);
    if (IsDutchTag(token)) {
      finish(slash);
      tag = token;
      value_start = next + 1;
      pos = next;
    } else {
      pos = next;
    }
  }
  std::string_view tail = n;
  if (!tail.empty() && tail.back() == '/') tail.remove_suffix(1);
  if (value_start > tail.size()) value_start = tail.size();
  finish(tail.size());

  // ING: /CNTP/IBAN/BIC/NAME/CITY/
  if (!cntp.empty()) {
    std::string_view c = cntp;
    std::array<std::string_view, 3> part;
    for (auto& p : part) {
      size_t s = c.find('/');
      p = c.substr(0, s);
      c = s == std::string_view::npos ? std::string_view() : c.substr(s + 1);
    }
    SetIfEmpty(&account, part[0]);
    SetIfEmpty(&bic, part[1]);
    SetIfEmpty(&name, part[2]);
  }
  if (!account.empty()) entry->counterparty_account = std::move(account);
  if (!bic.empty()) entry->counterparty_bic = std::move(bic);
  if (!name.empty()) entry->counterparty_name = std::move(name);
  std::string_view remittance = !remi.empty() ? remi : !ustd.empty() ? ustd : strd;
  if (!remittance.empty()) entry->remittance.assign(remittance);
}

constexpr std::string_view kSepaKeywords[] = {"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+",
                                              "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+",
                                              "COAM+", "OAMT+", "PURP+", "BREF+", "RREF+"};

struct Keyword {
  size_t index;  // into kSepaKeywords
  size_t start;  // where the keyword starts in the purpose
};

void ReadPurpose(std::string_view purpose, const std::array<size_t, 24>& starts, size_t n_starts,
                 StatementEntry* entry) {
  // Keywords count at the start of a sub-field or after a space.
  std::array<Keyword, 16> found;
  size_t n_found = 0;
  size_t next_start = 0;
  for (size_t i = 0; i + 4 <= purpose.size() && n_found < found.size(); ++i) {
    bool boundary = i == 0 || purpose[i - 1] == ' ';
    while (next_start < n_starts && starts[next_start] < i) ++next_start;
    if (next_start < n_starts && starts[next_start] == i) boundary = true;
    if (!boundary || (purpose[i + 3] != '+' && (i + 4 >= purpose.size() || purpose[i + 4] != '+')))
      continue;
    for (size_t k = 0; k < std::size(kSepaKeywords); ++k) {
      if (purpose.compare(i, kSepaKeywords[k].size(), kSepaKeywords[k]) == 0) {
        found[n_found++] = {k, i};
        break;
      }
    }
  }
  if (n_found == 0) {
    SetIfEmpty(&entry->remittance, purpose);
    return;
  }
  bool has_svwz = false;
  for (size_t f = 0; f < n_found; ++f) {
    std::string_view kw = kSepaKeywords[found[f].index];
    size_t begin = found[f].start + kw.size();
    size_t end = f + 1 < n_found ? found[f + 1].start : purpose.size();
    std::string_view value =
        end > begin ? TrimSpaces(purpose.substr(begin, end - begin)) : std::string_view();
    if (value.empty()) continue;
    if (kw == "EREF+") SetIfEmpty(&entry->end_to_end_id, value);
    if (kw == "SVWZ+") {
      SetIfEmpty(&entry->remittance, value);
      has_svwz = true;
    }
    if (kw == "IBAN+") SetIfEmpty(&entry->counterparty_account, value);
    if (kw == "BIC+") SetIfEmpty(&entry->counterparty_bic, value);
  }
  if (!has_svwz) SetIfEmpty(&entry->remittance, purpose.substr(0, found[0].start));
}

void ReadGerman(std::string_view n, char sep, StatementEntry* entry,
                std::vector<std::string>* problems) {
  std::string purpose;
  std::array<size_t, 24> starts{};
  size_t n_starts = 0;
  std::string name;
  std::string_view bank_code, account, iban38;
  int code = -1;
  size_t value_start = 0;
  auto finish = [&](size_t value_end) {
    std::string_view value = n.substr(value_start, value_end - value_start);
    if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63)) {
      if (n_starts < starts.size()) starts[n_starts++] = purpose.size();
      purpose.append(value);
    } else if (code == 30) {
      bank_code = TrimSpaces(value);
    } else if (code == 31) {
      account = TrimSpaces(value);
    } else if (code == 32 || code == 33) {
      name.append(value);
    } else if (code == 38) {
      iban38 = TrimSpaces(value);
    }
  };
  size_t i = n.find(sep);
  bool reported = false;
  while (i != std::string_view::npos) {
    if (i + 2 < n.size() && IsDigit(n[i + 1]) && IsDigit(n[i + 2])) {
      if (code >= 0) finish(i);
      code = (n[i + 1] - '0') * 10 + (n[i + 2] - '0');
      value_start = i + 3;
      i = n.find(sep, value_start);
      continue;
    }
    if (!reported) {
      problems->push_back(std::string("'") + sep + "' at character " + std::to_string(i + 1) +
                          " starts no sub-field (two digits must follow); kept as text");
      reported = true;
    }
    i = n.find(sep, i + 1);
  }
  if (code >= 0) finish(n.size());

  if (!purpose.empty()) ReadPurpose(purpose, starts, n_starts, entry);
  std::string_view trimmed_name = TrimSpaces(name);
  if (!trimmed_name.empty()) entry->counterparty_name.assign(trimmed_name);
  bool bic = LooksLikeBic(bank_code);
  if (bic) entry->counterparty_bic.assign(bank_code);
  if (IsIban(iban38)) {
    entry->counterparty_account.assign(iban38);
  } else if (!account.empty()) {
    if (!bic && !bank_code.empty() && !IsIban(account)) {
      entry->counterparty_account.assign(bank_code).append("/").append(account);
    } else {
      entry->counterparty_account.assign(account);
    }
  }
}

}  // namespace

std::string JoinNarrative(std::string_view first, std::string_view rest) {
  std::string joined = Concat(first, rest, /*newlines=*/false);
  char sep;
  if (IsGerman(joined, &sep) || IsDutch(joined)) return joined;
  return Concat(first, rest, /*newlines=*/true);
}

void ReadNarrative(std::string_view first, std::string_view rest, StatementEntry* entry,
                   std::vector<std::string>* problems) {
  std::string joined = Concat(first, rest, /*newlines=*/false);
  char sep;
  if (IsGerman(joined, &sep)) {
    ReadGerman(joined, sep, entry, problems);
  } else if (IsDutch(joined)) {
    ReadDutch(joined, entry);
  } else {
    joined = Concat(first, rest, /*newlines=*/true);
  }
  entry->narrative = std::move(joined);
}

}  // namespace moneytrail::ingest::bank::swift
