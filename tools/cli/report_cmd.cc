// moneytrail report: the evidence report of a case, in every format, with a
// manifest that lets anyone reproduce it; moneytrail verify: re-run it and say
// whether the same bytes come out.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/sha256.h"
#include "engine/report/report_pdf.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"
#include "tools/cli/report_build.h"

namespace moneytrail::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr char kManifestName[] = "manifest.json";
constexpr char kManifestKind[] = "moneytrail-report-manifest";

struct ReportCmdOptions {
  std::string db, case_id, out, formats = "html,pdf,json,csv,graphml";
  std::string method = "libr", until, as_of, rules;
  int max_hops = -1;
  bool force = false;
  std::string purpose;
};

Result<std::vector<std::string>> ParseFormats(const std::string& list) {
  std::vector<std::string> wanted;
  std::stringstream in(list);
  for (std::string f; std::getline(in, f, ',');) {
    if (f.empty()) continue;
    if (f == "all") {
      wanted.assign(std::begin(kReportFormats), std::end(kReportFormats));
      continue;
    }
    if (std::find(std::begin(kReportFormats), std::end(kReportFormats), f) ==
        std::end(kReportFormats)) {
      return Status::Usage("--format: '" + f + "' is not one of html, pdf, json, csv, graphml");
    }
    if (std::find(wanted.begin(), wanted.end(), f) == wanted.end()) wanted.push_back(f);
  }
  if (wanted.empty()) return Status::Usage("--format: name at least one format");
  // Canonical order, so that the same set of formats gives the same manifest.
  std::vector<std::string> ordered;
  for (const char* f : kReportFormats)
    if (std::find(wanted.begin(), wanted.end(), f) != wanted.end()) ordered.push_back(f);
  return ordered;
}

Result<std::optional<Timestamp>> OptionalTime(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<Timestamp>();
  auto t = ParseTimestamp(text);
  if (!t.ok()) return Status::Usage(std::string(flag) + ": " + t.status().message());
  return std::optional<Timestamp>(*t);
}

// Writes `content` to dir/name through a temporary file and a rename, so that
// a reader never sees half a file and a symlink planted at dir/name is
// replaced, never followed out of the directory.
Status WriteInto(const fs::path& dir, const std::string& name, const std::string& content) {
  fs::path final_path = dir / name;
  fs::path tmp = dir / ("." + name + ".tmp-" + std::to_string(getpid()));
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create " + tmp.string() + ": " + strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      unlink(tmp.c_str());
      return Status::IOError("cannot write " + tmp.string() + ": " + strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    return Status::IOError("cannot write " + tmp.string() + ": " + strerror(errno));
  }
  if (rename(tmp.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return Status::IOError("cannot rename into " + final_path.string() + ": " + strerror(err));
  }
  return Status::Ok();
}

// The PDF's bytes depend on the embedded font files too: record their hashes,
// so that a PDF that differs on another machine can be explained.
Json PdfFontsJson() {
  report::PdfOptions defaults;
  Json fonts = Json::array();
  for (const std::string& path : {defaults.font_path, defaults.bold_font_path}) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    fonts.push_back({{"file", path}, {"sha256", in ? Json(Sha256::Of(bytes.str())) : Json()}});
  }
  return fonts;
}

std::string UtcNow() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return FormatTimestamp(Timestamp{std::chrono::duration_cast<std::chrono::seconds>(now).count() *
                                   Timestamp::kMicrosPerSecond});
}

Json RequestJson(const ReportRequest& r, const std::vector<std::string>& formats) {
  auto time = [](const std::optional<Timestamp>& t) {
    return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
  };
  return {{"case", r.case_id},
          {"method", std::string(trace::MethodName(r.method))},
          {"until", time(r.until)},
          {"max_hops", r.max_hops ? Json(*r.max_hops) : Json(nullptr)},
          {"as_of", time(r.as_of)},
          {"rules_file", r.rules_path.empty() ? Json(nullptr) : Json(r.rules_path)},
          {"formats", formats}};
}

