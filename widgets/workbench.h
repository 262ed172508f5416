// Workbench: the analysis state of one opened model, with no widgets — the fusion model, the
// build settings, the build, the profile and the accuracy comparison — and the glue between them:
// a finished build clears old results and shows the optimized graph at the level it was built
// with; profiles paint heat on the graphs, comparisons flag layers over tolerance; "keep this
// layer in FP32" adds an override and rebuilds (then compares again). The main window's actions
// call these slots; tests call them directly.
#pragma once

#include <QObject>
#include <memory>

#include "widgets/accuracy_model.h"
#include "widgets/build_controller.h"
#include "widgets/build_settings_model.h"
#include "widgets/fusion_model.h"
#include "widgets/profile_model.h"

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
    const FusionModel* fusion() const { return &fusion_; }
    const BuildSettingsModel* settings() const { return &settings_; }
    const AccuracyModel* accuracy() const { return &accuracy_; }
    std::shared_ptr<const kiln::Graph> model() const { return model_; }
    QString modelPath() const { return path_; }

    bool isBusy() const;
    bool canBuild() const { return model_ && settings_.isValid() && !builder_.isRunning(); }
    bool hasEngine() const { return builder_.engine() != nullptr; }
    ProfileRunOptions profileOptions() const { return profileOptions_; }
    void setProfileOptions(const ProfileRunOptions& options) { profileOptions_ = options; }
    bool heatEnabled() const { return heat_; }
    // The override target that keeps `layer` (an engine layer or ONNX node name) in a precision.
    QString overrideTargetFor(const QString& layer) const;

public slots:
    void setModel(std::shared_ptr<const kiln::Graph> graph, const QString& path);
    void build();
    void cancelBuild() { builder_.cancel(); }
    void runProfile();
    void runCompare();
    // Adds an FP32 override for `layer` and rebuilds; the comparison runs again when it is built.
    void keepInFp32(const QString& layer);
    void setHeatEnabled(bool on);
    void refreshOverlays();

signals:
    void stateChanged();  // something that enables or disables actions changed

private:
    GraphModel* mainGraph_;
    FusionModel fusion_;
    BuildSettingsModel settings_;
    BuildController builder_;
    ProfileModel profile_;
    AccuracyModel accuracy_;
    std::shared_ptr<const kiln::Graph> model_;
    QString path_;
    ProfileRunOptions profileOptions_;
    bool heat_ = true;
    bool compareAfterBuild_ = false;
};

}  // namespace kiln::studio
