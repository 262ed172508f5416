#include "tests/conformance/case_io.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "engine_core/common/error.h"

namespace fs = std::filesystem;

namespace kiln::testing {

std::vector<std::string> listTestDataSets(const std::string& caseDir) {
    std::vector<std::pair<long, std::string>> sets;
    const std::string prefix = "test_data_set_";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(caseDir, ec)) {
        std::string name = entry.path().filename().string();
        if (!entry.is_directory() || name.rfind(prefix, 0) != 0) continue;
        try {
            sets.emplace_back(std::stol(name.substr(prefix.size())), entry.path().string());
        } catch (const std::exception&) {
            sets.emplace_back(std::numeric_limits<long>::max(), entry.path().string());
        }
    }
    std::sort(sets.begin(), sets.end());
    std::vector<std::string> out;
    for (auto& [n, path] : sets) out.push_back(path);
    return out;
}

TestDataSet loadTestDataSet(const std::string& dir) {
    TestDataSet set;
    set.dir = dir;
    for (int i = 0;; ++i) {
        fs::path p = fs::path(dir) / ("input_" + std::to_string(i) + ".pb");
        if (!fs::exists(p)) break;
        set.inputs.push_back(readTensorProtoFile(p.string()));
    }
    for (int i = 0;; ++i) {
        fs::path p = fs::path(dir) / ("output_" + std::to_string(i) + ".pb");
        if (!fs::exists(p)) break;
        set.outputs.push_back(readTensorProtoFile(p.string()));
    }
    return set;
}

std::string findModelFile(const std::string& caseDir) {
    fs::path preferred = fs::path(caseDir) / "model.onnx";
    if (fs::exists(preferred)) return preferred.string();
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(caseDir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".onnx") found.push_back(entry.path().string());
    return found.size() == 1 ? found.front() : std::string();
}

TensorMap bindInputs(const Graph& graph, const std::vector<NamedTensor>& inputs) {
    std::vector<Value*> declared = graph.runtimeInputs();
    KILN_CHECK(inputs.size() <= declared.size(), InvalidArgument, "test data has ", inputs.size(),
               " inputs but the graph takes ", declared.size());
    TensorMap map;
    for (size_t i = 0; i < inputs.size(); ++i)
        map[declared[i]->name] = bfloat16FromUint16(inputs[i].tensor, declared[i]->dtype);
    return map;
}

Tensor bfloat16FromUint16(const Tensor& tensor, DataType wanted) {
    if (wanted != DataType::BFloat16 || tensor.dtype() != DataType::UInt16) return tensor;
    Tensor out(DataType::BFloat16, tensor.dims());
    if (tensor.byteSize() > 0) std::memcpy(out.raw(), tensor.raw(), tensor.byteSize());
    return out;
}

namespace {

bool sameLayout(const Tensor& actual, const Tensor& expected, TensorDiff& diff) {
    if (actual.dtype() != expected.dtype() || actual.dims() != expected.dims()) {
        diff.pass = false;
        diff.detail = concat("got ", actual.describe(), ", expected ", expected.describe());
        return false;
    }
    if (actual.dtype() == DataType::String) {
        diff.pass = false;
        diff.detail = "string tensors are not compared";
        return false;
    }
    return true;
}

}  // namespace

TensorDiff compareAllClose(const Tensor& actual, const Tensor& expected, double rtol, double atol) {
    TensorDiff diff;
    if (!sameLayout(actual, expected, diff)) return diff;
    const bool floating = isFloatingPoint(expected.dtype());
    int64_t mismatches = 0, first = -1;
    double firstA = 0, firstE = 0;
    for (int64_t i = 0; i < expected.numel(); ++i) {
        bool ok;
        double a = 0, e = 0;
        if (floating) {
            a = actual.scalarAsDouble(i);
            e = expected.scalarAsDouble(i);
            if (std::isnan(e) || std::isnan(a)) {
                ok = std::isnan(e) && std::isnan(a);
            } else if (std::isinf(e) || std::isinf(a)) {
                ok = a == e;
            } else {
                double err = std::fabs(a - e);
                diff.maxAbsError = std::max(diff.maxAbsError, err);
                diff.maxAbsExpected = std::max(diff.maxAbsExpected, std::fabs(e));
                ok = err <= atol + rtol * std::fabs(e);
            }
        } else {
            int64_t ai = actual.scalarAsInt64(i), ei = expected.scalarAsInt64(i);
            ok = ai == ei;
            a = double(ai);
            e = double(ei);
            diff.maxAbsError = std::max(diff.maxAbsError, std::fabs(a - e));
        }
        if (!ok) {
            if (first < 0) {
                first = i;
                firstA = a;
                firstE = e;
            }
            ++mismatches;
        }
    }
    if (mismatches > 0) {
        diff.pass = false;
        diff.detail = concat(mismatches, " of ", expected.numel(), " elements differ (rtol ", rtol, ", atol ",
                             atol, "); first at flat index ", first, ": got ", firstA, ", expected ", firstE,
                             "; max abs error ", diff.maxAbsError);
    } else {
        diff.detail = concat("max abs error ", diff.maxAbsError);
    }
    return diff;
}

TensorDiff compareMaxNormalised(const Tensor& actual, const Tensor& expected, double tolerance) {
    TensorDiff diff;
    if (!sameLayout(actual, expected, diff)) return diff;
    bool nan = false;
    for (int64_t i = 0; i < expected.numel(); ++i) {
        double a = actual.scalarAsDouble(i), e = expected.scalarAsDouble(i);
        if (std::isnan(a) || std::isnan(e)) {
            nan = true;
            continue;
        }
        diff.maxAbsError = std::max(diff.maxAbsError, std::fabs(a - e));
        diff.maxAbsExpected = std::max(diff.maxAbsExpected, std::fabs(e));
    }
    double normalised = diff.maxAbsExpected > 0 ? diff.maxAbsError / diff.maxAbsExpected
                        : diff.maxAbsError > 0  ? std::numeric_limits<double>::infinity()
                                                : 0.0;
    if (nan) normalised = std::numeric_limits<double>::infinity();
    diff.pass = normalised <= tolerance;
    diff.detail = concat("max-normalised error ", normalised, nan ? " (NaN present)" : "", " (max abs error ",
                         diff.maxAbsError, ", max |expected| ", diff.maxAbsExpected, ", tolerance ", tolerance,
                         ")");
    return diff;
}

}  // namespace kiln::testing