Json ManifestJson(const ReportBundle& b, const ReportRequest& request,
                  const std::vector<std::string>& formats,
                  const std::vector<std::pair<std::string, std::string>>& files) {
  const report::Provenance& p = b.model.provenance;
  Json sources = Json::array();
  for (const report::SourceInfo& s : p.sources) {
    sources.push_back({{"name", s.name},
                       {"kind", s.kind},
                       {"sha256", s.sha256.empty() ? Json(nullptr) : Json(s.sha256)},
                       {"handling", s.handling},
                       {"loaded", s.loaded},
                       {"duplicates", s.duplicates},
                       {"conflicts", s.conflicts},
                       {"rejected", s.rejected}});
  }
  Json outputs = Json::array();
  for (const auto& [name, bytes] : files)
    outputs.push_back({{"file", name}, {"bytes", bytes.size()}, {"sha256", Sha256::Of(bytes)}});
  return {
      {"manifest", kManifestKind},
      {"manifest_version", 1},
      {"generated_at", UtcNow()},
      {"command", CommandLine()},
      {"engine_version", p.engine_version},
      {"request", RequestJson(request, formats)},
      {"rulebook",
       {{"name", p.rulebook_name}, {"version", p.rulebook_version}, {"sha256", p.rulebook_sha256}}},
      {"store_fingerprint", p.store_fingerprint},
      {"pdf_fonts", PdfFontsJson()},
      {"sources", sources},
      {"outputs", outputs}};
}

int RunReport(const ReportCmdOptions& o) {
  ReportRequest request;
  request.case_id = o.case_id;
  auto method = trace::MethodFromName(o.method);
  if (!method) {
    return Fail(Status::Usage("--method: '" + o.method +
                              "' is not one of fifo, lifo, pro-rata, libr, tainted-first, poison"));
  }
  request.method = *method;
  auto until = OptionalTime(o.until, "--until");
  if (!until.ok()) return Fail(until.status());
  request.until = *until;
  auto as_of = OptionalTime(o.as_of, "--as-of");
  if (!as_of.ok()) return Fail(as_of.status());
  request.as_of = *as_of;
  if (o.max_hops >= 0) request.max_hops = o.max_hops;
  request.rules_path = o.rules;
  auto formats = ParseFormats(o.formats);
  if (!formats.ok()) return Fail(formats.status());

  // Refuse to replace a report before doing any work.
  fs::path dir(o.out);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec)) && !fs::is_directory(dir, ec)) {
    return Fail(Status::CantCreate("--out " + o.out + " exists and is not a directory"));
  }
  if (!o.force) {
    for (const char* name : {kManifestName, "report.html", "report.pdf", "report.json",
                             "schedule.csv", "measures.csv", "taint-graph.graphml"}) {
      if (fs::exists(fs::symlink_status(dir / name, ec))) {
        return Fail(Status::CantCreate((dir / name).string() +
                                       " exists: a report is already there (--force replaces it)"));
      }
    }
  }

  auto start = std::chrono::steady_clock::now();
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  if (Status a = AuditRead(o.db, "report", o.case_id, o.out, o.purpose); !a.ok()) return Fail(a);
  auto bundle = BuildReport(**opened, request, MONEYTRAIL_VERSION);
  if (!bundle.ok()) return Fail(bundle.status());
  auto files = RenderReportFiles(*bundle, *formats);
  if (!files.ok()) return Fail(files.status());

  fs::create_directories(dir, ec);
  if (ec) return Fail(Status::IOError("cannot create " + o.out + ": " + ec.message()));
  for (const auto& [name, bytes] : *files) {
    Status s = WriteInto(dir, name, bytes);
    if (!s.ok()) return Fail(s);
  }
  Json manifest = ManifestJson(*bundle, request, *formats, *files);
  Status s = WriteInto(dir, kManifestName, manifest.dump(2) + "\n");
  if (!s.ok()) return Fail(s);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const report::Report& r = bundle->model;
  std::fprintf(stderr, "report of case %s (%s): %zu schedule rows, %zu flags; %s\n",
               r.header.case_id.c_str(), r.method.c_str(), r.schedule.size(), r.flags.size(),
               report::ReconciliationLine(r).c_str());
  if (!r.withheld.empty()) {
    std::fprintf(stderr,
                 "withheld (intelligence without consent): %zu transactions, %zu accounts\n",
                 r.withheld.transactions, r.withheld.accounts);
  }
  std::fprintf(stderr, "wrote %zu files in %.2f s into %s\n", files->size() + 1, secs,
               o.out.c_str());
  for (const auto& [name, bytes] : *files) std::cout << (dir / name).string() << "\n";
  std::cout << (dir / kManifestName).string() << "\n";
  return 0;
}

