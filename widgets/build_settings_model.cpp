#include "widgets/build_settings_model.h"
#include "widgets/library_text.h"
#include "engine_core/runtime/backend.h"

#include <QFile>
#include <QRegularExpression>
#include <algorithm>
#include <set>

#include "engine_core/common/error.h"
#include "engine_core/runtime/backend.h"

namespace kiln::studio {

namespace {

const char* boundKey(ShapeBound b) {
    switch (b) {
    case ShapeBound::Min: return "min";
    case ShapeBound::Opt: return "opt";
    case ShapeBound::Max: return "max";
    }
    return "min";
}

std::vector<int64_t>& boundOf(kiln::ShapeRange& r, ShapeBound b) {
    switch (b) {
    case ShapeBound::Min: return r.min;
    case ShapeBound::Opt: return r.opt;
    case ShapeBound::Max: return r.max;
    }
    return r.min;
}

QString dimsText(const std::vector<int64_t>& dims) {
    QStringList parts;
    for (int64_t d : dims) parts << QString::number(d);
    return parts.join(QLatin1Char('x'));
}

// "1x3x224x224" (also "1,3,224,224" or "1×3×224×224"); an empty text is a rank-0 (scalar) shape.
std::optional<std::vector<int64_t>> parseDims(const QString& text) {
    const QString t = text.trimmed();
    std::vector<int64_t> dims;
    if (t.isEmpty()) return dims;
    for (const QString& part : t.split(QRegularExpression(QStringLiteral("\\s*[xX,\u00D7]\\s*")))) {
        bool ok = false;
        const qlonglong v = part.toLongLong(&ok);
        if (!ok) return std::nullopt;
        dims.push_back(v);
    }
    return dims;
}

}  // namespace

BuildSettingsModel::BuildSettingsModel(QObject* parent) : QObject(parent) { revalidate(); }

bool BuildSettingsModel::cudaAvailable(QString* why) {
    std::string reason;
    const bool ok = kiln::BackendRegistry::global().available("cuda", &reason);
    if (why) *why = QString::fromStdString(reason);
    return ok;
}

QString BuildSettingsModel::fieldKey(int profile, const QString& input, ShapeBound bound) {
    return QStringLiteral("profiles[%1].%2.%3").arg(profile).arg(input, QLatin1String(boundKey(bound)));
}

bool BuildSettingsModel::profilesFit(const kiln::Graph* graph) const {
    if (!graph) return true;
    const std::vector<kiln::Value*> inputs = graph->runtimeInputs();
    auto fits = [](const kiln::Shape& declared, const kiln::ShapeRange& range) {
        if (!declared.rankKnown) return true;
        for (const std::vector<int64_t>* dims : {&range.min, &range.opt, &range.max}) {
            if (dims->size() != declared.rank()) return false;
            for (size_t d = 0; d < declared.rank(); ++d)
                if (declared.dims[d].isStatic() && (*dims)[d] != declared.dims[d].value) return false;
        }
        return true;
    };
    for (const kiln::OptimizationProfile& p : config_.profiles) {
        // Every entry names an input of this model, with its rank and fixed dims ...
        for (const auto& [name, range] : p.inputs) {
            auto it = std::find_if(inputs.begin(), inputs.end(),
                                   [&n = name](const kiln::Value* v) { return v->name == n; });
            if (it == inputs.end() || !fits((*it)->shape, range)) return false;
        }
        // ... and every dynamic input has an entry.
        for (const QString& input : dynamicInputs_)
            if (!p.inputs.count(input.toStdString())) return false;
    }
    return true;
}

kiln::ShapeRange BuildSettingsModel::defaultRange(const QString& input) const {
    kiln::ShapeRange r;
    if (!graph_) return r;
    for (const kiln::Value* v : graph_->runtimeInputs()) {
        if (QString::fromStdString(v->name) != input || !v->shape.rankKnown) continue;
        for (const kiln::Dim& d : v->shape.dims) r.min.push_back(d.isStatic() ? d.value : 1);
    }
    r.opt = r.max = r.min;
    return r;
}

void BuildSettingsModel::setGraph(std::shared_ptr<const kiln::Graph> graph) {
    graph_ = std::move(graph);
    dynamicInputs_.clear();
    if (graph_)
        for (const kiln::Value* v : graph_->runtimeInputs())
            if (!v->shape.rankKnown || !v->shape.isStatic()) dynamicInputs_ << QString::fromStdString(v->name);
    // Profiles from another model (or a settings file for one) are kept only when they fit this
    // one; otherwise start from this model's defaults rather than show the old shapes.
    if (!profilesFit(graph_.get())) config_.profiles.clear();
    if (config_.profiles.empty() && !dynamicInputs_.isEmpty()) {
        kiln::OptimizationProfile p;
        for (const QString& in : dynamicInputs_) p.inputs[in.toStdString()] = defaultRange(in);
        config_.profiles.push_back(std::move(p));
    }
    refreshTexts();
    emit graphChanged();
    touched();
}

void BuildSettingsModel::setConfig(const kiln::BuilderConfig& config) {
    config_ = config;
    refreshTexts();
    touched();
}

void BuildSettingsModel::refreshTexts() {
    texts_.clear();
    parseErrors_.clear();
    for (size_t p = 0; p < config_.profiles.size(); ++p)
        for (auto& [name, range] : config_.profiles[p].inputs)
            for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max})
                texts_[fieldKey(int(p), QString::fromStdString(name), b)] = dimsText(boundOf(range, b));
}

