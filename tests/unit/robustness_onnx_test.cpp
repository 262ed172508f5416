// Regression tests for crashes found by fuzzing the importer (docs/robustness.md): each model once
// crashed the process and must now get one clear error naming the node and the field.
#include <gtest/gtest.h>

#include "engine_core/onnx/importer.h"
#include "tests/unit/onnx_test_util.h"

namespace kiln {
namespace {

using onnx::TensorProto;

// Imports and expects an InvalidModel error whose message contains every part.
void expectRefused(const std::string& bytes, const std::vector<std::string>& parts) {
    try {
        (void)importOnnxBytes(bytes, "", "fuzz.onnx");
        FAIL() << "import succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidModel) << e.what();
        for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
    }
}

// libonnx's convTransposeShapeInference read the weight's missing spatial dims (SIGSEGV).
TEST(RobustnessOnnx, ConvTransposeWeightOfLowerRank) {
    test::ModelBuilder b(11);
    b.input("X", TensorProto::FLOAT, {1, 1, 3});
    b.input("W", TensorProto::FLOAT, {1, 2});
    b.outputUntyped("Y");
    b.node("ConvTranspose", {"X", "W"}, {"Y"}, "up");
    expectRefused(b.bytes(), {"fuzz.onnx", "node 'up'", "weight 'W' has rank 2", "rank 3"});
}

// The same function with a rank-2 input (no spatial dims) and a rank-4 weight (SIGSEGV).
TEST(RobustnessOnnx, ConvTransposeInputWithoutSpatialDims) {
    test::ModelBuilder b(11);
    b.input("X", TensorProto::FLOAT, {1, 3});
    b.input("W", TensorProto::FLOAT, {1, 2, 3, 3});
    b.outputUntyped("Y");
    b.node("ConvTranspose", {"X", "W"}, {"Y"}, "up");
    expectRefused(b.bytes(), {"node 'up'", "input 'X' has rank 2"});
}

// libonnx's convPoolShapeInference divided by a zero stride (SIGFPE).
TEST(RobustnessOnnx, ConvZeroStride) {
    test::ModelBuilder b(11);
    b.input("x", TensorProto::FLOAT, {1, 1, 5, 5});
    b.input("W", TensorProto::FLOAT, {1, 1, 3, 3});
    b.outputUntyped("y");
    auto& n = b.node("Conv", {"x", "W"}, {"y"}, "conv");
    test::setString(n, "auto_pad", "SAME_LOWER");
    test::setInts(n, "kernel_shape", {3, 3});
    test::setInts(n, "strides", {2, 0});
    expectRefused(b.bytes(), {"node 'conv'", "attribute 'strides' has value 0"});
}

// A per-axis attribute shorter than the spatial rank (read past its end in libonnx).
TEST(RobustnessOnnx, PoolShortKernelShape) {
    test::ModelBuilder b(11);
    b.input("x", TensorProto::FLOAT, {1, 1, 5, 5});
    b.outputUntyped("y");
    auto& n = b.node("MaxPool", {"x"}, {"y"}, "pool");
    test::setInts(n, "kernel_shape", {2});
    expectRefused(b.bytes(), {"node 'pool'", "attribute 'kernel_shape' has 1 values", "needs 2"});
}

// libonnx's ConstantOfShape inference built one output dim per declared element of the shape input:
// a declared length of 302011732 took over 4 GiB (found with the checker on).
TEST(RobustnessOnnx, ConstantOfShapeWithHugeDeclaredShapeLength) {
    test::ModelBuilder b(9);
    b.input("x", TensorProto::INT64, {302011732});
    b.outputUntyped("y");
    b.node("ConstantOfShape", {"x"}, {"y"}, "cos");
    expectRefused(b.bytes(), {"node 'cos'", "shape input 'x' declares 302011732 values", "at most 1024"});
}

// An initializer whose raw_data is shorter than its shape: libonnx's data propagation (Reshape's
// shape) read past its end. Now refused before libonnx runs, naming the initializer.
TEST(RobustnessOnnx, InitializerWithShortRawDataIsRefusedBeforeLibonnx) {
    test::ModelBuilder b(13);
    b.input("x", TensorProto::FLOAT, {2, 3});
    auto& shape = b.initializer("shape", Tensor::fromVector<int64_t>({2}, {3, 2}));
    shape.mutable_raw_data()->resize(3);
    b.outputUntyped("y");
    b.node("Reshape", {"x", "shape"}, {"y"}, "rs");
    for (bool checker : {true, false}) {
        ImportOptions options;
        options.runChecker = checker;
        try {
            (void)importOnnxBytes(b.bytes(), "", "fuzz.onnx", options);
            ADD_FAILURE() << "import succeeded";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::InvalidModel) << e.what();
            EXPECT_NE(std::string(e.what()).find("initializer 'shape': raw_data has 3 bytes"), std::string::npos)
                << e.what();
        }
    }
}

// libonnx's inference functions assume a checked model (with the checker off they dereferenced the
// type of a required input left empty, and read inferred ranks out of bounds): without the checker,
// shape inference is skipped with a warning and the run computes shapes.
TEST(RobustnessOnnx, NoShapeInferenceOnUncheckedModels) {
    test::ModelBuilder b(13);
    b.input("x", TensorProto::FLOAT, {2, 3});
    b.outputUntyped("y");
    b.node("Relu", {"x"}, {"y"}, "relu");
    ImportOptions options;
    options.runChecker = false;
    ImportResult r = importOnnxBytes(b.bytes(), "", "m.onnx", options);
    bool warned = false;
    for (const auto& w : r.warnings) warned |= w.text().find("shape inference skipped") != std::string::npos;
    EXPECT_TRUE(warned);
    options.runChecker = true;
    r = importOnnxBytes(b.bytes(), "", "m.onnx", options);
    EXPECT_EQ(r.graph->findValue("y")->shape.str(), "[2,3]");  // inferred when checked
}

// The guard must not refuse valid models.
TEST(RobustnessOnnx, ValidConvStillImports) {
    test::ModelBuilder b(11);
    b.input("x", TensorProto::FLOAT, {1, 1, 5, 5});
    b.input("W", TensorProto::FLOAT, {2, 1, 3, 3});
    b.outputUntyped("y");
    auto& n = b.node("Conv", {"x", "W"}, {"y"}, "conv");
    test::setInts(n, "strides", {2, 2});
    test::setInts(n, "pads", {1, 1, 1, 1});
    ImportResult r = importOnnxBytes(b.bytes(), "", "ok.onnx");
    EXPECT_EQ(r.graph->findValue("y")->shape.str(), "[1,2,3,3]");
}

}  // namespace
}  // namespace kiln
