#include "engine_core/onnx/run_inputs.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <regex>
#include <set>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/common/splitmix64.h"

namespace fs = std::filesystem;

namespace kiln {

namespace {

// "x, y, z" for error messages.
Message inputNames(const Graph& graph) {
    std::string s;
    for (const Value* v : graph.runtimeInputs()) s += (s.empty() ? "" : ", ") + v->name;
    return s.empty() ? msg<Msg::NounNone>() : msg<Msg::NameList>("names"_a = s);
}

const Value* findRuntimeInput(const Graph& graph, const std::string& name) {
    for (const Value* v : graph.runtimeInputs())
        if (v->name == name) return v;
    return nullptr;
}

// input_3.pb -> 3 for the given prefix, or -1.
int64_t fileIndex(const std::string& filename, const std::string& prefix) {
    static const std::regex pattern(R"(^(input|output)_([0-9]{1,6})\.pb$)");
    std::smatch m;
    if (!std::regex_match(filename, m, pattern) || m[1] != prefix) return -1;
    return std::stoll(m[2]);
}

std::vector<std::string> numberedFiles(const fs::path& dir, const std::string& prefix) {
    std::map<int64_t, std::string> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        int64_t k = fileIndex(entry.path().filename().string(), prefix);
        if (k >= 0 && entry.is_regular_file()) found[k] = entry.path().string();
    }
    std::vector<std::string> files;
    for (const auto& [k, path] : found) {
        KILN_CHECK(k == int64_t(files.size()), InvalidArgument,
                   msg<Msg::NumberedFileGap>("folder"_a = dir.string(), "prefix"_a = prefix, "index"_a = k,
                                             "expected"_a = files.size()));
        files.push_back(path);
    }
    return files;
}

// Trailing number of test_data_set_12 for a natural sort; folders without one sort last by name.
int64_t setNumber(const std::string& name) {
    size_t pos = name.find_last_not_of("0123456789");
    if (pos + 1 >= name.size() || name.size() - pos - 1 > 9) return std::numeric_limits<int64_t>::max();
    return std::stoll(name.substr(pos + 1));
}

// The binding rule shared by inputs and outputs: by name when every tensor names a distinct
// declared value, else by position.
std::vector<const Value*> bindTensors(const std::vector<Value*>& declared,
                                      const std::vector<NamedTensor>& tensors, bool inputs,
                                      const std::string& dir) {
    std::vector<const Value*> byName;
    std::set<const Value*> used;
    for (const NamedTensor& t : tensors) {
        auto it =
            std::find_if(declared.begin(), declared.end(), [&](const Value* v) { return v->name == t.name; });
        if (t.name.empty() || it == declared.end() || used.count(*it)) {
            byName.clear();
            break;
        }
        used.insert(*it);
        byName.push_back(*it);
    }
    if (!byName.empty()) return byName;
    if (tensors.size() > declared.size()) {
        const bool one = declared.size() == 1;
        fail(ErrorKind::InvalidArgument,
             msg<Msg::TooManyTensorFiles>(
                 "folder"_a = dir, "count"_a = tensors.size(),
                 "what"_a = inputs ? msg<Msg::NounInput>() : msg<Msg::NounOutput>(),
                 "declared"_a = declared.size(),
                 "declaredWhat"_a = inputs ? (one ? msg<Msg::NounInput>() : msg<Msg::NounInputs>())
                                           : (one ? msg<Msg::NounOutput>() : msg<Msg::NounOutputs>())));
    }
    std::vector<const Value*> byOrder(declared.begin(), declared.begin() + std::ptrdiff_t(tensors.size()));
    return byOrder;
}

struct TypeRange {
    double low, high;
};

TypeRange integerRange(DataType dt) {
    switch (dt) {
        case DataType::Int8:
            return {-128, 127};
        case DataType::UInt8:
            return {0, 255};
        case DataType::Int16:
            return {-32768, 32767};
        case DataType::UInt16:
            return {0, 65535};
        case DataType::Int32:
            return {-2147483648.0, 2147483647.0};
        case DataType::UInt32:
            return {0, 4294967295.0};
        case DataType::Int64:
            return {-9.2e18, 9.2e18};
        case DataType::UInt64:
            return {0, 1.8e19};
        case DataType::Bool:
            return {0, 1};
        case DataType::Undefined:
        case DataType::Float32:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Float64:
        case DataType::String:
            break;
    }
    return {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
}

template <typename T>
void fillInts(Tensor& t, SplitMix64& rng, double low, double high) {
    T* p = static_cast<T*>(t.raw());
    double span = std::floor(high) - std::ceil(low);
    for (int64_t i = 0; i < t.numel(); ++i) {
        double v = std::ceil(low) + std::floor(rng.uniform() * span);
        p[i] = static_cast<T>(v);
    }
}

Tensor randomTensor(const Value& input, const std::vector<int64_t>& dims, ValueRange range, bool rangeGiven,
                    uint64_t seed) {
    const DataType dt = input.dtype;
    KILN_CHECK(dt != DataType::Undefined, InvalidArgument,
               msg<Msg::InputNoDeclaredDtype>("input"_a = input.name));
    KILN_CHECK(dt != DataType::String, Unsupported, msg<Msg::InputIsStringTensor>("input"_a = input.name));
    Tensor t(dt, dims);
    SplitMix64 rng{seed};
    const bool integral = isInteger(dt) || dt == DataType::Bool;
    if (integral && !rangeGiven) range = dt == DataType::Bool ? ValueRange{0, 2} : ValueRange{0, 100};
    if (integral) {
        TypeRange tr = integerRange(dt);
        KILN_CHECK(std::ceil(range.low) < std::floor(range.high), InvalidArgument,
                   msg<Msg::ValueRangeNoInteger>("input"_a = input.name, "dtype"_a = dataTypeName(dt),
                                                 "low"_a = range.low, "high"_a = range.high));
        KILN_CHECK(range.low >= tr.low && range.high - 1 <= tr.high, InvalidArgument,
                   msg<Msg::ValueRangeOutsideType>("input"_a = input.name, "dtype"_a = dataTypeName(dt)));
    }
    const int64_t n = t.numel();
    switch (dt) {
        case DataType::Float32: {
            float* p = t.data<float>();
            for (int64_t i = 0; i < n; ++i)
                p[i] = float(range.low + rng.uniform() * (range.high - range.low));
            break;
        }
        case DataType::Float64: {
            double* p = t.data<double>();
            for (int64_t i = 0; i < n; ++i) p[i] = range.low + rng.uniform() * (range.high - range.low);
            break;
        }
        case DataType::Float16:
        case DataType::BFloat16: {
            uint16_t* p = static_cast<uint16_t*>(t.raw());
            for (int64_t i = 0; i < n; ++i) {
                float v = float(range.low + rng.uniform() * (range.high - range.low));
                p[i] = dt == DataType::Float16 ? floatToHalf(v) : floatToBfloat16(v);
            }
            break;
        }
        case DataType::Float8E4M3: {
            uint8_t* p = static_cast<uint8_t*>(t.raw());
            for (int64_t i = 0; i < n; ++i)
                p[i] = floatToFloat8e4m3(float(range.low + rng.uniform() * (range.high - range.low)));
            break;
        }
        case DataType::Int8:
            fillInts<int8_t>(t, rng, range.low, range.high);
            break;
        case DataType::UInt8:
            fillInts<uint8_t>(t, rng, range.low, range.high);
            break;
        case DataType::Int16:
            fillInts<int16_t>(t, rng, range.low, range.high);
            break;
        case DataType::UInt16:
            fillInts<uint16_t>(t, rng, range.low, range.high);
            break;
        case DataType::Int32:
            fillInts<int32_t>(t, rng, range.low, range.high);
            break;
        case DataType::UInt32:
            fillInts<uint32_t>(t, rng, range.low, range.high);
            break;
        case DataType::Int64:
            fillInts<int64_t>(t, rng, range.low, range.high);
            break;
        case DataType::UInt64:
            fillInts<uint64_t>(t, rng, range.low, range.high);
            break;
        case DataType::Bool:
            fillInts<bool>(t, rng, range.low, range.high);
            break;
        case DataType::Undefined:
        case DataType::String:
            break;
    }
    return t;
}

std::string sanitizeFileName(const std::string& name) {
    std::string s;
    for (char c : name)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (s.empty() || s[0] == '.') s = "_" + s;
    return s;
}

}  // namespace

std::vector<TestDataSet> findTestDataSets(const std::string& dir) {
    std::error_code ec;
    KILN_CHECK(fs::exists(dir, ec), Io, msg<Msg::TestDataFolderMissing>("folder"_a = dir));
    KILN_CHECK(fs::is_directory(dir, ec), InvalidArgument, msg<Msg::TestDataNotFolder>("folder"_a = dir));
    std::vector<std::pair<int64_t, fs::path>> subdirs;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("test_data_set", 0) == 0)
            subdirs.push_back({setNumber(name), entry.path()});
    }
    std::sort(subdirs.begin(), subdirs.end());
    std::vector<TestDataSet> sets;
    auto addSet = [&](const fs::path& p) {
        TestDataSet s{p.string(), numberedFiles(p, "input"), numberedFiles(p, "output")};
        KILN_CHECK(!s.inputFiles.empty() || !s.outputFiles.empty(), InvalidArgument,
                   msg<Msg::TestDataSetEmpty>("folder"_a = p.string()));
        sets.push_back(std::move(s));
    };
    if (subdirs.empty()) {
        KILN_CHECK(!numberedFiles(dir, "input").empty() || !numberedFiles(dir, "output").empty(),
                   InvalidArgument, msg<Msg::TestDataNoSets>("folder"_a = dir));
        addSet(dir);
    } else {
        for (const auto& [k, p] : subdirs) addSet(p);
    }
    return sets;
}

