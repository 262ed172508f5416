// kiln inspect: what is in a model, without running it. engine_core/onnx/model_report.h computes
// the report (Kiln Studio shows the same one); this file prints it as text or JSON. A saved engine
// (recognised as `kiln run` recognises one) gets its summary and its layers instead.
#include <algorithm>
#include <cstdio>
#include <map>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "app/kiln/json.h"
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

void writeShapeJson(JsonWriter& w, const Shape& shape) {
    if (!shape.rankKnown) {
        w.null();
        return;
    }
    w.beginArray();
    for (const Dim& d : shape.dims) {
        if (d.isStatic())
            w.value(d.value);
        else if (!d.symbol.empty())
            w.value(d.symbol);
        else
            w.null();
    }
    w.end();
}

void writeValuesJson(JsonWriter& w, const std::vector<TensorReport>& values) {
    w.beginArray();
    for (const TensorReport& v : values) {
        w.beginObject();
        w.field("name", v.name);
        w.field("dtype", std::string(dataTypeName(v.dtype)));
        w.key("shape");
        writeShapeJson(w, v.shape);
        w.end();
    }
    w.end();
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
        JsonWriter w;
        w.beginObject();
        w.field("engine", path);
        w.field("backend", engine->header().backend);
        w.field("device", engine->header().device);
        w.field("kiln_version", engine->header().kilnVersion);
        w.field("format_version", int64_t(engine->header().formatVersion));
        w.field("profiles", int64_t(engine->profiles().size()));
        w.field("weight_bytes", engine->weightBytes());
        for (const auto& [key, tensors] :
             {std::pair{"inputs", &engine->inputs()}, std::pair{"outputs", &engine->outputs()}}) {
            w.key(key).beginArray();
            for (const EngineTensor& t : *tensors) {
                w.beginObject();
                w.field("name", t.name);
                w.field("dtype", std::string(dataTypeName(t.dtype)));
                w.key("shape");
                writeShapeJson(w, t.shape);
                w.end();
            }
            w.end();
        }
        w.key("layers").beginArray();
        for (const EngineLayer& l : layers) {
            w.beginObject();
            w.field("name", l.name);
            w.field("op_type", l.opType);
            w.field("kind", std::string(layerKindName(l.kind)));
            w.field("backend", l.backend);
            w.field("precision", std::string(precisionName(l.precision)));
            w.field("tactic", l.tactic);
            w.end();
        }
        w.end();
        w.end();
        std::printf("%s\n", w.str().c_str());
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

void writeSparsityJson(JsonWriter& w, const ModelSparsityReport& r) {
    w.key("sparsity").beginObject();
    w.field("layer_count", int64_t(r.layers.size()));
    w.field("eligible_count", r.eligibleCount());
    w.field("sparse_count", r.sparseCount());
    w.key("layers").beginArray();
    for (const LayerSparsity& l : r.layers) {
        w.beginObject();
        w.field("layer", l.layer);
        w.field("op_type", l.opType);
        w.field("weight", l.weight);
        w.field("dtype", std::string(dataTypeName(l.dtype)));
        w.key("shape").beginArray();
        for (int64_t d : l.dims) w.value(d);
        w.end();
        w.field("axis", int64_t(l.axis));
        w.field("group_axis_length", l.groupAxisLength);
        w.field("reduction_length", l.reductionLength);
        w.field("eligible", l.eligible());
        w.field("reason", l.reason());
        if (l.stats) {
            w.field("groups", l.stats->groups);
            w.field("compliant_groups", l.stats->compliantGroups);
            w.field("compliant_fraction", l.stats->compliantFraction());
            w.field("zeros", l.stats->zeros);
            w.field("is_2to4", l.stats->is2to4());
        } else {
            w.key("groups").null();
            w.key("compliant_groups").null();
            w.key("compliant_fraction").null();
            w.key("zeros").null();
            w.field("is_2to4", false);
        }
        w.end();
    }
    w.end();
    w.end();
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
        JsonWriter w;
        w.beginObject();
        w.field("model", path);
        w.key("producer")
            .beginObject()
            .field("name", r.producerName)
            .field("version", r.producerVersion)
            .end();
        w.field("ir_version", r.irVersion);
        w.key("opsets").beginObject();
        for (const auto& [domain, version] : r.opsets) w.field(domainName(domain), version);
        w.end();
        w.field("graph_name", r.graphName);
        w.key("inputs");
        writeValuesJson(w, r.inputs);
        w.key("outputs");
        writeValuesJson(w, r.outputs);
        w.field("node_count", r.nodeCount);
        w.field("onnx_node_count", r.onnxNodeCount);
        // The JSON object keeps its keys in name order, as it always has; the text is by frequency.
        w.key("op_histogram").beginObject();
        for (const auto& [op, count] :
             std::map<std::string, int64_t>(r.opHistogram.begin(), r.opHistogram.end()))
            w.field(op, count);
        w.end();
        w.key("parameters")
            .beginObject()
            .field("count", r.parameterCount)
            .field("bytes", int64_t(r.parameterBytes))
            .end();
        w.key("unsupported").beginArray();
        for (const UnsupportedNode& u : r.unsupported) {
            w.beginObject();
            w.field("node_index", int64_t(u.nodeIndex));
            w.field("node_name", u.nodeName);
            w.field("op_type", u.opType);
            w.field("domain", domainName(u.domain));
            w.field("opset", u.opsetVersion);
            w.field("reason", u.reason.text());
            w.end();
        }
        w.end();
        w.key("no_cpu_kernel").beginArray();
        for (const NoCpuKernelNode& k : r.noCpuKernel)
            w.beginObject()
                .field("node_name", k.label)
                .field("op_type", k.opType)
                .field("reason", k.reason)
                .end();
        w.end();
        w.key("warnings").beginArray();
        for (const Message& warning : r.warnings) w.value(warning.text());
        w.end();
        if (args.has("dump")) w.field("dump", g.dump());
        if (args.has("sparsity")) writeSparsityJson(w, analyzeModelSparsity(path));
        w.end();
        std::printf("%s\n", w.str().c_str());
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
