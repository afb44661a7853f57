#include "ingest/bank/mt940.h"

#include <string>
#include <vector>

#include "engine/core/currency.h"
#include "ingest/bank/swift_blocks.h"
#include "ingest/bank/swift_mt940_fields.h"
#include "ingest/bank/swift_narrative.h"
#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank {
namespace {

using swift::CleanLine;
using swift::LineCursor;
using swift::Sub;
using swift::TrimSpaces;

enum class Tag {
  k20,
  k21,
  k25,
  k28,
  k60F,
  k60M,
  k61,
  k62F,
  k62M,
  k64,
  k65,
  k86,
  k13,
  k13D,
  k34F,
  k90D,
  k90C,
  kNS,
  kUnknown
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "20", "28C", "NS": the tag syntax (not whether MT940 knows the tag).
bool IsTagName(std::string_view t) {
  if (t == "NS") return true;
  return (t.size() == 2 || t.size() == 3) && IsDigit(t[0]) && IsDigit(t[1]) &&
         (t.size() == 2 || (t[2] >= 'A' && t[2] <= 'Z'));
}

// ":TAG:value" -> TAG and value.
bool SplitTag(std::string_view line, std::string_view* tag, std::string_view* value) {
  if (line.size() < 4 || line[0] != ':') return false;
  size_t close = line.find(':', 1);
  if (close == std::string_view::npos || close > 4 || !IsTagName(line.substr(1, close - 1))) {
    return false;
  }
  *tag = line.substr(1, close - 1);
  *value = line.substr(close + 1);
  return true;
}

Tag Classify(std::string_view t) {
  static constexpr std::pair<std::string_view, Tag> kTags[] = {
      {"20", Tag::k20},   {"21", Tag::k21},   {"25", Tag::k25},   {"28", Tag::k28},
      {"28C", Tag::k28},  {"60F", Tag::k60F}, {"60M", Tag::k60M}, {"61", Tag::k61},
      {"62F", Tag::k62F}, {"62M", Tag::k62M}, {"64", Tag::k64},   {"65", Tag::k65},
      {"86", Tag::k86},   {"13", Tag::k13},   {"13D", Tag::k13D}, {"34F", Tag::k34F},
      {"90D", Tag::k90D}, {"90C", Tag::k90C}, {"NS", Tag::kNS}};
  for (const auto& [name, tag] : kTags) {
    if (name == t) return tag;
  }
  return Tag::kUnknown;
}

const char* BalanceType(Tag tag) {
  switch (tag) {
    case Tag::k60F:
      return "opening";
    case Tag::k60M:
      return "interim_opening";
    case Tag::k62F:
      return "closing";
    case Tag::k62M:
      return "interim_closing";
    case Tag::k64:
      return "available";
    default:
      return "forward_available";
  }
}

class Reader {
 public:
  Reader(const SwiftReadOptions& options, StatementFile* file)
      : options_(options), file_(file), issues_(&file->issues) {}

  void Run(std::string_view text) {
    LineCursor cursor(text);
    std::string_view line;
    while (cursor.Next(&line)) {
      if (!line.empty()) ProcessLine(line, cursor.line_number(), &cursor);
    }
    FlushField();
    CloseStatement();
    if (file_->statements.empty()) {
      bool fatal = false;
      for (const ReadIssue& i : file_->issues) fatal = fatal || i.fatal;
      if (!fatal) {
        issues_.Add(1, "",
                    text.find_first_not_of(" \t\r\n") == std::string_view::npos
                        ? "input is empty"
                        : "no MT940/MT942 statement found (no :20: field)",
                    true);
      }
    }
    bool all942 = !file_->statements.empty();
    for (const Statement& s : file_->statements) all942 = all942 && s.kind == "mt942";
    file_->format = all942 ? "mt942" : "mt940";
    issues_.Finish();
  }

 private:
  struct Field {
    bool open = false;
    Tag tag = Tag::kUnknown;
    std::string_view name, first;
    const char* rest_begin = nullptr;
    const char* rest_end = nullptr;
    uint64_t line = 0;
  };
  struct Pending {
    size_t index;
    std::string_view amount;
    uint64_t line;
  };

  // A line may hold several things ("-}{5:..}", "{1:..}{4::20:X", "${1:.."):
  // what follows a block header or '$' is processed as a line of its own.
  void ProcessLine(std::string_view line, uint64_t number, LineCursor* cursor) {
    while (!line.empty()) line = ProcessOne(line, number, cursor);
  }

