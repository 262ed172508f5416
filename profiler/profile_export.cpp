#include "profiler/profile_export.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln {

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json tensorJson(const LayerTensorInfo& t) {
    ordered_json j;
    j["Name"] = t.name;
    if (t.dims)
        j["Dimensions"] = *t.dims;
    else
        j["Dimensions"] = t.shape;  // symbolic: "[batch,4]"
    j["Format/Datatype"] = t.dtype;
    if (t.dynamicRange) j["DynamicRange"] = {-*t.dynamicRange, *t.dynamicRange};  // INT8 calibration
    return j;
}

}  // namespace

std::string exportProfileJson(const LayerProfileReport& report) {
    ordered_json out = ordered_json::array();
    out.push_back({{"count", report.runs}});
    for (const LayerProfileRow& r : report.rows) {
        ordered_json row;
        row["name"] = r.layer.name;
        row["timeMs"] = r.totalMs;
        row["averageMs"] = r.stats.mean;
        row["medianMs"] = r.stats.median;
        row["percentage"] = r.percent;
        out.push_back(std::move(row));
    }
    return out.dump(2) + "\n";
}

std::string exportLayerInfoJson(const std::vector<LayerDescription>& layers,
                                const std::vector<std::string>& bindings) {
    ordered_json list = ordered_json::array();
    for (const LayerDescription& l : layers) {
        ordered_json j;
        j["Name"] = l.name;
        j["LayerType"] = l.type;
        ordered_json ins = ordered_json::array(), outs = ordered_json::array();
        for (const LayerTensorInfo& t : l.inputs)
            if (!t.name.empty()) ins.push_back(tensorJson(t));
        for (const LayerTensorInfo& t : l.outputs)
            if (!t.name.empty()) outs.push_back(tensorJson(t));
        j["Inputs"] = std::move(ins);
        j["Outputs"] = std::move(outs);
        j["TacticName"] = l.tactic;
        j["Precision"] = l.precision;
        j["Origin"] = l.origin;
        if (!l.backend.empty()) {
            j["Backend"] = l.backend;
            j["ComputePrecision"] = l.computed;
            j["Format"] = l.format;
            j["WorkspaceBytes"] = l.workspaceBytes;
            if (!l.note.empty()) j["Note"] = l.note;
        }
        // TensorRT's inspector puts the ONNX node names here, separated by \x1f; tools parse that.
        std::string metadata;
        for (const std::string& o : l.origin) {
            if (!metadata.empty()) metadata += '\x1f';
            metadata += "[ONNX Layer: " + o + "]";
        }
        j["Metadata"] = metadata;
        list.push_back(std::move(j));
    }
    ordered_json out;
    out["Layers"] = std::move(list);
    out["Bindings"] = bindings;
    return out.dump(2) + "\n";
}

std::string exportChromeTrace(const std::vector<LayerDescription>& layers, const LayerProfiler& profiler,
                              long runIndex) {
    std::vector<LayerSamples> samples = profiler.layers();
    std::vector<std::vector<LayerProfiler::RunEntry>> runs = profiler.runs();
    KILN_CHECK(!runs.empty(), InvalidArgument, msg<Msg::TraceNoProfiledRun>());
    size_t chosen = 0;
    if (runIndex >= 0) {
        KILN_CHECK(size_t(runIndex) < runs.size(), InvalidArgument,
                   msg<Msg::TraceRunMissing>("run"_a = runIndex, "count"_a = runs.size()));
        chosen = size_t(runIndex);
    } else {
        std::vector<std::pair<double, size_t>> totals;
        for (size_t r = 0; r < runs.size(); ++r) {
            double t = 0;
            for (const auto& e : runs[r]) t += samples[e.layer].samples[e.sample].ms;
            totals.push_back({t, r});
        }
        std::sort(totals.begin(), totals.end());
        chosen = totals[(totals.size() - 1) / 2].second;
    }
    std::map<std::string, const LayerDescription*> byName;
    for (const LayerDescription& l : layers) byName[l.name] = &l;

    const auto& run = runs[chosen];
    // Layers run one after another: an event starts when its report says, but never before the
    // previous one ended (clock granularity, or reports that did not come from a real run).
    std::vector<double> starts;
    double previousEnd = -1e300;
    for (const auto& e : run) {
        const LayerSample& s = samples[e.layer].samples[e.sample];
        double start = std::max(s.endMs - s.ms, previousEnd);
        starts.push_back(start);
        previousEnd = start + s.ms;
    }
    const double runStartMs = starts.empty() ? 0 : starts.front();
    ordered_json events = ordered_json::array();
    events.push_back({{"name", "process_name"},
                      {"ph", "M"},
                      {"pid", 1},
                      {"tid", 1},
                      {"args", {{"name", "kiln inference"}}}});
    events.push_back(
        {{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", 1}, {"args", {{"name", "layers"}}}});
    for (size_t k = 0; k < run.size(); ++k) {
        const auto& e = run[k];
        const std::string& name = samples[e.layer].name;
        const LayerSample& s = samples[e.layer].samples[e.sample];
        ordered_json ev;
        ev["name"] = name;
        auto it = byName.find(name);
        ev["cat"] = it == byName.end() ? std::string("layer") : it->second->type;
        ev["ph"] = "X";
        // Microseconds from the start of the run.
        ev["ts"] = (starts[k] - runStartMs) * 1000.0;
        ev["dur"] = s.ms * 1000.0;
        ev["pid"] = 1;
        ev["tid"] = 1;
        ordered_json args;
        if (it != byName.end()) {
            args["type"] = it->second->type;
            args["precision"] = it->second->precision;
            args["tactic"] = it->second->tactic;
            args["onnx_nodes"] = it->second->origin;
        }
        ev["args"] = std::move(args);
        events.push_back(std::move(ev));
    }
    ordered_json out;
    out["traceEvents"] = std::move(events);
    out["displayTimeUnit"] = "ms";
    out["otherData"] = {{"run", chosen}, {"runs", runs.size()}};
    return out.dump(1) + "\n";
}

void writeTextFile(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    KILN_CHECK(f.good(), Io, msg<Msg::ReportCannotOpen>("file"_a = path, "reason"_a = std::strerror(errno)));
    f.write(text.data(), std::streamsize(text.size()));
    f.close();
    KILN_CHECK(f.good(), Io, msg<Msg::ReportWriteFailed>("file"_a = path));
}

}  // namespace kiln