void BuildSettingsModel::touched() {
    revalidate();
    emit changed();
}

void BuildSettingsModel::revalidate() {
    QString message, field;
    if (!parseErrors_.empty()) {
        field = parseErrors_.begin()->first;
        message = field + QStringLiteral(": ") + parseErrors_.begin()->second;
    } else {
        try {
            if (graph_) config_.validate(*graph_);
            else config_.validateStandalone();
        } catch (const kiln::Error& e) {
            const QString raw = QString::fromStdString(e.what());
            // BuilderConfig's messages start with the field they are about: "profiles[0].x.min: ...".
            const int colon = raw.indexOf(QStringLiteral(": "));
            field = colon > 0 ? raw.left(colon) : QString();
            if (field.contains(QLatin1Char(' '))) field.clear();
            message = LibraryText::error(e);
        }
    }
    if (message == message_ && field == field_) return;
    message_ = message;
    field_ = field;
    emit validationChanged();
}

QString BuildSettingsModel::fieldMessage(const QString& field) const {
    if (field_.isEmpty() || message_.isEmpty()) return {};
    if (field == field_ || field.startsWith(field_ + QLatin1Char('.')) || field_.startsWith(field + QLatin1Char('.')) ||
        field_.startsWith(field + QLatin1Char('[')))
        return message_;
    return {};
}

void BuildSettingsModel::setBackend(const std::string& backend) {
    if (config_.backend == backend) return;
    config_.backend = backend;
    touched();
}

bool BuildSettingsModel::precisionEnabled(kiln::Precision p) const {
    return p == kiln::Precision::FP32 || config_.allows(p);
}

void BuildSettingsModel::setPrecisionEnabled(kiln::Precision p, bool on) {
    if (p == kiln::Precision::FP32) return;  // always allowed
    auto& list = config_.precisions;
    const bool has = std::find(list.begin(), list.end(), p) != list.end();
    if (has == on) return;
    if (on) list.push_back(p);
    else list.erase(std::remove(list.begin(), list.end(), p), list.end());
    touched();
}

void BuildSettingsModel::setSparsity(kiln::SparsityMode mode) {
    if (config_.sparsity == mode) return;
    config_.sparsity = mode;
    touched();
}

