// EngineSummary: what an engine file's header and layers say (backend, device, format and Kiln
// versions, libraries, profiles, tactics and precisions in use), computed from a loaded kiln::Engine
// for the summary panel when a Kiln engine is opened instead of an ONNX model. Plain data.
#pragma once

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

#include "engine_core/builder/engine.h"

namespace kiln::studio {

struct EngineSummary {
    QString backend;  // "cpu"
    QString device;
    QString arch;
    qint64 formatVersion = 0;
    QString kilnVersion;
    std::vector<std::pair<QString, QString>> libraries;  // name, version
    int layers = 0;
    int pluginLayers = 0;
    qint64 weightBytes = 0;
    int optimizationLevel = 0;
    QStringList builderPrecisions;  // the precisions the builder was allowed
    // One entry per profile: per input "name  min / opt / max".
    std::vector<QStringList> profiles;
    std::vector<std::pair<QString, int>> tactics;     // tactic → layers, most used first
    std::vector<std::pair<QString, int>> precisions;  // layer precision → layers
    QStringList plugins;                              // "domain::op@version"
    int timedLayers = 0;
    double tacticMsTotal = 0;  // sum of the timed tactics' medians (profile 0's opt shapes)
    // INT8 calibration (Engine::calibration()): the calibrator's tag ("entropy", "percentile-99.99";
    // empty when the engine was not calibrated), how many engine tensors have a dynamic range, and
    // per layer (in layer order, layers with at least one range) its inputs' and outputs' ranges.
    struct TensorRange {
        QString tensor;
        float amax = 0;
    };
    struct LayerRanges {
        QString layer;
        std::vector<TensorRange> inputs, outputs;
    };
    QString calibrator;
    int calibratedTensors = 0;
    std::vector<LayerRanges> dynamicRanges;

    static EngineSummary fromEngine(const kiln::Engine& engine);
};

// A dynamic range as the GUI writes it: "±2.5" (amax, the symmetric INT8 range [-amax, amax]).
QString dynamicRangeText(float amax);

// The engine file magic at the start of `path`, or an engine extension (.engine, .plan, .kiln).
bool looksLikeEngineFile(const QString& path);

}  // namespace kiln::studio
