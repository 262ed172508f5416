// The builder flags shared by `kiln build` and `kiln compare` (which can build inline), the build
// itself with progress printed to stdout, and the tolerance flags of `kiln run` and `kiln compare`.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/kiln/args.h"
#include "engine_core/builder/builder.h"
#include "profiler/accuracy.h"

namespace kiln::cli {

// Adds --fp16 --bf16 --tf32 --int8 --fp8 --layer-precision --min-shapes --opt-shapes --max-shapes
// --opt-level --timing-cache --plugins --config --workspace --sparsity --backend --calib --calibrator
// --percentile --calib-batches --calib-cache.
void addBuildOptions(ArgParser& parser);
// --memory-limit SIZE (kiln build, run and compare) and applying it: setMemoryLimit, or the default
// (a share of the physical memory) when not given. A malformed size is an input error.
void addMemoryLimitOption(ArgParser& parser);
void applyMemoryLimit(const ParsedArgs& args);

// True when any of them but --plugins was given.
bool hasBuildOptions(const ParsedArgs& args);

// The config: --config FILE (or the defaults), then the flags on top: precision flags add to the
// allowed precisions, --layer-precision replaces an entry for the same target or appends,
// --min/--opt/--max-shapes replace the profiles with one profile, scalars replace. When no profile
// results and `fallbackShapes` is not empty (kiln compare --shapes), it becomes a min=opt=max profile.
BuilderConfig builderConfigFromArgs(const ParsedArgs& args,
                                    const std::map<std::string, std::vector<int64_t>>& fallbackShapes = {});

// trtexec's habit for a dynamic input that nothing gives a shape: each dynamic dim becomes 1.
// Returns those dims for every runtime input of `model` with a dynamic dim (rank known) that is
// not in `given`, and adds one warning line each to `warnings`, naming the input, its declared
// shape and the shape used, and `flag` (e.g. "--shapes") as the way to choose another.
std::map<std::string, std::vector<int64_t>> implicitShapes(const Graph& model, const std::set<std::string>& given,
                                                           const std::string& flag,
                                                           std::vector<std::string>& warnings);
// The same for a build: a config without profiles gets one min=opt=max profile at those dims; a
// profile that leaves a dynamic input out gets it at those dims. One warning per input.
void addImplicitProfile(BuilderConfig& config, const Graph& model, std::vector<std::string>& warnings);

// "fp32+fp16, opt level 3, 1 profile (x: [1,3]..[1,3]..[8,3]), workspace 1024 MiB, sparsity disabled"
std::string describeConfig(const BuilderConfig& config);

// Loads the --plugins libraries into the global registry (engines need them loaded before Engine::load).
void loadPluginLibraries(const std::vector<std::string>& paths);

// Builds with progress lines ("[optimize] ...", "[select tactics] layer 12/48 ...") and prints the
// fusion report and tactic summary. `verbose` prints every layer of tactic selection.
// `modelPath`: the file `model` came from (BuildOptions::modelPath: profiles that fix dynamic dims
// re-import it at those dims; the line "shapes:" says so).
std::shared_ptr<const Engine> buildWithProgress(const Graph& model, const BuilderConfig& config, bool verbose,
                                                BuildReport& report, const std::string& modelPath = "");

// Adds --error-mode --max-norm --atol --rtol.
void addToleranceOptions(ArgParser& parser);
// The tolerance they choose (kiln::resolveTolerance, the rule Kiln Studio applies to its fields):
// --error-mode if given, else elementwise when --atol or --rtol is given, else norm with the
// per-precision thresholds. `warnings` gets a line for a flag the chosen rule does not use.
Tolerance toleranceFromArgs(const ParsedArgs& args, std::vector<std::string>& warnings);

}  // namespace kiln::cli
