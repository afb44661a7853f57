// Loading what banks send: MT940/MT942, camt.05x, MT103 and mapped CSV files
// become transactions and accounts (bank_records.h), the two sightings of one
// payment become one record, and every statement's balances are checked. The
// formats read whole are one atomic commit each, so a killed load leaves
// nothing behind; camt is streamed and committed in batches, each with the
// line to resume at, so a killed load finishes when run again.
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
// Entries per commit of a streamed camt file: bounds the memory of a load.
constexpr size_t kCamtBatch = 50'000;

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

// A bank file's load: chunks of what the reader found become records, are
// matched against the payments already known and go into the store in
// batches. MT940, MT103 and mapped CSV come as one chunk (one atomic commit);
// camt comes as a stream of chunks of up to batch_entries entries, each
// committed with the line to resume at, so memory stays bounded by a batch.
class BankLoad {
 public:
  BankLoad(storage::Store* store, const std::string& name, const LoadOptions& options,
           internal::LoadState* state, LoadReport* report, RejectsFile* warnings,
           const Lines* lines)
      : store_(store),
        name_(name),
        options_(options),
        state_(state),
        report_(report),
        warnings_(warnings),
        lines_(lines),
        batch_(state) {}

  // Turns `chunk` into records and adds them to the batch. A reader issue
  // that lost an entry is a reject; a warning is reported and written to the
  // warnings file; neither aborts the load.
  Status Add(const bank::StatementFile& chunk) {
    BankRecords records =
        ToRecords(chunk, state_->source->source_id,
                  ParseContext{store_->base_currency(), state_->fx}, options_.include_pending);
    std::vector<PaymentMatch> matches;
    RETURN_IF_ERROR(MatchPayments(*store_, &records.transactions, &matches));
    for (const PaymentMatch& m : matches) ReportMatch(m);
    for (const StatementCheck& c : records.checks) ReportCheck(c);
    report_->pending_skipped += records.pending_skipped;

    // One reject per line: a reader's issue and the refusal of the same entry
    // are one fault seen twice.
    std::map<uint64_t, std::pair<std::string, std::string>> refused;  // line -> field, reason
    auto refuse = [&](uint64_t line, const std::string& field, const std::string& reason) {
      auto [it, added] = refused.emplace(line, std::make_pair(field, reason));
      if (!added && it->second.second.find(reason) == std::string::npos) {
        it->second.second += "; " + field + ": " + reason;
      }
    };
    std::vector<Reject> warned;
    for (const bank::ReadIssue& issue : chunk.issues) {
      if (!issue.warning) {
        refuse(issue.line, issue.field, issue.reason);
        continue;
      }
      Reject w{issue.line, issue.field, issue.reason, std::string(lines_->Line(issue.line))};
      if (report_->warnings.size() < internal::kMaxMessages)
        report_->warnings.push_back(FormatReject(name_, w));
      warned.push_back(std::move(w));
    }
    report_->warned += warned.size();
    RETURN_IF_ERROR(warnings_->Append(warned));
    for (const RefusedEntry& r : records.refused) refuse(r.line, r.field, r.reason);
    for (const auto& [line, why] : refused)
      batch_.Reject(line, why.first, why.second, lines_->Line(line));
    for (Account& a : records.accounts) {
      // Accounts a statement reveals are facts derived from it: an account
      // already known keeps its record, without a conflict.
      ASSIGN_OR_RETURN(auto known, store_->GetAccount(a.account_id));
      if (known) continue;
      std::string_view raw = lines_->Line(a.provenance.line);
      batch_.Add(std::move(a), raw);
    }
    for (Transaction& tx : records.transactions) {
      std::string_view raw = lines_->Line(tx.provenance.line);
      batch_.Add(std::move(tx), raw);
    }
    return Status::Ok();
  }

  // Commits what was added; a later run of the same file resumes at `next_line`.
  Status Commit(uint64_t next_line, uint64_t next_offset, bool complete) {
    return batch_.Commit(next_line, next_offset, complete);
  }

