// BuildPanel: the build dock. Mirrors a BuildSettingsModel (backend, precisions, per-layer
// overrides — a list by name or op type, and a table of every layer with its resulting precision
// (LayerPrecisionView) —, optimization profiles with live validation, sparsity, INT8 calibration
// (data folder, calibrator, percentile, batches, cache; enabled while INT8 is checked), workspace,
// optimization level, timing cache) and a BuildController (progress with phase and layer i of n, a
// live log, Cancel). Its buttons trigger the main window's actions, so menus, shortcuts, tests and
// the panel all do the same thing. The panel scrolls: its spin and combo boxes take the wheel only
// when focused (wheel_guard.h). The log follows its end; opening another model clears the build
// status, the log and the layer table (BuildController::cleared).
#pragma once

#include <QWidget>
#include <map>
#include <vector>

#include "widgets/build_settings_model.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace kiln::studio {

class BuildController;
class LayerPrecisionView;

struct BuildPanelActions {
    QAction* build = nullptr;
    QAction* cancel = nullptr;
    QAction* exportEngine = nullptr;
    QAction* loadSettings = nullptr;
    QAction* saveSettings = nullptr;
};

class BuildPanel : public QWidget {
    Q_OBJECT
public:
    BuildPanel(BuildSettingsModel* settings, BuildController* controller, BuildPanelActions actions,
               QWidget* parent = nullptr);

    QComboBox* backendBox() const { return backend_; }
    QSpinBox* optimizationLevelBox() const { return level_; }
    QCheckBox* precisionBox(kiln::Precision p) const { return precisions_.at(p); }
    QCheckBox* compareFusionsBox() const { return compareFusions_; }
    QTableWidget* overridesTable() const { return overrides_; }
    // The overrides list (tab 0) and the per-layer precision table (tab 1).
    QTabWidget* precisionTabs() const { return precisionTabs_; }
    LayerPrecisionView* layerPrecisionView() const { return layerPrecisions_; }
    QTabWidget* profileTabs() const { return profiles_; }
    // The shape field of a profile tab (null when absent).
    QLineEdit* shapeField(int profile, const QString& input, ShapeBound bound) const;
    QLabel* shapeMessage(int profile, const QString& input) const;
    QLabel* validationLabel() const { return validation_; }
    QLineEdit* calibrationFolderField() const { return calibration_; }
    QToolButton* calibrationBrowseButton() const { return calibrationBrowse_; }
    QComboBox* calibratorBox() const { return calibrator_; }
    QDoubleSpinBox* percentileBox() const { return percentile_; }
    QSpinBox* calibrationBatchesBox() const { return calibrationBatches_; }
    QLineEdit* calibrationCacheField() const { return calibrationCache_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* phaseLabel() const { return phase_; }
    QPlainTextEdit* log() const { return log_; }
    // The whole panel content, unscrolled (screenshots).
    QWidget* content() const { return content_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void syncFromModel();
    void rebuildOverrides();
    void rebuildProfiles();
    void updateValidation();
    void onProgress(int phase, int done, int total, const QString& message);
    void appendLog(const QString& line);

    BuildSettingsModel* settings_;
    BuildController* controller_;
    BuildPanelActions actions_;
    QWidget* content_;

    QLabel* targetHeading_;
    QLabel* precisionHeading_;
    QLabel* overridesHeading_;
    QLabel* profilesHeading_;
    QLabel* runHeading_;
    QLabel* backendLabel_;
    QLabel* sparsityLabel_;
    QLabel* workspaceLabel_;
    QLabel* levelLabel_;
    QLabel* cacheLabel_;
    QLabel* calibrationLabel_;
    QComboBox* backend_;
    std::map<kiln::Precision, QCheckBox*> precisions_;
    QComboBox* sparsity_;
    QSpinBox* workspace_;
    QSpinBox* level_;
    QCheckBox* compareFusions_;
    QLineEdit* cache_;
    QToolButton* cacheBrowse_;
    QLineEdit* calibration_;
    QToolButton* calibrationBrowse_;
    QLabel* calibrationNote_;
    QLabel* calibratorLabel_;
    QComboBox* calibrator_;
    QLabel* percentileLabel_;
    QDoubleSpinBox* percentile_;
    QLabel* calibrationBatchesLabel_;
    QSpinBox* calibrationBatches_;
    QLabel* calibrationCacheLabel_;
    QLineEdit* calibrationCache_;
    QToolButton* calibrationCacheBrowse_;
    QTabWidget* precisionTabs_;
    LayerPrecisionView* layerPrecisions_;
    QTableWidget* overrides_;
    QPushButton* addOverride_;
    QPushButton* removeOverride_;
    QTabWidget* profiles_;
    QPushButton* addProfile_;
    QPushButton* removeProfile_;
    QLabel* staticNote_;
    QLabel* validation_;
    QLabel* phase_;
    QProgressBar* progress_;
    QPlainTextEdit* log_;
    std::vector<QToolButton*> actionButtons_;

    struct ShapeRow {
        QLineEdit* fields[3] = {nullptr, nullptr, nullptr};
        QLabel* message = nullptr;
    };
    std::map<std::pair<int, QString>, ShapeRow> shapeRows_;
    int shownOverrides_ = -1;
    int shownProfiles_ = -1;
    QStringList shownInputs_;
};

}  // namespace kiln::studio
