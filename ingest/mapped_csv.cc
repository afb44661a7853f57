#include "ingest/mapped_csv.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/core/amount.h"
#include "engine/core/currency.h"

namespace moneytrail::ingest {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxMappedFieldBytes = 64 * 1024;

const std::set<std::string> kRoles = {"value_date",
                                      "booking_date",
                                      "amount",
                                      "debit",
                                      "credit",
                                      "counterparty_account",
                                      "counterparty_name",
                                      "counterparty_bic",
                                      "reference",
                                      "end_to_end_id",
                                      "uetr",
                                      "type_code"};

// One delimited record with RFC 4180 quotes, starting at `*pos`; advances
// `*pos` and `*line` past it. Returns false on an unterminated quote.
bool NextRecord(std::string_view text, char delim, size_t* pos, uint64_t* line,
                std::vector<std::string>* fields) {
  fields->assign(1, "");
  bool quoted = false;
  size_t i = *pos;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fields->back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++*line;
        fields->back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      fields->emplace_back();
    } else if (c == '\n') {
      ++i;
      break;
    } else if (c != '\r') {
      fields->back() += c;
    }
  }
  *pos = i;
  ++*line;
  return !quoted;
}

// Parses `text` by a pattern of YYYY YY MM DD HH mm ss and literal characters.
std::optional<Timestamp> ParseByFormat(std::string_view text, std::string_view format) {
  int64_t y = -1, mo = -1, d = -1, h = 0, mi = 0, s = 0;
  size_t t = 0;
  auto digits = [&](size_t n, int64_t* out) {
    if (t + n > text.size()) return false;
    int64_t v = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = text[t + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    *out = v;
    t += n;
    return true;
  };
  for (size_t f = 0; f < format.size();) {
    std::string_view rest = format.substr(f);
    bool ok = true;
    if (rest.rfind("YYYY", 0) == 0) {
      ok = digits(4, &y), f += 4;
    } else if (rest.rfind("YY", 0) == 0) {
      ok = digits(2, &y), f += 2;
      y += y < 80 ? 2000 : 1900;
    } else if (rest.rfind("MM", 0) == 0) {
      ok = digits(2, &mo), f += 2;
    } else if (rest.rfind("DD", 0) == 0) {
      ok = digits(2, &d), f += 2;
    } else if (rest.rfind("HH", 0) == 0) {
      ok = digits(2, &h), f += 2;
    } else if (rest.rfind("mm", 0) == 0) {
      ok = digits(2, &mi), f += 2;
    } else if (rest.rfind("ss", 0) == 0) {
      ok = digits(2, &s), f += 2;
    } else {
      ok = t < text.size() && text[t] == format[f];
      ++t, ++f;
    }
    if (!ok) return std::nullopt;
  }
  if (t != text.size() || y < 0 ||
      !IsValidCivilDate(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || s > 59) return std::nullopt;
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return Timestamp{days * Timestamp::kMicrosPerDay + (h * 3600 + mi * 60 + s) * 1000000};
}

}  // namespace

Result<CsvMapping> ParseCsvMapping(std::string_view json_text, const std::string& name) {
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::DataError(name + ": not a JSON object");
  }
  CsvMapping m;
  auto fail = [&](const std::string& path, const std::string& why) {
    return Status::DataError(name + ": " + path + ": " + why);
  };
  auto text = [&](const Json& v, const std::string& path, std::string* out) -> Status {
    if (!v.is_string()) return fail(path, "must be a string");
    *out = v.get<std::string>();
    return Status::Ok();
  };
  auto one_char = [&](const Json& v, const std::string& path, char* out) -> Status {
    std::string s;
    RETURN_IF_ERROR(text(v, path, &s));
    if (s.size() != 1) return fail(path, "must be one character");
    *out = s[0];
    return Status::Ok();
  };
  for (const auto& [key, v] : j.items()) {
    std::string path = "/" + key;
    if (key == "account") {
      RETURN_IF_ERROR(text(v, path, &m.account));
    } else if (key == "account_column") {
      RETURN_IF_ERROR(text(v, path, &m.account_column));
    } else if (key == "currency") {
      RETURN_IF_ERROR(text(v, path, &m.currency));
      if (!Currency::FromCode(m.currency)) return fail(path, "not an ISO 4217 code");
    } else if (key == "currency_column") {
      RETURN_IF_ERROR(text(v, path, &m.currency_column));
    } else if (key == "delimiter") {
      RETURN_IF_ERROR(one_char(v, path, &m.delimiter));
    } else if (key == "decimal") {
      RETURN_IF_ERROR(one_char(v, path, &m.decimal));
    } else if (key == "thousands") {
      RETURN_IF_ERROR(one_char(v, path, &m.thousands));
    } else if (key == "date_format") {
      RETURN_IF_ERROR(text(v, path, &m.date_format));
    } else if (key == "header_line") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() == 0)
        return fail(path, "a line number >= 1");
      m.header_line = v.get<uint64_t>();
    } else if (key == "columns") {
      if (!v.is_object()) return fail(path, "must be an object");
      for (const auto& [role, col] : v.items()) {
        if (!kRoles.count(role)) return fail(path + "/" + role, "unknown column role");
        RETURN_IF_ERROR(text(col, path + "/" + role, &m.columns[role]));
      }
    } else {
      return fail(path, "unknown key");
    }
  }
  if (m.account.empty() == m.account_column.empty())
    return fail("/account", "give exactly one of account and account_column");
  if (m.currency.empty() == m.currency_column.empty())
    return fail("/currency", "give exactly one of currency and currency_column");
  if (!m.columns.count("value_date")) return fail("/columns/value_date", "required");
  bool signed_amount = m.columns.count("amount") > 0;
  bool split = m.columns.count("debit") && m.columns.count("credit");
  if (signed_amount == split)
    return fail("/columns", "map either amount (signed) or both debit and credit");
  return m;
}

