#include "widgets/model_summary.h"

#include <QCoreApplication>
#include <algorithm>
#include <map>

#include "widgets/graph_model.h"

namespace kiln::studio {

ModelSummary ModelSummary::fromGraph(const kiln::Graph& graph, const std::vector<kiln::UnsupportedNode>& unsupported,
                                     const std::vector<std::string>& warnings, const QString& path) {
    ModelSummary s;
    s.path = path;
    s.graphName = QString::fromStdString(graph.name);
    s.producer = QString::fromStdString(graph.producerName + (graph.producerVersion.empty() ? "" : " " + graph.producerVersion))
                     .trimmed();
    s.irVersion = graph.irVersion;
    for (const auto& [domain, version] : graph.opsetImports) s.opsets.emplace_back(QString::fromStdString(domain), version);
    auto describe = [](const kiln::Value* v) {
        return TensorSummary{QString::fromStdString(v->name), QString::fromLatin1(kiln::dataTypeName(v->dtype)),
                             shapeText(v->shape)};
    };
    for (const kiln::Value* v : graph.runtimeInputs()) s.inputs.push_back(describe(v));
    for (const kiln::Value* v : graph.outputs()) s.outputs.push_back(describe(v));
    std::map<QString, int> histogram;
    for (const kiln::Node* n : graph.nodes()) {
        ++histogram[QString::fromStdString(n->opType)];
        ++s.nodeCount;
    }
    s.opHistogram.assign(histogram.begin(), histogram.end());
    std::stable_sort(s.opHistogram.begin(), s.opHistogram.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    s.parameterCount = graph.parameterCount();
    // Bytes of the initializers, counted by value so shared weights count once.
    for (const kiln::Node* n : graph.nodes())
        for (const kiln::Value* v : n->inputs)
            if (v && v->isConstant() && v->consumers.front() == n) s.parameterBytes += qint64(v->constant->byteSize());
    s.unsupported = unsupported;
    for (const std::string& w : warnings) s.warnings << QString::fromStdString(w);
    return s;
}

QString formatCount(qint64 n) {
    if (n >= 1'000'000'000) return QStringLiteral("%1 G").arg(double(n) / 1e9, 0, 'f', 2);
    if (n >= 1'000'000) return QStringLiteral("%1 M").arg(double(n) / 1e6, 0, 'f', 2);
    if (n >= 10'000) return QStringLiteral("%1 k").arg(double(n) / 1e3, 0, 'f', 1);
    return QString::number(n);
}

QString formatBytes(qint64 n) {
    if (n >= (qint64(1) << 30)) return QStringLiteral("%1 GiB").arg(double(n) / double(1 << 30), 0, 'f', 2);
    if (n >= (qint64(1) << 20)) return QStringLiteral("%1 MiB").arg(double(n) / double(1 << 20), 0, 'f', 1);
    if (n >= 1024) return QStringLiteral("%1 KiB").arg(double(n) / 1024.0, 0, 'f', 1);
    return QCoreApplication::translate("kiln::studio::ModelSummary", "%n byte(s)", nullptr, int(n));
}

}  // namespace kiln::studio
