// BuildSettingsModel, headless: profiles for dynamic inputs, validation messages naming the field
// (BuilderConfig::validate's), shape texts as typed, overrides, and the settings file round trip
// with the CLI's BuilderConfig JSON.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "engine_core/builder/builder_config.h"
#include "engine_core/onnx/tensor_io.h"
#include "widgets/build_settings_model.h"
#include "widgets/model_loader.h"

using namespace kiln::studio;

namespace {
std::shared_ptr<kiln::Graph> tinyCnn() {
    LoadOutcome out = ModelLoader::loadFile(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx"));
    return out.model ? out.model->graph : nullptr;
}
// input: fp32[batch,4] (same name as tiny_cnn's input, another rank) → Relu → y; with `mask`, a
// second dynamic input mask: fp32[batch,8] → Relu → m.
std::shared_ptr<kiln::Graph> otherModel(bool mask) {
    auto g = std::make_shared<kiln::Graph>();
    g->opsetImports[""] = 17;
    auto value = [&](const std::string& name, int64_t width) {
        kiln::Value* v = g->addValue(name);
        v->dtype = kiln::DataType::Float32;
        v->shape = kiln::Shape{kiln::Dim::symbolic("batch"), width};
        return v;
    };
    kiln::Value* x = value("input", 4);
    g->markInput(x);
    kiln::Value* y = value("y", 4);
    g->addNode("Relu", "relu", {x}, {y});
    g->markOutput(y);
    if (mask) {
        kiln::Value* m = value("mask", 8);
        g->markInput(m);
        kiln::Value* out = value("m", 8);
        g->addNode("Relu", "relu_mask", {m}, {out});
        g->markOutput(out);
    }
    return g;
}
}  // namespace

class BuildSettingsTest : public QObject {
    Q_OBJECT
private slots:
    void dynamicInputGetsAProfile() {
        BuildSettingsModel model;
        QVERIFY(model.isValid());  // no model: the standalone checks pass for the defaults
        auto graph = tinyCnn();
        QVERIFY(graph);
        model.setGraph(graph);
        QCOMPARE(model.dynamicInputs(), QStringList{QStringLiteral("input")});
        QCOMPARE(model.profileCount(), 1);
        // Dynamic dims default to 1, static ones keep their size.
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Min), QStringLiteral("1x3x32x32"));
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Max), QStringLiteral("1x3x32x32"));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
    }

    // Issue 15: a profile made for model A is not carried to model B when it does not fit B (an
    // input of another rank, a dynamic input it lacks); B gets its own default profile.
    void anotherModelGetsItsOwnProfile() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("8x3x32x32"));
        QVERIFY(model.isValid());
        model.setGraph(otherModel(false));  // same input name, rank 2
        QCOMPARE(model.profileCount(), 1);
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Max), QStringLiteral("1x4"));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
        // The user's shapes stay while they fit the next model ...
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("16x4"));
        model.setGraph(otherModel(false));
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Max), QStringLiteral("16x4"));
        // ... and not when it has a dynamic input they do not cover.
        model.setGraph(otherModel(true));
        QCOMPARE(model.dynamicInputs(), (QStringList{QStringLiteral("input"), QStringLiteral("mask")}));
        QCOMPARE(model.shapeText(0, QStringLiteral("mask"), ShapeBound::Opt), QStringLiteral("1x8"));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
    }

    void validationNamesTheField() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        QSignalSpy validation(&model, &BuildSettingsModel::validationChanged);
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("8x3x32x32"));
        QVERIFY(model.isValid());
        QCOMPARE(model.config().profiles[0].inputs.at("input").max, (std::vector<int64_t>{8, 3, 32, 32}));
        // opt above max: BuilderConfig::validate's message, attributed to the opt field.
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Opt, QStringLiteral("16x3x32x32"));
        QVERIFY(!model.isValid());
        QVERIFY(validation.count() >= 1);
        const QString opt = BuildSettingsModel::fieldKey(0, QStringLiteral("input"), ShapeBound::Opt);
        QCOMPARE(model.validationField(), opt);
        QVERIFY2(model.validationMessage().startsWith(opt + QStringLiteral(": ")), qPrintable(model.validationMessage()));
        QVERIFY(model.validationMessage().contains(QStringLiteral("outside")));
        QVERIFY(!model.fieldMessage(opt).isEmpty());
        QVERIFY(model.fieldMessage(BuildSettingsModel::fieldKey(0, QStringLiteral("input"), ShapeBound::Min)).isEmpty());
        // Fixing it clears the message.
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Opt, QStringLiteral("4x3x32x32"));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
        QVERIFY(model.fieldMessage(opt).isEmpty());
    }

    void halfTypedShapeIsKeptAndReported() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        const QString min = BuildSettingsModel::fieldKey(0, QStringLiteral("input"), ShapeBound::Min);
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Min, QStringLiteral("1x3x"));
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Min), QStringLiteral("1x3x"));
        QVERIFY(!model.isValid());
        QCOMPARE(model.validationField(), min);
        QVERIFY(model.validationMessage().contains(QStringLiteral("1x3x")));
        // The config keeps the last valid dims meanwhile.
        QCOMPARE(model.config().profiles[0].inputs.at("input").min, (std::vector<int64_t>{1, 3, 32, 32}));
        // A wrong static dim is the validator's to report.
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Min, QStringLiteral("1x4x32x32"));
        QVERIFY(!model.isValid());
        QVERIFY2(model.validationField().startsWith(QStringLiteral("profiles[0].input")),
                 qPrintable(model.validationMessage()));
    }

    void precisionsAndOverrides() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        QVERIFY(model.precisionEnabled(kiln::Precision::FP32));
        model.setPrecisionEnabled(kiln::Precision::FP32, false);  // fp32 cannot be turned off
        QVERIFY(model.precisionEnabled(kiln::Precision::FP32));
        // The CPU backend runs fp32 only: fp16 is refused, naming the field.
        model.setPrecisionEnabled(kiln::Precision::FP16, true);
        QVERIFY(!model.isValid());
        QVERIFY2(model.validationField().startsWith(QStringLiteral("precisions")), qPrintable(model.validationMessage()));
        model.setPrecisionEnabled(kiln::Precision::FP16, false);
        QVERIFY(model.isValid());

        const int i = model.addOverride(QStringLiteral("NoSuchLayer"), kiln::Precision::FP32);
        QCOMPARE(i, 0);
        QVERIFY(!model.isValid());
        QVERIFY(!model.fieldMessage(QStringLiteral("layerPrecisions[0]")).isEmpty());
        model.setOverrideTarget(0, QStringLiteral("Softmax"));  // an op type of the model
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
        // Adding the same target again updates it instead of duplicating.
        QCOMPARE(model.addOverride(QStringLiteral("Softmax"), kiln::Precision::FP32), 0);
        QCOMPARE(model.overrideCount(), 1);
        QVERIFY(model.overrideTargets().contains(QStringLiteral("Conv")));
        model.removeOverride(0);
        QCOMPARE(model.overrideCount(), 0);
    }

    void addAndRemoveProfiles() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("4x3x32x32"));
        QCOMPARE(model.addProfile(), 1);
        QCOMPARE(model.shapeText(1, QStringLiteral("input"), ShapeBound::Max), QStringLiteral("4x3x32x32"));
        model.setShapeText(1, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("16x3x32x32"));
        model.removeProfile(0);
        QCOMPARE(model.profileCount(), 1);
        // Profile 1's text moved down to profile 0.
        QCOMPARE(model.shapeText(0, QStringLiteral("input"), ShapeBound::Max), QStringLiteral("16x3x32x32"));
        QCOMPARE(model.config().profiles[0].inputs.at("input").max, (std::vector<int64_t>{16, 3, 32, 32}));
        QVERIFY(model.isValid());
    }

    void calibrationSettingsAreCheckedWhileInt8IsOn() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        QVERIFY(!model.calibrationEnabled());
        model.setCalibrationFolder(QStringLiteral("/nonexistent/calib"));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));  // not used without INT8
        model.setPrecisionEnabled(kiln::Precision::INT8, true);
        QVERIFY(model.calibrationEnabled());
        QVERIFY(!model.isValid());
        QCOMPARE(model.validationField(), QStringLiteral("calibration.dataFolder"));
        QVERIFY2(model.validationMessage().contains(QStringLiteral("does not exist")), qPrintable(model.validationMessage()));
        QVERIFY(!model.fieldMessage(QStringLiteral("calibration.dataFolder")).isEmpty());

        // A test_data_set folder that fits the model's input [batch,3,32,32].
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("good/test_data_set_0")));
        kiln::writeTensorProtoFile(dir.filePath(QStringLiteral("good/test_data_set_0/input_0.pb")).toStdString(),
                                   kiln::Tensor(kiln::DataType::Float32, {2, 3, 32, 32}), "input");
        model.setCalibrationFolder(dir.filePath(QStringLiteral("good")));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
        // One of another shape is reported, naming the file.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bad/test_data_set_0")));
        kiln::writeTensorProtoFile(dir.filePath(QStringLiteral("bad/test_data_set_0/input_0.pb")).toStdString(),
                                   kiln::Tensor(kiln::DataType::Float32, {2, 3, 16, 16}), "input");
        model.setCalibrationFolder(dir.filePath(QStringLiteral("bad")));
        QVERIFY(!model.isValid());
        QVERIFY2(model.validationMessage().contains(QStringLiteral("input_0.pb")), qPrintable(model.validationMessage()));
        model.setCalibrationFolder(dir.filePath(QStringLiteral("good")));
        // Issue 15: opening another model checks the folder against that model, not the last one.
        model.setGraph(otherModel(false));  // input [batch,4]: the folder's [2,3,32,32] does not fit
        QCOMPARE(model.validationField(), QStringLiteral("calibration.dataFolder"));
        QVERIFY2(model.validationMessage().contains(QStringLiteral("input_0.pb")), qPrintable(model.validationMessage()));
        model.setGraph(tinyCnn());
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));

        model.setCalibrator(kiln::CalibrationAlgorithm::Percentile);
        model.setPercentile(150);
        QVERIFY(!model.isValid());
        QCOMPARE(model.validationField(), QStringLiteral("calibration.percentile"));
        model.setPercentile(99.9);
        model.setCalibrationBatches(4);
        model.setCalibrationCachePath(dir.filePath(QStringLiteral("tiny.calib")));
        QVERIFY2(model.isValid(), qPrintable(model.validationMessage()));
        // The settings file carries them, as `kiln build --config` reads them.
        const kiln::BuilderConfig parsed = kiln::builderConfigFromJson(model.toJson().toStdString(), "panel");
        QVERIFY(parsed == model.config());
        QCOMPARE(parsed.calibration.algorithm, kiln::CalibrationAlgorithm::Percentile);
        QCOMPARE(parsed.calibration.percentile, 99.9);
        QCOMPARE(parsed.calibration.maxBatches, 4);
        QCOMPARE(QString::fromStdString(parsed.calibration.dataFolder), dir.filePath(QStringLiteral("good")));

        // Without data, INT8 needs an existing cache.
        model.setCalibrationFolder(QString());
        QVERIFY(!model.isValid());
        QVERIFY2(model.validationMessage().contains(QStringLiteral("tiny.calib")), qPrintable(model.validationMessage()));
    }

    void jsonRoundTripWithTheCli() {
        BuildSettingsModel model;
        model.setGraph(tinyCnn());
        model.setOptimizationLevel(2);
        model.setWorkspaceMiB(256);
        model.setSparsity(kiln::SparsityMode::Enabled);
        model.setTimingCachePath(QStringLiteral("/tmp/kiln.cache"));
        model.addOverride(QStringLiteral("Softmax"), kiln::Precision::FP32);
        model.setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("8x3x32x32"));
        QVERIFY(model.isValid());
        // What the panel writes is what `kiln build --config` reads.
        const kiln::BuilderConfig parsed = kiln::builderConfigFromJson(model.toJson().toStdString(), "panel");
        QVERIFY(parsed == model.config());
        QCOMPARE(parsed.optimizationLevel, 2);
        QCOMPARE(parsed.workspaceBytes, uint64_t(256) << 20);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.json"));
        QString error;
        QVERIFY2(model.saveFile(path, &error), qPrintable(error));
        QVERIFY(kiln::loadBuilderConfig(path.toStdString()) == model.config());

        // And a file the CLI library wrote loads into the panel.
        kiln::BuilderConfig cli;
        cli.optimizationLevel = 1;
        cli.profiles.push_back({{{"input", kiln::ShapeRange{{1, 3, 32, 32}, {2, 3, 32, 32}, {4, 3, 32, 32}}}}});
        const QString cliPath = dir.filePath(QStringLiteral("cli.json"));
        kiln::saveBuilderConfig(cli, cliPath.toStdString());
        BuildSettingsModel other;
        other.setGraph(tinyCnn());
        QVERIFY2(other.loadFile(cliPath, &error), qPrintable(error));
        QVERIFY(other.config() == cli);
        QCOMPARE(other.shapeText(0, QStringLiteral("input"), ShapeBound::Opt), QStringLiteral("2x3x32x32"));

        // A bad file is one message naming the file and the field.
        QVERIFY(!other.loadJson(QStringLiteral("{\"optimizationLevel\": \"high\"}"), &error, QStringLiteral("bad.json")));
        QVERIFY2(error.contains(QStringLiteral("bad.json")) && error.contains(QStringLiteral("optimizationLevel")),
                 qPrintable(error));
        QVERIFY(other.config() == cli);  // unchanged
    }
};

QTEST_GUILESS_MAIN(BuildSettingsTest)
#include "test_build_settings.moc"
