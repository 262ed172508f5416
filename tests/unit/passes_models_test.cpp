// The optimizer on real imported models (../shared/models): at every level the optimized graph
// gives the reference outputs, every layer's output tensor exists in the original graph (so
// per-layer comparison works without breaking fusion), and the fusion report is printed.
#include <filesystem>
#include <iostream>
#include <set>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

std::string modelDir(const std::string& name) { return std::string(KILN_SOURCE_DIR) + "/../shared/models/" + name; }

void checkModel(const std::string& name) {
    std::string dir = modelDir(name);
    std::string path = dir + "/" + name + ".onnx";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not found";
    auto reference = importOnnxFile(path).graph;
    TensorMap feeds;
    std::vector<Value*> inputs = reference->runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i)
        feeds[inputs[i]->name] = readTensorFile(dir + "/test_data_set_0/input_" + std::to_string(i) + ".pb").tensor;
    TensorMap expected = Executor(*reference).run(feeds);
    std::set<std::string> originalNames;
    for (const Node* n : reference->nodes())
        for (const Value* v : n->outputs)
            if (v) originalNames.insert(v->name);

    for (int level = 1; level <= kMaxOptimizationLevel; ++level) {
        SCOPED_TRACE("level " + std::to_string(level));
        auto g = importOnnxFile(path).graph;
        FusionReport report = optimizeGraph(*g, {.level = level, .validateAfterEachPass = true});
        std::cout << "[" << name << "] " << report.str();
        EXPECT_LE(report.optimizedNodeCount, report.originalNodeCount);
        TensorMap actual = Executor(*g).run(feeds);
        for (const auto& [out, want] : expected) {
            ASSERT_TRUE(actual.count(out)) << "output " << out << " lost";
            expectTensorNearRel(actual.at(out), want);
        }
        for (const Node* n : g->nodes()) {
            EXPECT_FALSE(n->origin.empty()) << n->label();
            for (const Value* v : n->outputs) {
                if (!v || originalNames.count(v->name)) continue;
                // Only the wide output of a horizontal fusion is new: its Split restores the originals,
                // or an attention reads Q, K and V from it through strides (attention_layout.cpp).
                ASSERT_FALSE(v->consumers.empty()) << v->name;
                for (const Node* c : v->consumers)
                    EXPECT_TRUE(c->opType == "Split" || (c->opType == "Attention" && c->hasAttr("dims")))
                        << v->name << " read by " << c->label();
            }
        }
    }
}

TEST(PassesModels, Squeezenet) { checkModel("squeezenet1_1"); }
TEST(PassesModels, BertTiny) { checkModel("bert_tiny"); }

}  // namespace
}  // namespace kiln::test
