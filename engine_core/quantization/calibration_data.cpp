#include "engine_core/quantization/calibration_data.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <regex>
#include <set>

#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/tensor_io.h"

namespace fs = std::filesystem;

namespace kiln {

namespace {

// "calibration.dataFolder: <detail>": the field the data came from, as BuilderConfig names it.
Message dataFolderField(const Message& detail) {
    return msg<Msg::ConfigField>("field"_a = "calibration.dataFolder", "cause"_a = detail);
}

Message inputNames(const Graph& g) {
    std::string s;
    for (const Value* v : g.runtimeInputs()) s += (s.empty() ? "" : ", ") + v->name;
    return s.empty() ? msg<Msg::NounNone>() : msg<Msg::NameList>("names"_a = s);
}

// The name a .npy file for `name` may have: characters outside [A-Za-z0-9._-] become '_'
// (what `kiln run --save-outputs` writes).
std::string fileSafeName(const std::string& name) {
    std::string s;
    for (char c : name) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return s;
}

// input_N.pb sorted by N; a gap (input_0, input_2) is an error.
std::vector<std::string> inputFiles(const fs::path& dir) {
    static const std::regex pattern(R"(^input_([0-9]{1,6})\.pb$)");
    std::map<long, std::string> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        std::smatch m;
        std::string name = e.path().filename().string();
        if (e.is_regular_file() && std::regex_match(name, m, pattern)) found[std::stol(m[1])] = e.path().string();
    }
    std::vector<std::string> files;
    for (const auto& [k, path] : found) {
        KILN_CHECK(k == long(files.size()), InvalidArgument,
                   dataFolderField(msg<Msg::NumberedFileGap>("folder"_a = dir.string(), "prefix"_a = "input",
                                                             "index"_a = k, "expected"_a = files.size())));
        files.push_back(path);
    }
    return files;
}

std::vector<std::string> npyFiles(const fs::path& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".npy") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::optional<CalibrationBatch> batchIn(const fs::path& dir) {
    CalibrationBatch b{dir.string(), inputFiles(dir), false};
    if (b.files.empty()) {
        b.files = npyFiles(dir);
        b.npy = true;
    }
    if (b.files.empty()) return std::nullopt;
    return b;
}

// test_data_set_12 -> 12 for a natural sort; names without a trailing number sort after, by name.
long trailingNumber(const std::string& name) {
    size_t pos = name.find_last_not_of("0123456789");
    size_t start = pos == std::string::npos ? 0 : pos + 1;
    if (start >= name.size() || name.size() - start > 9) return std::numeric_limits<long>::max();
    return std::stol(name.substr(start));
}

void checkTensor(const Value& input, const Tensor& t, const std::string& file) {
    bool ok = input.dtype == DataType::Undefined || t.dtype() == input.dtype;
    if (ok && input.shape.rankKnown) {
        ok = t.rank() == input.shape.rank();
        for (size_t d = 0; ok && d < t.rank(); ++d)
            ok = !input.shape.dims[d].isStatic() || input.shape.dims[d].value == t.dims()[d];
    }
    KILN_CHECK(
        ok, InvalidArgument,
        dataFolderField(msg<Msg::InputTensorMismatch>(
            "source"_a = file, "input"_a = input.name,
            "expected"_a = concat(dataTypeName(input.dtype), input.shape.str()), "actual"_a = t.describe())));
}

}  // namespace

std::vector<CalibrationBatch> findCalibrationBatches(const std::string& dir) {
    std::error_code ec;
    KILN_CHECK(!dir.empty(), InvalidArgument, dataFolderField(msg<Msg::CalibrationNoFolder>()));
    KILN_CHECK(fs::exists(dir, ec), InvalidArgument,
               dataFolderField(msg<Msg::CalibrationFolderMissing>("folder"_a = dir)));
    KILN_CHECK(fs::is_directory(dir, ec), InvalidArgument,
               dataFolderField(msg<Msg::CalibrationNotFolder>("folder"_a = dir)));
    std::vector<std::pair<std::pair<long, std::string>, fs::path>> subdirs;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        std::string name = e.path().filename().string();
        if (e.is_directory()) subdirs.push_back({{trailingNumber(name), name}, e.path()});
    }
    std::sort(subdirs.begin(), subdirs.end());
    std::vector<CalibrationBatch> batches;
    for (const auto& [key, path] : subdirs)
        if (auto b = batchIn(path)) batches.push_back(std::move(*b));
    if (batches.empty())
        if (auto b = batchIn(dir)) batches.push_back(std::move(*b));
    KILN_CHECK(!batches.empty(), InvalidArgument,
               dataFolderField(msg<Msg::CalibrationNoData>("folder"_a = dir)));
    return batches;
}

