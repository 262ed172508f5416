#include "profiler/result_import.h"

#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/datatype.h"
#include "engine_core/ir/shape.h"

namespace kiln {

namespace {

using json = nlohmann::json;

json parse(const std::string& text, const std::string& source) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        fail(ErrorKind::InvalidArgument,
             msg<Msg::ResultFileInvalidJson>("file"_a = source, "detail"_a = e.what()));
    }
}

// Runs `read`, turning nlohmann's type and missing-key errors into one line naming the source.
template <typename Fn>
auto guarded(const std::string& source, Fn read) {
    try {
        return read();
    } catch (const json::exception& e) {
        fail(ErrorKind::InvalidArgument,
             msg<Msg::ResultFileMalformed>("file"_a = source, "detail"_a = e.what()));
    } catch (const std::logic_error& e) {  // std::stoll on a bad index
        fail(ErrorKind::InvalidArgument,
             msg<Msg::ResultFileMalformed>("file"_a = source, "detail"_a = e.what()));
    }
}

double number(const json& j, double ifNull) { return j.is_null() ? ifNull : j.get<double>(); }

LayerTensorInfo tensorInfo(const json& j) {
    LayerTensorInfo t;
    t.name = j.at("Name").get<std::string>();
    t.dtype = j.at("Format/Datatype").get<std::string>();
    const json& d = j.at("Dimensions");
    if (d.is_array()) {
        t.dims = d.get<std::vector<int64_t>>();
        t.shape = dimsToString(*t.dims);
    } else {
        t.shape = d.get<std::string>();
    }
    return t;
}

ComparisonStatus statusFromName(const std::string& name, const std::string& source) {
    for (ComparisonStatus s : {ComparisonStatus::Pass, ComparisonStatus::Fail, ComparisonStatus::DtypeMismatch,
                               ComparisonStatus::ShapeMismatch})
        if (name == comparisonStatusName(s)) return s;
    fail(ErrorKind::InvalidArgument, msg<Msg::ResultFileUnknownStatus>("file"_a = source, "status"_a = name));
}

// "[0,2,1]" → the flat row-major index into dims.
int64_t flatIndex(const std::string& text, const std::vector<int64_t>& dims) {
    std::vector<int64_t> index;
    std::string digits;
    for (char ch : text + ",") {
        if (ch == ',' || ch == ']') {
            if (!digits.empty()) index.push_back(std::stoll(digits));
            digits.clear();
        } else if (ch != '[' && ch != ' ') {
            digits += ch;
        }
    }
    int64_t flat = 0;
    for (size_t d = 0; d < index.size() && d < dims.size(); ++d) flat = flat * dims[d] + index[d];
    return flat;
}

TensorAccuracy tensorAccuracy(const json& j, const Tolerance& tolerance, const std::string& source) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    TensorAccuracy t;
    TensorComparison& c = t.comparison;
    c.name = j.at("name").get<std::string>();
    c.status = statusFromName(j.at("status").get<std::string>(), source);
    c.mismatch = j.value("mismatch", std::string());
    std::optional<DataType> dtype = parseDataType(j.at("dtype").get<std::string>());
    c.expectedType = dtype.value_or(DataType::Undefined);
    c.actualType = c.expectedType;  // not exported; equal unless the status says otherwise
    c.expectedDims = j.at("shape").get<std::vector<int64_t>>();
    c.actualDims = c.expectedDims;
    c.tolerance = tolerance;
    c.elementCount = j.at("elements").get<int64_t>();
    c.failingElements = j.at("failing_elements").get<int64_t>();
    c.nonFiniteMismatches = j.at("nonfinite_mismatches").get<int64_t>();
    // NaN/inf counts: written since issue 14; absent (zero) in older files.
    auto nonFinite = [&j](const char* key) {
        NonFiniteCounts n;
        const json& k = j.value(key, json::object());
        n.nan = k.value("nan", int64_t(0));
        n.posInf = k.value("pos_inf", int64_t(0));
        n.negInf = k.value("neg_inf", int64_t(0));
        return n;
    };
    c.actualNonFinite = nonFinite("nonfinite");
    c.expectedNonFinite = nonFinite("reference_nonfinite");
    c.maxAbsError = number(j.at("max_abs"), nan);
    c.maxRelError = number(j.at("max_rel"), inf);
    c.meanAbsError = number(j.at("mean_abs"), nan);
    c.rmse = number(j.at("rmse"), nan);
    c.cosineSimilarity = number(j.at("cosine"), nan);
    c.snrDb = number(j.at("snr_db"), inf);
    // Written since the norm rule became the default; absent from older files.
    c.maxNormalizedError = number(j.value("max_norm", json()), nan);
    c.precision = parsePrecision(j.value("precision", std::string("fp32"))).value_or(Precision::FP32);
    c.maxNormLimit = j.contains("max_norm_limit") ? number(j.at("max_norm_limit"), nan) : tolerance.maxNormFor(c.precision);
    c.maxAbsExpected = number(j.value("max_abs_expected", json()), nan);
    c.smallValues = j.value("small_values", false);
    if (j.contains("worst")) {
        const json& w = j.at("worst");
        c.worstIndex = flatIndex(w.at("index").get<std::string>(), c.expectedDims);
        c.worstActual = number(w.at("actual"), nan);
        c.worstExpected = number(w.at("expected"), nan);
    }
    for (const json& h : j.at("abs_error_histogram")) {
        t.histogram.labels.push_back(h.at("range").get<std::string>());
        t.histogram.counts.push_back(h.at("count").get<int64_t>());
    }
    t.histogram.nonFinite = j.value("histogram_nonfinite", int64_t(0));
    return t;
}

}  // namespace