Result<CsvMapping> LoadCsvMapping(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("mapping " + path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCsvMapping(text.str(), path);
}

bank::StatementFile ReadMappedCsv(std::string_view bytes, const CsvMapping& m) {
  bank::StatementFile out;
  out.format = "mapped-csv";
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t pos = 0;
  uint64_t line = 1;
  std::vector<std::string> fields;
  while (line < m.header_line && pos < bytes.size())
    NextRecord(bytes, m.delimiter, &pos, &line, &fields);
  uint64_t header_at = line;
  if (pos >= bytes.size() || !NextRecord(bytes, m.delimiter, &pos, &line, &fields)) {
    out.issues.push_back({header_at, "header", "no header line", true});
    return out;
  }
  std::map<std::string, size_t> index;  // role -> column
  std::vector<std::pair<std::string, std::string>> needed(m.columns.begin(), m.columns.end());
  if (!m.account_column.empty()) needed.emplace_back("account", m.account_column);
  if (!m.currency_column.empty()) needed.emplace_back("currency", m.currency_column);
  for (const auto& [role, column] : needed) {
    auto it = std::find(fields.begin(), fields.end(), column);
    if (it == fields.end()) {
      out.issues.push_back(
          {header_at, "header", "no column '" + column + "' (" + role + ")", true});
      return out;
    }
    index[role] = static_cast<size_t>(it - fields.begin());
  }
  std::map<std::string, size_t> statement_of;  // own account -> statements
  while (pos < bytes.size()) {
    uint64_t at = line;
    if (!NextRecord(bytes, m.delimiter, &pos, &line, &fields)) {
      out.issues.push_back({at, "row", "unterminated quote"});
      continue;
    }
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    bool too_long = false;
    for (const std::string& f : fields) too_long |= f.size() > kMaxMappedFieldBytes;
    if (too_long) {
      out.issues.push_back({at, "row", "a field is longer than 64 KiB"});
      continue;
    }
    auto get = [&](const char* role) -> std::string {
      auto it = index.find(role);
      return it != index.end() && it->second < fields.size() ? fields[it->second] : "";
    };
    auto fail = [&](const char* role, const std::string& why) {
      auto it = m.columns.find(role);
      out.issues.push_back({at, it != m.columns.end() ? it->second : role, why});
    };
    bank::StatementEntry e;
    e.line = at;
    std::string own = m.account.empty() ? get("account") : m.account;
    e.currency = m.currency.empty() ? get("currency") : m.currency;
    auto currency = Currency::FromCode(e.currency);
    if (own.empty()) {
      fail("account", "empty: whose account is this row?");
      continue;
    }
    if (!currency) {
      fail("currency", "'" + e.currency + "' is not an ISO 4217 code");
      continue;
    }
    auto date = ParseByFormat(get("value_date"), m.date_format);
    if (!date) {
      fail("value_date", "'" + get("value_date") + "' does not match " + m.date_format);
      continue;
    }
    e.value_date = *date;
    if (index.count("booking_date") && !get("booking_date").empty()) {
      e.booking_date = ParseByFormat(get("booking_date"), m.date_format);
      if (!e.booking_date) {
        fail("booking_date", "'" + get("booking_date") + "' does not match " + m.date_format);
        continue;
      }
    }
    auto amount = [&](std::string raw) -> Result<int64_t> {
      std::string s;
      for (char c : raw) {
        if (c == m.thousands || c == ' ') continue;
        s += c == m.decimal ? '.' : c;
      }
      if (s.empty()) return int64_t{0};
      return ParseMinorUnits(s, currency->minor_digits(), true);
    };
    int64_t value = 0;
    const char* amount_role = index.count("amount") ? "amount" : "debit";
    if (index.count("amount")) {
      auto v = amount(get("amount"));
      if (!v.ok()) {
        fail("amount", v.status().message());
        continue;
      }
      value = *v;
    } else {
      auto debit = amount(get("debit"));
      auto credit = amount(get("credit"));
      if (!debit.ok() || !credit.ok()) {
        fail(debit.ok() ? "credit" : "debit", (debit.ok() ? credit : debit).status().message());
        continue;
      }
      if ((*debit != 0) == (*credit != 0) || *debit < 0 || *credit < 0) {
        fail("debit", "exactly one of debit and credit must hold a positive amount");
        continue;
      }
      value = *credit != 0 ? *credit : -*debit;
    }
    if (value == 0) {
      fail(amount_role, "zero amount");
      continue;
    }
    e.credit = value > 0;
    e.amount = value > 0 ? value : -value;
    e.counterparty_account = get("counterparty_account");
    e.counterparty_name = get("counterparty_name");
    e.counterparty_bic = get("counterparty_bic");
    e.remittance = get("reference");
    e.end_to_end_id = get("end_to_end_id");
    e.uetr = get("uetr");
    for (char& c : e.uetr) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    e.type_code = get("type_code");
    auto [it, added] = statement_of.emplace(own, out.statements.size());
    if (added) {
      bank::Statement s;
      s.line = at;
      s.kind = "mapped-csv";
      s.statement_id = "csv";
      s.account = own;
      s.currency = e.currency;
      out.statements.push_back(std::move(s));
    }
    out.statements[it->second].entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace moneytrail::ingest
