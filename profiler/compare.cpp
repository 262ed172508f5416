#include "profiler/compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine_core/builder/execution_context.h"
#include "engine_core/onnx/tensor_io.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln {

namespace {

using ordered_json = nlohmann::ordered_json;

TensorAccuracy measure(const Tensor& actual, const Tensor& expected, const Tolerance& tolerance,
                       const std::string& name, Precision precision) {
    return {compareTensors(actual, expected, tolerance, name, precision), errorHistogram(actual, expected)};
}

// nlohmann writes NaN and infinities as null; finite values as numbers.
ordered_json tensorJson(const TensorAccuracy& t) {
    const TensorComparison& c = t.comparison;
    ordered_json j;
    j["name"] = c.name;
    j["status"] = comparisonStatusName(c.status);
    j["passed"] = c.passed();
    if (!c.mismatch.empty()) j["mismatch"] = c.mismatch;
    j["dtype"] = std::string(dataTypeName(c.expectedType));
    j["shape"] = c.expectedDims;
    // The verdict's numbers first: cosine and the error relative to the tensor's magnitude.
    j["cosine"] = c.cosineSimilarity;
    j["max_norm"] = c.maxNormalizedError;
    j["max_norm_limit"] = c.maxNormLimit;
    j["precision"] = std::string(precisionName(c.precision));
    j["max_abs_expected"] = c.maxAbsExpected;
    j["small_values"] = c.smallValues;
    if (c.smallValues) j["warning"] = c.warning();
    j["elements"] = c.elementCount;
    j["failing_elements"] = c.failingElements;
    j["nonfinite_mismatches"] = c.nonFiniteMismatches;
    j["nonfinite"] = {{"nan", c.actualNonFinite.nan},
                      {"pos_inf", c.actualNonFinite.posInf},
                      {"neg_inf", c.actualNonFinite.negInf}};
    j["reference_nonfinite"] = {{"nan", c.expectedNonFinite.nan},
                                {"pos_inf", c.expectedNonFinite.posInf},
                                {"neg_inf", c.expectedNonFinite.negInf}};
    j["max_abs"] = c.maxAbsError;
    j["max_rel"] = c.maxRelError;
    j["mean_abs"] = c.meanAbsError;
    j["rmse"] = c.rmse;
    j["snr_db"] = c.snrDb;
    if (c.worstIndex >= 0) {
        j["worst"] = {{"index", flatIndexToString(c.worstIndex, c.expectedDims)},
                      {"actual", c.worstActual},
                      {"expected", c.worstExpected}};
    }
    ordered_json hist = ordered_json::array();
    for (size_t i = 0; i < t.histogram.counts.size(); ++i)
        hist.push_back({{"range", t.histogram.labels[i]}, {"count", t.histogram.counts[i]}});
    j["abs_error_histogram"] = std::move(hist);
    j["histogram_nonfinite"] = t.histogram.nonFinite;
    return j;
}

ordered_json reportJson(const CompareReport& r, const std::string& label) {
    ordered_json j;
    if (!label.empty()) j["label"] = label;
    j["passed"] = r.passed();
    j["outputs_passed"] = r.outputsPassed();
    j["tolerance"] = {{"rule", checkRuleName(r.tolerance.rule)},
                      {"max_norm", r.tolerance.maxNorm ? ordered_json(*r.tolerance.maxNorm) : ordered_json()},
                      {"atol", r.tolerance.atol},
                      {"rtol", r.tolerance.rtol},
                      {"description", r.tolerance.describe()}};
    // Never mistaken for a GPU run: which rounding was emulated on the CPU (null: none).
    j["emulated"] = r.emulated == Precision::FP32 ? ordered_json() : ordered_json(precisionName(r.emulated));
    // What the outputs were compared with: the reference run, or a test data set's stored outputs.
    if (r.storedDataSet.empty())
        j["expected"] = {{"source", "reference"}};
    else
        j["expected"] = {{"source", "stored_outputs"}, {"data_set", r.storedDataSet}, {"files", r.storedFiles}};
    j["reference_ms"] = r.referenceMs;
    j["engine_ms"] = r.engineMs;
    ordered_json outs = ordered_json::array();
    for (const TensorAccuracy& t : r.outputs) outs.push_back(tensorJson(t));
    j["outputs"] = std::move(outs);
    j["per_layer"] = r.perLayer;
    if (r.perLayer) {
        ordered_json layers = ordered_json::array();
        for (const LayerAccuracy& l : r.layers) {
            ordered_json lj;
            lj["index"] = l.index;
            lj["layer"] = l.layer;
            lj["type"] = l.type;
            lj["onnx_nodes"] = l.origin;
            lj["compared"] = l.compared();
            lj["passed"] = l.passed();
            ordered_json tensors = ordered_json::array();
            for (const TensorAccuracy& t : l.outputs) tensors.push_back(tensorJson(t));
            lj["outputs"] = std::move(tensors);
            if (!l.notInReference.empty()) lj["not_in_reference"] = l.notInReference;
            layers.push_back(std::move(lj));
        }
        j["layers"] = std::move(layers);
        if (r.firstFailingLayer) {
            const LayerAccuracy& l = r.layers[*r.firstFailingLayer];
            j["first_failing_layer"] = {
                {"index", l.index}, {"layer", l.layer}, {"type", l.type}, {"onnx_nodes", l.origin}};
        } else {
            j["first_failing_layer"] = nullptr;
        }
        // Where NaN/inf first appear, in the engine's run and in the reference's.
        auto firstNonFinite = [&r](const std::optional<size_t>& at, bool reference) {
            if (!at) return ordered_json();
            const LayerAccuracy& l = r.layers[*at];
            NonFiniteCounts n = reference ? l.referenceNonFinite() : l.nonFinite();
            return ordered_json{{"index", l.index}, {"layer", l.layer}, {"type", l.type}, {"onnx_nodes", l.origin},
                                {"nan", n.nan}, {"pos_inf", n.posInf}, {"neg_inf", n.negInf}};
        };
        j["first_nonfinite_layer"] = firstNonFinite(r.firstNonFiniteLayer, false);
        j["first_nonfinite_reference_layer"] = firstNonFinite(r.firstNonFiniteReferenceLayer, true);
    }
    return j;
}

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void checkEngineOutputs(const Graph& model, const Engine& engine) {
    for (const EngineTensor& out : engine.outputs()) {
        const Value* v = model.findValue(out.name);
        KILN_CHECK(v && v->isGraphOutput, InvalidArgument,
                   msg<Msg::EngineOutputNotInModel>("output"_a = out.name));
    }
}

// `t` (fp32) with finite values beyond fp16's largest, 65504, clamped to it.
Tensor saturatedToHalf(const Tensor& t) {
    Tensor out = t.clone();
    float* p = out.data<float>();
    for (int64_t i = 0; i < out.numel(); ++i)
        if (std::isfinite(p[i])) p[i] = std::clamp(p[i], -65504.f, 65504.f);
    return out;
}

}  // namespace

