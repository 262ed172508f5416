// BuilderConfig <-> JSON (the settings file shared by `kiln build --config` and kiln-studio).
// Unknown fields are errors, so a typo ("optimisationLevel") is not silently ignored.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine_core/builder/builder_config.h"
#include "engine_core/builder/json_read.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

using nlohmann::json;

namespace {

json rangeToJson(const ShapeRange& r) { return json{{"min", r.min}, {"opt", r.opt}, {"max", r.max}}; }

// Reads typed values with the JSON path in every error: "file: field 'profiles[0].x.min': ...".
class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void bad(const std::string& field, const std::string& what) const {
        fail(ErrorKind::InvalidArgument, source_, ": field '", field, "': ", what);
    }
    void expect(const json& j, json::value_t type, const std::string& field, const char* typeName) const {
        bool ok = j.type() == type ||
                  (type == json::value_t::number_integer && j.type() == json::value_t::number_unsigned);
        if (!ok) bad(field, concat("expected ", typeName, ", got ", j.type_name()));
    }
    std::string string(const json& j, const std::string& field) const {
        expect(j, json::value_t::string, field, "a string");
        return j.get<std::string>();
    }
    int64_t integer(const json& j, const std::string& field) const {
        expect(j, json::value_t::number_integer, field, "an integer");
        return j.get<int64_t>();
    }
    bool boolean(const json& j, const std::string& field) const {
        expect(j, json::value_t::boolean, field, "true or false");
        return j.get<bool>();
    }
    double number(const json& j, const std::string& field) const {
        if (!j.is_number()) bad(field, concat("expected a number, got ", j.type_name()));
        return j.get<double>();
    }
    uint64_t unsignedInteger(const json& j, const std::string& field) const {
        int64_t v = integer(j, field);
        if (v < 0) bad(field, concat(v, " must be >= 0"));
        return uint64_t(v);
    }
    std::vector<int64_t> dims(const json& j, const std::string& field) const {
        expect(j, json::value_t::array, field, "an array of integers");
        std::vector<int64_t> out;
        for (size_t i = 0; i < j.size(); ++i) out.push_back(integer(j[i], concat(field, "[", i, "]")));
        return out;
    }
    template <typename T, typename Parse>
    T named(const json& j, const std::string& field, Parse parse, const char* choices) const {
        std::string s = string(j, field);
        auto v = parse(s);
        if (!v) bad(field, concat("'", s, "' is not one of ", choices));
        return *v;
    }
    // Every key of `j` must be in `known`.
    void onlyKnown(const json& j, const std::string& field, std::initializer_list<const char*> known) const {
        for (auto it = j.begin(); it != j.end(); ++it) {
            bool ok = false;
            for (const char* k : known) ok = ok || it.key() == k;
            if (!ok) bad(field.empty() ? it.key() : field + "." + it.key(), "unknown field");
        }
    }

private:
    std::string source_;
};

constexpr const char* kPrecisionChoices = "fp32, tf32, fp16, bf16, int8, fp8";

}  // namespace

std::string builderConfigToJson(const BuilderConfig& c) {
    json j;
    json precisions = json::array();
    for (Precision p : c.precisions) precisions.push_back(std::string(precisionName(p)));
    j["precisions"] = precisions;
    json overrides = json::array();
    for (const auto& o : c.layerPrecisions)
        overrides.push_back(json{{"target", o.target}, {"precision", std::string(precisionName(o.precision))}});
    j["layerPrecisions"] = overrides;
    json profiles = json::array();
    for (const auto& p : c.profiles) {
        json pj = json::object();
        for (const auto& [name, range] : p.inputs) pj[name] = rangeToJson(range);
        profiles.push_back(pj);
    }
    j["profiles"] = profiles;
    j["sparsity"] = std::string(sparsityModeName(c.sparsity));
    j["workspaceBytes"] = c.workspaceBytes;
    j["optimizationLevel"] = c.optimizationLevel;
    j["timingCache"] = c.timingCachePath;
    j["backend"] = c.backend;
    j["plugins"] = c.pluginLibraries;
    j["timing"] = json{{"warmup", c.timingWarmup},
                       {"iterations", c.timingIterations},
                       {"compareFusions", c.compareFusions}};
    const CalibrationSettings& cal = c.calibration;
    j["calibration"] = json{{"dataFolder", cal.dataFolder},
                            {"algorithm", std::string(calibrationAlgorithmName(cal.algorithm))},
                            {"percentile", cal.percentile},
                            {"maxBatches", cal.maxBatches},
                            {"cache", cal.cachePath}};
    return j.dump(2);
}

