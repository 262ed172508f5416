// kiln: the command-line face of Kiln. main() dispatches to a subcommand and is the one place
// errors are caught: every failure becomes exactly one line on stderr and a documented exit code.
#include <google/protobuf/stubs/logging.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "app/kiln/commands.h"
#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace {

using kiln::cli::ExitCode;

const char* kUsage =
    "Usage: kiln <command> [options]\n"
    "\n"
    "Commands:\n"
    "  inspect MODEL     Show a model's opsets, inputs/outputs, op histogram, parameters and\n"
    "                    unsupported ops (--json for machine-readable output, --dump for the IR,\n"
    "                    --sparsity for the 2:4 pattern of each Conv/Gemm/MatMul weight).\n"
    "  build MODEL       Build an engine: optimize (fusions), pick tactics, --save ENGINE;\n"
    "                    prints progress and the fusion report.\n"
    "  run ENGINE|MODEL  Run an engine or a model (CPU reference): against ONNX test data\n"
    "                    (--test-data), on given (--input) or random inputs; compare, measure\n"
    "                    latency/throughput, per-layer profile (--dump-profile, --export-*).\n"
    "  compare MODEL     Accuracy of an engine (--engine, or built inline) against the fp32\n"
    "                    reference, per output and per layer (--per-layer); exit code follows.\n"
    "  prune MODEL       Prune chosen Conv/Gemm/MatMul weights to 2:4 structured sparsity\n"
    "                    (--out FILE), then print the accuracy effect as compare does.\n"
    "  debug-precision MODEL\n"
    "                    Find the layers to keep in fp32 for an fp16/bf16 engine to meet a\n"
    "                    tolerance (--precision, --max-norm), by ONNX node name; --save-overrides\n"
    "                    FILE writes them for kiln build --config (CPU: an emulation of the rounding).\n"
    "  backends          List the execution backends (cpu, cuda, ...) and whether each runs here.\n"
    "  help [COMMAND]    Show this help or a command's help (same as COMMAND --help).\n"
    "  version           Print the version.\n"
    "\n"
    "Exit codes: 0 success, 1 an output (or layer) failed its comparison, 2 usage or input error\n"
    "(bad flags, files, model or engine file), 3 unsupported by Kiln, 4 internal error.\n";

// One line: multi-line library messages (lists of nodes, checker reports) are joined with "; ".
std::string oneLine(const std::string& message) {
    std::string out;
    bool pendingBreak = false;
    for (char c : message) {
        if (c == '\n' || c == '\r') {
            pendingBreak = true;
            continue;
        }
        if (pendingBreak) {
            if (c == ' ' || c == '\t') continue;
            while (!out.empty() && (out.back() == ' ' || out.back() == ':' || out.back() == ';'))
                out.pop_back();
            if (!out.empty()) out += "; ";
            pendingBreak = false;
        }
        out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ':' || out.back() == ';')) out.pop_back();
    return out;
}

int report(ExitCode code, const std::string& prefix, const std::string& message) {
    std::fflush(stdout);
    std::fprintf(stderr, "kiln: %s%s\n", prefix.c_str(), oneLine(message).c_str());
    return int(code);
}

ExitCode exitCodeFor(kiln::ErrorKind kind) {
    switch (kind) {
        case kiln::ErrorKind::InvalidArgument:
        case kiln::ErrorKind::InvalidModel:
        case kiln::ErrorKind::ResourceLimit:
        case kiln::ErrorKind::Io:
            return ExitCode::InputError;
        case kiln::ErrorKind::Unsupported:
            return ExitCode::Unsupported;
        case kiln::ErrorKind::Internal:
        case kiln::ErrorKind::Cancelled:
            return ExitCode::InternalError;
    }
    return ExitCode::InternalError;
}

const char* prefixFor(kiln::ErrorKind kind) {
    switch (kind) {
        case kiln::ErrorKind::InvalidArgument:
        case kiln::ErrorKind::InvalidModel:
        case kiln::ErrorKind::ResourceLimit:
        case kiln::ErrorKind::Io:
            return "error: ";
        case kiln::ErrorKind::Unsupported:
            return "unsupported: ";
        case kiln::ErrorKind::Internal:
            return "internal error: ";
        case kiln::ErrorKind::Cancelled:
            return "";
    }
    return "error: ";
}

int dispatch(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || (argv[0] == "help" && argv.size() == 1)) {
        std::fputs(kUsage, argv.empty() ? stderr : stdout);
        return int(argv.empty() ? ExitCode::InputError : ExitCode::Ok);
    }
    std::string command = argv[0];
    std::vector<std::string> rest(argv.begin() + 1, argv.end());
    if (command == "help") {
        command = argv[1];
        rest = {"--help"};
    }
    if (command == "version" || command == "--version") {
        std::printf("kiln %s\n", KILN_VERSION);
        return int(ExitCode::Ok);
    }
    if (command == "inspect") return kiln::cli::runInspect(rest);
    if (command == "run") return kiln::cli::runRun(rest);
    if (command == "build") return kiln::cli::runBuild(rest);
    if (command == "compare") return kiln::cli::runCompare(rest);
    if (command == "prune") return kiln::cli::runPrune(rest);
    if (command == "debug-precision") return kiln::cli::runDebugPrecision(rest);
    if (command == "backends") return kiln::cli::runBackends(rest);
    using kiln::operator""_a;
    kiln::fail(kiln::ErrorKind::InvalidArgument, kiln::msg<kiln::Msg::UnknownCommand>("command"_a = command));
}

}  // namespace

int main(int argc, char** argv) {
    // libprotobuf logs parse problems to stderr on its own; Kiln reports them as its single error
    // line instead, so those logs are dropped.
    google::protobuf::SetLogHandler(nullptr);
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const kiln::Error& e) {
        return report(exitCodeFor(e.kind()), prefixFor(e.kind()), e.what());
    } catch (const std::filesystem::filesystem_error& e) {
        return report(ExitCode::InputError, "error: ", e.what());
    } catch (const std::bad_alloc&) {
        return report(ExitCode::InputError, "error: ", "out of memory");
    } catch (const std::exception& e) {
        return report(ExitCode::InternalError, "internal error: ", e.what());
    } catch (...) {
        return report(ExitCode::InternalError, "internal error: ", "unknown exception");
    }
}