TensorMap loadTestInputs(const Graph& graph, const TestDataSet& set) {
    std::vector<NamedTensor> tensors;
    for (const std::string& f : set.inputFiles) tensors.push_back(readTensorProtoFile(f));
    std::vector<Value*> declared = graph.runtimeInputs();
    std::vector<const Value*> bound = bindTensors(declared, tensors, true, set.dir);
    TensorMap out;
    for (size_t i = 0; i < tensors.size(); ++i) {
        checkInputTensor(*bound[i], tensors[i].tensor, set.inputFiles[i]);
        out[bound[i]->name] = tensors[i].tensor;
    }
    for (const Value* v : declared)
        KILN_CHECK(out.count(v->name), InvalidArgument,
                   msg<Msg::TestDataNoInputFile>("folder"_a = set.dir, "input"_a = v->name));
    return out;
}

std::vector<std::pair<std::string, Tensor>> loadTestOutputs(const Graph& graph, const TestDataSet& set) {
    std::vector<NamedTensor> tensors;
    for (const std::string& f : set.outputFiles) tensors.push_back(readTensorProtoFile(f));
    std::vector<const Value*> bound = bindTensors(graph.outputs(), tensors, false, set.dir);
    std::vector<std::pair<std::string, Tensor>> out;
    for (size_t i = 0; i < tensors.size(); ++i) out.push_back({bound[i]->name, tensors[i].tensor});
    return out;
}

