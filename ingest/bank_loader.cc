// Loading what banks send: MT940/MT942, camt.05x, MT103 and mapped CSV files
// become transactions and accounts (bank_records.h), the two sightings of one
// payment become one record, and every statement's balances are checked. The
// whole file is one atomic commit, so a killed load leaves nothing behind.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/sha256.h"
#include "ingest/bank/camt.h"
#include "ingest/bank/mt103.h"
#include "ingest/bank/mt940.h"
#include "ingest/bank_records.h"
#include "ingest/load_batch.h"
#include "ingest/loader.h"
#include "ingest/mapped_csv.h"

namespace moneytrail::ingest {
namespace {

constexpr uint64_t kMaxBankFileBytes = 1ull << 30;

// The text of line `line` (1-based) of `bytes`, for rejects and conflicts
// (empty for a streamed file: its issues name the line instead).
class Lines {
 public:
  explicit Lines(std::string_view bytes) : bytes_(bytes) {
    starts_.push_back(0);
    for (size_t i = 0; i < bytes.size(); ++i)
      if (bytes[i] == '\n') starts_.push_back(i + 1);
  }
  std::string_view Line(uint64_t line) const {
    if (line == 0 || line > starts_.size()) return {};
    size_t b = starts_[line - 1];
    size_t e = line < starts_.size() ? starts_[line] : bytes_.size();
    while (e > b && (bytes_[e - 1] == '\n' || bytes_[e - 1] == '\r')) --e;
    return bytes_.substr(b, e - b);
  }