  void ReportCheck(const StatementCheck& c) {
    if (c.balanced()) return;
    ++report_->unbalanced;
    report_->checks.push_back(
        name_ + ":" + std::to_string(c.line) + ": statement " + c.statement_id + " of " +
        c.account + ": opening " + Money(c.opening, c.currency) + " + entries " +
        Money(c.entries, c.currency) + " = " + Money(c.opening + c.entries, c.currency) +
        ", but the closing balance is " + Money(c.closing, c.currency) + " (difference " +
        Money(c.closing - c.opening - c.entries, c.currency) + "): a missing page or entry?");
  }

 private:
  void ReportMatch(const PaymentMatch& m) {
    std::string at = name_ + ":" + std::to_string(m.line) + ": ";
    if (m.ambiguous) {
      ++report_->ambiguous;
      std::string list;
      for (const std::string& c : m.candidates) list += (list.empty() ? "" : ", ") + c;
      report_->matches.push_back(at + "ambiguous: " + m.tx_id + " could be the same payment as " +
                                 list + "; kept as its own record, not merged");
    } else {
      ++report_->matched;
      report_->matches.push_back(at + "matched " + m.tx_id + " = " + m.matched_id + " (by " + m.by +
                                 ")");
    }
  }

  storage::Store* store_;
  const std::string& name_;
  const LoadOptions& options_;
  internal::LoadState* state_;
  LoadReport* report_;
  RejectsFile* warnings_;
  const Lines* lines_;
  internal::Batch batch_;
};

// Feeds a camt stream to a BankLoad in chunks. Entries before `resume_line`
// were committed by an earlier run: they are skipped, but still added up for
// their statement's balance check.
class CamtChunker : public bank::CamtVisitor {
 public:
  CamtChunker(BankLoad* load, uint64_t resume_line, size_t batch_entries)
      : load_(load), resume_line_(resume_line), batch_entries_(batch_entries) {}

  void OnFormat(std::string_view format) override { format_ = std::string(format); }

  void OnEntry(const bank::Statement& statement, bank::StatementEntry&& entry) override {
    ++entries_seen_;
    AddToNet(entry, &net_);
    if (entry.line < resume_line_ || !status_.ok()) return;
    if (entries_ >= batch_entries_) Flush(entry.line);
    if (chunk_.statements.empty() || chunk_.statements.back().line != statement.line) {
      bank::Statement header = statement;
      header.balances.clear();  // checked once, whole, in OnStatement
      chunk_.statements.push_back(std::move(header));
    }
    chunk_.statements.back().entries.push_back(std::move(entry));
    ++entries_;
  }

  void OnStatement(bank::Statement&& statement) override {
    if (auto c = CheckStatement(statement, net_)) load_->ReportCheck(*c);
    net_.clear();
  }

  void OnIssue(bank::ReadIssue&& issue) override {
    if (issue.fatal && entries_seen_ == 0) fatal_ = issue;
    if (issue.line < resume_line_ && !issue.fatal) return;
    chunk_.issues.push_back(std::move(issue));
  }

  // The rest, committed as complete; the first error of any batch.
  Status Finish(uint64_t size) {
    if (!status_.ok()) return status_;
    RETURN_IF_ERROR(load_->Add(chunk_));
    return load_->Commit(UINT64_MAX, size, true);
  }

  const std::string& format() const { return format_; }
  // A fatal issue before any entry: the file is refused whole.
  const std::optional<bank::ReadIssue>& fatal_before_entries() const { return fatal_; }

 private:
  void Flush(uint64_t next_line) {
    status_ = load_->Add(chunk_);
    if (status_.ok()) status_ = load_->Commit(next_line, 0, false);
    chunk_ = bank::StatementFile();
    entries_ = 0;
  }

