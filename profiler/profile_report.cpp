#include "profiler/profile_report.h"

#include <algorithm>
#include <set>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace kiln {

namespace {

LayerTensorInfo tensorInfo(const Value* v) {
    if (!v) return {};
    LayerTensorInfo t{v->name, std::string(dataTypeName(v->dtype)), v->shape.str(), std::nullopt, std::nullopt};
    if (v->shape.isStatic()) t.dims = v->shape.staticDims();
    return t;
}

std::string qualifiedType(const Node& node) {
    return node.domain.empty() ? node.opType : node.domain + "::" + node.opType;
}

// Keeps the tail of a long name: the end of an exporter's path names the op.
std::string fitName(const std::string& s, size_t width) {
    if (s.size() <= width || width < 4) return s;
    return "..." + s.substr(s.size() - (width - 3));
}

std::string fmtMs(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ms < 10 ? "%.4f" : "%.3f", ms);
    return buf;
}

}  // namespace

std::vector<LayerDescription> describeEngineLayers(const Engine& engine) {
    std::vector<LayerDescription> out;
    const auto& layers = engine.layers();
    const auto& steps = engine.program().steps();
    out.reserve(layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        const EngineLayer& l = layers[i];
        LayerDescription d;
        d.name = l.name;
        d.type = l.domain.empty() ? l.opType : l.domain + "::" + l.opType;
        d.precision = std::string(precisionName(l.precision));
        d.tactic = l.tactic;
        d.origin = l.origin;
        d.backend = l.backend;
        d.computed = std::string(precisionName(l.computed));
        d.format = std::string(tensorFormatName(l.format));
        d.workspaceBytes = l.workspaceBytes;
        d.note = l.note;
        // The runtime node has the typed values; the layer record only names them.
        const Node* node = i < steps.size() ? steps[i].node : nullptr;
        if (node) {
            for (const Value* v : node->inputs) d.inputs.push_back(tensorInfo(v));
            for (const Value* v : node->outputs) d.outputs.push_back(tensorInfo(v));
            for (auto* list : {&d.inputs, &d.outputs})
                for (LayerTensorInfo& t : *list) t.dynamicRange = engine.dynamicRange(t.name);
        } else {
            for (const std::string& n : l.inputs) d.inputs.push_back({n, "", "", std::nullopt, std::nullopt});
            for (const std::string& n : l.outputs) d.outputs.push_back({n, "", "", std::nullopt, std::nullopt});
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<LayerDescription> describeGraphNodes(const Graph& graph, const std::vector<const Node*>& order) {
    std::vector<LayerDescription> out;
    out.reserve(order.size());
    for (const Node* node : order) {
        LayerDescription d;
        d.name = node->label();
        d.type = qualifiedType(*node);
        d.precision = "fp32";
        d.origin = node->origin.empty() ? std::vector<std::string>{node->label()} : node->origin;
        for (const Value* v : node->inputs) d.inputs.push_back(tensorInfo(v));
        for (const Value* v : node->outputs) d.outputs.push_back(tensorInfo(v));
        out.push_back(std::move(d));
    }
    return out;
}

void fillObservedShapes(std::vector<LayerDescription>& layers, const TensorMap& observed) {
    auto fill = [&](LayerTensorInfo& t) {
        auto it = observed.find(t.name);
        if (t.name.empty() || it == observed.end() || !it->second.defined()) return;
        t.shape = dimsToString(it->second.dims());
        t.dims = it->second.dims();
        t.dtype = std::string(dataTypeName(it->second.dtype()));
    };
    for (LayerDescription& l : layers) {
        for (LayerTensorInfo& t : l.inputs) fill(t);
        for (LayerTensorInfo& t : l.outputs) fill(t);
    }
}

LayerProfileReport makeLayerProfileReport(const std::vector<LayerDescription>& layers,
                                          const LayerProfiler& profiler) {
    LayerProfileReport report;
    report.runs = profiler.runCount();
    std::vector<LayerSamples> samples = profiler.layers();
    // Hashed: an engine of 10,000 layers with long scoped names ("/encoder/layer.3/...").
    std::unordered_map<std::string_view, const LayerSamples*> byName;
    byName.reserve(samples.size());
    for (const LayerSamples& s : samples) byName.emplace(s.name, &s);

    auto addRow = [&](LayerDescription d, const LayerSamples* s) {
        LayerProfileRow row;
        row.layer = std::move(d);
        if (s) {
            std::vector<double> ms;
            ms.reserve(s->samples.size());
            for (const LayerSample& x : s->samples) {
                ms.push_back(x.ms);
                row.totalMs += x.ms;
            }
            row.stats = LatencyStats::fromSamples(std::move(ms));
        }
        report.totalMs += row.totalMs;
        report.sumOfMediansMs += row.stats.median;
        report.rows.push_back(std::move(row));
    };
    std::unordered_set<std::string_view> described;
    described.reserve(layers.size());
    report.rows.reserve(layers.size());
    for (const LayerDescription& d : layers) {
        described.insert(d.name);
        auto it = byName.find(d.name);
        addRow(d, it == byName.end() ? nullptr : it->second);
    }
    // Reported but not described (a profiler shared with another engine): kept, not hidden.
    for (const LayerSamples& s : samples)
        if (!described.count(s.name)) addRow(LayerDescription{s.name, "?", "", "", {}, {}, {}}, &s);
    for (LayerProfileRow& row : report.rows)
        row.percent = report.totalMs > 0 ? row.totalMs / report.totalMs * 100 : 0;
    return report;
}

std::string LayerProfileReport::table(size_t maxNameWidth) const {
    size_t nameW = 5, typeW = 4, tacticW = 6, backendW = 7;
    std::set<std::string> backends;
    for (const LayerProfileRow& r : rows) {
        nameW = std::max(nameW, std::min(r.layer.name.size(), maxNameWidth));
        typeW = std::max(typeW, std::min<size_t>(r.layer.type.size(), 28));
        tacticW = std::max(tacticW, std::min<size_t>(r.layer.tactic.size(), 24));
        backendW = std::max(backendW, r.layer.backend.size());
        if (!r.layer.backend.empty()) backends.insert(r.layer.backend);
    }
    // A mixed engine (layers on several backends, copy layers between) shows where each layer ran.
    const bool mixed = backends.size() > 1;
    auto line = [&](const std::string& name, const std::string& type, const std::string& backend,
                    const std::string& prec, const std::string& tactic, const std::string& onnx,
                    const std::string& median, const std::string& mean, const std::string& p90, const std::string& pct) {
        char buf[512];
        std::string where = mixed ? concat(fitName(backend, backendW), std::string(backendW - std::min(backendW, backend.size()), ' '), "  ") : "";
        std::snprintf(buf, sizeof buf, "%-*s  %-*s  %s%-4s  %-*s  %5s  %10s  %10s  %10s  %6s\n", int(nameW),
                      fitName(name, nameW).c_str(), int(typeW), fitName(type, typeW).c_str(), where.c_str(),
                      prec.c_str(), int(tacticW), fitName(tactic, tacticW).c_str(), onnx.c_str(), median.c_str(),
                      mean.c_str(), p90.c_str(), pct.c_str());
        return std::string(buf);
    };
    std::string s = line("layer", "type", "backend", "prec", "tactic", "onnx", "median ms", "mean ms", "p90 ms", "%");
    for (const LayerProfileRow& r : rows) {
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.1f", r.percent);
        s += line(r.layer.name, r.layer.type, r.layer.backend, r.layer.precision,
                  r.layer.tactic.empty() ? "-" : r.layer.tactic, std::to_string(r.layer.origin.size()),
                  fmtMs(r.stats.median), fmtMs(r.stats.mean), fmtMs(r.stats.p90), pct);
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%zu layers, %zu profiled run%s; sum of layer medians %.4f ms\n",
                  rows.size(), runs, runs == 1 ? "" : "s", sumOfMediansMs);
    s += buf;
    return s;
}

std::vector<OriginTime> spreadOverOrigin(const LayerProfileReport& report) {
    std::vector<OriginTime> out;
    std::map<std::string, size_t> index;
    for (const LayerProfileRow& row : report.rows) {
        std::vector<std::string> nodes =
            row.layer.origin.empty() ? std::vector<std::string>{row.layer.name} : row.layer.origin;
        double share = 1.0 / double(nodes.size());
        for (const std::string& n : nodes) {
            auto [it, inserted] = index.emplace(n, out.size());
            if (inserted) out.push_back({n, 0, 0, 0, {}});
            OriginTime& t = out[it->second];
            t.medianMs += row.stats.median * share;
            t.totalMs += row.totalMs * share;
            if (t.layers.empty() || t.layers.back() != row.layer.name) t.layers.push_back(row.layer.name);
        }
    }
    for (OriginTime& t : out) t.percent = report.totalMs > 0 ? t.totalMs / report.totalMs * 100 : 0;
    return out;
}

}  // namespace kiln
