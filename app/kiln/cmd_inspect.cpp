// kiln inspect: what is in a model, without running it.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "app/kiln/args.h"
#include "app/kiln/commands.h"
#include "app/kiln/json.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/runtime/backend.h"

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

struct ModelSummary {
    std::map<std::string, int64_t> opHistogram;  // "Conv" or "domain::Op"
    int64_t parameterCount = 0;
    uint64_t parameterBytes = 0;
};

// Parameters: the constants nodes read (initializers and folded Constant nodes), each counted once.
ModelSummary summarize(const Graph& g) {
    ModelSummary s;
    std::map<const Value*, const Tensor*> constants;
    for (const Node* n : g.nodes()) {
        ++s.opHistogram[n->domain.empty() ? n->opType : n->domain + "::" + n->opType];
        for (const Value* v : n->inputs)
            if (v && v->isConstant()) constants[v] = &*v->constant;
    }
    for (const Value* v : g.outputs())
        if (v->isConstant()) constants[v] = &*v->constant;
    for (const auto& [v, t] : constants) {
        s.parameterCount += t->numel();
        s.parameterBytes += t->byteSize();
    }
    return s;
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

void writeValuesJson(JsonWriter& w, const std::vector<Value*>& values) {
    w.beginArray();
    for (const Value* v : values) {
        w.beginObject();
        w.field("name", v->name);
        w.field("dtype", std::string(dataTypeName(v->dtype)));
        w.key("shape");
        writeShapeJson(w, v->shape);
        w.end();
    }
    w.end();
}

void printValues(const char* title, const std::vector<Value*>& values) {
    std::printf("%s (%zu):\n", title, values.size());
    size_t width = 0;
    for (const Value* v : values) width = std::max(width, v->name.size());
    for (const Value* v : values)
        std::printf("  %-*s  %s%s\n", int(width), v->name.c_str(),
                    std::string(dataTypeName(v->dtype)).c_str(), v->shape.str().c_str());
}

}  // namespace