std::map<std::string, Precision> errorPrecisions(const Engine& engine) {
    std::map<std::string, Precision> carried;
    const std::vector<EngineLayer>& layers = engine.layers();
    // Layers are in execution order, so every input's producer came first. An emulating copy
    // (Engine::withEmulatedRounding) may store a tensor rounded although the layer that computed it
    // is pinned to fp32 (a rounded layer reads it): the stored tensor carries that rounding too, as do
    // the engine inputs it rounds. Other engines store what their layers compute (FP32 here).
    for (size_t i = 0; i < layers.size(); ++i) {
        const EngineLayer& l = layers[i];
        Precision p = l.computed;
        for (const std::string& in : l.inputs) {
            if (auto it = carried.find(in); it != carried.end()) p = looserPrecision(p, it->second);
            else if (engine.emulatedRounding() != Precision::FP32) p = looserPrecision(p, engine.emulatedInputRounding(in));
        }
        for (size_t o = 0; o < l.outputs.size(); ++o)
            if (!l.outputs[o].empty()) carried[l.outputs[o]] = looserPrecision(p, engine.emulatedOutputRounding(i, o));
    }
    return carried;
}

bool LayerAccuracy::passed() const {
    for (const TensorAccuracy& t : outputs)
        if (!t.comparison.passed()) return false;
    return true;
}

