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
