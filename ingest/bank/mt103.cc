#include "ingest/bank/mt103.h"

#include <string>
#include <vector>

#include "engine/core/currency.h"
#include "ingest/bank/mt940.h"
#include "ingest/bank/swift_blocks.h"
#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank {
namespace {

using swift::LineCursor;
using swift::PopLine;
using swift::Sub;
using swift::TrimSpaces;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// 8-4-4-4-12 hexadecimal digits.
bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  return true;
}

struct Field {
  std::string_view tag;
  uint64_t line = 0;
  std::vector<std::string_view> lines;  // cleaned, non-empty; [0] is after the tag
};

// The fields of a block 4 text; lines before the first tag are ignored.
std::vector<Field> SplitFields(std::string_view text, uint64_t first_line) {
  std::vector<Field> fields;
  LineCursor cursor(text, first_line);
  std::string_view line;
  while (cursor.Next(&line)) {
    size_t close = line.size() > 3 && line[0] == ':' ? line.find(':', 1) : std::string_view::npos;
    if (close != std::string_view::npos && close >= 3 && close <= 4 && IsDigit(line[1]) &&
        IsDigit(line[2]) && (close == 3 || (line[3] >= 'A' && line[3] <= 'Z'))) {
      fields.push_back({line.substr(1, close - 1), cursor.line_number(), {line.substr(close + 1)}});
    } else if (!fields.empty() && !line.empty()) {
      fields.back().lines.push_back(line);
    }
  }
  return fields;
}

size_t FieldBytes(const Field& f) {
  size_t n = 0;
  for (std::string_view l : f.lines) n += l.size() + 1;
  return n;
}

// Party fields 50a / 59a: "[/account]" then the name (option K and none),
// the BIC (option A) or "1/name" lines (option F).
void ReadParty(const Field& f, std::string* account, std::string* name) {
  char option = f.tag.size() == 3 ? f.tag[2] : ' ';
  size_t i = 0;
  if (!f.lines.empty() && !f.lines[0].empty() && f.lines[0][0] == '/') {
    account->assign(TrimSpaces(f.lines[0].substr(1)));
    i = 1;
  } else if (option == 'F' && !f.lines.empty()) {
    i = 1;  // a party identifier such as "NIDN/DE/1234": not an account
  }
  if (option == 'F') {
    for (; i < f.lines.size(); ++i) {
      if (!f.lines[i].starts_with("1/")) continue;
      if (!name->empty()) name->push_back(' ');
      name->append(TrimSpaces(f.lines[i].substr(2)));
    }
  } else if (i < f.lines.size()) {
    name->assign(TrimSpaces(f.lines[i]));
  }
}

// Institution fields 52a / 57a: "[/party identifier]" then the BIC (A), a
// location (B) or the name (D); option C is the identifier alone.
void ReadInstitution(const Field& f, std::string* out) {
  size_t i = !f.lines.empty() && !f.lines[0].empty() && f.lines[0][0] == '/' ? 1 : 0;
  if (i < f.lines.size()) {
    out->assign(TrimSpaces(f.lines[i]));
  } else if (!f.lines.empty()) {
    out->assign(TrimSpaces(Sub(f.lines[0], 1)));
  }
}

class Reader {
 public:
  Reader(const SwiftReadOptions& options, StatementFile* file)
      : options_(options), file_(file), issues_(&file->issues) {}

  void Run(std::string_view text) {
    std::vector<swift::RawMessage> messages = swift::SplitMessages(text, &issues_);
    for (const swift::RawMessage& m : messages) ReadMessage(m);
    if (messages.empty()) {
      issues_.Add(1, "",
                  text.find_first_not_of(" \t\r\n") == std::string_view::npos
                      ? "input is empty"
                      : "no SWIFT message found (no {1: block and no field)",
                  true);
    }
    issues_.Finish();
  }

