// kiln inspect: what is in a model, without running it. engine_core/onnx/model_report.h computes
// the report (Kiln Studio shows the same one); this file prints it as text or JSON. A saved engine
// (recognised as `kiln run` recognises one) gets its summary and its layers instead.
#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "app/kiln/run_target.h"
#include "engine_core/builder/engine.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/model_report.h"
#include "engine_core/sparsity/model_sparsity.h"

namespace kiln::cli {

namespace {

std::string domainName(const std::string& domain) {
    return domain.empty() ? "ai.onnx" : domain;
}

std::string formatCount(int64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string formatBytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
    return buf;
}

using ordered_json = nlohmann::ordered_json;

// The object as `kiln inspect --json` prints it: two-space indent, keys in insertion order;
// nlohmann writes non-finite numbers as null and replaces invalid UTF-8 in names with U+FFFD.
void printJson(const ordered_json& j) {
    std::printf("%s\n", j.dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
}

// Ints for static dims, the symbol for a named dynamic dim, null for an unnamed one; null for an
// unknown rank.
ordered_json shapeJson(const Shape& shape) {
    if (!shape.rankKnown) return nullptr;
    ordered_json dims = ordered_json::array();
    for (const Dim& d : shape.dims) {
        if (d.isStatic())
            dims.push_back(d.value);
        else if (!d.symbol.empty())
            dims.push_back(d.symbol);
        else
            dims.push_back(nullptr);
    }
    return dims;
}

ordered_json tensorJson(const std::string& name, DataType dtype, const Shape& shape) {
    return {{"name", name}, {"dtype", std::string(dataTypeName(dtype))}, {"shape", shapeJson(shape)}};
}

ordered_json valuesJson(const std::vector<TensorReport>& values) {
    ordered_json out = ordered_json::array();
    for (const TensorReport& v : values) out.push_back(tensorJson(v.name, v.dtype, v.shape));
    return out;
}

void printValues(const char* title, const std::vector<TensorReport>& values) {
    std::printf("%s (%zu):\n", title, values.size());
    size_t width = 0;
    for (const TensorReport& v : values) width = std::max(width, v.name.size());
    for (const TensorReport& v : values)
        std::printf("  %-*s  %s%s\n", int(width), v.name.c_str(),
                    std::string(dataTypeName(v.dtype)).c_str(), v.shape.str().c_str());
}

// An engine file: Engine::summary() (what Kiln Studio's engine summary shows) and one line per
// layer, in execution order; --json gives the same as an object.
int inspectEngine(const std::string& path, const ParsedArgs& args) {
    loadPluginLibraries(args.getAll("plugins"));
    std::shared_ptr<const Engine> engine = Engine::load(path);
    const std::vector<EngineLayer>& layers = engine->layers();
    if (args.has("json")) {
        ordered_json j;
        j["engine"] = path;
        j["backend"] = engine->header().backend;
        j["device"] = engine->header().device;
        j["kiln_version"] = engine->header().kilnVersion;
        j["format_version"] = int64_t(engine->header().formatVersion);
        j["profiles"] = int64_t(engine->profiles().size());
        j["weight_bytes"] = engine->weightBytes();
        for (const auto& [key, tensors] :
             {std::pair{"inputs", &engine->inputs()}, std::pair{"outputs", &engine->outputs()}}) {
            ordered_json& list = j[key] = ordered_json::array();
            for (const EngineTensor& t : *tensors) list.push_back(tensorJson(t.name, t.dtype, t.shape));
        }
        ordered_json& layerList = j["layers"] = ordered_json::array();
        for (const EngineLayer& l : layers)
            layerList.push_back({{"name", l.name},
                                 {"op_type", l.opType},
                                 {"kind", std::string(layerKindName(l.kind))},
                                 {"backend", l.backend},
                                 {"precision", std::string(precisionName(l.precision))},
                                 {"tactic", l.tactic}});
        printJson(j);
        return int(ExitCode::Ok);
    }
    std::printf("file:   %s\n%s", path.c_str(), engine->summary().c_str());
    std::printf("\nlayers (%zu):\n", layers.size());
    size_t nameWidth = 0, opWidth = 0;
    for (const EngineLayer& l : layers) {
        nameWidth = std::max(nameWidth, l.name.size());
        opWidth = std::max(opWidth, l.opType.size());
    }
    for (const EngineLayer& l : layers)
        std::printf("  %-*s  %-*s  %s %s%s%s\n", int(nameWidth), l.name.c_str(), int(opWidth),
                    l.opType.c_str(), l.backend.c_str(), std::string(precisionName(l.precision)).c_str(),
                    l.tactic.empty() ? "" : "  ", l.tactic.c_str());
    if (args.has("dump")) std::printf("\n%s", engine->graph().dump().c_str());
    std::printf("\nrun it with: kiln run %s\n", path.c_str());
    return int(ExitCode::Ok);
}

std::string dimsText(const LayerSparsity& l) {
    if (l.dims.empty()) return "-";
    std::string s = std::string(dataTypeName(l.dtype)) + "[";
    for (size_t i = 0; i < l.dims.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(l.dims[i]);
    }
    return s + "]";
}

// "2:4", "dense", "ineligible: <why>".
std::string patternText(const LayerSparsity& l) {
    if (!l.eligible()) return "ineligible: " + l.reason();
    return l.stats && l.stats->is2to4() ? "2:4" : "dense";
}

// One row per Conv/Gemm/MatMul weight: the grouped dimension, the share of groups of 4 with at most
// 2 non-zeros, and whether the whole weight has the 2:4 pattern.
void printSparsity(const ModelSparsityReport& r) {
    std::printf("\n2:4 sparsity along the reduction dimension (%zu layers, %lld eligible, %lld already 2:4):\n",
                r.layers.size(), (long long)r.eligibleCount(), (long long)r.sparseCount());
    if (r.layers.empty()) {
        std::printf("  no Conv, Gemm or MatMul layers\n");
        return;
    }
    std::vector<std::vector<std::string>> rows = {{"layer", "op", "weight", "shape", "grouped along", "groups",
                                                   "2:4 groups", "pattern"}};
    for (const LayerSparsity& l : r.layers) {
        char fraction[32] = "-";
        if (l.stats) std::snprintf(fraction, sizeof fraction, "%.1f%%", 100.0 * l.stats->compliantFraction());
        rows.push_back({l.layer, l.opType, l.weight.empty() ? "-" : l.weight, dimsText(l), l.groupAxisText(),
                        l.stats ? formatCount(l.stats->groups) : "-", fraction, patternText(l)});
    }
    std::vector<size_t> widths(rows[0].size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : rows) {
        std::string line = " ";
        for (size_t c = 0; c < row.size(); ++c) {
            const bool last = c + 1 == row.size();
            const bool number = c == 5 || c == 6;  // right-aligned
            std::string cell = row[c];
            if (!last) {
                const std::string pad(widths[c] - cell.size(), ' ');
                cell = number ? pad + cell : cell + pad;
            }
            line += ' ';
            line += cell;
        }
        std::printf("%s\n", line.c_str());
    }
}

ordered_json sparsityJson(const ModelSparsityReport& r) {
    ordered_json out;
    out["layer_count"] = int64_t(r.layers.size());
    out["eligible_count"] = r.eligibleCount();
    out["sparse_count"] = r.sparseCount();
    ordered_json& list = out["layers"] = ordered_json::array();
    for (const LayerSparsity& l : r.layers) {
        ordered_json e;
        e["layer"] = l.layer;
        e["op_type"] = l.opType;
        e["weight"] = l.weight;
        e["dtype"] = std::string(dataTypeName(l.dtype));
        e["shape"] = l.dims;
        e["axis"] = int64_t(l.axis);
        e["group_axis_length"] = l.groupAxisLength;
        e["reduction_length"] = l.reductionLength;
        e["eligible"] = l.eligible();
        e["reason"] = l.reason();
        // Null counts when the layer is ineligible (no statistics).
        e["groups"] = l.stats ? ordered_json(l.stats->groups) : ordered_json(nullptr);
        e["compliant_groups"] = l.stats ? ordered_json(l.stats->compliantGroups) : ordered_json(nullptr);
        e["compliant_fraction"] = l.stats ? ordered_json(l.stats->compliantFraction()) : ordered_json(nullptr);
        e["zeros"] = l.stats ? ordered_json(l.stats->zeros) : ordered_json(nullptr);
        e["is_2to4"] = l.stats && l.stats->is2to4();
        list.push_back(std::move(e));
    }
    return out;
}

}  // namespace

int runInspect(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln inspect", "MODEL|ENGINE [--json] [--dump] [--sparsity] [--plugins LIB.so]",
        "Shows a model's opsets and producer, its inputs and outputs with dtypes and (symbolic)\n"
        "shapes, the op histogram of the imported graph, the parameter count, every node Kiln\n"
        "can't import and every node without a CPU kernel. Unsupported ops are listed, not\n"
        "fatal: the exit code is 0. A saved engine (kiln build --save) shows its summary (backend,\n"
        "device, layers, weights, memory, inputs and outputs) and its layers.",
        1, 1);
    parser.flag("json", "Print one JSON object instead of text (stable keys; see below).");
    parser.flag("dump", "Also print the imported graph as Kiln's text dump (Graph::dump).");
    parser.flag("sparsity",
                "Also show, for each Conv/Gemm/MatMul weight, whether it has the 2:4 pattern along\n"
                "the reduction dimension and which layers are eligible (see kiln prune).");
    parser.option("plugins", "LIB.so", "Load plugin library (engines with plugin layers need it).", true);
    parser.addNotes(
        "JSON keys: model, producer{name,version}, ir_version, opsets{domain:version}, graph_name,\n"
        "inputs/outputs[{name,dtype,shape}] (shape: ints, symbol strings, null for unknown; null\n"
        "for unknown rank), node_count, onnx_node_count, op_histogram{op:count}, parameters{count,\n"
        "bytes}, unsupported[{node_index,node_name,op_type,domain,opset,reason}] (the importer's),\n"
        "no_cpu_kernel[{node_name,op_type,reason}] (imported but not runnable on the CPU), warnings[],\n"
        "dump (with --dump). For an engine: engine, backend, device, kiln_version, format_version,\n"
        "profiles, weight_bytes, inputs/outputs[{name,dtype,shape}], layers[{name,op_type,kind,\n"
        "backend,precision,tactic}]. With --sparsity: sparsity{layer_count,eligible_count,sparse_count,\n"
        "layers[{layer,op_type,weight,dtype,shape,axis,group_axis_length,reduction_length,eligible,\n"
        "reason,groups,compliant_groups,compliant_fraction,zeros,is_2to4}]} (null counts when ineligible).\n"
        "2:4 rule: at most 2 non-zeros in every 4 consecutive weights along C (Conv W[K,C/g,k...], per\n"
        "output channel and kernel position) or K (Gemm, MatMul); eligible: a floating-point initializer\n"
        "with C/g or K a multiple of 4.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string path = args.positionals()[0];
    if (looksLikeEngineFile(path)) {
        KILN_CHECK(!args.has("sparsity"), InvalidArgument,
                   msg<Msg::FlagError>("flag"_a = "sparsity",
                                       "cause"_a = concat("reads an ONNX model's weights; '", path,
                                                          "' is an engine (inspect the model it was built from)")));
        return inspectEngine(path, args);
    }
    ImportOptions options;
    options.allowUnsupported = true;
    ImportResult result = importOnnxFile(path, options);
    KILN_CHECK(result.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = path));
    const Graph& g = *result.graph;
    const ModelReport r = makeModelReport(result);