struct VerifyCmdOptions {
  std::string db, dir, rules, purpose;
};

Result<Json> ReadManifest(const fs::path& dir) {
  fs::path path = dir / kManifestName;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no " + path.string() + ": not a report directory");
  Json j = Json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("manifest", "") != kManifestKind ||
      !j.contains("request") || !j.contains("outputs")) {
    return Status::DataError(path.string() + ": not a moneytrail report manifest");
  }
  return j;
}

Result<ReportRequest> RequestFromManifest(const Json& m, const std::string& rules_override) {
  try {
    const Json& q = m.at("request");
    ReportRequest r;
    r.case_id = q.at("case").get<std::string>();
    auto method = trace::MethodFromName(q.at("method").get<std::string>());
    if (!method) return Status::DataError("manifest: unknown method");
    r.method = *method;
    for (auto [key, field] : {std::pair{"until", &r.until}, std::pair{"as_of", &r.as_of}}) {
      if (q.at(key).is_null()) continue;
      auto t = ParseTimestamp(q.at(key).get<std::string>());
      if (!t.ok()) return Status::DataError(std::string("manifest: ") + key + ": bad time");
      *field = *t;
    }
    if (!q.at("max_hops").is_null()) r.max_hops = q.at("max_hops").get<int>();
    if (!rules_override.empty()) {
      r.rules_path = rules_override;
    } else if (!q.at("rules_file").is_null()) {
      r.rules_path = q.at("rules_file").get<std::string>();
    }
    return r;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataError(std::string("manifest: ") + e.what());
  }
}

int RunVerify(const VerifyCmdOptions& o) {
  fs::path dir(o.dir);
  auto manifest = ReadManifest(dir);
  if (!manifest.ok()) return Fail(manifest.status());
  const Json& m = *manifest;
  auto request = RequestFromManifest(m, o.rules);
  if (!request.ok()) return Fail(request.status());
  std::vector<std::string> formats;
  try {
    formats = m.at("request").at("formats").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    return Fail(Status::DataError(std::string("manifest: formats: ") + e.what()));
  }
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  // The audit log is a file beside RocksDB's: the store's fingerprint, which
  // the report embeds, does not see it.
  Status audited = AuditRead(o.db, "verify", request->case_id, o.dir, o.purpose);
  if (!audited.ok()) return Fail(audited);
  auto bundle = BuildReport(**opened, *request, MONEYTRAIL_VERSION);
  if (!bundle.ok()) return Fail(bundle.status());
  auto files = RenderReportFiles(*bundle, formats);
  if (!files.ok()) return Fail(files.status());

  std::vector<std::string> differences;
  const report::Provenance& p = bundle->model.provenance;
  auto compare = [&](const char* what, const std::string& now, const Json& then) {
    std::string before = then.is_string() ? then.get<std::string>() : then.dump();
    if (before != now)
      differences.push_back(std::string(what) + ": was " + before + ", now " + now);
  };
  compare("engine version", p.engine_version, m.value("engine_version", Json()));
  compare("store fingerprint", p.store_fingerprint, m.value("store_fingerprint", Json()));
  compare("rulebook sha256", p.rulebook_sha256,
          m.value("rulebook", Json::object()).value("sha256", Json()));
  if (std::find(formats.begin(), formats.end(), "pdf") != formats.end() &&
      m.contains("pdf_fonts")) {
    compare("PDF fonts", PdfFontsJson().dump(), Json(m["pdf_fonts"].dump()));
  }
  std::map<std::string, std::string> rerun;
  for (const auto& [name, bytes] : *files) rerun[name] = Sha256::Of(bytes);
  size_t same = 0;
  for (const Json& out : m.at("outputs")) {
    std::string name = out.value("file", ""), sha = out.value("sha256", "");
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') {
      differences.push_back("manifest names an output outside the report: '" + name + "'");
      continue;
    }
    std::ifstream in(dir / name, std::ios::binary);
    std::ostringstream on_disk;
    on_disk << in.rdbuf();
    bool ok = true;
    if (!in.good() && !in.eof()) {
      differences.push_back(name + ": missing from " + o.dir);
      ok = false;
    } else if (Sha256::Of(on_disk.str()) != sha) {
      differences.push_back(name + ": the file on disk is not the one the manifest lists");
      ok = false;
    }
    auto it = rerun.find(name);
    if (it == rerun.end()) {
      differences.push_back(name + ": not produced by the re-run");
      ok = false;
    } else if (it->second != sha) {
      differences.push_back(name + ": the re-run gives different bytes (sha256 " + it->second +
                            ", manifest " + sha + ")");
      ok = false;
    }
    same += ok;
  }
  if (differences.empty()) {
    std::cout << "identical: " << same << " files of the report of case " << request->case_id
              << " re-run to the same bytes\n";
    return 0;
  }
  std::cout << "differs: the report of case " << request->case_id << " does not reproduce\n";
  for (const std::string& d : differences) std::cout << "  " << d << "\n";
  return Status::DataError("").ExitCode();
}

}  // namespace

