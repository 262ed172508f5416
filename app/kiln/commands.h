// The kiln subcommands. Each takes its arguments (after the subcommand name) and returns the
// process exit code; errors are thrown as kiln::Error and turned into one line by main().
#pragma once

#include <string>
#include <vector>

namespace kiln::cli {

// Exit codes, documented in `kiln --help`.
enum class ExitCode : int {
    Ok = 0,
    ComparisonFailed = 1,  // kiln run / compare: an output (or layer) is outside tolerance
    InputError = 2,        // usage, files, malformed model, resource limits
    Unsupported = 3,       // a valid model Kiln can't run (op, dtype, attribute)
    InternalError = 4,     // a bug in Kiln
};

int runInspect(const std::vector<std::string>& args);
int runRun(const std::vector<std::string>& args);
int runBuild(const std::vector<std::string>& args);
int runCompare(const std::vector<std::string>& args);
int runPrune(const std::vector<std::string>& args);
int runDebugPrecision(const std::vector<std::string>& args);
int runBackends(const std::vector<std::string>& args);

}  // namespace kiln::cli