TensorMap loadCalibrationBatch(const Graph& model, const CalibrationBatch& batch) {
    std::vector<Value*> inputs = model.runtimeInputs();
    TensorMap out;
    std::vector<std::pair<const Value*, std::string>> bound;  // input, file
    std::vector<Tensor> tensors;
    if (batch.npy) {
        for (const std::string& file : batch.files) {
            std::string stem = fs::path(file).stem().string();
            auto it = std::find_if(inputs.begin(), inputs.end(),
                                   [&](const Value* v) { return v->name == stem || fileSafeName(v->name) == stem; });
            KILN_CHECK(it != inputs.end(), InvalidArgument,
                       dataFolderField(msg<Msg::CalibrationNoSuchInput>("file"_a = file, "input"_a = stem,
                                                                        "inputs"_a = inputNames(model))));
            Tensor t;
            try {
                t = readNpyFile(file);
            } catch (const Error& e) {
                fail(e.kind(), dataFolderField(e.message()));
            }
            KILN_CHECK(!out.count((*it)->name), InvalidArgument,
                       dataFolderField(
                           msg<Msg::CalibrationInputGivenTwice>("file"_a = file, "input"_a = (*it)->name)));
            checkTensor(**it, t, file);
            out[(*it)->name] = std::move(t);
        }
    } else {
        std::vector<NamedTensor> read;
        for (const std::string& file : batch.files) {
            try {
                read.push_back(readTensorProtoFile(file));
            } catch (const Error& e) {
                fail(e.kind(), dataFolderField(e.message()));
            }
        }
        // By name when every file names a distinct input, else by position.
        std::vector<const Value*> byName;
        std::set<const Value*> used;
        for (const NamedTensor& t : read) {
            auto it = std::find_if(inputs.begin(), inputs.end(), [&](const Value* v) { return v->name == t.name; });
            if (t.name.empty() || it == inputs.end() || used.count(*it)) {
                byName.clear();
                break;
            }
            used.insert(*it);
            byName.push_back(*it);
        }
        if (byName.empty()) {
            KILN_CHECK(
                read.size() <= inputs.size(), InvalidArgument,
                dataFolderField(msg<Msg::CalibrationTooManyFiles>(
                    "folder"_a = batch.dir, "count"_a = read.size(), "declared"_a = inputs.size(),
                    "declaredWhat"_a = inputs.size() == 1 ? msg<Msg::NounInput>() : msg<Msg::NounInputs>(),
                    "inputs"_a = inputNames(model))));
            byName.assign(inputs.begin(), inputs.begin() + std::ptrdiff_t(read.size()));
        }
        for (size_t i = 0; i < read.size(); ++i) {
            checkTensor(*byName[i], read[i].tensor, batch.files[i]);
            out[byName[i]->name] = std::move(read[i].tensor);
        }
    }
    for (const Value* v : inputs)
        KILN_CHECK(out.count(v->name), InvalidArgument,
                   dataFolderField(msg<Msg::CalibrationNoDataForInput>(
                       "folder"_a = batch.dir, "input"_a = v->name,
                       "tensor"_a = concat(dataTypeName(v->dtype), v->shape.str()))));
    return out;
}

void checkCalibrationData(const Graph& model, const std::string& dir) {
    std::vector<CalibrationBatch> batches = findCalibrationBatches(dir);
    loadCalibrationBatch(model, batches.front());
}

}  // namespace kiln