TensorMap loadInputFiles(const Graph& graph, const std::vector<std::string>& specs) {
    TensorMap out;
    for (const std::string& spec : specs) {
        std::string name, path = spec;
        if (size_t eq = spec.find('='); eq != std::string::npos) {
            name = spec.substr(0, eq);
            path = spec.substr(eq + 1);
            KILN_CHECK(!name.empty() && !path.empty(), InvalidArgument,
                       msg<Msg::InputSpecMalformed>("spec"_a = spec));
        }
        NamedTensor nt = readTensorFile(path);
        if (name.empty()) {
            auto runtime = graph.runtimeInputs();
            if (!nt.name.empty() && findRuntimeInput(graph, nt.name))
                name = nt.name;
            else if (runtime.size() == 1)
                name = runtime[0]->name;
            else
                fail(ErrorKind::InvalidArgument,
                     msg<Msg::InputSpecNeedsName>("file"_a = path, "inputs"_a = inputNames(graph)));
        }
        const Value* input = findRuntimeInput(graph, name);
        KILN_CHECK(input, InvalidArgument,
                   msg<Msg::InputSpecNoSuchInput>("spec"_a = spec, "input"_a = name,
                                                  "inputs"_a = inputNames(graph)));
        KILN_CHECK(!out.count(name), InvalidArgument,
                   msg<Msg::InputSpecGivenTwice>("spec"_a = spec, "input"_a = name));
        checkInputTensor(*input, nt.tensor, path);
        out[name] = nt.tensor;
    }
    return out;
}