void RegisterReport(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ReportCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "report",
      "Write the evidence report of a case into --out: report.html (self-contained, printable on\n"
      "A4), report.pdf, report.json (schema in engine/report/report_json.h), schedule.csv and\n"
      "measures.csv (tracing and freeze/seizure schedules), taint-graph.graphml (Gephi, yEd), and\n"
      "manifest.json: engine version, parameters, rulebook and source hashes, the store's\n"
      "fingerprint and every output's SHA-256, for `moneytrail verify`. Records loaded as\n"
      "intelligence without --consent are withheld, with a notice. Prints the files written.",
      "  moneytrail report --db store --case K-2024-001 --out reports/K-2024-001\n"
      "  moneytrail report --db store --case K-2024-001 --out r --format html,pdf --method fifo\n"
      "  moneytrail verify --db store reports/K-2024-001\n",
      [o] { return RunReport(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--case", o->case_id, "Case id")->required();
  cmd->add_option("--out", o->out, "Report directory (created if missing)")->required();
  cmd->add_option("--format", o->formats,
                  "Comma-separated: html,pdf,json,csv,graphml (default: all)");
  cmd->add_option("--method", o->method,
                  "Tracing rule: fifo|lifo|pro-rata|libr|tainted-first|poison (default libr)");
  cmd->add_option("--until", o->until, "Stop the trace at this time (inclusive), ISO 8601");
  cmd->add_option("--max-hops", o->max_hops, "Taint leaving an account at this hop stops");
  cmd->add_option("--as-of", o->as_of, "Measure freeze urgency at this time, ISO 8601");
  cmd->add_option("--rules", o->rules, "Rulebook JSON file (default: the built-in rulebook)");
  cmd->add_flag("--force", o->force, "Replace a report already in --out");
  AddPurposeOption(cmd, &o->purpose);

  auto v = std::make_shared<VerifyCmdOptions>();
  CLI::App* verify = AddCommand(
      app, exit_code, "verify",
      "Re-run a report from its manifest.json against a store and say \"identical\" when every\n"
      "output comes out byte for byte the same (and matches the files on disk), or list what\n"
      "differs: the store's content, the rulebook, the engine version, each file. Exit 0 when\n"
      "identical, 65 when something differs. The manifest's generation time is ignored.",
      "  moneytrail verify --db store reports/K-2024-001\n"
      "  moneytrail verify --db store --rules my_rules.json reports/K-2024-001\n",
      [v] { return RunVerify(*v); });
  verify->add_option("--db", v->db, "Store directory")->required();
  verify->add_option("--rules", v->rules,
                     "Rulebook file, when it has moved since the report (its SHA-256 must match)");
  AddPurposeOption(verify, &v->purpose);
  verify->add_option("REPORT_DIR", v->dir, "A directory written by `moneytrail report`")
      ->required();
}

}  // namespace moneytrail::cli