BuilderConfig builderConfigFromJson(const std::string& text, const std::string& source) {
    json j;
    try {
        j = parseJsonNamingFields(text, source);  // 1e400: an input error naming the field
    } catch (const json::parse_error& e) {
        fail(ErrorKind::InvalidArgument, source, ": invalid JSON: ", e.what());
    }
    Reader r(source);
    if (!j.is_object()) r.bad("(top level)", concat("expected an object, got ", j.type_name()));
    r.onlyKnown(j, "", {"precisions", "layerPrecisions", "profiles", "sparsity", "workspaceBytes",
                        "optimizationLevel", "timingCache", "backend", "plugins", "timing", "calibration"});
    BuilderConfig c;
    if (j.contains("precisions")) {
        const json& a = j["precisions"];
        r.expect(a, json::value_t::array, "precisions", "an array of strings");
        c.precisions.clear();
        for (size_t i = 0; i < a.size(); ++i)
            c.precisions.push_back(
                r.named<Precision>(a[i], concat("precisions[", i, "]"), parsePrecision, kPrecisionChoices));
    }
    if (j.contains("layerPrecisions")) {
        const json& a = j["layerPrecisions"];
        r.expect(a, json::value_t::array, "layerPrecisions", "an array of objects");
        for (size_t i = 0; i < a.size(); ++i) {
            std::string field = concat("layerPrecisions[", i, "]");
            r.expect(a[i], json::value_t::object, field, "an object {target, precision}");
            r.onlyKnown(a[i], field, {"target", "precision"});
            if (!a[i].contains("target")) r.bad(field + ".target", "missing");
            if (!a[i].contains("precision")) r.bad(field + ".precision", "missing");
            c.layerPrecisions.push_back(
                {r.string(a[i]["target"], field + ".target"),
                 r.named<Precision>(a[i]["precision"], field + ".precision", parsePrecision, kPrecisionChoices)});
        }
    }
    if (j.contains("profiles")) {
        const json& a = j["profiles"];
        r.expect(a, json::value_t::array, "profiles", "an array of objects");
        for (size_t p = 0; p < a.size(); ++p) {
            std::string pf = concat("profiles[", p, "]");
            r.expect(a[p], json::value_t::object, pf, "an object {input: {min, opt, max}}");
            OptimizationProfile profile;
            for (auto it = a[p].begin(); it != a[p].end(); ++it) {
                std::string f = pf + "." + it.key();
                r.expect(*it, json::value_t::object, f, "an object {min, opt, max}");
                r.onlyKnown(*it, f, {"min", "opt", "max"});
                ShapeRange range;
                for (const char* k : {"min", "opt", "max"})
                    if (!it->contains(k)) r.bad(f + "." + k, "missing");
                range.min = r.dims((*it)["min"], f + ".min");
                range.opt = r.dims((*it)["opt"], f + ".opt");
                range.max = r.dims((*it)["max"], f + ".max");
                profile.inputs[it.key()] = std::move(range);
            }
            c.profiles.push_back(std::move(profile));
        }
    }
    if (j.contains("sparsity"))
        c.sparsity = r.named<SparsityMode>(j["sparsity"], "sparsity", parseSparsityMode, "disabled, enabled, forced");
    if (j.contains("workspaceBytes")) c.workspaceBytes = r.unsignedInteger(j["workspaceBytes"], "workspaceBytes");
    if (j.contains("optimizationLevel"))
        c.optimizationLevel = int(r.integer(j["optimizationLevel"], "optimizationLevel"));
    if (j.contains("timingCache")) c.timingCachePath = r.string(j["timingCache"], "timingCache");
    if (j.contains("backend")) {
        std::string names;
        for (const std::string& id : BackendRegistry::global().ids()) names += (names.empty() ? "" : ", ") + id;
        c.backend = r.named<std::string>(
            j["backend"], "backend",
            [](std::string_view n) -> std::optional<std::string> {
                if (BackendRegistry::global().known(n)) return std::string(n);
                return std::nullopt;
            },
            names.c_str());
    }
    if (j.contains("plugins")) {
        const json& a = j["plugins"];
        r.expect(a, json::value_t::array, "plugins", "an array of strings");
        for (size_t i = 0; i < a.size(); ++i) c.pluginLibraries.push_back(r.string(a[i], concat("plugins[", i, "]")));
    }
    if (j.contains("timing")) {
        const json& t = j["timing"];
        r.expect(t, json::value_t::object, "timing", "an object {warmup, iterations, compareFusions}");
        r.onlyKnown(t, "timing", {"warmup", "iterations", "compareFusions"});
        if (t.contains("warmup")) c.timingWarmup = int(r.integer(t["warmup"], "timing.warmup"));
        if (t.contains("iterations")) c.timingIterations = int(r.integer(t["iterations"], "timing.iterations"));
        if (t.contains("compareFusions")) c.compareFusions = r.boolean(t["compareFusions"], "timing.compareFusions");
    }
    if (j.contains("calibration")) {
        const json& t = j["calibration"];
        r.expect(t, json::value_t::object, "calibration", "an object {dataFolder, algorithm, percentile, maxBatches, cache}");
        r.onlyKnown(t, "calibration", {"dataFolder", "algorithm", "percentile", "maxBatches", "cache"});
        CalibrationSettings& cal = c.calibration;
        if (t.contains("dataFolder")) cal.dataFolder = r.string(t["dataFolder"], "calibration.dataFolder");
        if (t.contains("algorithm"))
            cal.algorithm = r.named<CalibrationAlgorithm>(t["algorithm"], "calibration.algorithm",
                                                          parseCalibrationAlgorithm, "minmax, entropy, percentile");
        if (t.contains("percentile")) cal.percentile = r.number(t["percentile"], "calibration.percentile");
        if (t.contains("maxBatches")) cal.maxBatches = int(r.integer(t["maxBatches"], "calibration.maxBatches"));
        if (t.contains("cache")) cal.cachePath = r.string(t["cache"], "calibration.cache");
    }
    // Range/level/precision checks with the file name in front, so the CLI shows where to look.
    try {
        c.validateStandalone();
    } catch (const Error& e) {
        fail(e.kind(), source, ": field '", std::string(e.what()).substr(0, std::string(e.what()).find(':')), "'",
             std::string(e.what()).substr(std::string(e.what()).find(':')));
    }
    return c;
}

BuilderConfig loadBuilderConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in, Io, path, ": cannot open the builder config file");
    std::stringstream ss;
    ss << in.rdbuf();
    return builderConfigFromJson(ss.str(), path);
}

void saveBuilderConfig(const BuilderConfig& config, const std::string& path) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, path, ": cannot write the builder config file");
        out << builderConfigToJson(config) << "\n";
        out.close();
        KILN_CHECK(out, Io, path, ": writing the builder config file failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail(ErrorKind::Io, path, ": cannot write the builder config file: ", ec.message());
    }
}

}  // namespace kiln
