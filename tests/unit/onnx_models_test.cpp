// Real models: every ONNX backend node-test model imports or fails with a clean Error, and the
// shared squeezenet1_1 / bert_tiny models import completely.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;
namespace fs = std::filesystem;

namespace {
const char* const kBackendNodeDir = "/usr/include/onnx/backend/test/data/node";

fs::path sharedModels() {
    return fs::path(KILN_SOURCE_DIR) / ".." / "shared" / "models";
}

std::vector<fs::path> backendModels(const char* sub) {
    std::vector<fs::path> out;
    fs::path dir = fs::path("/usr/include/onnx/backend/test/data") / sub;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (fs::exists(entry.path() / "model.onnx")) out.push_back(entry.path() / "model.onnx");
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST(OnnxModels, EveryBackendTestModelImportsOrFailsCleanly) {
    std::vector<fs::path> models;
    for (const char* sub : {"node", "pytorch-converted", "pytorch-operator", "simple"})
        for (auto& m : backendModels(sub)) models.push_back(m);
    if (models.empty()) GTEST_SKIP() << "ONNX backend test data not found under " << kBackendNodeDir;
    bool verbose = std::getenv("KILN_VERBOSE") != nullptr;
    int imported = 0;
    std::map<ErrorKind, int> failures;
    std::vector<std::string> invalid;  // InvalidModel/Internal on official test models: likely Kiln bugs
    for (const fs::path& m : models) {
        try {
            ImportResult r = importOnnxFile(m.string());
            ASSERT_TRUE(r.graph) << m;
            ++imported;
        } catch (const Error& e) {
            ++failures[e.kind()];
            std::string msg = e.what();
            EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
            EXPECT_NE(msg.find(m.string()), std::string::npos) << "error must name the file: " << msg;
            if (e.kind() != ErrorKind::Unsupported) invalid.push_back(msg);
            if (verbose) std::cout << errorKindName(e.kind()) << ": " << msg << "\n";
        }
    }
    std::cout << "[ import   ] " << models.size() << " backend test models: " << imported << " imported";
    for (auto [kind, n] : failures) std::cout << ", " << n << " " << errorKindName(kind);
    std::cout << "\n";
    for (const auto& msg : invalid) std::cout << "[ not unsupported ] " << msg << "\n";
    // The official models are valid ONNX: anything but "unsupported" would be an importer bug.
    EXPECT_TRUE(invalid.empty());
    EXPECT_GT(imported, int(models.size()) * 6 / 10);
}

TEST(OnnxModels, BackendTestDataTensorsRead) {
    fs::path dir = fs::path(kBackendNodeDir) / "test_abs" / "test_data_set_0";
    if (!fs::exists(dir / "input_0.pb")) GTEST_SKIP() << "ONNX backend test data not found";
    NamedTensor in = readTensorFile((dir / "input_0.pb").string());
    NamedTensor out = readTensorFile((dir / "output_0.pb").string());
    EXPECT_EQ(in.tensor.describe(), "fp32[3,4,5]");
    ASSERT_EQ(out.tensor.dims(), in.tensor.dims());
    std::vector<float> a = in.tensor.toFloatVector(), b = out.tensor.toFloatVector();
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(std::fabs(a[i]), b[i]);
}

TEST(OnnxModels, SqueezeNetImports) {
    fs::path path = sharedModels() / "squeezenet1_1" / "squeezenet1_1.onnx";
    if (!fs::exists(path))
        GTEST_SKIP() << "shared models not found at " << sharedModels() << " (../shared/models)";
    ImportResult r = importOnnxFile(path.string());
    const Graph& g = *r.graph;
    EXPECT_TRUE(r.unsupported.empty());
    EXPECT_EQ(r.onnxNodeCount, 83);
    EXPECT_EQ(g.nodeCount(), 83u);
    EXPECT_EQ(g.opsetVersion(), 17);
    ASSERT_EQ(g.runtimeInputs().size(), 1u);
    Value* in = g.runtimeInputs()[0];
    EXPECT_EQ(in->dtype, DataType::Float32);
    ASSERT_EQ(in->shape.rank(), 4u);
    EXPECT_EQ(in->shape.dims[1].value, 3);
    ASSERT_EQ(g.outputs().size(), 1u);
    EXPECT_EQ(g.outputs()[0]->shape.rank(), 2u);
    EXPECT_EQ(g.outputs()[0]->shape.dims[1].value, 1000);
    EXPECT_GT(g.parameterCount(), 1000000);
    for (const Node* n : g.nodes()) EXPECT_EQ(n->origin, std::vector<std::string>{n->name});
    // Shape inference reached every intermediate value.
    for (const Node* n : g.nodes())
        for (const Value* v : n->outputs) EXPECT_TRUE(v->shape.rankKnown) << v->name;
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(OnnxModels, BertTinyImportsWithExternalData) {
    fs::path path = sharedModels() / "bert_tiny" / "bert_tiny.onnx";
    if (!fs::exists(path))
        GTEST_SKIP() << "shared models not found at " << sharedModels() << " (../shared/models)";
    ImportResult r = importOnnxFile(path.string());
    const Graph& g = *r.graph;
    EXPECT_TRUE(r.unsupported.empty());
    EXPECT_EQ(g.opsetVersion(), 18);
    EXPECT_EQ(r.onnxNodeCount, 94);
    EXPECT_EQ(g.runtimeInputs().size(), 2u);  // input_ids, attention_mask
    for (const Value* in : g.runtimeInputs()) EXPECT_EQ(in->dtype, DataType::Int64) << in->name;
    Value* embeddings = g.findValue("embeddings.word_embeddings.weight");
    ASSERT_TRUE(embeddings && embeddings->isConstant());
    EXPECT_EQ(embeddings->constant->describe(), "fp32[2000,128]");
    bool nonZero = false;
    for (float f : embeddings->constant->toFloatVector()) nonZero |= f != 0.0f;
    EXPECT_TRUE(nonZero) << "external weights were not loaded";
    bool skipped = false;
    for (const auto& w : r.warnings) skipped |= w.text().find("checker skipped") != std::string::npos;
    EXPECT_TRUE(skipped) << "opset 18 is newer than libonnx 1.12 knows";
}
