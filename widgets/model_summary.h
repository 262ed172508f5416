// ModelSummary: what `kiln inspect` reports about a model (opset, producer, inputs and outputs with
// dtypes and symbolic shapes, op histogram, parameter count, unsupported ops, nodes without a CPU
// kernel, importer warnings) as display text: kiln::ModelReport (engine_core/onnx/model_report.h)
// with Qt strings. Plain data, no widgets.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <utility>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/model_report.h"
#include "widgets/engine_summary.h"

namespace kiln::studio {

struct TensorSummary {
    QString name;
    QString dtype;
    QString shape;  // "batch×3×224×224"
};

struct ModelSummary {
    QString path;
    QString graphName;
    QString producer;  // "pytorch 2.1"
    qint64 irVersion = 0;
    std::vector<std::pair<QString, qint64>> opsets;  // domain ("" = ai.onnx) and version
    std::vector<TensorSummary> inputs;
    std::vector<TensorSummary> outputs;
    std::vector<std::pair<QString, int>> opHistogram;  // "Conv", "com.example::Foo"; most frequent first
    int nodeCount = 0;
    qint64 parameterCount = 0;
    qint64 parameterBytes = 0;
    std::vector<kiln::UnsupportedNode> unsupported;   // the importer's
    std::vector<kiln::NoCpuKernelNode> noCpuKernel;   // imported, but the CPU backend can't run them
    std::vector<kiln::Message> warnings;  // the importer's; LibraryText::message translates them
    // Set when the file was a Kiln engine: its header, profiles, tactics and precisions.
    std::optional<EngineSummary> engine;

    static ModelSummary fromReport(const kiln::ModelReport& report, const QString& path = QString());
    // makeModelReport(graph, unsupported, warnings), then fromReport.
    static ModelSummary fromGraph(const kiln::Graph& graph, const std::vector<kiln::UnsupportedNode>& unsupported = {},
                                  const std::vector<kiln::Message>& warnings = {}, const QString& path = QString());
};

QString formatCount(qint64 n);   // 1234567 -> "1.23 M"
QString formatBytes(qint64 n);   // 4194304 -> "4.0 MiB"

}  // namespace kiln::studio
