#include "ingest/loader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <unordered_map>

#include "ingest/csv_reader.h"
#include "ingest/file_check.h"
#include "ingest/json_records.h"
#include "ingest/load_batch.h"
#include "ingest/record_parser.h"
#include "ingest/rejects.h"

namespace moneytrail::ingest {
namespace {

using internal::Batch;
using internal::IdHashes;
using internal::LoadState;
using internal::NowUtc;
using internal::ReadHead;

constexpr uint64_t kMaxJsonDocumentBytes = 256ull << 20;

enum class Layout { kCsv, kJsonLines, kCasesDocument };

Layout DetectLayout(std::string_view head) {
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i != std::string_view::npos && head[i] == '{') {
    return LooksLikeCasesDocument(head) ? Layout::kCasesDocument : Layout::kJsonLines;
  }
  return Layout::kCsv;
}

std::string JoinColumns(const std::vector<std::string>& h) {
  std::string s;
  for (size_t i = 0; i < h.size() && i < 12; ++i) s += (i ? ", " : "") + h[i];
  return s;
}

}  // namespace

Result<RecordKind> DetectKind(const std::string& path, const std::string& name) {
  {
    // Bank statements and payment messages hold transactions (and accounts).
    ASSIGN_OR_RETURN(std::string start, ReadHead(path, 4096));
    if (DetectBankFormat(start)) return RecordKind::kTransactions;
  }
  ASSIGN_OR_RETURN(std::string head, ReadHead(path, 64 * 1024));
  if (head.find('\0') != std::string::npos) {
    return Status::DataError(name + ": binary data (NUL bytes); expected UTF-8 CSV or JSON text");
  }
  Layout layout = DetectLayout(head);
  if (layout == Layout::kCasesDocument) return RecordKind::kCases;
  std::vector<std::string> header;
  if (layout == Layout::kJsonLines) {
    std::string line = head.substr(0, head.find('\n'));
    std::vector<std::string> values;
    std::string error;
    if (!ParseFlatObject(line, &header, &values, &error)) {
      return Status::DataError(name + ":1: " + error);
    }
  } else {
    CsvReader reader;
    RETURN_IF_ERROR(reader.Open(path));
    CsvRecord rec;
    if (!reader.Next(&rec)) return Status::DataError(name + ": empty file; expected a header line");
    for (auto f : rec.fields) header.emplace_back(f);
  }
  auto kind = InferKind(header);
  if (!kind) {
    return Status::DataError(name + ":1: header: cannot tell which records these are (columns: " +
                             JoinColumns(header) + "); name the kind with --kind");
  }
  return *kind;
}

Loader::Loader(storage::Store* store) : store_(store) {}

size_t AutoBatchRecords(uint64_t file_bytes) {
  constexpr uint64_t kBytesPerRow = 120, kMin = 100'000, kMax = 500'000;
  return static_cast<size_t>(std::clamp<uint64_t>(file_bytes / kBytesPerRow / 10, kMin, kMax));
}

