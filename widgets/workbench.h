// Workbench: the analysis state of one opened model, with no widgets — the fusion model, the
// build settings, the build, the profile and the accuracy comparison — and the glue between them:
// a finished build clears old results and shows the optimized graph at the level it was built
// with; profiles paint heat on the graphs, comparisons flag layers over tolerance; "keep this
// layer in FP32" adds an override and rebuilds (then compares again); "Find layers to keep in FP32"
// searches for the set of pins (PrecisionDebugModel) and applies it the same way. The main window's
// actions call these slots; tests call them directly.
#pragma once

#include <QObject>
#include <memory>

#include "widgets/accuracy_model.h"
#include "widgets/build_comparison_model.h"
#include "widgets/build_controller.h"
#include "widgets/build_settings_model.h"
#include "widgets/fusion_model.h"
#include "widgets/precision_debug_model.h"
#include "widgets/profile_model.h"
#include "widgets/run_inputs.h"

namespace kiln::studio {

class Workbench : public QObject {
    Q_OBJECT
public:
    // `mainGraph`: the main window's graph of the original model (gets the original-side overlays).
    explicit Workbench(GraphModel* mainGraph, QObject* parent = nullptr);

    FusionModel* fusion() { return &fusion_; }
    BuildSettingsModel* settings() { return &settings_; }
    BuildController* builder() { return &builder_; }
    ProfileModel* profile() { return &profile_; }
    AccuracyModel* accuracy() { return &accuracy_; }
    BuildComparisonModel* buildComparison() { return &comparison_; }
    PrecisionDebugModel* precisionDebug() { return &precisionDebug_; }
    const FusionModel* fusion() const { return &fusion_; }
    const BuildSettingsModel* settings() const { return &settings_; }
    const AccuracyModel* accuracy() const { return &accuracy_; }
    const ProfileModel* profile() const { return &profile_; }
    const BuildComparisonModel* buildComparison() const { return &comparison_; }
    const PrecisionDebugModel* precisionDebug() const { return &precisionDebug_; }
    std::shared_ptr<const kiln::Graph> model() const { return model_; }
    QString modelPath() const { return path_; }

    bool isBusy() const;
    // An opened engine file has no ONNX model behind it: it can be profiled and exported again,
    // but not rebuilt or compared with the reference.
    bool canBuild() const { return model_ && !openedEngine_ && settings_.isValid() && !builder_.isRunning(); }
    bool canCompare() const { return hasEngine() && !openedEngine_ && !builder_.isRunning(); }
    bool hasEngine() const { return engine() != nullptr; }
    bool canCompareBuilds() const { return model_ && !openedEngine_ && !comparison_.isRunning(); }
    bool isEngineFile() const { return openedEngine_ != nullptr; }
    // Engines already on disk: two engine files (whatever is open), or the open ONNX model's
    // level-0 build against one engine file.
    bool canCompareEngineFiles() const { return !comparison_.isRunning(); }
    bool canCompareWithEngineFile() const { return model_ && !openedEngine_ && !comparison_.isRunning(); }
    // The engine the analysis views use: the last build, or the opened engine file.
    std::shared_ptr<const kiln::Engine> engine() const { return openedEngine_ ? openedEngine_ : builder_.engine(); }
    bool exportEngine(const QString& path, QString* error) const;
    ProfileRunOptions profileOptions() const { return profileOptions_; }
    void setProfileOptions(const ProfileRunOptions& options) { profileOptions_ = options; }
    // The inputs the profiler and the accuracy comparison run on (both panels' choosers show it).
    // Opening another model or engine resets it: nothing of model A's inputs while B is open.
    const RunInputChoice& inputChoice() const { return inputChoice_; }
    void setInputChoice(const RunInputChoice& choice);
    bool heatEnabled() const { return heat_; }
    // The override target that keeps `layer` (an engine layer or ONNX node name) in a precision.
    QString overrideTargetFor(const QString& layer) const;
    // The precision "Find layers to keep in FP32" searches for: the accuracy view's emulation (FP16
    // or BF16), else FP16 or BF16 allowed in the build settings; nullopt when none is chosen.
    std::optional<kiln::Precision> precisionDebugTarget() const;
    // Why the search can't start now (translated); "" when it can.
    QString precisionDebugProblem() const;

public slots:
    // Another model: its results, build and input choice start empty; the build settings are
    // re-checked against it, and another file's calibration folder and cache are dropped.
    void setModel(std::shared_ptr<const kiln::Graph> graph, const QString& path);
    // An engine file: the graph views show its layers, the profiler runs it.
    void setEngine(std::shared_ptr<const kiln::Engine> engine, const QString& path);
    void build();
    void cancelBuild() { builder_.cancel(); }
    void runProfile();
    void runCompare();
    // Builds A and B, profiles and compares both (the "Compare builds" view).
    void compareBuilds(const kiln::studio::BuildSpec& a, const kiln::studio::BuildSpec& b);
    // The "Compare builds" view for engine files, on the chosen inputs (BuildComparisonModel::runEngines).
    void compareEngineFiles(const QString& fileA, const QString& fileB);
    void compareWithEngineFile(const QString& file);
    // Adds an FP32 override for `layer` and rebuilds; the comparison runs again when it is built.
    void keepInFp32(const QString& layer);
    // Searches for the layers to keep in FP32 (kiln debug-precision) for the open model with the
    // build settings, on the chosen inputs, for precisionDebugTarget(), its outputs held to the
    // accuracy view's typed max norm (else the target's default limit).
    void debugPrecision();
    // The search result's FP32 overrides into the build settings, each replacing an override of the
    // same node, the others kept (a built search also allows its target). Shown comparison: rebuilt
    // and compared again, as keepInFp32 does. Returns the number of overrides applied.
    int applyPrecisionPins();
    void setHeatEnabled(bool on);
    void refreshOverlays();

signals:
    void stateChanged();  // something that enables or disables actions changed
    void inputChoiceChanged();
    void modelChanged();  // another model or engine was opened (the choosers list its data sets)

private:
    GraphModel* mainGraph_;
    FusionModel fusion_;
    BuildSettingsModel settings_;
    BuildController builder_;
    ProfileModel profile_;
    AccuracyModel accuracy_;
    BuildComparisonModel comparison_;
    PrecisionDebugModel precisionDebug_;
    std::shared_ptr<const kiln::Graph> model_;
    std::shared_ptr<const kiln::Engine> openedEngine_;
    QString path_;
    ProfileRunOptions profileOptions_;
    RunInputChoice inputChoice_;
    bool heat_ = true;
    bool compareAfterBuild_ = false;
};

}  // namespace kiln::studio