const TensorAccuracy* LayerAccuracy::worst() const {
    const TensorAccuracy* worst = nullptr;
    for (const TensorAccuracy& t : outputs) {
        const TensorComparison& c = t.comparison;
        if (!c.passed()) return &t;
        const bool norm = c.tolerance.rule == CheckRule::Norm;
        auto error = [norm](const TensorComparison& x) { return norm ? x.maxNormalizedError : x.maxAbsError; };
        if (!worst || error(c) > error(worst->comparison)) worst = &t;
    }
    return worst;
}

NonFiniteCounts LayerAccuracy::nonFinite() const {
    NonFiniteCounts n;
    for (const TensorAccuracy& t : outputs) n += t.comparison.actualNonFinite;
    return n;
}

NonFiniteCounts LayerAccuracy::referenceNonFinite() const {
    NonFiniteCounts n;
    for (const TensorAccuracy& t : outputs) n += t.comparison.expectedNonFinite;
    return n;
}

bool CompareReport::outputsPassed() const {
    for (const TensorAccuracy& t : outputs)
        if (!t.comparison.passed()) return false;
    return true;
}

bool CompareReport::passed() const {
    return outputsPassed() && !firstFailingLayer;
}

bool ReferenceRun::ranOn(const TensorMap& other) const {
    if (other.size() != inputs.size()) return false;
    for (auto a = inputs.begin(), b = other.begin(); a != inputs.end(); ++a, ++b) {
        const Tensor& x = a->second;
        const Tensor& y = b->second;
        if (a->first != b->first || x.dtype() != y.dtype() || x.dims() != y.dims()) return false;
        // The same bytes (one storage may hold several tensors at different offsets).
        if ((x.sharesStorageWith(y) && x.raw() == y.raw()) || x.byteSize() == 0) continue;
        // Strings hold pointers, not their characters: only the same storage counts as equal.
        if (x.dtype() == DataType::String || std::memcmp(x.raw(), y.raw(), x.byteSize()) != 0) return false;
    }
    return true;
}

ReferenceRun runReference(const Graph& model, const TensorMap& inputs, bool perLayer) {
    ReferenceRun run;
    run.inputs = inputs;
    run.perLayer = perLayer;
    Executor reference(model);
    RunOptions runOptions;
    runOptions.keepIntermediates = perLayer;
    const auto start = std::chrono::steady_clock::now();
    run.tensors = reference.run(inputs, runOptions);
    run.ms = msSince(start);
    return run;
}

StoredOutputs loadStoredOutputs(const Graph& model, const TestDataSet& set) {
    StoredOutputs out;
    out.dataSet = std::filesystem::path(set.dir).filename().string();
    const std::vector<std::pair<std::string, Tensor>> bound = loadTestOutputs(model, set);
    for (size_t i = 0; i < bound.size(); ++i)
        out.outputs.push_back({bound[i].first, bound[i].second,
                               std::filesystem::path(set.outputFiles[i]).filename().string(),
                               readTensorProtoFile(set.outputFiles[i]).name});
    return out;
}

CompareReport compareWithReference(const Graph& model, const Engine& engine, const TensorMap& inputs,
                                   const CompareOptions& options) {
    checkEngineOutputs(model, engine);
    return compareWithReference(model, engine, inputs, runReference(model, inputs, options.perLayer), options);
}