int runInspect(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln inspect", "MODEL [--json] [--dump]",
        "Shows a model's opsets and producer, its inputs and outputs with dtypes and (symbolic)\n"
        "shapes, the op histogram of the imported graph, the parameter count, every node Kiln\n"
        "can't import and every node without a CPU kernel. Unsupported ops are listed, not\n"
        "fatal: the exit code is 0.",
        1, 1);
    parser.flag("json", "Print one JSON object instead of text (stable keys; see below).");
    parser.flag("dump", "Also print the imported graph as Kiln's text dump (Graph::dump).");
    parser.addNotes(
        "JSON keys: model, producer{name,version}, ir_version, opsets{domain:version}, graph_name,\n"
        "inputs/outputs[{name,dtype,shape}] (shape: ints, symbol strings, null for unknown; null\n"
        "for unknown rank), node_count, onnx_node_count, op_histogram{op:count}, parameters{count,\n"
        "bytes}, unsupported[{node_index,node_name,op_type,domain,opset,reason}] (the importer's),\n"
        "no_cpu_kernel[{node_name,op_type,reason}] (imported but not runnable on the CPU), warnings[],\n"
        "dump (with --dump).");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string path = args.positionals()[0];
    ImportOptions options;
    options.allowUnsupported = true;
    ImportResult result = importOnnxFile(path, options);
    KILN_CHECK(result.graph, Internal, path, ": the importer returned no graph");
    const Graph& g = *result.graph;
    ModelSummary s = summarize(g);
    // Imported nodes the CPU backend has no kernel for: `kiln run` would refuse them too. Nodes the
    // importer already listed as unsupported are not repeated.
    std::set<std::string> listed;
    for (const UnsupportedNode& u : result.unsupported) listed.insert(u.nodeName);
    struct NoKernel {
        std::string node, opType, why;
    };
    std::vector<NoKernel> noKernel;
    std::unique_ptr<Backend> cpu = makeCpuBackend();
    for (const Node* n : g.nodes()) {
        std::string why;
        if (listed.count(n->name) || cpu->supportsOp(*n, &why)) continue;
        noKernel.push_back({n->label(), n->domain.empty() ? n->opType : n->domain + "::" + n->opType, why});
    }

    if (args.has("json")) {
        JsonWriter w;
        w.beginObject();
        w.field("model", path);
        w.key("producer")
            .beginObject()
            .field("name", g.producerName)
            .field("version", g.producerVersion)
            .end();
        w.field("ir_version", g.irVersion);
        w.key("opsets").beginObject();
        for (const auto& [domain, version] : g.opsetImports) w.field(domainName(domain), version);
        w.end();
        w.field("graph_name", g.name);
        w.key("inputs");
        writeValuesJson(w, g.runtimeInputs());
        w.key("outputs");
        writeValuesJson(w, g.outputs());
        w.field("node_count", int64_t(g.nodeCount()));
        w.field("onnx_node_count", result.onnxNodeCount);
        w.key("op_histogram").beginObject();
        for (const auto& [op, count] : s.opHistogram) w.field(op, count);
        w.end();
        w.key("parameters")
            .beginObject()
            .field("count", s.parameterCount)
            .field("bytes", int64_t(s.parameterBytes))
            .end();
        w.key("unsupported").beginArray();
        for (const UnsupportedNode& u : result.unsupported) {
            w.beginObject();
            w.field("node_index", int64_t(u.nodeIndex));
            w.field("node_name", u.nodeName);
            w.field("op_type", u.opType);
            w.field("domain", domainName(u.domain));
            w.field("opset", u.opsetVersion);
            w.field("reason", u.reason);
            w.end();
        }
        w.end();
        w.key("no_cpu_kernel").beginArray();
        for (const NoKernel& k : noKernel)
            w.beginObject()
                .field("node_name", k.node)
                .field("op_type", k.opType)
                .field("reason", k.why)
                .end();
        w.end();
        w.key("warnings").beginArray();
        for (const std::string& warning : result.warnings) w.value(warning);
        w.end();
        if (args.has("dump")) w.field("dump", g.dump());
        w.end();
        std::printf("%s\n", w.str().c_str());
        return int(ExitCode::Ok);
    }

    std::printf("model:      %s\n", path.c_str());
    std::printf("producer:   %s%s%s\n", g.producerName.empty() ? "(none)" : g.producerName.c_str(),
                g.producerVersion.empty() ? "" : " ", g.producerVersion.c_str());
    std::string opsets;
    for (const auto& [domain, version] : g.opsetImports)
        opsets += (opsets.empty() ? "" : ", ") + domainName(domain) + " " + std::to_string(version);
    std::printf("ir version: %lld\n", (long long)g.irVersion);
    std::printf("opsets:     %s\n", opsets.empty() ? "(none)" : opsets.c_str());
    if (!g.name.empty()) std::printf("graph:      %s\n", g.name.c_str());
    std::printf("\n");
    printValues("inputs", g.runtimeInputs());
    printValues("outputs", g.outputs());
    std::printf("\nparameters: %s (%s)\n", formatCount(s.parameterCount).c_str(),
                formatBytes(s.parameterBytes).c_str());
    std::printf("nodes:      %zu imported from %lld ONNX nodes\n", g.nodeCount(),
                (long long)result.onnxNodeCount);

    std::vector<std::pair<std::string, int64_t>> ops(s.opHistogram.begin(), s.opHistogram.end());
    std::stable_sort(ops.begin(), ops.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::printf("\nop histogram (%zu op types):\n", ops.size());
    size_t width = 0;
    for (const auto& [op, count] : ops) width = std::max(width, op.size());
    for (const auto& [op, count] : ops)
        std::printf("  %-*s  %lld\n", int(width), op.c_str(), (long long)count);

    if (result.unsupported.empty()) {
        std::printf("\nunsupported ops: none\n");
    } else {
        std::printf("\nunsupported ops (%zu nodes):\n", result.unsupported.size());
        for (const UnsupportedNode& u : result.unsupported)
            std::printf("  node %d '%s': %s%s (opset %lld): %s\n", u.nodeIndex, u.nodeName.c_str(),
                        u.domain.empty() ? "" : (u.domain + "::").c_str(), u.opType.c_str(),
                        (long long)u.opsetVersion, u.reason.c_str());
    }
    if (!noKernel.empty()) {
        std::printf("\nno CPU kernel (%zu nodes):\n", noKernel.size());
        for (const NoKernel& k : noKernel)
            std::printf("  node '%s' (%s): %s\n", k.node.c_str(), k.opType.c_str(), k.why.c_str());
    }
    if (!result.warnings.empty()) {
        std::printf("\nwarnings:\n");
        for (const std::string& warning : result.warnings) std::printf("  %s\n", warning.c_str());
    }
    if (args.has("dump")) std::printf("\n%s", g.dump().c_str());
    return int(ExitCode::Ok);
}

}  // namespace kiln::cli
