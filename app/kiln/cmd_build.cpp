// kiln build: model + builder settings → engine file (trtexec --onnx=M --saveEngine=E).
#include <cstdio>
#include <filesystem>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/importer.h"

namespace kiln::cli {

int runBuild(const std::vector<std::string>& argv) {
    ArgParser parser("kiln build",
                     "MODEL [--fp16 --bf16 --tf32 --int8 --fp8] [--layer-precision NAME:PREC ...] "
                     "[--min-shapes/--opt-shapes/--max-shapes NAME:DIMS ...] [--opt-level 0-3] "
                     "[--timing-cache FILE] [--plugins LIB.so] [--config FILE] [--workspace MiB] "
                     "[--sparsity MODE] [--int8 --calib DIR --calibrator entropy|minmax|percentile [--percentile P] "
                     "--calib-cache FILE] [--export-config FILE] --save ENGINE",
                     "Builds an engine from MODEL: imports it, optimizes the graph (fusions), checks every\n"
                     "layer is supported, picks the fastest tactic per layer and writes the engine file.\n"
                     "With --int8 it first calibrates: per-tensor dynamic ranges from the calibration data\n"
                     "(or the calibration cache), stored in the engine (the cpu backend still runs fp32).\n"
                     "Prints progress, the fusion report (which fusions fired, original -> optimized node\n"
                     "counts), each fused layer timed against its unfused nodes (kept, or reverted when\n"
                     "those are clearly faster) and the engine summary.",
                     1, 1);
    addBuildOptions(parser);
    addMemoryLimitOption(parser);
    parser.option("save", "ENGINE", "Write the engine here (like trtexec --saveEngine).");
    parser.option("export-config", "FILE", "Write the effective BuilderConfig JSON (flags applied) here.");
    parser.flag("verbose", "Print every layer during tactic selection.");
    parser.addNotes(
        "Without --save the engine is built and reported, then discarded. A dynamic input without\n"
        "shapes is built with every dynamic dim at 1 (a warning names it), as trtexec does.\n"
        "Exit codes: 0 built, 2 usage/input error (bad flags, config or model), 3 unsupported model.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    applyMemoryLimit(args);
    const std::string modelPath = args.positionals()[0];
    // Flags and config first: a typo fails before the model is read.
    BuilderConfig config = builderConfigFromArgs(args);
    if (args.has("export-config")) {
        saveBuilderConfig(config, args.get("export-config"));
        std::printf("config written to %s\n", args.get("export-config").c_str());
    }

    ImportResult imported = importOnnxFile(modelPath);
    KILN_CHECK(imported.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = modelPath));
    std::printf("model:   %s (%zu nodes, opset %lld)\n", modelPath.c_str(), imported.graph->nodeCount(),
                (long long)imported.graph->opsetVersion());
    // A dynamic dim that no profile covers is built at 1, as trtexec does, with a warning.
    std::vector<std::string> shapeWarnings;
    addImplicitProfile(config, *imported.graph, shapeWarnings);
    std::printf("config:  %s\n", describeConfig(config).c_str());
    for (const Message& warning : imported.warnings) std::printf("warning: %s\n", warning.text().c_str());
    for (const std::string& warning : shapeWarnings) std::printf("warning: %s\n", warning.c_str());

    BuildReport report;
    std::shared_ptr<const Engine> engine =
        buildWithProgress(*imported.graph, config, args.has("verbose"), report, modelPath);
    // Under the fusion report: which fusions beat their unfused nodes, which were reverted.
    if (std::string timed = fusionTimingText(report); !timed.empty()) std::printf("%s", timed.c_str());
    std::printf("\n%s", engine->summary().c_str());
    if (!engine->summary().empty() && engine->summary().back() != '\n') std::printf("\n");
    if (args.has("save")) {
        const std::string path = args.get("save");
        engine->save(path);
        std::printf("saved:   %s (%lld bytes)\n", path.c_str(), (long long)std::filesystem::file_size(path));
    }
    return int(ExitCode::Ok);
}

}  // namespace kiln::cli