void BuildSettingsModel::setWorkspaceMiB(qint64 mib) {
    const uint64_t bytes = uint64_t(std::max<qint64>(mib, 0)) << 20;
    if (config_.workspaceBytes == bytes) return;
    config_.workspaceBytes = bytes;
    touched();
}

void BuildSettingsModel::setOptimizationLevel(int level) {
    if (config_.optimizationLevel == level) return;
    config_.optimizationLevel = level;
    touched();
}

void BuildSettingsModel::setCompareFusions(bool on) {
    if (config_.compareFusions == on) return;
    config_.compareFusions = on;
    touched();
}

void BuildSettingsModel::setTimingCachePath(const QString& path) {
    if (timingCachePath() == path) return;
    config_.timingCachePath = path.toStdString();
    touched();
}

void BuildSettingsModel::setCalibrationFolder(const QString& folder) {
    if (calibrationFolder() == folder) return;
    config_.calibration.dataFolder = folder.toStdString();
    touched();
}

void BuildSettingsModel::setCalibrator(kiln::CalibrationAlgorithm algorithm) {
    if (config_.calibration.algorithm == algorithm) return;
    config_.calibration.algorithm = algorithm;
    touched();
}

void BuildSettingsModel::setPercentile(double percentile) {
    if (config_.calibration.percentile == percentile) return;
    config_.calibration.percentile = percentile;
    touched();
}

void BuildSettingsModel::setCalibrationBatches(int batches) {
    if (config_.calibration.maxBatches == batches) return;
    config_.calibration.maxBatches = batches;
    touched();
}

void BuildSettingsModel::setCalibrationCachePath(const QString& path) {
    if (calibrationCachePath() == path) return;
    config_.calibration.cachePath = path.toStdString();
    touched();
}

int BuildSettingsModel::addOverride(const QString& target, kiln::Precision precision) {
    auto& list = config_.layerPrecisions;
    for (size_t i = 0; i < list.size(); ++i)
        if (QString::fromStdString(list[i].target) == target) {
            list[i].precision = precision;
            touched();
            return int(i);
        }
    list.push_back({target.toStdString(), precision});
    touched();
    return int(list.size()) - 1;
}

void BuildSettingsModel::setOverrideTarget(int i, const QString& target) {
    if (i < 0 || i >= overrideCount()) return;
    config_.layerPrecisions[size_t(i)].target = target.trimmed().toStdString();
    touched();
}

void BuildSettingsModel::setOverridePrecision(int i, kiln::Precision precision) {
    if (i < 0 || i >= overrideCount()) return;
    config_.layerPrecisions[size_t(i)].precision = precision;
    touched();
}

void BuildSettingsModel::removeOverride(int i) {
    if (i < 0 || i >= overrideCount()) return;
    config_.layerPrecisions.erase(config_.layerPrecisions.begin() + i);
    touched();
}

int BuildSettingsModel::findOverride(const QString& target) const {
    const std::string t = target.toStdString();
    for (size_t i = 0; i < config_.layerPrecisions.size(); ++i)
        if (config_.layerPrecisions[i].target == t) return int(i);
    return -1;
}

int BuildSettingsModel::setLayerOverride(const QString& layer, std::optional<kiln::Precision> precision) {
    auto& list = config_.layerPrecisions;
    int i = findOverride(layer);
    if (!precision) {
        if (i >= 0) removeOverride(i);
        return -1;
    }
    if (i < 0) {
        list.push_back({layer.toStdString(), *precision});
        touched();
        return int(list.size()) - 1;
    }
    list[size_t(i)].precision = *precision;
    // The last matching override wins: if a later one matches this layer, ours must come last.
    const kiln::Node* node = nullptr;
    if (graph_)
        for (const kiln::Node* n : graph_->nodes())
            if (n->name == list[size_t(i)].target) {
                node = n;
                break;
            }
    kiln::LayerPrecisionQuery query{list[size_t(i)].target, {}, nullptr, nullptr};
    if (node) query = {node->name, node->opType, &node->origin, nullptr};
    const kiln::LayerPrecisionChoice choice = kiln::resolveLayerPrecision(query, config_);
    if (choice.overrideIndex != std::optional<size_t>(size_t(i))) {
        kiln::LayerPrecisionOverride moved = list[size_t(i)];
        list.erase(list.begin() + i);
        list.push_back(std::move(moved));
        i = int(list.size()) - 1;
    }
    touched();
    return i;
}

