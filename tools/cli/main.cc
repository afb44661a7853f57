// moneytrail: follow the proceeds of kidnapping through bank accounts.
// Each subcommand lives in its own file; this one only wires them up.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sysexits.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/common.h"

int main(int argc, char** argv) {
  // Logs go to stderr; stdout carries results only.
  spdlog::set_default_logger(spdlog::stderr_color_mt("moneytrail"));
  spdlog::set_pattern("%^%l%$: %v");

  CLI::App app{
      "moneytrail " MONEYTRAIL_VERSION
      " — follow the proceeds of kidnapping through bank accounts:\n"
      "load bank data, trace ransoms under court-recognised rules, and say what to freeze."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("moneytrail ") + MONEYTRAIL_VERSION);
  app.footer(
      std::string("\nRun `moneytrail COMMAND --help` for a command's options and examples.") +
      moneytrail::cli::kExitCodesHelp);
  int exit_code = EX_OK;
  moneytrail::cli::SetCommandLine(argc, argv);
  moneytrail::cli::RegisterCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);  // help to stdout, status 0
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e, std::cerr, std::cerr);
    return EX_USAGE;
  } catch (const std::exception& e) {
    std::cerr << "moneytrail: internal error: " << e.what() << "\n";
    return EX_SOFTWARE;
  }
  return exit_code;
}