 private:
  std::string_view bytes_;
  std::vector<size_t> starts_;
};

std::string Money(int64_t minor, const std::string& currency) {
  auto c = Currency::FromCode(currency);
  return FormatMinorUnits(minor, c ? c->minor_digits() : 2) + " " + currency;
}

}  // namespace

std::optional<std::string> DetectBankFormat(std::string_view head) {
  if (bank::LooksLikeCamt(head)) return "camt";
  if (bank::LooksLikeMt103(head)) return "mt103";
  if (bank::LooksLikeMt940(head)) return "mt940";
  return std::nullopt;
}

Result<LoadReport> LoadBankFile(storage::Store* store, const std::string& path,
                                const std::string& name, const std::string& format,
                                const LoadOptions& options) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound(name + ": cannot open: " + ec.message());
  if (size == 0) return Status::DataError(name + ":1: the file is empty");
  // camt is streamed (bounded memory whatever the file's size); the other
  // formats are read whole, up to 1 GiB.
  const bool stream = format == "camt";
  if (!stream && size > kMaxBankFileBytes) {
    return Status::DataError(name + ": larger than 1 GiB; split the file");
  }
  std::string bytes;
  Sha256 hash;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(name + ": cannot open");
    std::string chunk(1 << 20, '\0');
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      std::string_view got(chunk.data(), static_cast<size_t>(in.gcount()));
      if (got.find('\0') != std::string_view::npos) {
        return Status::DataError(name + ": binary data (a NUL byte); not a bank file");
      }
      hash.Update(got);
      if (!stream) bytes.append(got);
    }
    if (in.bad()) return Status::IOError(name + ": read failed");
  }

  bank::StatementFile parsed;
  if (format == "mapped-csv") {
    ASSIGN_OR_RETURN(CsvMapping mapping, LoadCsvMapping(options.mapping_path));
    parsed = ReadMappedCsv(bytes, mapping);
  } else if (stream) {
    bank::CamtReadOptions o;
    o.include_pending = options.include_pending;
    parsed = bank::ReadCamtFile(path, o);
  } else if (format == "mt103") {
    parsed = bank::ReadMt103(bytes);
  } else {
    parsed = bank::ReadMt940(bytes);
  }
  for (const bank::ReadIssue& issue : parsed.issues) {
    if (issue.fatal && parsed.statements.empty() && parsed.payments.empty()) {
      return Status::DataError(name + ":" + std::to_string(issue.line) + ": " + issue.field + ": " +
                               issue.reason);
    }
  }

  LoadReport report;
  report.file = name;
  report.kind = RecordKind::kTransactions;
  report.format = parsed.format.empty() ? format : parsed.format;
  report.sha256 = hash.HexDigest();
  ASSIGN_OR_RETURN(auto existing, store->FindSourceBySha256(report.sha256));
  SourceFile source;
  if (existing) {
    source = *existing;
    report.already_loaded = source.complete;
    source.loaded = source.duplicates = source.conflicts = source.rejected = 0;
  } else {
    source.source_id = store->next_source_id();
    source.name = name;
    source.size = size;
    source.sha256 = report.sha256;
    source.loaded_at = internal::NowUtc();
    source.kind = RecordKind::kTransactions;
    source.origin = options.origin;
    source.handling = options.handling;
    source.consent = options.consent;
  }
  report.source_id = source.source_id;

  std::string rejects_dir =
      options.rejects_dir.empty() ? store->path() + "/rejects" : options.rejects_dir;
  RejectsFile rejects(rejects_dir + "/" + std::to_string(source.source_id) + "-" +
                          std::filesystem::path(name).filename().string() + ".rejects.jsonl",
                      name);
  RETURN_IF_ERROR(rejects.Open(0));
  ASSIGN_OR_RETURN(storage::FxTable fx, store->LoadFxRates());
  ParseContext ctx{store->base_currency(), &fx};
  BankRecords records = ToRecords(parsed, source.source_id, ctx, options.include_pending);

  std::vector<PaymentMatch> matches;
  RETURN_IF_ERROR(MatchPayments(*store, &records.transactions, &matches));
  for (const PaymentMatch& m : matches) {
    if (m.ambiguous) {
      ++report.ambiguous;
      std::string list;
      for (const std::string& c : m.candidates) list += (list.empty() ? "" : ", ") + c;
      report.matches.push_back(name + ":" + std::to_string(m.line) + ": ambiguous: " + m.tx_id +
                               " could be the same payment as " + list +
                               "; kept as its own record, not merged");
    } else {
      ++report.matched;
      report.matches.push_back(name + ":" + std::to_string(m.line) + ": matched " + m.tx_id +
                               " = " + m.matched_id + " (by " + m.by + ")");
    }
  }
  for (const StatementCheck& c : records.checks) {
    if (c.balanced()) continue;
    ++report.unbalanced;
    report.checks.push_back(
        name + ":" + std::to_string(c.line) + ": statement " + c.statement_id + " of " + c.account +
        ": opening " + Money(c.opening, c.currency) + " + entries " + Money(c.entries, c.currency) +
        " = " + Money(c.opening + c.entries, c.currency) + ", but the closing balance is " +
        Money(c.closing, c.currency) + " (difference " +
        Money(c.closing - c.opening - c.entries, c.currency) + "): a missing page or entry?");
  }
  report.pending_skipped = records.pending_skipped;

  internal::LoadState state{store,
                            &fx,
                            &source,
                            &report,
                            &rejects,
                            name,
                            !existing && !report.already_loaded,
                            store->next_seq() == 1,
                            internal::IdHashes()};
  internal::Batch batch(&state);
  Lines lines(bytes);
  // One reject per line: a reader's issue and the refusal of the same entry
  // are one fault seen twice.
  std::map<uint64_t, std::pair<std::string, std::string>> refused;  // line -> field, reason
  auto refuse = [&](uint64_t line, const std::string& field, const std::string& reason) {
    auto [it, added] = refused.emplace(line, std::make_pair(field, reason));
    if (!added && it->second.second.find(reason) == std::string::npos) {
      it->second.second += "; " + field + ": " + reason;
    }
  };
  for (const bank::ReadIssue& issue : parsed.issues) refuse(issue.line, issue.field, issue.reason);
  for (const RefusedEntry& r : records.refused) refuse(r.line, r.field, r.reason);
  for (const auto& [line, why] : refused)
    batch.Reject(line, why.first, why.second, lines.Line(line));
  for (Account& a : records.accounts) {
    // Accounts a statement reveals are facts derived from it: an account
    // already known keeps its record, without a conflict.
    ASSIGN_OR_RETURN(auto known, store->GetAccount(a.account_id));
    if (known) continue;
    std::string_view raw = lines.Line(a.provenance.line);
    batch.Add(std::move(a), raw);
  }
  for (Transaction& tx : records.transactions) {
    std::string_view raw = lines.Line(tx.provenance.line);
    batch.Add(std::move(tx), raw);
  }
  RETURN_IF_ERROR(batch.Commit(UINT64_MAX, size, true));
  report.loaded = source.loaded;
  report.duplicates = source.duplicates;
  report.conflicts = source.conflicts;
  report.rejected = source.rejected;
  if (!rejects.empty()) report.rejects_path = rejects.path();
  return report;
}

}  // namespace moneytrail::ingest