QStringList BuildSettingsModel::overrideTargets() const {
    QStringList types, names;
    if (!graph_) return {};
    std::set<QString> seen;
    for (const kiln::Node* n : graph_->nodes()) {
        const QString op = QString::fromStdString(n->opType);
        if (seen.insert(op).second) types << op;
        if (!n->name.empty()) names << QString::fromStdString(n->name);
    }
    types.sort();
    return types + names;
}

int BuildSettingsModel::addProfile() {
    kiln::OptimizationProfile p;
    if (!config_.profiles.empty()) p = config_.profiles.back();
    else
        for (const QString& in : dynamicInputs_) p.inputs[in.toStdString()] = defaultRange(in);
    config_.profiles.push_back(std::move(p));
    // Texts of earlier profiles keep what the user typed; only the new one is filled in.
    const int index = profileCount() - 1;
    for (auto& [name, range] : config_.profiles.back().inputs)
        for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max})
            texts_[fieldKey(index, QString::fromStdString(name), b)] = dimsText(boundOf(range, b));
    touched();
    return index;
}

void BuildSettingsModel::removeProfile(int index) {
    if (index < 0 || index >= profileCount()) return;
    // Keys carry the profile index: shift the texts of later profiles down by one.
    std::map<QString, QString> texts, errors;
    auto remap = [&](const std::map<QString, QString>& from, std::map<QString, QString>& to) {
        for (int p = 0; p < profileCount(); ++p) {
            if (p == index) continue;
            const int q = p < index ? p : p - 1;
            for (const QString& in : dynamicInputs_)
                for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max})
                    if (auto it = from.find(fieldKey(p, in, b)); it != from.end()) to[fieldKey(q, in, b)] = it->second;
        }
    };
    remap(texts_, texts);
    remap(parseErrors_, errors);
    texts_ = std::move(texts);
    parseErrors_ = std::move(errors);
    config_.profiles.erase(config_.profiles.begin() + index);
    touched();
}

QString BuildSettingsModel::shapeText(int profile, const QString& input, ShapeBound bound) const {
    auto it = texts_.find(fieldKey(profile, input, bound));
    return it == texts_.end() ? QString() : it->second;
}

void BuildSettingsModel::setShapeText(int profile, const QString& input, ShapeBound bound, const QString& text) {
    if (profile < 0 || profile >= profileCount()) return;
    const QString key = fieldKey(profile, input, bound);
    texts_[key] = text;
    if (std::optional<std::vector<int64_t>> dims = parseDims(text)) {
        parseErrors_.erase(key);
        boundOf(config_.profiles[size_t(profile)].inputs[input.toStdString()], bound) = *dims;
    } else {
        parseErrors_[key] = tr("'%1' is not a shape; write the dims like 1x3x224x224").arg(text);
    }
    touched();
}

QString BuildSettingsModel::toJson() const { return QString::fromStdString(kiln::builderConfigToJson(config_)); }

bool BuildSettingsModel::loadJson(const QString& json, QString* error, const QString& source) {
    try {
        setConfig(kiln::builderConfigFromJson(json.toStdString(), source.toStdString()));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

bool BuildSettingsModel::saveFile(const QString& path, QString* error) const {
    try {
        kiln::saveBuilderConfig(config_, path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

bool BuildSettingsModel::loadFile(const QString& path, QString* error) {
    try {
        setConfig(kiln::loadBuilderConfig(path.toStdString()));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

}  // namespace kiln::studio
