#include "ingest/bank/swift_blocks.h"

#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank::swift {
namespace {

bool IsAlnumUpper(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool IsTerminal(std::string_view lt) {
  if (lt.size() != 12) return false;
  for (char c : lt) {
    if (!IsAlnumUpper(c)) return false;
  }
  return true;
}

// Index of the '}' that closes the block whose content starts at `from`
// (nested braces counted), npos when it never closes.
size_t CloseBrace(std::string_view text, size_t from) {
  int depth = 1;
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == '{') {
      ++depth;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "{id:" at `pos`: the id (1-3 letters or digits), or empty.
std::string_view BlockId(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '{') return {};
  for (size_t i = pos + 1; i < text.size() && i <= pos + 4; ++i) {
    if (text[i] == ':') return i > pos + 1 ? text.substr(pos + 1, i - pos - 1) : std::string_view();
    if (!IsAlnumUpper(text[i])) return {};
  }
  return {};
}

int BlockIndex(std::string_view id) {
  if (id.size() == 1 && id[0] >= '1' && id[0] <= '5') return id[0] - '0';
  return 0;  // "S" (system trailer) and others: kept nowhere
}

bool IsBlank(char c) {
  return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\x01' || c == '\x03' || c == '\0';
}

// Line numbers of increasing offsets, in linear time overall.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  uint64_t At(size_t offset) {
    if (offset < pos_) {  // never happens in order; stay correct anyway
      pos_ = 0;
      line_ = 1;
    }
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) line_ += text_[pos_] == '\n';
    return line_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
};

}  // namespace

bool ParseBlock1(std::string_view c, BlockHeader* h) {
  if (c.size() < 15 || (c[0] != 'F' && c[0] != 'A' && c[0] != 'L')) return false;
  if (!IsDigits(c.substr(1, 2)) || !IsTerminal(c.substr(3, 12))) return false;
  h->app_id = c[0];
  h->service = c.substr(1, 2);
  h->block1_lt = c.substr(3, 12);
  return true;
}

bool ParseBlock2(std::string_view c, BlockHeader* h) {
  if (c.size() < 4 || (c[0] != 'I' && c[0] != 'O') || !IsDigits(c.substr(1, 3))) return false;
  h->direction = c[0];
  h->mt = c.substr(1, 3);
  if (c[0] == 'I') {
    if (c.size() < 16 || !IsTerminal(c.substr(4, 12))) return false;
    h->counterpart_lt = c.substr(4, 12);
    return true;
  }
  // Output: input time (4), MIR = date (6) + sender terminal (12) + session
  // (4) + sequence (6), output date (6) and time (4), priority.
  if (c.size() < 26 || !IsDigits(c.substr(4, 10)) || !IsTerminal(c.substr(14, 12))) return false;
  h->counterpart_lt = c.substr(14, 12);
  return true;
}

std::string BicOfTerminal(std::string_view lt) {
  if (!IsTerminal(lt)) return {};
  std::string bic(lt.substr(0, 8));
  if (lt.substr(9, 3) != "XXX") bic.append(lt.substr(9, 3));
  return bic;
}

std::string_view SubBlock(std::string_view block, std::string_view tag) {
  size_t pos = 0;
  while ((pos = block.find('{', pos)) != std::string_view::npos) {
    std::string_view id = BlockId(block, pos);
    size_t start = pos + 2 + id.size();
    if (id == tag) {
      size_t end = block.find('}', start);
      return block.substr(start, end == std::string_view::npos ? end : end - start);
    }
    pos = start;
  }
  return {};
}

std::vector<RawMessage> SplitMessages(std::string_view text, IssueSink* issues) {
  std::vector<RawMessage> messages;
  LineCounter lines(text);
  size_t pos = 0;
  while (pos < text.size() && IsBlank(text[pos])) ++pos;
  if (pos < text.size() && text[pos] == ':') {
    RawMessage m;
    m.line = lines.At(pos);
    m.whole = text;
    m.bare = true;
    m.text_block4 = true;
    m.has[4] = true;
    m.block[4] = text;
    m.block4_line = 1;
    messages.push_back(m);
    return messages;
  }
  RawMessage current;
  bool open = false;
  size_t start = 0;
  auto close = [&](size_t end) {
    if (!open) return;
    current.whole = text.substr(start, end - start);
    messages.push_back(current);
    current = RawMessage();
    open = false;
  };
  while (pos < text.size()) {
    char c = text[pos];
    if (IsBlank(c)) {
      ++pos;
      continue;
    }
    if (c == '$') {
      close(pos);
      ++pos;
      continue;
    }
    std::string_view id = c == '{' ? BlockId(text, pos) : std::string_view();
    if (id.empty()) {
      size_t next = text.find_first_of("{$", pos + 1);
      if (next == std::string_view::npos) next = text.size();
      issues->Add(
          {lines.At(pos), "message",
           "text outside any block ignored: '" + Excerpt(text.substr(pos, next - pos)) + "'",
           false});
      pos = next;
      continue;
    }
    int index = BlockIndex(id);
    bool any = false;
    for (bool h : current.has) any = any || h;
    if (open && ((index == 1 && any) || (index > 0 && current.has[index]))) close(pos);
    if (!open) {
      open = true;
      start = pos;
      current.line = lines.At(pos);
    }
    size_t content = pos + 2 + id.size();
    size_t end;       // end of the content
    size_t next_pos;  // after the block
    if (index == 4 && content < text.size() && (text[content] == '\r' || text[content] == '\n')) {
      size_t term = text.find("\n-}", content);
      current.text_block4 = true;
      current.block4_line = lines.At(pos);
      if (term == std::string_view::npos) {
        ReadIssue unterminated{
            lines.At(pos), "block 4",
            "text block never ends ('-}' missing); read to the end of the input"};
        unterminated.warning = true;
        issues->Add(std::move(unterminated));
        end = next_pos = text.size();
      } else {
        end = term + 1;
        next_pos = term + 3;
      }
    } else {
      size_t close_brace = CloseBrace(text, content);
      if (close_brace == std::string_view::npos) {
        issues->Add({lines.At(pos), "block " + std::string(id),
                     "block never closes ('}' missing); the rest of the input is skipped", false});
        end = next_pos = text.size();
      } else {
        end = close_brace;
        next_pos = close_brace + 1;
      }
    }
    if (index > 0) {
      current.block[index] = text.substr(content, end - content);
      current.has[index] = true;
    }
    pos = next_pos;
  }
  close(text.size());
  return messages;
}

HeaderLine ParseHeaderLine(std::string_view line) {
  HeaderLine out;
  size_t pos = 0;
  while (pos < line.size()) {
    std::string_view id = BlockId(line, pos);
    if (id.empty()) break;
    size_t content = pos + 2 + id.size();
    if (id == "1" && (out.has_block1 || out.service_block4)) out = HeaderLine();  // next message
    if (id == "4" && !(content < line.size() && line[content] == '{')) {
      out.text_block4 = true;
      out.rest = line.substr(content);
      break;
    }
    out.service_block4 = out.service_block4 || id == "4";
    size_t close = CloseBrace(line, content);
    if (close == std::string_view::npos) break;
    std::string_view body = line.substr(content, close - content);
    if (id == "1") out.has_block1 = ParseBlock1(body, &out.header);
    if (id == "2") out.has_block2 = ParseBlock2(body, &out.header);
    pos = close + 1;
  }
  return out;
}

}  // namespace moneytrail::ingest::bank::swift