 private:
  void ReadMessage(const swift::RawMessage& m) {
    swift::BlockHeader h;
    bool b1 = m.has[1] && swift::ParseBlock1(m.block[1], &h);
    if (m.has[1] && !b1) {
      issues_.Add(m.line, "block 1",
                  "basic header '" + swift::Excerpt(m.block[1]) + "' is malformed");
    }
    if (b1 && h.service != "01") {
      if (h.service == "21") ReadAck(m);
      return;  // service messages (ACK/NAK, login, ...) carry no payment
    }
    bool b2 = m.has[2] && swift::ParseBlock2(m.block[2], &h);
    if (m.has[2] && !b2 && h.mt.empty()) {
      issues_.Add(m.line, "block 2",
                  "application header '" + swift::Excerpt(m.block[2]) + "' is malformed");
    }
    std::string_view mt = h.mt;
    if (mt == "940" || mt == "942" || mt == "950" || (m.bare && LooksLikeMt940(m.whole))) {
      ReadStatements(m);
      return;
    }
    if (!mt.empty() && mt != "103") {
      issues_.Add(m.line, "block 2",
                  "message is an MT" + std::string(mt) + ", not an MT103; skipped");
      return;
    }
    if (!m.has[4] || !m.text_block4) {
      issues_.Add(m.line, "block 4", "message has no text block; skipped");
      return;
    }
    std::vector<Field> fields = SplitFields(m.block[4], m.block4_line);
    bool has32a = false;
    for (const Field& f : fields) has32a = has32a || f.tag == "32A";
    if (mt.empty() && !has32a) {
      issues_.Add(m.line, "block 2", "message names no type and has no :32A:; not an MT103");
      return;
    }
    PaymentMessage p;
    p.line = m.line;
    if (h.direction == 'O') {
      p.sender_bic = swift::BicOfTerminal(h.counterpart_lt);
      if (b1) p.receiver_bic = swift::BicOfTerminal(h.block1_lt);
    } else {
      if (b1) p.sender_bic = swift::BicOfTerminal(h.block1_lt);
      p.receiver_bic = swift::BicOfTerminal(h.counterpart_lt);
    }
    if (m.has[3]) {
      std::string_view uetr = swift::SubBlock(m.block[3], "121");
      if (IsUuid(uetr)) {
        for (char c : uetr) p.uetr.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      } else if (!uetr.empty()) {
        issues_.Warn(m.line, "121", "UETR '" + swift::Excerpt(uetr) + "' is not a UUID; left out");
      }
    }
    if (ReadFields(fields, m.line, &p)) file_->payments.push_back(std::move(p));
  }

  void ReadAck(const swift::RawMessage& m) {
    std::string_view result = m.has[4] ? swift::SubBlock(m.block[4], "451") : std::string_view();
    if (result == "0") return;
    if (result == "1") {
      std::string_view reason = swift::SubBlock(m.block[4], "405");
      issues_.Warn(m.line, "451",
                   "NAK: the network rejected the message this acknowledgement belongs to" +
                       (reason.empty() ? std::string() : " (error " + std::string(reason) + ")"));
      return;
    }
    issues_.Warn(m.line, "451", "ACK/NAK without a readable {451:0} or {451:1}; ignored");
  }

