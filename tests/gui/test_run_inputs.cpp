// Issue 15, "inputs and shapes for profiling and accuracy": the inputs the profiler and the accuracy
// comparison run on are the user's choice — seeded random at a shape within the engine's profile, a
// test_data_set_* folder next to the model, .npy/.pb files — and every result names them.
//   - makeRunInputs with each source on the bundled tiny_cnn (its test_data_set_0 has batch 2);
//   - a shape outside the profile (or not parsable) is a clear error naming the input, in the model
//     and in the panel, and nothing crashes;
//   - ProfileModel keeps the end-to-end latency beside the sum of layer medians, and the input text;
//     both survive resultsJson/restoreResults; the profiler shows both numbers, labelled;
//   - the AccuracyModel runs on the chosen inputs and says which; with "Expected: stored outputs" it
//     compares the outputs with the data set's output_K.pb (kiln run --test-data's rule): the bundled
//     set passes, a corrupted value fails naming the output, a wrong shape or dtype names the file and
//     the field, a folder without outputs (or random inputs) fails with the reason before running;
//     the view's Expected box runs it and the export says "expected";
//   - the chooser (one in the profiler, one in the accuracy view, sharing the Workbench's choice)
//     offers the data sets next to the model and a shape field per dynamic input, and resets when
//     another model is opened.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <cstring>
#include <optional>

#include "engine_core/builder/builder.h"
#include "engine_core/onnx/run_inputs.h"
#include "engine_core/onnx/tensor_io.h"
#include "gui_test_util.h"
#include "widgets/accuracy_model.h"
#include "widgets/accuracy_view.h"
#include "widgets/main_window.h"
#include "widgets/model_loader.h"
#include "widgets/profile_model.h"
#include "widgets/profiler_view.h"
#include "widgets/run_input_chooser.h"
#include "widgets/run_inputs.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
const QString kDataSet = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0");
const QString kTransformer = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_transformer/model.onnx");

std::shared_ptr<kiln::Graph> load(const QString& path) {
    LoadOutcome out = ModelLoader::loadFile(path);
    return out.model ? out.model->graph : nullptr;
}

bool sameData(const kiln::Tensor& a, const kiln::Tensor& b) {
    return a.dtype() == b.dtype() && a.dims() == b.dims() && std::memcmp(a.raw(), b.raw(), a.byteSize()) == 0;
}

RunInputChoice dataSetChoice(const QString& dir) {
    RunInputChoice choice;
    choice.source = InputSource::TestDataSet;
    choice.dataSet = dir;
    return choice;
}

QString errorOf(const kiln::Engine& engine, const kiln::Graph& graph, const RunInputChoice& choice) {
    try {
        makeRunInputs(engine, graph, choice);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}
}  // namespace

class RunInputsTest : public QObject {
    Q_OBJECT