    if (args.has("json")) {
        ordered_json j;
        j["model"] = path;
        j["producer"] = {{"name", r.producerName}, {"version", r.producerVersion}};
        j["ir_version"] = r.irVersion;
        ordered_json& opsets = j["opsets"] = ordered_json::object();
        for (const auto& [domain, version] : r.opsets) opsets[domainName(domain)] = version;
        j["graph_name"] = r.graphName;
        j["inputs"] = valuesJson(r.inputs);
        j["outputs"] = valuesJson(r.outputs);
        j["node_count"] = r.nodeCount;
        j["onnx_node_count"] = r.onnxNodeCount;
        // The JSON object keeps its keys in name order, as it always has; the text is by frequency.
        ordered_json& histogram = j["op_histogram"] = ordered_json::object();
        for (const auto& [op, count] :
             std::map<std::string, int64_t>(r.opHistogram.begin(), r.opHistogram.end()))
            histogram[op] = count;
        j["parameters"] = {{"count", r.parameterCount}, {"bytes", int64_t(r.parameterBytes)}};
        ordered_json& unsupported = j["unsupported"] = ordered_json::array();
        for (const UnsupportedNode& u : r.unsupported)
            unsupported.push_back({{"node_index", int64_t(u.nodeIndex)},
                                   {"node_name", u.nodeName},
                                   {"op_type", u.opType},
                                   {"domain", domainName(u.domain)},
                                   {"opset", u.opsetVersion},
                                   {"reason", u.reason.text()}});
        ordered_json& noCpuKernel = j["no_cpu_kernel"] = ordered_json::array();
        for (const NoCpuKernelNode& k : r.noCpuKernel)
            noCpuKernel.push_back({{"node_name", k.label}, {"op_type", k.opType}, {"reason", k.reason}});
        ordered_json& warnings = j["warnings"] = ordered_json::array();
        for (const Message& warning : r.warnings) warnings.push_back(warning.text());
        if (args.has("dump")) j["dump"] = g.dump();
        if (args.has("sparsity")) j["sparsity"] = sparsityJson(analyzeModelSparsity(path));
        printJson(j);
        return int(ExitCode::Ok);
    }