  // Handles the start of `line`; returns what remains to process.
  std::string_view ProcessOne(std::string_view line, uint64_t number, LineCursor* cursor) {
    char c = line[0];
    bool end_marker = (c == '-' && (line.size() == 1 || line[1] == '}')) || c == '$';
    if (skipping_ && c != '{' && !end_marker) return {};
    std::string_view tag, value;
    if (c == ':') {
      if (SplitTag(line, &tag, &value)) {
        StartTag(tag, value, line, number);
        return {};
      }
      if (line == ":") {  // Sparkassen: ":" then "86:..." on the next line
        LineCursor peek = *cursor;
        std::string_view next;
        size_t colon;
        if (peek.Next(&next) && (colon = next.find(':')) != std::string_view::npos && colon <= 3 &&
            IsTagName(next.substr(0, colon)) && Classify(next.substr(0, colon)) != Tag::kUnknown) {
          *cursor = peek;
          StartTag(next.substr(0, colon), next.substr(colon + 1), next, cursor->line_number());
          return {};
        }
      }
    }
    if (c == '{') {
      FlushField();
      CloseStatement();
      return HandleHeader(line, number);
    }
    if (end_marker) {
      FlushField();
      CloseStatement();
      skipping_ = false;
      header_mt_.clear();
      if (c == '-') {  // "-}{5:{CHK:..}}{1:..}{2:..}{4:": the next message may follow
        std::string_view after = Sub(line, 2);
        return !after.empty() && (after[0] == '{' || after[0] == '$') ? after : std::string_view();
      }
      size_t next = line.find_first_not_of("$ \t");
      return next == std::string_view::npos ? std::string_view() : line.substr(next);
    }
    if (field_.open) {
      if (!field_.rest_begin) field_.rest_begin = line.data();
      field_.rest_end = line.data() + line.size();
    }
    // Otherwise: text outside statements (bank banners), ignored.
    return {};
  }

  void StartTag(std::string_view tag, std::string_view value, std::string_view line,
                uint64_t number) {
    Tag t = Classify(tag);
    if (t == Tag::kUnknown && field_.open && field_.tag == Tag::k86) {
      issues_.Warn(number, ":" + std::string(tag) + ":",
                   "line starts like a field tag MT940 does not know; read as part of the :86: "
                   "narrative");
      if (!field_.rest_begin) field_.rest_begin = line.data();
      field_.rest_end = line.data() + line.size();
      return;
    }
    FlushField();
    field_ = Field{true, t, tag, value, nullptr, nullptr, number};
  }

  // Returns the text after "{4:" on the line, if any.
  std::string_view HandleHeader(std::string_view line, uint64_t number) {
    swift::HeaderLine h = swift::ParseHeaderLine(line);
    skipping_ = false;
    header_mt_.clear();
    if (h.has_block1 && h.header.service != "01") {  // ACK/NAK, login, ...
      skipping_ = h.text_block4;
      return {};
    }
    std::string_view mt = h.header.mt;
    if (!mt.empty() && mt != "940" && mt != "942" && mt != "950") {
      issues_.Add(number, "block 2",
                  "message is an MT" + std::string(mt) + ", not an MT940/MT942; skipped");
      skipping_ = true;
      return {};
    }
    header_mt_.assign(mt);
    if (!h.text_block4) return {};
    // Not another '{': a line of nothing but "{4:{4:{4:..." must still end.
    std::string_view rest = CleanLine(h.rest);
    return !rest.empty() && rest[0] == '{' ? std::string_view() : rest;
  }