CompareReport compareWithReference(const Graph& model, const Engine& engine, const TensorMap& inputs,
                                   const ReferenceRun& reference, const CompareOptions& options) {
    checkEngineOutputs(model, engine);
    KILN_CHECK(reference.perLayer || !options.perLayer, InvalidArgument,
               msg<Msg::CompareNeedsIntermediates>());
    KILN_CHECK(reference.ranOn(inputs), InvalidArgument, msg<Msg::CompareOtherInputs>());
    CompareReport report;
    report.tolerance = options.tolerance;
    report.perLayer = options.perLayer;
    report.emulated = engine.emulatedRounding();
    const TensorMap& expected = reference.tensors;
    report.referenceMs = reference.ms;

    std::unique_ptr<ExecutionContext> context = engine.createExecutionContext();
    context->setOptimizationProfile(options.profileIndex);
    ExecuteOptions executeOptions;
    executeOptions.keepLayerOutputs = options.perLayer;
    const auto start = std::chrono::steady_clock::now();
    TensorMap actual = context->execute(inputs, executeOptions);
    report.engineMs = msSince(start);

    const std::map<std::string, Precision> precisions = errorPrecisions(engine);
    auto precisionOf = [&](const std::string& name) {
        auto it = precisions.find(name);
        return it == precisions.end() ? Precision::FP32 : it->second;
    };
    // Stored outputs (a test data set's output_K.pb) replace the reference's for the outputs they
    // hold, compared as `kiln run --test-data` compares them.
    std::map<std::string, const StoredOutputs::Output*> stored;
    if (options.stored) {
        report.storedDataSet = options.stored->dataSet.empty() ? "stored outputs" : options.stored->dataSet;
        for (const StoredOutputs::Output& s : options.stored->outputs) {
            const bool known = std::any_of(engine.outputs().begin(), engine.outputs().end(),
                                           [&](const EngineTensor& o) { return o.name == s.name; });
            KILN_CHECK(known, InvalidArgument, msg<Msg::EngineOutputNotInModel>("output"_a = s.name));
            stored[s.name] = &s;
            report.storedFiles[s.name] = s.file;
        }
    }
    for (const EngineTensor& out : engine.outputs()) {
        auto s = stored.find(out.name);
        if (s == stored.end()) {
            report.outputs.push_back(measure(actual.at(out.name), expected.at(out.name), options.tolerance, out.name,
                                             precisionOf(out.name)));
            continue;
        }
        TensorAccuracy t =
            measure(actual.at(out.name), s->second->tensor, options.tolerance, out.name, precisionOf(out.name));
        // A dtype or shape that does not match names the file it came from.
        if (!t.comparison.mismatch.empty() && !s->second->file.empty())
            t.comparison.mismatch = s->second->file + ": " + t.comparison.mismatch;
        report.outputs.push_back(std::move(t));
    }

    if (!options.perLayer) return report;
    const auto& layers = engine.layers();
    for (size_t i = 0; i < layers.size(); ++i) {
        const EngineLayer& l = layers[i];
        LayerAccuracy la;
        la.index = i;
        la.layer = l.name;
        la.type = l.domain.empty() ? l.opType : l.domain + "::" + l.opType;
        la.origin = l.origin;
        for (const std::string& name : l.outputs) {
            if (name.empty()) continue;
            auto a = actual.find(name);
            auto e = expected.find(name);
            if (a == actual.end() || e == expected.end()) {
                la.notInReference.push_back(name);
                continue;
            }
            // A fp16 layer can't hold a reference value beyond fp16's range (weights are clamped
            // to it when converted, as TensorRT does: a -1e9 attention mask becomes -65504): it is
            // compared with that value saturated to the range.
            if (l.computed == Precision::FP16 && e->second.dtype() == DataType::Float32)
                la.outputs.push_back(
                    measure(a->second, saturatedToHalf(e->second), options.tolerance, name, precisionOf(name)));
            else
                la.outputs.push_back(measure(a->second, e->second, options.tolerance, name, precisionOf(name)));
        }
        if (!report.firstFailingLayer && la.compared() && !la.passed())
            report.firstFailingLayer = report.layers.size();
        if (!report.firstNonFiniteLayer && la.nonFinite().total() > 0)
            report.firstNonFiniteLayer = report.layers.size();
        if (!report.firstNonFiniteReferenceLayer && la.referenceNonFinite().total() > 0)
            report.firstNonFiniteReferenceLayer = report.layers.size();
        report.layers.push_back(std::move(la));
    }
    return report;
}

std::string CompareReport::toJson(const std::string& label) const {
    return reportJson(*this, label).dump(2) + "\n";
}

std::string compareReportsToJson(const std::vector<std::pair<std::string, CompareReport>>& reports) {
    ordered_json j;
    bool passed = true;
    ordered_json sets = ordered_json::array();
    for (const auto& [label, r] : reports) {
        passed = passed && r.passed();
        sets.push_back(reportJson(r, label));
    }
    j["passed"] = passed;
    // The sets come from one engine: what it emulated, also said by each set (null: none).
    j["emulated"] = reports.empty() || reports.front().second.emulated == Precision::FP32
                        ? ordered_json()
                        : ordered_json(precisionName(reports.front().second.emulated));
    for (const auto& [label, r] : reports)
        if (r.emulated != reports.front().second.emulated) j["emulated"] = ordered_json();
    j["sets"] = std::move(sets);
    return j.dump(2) + "\n";
}

}  // namespace kiln