    std::printf("model:      %s\n", path.c_str());
    std::printf("producer:   %s%s%s\n", r.producerName.empty() ? "(none)" : r.producerName.c_str(),
                r.producerVersion.empty() ? "" : " ", r.producerVersion.c_str());
    std::string opsets;
    for (const auto& [domain, version] : r.opsets)
        opsets += (opsets.empty() ? "" : ", ") + domainName(domain) + " " + std::to_string(version);
    std::printf("ir version: %lld\n", (long long)r.irVersion);
    std::printf("opsets:     %s\n", opsets.empty() ? "(none)" : opsets.c_str());
    if (!r.graphName.empty()) std::printf("graph:      %s\n", r.graphName.c_str());
    std::printf("\n");
    printValues("inputs", r.inputs);
    printValues("outputs", r.outputs);
    std::printf("\nparameters: %s (%s)\n", formatCount(r.parameterCount).c_str(),
                formatBytes(r.parameterBytes).c_str());
    std::printf("nodes:      %lld imported from %lld ONNX nodes\n", (long long)r.nodeCount,
                (long long)r.onnxNodeCount);

    std::printf("\nop histogram (%zu op types):\n", r.opHistogram.size());
    size_t width = 0;
    for (const auto& [op, count] : r.opHistogram) width = std::max(width, op.size());
    for (const auto& [op, count] : r.opHistogram)
        std::printf("  %-*s  %lld\n", int(width), op.c_str(), (long long)count);

