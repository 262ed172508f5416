#include "widgets/run_inputs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <optional>
#include <stdexcept>

#include "engine_core/onnx/run_inputs.h"

namespace kiln::studio {

namespace {

QString shownDims(const std::vector<int64_t>& dims) {
    return dims.empty() ? QCoreApplication::translate("kiln::studio::RunInputs", "scalar")
                        : dimsText(dims, QChar(0x00D7));
}
}  // namespace

QString dimsText(const std::vector<int64_t>& dims, QChar separator) {
    QStringList parts;
    for (int64_t d : dims) parts << QString::number(d);
    return parts.join(separator);
}

bool parseDims(const QString& text, std::vector<int64_t>* dims) {
    QString t = text.trimmed();
    t.replace(QChar(0x00D7), QLatin1Char('x'))
        .replace(QLatin1Char('X'), QLatin1Char('x'))
        .replace(QLatin1Char(','), QLatin1Char('x'));
    if (t.isEmpty()) return false;
    std::vector<int64_t> out;
    for (const QString& part : t.split(QLatin1Char('x'))) {
        bool ok = false;
        const qlonglong d = part.trimmed().toLongLong(&ok);
        if (!ok || d < 0) return false;
        out.push_back(d);
    }
    *dims = std::move(out);
    return true;
}

QString RunInputs::description() const {
    return QCoreApplication::translate("kiln::studio::RunInputs", "Input: %1, shape %2").arg(source, shapes);
}

QStringList testDataSetsNextTo(const QString& modelPath) {
    const QFileInfo model(modelPath);
    if (modelPath.isEmpty() || !model.isFile()) return {};
    QStringList out;
    const QDir dir = model.absoluteDir();
    for (const QFileInfo& entry :
         dir.entryInfoList({QStringLiteral("test_data_set*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out << entry.absoluteFilePath();
    return out;
}

std::map<std::string, std::vector<int64_t>> parseShapeText(const QString& text) {
    std::vector<std::string> specs;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty()) specs.push_back(item.trimmed().toStdString());
    if (specs.empty()) return {};
    return kiln::parseShapeSpecs(specs);
}

QString shapeText(const std::map<std::string, std::vector<int64_t>>& shapes) {
    QStringList items;
    for (const auto& [name, dims] : shapes) {
        QStringList parts;
        for (int64_t d : dims) parts << QString::number(d);
        items << QString::fromStdString(name) + QLatin1Char(':') + parts.join(QLatin1Char('x'));
    }
    return items.join(QStringLiteral(", "));
}

QString storedOutputsDataSet(const RunInputChoice& choice) {
    if (choice.source != InputSource::TestDataSet || choice.dataSet.isEmpty()) return {};
    return QFileInfo(choice.dataSet).fileName();
}

namespace {
// The data set's folder, or the problem (translated) in `problem`.
std::optional<kiln::TestDataSet> storedOutputsSet(const RunInputChoice& choice, QString* problem) {
    if (choice.source != InputSource::TestDataSet) {
        *problem = QCoreApplication::translate("kiln::studio::RunInputs",
                                               "Stored outputs come with a test data set: choose “Test data set” as "
                                               "the input, or compare with the reference run.");
        return std::nullopt;
    }
    if (choice.dataSet.isEmpty()) {
        *problem = QCoreApplication::translate("kiln::studio::RunInputs", "No test data set is chosen.");
        return std::nullopt;
    }
    std::vector<kiln::TestDataSet> sets;
    try {
        sets = kiln::findTestDataSets(choice.dataSet.toStdString());
    } catch (const std::exception&) {
    }
    if (sets.empty()) {
        *problem =
            QCoreApplication::translate("kiln::studio::RunInputs", "%1 holds no test data set.").arg(choice.dataSet);
        return std::nullopt;
    }
    if (sets.front().outputFiles.empty()) {
        *problem = QCoreApplication::translate("kiln::studio::RunInputs",
                                               "%1 has no stored outputs (no output_0.pb, output_1.pb, … next to its "
                                               "inputs): compare with the reference run.")
                       .arg(QFileInfo(QString::fromStdString(sets.front().dir)).fileName());
        return std::nullopt;
    }
    return sets.front();
}
}  // namespace

QString storedOutputsProblem(const RunInputChoice& choice) {
    QString problem;
    storedOutputsSet(choice, &problem);
    return problem;
}

kiln::StoredOutputs loadStoredOutputs(const kiln::Graph& model, const RunInputChoice& choice) {
    QString problem;
    const std::optional<kiln::TestDataSet> set = storedOutputsSet(choice, &problem);
    if (!set) throw std::invalid_argument(problem.toStdString());
    // Bound as kiln run --test-data binds them; the files' own names are kept for the notes.
    return kiln::loadStoredOutputs(model, *set);
}

QStringList storedOutputNameNotes(const kiln::StoredOutputs& stored) {
    QStringList notes;
    for (const kiln::StoredOutputs::Output& o : stored.outputs)
        if (!o.storedName.empty() && o.storedName != o.name)
            notes << QCoreApplication::translate(
                         "kiln::studio::RunInputs",
                         "%1: its name field says “%2”, but it is compared with output “%3” (the "
                         "files' names do not all match the model's outputs, so they are taken in order).")
                         .arg(QString::fromStdString(o.file), QString::fromStdString(o.storedName),
                              QString::fromStdString(o.name));
    return notes;
}

RunInputs makeRunInputs(const kiln::Engine& engine, const kiln::Graph& model, const RunInputChoice& choice) {
    return makeRunInputs(engine.profiles(), model, choice);
}

RunInputs makeRunInputs(const std::vector<kiln::OptimizationProfile>& profiles, const kiln::Graph& model,
                        const RunInputChoice& choice) {
    RunInputs out;
    kiln::RandomInputOptions random;
    random.seed = choice.seed;
    if (!profiles.empty())
        for (const auto& [name, range] : profiles.front().inputs) random.shapes[name] = range.opt;
    switch (choice.source) {
        case InputSource::Random:
            if (!choice.problem.isEmpty()) throw std::invalid_argument(choice.problem.toStdString());
            for (const auto& [name, dims] : choice.shapes) {
                bool known = false;
                for (const kiln::Value* v : model.runtimeInputs()) known = known || v->name == name;
                if (!known)
                    throw std::invalid_argument(
                        QCoreApplication::translate(
                            "kiln::studio::RunInputs",
                            "The shape names '%1', which is not an input of the model.")
                            .arg(QString::fromStdString(name))
                            .toStdString());
                random.shapes[name] = dims;
            }
            out.source = QCoreApplication::translate("kiln::studio::RunInputs", "seeded random (seed %1)")
                             .arg(choice.seed);
            break;
        case InputSource::TestDataSet: {
            if (choice.dataSet.isEmpty())
                throw std::invalid_argument(
                    QCoreApplication::translate("kiln::studio::RunInputs", "No test data set is chosen.")
                        .toStdString());
            const std::vector<kiln::TestDataSet> sets = kiln::findTestDataSets(choice.dataSet.toStdString());
            if (sets.empty())
                throw std::invalid_argument(
                    QCoreApplication::translate("kiln::studio::RunInputs", "%1 holds no test data set.")
                        .arg(choice.dataSet)
                        .toStdString());
            out.tensors = kiln::loadTestInputs(model, sets.front());
            out.source = QFileInfo(QString::fromStdString(sets.front().dir)).fileName();
            break;
        }
        case InputSource::Files: {
            if (choice.files.isEmpty())
                throw std::invalid_argument(
                    QCoreApplication::translate("kiln::studio::RunInputs", "No input files are chosen.")
                        .toStdString());
            std::vector<std::string> specs;
            QStringList names;
            for (const QString& f : choice.files) {
                specs.push_back(f.toStdString());
                names << QFileInfo(f.section(QLatin1Char('='), -1)).fileName();
            }
            out.tensors = kiln::loadInputFiles(model, specs);
            out.source = QCoreApplication::translate("kiln::studio::RunInputs", "files %1")
                             .arg(names.join(QStringLiteral(", ")));
            break;
        }
    }
    // Inputs a data set or the files leave out are random, and the text says so.
    const size_t given = out.tensors.size();
    kiln::addRandomInputs(model, random, out.tensors);
    if (choice.source != InputSource::Random && out.tensors.size() > given)
        out.source = QCoreApplication::translate("kiln::studio::RunInputs",
                                                 "%1, the other inputs seeded random (seed %2)")
                         .arg(out.source)
                         .arg(choice.seed);
    // Checked here as well as by the execution context, so the accuracy run stops before it runs
    // the reference, with the input and the range named.
    if (!profiles.empty())
        for (const auto& [name, range] : profiles.front().inputs)
            if (auto it = out.tensors.find(name);
                it != out.tensors.end() && !range.contains(it->second.dims()))
                throw std::invalid_argument(
                    QCoreApplication::translate(
                        "kiln::studio::RunInputs",
                        "Input '%1' has shape %2, outside the engine's optimization profile "
                        "(min %3, max %4).")
                        .arg(QString::fromStdString(name), shownDims(it->second.dims()), shownDims(range.min),
                             shownDims(range.max))
                        .toStdString());
    QStringList shapes;
    for (const kiln::Value* v : model.runtimeInputs())
        if (auto it = out.tensors.find(v->name); it != out.tensors.end())
            shapes << QString::fromStdString(v->name) + QLatin1Char(' ') + shownDims(it->second.dims());
    out.shapes = shapes.join(QStringLiteral(", "));
    return out;
}

}  // namespace kiln::studio
