#include "widgets/engine_summary.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cstring>
#include <map>

#include "engine_core/builder/engine_format.h"
#include "profiler/profile_report.h"

namespace kiln::studio {

namespace {
std::vector<std::pair<QString, int>> sortedHistogram(const std::map<QString, int>& counts) {
    std::vector<std::pair<QString, int>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

QString text(std::string_view sv) {
    return QString::fromUtf8(sv.data(), qsizetype(sv.size()));
}

QString dimsText(const std::vector<int64_t>& dims) {
    QStringList parts;
    for (int64_t d : dims) parts << QString::number(d);
    return parts.join(QChar(0x00D7));
}
}  // namespace

EngineSummary EngineSummary::fromEngine(const kiln::Engine& engine) {
    EngineSummary s;
    const kiln::EngineHeader& h = engine.header();
    s.backend = QString::fromStdString(h.backend);
    s.device = QString::fromStdString(h.device);
    s.arch = QString::fromStdString(h.arch);
    s.formatVersion = h.formatVersion;
    s.kilnVersion = QString::fromStdString(h.kilnVersion);
    for (const auto& [name, version] : h.libraryVersions)
        s.libraries.emplace_back(QString::fromStdString(name), QString::fromStdString(version));
    s.layers = int(engine.layers().size());
    s.weightBytes = engine.weightBytes();
    s.optimizationLevel = engine.config().optimizationLevel;
    for (kiln::Precision p : engine.config().precisions) s.builderPrecisions << text(kiln::precisionName(p));
    for (const kiln::OptimizationProfile& profile : engine.profiles()) {
        QStringList lines;
        for (const auto& [input, range] : profile.inputs)
            lines << QStringLiteral("%1  %2 / %3 / %4")
                         .arg(QString::fromStdString(input), dimsText(range.min), dimsText(range.opt),
                              dimsText(range.max));
        s.profiles.push_back(lines);
    }
    std::map<QString, int> tactics, precisions;
    for (const kiln::EngineLayer& layer : engine.layers()) {
        ++tactics[QString::fromStdString(layer.tactic)];
        ++precisions[text(kiln::precisionName(layer.precision))];
        if (layer.kind == kiln::LayerKind::Plugin) ++s.pluginLayers;
        if (layer.tacticMs >= 0) {
            ++s.timedLayers;
            s.tacticMsTotal += layer.tacticMs;
        }
    }
    s.tactics = sortedHistogram(tactics);
    s.precisions = sortedHistogram(precisions);
    for (const kiln::RequiredPlugin& p : engine.requiredPlugins())
        s.plugins << QString::fromStdString(p.name + "@" + p.version);
    const kiln::CalibrationTable& calibration = engine.calibration();
    if (!calibration.algorithm.empty() || !calibration.empty()) {
        s.calibrator = QString::fromStdString(calibration.algorithm);
        s.calibratedTensors = int(calibration.ranges.size());
        // The library's layer descriptions carry each tensor's range (describeEngineLayers).
        for (const kiln::LayerDescription& d : kiln::describeEngineLayers(engine)) {
            LayerRanges layer{QString::fromStdString(d.name), {}, {}};
            for (const auto& [list, out] : {std::pair{&d.inputs, &layer.inputs}, std::pair{&d.outputs, &layer.outputs}})
                for (const kiln::LayerTensorInfo& t : *list)
                    if (t.dynamicRange) out->push_back({QString::fromStdString(t.name), *t.dynamicRange});
            if (!layer.inputs.empty() || !layer.outputs.empty()) s.dynamicRanges.push_back(std::move(layer));
        }
    }
    return s;
}

QString dynamicRangeText(float amax) { return QStringLiteral("\u00B1%1").arg(double(amax), 0, 'g', 5); }

bool looksLikeEngineFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("engine") || suffix == QLatin1String("plan") ||
        suffix == QLatin1String("kiln"))
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray head = file.read(sizeof kiln::kEngineMagic);
    return head.size() == int(sizeof kiln::kEngineMagic) &&
           std::memcmp(head.constData(), kiln::kEngineMagic, sizeof kiln::kEngineMagic) == 0;
}

}  // namespace kiln::studio