  void FlushField() {
    if (!field_.open) return;
    Field f = field_;
    field_.open = false;
    std::string_view rest;
    if (f.rest_begin) rest = std::string_view(f.rest_begin, f.rest_end - f.rest_begin);
    std::string name = ":" + std::string(f.name) + ":";
    if (f.first.size() + rest.size() > options_.max_field_bytes) {
      ReadIssue too_long{f.line, name,
                         "field is " + std::to_string(f.first.size() + rest.size()) +
                             " bytes, over the limit of " +
                             std::to_string(options_.max_field_bytes) +
                             " (max_field_bytes); skipped"};
      too_long.warning = f.tag != Tag::k61;  // only a :61: carries an entry
      issues_.Add(std::move(too_long));
      if (f.tag == Tag::k61) narrative_target_ = kDropped;
      if (f.tag == Tag::k20) OpenStatement(f.line, "");
      return;
    }
    if (f.tag == Tag::k20) {
      CloseStatement();
      OpenStatement(f.line, "");
      ref20_.assign(TrimSpaces(f.first));
      return;
    }
    if (!open_) OpenStatement(f.line, name);
    if (f.tag != Tag::k61 && f.tag != Tag::k86) narrative_target_ = kNone;
    problems_.clear();
    std::string fatal;
    bool ok = true;
    switch (f.tag) {
      case Tag::k21:
      case Tag::kNS:
      case Tag::k20:
        break;
      case Tag::k25:
        if (has25_) {
          ok = false;
          fatal = "a second :25: in one statement; the first (" + FullAccount() + ") is kept";
        } else {
          ReadAccount(f.first);
          if (!rest.empty()) problems_.push_back("continuation lines ignored");
        }
        break;
      case Tag::k28:
        ref28_.assign(TrimSpaces(f.first));
        break;
      case Tag::k60F:
      case Tag::k60M:
      case Tag::k62F:
      case Tag::k62M:
      case Tag::k64:
      case Tag::k65: {
        Balance b;
        ok = swift::ReadBalance(f.first, rest, &b, &problems_, &fatal);
        if (ok) AddBalance(std::move(b), f, name);
        break;
      }
      case Tag::k61:
        ok = ReadEntry(f, rest, &fatal);
        break;
      case Tag::k86:
        ReadNarrative(f, rest);
        break;
      case Tag::k34F: {
        std::string currency;
        seen942_ = true;
        ok = swift::ReadFloorLimit(f.first, &currency, &fatal);
        if (ok && st_.currency.empty()) st_.currency = currency;
        break;
      }
      case Tag::k13:
      case Tag::k13D:
        seen942_ = seen942_ || f.tag == Tag::k13D;
        ok = swift::ReadDateTime(f.first, f.tag == Tag::k13D, &fatal);
        break;
      case Tag::k90D:
      case Tag::k90C:
        seen942_ = true;
        ok = swift::ReadEntryCount(f.first, &fatal);
        break;
      case Tag::kUnknown:
        ok = false;
        fatal = "unknown tag; field skipped";
        break;
    }
    // Only an unreadable :61: loses an entry; any other field is a remark.
    for (std::string& p : problems_) issues_.Warn(f.line, name, std::move(p));
    if (!ok && f.tag == Tag::k61)
      issues_.Add(f.line, name, fatal.empty() ? "field not readable" : fatal);
    if (!ok && f.tag != Tag::k61)
      issues_.Warn(f.line, name, fatal.empty() ? "field not readable" : fatal);
  }

  void ReadAccount(std::string_view value) {
    has25_ = true;
    std::string account;
    for (char ch : value) {
      if (ch != ' ') account.push_back(ch);
    }
    size_t slash = account.find('/');
    if (slash != std::string::npos && swift::LooksLikeBic(account.substr(0, slash))) {
      st_.account_bic = account.substr(0, slash);
      st_.account = account.substr(slash + 1);
    } else {
      st_.account = std::move(account);
    }
  }

  std::string FullAccount() const {
    return st_.account_bic.empty() ? st_.account : st_.account_bic + "/" + st_.account;
  }

  void AddBalance(Balance b, const Field& f, const std::string& name) {
    b.type = BalanceType(f.tag);
    b.line = f.line;
    has_opening_ = has_opening_ || f.tag == Tag::k60F || f.tag == Tag::k60M;
    has_closing_ = has_closing_ || f.tag == Tag::k62F || f.tag == Tag::k62M;
    if (st_.currency.empty()) {
      st_.currency = b.currency;
    } else if (b.currency != st_.currency) {
      issues_.Warn(f.line, name,
                   "currency " + b.currency + " differs from the statement's " + st_.currency);
    }
    st_.balances.push_back(std::move(b));
  }

  bool ReadEntry(const Field& f, std::string_view rest, std::string* fatal) {
    narrative_target_ = kDropped;
    swift::EntryLine e;
    if (!swift::ReadEntryLine(f.first, rest, &e, &problems_, fatal)) {
      *fatal += "; entry dropped";
      return false;
    }
    e.entry.line = f.line;
    if (swift::IsIban(e.supplementary)) e.entry.counterparty_account = e.supplementary;
    e.entry.supplementary = std::move(e.supplementary);
    if (!st_.currency.empty()) {
      if (!ConvertAmount(&e.entry, e.amount_text, fatal)) {
        *fatal += "; entry dropped";
        return false;
      }
    } else {
      pending_.push_back({st_.entries.size(), e.amount_text, f.line});
    }
    narrative_target_ = kEntry;
    st_.entries.push_back(std::move(e.entry));
    return true;
  }