    if (r.unsupported.empty()) {
        std::printf("\nunsupported ops: none\n");
    } else {
        std::printf("\nunsupported ops (%zu nodes):\n", r.unsupported.size());
        for (const UnsupportedNode& u : r.unsupported)
            std::printf("  node %d '%s': %s%s (opset %lld): %s\n", u.nodeIndex, u.nodeName.c_str(),
                        u.domain.empty() ? "" : (u.domain + "::").c_str(), u.opType.c_str(),
                        (long long)u.opsetVersion, u.reason.text().c_str());
    }
    if (!r.noCpuKernel.empty()) {
        std::printf("\nno CPU kernel (%zu nodes):\n", r.noCpuKernel.size());
        for (const NoCpuKernelNode& k : r.noCpuKernel)
            std::printf("  node '%s' (%s): %s\n", k.label.c_str(), k.opType.c_str(), k.reason.c_str());
    }
    if (!r.warnings.empty()) {
        std::printf("\nwarnings:\n");
        for (const Message& warning : r.warnings) std::printf("  %s\n", warning.text().c_str());
    }
    if (args.has("sparsity")) printSparsity(analyzeModelSparsity(path));
    if (args.has("dump")) std::printf("\n%s", g.dump().c_str());
    return int(ExitCode::Ok);
}

}  // namespace kiln::cli
