#include "widgets/model_summary.h"

#include <QCoreApplication>

#include "widgets/graph_model.h"

namespace kiln::studio {

ModelSummary ModelSummary::fromReport(const kiln::ModelReport& report, const QString& path) {
    ModelSummary s;
    s.path = path;
    s.graphName = QString::fromStdString(report.graphName);
    s.producer =
        QString::fromStdString(report.producerName + (report.producerVersion.empty() ? "" : " " + report.producerVersion))
            .trimmed();
    s.irVersion = report.irVersion;
    for (const auto& [domain, version] : report.opsets) s.opsets.emplace_back(QString::fromStdString(domain), version);
    auto describe = [](const kiln::TensorReport& t) {
        return TensorSummary{QString::fromStdString(t.name), QString::fromLatin1(kiln::dataTypeName(t.dtype)),
                             shapeText(t.shape)};
    };
    for (const kiln::TensorReport& t : report.inputs) s.inputs.push_back(describe(t));
    for (const kiln::TensorReport& t : report.outputs) s.outputs.push_back(describe(t));
    for (const auto& [op, count] : report.opHistogram) s.opHistogram.emplace_back(QString::fromStdString(op), int(count));
    s.nodeCount = int(report.nodeCount);
    s.parameterCount = report.parameterCount;
    s.parameterBytes = qint64(report.parameterBytes);
    s.unsupported = report.unsupported;
    s.noCpuKernel = report.noCpuKernel;
    s.warnings = report.warnings;
    return s;
}

ModelSummary ModelSummary::fromGraph(const kiln::Graph& graph, const std::vector<kiln::UnsupportedNode>& unsupported,
                                     const std::vector<kiln::Message>& warnings, const QString& path) {
    return fromReport(kiln::makeModelReport(graph, unsupported, warnings), path);
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
