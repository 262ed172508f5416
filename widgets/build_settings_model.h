// BuildSettingsModel: the build panel's state, with no widgets (tested headless). It wraps a
// kiln::BuilderConfig — the same object `kiln build --config FILE` reads — and validates it as the
// user types with BuilderConfig::validate, reporting the message and the field it names
// ("profiles[0].x.min"). Shape fields keep the user's text, so a half-typed shape is shown as typed
// and reported as such instead of being silently dropped.
//
// The INT8 calibration settings (data folder, calibrator, percentile, batches, cache) live in the
// config like every other field; they matter only while INT8 is allowed (calibrationEnabled()),
// and then validation checks the data folder against the model (docs/calibration.md).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>

#include "engine_core/builder/builder_config.h"

namespace kiln::studio {

enum class ShapeBound { Min, Opt, Max };

class BuildSettingsModel : public QObject {
    Q_OBJECT
public:
    explicit BuildSettingsModel(QObject* parent = nullptr);

    // The model the settings are for: its dynamic inputs get profile fields, overrides are checked
    // against its layers. A model with dynamic inputs and no profile gets one (dynamic dims = 1).
    void setGraph(std::shared_ptr<const kiln::Graph> graph);
    const kiln::Graph* graph() const { return graph_.get(); }

    const kiln::BuilderConfig& config() const { return config_; }
    // Replaces every setting that lives in the config (shape texts follow it).
    void setConfig(const kiln::BuilderConfig& config);

    const std::string& backend() const { return config_.backend; }
    void setBackend(const std::string& backend);  // a BackendRegistry name: "cpu", "cuda"
    static bool cudaAvailable(QString* why = nullptr);
    bool precisionEnabled(kiln::Precision p) const;
    void setPrecisionEnabled(kiln::Precision p, bool on);
    kiln::SparsityMode sparsity() const { return config_.sparsity; }
    void setSparsity(kiln::SparsityMode mode);
    qint64 workspaceMiB() const { return qint64(config_.workspaceBytes >> 20); }
    void setWorkspaceMiB(qint64 mib);
    int optimizationLevel() const { return config_.optimizationLevel; }
    void setOptimizationLevel(int level);
    // Whether the builder times each fused layer against its unfused nodes and keeps the faster
    // (BuilderConfig::compareFusions; off: every fusion is kept untimed, a faster build).
    bool compareFusions() const { return config_.compareFusions; }
    void setCompareFusions(bool on);
    QString timingCachePath() const { return QString::fromStdString(config_.timingCachePath); }
    void setTimingCachePath(const QString& path);
    // INT8 calibration (used when INT8 is allowed).
    bool calibrationEnabled() const { return config_.needsCalibration(); }
    QString calibrationFolder() const { return QString::fromStdString(config_.calibration.dataFolder); }
    void setCalibrationFolder(const QString& folder);
    kiln::CalibrationAlgorithm calibrator() const { return config_.calibration.algorithm; }
    void setCalibrator(kiln::CalibrationAlgorithm algorithm);
    double percentile() const { return config_.calibration.percentile; }
    void setPercentile(double percentile);
    int calibrationBatches() const { return config_.calibration.maxBatches; }  // 0 = all
    void setCalibrationBatches(int batches);
    QString calibrationCachePath() const { return QString::fromStdString(config_.calibration.cachePath); }
    void setCalibrationCachePath(const QString& path);

    // Per-layer precision overrides (target: a layer name, an ONNX node name or an op type).
    int overrideCount() const { return int(config_.layerPrecisions.size()); }
    const kiln::LayerPrecisionOverride& overrideAt(int i) const { return config_.layerPrecisions.at(size_t(i)); }
    // Replaces the precision of an existing entry for `target`, else appends. Returns its index.
    int addOverride(const QString& target, kiln::Precision precision);
    void setOverrideTarget(int i, const QString& target);
    void setOverridePrecision(int i, kiln::Precision precision);
    void removeOverride(int i);
    // The by-layer override of one layer (target = its name): set, change or (nullopt) remove it.
    // A set override is moved to the end of the list when a later entry (an op-type override) would
    // otherwise win for that layer, so the layer gets the precision asked for. Returns its index, -1
    // when removed.
    int setLayerOverride(const QString& layer, std::optional<kiln::Precision> precision);
    // The index of the override whose target is exactly `target`, -1 if none.
    int findOverride(const QString& target) const;
    // Completion for the target field: the model's op types, then its node names.
    QStringList overrideTargets() const;

    // Optimization profiles for the dynamic inputs.
    QStringList dynamicInputs() const { return dynamicInputs_; }
    int profileCount() const { return int(config_.profiles.size()); }
    int addProfile();  // a copy of the last profile (or the defaults); returns its index
    void removeProfile(int index);
    QString shapeText(int profile, const QString& input, ShapeBound bound) const;
    void setShapeText(int profile, const QString& input, ShapeBound bound, const QString& text);
    static QString fieldKey(int profile, const QString& input, ShapeBound bound);  // "profiles[0].x.min"

    // Validation of the whole config: the first problem, and the field it names.
    bool isValid() const { return message_.isEmpty(); }
    QString validationMessage() const { return message_; }
    QString validationField() const { return field_; }
    // The message when the current problem belongs to `field` (or a field containing it).
    QString fieldMessage(const QString& field) const;

    // The settings file (`kiln build --config` JSON).
    QString toJson() const;
    bool loadJson(const QString& json, QString* error, const QString& source = QStringLiteral("<json>"));
    bool saveFile(const QString& path, QString* error) const;
    bool loadFile(const QString& path, QString* error);

signals:
    void changed();  // any setting (the panel mirrors it)
    void graphChanged();  // setGraph (before the changed() it also emits)
    void validationChanged();

private:
    void refreshTexts();
    void revalidate();
    void touched();
    kiln::ShapeRange defaultRange(const QString& input) const;
    // Whether every profile names only inputs of `graph`, with their ranks and fixed dims, and
    // covers each of its dynamic inputs (dynamicInputs_ already set for it).
    bool profilesFit(const kiln::Graph* graph) const;

    std::shared_ptr<const kiln::Graph> graph_;
    kiln::BuilderConfig config_;
    QStringList dynamicInputs_;
    std::map<QString, QString> texts_;        // field key -> text as typed
    std::map<QString, QString> parseErrors_;  // field key -> why the text is not a shape
    QString message_;
    QString field_;
};

}  // namespace kiln::studio