  bool ConvertAmount(StatementEntry* entry, std::string_view text, std::string* reason) {
    std::optional<Currency> currency = Currency::FromCode(st_.currency);
    if (!currency || !swift::ParseMtAmount(text, *currency, &entry->amount, reason)) return false;
    entry->currency = st_.currency;
    return true;
  }

  void ReadNarrative(const Field& f, std::string_view rest) {
    if (narrative_target_ == kDropped) return;  // the entry it explains was refused
    if (narrative_target_ != kEntry || st_.entries.empty()) {
      if (!st_.information.empty()) st_.information.push_back('\n');
      st_.information.append(swift::JoinNarrative(f.first, rest));
      return;
    }
    StatementEntry& entry = st_.entries.back();
    if (entry.narrative.empty()) {
      swift::ReadNarrative(f.first, rest, &entry, &problems_);
    } else {
      entry.narrative.push_back('\n');
      entry.narrative.append(swift::JoinNarrative(f.first, rest));
    }
  }

  void OpenStatement(uint64_t line, const std::string& implicit_by) {
    CloseStatement();
    st_ = Statement();
    st_.line = line;
    open_ = true;
    ref20_.clear();
    ref28_.clear();
    seen942_ = has25_ = has_opening_ = has_closing_ = false;
    narrative_target_ = kNone;
    pending_.clear();
    if (!implicit_by.empty()) {
      issues_.Warn(line, implicit_by, "field before any :20:; a statement starts without one");
    }
  }

  void CloseStatement() {
    if (!open_) return;
    open_ = false;
    if (!pending_.empty()) ResolvePending();
    st_.statement_id = ref28_.empty() ? ref20_ : ref20_ + "/" + ref28_;
    st_.kind = header_mt_ == "942" || (header_mt_.empty() && seen942_) ? "mt942"
               : header_mt_ == "950"                                   ? "mt950"
                                                                       : "mt940";
    if (!has25_) issues_.Warn(st_.line, ":25:", "account identification missing");
    if (st_.kind != "mt942") {
      if (!has_opening_) issues_.Warn(st_.line, ":60F:", "opening balance (:60F:/:60M:) missing");
      if (!has_closing_) issues_.Warn(st_.line, ":62F:", "closing balance (:62F:/:62M:) missing");
    }
    file_->statements.push_back(std::move(st_));
    st_ = Statement();
  }

  // Entries read before the statement named its currency.
  void ResolvePending() {
    std::vector<bool> drop(st_.entries.size(), false);
    for (const Pending& p : pending_) {
      std::string reason;
      if (st_.currency.empty()) {
        reason = "the statement names no currency (no readable balance), so amount '" +
                 swift::Excerpt(p.amount) + "' has no scale";
      } else if (ConvertAmount(&st_.entries[p.index], p.amount, &reason)) {
        continue;
      }
      issues_.Add(p.line, ":61:", reason + "; entry dropped");
      drop[p.index] = true;
    }
    pending_.clear();
    size_t out = 0;
    for (size_t i = 0; i < st_.entries.size(); ++i) {
      if (drop[i]) continue;
      if (out != i) st_.entries[out] = std::move(st_.entries[i]);
      ++out;
    }
    st_.entries.resize(out);
  }

  enum Target { kNone, kEntry, kDropped };

  const SwiftReadOptions& options_;
  StatementFile* file_;
  swift::IssueSink issues_;
  Field field_;
  bool skipping_ = false;
  std::string header_mt_;
  bool open_ = false;
  Statement st_;
  std::string ref20_, ref28_;
  bool seen942_ = false, has25_ = false, has_opening_ = false, has_closing_ = false;
  Target narrative_target_ = kNone;
  std::vector<Pending> pending_;
  std::vector<std::string> problems_;
};

}  // namespace

bool LooksLikeMt940(std::string_view head) {
  size_t b2 = head.find("{2:");
  if (b2 != std::string_view::npos) {
    std::string_view mt = Sub(head, b2 + 4, 3);
    return (Sub(head, b2 + 3, 1) == "I" || Sub(head, b2 + 3, 1) == "O") &&
           (mt == "940" || mt == "942" || mt == "950");
  }
  size_t t20 = head.starts_with(":20:") ? 0 : head.find("\n:20:");
  if (t20 == std::string_view::npos) return false;
  return head.find("\n:25:", t20) != std::string_view::npos;
}

StatementFile ReadMt940(std::string_view bytes, const SwiftReadOptions& options) {
  return swift::ReadDecoded<Reader>(bytes, options, "mt940");
}

}  // namespace moneytrail::ingest::bank