Result<LoadReport> Loader::LoadFile(const std::string& path, const std::string& name,
                                    const LoadOptions& options) {
  if (!options.mapping_path.empty()) {
    return LoadBankFile(store_, path, name, "mapped-csv", options);
  }
  if (!options.kind || *options.kind == RecordKind::kTransactions) {
    ASSIGN_OR_RETURN(std::string start, ReadHead(path, 4096));
    if (auto format = DetectBankFormat(start)) {
      return LoadBankFile(store_, path, name, *format, options);
    }
  }
  ASSIGN_OR_RETURN(FileFacts facts, InspectFile(path, name));
  const size_t batch_records =
      options.batch_records > 0 ? options.batch_records : AutoBatchRecords(facts.size);
  ASSIGN_OR_RETURN(std::string head, ReadHead(path, 64 * 1024));
  Layout layout = DetectLayout(head);
  RecordKind kind;
  if (options.kind) {
    kind = *options.kind;
  } else {
    ASSIGN_OR_RETURN(kind, DetectKind(path, name));
  }
  if (layout == Layout::kCasesDocument && kind != RecordKind::kCases) {
    return Status::DataError(name + ": is a cases document, not " +
                             std::string(RecordKindName(kind)));
  }
  if (kind == RecordKind::kCases && layout == Layout::kCsv) {
    return Status::DataError(name + ": cases are JSON ({\"cases\": [...]} or JSON Lines), not CSV");
  }

  LoadReport report;
  report.file = name;
  report.kind = kind;
  report.sha256 = facts.sha256;
  bool new_source = false;
  ASSIGN_OR_RETURN(SourceFile source, internal::StartSource(*store_, name, facts.size, facts.sha256,
                                                            kind, options, &report, &new_source));
  RejectsFile rejects(internal::RejectsPath(*store_, source, name, options), name);
  RETURN_IF_ERROR(rejects.Open(report.already_loaded ? 0 : source.resume_line));

  ASSIGN_OR_RETURN(storage::FxTable fx, store_->LoadFxRates());
  ParseContext ctx{store_->base_currency(), &fx};
  LoadState state{store_,
                  &fx,
                  &source,
                  &report,
                  &rejects,
                  name,
                  new_source && !report.already_loaded,
                  store_->next_seq() == 1,
                  IdHashes()};
  Batch batch(&state);
  uint64_t start_line = report.already_loaded ? 0 : source.resume_line;
  uint64_t start_offset = report.already_loaded ? 0 : source.resume_offset;
  // Counts before this run, so the report shows this run's work.
  SourceFile before = source;

  auto maybe_progress = [&](uint64_t offset) {
    if (options.progress) options.progress(offset, facts.size);
  };

  if (layout == Layout::kCasesDocument) {
    if (facts.size > kMaxJsonDocumentBytes) {
      return Status::DataError(name + ": a cases document larger than 256 MiB; use JSON Lines");
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.replace(0, 3, "   ");
    ASSIGN_OR_RETURN(auto elements, SplitCasesDocument(text, name));
    for (const JsonElement& e : elements) {
      if (e.line < start_line) continue;
      Case c;
      std::string field, reason;
      if (!ParseCase(e.raw, &c, &field, &reason)) {
        batch.Reject(e.line, field, reason, e.raw);
        continue;
      }
      c.provenance = {source.source_id, e.line};
      batch.Add(std::move(c), e.raw);
    }
    RETURN_IF_ERROR(batch.Commit(UINT64_MAX, facts.size, true));
  } else if (layout == Layout::kJsonLines) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Status::IOError(name + ": cannot open");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
    if (start_offset > 0) fseeko(f, static_cast<off_t>(start_offset), SEEK_SET);
    uint64_t line_no = start_line > 0 ? start_line : 1;
    uint64_t offset = start_offset;
    char* buf = nullptr;
    size_t cap = 0;
    ssize_t n;
    std::vector<std::string> keys, values;
    std::vector<std::string_view> fields;
    while ((n = getline(&buf, &cap, f)) > 0) {
      std::string_view line(buf, static_cast<size_t>(n));
      offset += static_cast<uint64_t>(n);
      uint64_t this_line = line_no++;
      if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (this_line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      std::string error;
      if (!ParseFlatObject(line, &keys, &values, &error)) {
        if (kind == RecordKind::kCases && error.find("nested") != std::string::npos) {
          Case c;
          std::string field, reason;
          if (!ParseCase(line, &c, &field, &reason)) {
            batch.Reject(this_line, field, reason, line);
          } else {
            c.provenance = {source.source_id, this_line};
            batch.Add(std::move(c), line);
          }
        } else {
          batch.Reject(this_line, "(line)", error, line);
        }
      } else if (kind == RecordKind::kCases) {
        batch.Reject(this_line, "seeds", "must be a non-empty array of {\"tx_id\": ...}", line);
      } else {
        auto parser = RowParser::ForHeader(kind, keys, name);
        if (!parser.ok()) {
          std::string msg = parser.status().message();
          batch.Reject(this_line, "(fields)", msg.substr(msg.find("header: ") + 8), line);
        } else {
          fields.assign(values.begin(), values.end());
          FieldError fe;
          bool ok = true;
          for (size_t i = 0; i < fields.size() && ok; ++i) {
            if (fields[i].size() > kMaxFieldBytes) {
              fe = {keys[i], "is " + std::to_string(fields[i].size()) + " bytes; the limit is " +
                                 std::to_string(kMaxFieldBytes)};
              ok = false;
            }
          }
          Provenance prov{source.source_id, this_line};
          if (ok) {
            switch (kind) {
              case RecordKind::kTransactions: {
                Transaction tx;
                if ((ok = parser->ParseTransaction(fields, ctx, &tx, &fe))) {
                  tx.provenance = prov;
                  batch.Add(std::move(tx), line);
                }
                break;
              }
              case RecordKind::kAccounts: {
                Account a;
                if ((ok = parser->ParseAccount(fields, ctx, &a, &fe))) {
                  a.provenance = prov;
                  batch.Add(std::move(a), line);
                }
                break;
              }
              case RecordKind::kParties: {
                Party p;
                if ((ok = parser->ParseParty(fields, &p, &fe))) {
                  p.provenance = prov;
                  batch.Add(std::move(p), line);
                }
                break;
              }
              case RecordKind::kAssets: {
                Asset a;
                if ((ok = parser->ParseAsset(fields, ctx, &a, &fe))) {
                  a.provenance = prov;
                  batch.Add(std::move(a), line);
                }
                break;
              }
              case RecordKind::kFxRates: {
                std::vector<FxRate> rates;
                if ((ok = parser->ParseFxRates(fields, &rates, &fe))) {
                  for (auto& r : rates) batch.Add(std::move(r), line, this_line);
                }
                break;
              }
              case RecordKind::kCases:
                break;
            }
          }
          if (!ok) batch.Reject(this_line, fe.field, fe.reason, line);
        }
      }
      if (batch.size() >= batch_records) {
        RETURN_IF_ERROR(batch.Commit(line_no, offset, false));
        maybe_progress(offset);
      }
    }
    free(buf);
    RETURN_IF_ERROR(batch.Commit(line_no, offset, true));
  } else {
    auto reader = std::make_unique<CsvReader>();
    RETURN_IF_ERROR(reader->Open(path));
    CsvRecord rec;
    if (!reader->Next(&rec))
      return Status::DataError(name + ": empty file; expected a header line");
    if (!rec.error.empty()) return Status::DataError(name + ":1: header: " + rec.error);
    std::vector<std::string> header(rec.fields.begin(), rec.fields.end());
    ASSIGN_OR_RETURN(RowParser parser, RowParser::ForHeader(kind, header, name));
    if (kind == RecordKind::kFxRates && IsEcbHeader(header) &&
        !(store_->base_currency() == *Currency::FromCode("EUR"))) {
      return Status::DataError(
          name + ": the ECB history gives rates per EUR, but this store's base currency is " +
          std::string(store_->base_currency().code()));
    }
    uint64_t header_end = rec.end_offset;
    if (start_offset > header_end) {
      reader = std::make_unique<CsvReader>();
      RETURN_IF_ERROR(reader->Open(path, start_offset, start_line));
    }
    uint64_t next_line = 2, next_offset = header_end;
    auto new_batch = [&] {
      auto b = std::make_unique<Batch>(&state);
      // Unused room costs address space only; capped all the same.
      if (kind == RecordKind::kTransactions) {
        size_t rows = std::min<size_t>(batch_records, 1u << 20);
        b->ReserveTransactions(rows, std::min<uint64_t>(facts.size, rows * 128));
      }
      return b;
    };
    std::unique_ptr<Batch> current = new_batch(), committing;
    std::future<Status> pending;
    std::vector<FxRate> rates;
    bool any = false;
    while (reader->Next(&rec)) {
      any = true;
      next_line =
          rec.line + 1 + static_cast<uint64_t>(std::count(rec.raw.begin(), rec.raw.end(), '\n'));
      next_offset = rec.end_offset;
      Provenance prov{source.source_id, rec.line};
      FieldError fe;
      bool ok = true;
      if (!rec.error.empty()) {
        fe = {"(row)", rec.error};
        ok = false;
      } else if (rec.fields.size() != parser.columns()) {
        fe = {"(row)", "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                           std::to_string(parser.columns())};
        ok = false;
      } else {
        for (size_t i = 0; i < rec.fields.size() && ok; ++i) {
          if (rec.fields[i].size() > kMaxFieldBytes) {
            fe = {header[i], "is " + std::to_string(rec.fields[i].size()) +
                                 " bytes; the limit is " + std::to_string(kMaxFieldBytes)};
            ok = false;
          }
        }
      }
      if (ok) {
        switch (kind) {
          case RecordKind::kTransactions: {
            Transaction tx;
            if ((ok = parser.ParseTransaction(rec.fields, ctx, &tx, &fe))) {
              tx.provenance = prov;
              current->Add(std::move(tx), rec.raw);
            }
            break;
          }
          case RecordKind::kAccounts: {
            Account a;
            if ((ok = parser.ParseAccount(rec.fields, ctx, &a, &fe))) {
              a.provenance = prov;
              current->Add(std::move(a), rec.raw);
            }
            break;
          }
          case RecordKind::kParties: {
            Party p;
            if ((ok = parser.ParseParty(rec.fields, &p, &fe))) {
              p.provenance = prov;
              current->Add(std::move(p), rec.raw);
            }
            break;
          }
          case RecordKind::kAssets: {
            Asset a;
            if ((ok = parser.ParseAsset(rec.fields, ctx, &a, &fe))) {
              a.provenance = prov;
              current->Add(std::move(a), rec.raw);
            }
            break;
          }
          case RecordKind::kFxRates:
            if ((ok = parser.ParseFxRates(rec.fields, &rates, &fe))) {
              for (auto& r : rates) current->Add(std::move(r), rec.raw, rec.line);
            }
            break;
          case RecordKind::kCases:
            break;
        }
      }
      if (!ok) current->Reject(rec.line, fe.field, fe.reason, rec.raw);
      if (current->size() >= batch_records) {
        // Commit this batch on a second thread while the next one is parsed;
        // commits stay in order because each waits for the one before.
        current->Seal();  // here, while the batch before is still committing
        if (pending.valid()) RETURN_IF_ERROR(pending.get());
        // The batch committed last is empty again: parse into it (its memory is kept).
        std::swap(current, committing);
        if (!current) current = new_batch();
        pending = std::async(std::launch::async, [b = committing.get(), next_line, next_offset] {
          return b->Commit(next_line, next_offset, false);
        });
        maybe_progress(next_offset);
      }
    }
    if (pending.valid()) RETURN_IF_ERROR(pending.get());
    RETURN_IF_ERROR(reader->status().WithContext(name));
    if (!any && start_offset <= header_end && report.messages.empty()) {
      report.messages.push_back(name + ":1: header only: no records");
    }
    RETURN_IF_ERROR(current->Commit(next_line, next_offset, true));
  }
  maybe_progress(facts.size);
  report.loaded = source.loaded - (report.already_loaded ? 0 : before.loaded);
  report.duplicates = source.duplicates - (report.already_loaded ? 0 : before.duplicates);
  report.conflicts = source.conflicts - (report.already_loaded ? 0 : before.conflicts);
  report.rejected = source.rejected - (report.already_loaded ? 0 : before.rejected);
  if (!rejects.empty()) report.rejects_path = rejects.path();
  return report;
}

}  // namespace moneytrail::ingest