LayerInfo importLayerInfoJson(const std::string& text, const std::string& source) {
    const json j = parse(text, source);
    return guarded(source, [&] {
        LayerInfo info;
        for (const json& l : j.at("Layers")) {
            LayerDescription d;
            d.name = l.at("Name").get<std::string>();
            d.type = l.at("LayerType").get<std::string>();
            d.tactic = l.value("TacticName", std::string());
            d.precision = l.value("Precision", std::string());
            d.origin = l.value("Origin", std::vector<std::string>());
            d.backend = l.value("Backend", std::string());
            d.computed = l.value("ComputePrecision", std::string());
            d.format = l.value("Format", std::string());
            d.workspaceBytes = l.value("WorkspaceBytes", uint64_t(0));
            d.note = l.value("Note", std::string());
            for (const json& t : l.at("Inputs")) d.inputs.push_back(tensorInfo(t));
            for (const json& t : l.at("Outputs")) d.outputs.push_back(tensorInfo(t));
            info.layers.push_back(std::move(d));
        }
        info.bindings = j.value("Bindings", std::vector<std::string>());
        return info;
    });
}

std::string exportProfileSamplesJson(const LayerProfiler& profiler) {
    json layers = json::array();
    for (const LayerSamples& l : profiler.layers()) {
        std::vector<double> ms, endMs;
        for (const LayerSample& s : l.samples) {
            ms.push_back(s.ms);
            endMs.push_back(s.endMs);
        }
        layers.push_back({{"name", l.name}, {"ms", ms}, {"endMs", endMs}});
    }
    json runs = json::array();
    for (const auto& run : profiler.runs()) {
        json entries = json::array();
        for (const LayerProfiler::RunEntry& e : run) entries.push_back({e.layer, e.sample});
        runs.push_back(std::move(entries));
    }
    return json{{"layers", std::move(layers)}, {"runs", std::move(runs)}}.dump() + "\n";
}

void importProfileSamplesJson(const std::string& text, const std::string& source, LayerProfiler& into) {
    const json j = parse(text, source);
    auto [layers, runs] = guarded(source, [&] {
        std::vector<LayerSamples> layers;
        for (const json& l : j.at("layers")) {
            LayerSamples s;
            s.name = l.at("name").get<std::string>();
            const auto ms = l.at("ms").get<std::vector<double>>();
            const auto endMs = l.at("endMs").get<std::vector<double>>();
            KILN_CHECK(ms.size() == endMs.size(), InvalidArgument,
                       msg<Msg::ResultFileTimesMismatch>("file"_a = source, "layer"_a = s.name,
                                                         "times"_a = ms.size(), "endTimes"_a = endMs.size()));
            for (size_t i = 0; i < ms.size(); ++i) s.samples.push_back({ms[i], endMs[i]});
            layers.push_back(std::move(s));
        }
        std::vector<std::vector<LayerProfiler::RunEntry>> runs;
        for (const json& r : j.at("runs")) {
            runs.emplace_back();
            for (const json& e : r) runs.back().push_back({e.at(0).get<size_t>(), e.at(1).get<size_t>()});
        }
        return std::pair{std::move(layers), std::move(runs)};
    });
    try {
        into.restore(std::move(layers), std::move(runs));
    } catch (const Error& e) {
        fail(e.kind(), msg<Msg::ResultFileError>("file"_a = source, "cause"_a = e.message()));
    }
}

