// The subcommands, each defined in its own *_cmd.cc file.
#ifndef MONEYTRAIL_TOOLS_CLI_COMMANDS_H_
#define MONEYTRAIL_TOOLS_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace moneytrail::cli {

void RegisterIngest(CLI::App& app, int* exit_code);
void RegisterStats(CLI::App& app, int* exit_code);
void RegisterAccount(CLI::App& app, int* exit_code);
void RegisterDemoData(CLI::App& app, int* exit_code);
void RegisterTrace(CLI::App& app, int* exit_code);
void RegisterFlag(CLI::App& app, int* exit_code);
void RegisterRules(CLI::App& app, int* exit_code);
void RegisterReport(CLI::App& app, int* exit_code);  // report and verify
void RegisterQuery(CLI::App& app, int* exit_code);   // neighbors, linked, path, timeline
void RegisterAudit(CLI::App& app, int* exit_code);
void RegisterServe(CLI::App& app, int* exit_code);
void RegisterCompact(CLI::App& app, int* exit_code);
void RegisterSnapshot(CLI::App& app, int* exit_code);
void RegisterUsers(CLI::App& app, int* exit_code);  // users add, users list

// Registers every subcommand above.
void RegisterCommands(CLI::App& app, int* exit_code);

}  // namespace moneytrail::cli

#endif  // MONEYTRAIL_TOOLS_CLI_COMMANDS_H_