  BankLoad* load_;
  uint64_t resume_line_;
  size_t batch_entries_;
  std::string format_;
  bank::StatementFile chunk_;
  size_t entries_ = 0;
  uint64_t entries_seen_ = 0;
  std::map<std::string, int64_t> net_;  // the current statement's booked entries
  std::optional<bank::ReadIssue> fatal_;
  Status status_;
};

Status Refusal(const std::string& name, const bank::ReadIssue& issue) {
  return Status::DataError(name + ":" + std::to_string(issue.line) + ": " + issue.field + ": " +
                           issue.reason);
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

  // Formats read whole are parsed before anything is written, so that a file
  // refused whole leaves no trace in the store.
  bank::StatementFile parsed;
  if (format == "mapped-csv") {
    ASSIGN_OR_RETURN(CsvMapping mapping, LoadCsvMapping(options.mapping_path));
    parsed = ReadMappedCsv(bytes, mapping);
  } else if (format == "mt103") {
    parsed = bank::ReadMt103(bytes);
  } else if (!stream) {
    parsed = bank::ReadMt940(bytes);
  }
  for (const bank::ReadIssue& issue : parsed.issues) {
    if (issue.fatal && parsed.statements.empty() && parsed.payments.empty())
      return Refusal(name, issue);
  }

  LoadReport report;
  report.file = name;
  report.kind = RecordKind::kTransactions;
  report.format = parsed.format.empty() ? format : parsed.format;
  report.sha256 = hash.HexDigest();
  bool new_source = false;
  ASSIGN_OR_RETURN(SourceFile source,
                   internal::StartSource(*store, name, size, report.sha256,
                                         RecordKind::kTransactions, options, &report, &new_source));
  const uint64_t resume_line = report.already_loaded ? 0 : source.resume_line;
  const SourceFile before = source;  // counts of earlier runs, left out of this run's report
  std::string rejects_path = internal::RejectsPath(*store, source, name, options);
  RejectsFile rejects(rejects_path, name);
  RETURN_IF_ERROR(rejects.Open(resume_line));
  std::string warnings_path =
      rejects_path.substr(0, rejects_path.size() - std::string_view(".rejects.jsonl").size()) +
      ".warnings.jsonl";
  RejectsFile warnings(warnings_path, name);
  RETURN_IF_ERROR(warnings.Open(resume_line));
  ASSIGN_OR_RETURN(storage::FxTable fx, store->LoadFxRates());

  internal::LoadState state{store,
                            &fx,
                            &source,
                            &report,
                            &rejects,
                            name,
                            new_source && !report.already_loaded,
                            store->next_seq() == 1,
                            internal::IdHashes()};
  Lines lines(bytes);
  BankLoad load(store, name, options, &state, &report, &warnings, &lines);
  if (stream) {
    bank::CamtReadOptions o;
    o.include_pending = true;  // ToRecords leaves them out unless asked, and counts them
    const size_t batch_entries =
        options.batch_records > 0 ? std::min(options.batch_records, kCamtBatch) : kCamtBatch;
    CamtChunker chunker(&load, resume_line, batch_entries);
    bank::StreamCamtFile(path, o, chunker);
    if (chunker.fatal_before_entries() && source.loaded == 0 && new_source) {
      return Refusal(name, *chunker.fatal_before_entries());
    }
    if (!chunker.format().empty()) report.format = chunker.format();
    RETURN_IF_ERROR(chunker.Finish(size));
  } else {
    RETURN_IF_ERROR(load.Add(parsed));
    RETURN_IF_ERROR(load.Commit(UINT64_MAX, size, true));
  }
  const bool again = report.already_loaded;
  report.loaded = source.loaded - (again ? 0 : before.loaded);
  report.duplicates = source.duplicates - (again ? 0 : before.duplicates);
  report.conflicts = source.conflicts - (again ? 0 : before.conflicts);
  report.rejected = source.rejected - (again ? 0 : before.rejected);
  if (!rejects.empty()) report.rejects_path = rejects.path();
  if (!warnings.empty()) report.warnings_path = warnings.path();
  return report;
}

}  // namespace moneytrail::ingest