CompareReport importCompareReportJson(const std::string& text, const std::string& source) {
    const json j = parse(text, source);
    return guarded(source, [&] {
        CompareReport r;
        const json& tol = j.at("tolerance");
        r.tolerance.atol = tol.at("atol").get<double>();
        r.tolerance.rtol = tol.at("rtol").get<double>();
        // "rule" since the norm rule became the default; older files say "mode" (and meant rtol as
        // the max-normalized threshold), or nothing for elementwise.
        if (tol.contains("rule")) {
            r.tolerance.rule = parseCheckRule(tol.at("rule").get<std::string>()).value_or(CheckRule::Norm);
            if (tol.contains("max_norm") && !tol.at("max_norm").is_null())
                r.tolerance.maxNorm = tol.at("max_norm").get<double>();
        } else if (tol.value("mode", std::string()) == "max-normalized") {
            r.tolerance.rule = CheckRule::Norm;
            r.tolerance.maxNorm = r.tolerance.rtol;
        } else {
            r.tolerance.rule = CheckRule::Elementwise;
        }
        // "emulated" since the CPU emulation (fp16 / bf16); absent (older files) or null: none.
        if (const json& e = j.value("emulated", json()); !e.is_null()) {
            const std::string name = e.get<std::string>();
            const std::optional<Precision> p = parsePrecision(name);
            if (!p || (*p != Precision::FP16 && *p != Precision::BF16))
                throw std::invalid_argument("emulated: not an emulated precision: '" + name + "'");
            r.emulated = *p;
        }
        // "expected" since stored outputs can stand in for the reference; absent (older files): the reference.
        if (const json& e = j.value("expected", json()); !e.is_null()) {
            const std::string kind = e.at("source").get<std::string>();
            if (kind == "stored_outputs") {
                r.storedDataSet = e.at("data_set").get<std::string>();
                if (r.storedDataSet.empty()) throw std::invalid_argument("expected.data_set: empty");
                r.storedFiles = e.value("files", std::map<std::string, std::string>());
            } else if (kind != "reference") {
                throw std::invalid_argument("expected.source: not 'reference' or 'stored_outputs': '" + kind + "'");
            }
        }
        r.referenceMs = j.value("reference_ms", 0.0);
        r.engineMs = j.value("engine_ms", 0.0);
        for (const json& t : j.at("outputs")) r.outputs.push_back(tensorAccuracy(t, r.tolerance, source));
        r.perLayer = j.value("per_layer", false);
        if (r.perLayer) {
            for (const json& l : j.at("layers")) {
                LayerAccuracy a;
                a.index = l.at("index").get<size_t>();
                a.layer = l.at("layer").get<std::string>();
                a.type = l.at("type").get<std::string>();
                a.origin = l.at("onnx_nodes").get<std::vector<std::string>>();
                for (const json& t : l.at("outputs")) a.outputs.push_back(tensorAccuracy(t, r.tolerance, source));
                a.notInReference = l.value("not_in_reference", std::vector<std::string>());
                r.layers.push_back(std::move(a));
            }
            auto layerAt = [&](const char* key, std::optional<size_t>& into) {
                const json& first = j.value(key, json());
                if (first.is_null()) return;
                const size_t index = first.at("index").get<size_t>();
                for (size_t i = 0; i < r.layers.size(); ++i)
                    if (r.layers[i].index == index) into = i;
            };
            layerAt("first_failing_layer", r.firstFailingLayer);
            layerAt("first_nonfinite_layer", r.firstNonFiniteLayer);
            layerAt("first_nonfinite_reference_layer", r.firstNonFiniteReferenceLayer);
        }
        return r;
    });
}

}  // namespace kiln