std::vector<std::string> splitCommaList(const std::string& spec) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= spec.size()) {
        const size_t comma = spec.find(',', start);
        items.push_back(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? spec.size() + 1 : comma + 1;
    }
    return items;
}

std::map<std::string, std::vector<int64_t>> parseShapeSpecs(const std::vector<std::string>& specs,
                                                            const std::string& flag) {
    std::map<std::string, std::vector<int64_t>> out;
    for (const std::string& spec : specs) {
        for (const std::string& item : splitCommaList(spec)) {
            // The last ':' splits, so names like "input:0" still work.
            size_t colon = item.rfind(':');
            KILN_CHECK(colon != std::string::npos && colon > 0, InvalidArgument,
                       msg<Msg::ShapeSpecMalformed>("flag"_a = flag, "item"_a = item));
            std::string name = item.substr(0, colon);
            std::vector<int64_t> dims;
            try {
                dims = parseDims(item.substr(colon + 1));
            } catch (const Error& e) {
                fail(ErrorKind::InvalidArgument,
                     msg<Msg::ShapeSpecBadDims>("flag"_a = flag, "item"_a = item, "cause"_a = e.message()));
            }
            KILN_CHECK(!out.count(name), InvalidArgument,
                       msg<Msg::ShapeSpecGivenTwice>("flag"_a = flag, "input"_a = name));
            out[name] = dims;
        }
    }
    return out;
}

std::map<std::string, ValueRange> parseValueRanges(const std::vector<std::string>& specs) {
    std::map<std::string, ValueRange> out;
    for (const std::string& spec : specs) {
        size_t colon = spec.rfind(':');
        std::string name = colon == std::string::npos ? "" : spec.substr(0, colon);
        std::string range = colon == std::string::npos ? spec : spec.substr(colon + 1);
        size_t comma = range.find(',');
        char* end1 = nullptr;
        char* end2 = nullptr;
        std::string lo = range.substr(0, comma),
                    hi = comma == std::string::npos ? "" : range.substr(comma + 1);
        double low = std::strtod(lo.c_str(), &end1);
        double high = std::strtod(hi.c_str(), &end2);
        KILN_CHECK(comma != std::string::npos && !lo.empty() && !hi.empty() && *end1 == '\0' &&
                       *end2 == '\0' && std::isfinite(low) && std::isfinite(high),
                   InvalidArgument, msg<Msg::ValueRangeMalformed>("spec"_a = spec));
        KILN_CHECK(low < high, InvalidArgument, msg<Msg::ValueRangeLowNotBelowHigh>("spec"_a = spec));
        out[name] = {low, high};
    }
    return out;
}