  // Returns false when the message has no usable :32A:.
  bool ReadFields(const std::vector<Field>& fields, uint64_t line, PaymentMessage* p) {
    bool seen20 = false, seen23 = false, seen50 = false, seen59 = false, seen71 = false;
    bool amount_ok = false;
    for (const Field& f : fields) {
      std::string tag(f.tag);
      if (FieldBytes(f) > options_.max_field_bytes) {
        ReadIssue too_long{
            f.line, tag,
            "field is " + std::to_string(FieldBytes(f)) + " bytes, over the limit of " +
                std::to_string(options_.max_field_bytes) + " (max_field_bytes); skipped"};
        too_long.warning = tag != "32A";  // without its :32A: the message is lost
        issues_.Add(std::move(too_long));
        continue;
      }
      std::string_view first = TrimSpaces(f.lines[0]);
      std::string reason;
      if (tag == "20") {
        seen20 = true;
        p->sender_reference.assign(first);
      } else if (tag == "23B") {
        seen23 = true;
        if (first.size() != 4)
          reason = "bank operation code '" + swift::Excerpt(first) + "' is not 4 characters";
      } else if (tag == "32A") {
        std::optional<swift::CivilDate> date = swift::ParseYymmdd(Sub(first, 0, 6));
        if (!date) {
          reason = "value date '" + swift::Excerpt(Sub(first, 0, 6)) +
                   "' is not a calendar date (YYMMDD)";
        } else if (ReadAmount(Sub(first, 6), &p->currency, &p->amount, &reason)) {
          p->value_date = swift::ToTimestamp(*date);
          amount_ok = true;
        }
        if (!reason.empty()) reason += "; message skipped";
      } else if (tag == "33B") {
        int64_t amount;
        if (ReadAmount(first, &p->instructed_currency, &amount, &reason)) {
          p->instructed_amount = amount;
        }
      } else if (tag == "50A" || tag == "50F" || tag == "50K") {
        seen50 = true;
        ReadParty(f, &p->ordering_account, &p->ordering_name);
      } else if (tag == "59" || tag == "59A" || tag == "59F") {
        seen59 = true;
        ReadParty(f, &p->beneficiary_account, &p->beneficiary_name);
      } else if (tag == "52A" || tag == "52D") {
        ReadInstitution(f, &p->ordering_institution);
      } else if (tag == "57A" || tag == "57B" || tag == "57C" || tag == "57D") {
        ReadInstitution(f, &p->beneficiary_institution);
      } else if (tag == "70") {
        for (std::string_view l : f.lines) {
          if (!p->remittance.empty()) p->remittance.push_back('\n');
          p->remittance.append(l);
        }
      } else if (tag == "71A") {
        seen71 = true;
        p->charges.assign(first);
        if (first != "OUR" && first != "SHA" && first != "BEN") {
          reason = "charges '" + swift::Excerpt(first) + "' are not OUR, SHA or BEN";
        }
      }
      // A bad :32A: loses the message; any other field is a remark on it.
      if (!reason.empty() && tag == "32A") issues_.Add(f.line, tag, std::move(reason));
      if (!reason.empty() && tag != "32A") issues_.Warn(f.line, tag, std::move(reason));
    }
    auto missing = [&](bool seen, const char* tag) {
      if (!seen) issues_.Warn(line, tag, std::string("mandatory field :") + tag + ": missing");
    };
    missing(seen20, "20");
    missing(seen23, "23B");
    missing(seen50, "50a");
    missing(seen59, "59a");
    missing(seen71, "71A");
    if (!amount_ok) {
      bool seen32 = false;
      for (const Field& f : fields) seen32 = seen32 || f.tag == "32A";
      if (!seen32) issues_.Add(line, "32A", "mandatory field :32A: missing; message skipped");
    }
    return amount_ok;
  }

  // "EUR1234,56" into currency and minor units.
  bool ReadAmount(std::string_view s, std::string* currency, int64_t* amount, std::string* reason) {
    std::optional<Currency> c = Currency::FromCode(Sub(s, 0, 3));
    if (!c) {
      *reason = "currency '" + swift::Excerpt(Sub(s, 0, 3)) + "' is not an ISO 4217 code";
      return false;
    }
    if (!swift::ParseMtAmount(Sub(s, 3), *c, amount, reason)) return false;
    currency->assign(s.substr(0, 3));
    return true;
  }

  // An MT940/MT942/MT950 inside the batch: read by ReadMt940, with this
  // file's line numbers.
  void ReadStatements(const swift::RawMessage& m) {
    SwiftReadOptions options = options_;
    options.latin1 = false;  // already UTF-8
    StatementFile statements = ReadMt940(m.whole, options);
    uint64_t offset = m.line - 1;
    for (ReadIssue& i : statements.issues) {
      i.line += offset;
      i.fatal = false;  // fatal for that message, not for the batch
      issues_.Add(std::move(i));
    }
    for (Statement& s : statements.statements) {
      s.line += offset;
      for (Balance& b : s.balances) b.line += offset;
      for (StatementEntry& e : s.entries) e.line += offset;
      file_->statements.push_back(std::move(s));
    }
  }

  SwiftReadOptions options_;
  StatementFile* file_;
  swift::IssueSink issues_;
};

}  // namespace

bool LooksLikeMt103(std::string_view head) {
  size_t b2 = head.find("{2:");
  if (b2 != std::string_view::npos) {
    return (Sub(head, b2 + 3, 1) == "I" || Sub(head, b2 + 3, 1) == "O") &&
           Sub(head, b2 + 4, 3) == "103";
  }
  size_t t20 = head.starts_with(":20:") ? 0 : head.find("\n:20:");
  return t20 != std::string_view::npos && head.find("\n:32A:", t20) != std::string_view::npos;
}

StatementFile ReadMt103(std::string_view bytes, const SwiftReadOptions& options) {
  return swift::ReadDecoded<Reader>(bytes, options, "mt103");
}

}  // namespace moneytrail::ingest::bank
