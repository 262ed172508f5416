// kiln backends: the execution backends this Kiln knows, whether each can run here, and why not.
// A module backend (cuda) is loaded to answer, so this is where a user sees that the CUDA libraries
// or the driver are missing.
#include <cstdio>

#include "app/kiln/args.h"
#include "app/kiln/commands.h"
#include "engine_core/runtime/backend.h"

namespace kiln::cli {

int runBackends(const std::vector<std::string>& argv) {
    ArgParser parser("kiln backends", "",
                     "Lists the execution backends (kiln build --backend NAME): for each, whether it can run on\n"
                     "this machine and its device, or why it can't (a module that does not load, no device).",
                     0, 0);
    const ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    BackendRegistry& registry = BackendRegistry::global();
    for (const std::string& id : registry.ids()) {
        std::string why;
        const bool available = registry.available(id, &why);
        std::printf("%-9s %s\n", id.c_str(), registry.description(id).c_str());
        if (available)
            std::printf("          available: %s\n", registry.get(id)->deviceName().c_str());
        else
            std::printf("          not available: %s\n", why.c_str());
    }
    return int(ExitCode::Ok);
}

}  // namespace kiln::cli