std::vector<int64_t> resolveInputDims(const Value& input,
                                      const std::map<std::string, std::vector<int64_t>>& shapes) {
    auto it = shapes.find(input.name);
    if (it != shapes.end()) {
        const std::vector<int64_t>& dims = it->second;
        if (input.shape.rankKnown) {
            bool ok = dims.size() == input.shape.rank();
            for (size_t d = 0; ok && d < dims.size(); ++d)
                ok = !input.shape.dims[d].isStatic() || input.shape.dims[d].value == dims[d];
            KILN_CHECK(ok, InvalidArgument,
                       msg<Msg::ShapesFlagMismatch>("input"_a = input.name, "dims"_a = dimsToString(dims),
                                                    "shape"_a = input.shape.str()));
        }
        return dims;
    }
    // An example for the error message: 1 for every dynamic dim.
    std::string example;
    for (const Dim& d : input.shape.dims) {
        if (!example.empty()) example += 'x';
        example += std::to_string(d.isStatic() ? d.value : 1);
    }
    KILN_CHECK(input.shape.rankKnown, InvalidArgument, msg<Msg::InputUnknownRank>("input"_a = input.name));
    if (example.empty()) example = "DIMS";
    for (size_t d = 0; d < input.shape.rank(); ++d) {
        const Dim& dim = input.shape.dims[d];
        if (dim.isStatic()) continue;
        if (dim.symbol.empty())
            fail(ErrorKind::InvalidArgument,
                 msg<Msg::InputDynamicDim>("input"_a = input.name, "dim"_a = d, "shape"_a = input.shape.str(),
                                           "example"_a = example));
        fail(ErrorKind::InvalidArgument,
             msg<Msg::InputDynamicDimNamed>("input"_a = input.name, "dim"_a = d, "symbol"_a = dim.symbol,
                                            "shape"_a = input.shape.str(), "example"_a = example));
    }
    return input.shape.staticDims();
}

void checkInputTensor(const Value& input, const Tensor& tensor, const std::string& source) {
    bool ok = input.dtype == DataType::Undefined || tensor.dtype() == input.dtype;
    if (ok && input.shape.rankKnown) {
        ok = tensor.rank() == input.shape.rank();
        for (size_t d = 0; ok && d < tensor.rank(); ++d)
            ok = !input.shape.dims[d].isStatic() || input.shape.dims[d].value == tensor.dims()[d];
    }
    KILN_CHECK(
        ok, InvalidArgument,
        msg<Msg::InputTensorMismatch>("source"_a = source, "input"_a = input.name,
                                      "expected"_a = concat(dataTypeName(input.dtype), input.shape.str()),
                                      "actual"_a = tensor.describe()));
}

void addRandomInputs(const Graph& graph, const RandomInputOptions& options, TensorMap& given) {
    std::vector<Value*> inputs = graph.runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i) {
        const Value& input = *inputs[i];
        if (given.count(input.name)) continue;
        std::vector<int64_t> dims = resolveInputDims(input, options.shapes);
        auto r = options.ranges.find(input.name);
        if (r == options.ranges.end()) r = options.ranges.find("");
        bool rangeGiven = r != options.ranges.end();
        // Each input gets its own stream, so giving one input from a file leaves the others unchanged.
        SplitMix64 mix{options.seed * 0x100000001B3ull + i};
        given[input.name] =
            randomTensor(input, dims, rangeGiven ? r->second : ValueRange{}, rangeGiven, mix.next());
    }
}

void saveRunData(const std::string& dir, const Graph& graph, const TensorMap& inputs,
                 const TensorMap& outputs) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    KILN_CHECK(!ec && fs::is_directory(dir), Io,
               msg<Msg::SaveOutputsCannotCreate>("folder"_a = dir, "reason"_a = ec.message()));
    std::vector<Value*> runtime = graph.runtimeInputs();
    for (size_t k = 0; k < runtime.size(); ++k) {
        auto it = inputs.find(runtime[k]->name);
        if (it != inputs.end())
            writeTensorProtoFile((fs::path(dir) / ("input_" + std::to_string(k) + ".pb")).string(),
                                 it->second, runtime[k]->name);
    }
    const std::vector<Value*>& outs = graph.outputs();
    for (size_t k = 0; k < outs.size(); ++k) {
        auto it = outputs.find(outs[k]->name);
        if (it == outputs.end()) continue;
        writeTensorProtoFile((fs::path(dir) / ("output_" + std::to_string(k) + ".pb")).string(), it->second,
                             outs[k]->name);
        writeNpyFile((fs::path(dir) / (sanitizeFileName(outs[k]->name) + ".npy")).string(), it->second);
    }
}

}  // namespace kiln
