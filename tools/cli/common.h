// Shared glue of the subcommands: opening the store, reporting errors with
// sysexits.h codes, writing results to stdout or a file, formatting tables
// and CSV. Results go to stdout; logs, progress and errors to stderr.
#ifndef MONEYTRAIL_TOOLS_CLI_COMMON_H_
#define MONEYTRAIL_TOOLS_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/csv_cell.h"
#include "engine/core/status.h"
#include "engine/storage/store.h"

namespace moneytrail::cli {

// Appended to every subcommand's --help.
extern const char* const kExitCodesHelp;

// Registers a subcommand whose work is `run`; its return value (a sysexits.h
// code) becomes the process's exit status.
CLI::App* AddCommand(CLI::App& app, int* exit_code, const std::string& name,
                     const std::string& description, const std::string& examples,
                     std::function<int()> run);

// The process's arguments, as main() received them (for manifests).
void SetCommandLine(int argc, char** argv);
const std::vector<std::string>& CommandLine();

// Prints "moneytrail: <message>" to stderr and returns the status's exit code.
int Fail(const Status& status);

Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& db, bool read_only);

// Adds --purpose to a command that reads data; the text goes into its audit record.
void AddPurposeOption(CLI::App* cmd, std::string* purpose);

// Who the audit records name: $MONEYTRAIL_USER when set and not empty, else
// the operating-system user (getpwuid(geteuid())), else "uid:<n>".
std::string AuditUser();

// Appends the audit record of a read of the store at `db` (engine/audit):
// AuditUser(), no role, `action` (the subcommand, "query path", ...), the
// case and subject ("" when none) and the stated purpose. Call it after the
// store opened and the options were checked, before any result is printed;
// when it fails the command must fail without printing anything (CantCreate
// when the log cannot be written, e.g. a read-only store directory, or does
// not match its head; IOError when a write fails): no read goes unaudited.
Status AuditRead(const std::string& db, std::string action, std::string case_id,
                 std::string subject, const std::string& purpose);

// Writes `content` to `path`, or to stdout when `path` is empty or "-".
Status WriteOutput(const std::string& path, const std::string& content);
// The same for output rendered in pieces: `render` is called once with a
// function that writes one piece. Nothing is held beyond a piece.
Status WriteOutputPieces(
    const std::string& path,
    const std::function<void(const std::function<void(std::string_view)>& write)>& render);

// A plain-text table with aligned columns; `right` marks right-aligned columns.
std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<bool>& right = {});

bool StderrIsTerminal();

// Keeps `object` alive, never destroyed, until the process exits: for the
// gigabyte of state a one-shot command holds once its output is written.
// Freeing it block by block, each large one unmapped while helper threads
// exist, took a whole-ledger trace 0.26-0.30 s here; left to the kernel, the
// process's exit took 0.08-0.10 s longer. Reachable from a global, so that
// leak checkers do not count it. Main thread only.
template <typename T>
void KeepUntilExit(T object) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<T>(std::move(object)));
}

}  // namespace moneytrail::cli

#endif  // MONEYTRAIL_TOOLS_CLI_COMMON_H_
