#include "tools/cli/common.h"

#include <pwd.h>
#include <sysexits.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "engine/audit/audit_log.h"
#include "tools/cli/output_sink.h"

namespace moneytrail::cli {

const char* const kExitCodesHelp =
    "\nExit codes (sysexits.h): 0 ok, 64 usage error, 65 bad input data, 66 input missing,\n"
    "70 internal error, 73 output exists (use --force), 74 I/O error, 78 store of another\n"
    "format version.\n";

namespace {
std::vector<std::string>& CommandLineStorage() {
  static std::vector<std::string> args;
  return args;
}
}  // namespace

void SetCommandLine(int argc, char** argv) { CommandLineStorage().assign(argv, argv + argc); }
const std::vector<std::string>& CommandLine() { return CommandLineStorage(); }

CLI::App* AddCommand(CLI::App& app, int* exit_code, const std::string& name,
                     const std::string& description, const std::string& examples,
                     std::function<int()> run) {
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->footer("\nExamples:\n" + examples + kExitCodesHelp);
  cmd->callback([exit_code, run] { *exit_code = run(); });
  return cmd;
}

int Fail(const Status& status) {
  if (status.ok()) return 0;
  std::cerr << "moneytrail: " << status.message() << "\n";
  return status.ExitCode();
}

Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& db, bool read_only) {
  storage::StoreOptions options;
  options.read_only = read_only;
  options.create_if_missing = !read_only;
  return storage::Store::Open(db, options);
}

void AddPurposeOption(CLI::App* cmd, std::string* purpose) {
  cmd->add_option("--purpose", *purpose,
                  "Why you read this (case file, order): kept with your user name in the "
                  "store's audit log (moneytrail audit)");
}

std::string AuditUser() {
  const char* env = std::getenv("MONEYTRAIL_USER");
  if (env && *env) return env;
  uid_t uid = geteuid();
  struct passwd pw;
  struct passwd* found = nullptr;
  char buf[4096];
  if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name[0] != '\0') {
    return found->pw_name;
  }
  return "uid:" + std::to_string(uid);
}

Status AuditRead(const std::string& db, std::string action, std::string case_id,
                 std::string subject, const std::string& purpose) {
  audit::AuditEntry e;
  e.user = AuditUser();
  e.action = std::move(action);
  e.case_id = std::move(case_id);
  e.subject = std::move(subject);
  e.purpose = purpose;
  auto r = audit::AuditLog(db).Append(e);
  if (r.ok()) return Status::Ok();
  const Status& s = r.status();
  std::string message = "no answer without an audit record: " + s.message();
  if (s.code() == StatusCode::kUsage) return Status::Usage(message);
  if (s.code() == StatusCode::kIOError) return Status::IOError(message);
  return Status::CantCreate(message);
}

Status WriteOutput(const std::string& path, const std::string& content) {
  return WriteOutputPieces(path, [&](const auto& write) { write(content); });
}

Status WriteOutputPieces(
    const std::string& path,
    const std::function<void(const std::function<void(std::string_view)>& write)>& render) {
  ASSIGN_OR_RETURN(std::unique_ptr<OutputSink> sink, OutputSink::Open(path));
  render([&](std::string_view piece) { sink->Write(piece); });
  return sink->Close();
}

namespace {
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return n;
}
}  // namespace

std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<bool>& right) {
  std::vector<size_t> w(header.size(), 0);
  for (size_t i = 0; i < header.size(); ++i) w[i] = DisplayWidth(header[i]);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], DisplayWidth(r[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < w.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      std::string pad(w[i] - DisplayWidth(cell), ' ');
      bool r = i < right.size() && right[i];
      out += (i ? "  " : "") + (r ? pad + cell : cell + (i + 1 < w.size() ? pad : ""));
    }
    return out + "\n";
  };
  std::string out = line(header);
  std::vector<std::string> rule;
  for (size_t x : w) rule.emplace_back(x, '-');
  out += line(rule);
  for (const auto& r : rows) out += line(r);
  return out;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace moneytrail::cli
