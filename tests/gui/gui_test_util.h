// Helpers for the Kiln Studio tests: hand-made graphs and ONNX files written with the ONNX
// protobuf API, so the tests need no model files.
#pragma once

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/importer.h"

namespace kiln::studio::test {

// x[1,3,8,8] → /stem/conv/Conv(W,B) → /stem/relu/Relu → /stem/pool/MaxPool → /head/Flatten
//   → /head/fc/MatMul(W2) → /head/fc/Add(B2) → /head/odd/FancyOp (unsupported) → y
// and a side branch /stem/relu → /side/Sigmoid → second output "aux".
std::shared_ptr<kiln::Graph> makeSmallGraph();
std::vector<kiln::UnsupportedNode> smallGraphUnsupported();

// A valid ONNX model: input → Conv(W,B) → Relu → output, named with scopes.
void writeTinyOnnx(const QString& path);
// A model with one node of each kind the summary flags: x[1,4] → Relu "relu_0" → y (fine);
// y → com.example::FancyOp "fancy_0" → z (the importer's unsupported node); s: string[2] →
// Cast "cast_str" → sf (imported, but the CPU Cast kernel does not take strings).
void writeNoCpuKernelOnnx(const QString& path);
// Bytes that are not a ModelProto.
void writeBrokenFile(const QString& path);

// For the zh_CN text checks: the first Latin word of two letters or more left in `text` once
// `names` (the model's own names, paths, fields; longest first) and the technical `terms` a Chinese
// UI keeps in Latin letters are taken out; "" when none. With wholeNames a name is taken out only
// as a whole word (a one-letter tensor "x" must not eat the x of "Softmax").
QString latinWordLeft(const QString& text, QStringList names, const QStringList& terms, bool wholeNames);
// Whether `text` has any Chinese character.
bool hasChinese(const QString& text);

// Puts QSettings into a throwaway folder of its own for the test process (per executable and per
// run, so tests running in parallel never share recent files or a language choice). Runs by
// itself when the application object is created (Q_COREAPP_STARTUP_FUNCTION); calling it again
// is a no-op.
void isolateSettings();

// INT8 calibration data for resources/samples/tiny_cnn in `folder`: test_data_set_0 (the sample's
// own input) and test_data_set_1 (the same input at half scale). Returns `folder`, "" on failure.
QString makeTinyCnnCalibration(const QString& folder);

}  // namespace kiln::studio::test