    std::shared_ptr<kiln::Graph> graph_;
    std::shared_ptr<const kiln::Engine> engine_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        graph_ = load(kTinyCnn);
        QVERIFY(graph_);
        // Batch 1 to 2, opt 1.
        kiln::BuilderConfig config;
        config.profiles.push_back(
            {{{"input", kiln::ShapeRange{{1, 3, 32, 32}, {1, 3, 32, 32}, {2, 3, 32, 32}}}}});
        engine_ = kiln::buildEngine(*graph_, config);
        QVERIFY(engine_);
    }

    void shapeTextParses() {
        std::vector<int64_t> dims;
        QVERIFY(parseDims(QStringLiteral("2x3x32x32"), &dims));
        QCOMPARE(dims, (std::vector<int64_t>{2, 3, 32, 32}));
        QVERIFY(parseDims(QStringLiteral(" 1\u00D77 "), &dims));
        QCOMPARE(dims, (std::vector<int64_t>{1, 7}));
        for (const char* bad : {"", "2x", "ax3", "-1x3", "2 3"})
            QVERIFY2(!parseDims(QString::fromLatin1(bad), &dims), bad);
        QCOMPARE(dimsText({2, 3}), QStringLiteral("2x3"));
        const auto shapes = parseShapeText(QStringLiteral("input:2x3x32x32, mask:1x7"));
        QCOMPARE(shapes.at("input"), (std::vector<int64_t>{2, 3, 32, 32}));
        QCOMPARE(shapeText(shapes), QStringLiteral("input:2x3x32x32, mask:1x7"));
    }

    void randomAtTheChosenShape() {
        const RunInputs byDefault = makeRunInputs(*engine_, *graph_, {});
        QCOMPARE(byDefault.tensors.at("input").dims(),
                 (std::vector<int64_t>{1, 3, 32, 32}));  // the opt shape
        QCOMPARE(byDefault.description(),
                 QStringLiteral("Input: seeded random (seed 1), shape input 1\u00D73\u00D732\u00D732"));

        RunInputChoice choice;
        choice.seed = 7;
        choice.shapes["input"] = {2, 3, 32, 32};
        const RunInputs two = makeRunInputs(*engine_, *graph_, choice);
        QCOMPARE(two.tensors.at("input").dims(), (std::vector<int64_t>{2, 3, 32, 32}));
        QVERIFY(two.description().contains(QStringLiteral("seed 7")));
        QVERIFY(two.description().contains(QStringLiteral("input 2\u00D73\u00D732\u00D732")));
        // Same seed, same data; another seed, other data.
        QVERIFY(
            sameData(makeRunInputs(*engine_, *graph_, choice).tensors.at("input"), two.tensors.at("input")));
        choice.seed = 8;
        QVERIFY(
            !sameData(makeRunInputs(*engine_, *graph_, choice).tensors.at("input"), two.tensors.at("input")));
    }

    void testDataSetNextToTheModel() {
        const QStringList sets = testDataSetsNextTo(kTinyCnn);
        QCOMPARE(sets.size(), 1);
        QCOMPARE(QFileInfo(sets.first()).canonicalFilePath(), QFileInfo(kDataSet).canonicalFilePath());
        QVERIFY(testDataSetsNextTo(QString()).isEmpty());

        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = sets.first();
        const RunInputs in = makeRunInputs(*engine_, *graph_, choice);
        const kiln::Tensor expected =
            kiln::readTensorProtoFile((kDataSet + "/input_0.pb").toStdString()).tensor;
        QVERIFY(sameData(in.tensors.at("input"), expected));
        QCOMPARE(in.description(),
                 QStringLiteral("Input: test_data_set_0, shape input 2\u00D73\u00D732\u00D732"));

        choice.dataSet.clear();
        QVERIFY(errorOf(*engine_, *graph_, choice).contains(QStringLiteral("No test data set")));
    }

    void files() {
        QTemporaryDir dir;
        RunInputChoice choice;
        choice.source = InputSource::Files;
        choice.files = {kDataSet + "/input_0.pb"};
        const RunInputs pb = makeRunInputs(*engine_, *graph_, choice);
        const kiln::Tensor expected =
            kiln::readTensorProtoFile((kDataSet + "/input_0.pb").toStdString()).tensor;
        QVERIFY(sameData(pb.tensors.at("input"), expected));
        QCOMPARE(pb.description(),
                 QStringLiteral("Input: files input_0.pb, shape input 2\u00D73\u00D732\u00D732"));

        // A .npy of one sample (batch 1).
        const kiln::Tensor one = makeRunInputs(*engine_, *graph_, {}).tensors.at("input");
        const QString npy = dir.filePath(QStringLiteral("sample.npy"));
        kiln::writeNpyFile(npy.toStdString(), one);
        choice.files = {npy};
        const RunInputs fromNpy = makeRunInputs(*engine_, *graph_, choice);
        QVERIFY(sameData(fromNpy.tensors.at("input"), one));
        QVERIFY(
            fromNpy.description().startsWith(QStringLiteral("Input: files sample.npy, shape input 1\u00D7")));

        choice.files.clear();
        QVERIFY(errorOf(*engine_, *graph_, choice).contains(QStringLiteral("No input files")));
        // A file that does not fit the model: the library's message names it.
        const QString wrong = dir.filePath(QStringLiteral("wrong.npy"));
        kiln::writeNpyFile(wrong.toStdString(), kiln::Tensor::fromVector<float>({1, 2}, {1.f, 2.f}));
        choice.files = {wrong};
        QVERIFY(errorOf(*engine_, *graph_, choice).contains(QStringLiteral("wrong.npy")));
    }

    // Outside the profile: a clear error naming the input and the range, before anything runs.
    void outOfProfileShapeIsAnError() {
        RunInputChoice choice;
        choice.shapes["input"] = {3, 3, 32, 32};
        const QString error = errorOf(*engine_, *graph_, choice);
        QVERIFY2(error.contains(QStringLiteral("'input'")) &&
                     error.contains(QStringLiteral("3\u00D73\u00D732\u00D732")) &&
                     error.contains(QStringLiteral("max 2\u00D73\u00D732\u00D732")),
                 qPrintable(error));
        choice.shapes = {{"nope", {1}}};
        QVERIFY(errorOf(*engine_, *graph_, choice).contains(QStringLiteral("'nope'")));
        choice.shapes.clear();
        choice.problem = QStringLiteral("The shape 'abc' for input 'input' is not dims like 1x3x32x32.");
        QCOMPARE(errorOf(*engine_, *graph_, choice), choice.problem);

        // The profiler reports it as its error, with no report and no crash.
        ProfileModel model;
        QSignalSpy failed(&model, &ProfileModel::failed);
        choice.problem.clear();
        choice.shapes["input"] = {3, 3, 32, 32};
        model.run(engine_, graph_, {0, 2, 1}, choice);
        QVERIFY(failed.wait(60000));
        QVERIFY(!model.hasReport());
        QVERIFY2(model.lastError().contains(QStringLiteral("'input'")), qPrintable(model.lastError()));
        // So does the accuracy comparison.
        AccuracyModel accuracy;
        QSignalSpy accuracyFailed(&accuracy, &AccuracyModel::failed);
        accuracy.run(engine_, graph_, choice);
        QVERIFY(accuracyFailed.wait(60000));
        QVERIFY(accuracy.lastError().contains(QStringLiteral("outside the engine's optimization profile")));
    }

    // The profile keeps the end-to-end latency (no profiler) and the inputs; both survive a workspace.
    void profileKeepsEndToEndAndInputs() {
        ProfileModel model;
        QSignalSpy finished(&model, &ProfileModel::finished);
        RunInputChoice choice;
        choice.seed = 3;
        choice.shapes["input"] = {2, 3, 32, 32};
        model.run(engine_, graph_, {1, 4, 1}, choice);
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QVERIFY(model.endToEndMs() > 0);
        QCOMPARE(model.endToEndRuns(), 4);
        QCOMPARE(model.inputText(),
                 QStringLiteral("Input: seeded random (seed 3), shape input 2\u00D73\u00D732\u00D732"));
        QVERIFY(model.report().sumOfMediansMs > 0);

        ProfileModel restored;
        QString error;
        QVERIFY2(restored.restoreResults(model.resultsJson(), &error), qPrintable(error));
        QCOMPARE(restored.endToEndMs(), model.endToEndMs());
        QCOMPARE(restored.endToEndRuns(), 4);
        QCOMPARE(restored.inputText(), model.inputText());
        restored.clear();
        QCOMPARE(restored.endToEndMs(), 0.0);
        QVERIFY(restored.inputText().isEmpty());
    }

    void accuracyRunsOnTheChosenInputs() {
        AccuracyModel model;
        QSignalSpy finished(&model, &AccuracyModel::finished);
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = kDataSet;
        model.run(engine_, graph_, choice);
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QCOMPARE(model.inputText(),
                 QStringLiteral("Input: test_data_set_0, shape input 2\u00D73\u00D732\u00D732"));
        // The compared output has the data set's batch.
        QCOMPARE(model.report().outputs.front().comparison.name, std::string("probs"));
        AccuracyModel restored;
        QString error;
        QVERIFY(restored.restoreResults(model.resultsJson(), &error, model.inputText()));
        QCOMPARE(restored.inputText(), model.inputText());
    }

    // Expected: the stored outputs of tiny_cnn's test_data_set_0, under the same rule as kiln run --test-data.
    void storedOutputsPass() {
        AccuracyModel model;
        model.setExpected(AccuracyModel::Expected::StoredOutputs);
        QSignalSpy finished(&model, &AccuracyModel::finished);
        model.run(engine_, graph_, dataSetChoice(kDataSet));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        const kiln::CompareReport& r = model.report();
        QCOMPARE(r.storedDataSet, std::string("test_data_set_0"));
        QCOMPARE(r.storedFiles.at("probs"), std::string("output_0.pb"));
        QVERIFY(model.isStoredOutputRow(0));
        const kiln::TensorComparison& c = r.outputs.front().comparison;
        QVERIFY2(c.passed(), c.summary().c_str());
        // The stored tensor is the expected side: its batch and its values.
        const kiln::NamedTensor stored = kiln::readTensorProtoFile((kDataSet + "/output_0.pb").toStdString());
        QCOMPARE(c.expectedDims, stored.tensor.dims());
        QVERIFY(model.failingStoredOutputs().isEmpty());
        const QStringList lines = model.storedOutputLines();
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].startsWith(QStringLiteral("Output \u201cprobs\u201d against output_0.pb: max abs error ")) &&
                     lines[0].contains(QStringLiteral("max norm error")) && lines[0].endsWith(QStringLiteral(": pass.")),
                 qPrintable(lines[0]));
        QVERIFY(model.storedNotes().isEmpty());
        const QJsonObject expected =
            QJsonDocument::fromJson(model.json().toUtf8()).object().value(QStringLiteral("expected")).toObject();
        QCOMPARE(expected.value(QStringLiteral("source")).toString(), QStringLiteral("stored_outputs"));
        QCOMPARE(expected.value(QStringLiteral("data_set")).toString(), QStringLiteral("test_data_set_0"));
        QCOMPARE(expected.value(QStringLiteral("files")).toObject().value(QStringLiteral("probs")).toString(),
                 QStringLiteral("output_0.pb"));
        // The reference run, as before: no stored outputs in the report.
        model.setExpected(AccuracyModel::Expected::Reference);
        model.run(engine_, graph_, dataSetChoice(kDataSet));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QVERIFY(model.report().storedDataSet.empty());
        QVERIFY(!model.isStoredOutputRow(0));
        QVERIFY(model.storedOutputLines().isEmpty());
    }

    // A stored output that is wrong: one value off fails the output against its file, by name, while
    // every layer boundary still passes against the reference; a wrong shape, a wrong dtype, a name
    // field that names something else, no outputs at all, random inputs: each said with the file
    // and the field.
    void storedOutputsMismatch() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const kiln::NamedTensor stored = kiln::readTensorProtoFile((kDataSet + "/output_0.pb").toStdString());
        auto dataSet = [&](const QString& name, const std::optional<kiln::Tensor>& output,
                           const std::string& outputName = "probs") {
            const QString set = dir.filePath(name + "/test_data_set_0");
            QDir().mkpath(set);
            QFile::copy(kDataSet + "/input_0.pb", set + "/input_0.pb");
            if (output) kiln::writeTensorProtoFile((set + "/output_0.pb").toStdString(), *output, outputName);
            return set;
        };
        AccuracyModel model;
        model.setExpected(AccuracyModel::Expected::StoredOutputs);
        QSignalSpy finished(&model, &AccuracyModel::finished);
        QSignalSpy failed(&model, &AccuracyModel::failed);

        kiln::Tensor off = stored.tensor.clone();
        off.data<float>()[3] += 0.25f;
        model.run(engine_, graph_, dataSetChoice(dataSet(QStringLiteral("off"), off)));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QVERIFY(!model.report().outputs.front().comparison.passed());
        QVERIFY(!model.report().passed());
        QVERIFY(!model.report().firstFailingLayer);  // the engine agrees with the reference
        QCOMPARE(model.failingStoredOutputs(), QStringList{QStringLiteral("probs")});
        QVERIFY2(model.storedOutputLines().value(0).endsWith(QStringLiteral(": FAIL.")),
                 qPrintable(model.storedOutputLines().value(0)));
        QCOMPARE(model.data(model.index(0, AccuracyModel::Status)).toString(), QStringLiteral("FAIL"));
        QVERIFY(model.data(model.index(0, AccuracyModel::Status), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("output_0.pb")));

        // Batch 1 stored for a batch-2 input: the shape (dims) of output_0.pb.
        kiln::Tensor one(stored.tensor.dtype(), {1, stored.tensor.dims()[1]});
        std::memcpy(one.raw(), stored.tensor.raw(), one.byteSize());
        model.run(engine_, graph_, dataSetChoice(dataSet(QStringLiteral("shape"), one)));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QCOMPARE(model.report().outputs.front().comparison.status, kiln::ComparisonStatus::ShapeMismatch);
        QVERIFY(model.report().outputs.front().comparison.mismatch.rfind("output_0.pb: ", 0) == 0);
        QString line = model.storedOutputLines().value(0);
        QVERIFY2(line.contains(QStringLiteral("\u201cprobs\u201d")) && line.contains(QStringLiteral("output_0.pb")) &&
                     line.contains(QStringLiteral("dims field")) && line.contains(QStringLiteral("2\u00D7")) &&
                     line.contains(QStringLiteral("the file's 1\u00D7")),
                 qPrintable(line));

        // fp64 stored for an fp32 output: the element type (dtype) of output_0.pb.
        kiln::Tensor wide(kiln::DataType::Float64, stored.tensor.dims());
        for (int64_t i = 0; i < wide.numel(); ++i) wide.data<double>()[i] = stored.tensor.data<float>()[i];
        model.run(engine_, graph_, dataSetChoice(dataSet(QStringLiteral("dtype"), wide)));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QCOMPARE(model.report().outputs.front().comparison.status, kiln::ComparisonStatus::DtypeMismatch);
        line = model.storedOutputLines().value(0);
        QVERIFY2(line.contains(QStringLiteral("\u201cprobs\u201d")) && line.contains(QStringLiteral("output_0.pb")) &&
                     line.contains(QStringLiteral("dtype field")) && line.contains(QStringLiteral("fp64")),
                 qPrintable(line));
        QCOMPARE(model.failingStoredOutputs(), QStringList{QStringLiteral("probs")});

        // A name field that is not the output's: compared by position, and said.
        model.run(engine_, graph_, dataSetChoice(dataSet(QStringLiteral("named"), stored.tensor, "logits")));
        QVERIFY2(finished.wait(60000), qPrintable(model.lastError()));
        QVERIFY(model.report().outputs.front().comparison.passed());
        QCOMPARE(model.storedNotes().size(), 1);
        QVERIFY2(model.storedNotes()[0].startsWith(QStringLiteral("output_0.pb: its name field says \u201clogits\u201d")) &&
                     model.storedNotes()[0].contains(QStringLiteral("\u201cprobs\u201d")),
                 qPrintable(model.storedNotes()[0]));

        // No output_K.pb: the run fails before it runs, naming the folder; nothing is shown.
        model.clear();
        model.run(engine_, graph_, dataSetChoice(dataSet(QStringLiteral("none"), std::nullopt)));
        QVERIFY(failed.wait(60000));
        QVERIFY(!model.hasReport());
        QVERIFY2(model.lastError().startsWith(QStringLiteral("test_data_set_0 has no stored outputs")),
                 qPrintable(model.lastError()));
        QCOMPARE(storedOutputsProblem(dataSetChoice(dir.filePath("none/test_data_set_0"))), model.lastError());
        QVERIFY(storedOutputsProblem(dataSetChoice(kDataSet)).isEmpty());
        // Random inputs have no stored outputs.
        model.run(engine_, graph_, RunInputChoice{});
        QVERIFY(failed.wait(60000));
        QVERIFY2(model.lastError().contains(QStringLiteral("Test data set")), qPrintable(model.lastError()));
    }

    // The panels: both choosers edit one choice; results show their input line and both numbers;
    // an out-of-profile shape is red and its run's error shows in the panel; another model resets all.
    void choosersInThePanels() {
        MainWindow window;
        window.resize(1400, 860);
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max,
                                     QStringLiteral("2x3x32x32"));
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        RunInputChooser* p = window.profilerView()->inputChooser();
        RunInputChooser* a = window.accuracyView()->inputChooser();
        QCOMPARE(p->shapeInputs(), QStringList{QStringLiteral("input")});
        QCOMPARE(p->shapeField(QStringLiteral("input"))->placeholderText(), QStringLiteral("1x3x32x32"));
        QCOMPARE(p->dataSetBox()->count(), 1);
        QCOMPARE(p->dataSetBox()->itemText(0), QStringLiteral("test_data_set_0"));

        // A shape typed in the profiler's chooser is the accuracy view's too.
        p->shapeField(QStringLiteral("input"))->setText(QStringLiteral("2x3x32x32"));
        QCOMPARE(wb->inputChoice().shapes.at("input"), (std::vector<int64_t>{2, 3, 32, 32}));
        QCOMPARE(a->shapeField(QStringLiteral("input"))->text(), QStringLiteral("2x3x32x32"));
        p->seedBox()->setValue(5);
        QCOMPARE(wb->inputChoice().seed, uint64_t(5));
        QCOMPARE(a->seedBox()->value(), 5);

        QSignalSpy profiled(wb->profile(), &ProfileModel::finished);
        wb->runProfile();
        QVERIFY(profiled.wait(120000));
        const QString status = window.profilerView()->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("End to end (median of 20 runs): ")) &&
                     status.contains(QStringLiteral("Sum of layer medians: ")) &&
                     status.contains(QStringLiteral("(each layer timed alone)")) &&
                     status.contains(QStringLiteral(
                         "Input: seeded random (seed 5), shape input 2\u00D73\u00D732\u00D732")),
                 qPrintable(status));

        // The test data set, in the accuracy view.
        a->sourceBox()->setCurrentIndex(a->sourceBox()->findData(int(InputSource::TestDataSet)));
        emit a->sourceBox()->activated(a->sourceBox()->currentIndex());
        QCOMPARE(wb->inputChoice().source, InputSource::TestDataSet);
        QCOMPARE(QFileInfo(wb->inputChoice().dataSet).fileName(), QStringLiteral("test_data_set_0"));
        QCOMPARE(p->sourceBox()->currentData().toInt(), int(InputSource::TestDataSet));
        QVERIFY(!p->shapeField(QStringLiteral("input"))->isVisibleTo(p));
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        wb->runCompare();
        QVERIFY(compared.wait(120000));
        QVERIFY(window.accuracyView()->statusLabel()->text().contains(
            QStringLiteral("Input: test_data_set_0, shape input 2\u00D73\u00D732\u00D732")));

        // Expected: the data set's stored outputs, through the view's box (the shown result compares again).
        QComboBox* expected = window.accuracyView()->expectedBox();
        QCOMPARE(expected->itemText(1), QStringLiteral("Stored outputs of test_data_set_0"));
        expected->setCurrentIndex(1);
        emit expected->activated(1);
        QCOMPARE(wb->accuracy()->expected(), AccuracyModel::Expected::StoredOutputs);
        QVERIFY(compared.wait(120000));
        const QString storedStatus = window.accuracyView()->statusLabel()->text();
        QVERIFY2(storedStatus.startsWith(QStringLiteral("PASS")) &&
                     storedStatus.contains(QStringLiteral("Expected: stored outputs of test_data_set_0")) &&
                     storedStatus.contains(QStringLiteral("Output \u201cprobs\u201d against output_0.pb")),
                 qPrintable(storedStatus));

        // Files, through the chooser's file picker.
        p->setFilesChooser([] { return QStringList{kDataSet + "/input_0.pb"}; });
        p->filesButton()->click();
        QCOMPARE(wb->inputChoice().source, InputSource::Files);
        QCOMPARE(wb->inputChoice().files, QStringList{kDataSet + "/input_0.pb"});

        // Out of the profile: the field is red, the run fails with the input named in the panel.
        p->sourceBox()->setCurrentIndex(p->sourceBox()->findData(int(InputSource::Random)));
        emit p->sourceBox()->activated(p->sourceBox()->currentIndex());
        // Random inputs carry no stored outputs: the Expected box says so.
        QVERIFY2(expected->toolTip().contains(QStringLiteral("Test data set")), qPrintable(expected->toolTip()));
        QLineEdit* field = p->shapeField(QStringLiteral("input"));
        field->setText(QStringLiteral("3x3x32x32"));
        QVERIFY(!field->styleSheet().isEmpty());
        QVERIFY(field->toolTip().contains(QStringLiteral("outside")));
        QSignalSpy failed(wb->profile(), &ProfileModel::failed);
        wb->runProfile();
        QVERIFY(failed.wait(60000));
        const QString failure = window.profilerView()->statusLabel()->text();
        QVERIFY2(failure.startsWith(QStringLiteral("Profiling failed: ")) &&
                     failure.contains(QStringLiteral("'input'")),
                 qPrintable(failure));
        // Not dims at all: the choice's problem, and the run says so.
        field->setText(QStringLiteral("two"));
        QVERIFY(wb->inputChoice().problem.contains(QStringLiteral("'two'")));
        field->setText(QStringLiteral("2x3x32x32"));
        QVERIFY(wb->inputChoice().problem.isEmpty());
        QVERIFY(field->styleSheet().isEmpty());

        // Another model: the choice and both choosers start over (nothing of tiny_cnn's inputs).
        p->seedBox()->setValue(9);
        window.openFile(kTransformer);
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(wb->modelPath().endsWith(QStringLiteral("tiny_transformer/model.onnx")));
        QVERIFY(wb->inputChoice() == RunInputChoice{});
        for (RunInputChooser* c : {p, a}) {
            QCOMPARE(c->sourceBox()->currentData().toInt(), int(InputSource::Random));
            QCOMPARE(c->seedBox()->value(), 1);
            QVERIFY(c->shapeInputs().isEmpty());  // no engine yet
            QCOMPARE(c->dataSetBox()->count(), 1);
            QVERIFY(c->dataSetBox()->currentData().toString().contains(QStringLiteral("tiny_transformer")));
        }
    }
};

QTEST_MAIN(RunInputsTest)
#include "test_run_inputs.moc"
