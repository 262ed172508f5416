// LibraryText under zh_CN: real library errors (made by calling the library with bad input) come out
// in Chinese with only the names they embed left in Latin letters; every catalogue id has a Chinese
// template with its placeholders; a message translates by its id, not by its English wording;
// phase, pass, tactic and error kind names translate; a build of the bundled tiny_cnn logs no
// English sentence; English stays exactly the library's text.
#include <onnx/onnx_pb.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/builder/graph_clone.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "engine_core/onnx/tensor_io.h"
#include "engine_core/quantization/calibration_cache.h"
#include "engine_core/quantization/calibration_data.h"
#include "engine_core/quantization/calibrator.h"
#include "engine_core/passes/optimizer.h"
#include "engine_core/runtime/kernel.h"
#include "gui_test_util.h"
#include "widgets/build_controller.h"
#include "widgets/build_settings_model.h"
#include "widgets/language.h"
#include "widgets/library_text.h"
#include "widgets/model_loader.h"
#include "widgets/profile_model.h"

using namespace kiln::studio;
using kiln::Msg;
using kiln::operator""_a;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");

// Technical terms a Chinese UI keeps in Latin letters.
const QStringList kTerms = {"ONNX", "JSON", "Kiln", "protobuf", "GiB", "KILNENG", "opset", "cpu", "cuda", "CPU",
                              "CUDA", "float32", "fp32", "fp16", "int8", "IR"};

// Fails (with the text) when `text` has no Chinese, or has a Latin word that is not one of `names`
// (the model's own names, paths, fields) nor a technical term.
void expectChinese(const QString& text, const QStringList& names) {
    if (qEnvironmentVariableIsSet("KILN_SHOW_TEXT")) qInfo().noquote() << text;
    QVERIFY2(test::hasChinese(text), qPrintable(text));
    const QString word = test::latinWordLeft(text, names, kTerms, /*wholeNames=*/false);
    QVERIFY2(word.isEmpty(), qPrintable(QStringLiteral("English word '%1' in: %2").arg(word, text)));
}

template <typename Fn>
kiln::Message libraryMessage(Fn fn) {
    try {
        fn();
    } catch (const kiln::Error& e) {
        return e.message();
    }
    return kiln::Message();
}

QSet<QString> placeholders(const QString& templ) {
    QSet<QString> out;
    for (const std::string& p : kiln::templatePlaceholders(templ.toStdString())) out.insert(QString::fromStdString(p));
    return out;
}

template <typename Fn>
QString libraryError(Fn fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        return LibraryText::error(e);
    }
    return QString();
}

template <typename Fn>
std::string rawError(Fn fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

// Every "[...]" shape and "dtype[...]" tensor description in `raw`: names, for expectChinese.
QStringList shapesIn(const std::string& raw) {
    QStringList out;
    for (auto it = QRegularExpression(QStringLiteral("[A-Za-z0-9]*\\[[^\\]]*\\]")).globalMatch(QString::fromStdString(raw)); it.hasNext();)
        out << it.next().captured(0);
    return out;
}

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

kiln::BuilderConfig batchOne() {
    kiln::BuilderConfig c;
    c.profiles.push_back({{{"input", kiln::ShapeRange{{1, 3, 32, 32}, {1, 3, 32, 32}, {2, 3, 32, 32}}}}});
    c.timingIterations = 1;
    return c;
}
}  // namespace

class LibraryTextTest : public QObject {
    Q_OBJECT
private:
    LanguageManager language_;
    QTemporaryDir dir_;
    std::shared_ptr<kiln::Graph> model_;

    QString inputShape() const { return QString::fromStdString(model_->runtimeInputs().front()->shape.str()); }

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
        LoadOutcome loaded = ModelLoader::loadFile(kTinyCnn);
        QVERIFY2(loaded.model, qPrintable(loaded.error));
        model_ = loaded.model->graph;
        QVERIFY(language_.apply(QStringLiteral("zh_CN")));
    }

    void patternsCompile() { QCOMPARE(LibraryText::brokenPatterns(), QStringList()); }

    // Every catalogue id has a template for translators with the library's placeholders, and a
    // Chinese translation with the same placeholder set.
    void catalogueIsTranslated() {
        for (size_t i = 0; i < kiln::kMessageCount; ++i) {
            const Msg id = Msg(i);
            const QString name = QString::fromLatin1(kiln::messageIdName(id).data(), qsizetype(kiln::messageIdName(id).size()));
            const char* source = LibraryText::messageSource(id);
            if (id == Msg::FreeText) {
                QVERIFY(source == nullptr);
                continue;
            }
            QVERIFY2(source != nullptr, qPrintable(name + ": no template in library_messages.cpp"));
            const QString english = QString::fromStdString(std::string(kiln::englishTemplate(id)));
            QCOMPARE(placeholders(QString::fromUtf8(source)), placeholders(english));
            const QString zh = LibraryText::messageTemplate(id);
            const bool onlyAPlaceholder = QRegularExpression(QStringLiteral("^\\{\\w+\\}$")).match(english).hasMatch();
            QVERIFY2(zh != QString::fromUtf8(source) || onlyAPlaceholder,
                     qPrintable(name + ": no zh_CN translation for: " + QString::fromUtf8(source)));
            bool wellFormed = false;
            kiln::templatePlaceholders(zh.toStdString(), &wellFormed);
            QVERIFY2(wellFormed, qPrintable(name + ": " + zh));
            QVERIFY2(placeholders(zh) == placeholders(english), qPrintable(name + ": " + zh + " | " + english));
        }
    }

    // A converted error reaches zh_CN fully translated, its nested cause included.
    void nestedCauseTranslates() {
        const kiln::Message m = libraryMessage([] { kiln::parseShapeSpecs({"x:1xq"}, "shapes"); });
        QCOMPARE(m.id(), Msg::ShapeSpecBadDims);
        QVERIFY(m.cause() != nullptr && m.cause()->id() == Msg::ShapeTextBadDim);
        QVERIFY(LibraryText::knows(m));
        QCOMPARE(LibraryText::message(m), QStringLiteral("--shapes “x:1xq”：形状“1xq”有误：“q”不是非负整数"));
        // Through the GUI's boundary too (LibraryText::error on the exception).
        QCOMPARE(libraryError([] { kiln::parseShapeSpecs({"x:1xq"}, "shapes"); }), LibraryText::message(m));
        // Two levels: the importer's file error inside the calibration data field.
        const QString junk = dir_.filePath(QStringLiteral("nested-calibration"));
        QVERIFY(QDir().mkpath(junk));
        writeText(junk + "/input_0.pb", "");
        const kiln::Message batch = libraryMessage([&] {
            kiln::loadCalibrationBatch(*model_, kiln::findCalibrationBatches(junk.toStdString()).front());
        });
        QCOMPARE(batch.id(), Msg::ConfigField);
        QVERIFY(batch.cause() != nullptr && batch.cause()->id() == Msg::TensorProtoFileEmpty);
        QVERIFY(LibraryText::knows(batch));
        expectChinese(LibraryText::message(batch), {"calibration.dataFolder", junk + "/input_0.pb", "onnx.TensorProto"});
        // The importer: an op it has no importer for, as an error (the reason nested) and as a
        // model's unsupported node.
        onnx::ModelProto model;
        model.set_ir_version(8);
        model.add_opset_import()->set_version(17);
        onnx::GraphProto* g = model.mutable_graph();
        g->set_name("g");
        onnx::NodeProto* node = g->add_node();
        node->set_op_type("FancyOp");
        node->set_name("fancy");
        node->add_input("x");
        node->add_output("y");
        for (auto* list : {g->add_input(), g->add_output()}) list->mutable_type()->mutable_tensor_type()->set_elem_type(1);
        g->mutable_input(0)->set_name("x");
        g->mutable_output(0)->set_name("y");
        const std::string bytes = model.SerializeAsString();
        const kiln::Message unsupported = libraryMessage([&] { kiln::importOnnxBytes(bytes, "", "m.onnx"); });
        QCOMPARE(unsupported.id(), Msg::ImportUnsupportedOp);
        QVERIFY(unsupported.cause() != nullptr && unsupported.cause()->id() == Msg::NoImporter);
        QCOMPARE(LibraryText::message(unsupported),
                 QStringLiteral("“m.onnx”：节点“fancy”（索引 0，opset 17）的算子“FancyOp”不受支持：没有该算子的导入器"));
        kiln::ImportOptions lenient;
        lenient.allowUnsupported = true;
        const kiln::ImportResult imported = kiln::importOnnxBytes(bytes, "", "m.onnx", lenient);
        QCOMPARE(int(imported.unsupported.size()), 1);
        QCOMPARE(LibraryText::message(imported.unsupported.front().reason), QStringLiteral("没有该算子的导入器"));
        // A structured wrapper around free text from code not converted yet (the runtime's): the
        // wrapper translates by id, the free text through the patterns.
        const kiln::Message wrapped = kiln::msg<Msg::CalibrationBatchFailed>(
            "batch"_a = "/d/test_data_set_3", "cause"_a = kiln::Message("execution cancelled"));
        QVERIFY(LibraryText::knows(wrapped));
        QCOMPARE(LibraryText::message(wrapped), QStringLiteral("校准：批次 /d/test_data_set_3：执行已取消"));
        const kiln::Message unknown = kiln::msg<Msg::CalibrationExecutorFailed>("cause"_a = kiln::Message("something new"));
        QVERIFY(!LibraryText::knows(unknown));
        QCOMPARE(LibraryText::message(unknown), QStringLiteral("校准：参考执行器无法运行该模型：something new"));
    }

    // The point of the catalogue: a message translates by its id and arguments; its English wording
    // plays no part. The same sentence as free text (what the GUI got before) is no longer known,
    // and a message built by hand, with no English formed at all, translates just the same.
    void translationIgnoresTheEnglishWording() {
        const QString path = dir_.filePath(QStringLiteral("absent.onnx"));
        const kiln::Message real = libraryMessage([&] { kiln::importOnnxFile(path.toStdString()); });
        QCOMPARE(real.id(), Msg::FileMissing);
        const QString zh = QStringLiteral("模型文件“%1”不存在").arg(path);
        QCOMPARE(LibraryText::message(real), zh);
        // The English sentence itself: no pattern knows it any more.
        const QString english = QString::fromStdString(real.text());
        QVERIFY(!LibraryText::knows(english));
        QCOMPARE(LibraryText::message(english), english);
        // By id with the English template bypassed: arguments only.
        const kiln::Message byHand(Msg::FileMissing,
                                   {{"file", path.toStdString(), nullptr},
                                    {"what", "", std::make_shared<const kiln::Message>(kiln::Message(Msg::NounModelFile, {}))}});
        QCOMPARE(LibraryText::message(byHand), zh);
        // The translation is the Chinese template filled in, whatever the English template says.
        QCOMPARE(LibraryText::messageTemplate(Msg::FileMissing), QStringLiteral("{what}“{file}”不存在"));
        // A name that looks like a placeholder stays as it is.
        QCOMPARE(LibraryText::message(kiln::msg<Msg::FileMissing>("what"_a = kiln::msg<Msg::NounModelFile>(),
                                                                  "file"_a = "{what}.onnx")),
                 QStringLiteral("模型文件“{what}.onnx”不存在"));
    }

    void namesTranslate() {
        for (kiln::BuildPhase p : {kiln::BuildPhase::Import, kiln::BuildPhase::Optimize, kiln::BuildPhase::SelectTactics,
                                   kiln::BuildPhase::Serialize})
            expectChinese(LibraryText::phase(p), {});
        for (kiln::ErrorKind k : {kiln::ErrorKind::InvalidArgument, kiln::ErrorKind::InvalidModel, kiln::ErrorKind::Unsupported,
                                  kiln::ErrorKind::ResourceLimit, kiln::ErrorKind::Io, kiln::ErrorKind::Internal})
            expectChinese(LibraryText::errorKind(k), {});
        // Every optimizer stage, and every fusion the level-3 optimizer reports on a real model.
        QStringList ops = {"Conv", "Gemm", "MatMul", "BatchNorm", "GELU", "LayerNorm", "Identity", "Dropout", "erf", "tanh",
                           "Reshape", "INT8", "Q/DQ", "DequantizeLinear", "HardSwish", "HardSigmoid", "Mish"};
        for (const kiln::passes::PassDescription& d : kiln::passes::describePasses()) {
            expectChinese(LibraryText::passName(QString::fromStdString(d.name)), ops);
            for (const std::string& rule : d.rules) expectChinese(LibraryText::passName(QString::fromStdString(rule)), ops);
        }
        std::unique_ptr<kiln::Graph> copy = kiln::cloneGraph(*model_);
        kiln::passes::OptimizerOptions options;
        options.level = 3;
        const kiln::passes::FusionReport report = kiln::passes::optimizeGraph(*copy, options);
        QVERIFY(!report.fired.empty());
        for (const auto& [name, times] : report.fired) expectChinese(LibraryText::passName(QString::fromStdString(name)), ops);
        for (const char* name : {"ConstantFolding", "ShapeFolding", "DeadCodeElimination", "EliminateIdentity",
                                 "EliminateDropout", "FoldBatchNormIntoConv", "FoldBatchNormIntoGemm", "FuseConvBias",
                                 "FuseConvResidual", "FuseConvActivation", "FuseMatMulBias", "FuseMatMulActivation",
                                 "FusePointwiseChain", "RecognizeGeluErf", "RecognizeGeluTanh", "RecognizeLayerNorm",
                                 "FuseAttention", "FuseHorizontalMatMul", "FuseHorizontalConv",
                                 "CommonSubexpressionElimination", "MergeEqualConstants"})
            expectChinese(LibraryText::passName(QLatin1String(name)), ops);
        // Every tactic in the kernel registry, and the builder's "plugin".
        const kiln::KernelRegistry& registry = kiln::cpuKernelRegistry();
        QSet<QString> tactics{QStringLiteral("plugin")};
        for (const std::string& op : registry.opTypes()) {
            const size_t sep = op.find("::");
            const std::string domain = sep == std::string::npos ? "" : op.substr(0, sep);
            const std::string type = sep == std::string::npos ? op : op.substr(sep + 2);
            for (const kiln::KernelDef* def : registry.findAll(type, domain))
                tactics.insert(QString::fromStdString(def->tactic));
        }
        QVERIFY(tactics.size() >= 4);
        for (const QString& t : tactics) expectChinese(LibraryText::tactic(t), {});
        expectChinese(LibraryText::comparisonStatus(kiln::ComparisonStatus::ShapeMismatch), {});
    }

    void modelLoadErrors() {
        // A missing file, through the GUI's loader and through the importer itself.
        const QString missing = dir_.filePath(QStringLiteral("missing.onnx"));
        const LoadOutcome out = ModelLoader::loadFile(missing);
        QVERIFY(!out.model);
        expectChinese(out.error, {missing});
        expectChinese(libraryError([&] { kiln::importOnnxFile(missing.toStdString()); }), {missing});
        // Bytes that are not a model; an empty file.
        const QString broken = dir_.filePath(QStringLiteral("broken.onnx"));
        test::writeBrokenFile(broken);
        const LoadOutcome bad = ModelLoader::loadFile(broken);
        QVERIFY(!bad.model);
        expectChinese(bad.error, {broken});
        const QString empty = dir_.filePath(QStringLiteral("empty.onnx"));
        QFile(empty).open(QIODevice::WriteOnly);
        expectChinese(ModelLoader::loadFile(empty).error, {empty});
    }

    void builderConfigErrors() {
        kiln::BuilderConfig c = batchOne();
        c.optimizationLevel = 7;
        expectChinese(libraryError([&] { c.validate(*model_); }), {"optimizationLevel"});
        c = batchOne();
        c.layerPrecisions.push_back({"no_such_layer", kiln::Precision::FP32});
        expectChinese(libraryError([&] { c.validate(*model_); }), {"layerPrecisions[0].target", "no_such_layer"});
        c = batchOne();
        c.profiles[0].inputs["input"].min = {4, 3, 32, 32};
        expectChinese(libraryError([&] { c.validate(*model_); }), {"profiles[0].input.min", "[4,3,32,32]", "[2,3,32,32]"});
        c = batchOne();
        c.profiles.clear();
        expectChinese(libraryError([&] { c.validate(*model_); }), {"profiles", "input", inputShape()});
        // Settings files: a wrong type, an unknown field, a bad choice, and validation through JSON.
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"optimizationLevel": "high"})", "settings.json"); }),
                      {"settings.json", "optimizationLevel"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"colour": 1})", "settings.json"); }),
                      {"settings.json", "colour"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"optimizationLevel": 9})", "settings.json"); }),
                      {"settings.json", "optimizationLevel"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"precisions": ["fp64"]})", "settings.json"); }),
                      {"settings.json", "precisions[0]", "fp64", "tf32", "bf16", "fp8"});
        // The build settings model shows the same message next to the field.
        BuildSettingsModel settings;
        settings.setGraph(model_);
        QString error;
        QVERIFY(!settings.loadJson(QStringLiteral(R"({"timing": {"iterations": 0}})"), &error, QStringLiteral("ws.json")));
        expectChinese(error, {"ws.json", "timing.iterations", "timingIterations"});
        settings.addOverride(QStringLiteral("nowhere"), kiln::Precision::FP32);
        QVERIFY(!settings.isValid());
        expectChinese(settings.validationMessage(), {"layerPrecisions[0].target", "nowhere"});
    }

    // Why a fusion was not compared with its unfused nodes (FusionTiming::note, shown in the layer
    // info and the fusion view): a real build with fusion timing off, then the builder's other notes.
    void fusionNotesAreChinese() {
        kiln::BuilderConfig config = batchOne();
        config.compareFusions = false;
        kiln::BuildReport report;
        kiln::BuildOptions options;
        options.report = &report;
        kiln::buildEngine(*model_, config, {}, options);
        int notes = 0;
        for (const kiln::FusionTiming& t : report.fusionTimings) {
            QCOMPARE(t.decision, kiln::FusionDecision::NotCompared);
            QVERIFY2(LibraryText::knows(QString::fromStdString(t.note)), t.note.c_str());
            expectChinese(LibraryText::message(t.note), {"timing.compareFusions"});
            ++notes;
        }
        QVERIFY(notes > 0);  // tiny_cnn has fused layers
        for (const char* note :
             {"its attributes have no exact unfused form", "an input is float16 (its unfused nodes would take fp32 constants)",
              "the cuda backend has no Erf kernel", "no cpu kernel of its Conv applies",
              "its tactic needs more scratch than the workspace limit",
              "its Conv needs more scratch than the workspace limit",
              "its unfused nodes failed: Kiln was built without the CUDA backend"}) {
            QVERIFY2(LibraryText::knows(QString::fromLatin1(note)), note);
            expectChinese(LibraryText::message(QString::fromLatin1(note)), {"float16", "fp32", "cuda", "cpu", "Erf", "Conv", "CUDA"});
        }
    }

    void engineAndRunErrors() {
        std::shared_ptr<const kiln::Engine> engine = kiln::buildEngine(*model_, batchOne());
        const QString path = dir_.filePath(QStringLiteral("tiny.kiln"));
        engine->save(path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        f.close();
        // Truncated, corrupted, not an engine at all.
        const QString truncated = dir_.filePath(QStringLiteral("truncated.kiln"));
        QFile t(truncated);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(bytes.left(bytes.size() / 2));
        t.close();
        const LoadOutcome out = ModelLoader::loadFile(truncated);
        QVERIFY(!out.model);
        expectChinese(out.error, {truncated});
        QByteArray flipped = bytes;
        flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x5a);
        const QString corrupt = dir_.filePath(QStringLiteral("corrupt.kiln"));
        QFile c(corrupt);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(flipped);
        c.close();
        // The checksums in the message are hex numbers: names here.
        const QString raw = QString::fromStdString(rawError([&] { kiln::Engine::load(corrupt.toStdString()); }));
        QStringList hex{corrupt};
        for (auto it = QRegularExpression(QStringLiteral("(?<![0-9A-Za-z])[0-9a-f]{6,}(?![0-9A-Za-z])")).globalMatch(raw); it.hasNext();)
            hex << it.next().captured(0);
        expectChinese(libraryError([&] { kiln::Engine::load(corrupt.toStdString()); }), hex);
        // Running: a shape outside the profile, a missing input, a profile that does not exist.
        kiln::TensorMap inputs = makeEngineInputs(*engine, *model_, 1);
        kiln::TensorMap big;
        big["input"] = kiln::Tensor(kiln::DataType::Float32, {3, 3, 32, 32});
        auto context = engine->createExecutionContext();
        expectChinese(libraryError([&] { context->execute(big); }), {"input", "[3,3,32,32]", "[1,3,32,32]", "[2,3,32,32]"});
        expectChinese(libraryError([&] { context->execute(kiln::TensorMap{}); }), {"input", inputShape()});
        expectChinese(libraryError([&] { context->setOptimizationProfile(4); }), {});
        // The exact English is still there underneath (the CLI prints it).
        QVERIFY(QString::fromStdString(rawError([&] { context->execute(big); })).contains("outside optimization profile"));
    }

    void buildLogIsChinese() {
        BuildController controller;
        QStringList log;
        connect(&controller, &BuildController::logLine, this, [&log](const QString& line) { log << line; });
        QSignalSpy finished(&controller, &BuildController::finished);
        controller.start(model_, batchOne());
        QVERIFY(finished.wait(120000));
        QVERIFY(log.size() > 5);
        // Allowed: the model's layer and ONNX node names, and its tensor names.
        QStringList names;
        for (const kiln::EngineLayer& l : controller.engine()->layers()) {
            names << QString::fromStdString(l.name);
            for (const std::string& o : l.origin) names << QString::fromStdString(o);
        }
        for (const kiln::Node* n : model_->nodes()) names << QString::fromStdString(n->name);
        bool sawSummary = false;
        for (const QString& line : log) {
            expectChinese(line, names);
            sawSummary = sawSummary || line.contains(QStringLiteral("个节点"));
        }
        QVERIFY2(sawSummary, qPrintable(log.join('\n')));  // the phase summaries are in the log, translated
    }

    void buildFailureIsChinese() {
        // A model with an op no backend runs: the builder's multi-line message, every line Chinese.
        std::shared_ptr<kiln::Graph> graph = test::makeSmallGraph();
        BuildController controller;
        QSignalSpy failed(&controller, &BuildController::failed);
        kiln::BuilderConfig config;
        config.profiles.push_back({{{"x", kiln::ShapeRange{{1, 3, 8, 8}, {1, 3, 8, 8}, {1, 3, 8, 8}}}}});
        controller.start(graph, config);
        QVERIFY(failed.wait(60000));
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("FancyOp")) && message.count('\n') >= 1, qPrintable(message));
        QStringList names;
        for (const kiln::Node* n : graph->nodes())
            names << QString::fromStdString(n->name) << QString::fromStdString(n->opType) << QString::fromStdString(n->domain);
        for (const QString& line : message.split('\n')) expectChinese(line.trimmed() == "..." ? QStringLiteral("节点") : line, names);
    }

    QString makeCalibrationFolder(const QString& name) { return test::makeTinyCnnCalibration(dir_.filePath(name)); }

    kiln::BuilderConfig int8Config(const QString& folder, const QString& cache = {}) {
        kiln::BuilderConfig c = batchOne();
        c.precisions = {kiln::Precision::FP32, kiln::Precision::INT8};
        c.calibration.dataFolder = folder.toStdString();
        c.calibration.cachePath = cache.toStdString();
        return c;
    }

    void calibrationErrors() {
        const QString field = QStringLiteral("calibration.dataFolder");
        // A folder that does not exist, through validate() and through the calibrator itself.
        const QString nowhere = dir_.filePath(QStringLiteral("no-such-calibration"));
        expectChinese(libraryError([&] { int8Config(nowhere).validate(*model_); }), {field, nowhere});
        expectChinese(libraryError([&] { kiln::calibrate(*model_, int8Config(nowhere).calibration); }), {field, nowhere});
        // A folder with no data sets in it.
        const QString empty = dir_.filePath(QStringLiteral("empty-calibration"));
        QVERIFY(QDir().mkpath(empty + "/test_data_set_0"));
        writeText(empty + "/notes.txt", "not a tensor");
        const QString noData = libraryError([&] { int8Config(empty).validate(*model_); });
        expectChinese(noData, {field, empty, "test_data_set_*/input_N.pb", "input_N.pb", "NAME.npy"});
        // A file that is not the first of its batch, and a .pb that is not a tensor.
        const QString gap = dir_.filePath(QStringLiteral("gap-calibration"));
        QVERIFY(QDir().mkpath(gap));
        writeText(gap + "/input_1.pb", "x");
        expectChinese(libraryError([&] { int8Config(gap).validate(*model_); }), {field, gap, "input_1.pb", "input_0.pb"});
        const QString junk = dir_.filePath(QStringLiteral("junk-calibration"));
        QVERIFY(QDir().mkpath(junk));
        writeText(junk + "/input_0.pb", "definitely not protobuf");
        expectChinese(libraryError([&] { int8Config(junk).validate(*model_); }),
                      {field, junk + "/input_0.pb", "onnx.TensorProto"});
        // Inputs that do not match the model: a .npy named after no input, a tensor of the wrong shape.
        const QString named = dir_.filePath(QStringLiteral("npy-calibration"));
        QVERIFY(QDir().mkpath(named));
        kiln::writeNpyFile((named + "/pixels.npy").toStdString(), kiln::Tensor(kiln::DataType::Float32, {1, 3, 32, 32}));
        const QString mismatch = libraryError([&] { int8Config(named).validate(*model_); });
        QVERIFY2(mismatch.contains("pixels"), qPrintable(mismatch));
        expectChinese(mismatch, {field, named + "/pixels.npy", "pixels", "input"});
        const QString shaped = dir_.filePath(QStringLiteral("shape-calibration"));
        QVERIFY(QDir().mkpath(shaped));
        kiln::writeTensorProtoFile((shaped + "/input_0.pb").toStdString(), kiln::Tensor(kiln::DataType::Float32, {1, 3, 16, 16}), "input");
        const std::string rawShape = rawError([&] { int8Config(shaped).validate(*model_); });
        QVERIFY2(QString::fromStdString(rawShape).contains("expects"), rawShape.c_str());
        expectChinese(libraryError([&] { int8Config(shaped).validate(*model_); }),
                      QStringList{field, shaped + "/input_0.pb", "input"} + shapesIn(rawShape));
        // A batch whose tensor files name no input of the model: by position, but there are too many.
        const QString many = dir_.filePath(QStringLiteral("many-calibration"));
        QVERIFY(QDir().mkpath(many));
        for (const char* f : {"/input_0.pb", "/input_1.pb"})
            kiln::writeTensorProtoFile((many + f).toStdString(), kiln::Tensor(kiln::DataType::Float32, {1, 3, 32, 32}), "");
        expectChinese(libraryError([&] { int8Config(many).validate(*model_); }), {field, many, "input"});

        // int8 without data or cache, and with a cache path that does not exist.
        expectChinese(libraryError([&] { int8Config(QString()).validate(*model_); }), {field});
        const QString noCache = dir_.filePath(QStringLiteral("none.calib"));
        expectChinese(libraryError([&] { int8Config(QString(), noCache).validate(*model_); }), {field, noCache});
        // Settings out of range, an int8 layer on the CPU backend, and the JSON fields.
        kiln::BuilderConfig c = int8Config(makeCalibrationFolder(QStringLiteral("calib-ok")));
        c.calibration.percentile = 150;
        expectChinese(libraryError([&] { c.validate(*model_); }), {"calibration.percentile"});
        c.calibration.percentile = 99.9;
        c.calibration.maxBatches = -2;
        expectChinese(libraryError([&] { c.validate(*model_); }), {"calibration.maxBatches"});
        c.calibration.maxBatches = 0;
        c.layerPrecisions.push_back({"Conv", kiln::Precision::INT8});
        expectChinese(libraryError([&] { c.validate(*model_); }), {"layerPrecisions[0].precision"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"calibration": {"percentile": "high"}})", "s.json"); }),
                      {"s.json", "calibration.percentile"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"calibration": 3})", "s.json"); }),
                      {"s.json", "calibration", "dataFolder", "algorithm", "percentile", "maxBatches", "cache"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"calibration": {"algorithm": "median"}})", "s.json"); }),
                      {"s.json", "calibration.algorithm", "median", "minmax", "entropy", "percentile"});
        expectChinese(libraryError([] { kiln::builderConfigFromJson(R"({"calibration": {"batches": 2}})", "s.json"); }),
                      {"s.json", "calibration.batches"});
    }

    void calibrationCacheErrors() {
        const QString cache = dir_.filePath(QStringLiteral("bad.calib"));
        auto loadError = [&](const QByteArray& text) {
            writeText(cache, text);
            return libraryError([&] { kiln::loadCalibrationCache(cache.toStdString()); });
        };
        expectChinese(loadError("TRT-1 entropy\n"), {cache, "KILN-CALIB-1"});
        expectChinese(loadError("KILN-CALIB-1\n"), {cache});
        // A bad line: no hex digits, a negative range, a tensor listed twice.
        const QString badLine = loadError("KILN-CALIB-1 entropy\ninput: 3f800000\n/conv/out 12\n");
        QVERIFY2(badLine.contains(cache + ":3"), qPrintable(badLine));
        expectChinese(badLine, {cache, "/conv/out 12"});
        expectChinese(loadError("KILN-CALIB-1 entropy\ninput: bf800000\n"), {cache, "input"});
        expectChinese(loadError("KILN-CALIB-1 entropy\ninput: 3f800000\ninput: 40000000\n"), {cache, "input"});
        const QString missing = dir_.filePath(QStringLiteral("missing.calib"));
        expectChinese(libraryError([&] { kiln::loadCalibrationCache(missing.toStdString()); }), {missing});
        const QString unwritable = dir_.filePath(QStringLiteral("no-such-dir/out.calib"));
        expectChinese(libraryError([&] { kiln::saveCalibrationCache({"entropy", {{"input", 1.0f}}}, unwritable.toStdString()); }),
                      {unwritable});
        // A cache made by another calibrator: refused without data, recalibrated (with a warning) with it.
        const QString minmax = dir_.filePath(QStringLiteral("minmax.calib"));
        kiln::saveCalibrationCache({"minmax", {{"input", 2.0f}, {"not_in_model", 1.0f}}}, minmax.toStdString());
        kiln::CalibrationSettings settings;
        settings.cachePath = minmax.toStdString();
        expectChinese(libraryError([&] { kiln::obtainCalibration(*model_, settings); }), {"calibration.cache", minmax});
        settings.algorithm = kiln::CalibrationAlgorithm::MinMax;
        const kiln::CalibrationOutcome fromCache = kiln::obtainCalibration(*model_, settings);
        QCOMPARE(int(fromCache.warnings.size()), 1);  // "not_in_model" is not a tensor of tiny_cnn
        expectChinese(LibraryText::message(fromCache.warnings.front()), {minmax});  // as the builder passes it on
        QCOMPARE(int(fromCache.warningMessages.size()), 1);
        QCOMPARE(fromCache.warningMessages.front().text(), fromCache.warnings.front());
        expectChinese(LibraryText::message(fromCache.warningMessages.front()), {minmax});
        settings.algorithm = kiln::CalibrationAlgorithm::Percentile;
        settings.dataFolder = makeCalibrationFolder(QStringLiteral("calib-again")).toStdString();
        std::vector<std::string> progress;
        kiln::CalibrationCallbacks callbacks;
        callbacks.progress = [&](size_t, size_t, const std::string& m) { progress.push_back(m); };
        const kiln::CalibrationOutcome again = kiln::obtainCalibration(*model_, settings, callbacks);
        QVERIFY(!again.fromCache && again.batches == 2);
        QCOMPARE(int(again.warnings.size()), 1);
        expectChinese(LibraryText::message(again.warnings.front()), {minmax, "99.99"});
        expectChinese(LibraryText::message(again.warningMessages.front()), {minmax, "99.99"});
        QVERIFY(!progress.empty() && progress.back() == "test_data_set_1");  // batch names are names, not sentences
        QVERIFY(!LibraryText::knows(QString::fromStdString(progress.back())));
        // A batch the reference executor fails on wraps the executor's sentence (no small input provokes it).
        expectChinese(LibraryText::message(kiln::msg<Msg::CalibrationBatchFailed>(
                          "batch"_a = "/d/test_data_set_3", "cause"_a = kiln::Message("execution cancelled"))),
                      {"/d/test_data_set_3"});
        expectChinese(LibraryText::message(kiln::msg<Msg::CalibrationExecutorFailed>(
                          "cause"_a = kiln::Message("no CPU kernel for op Foo"))),
                      {"Foo"});
        // Cancelling: the calibrator's own sentence.
        callbacks.cancelled = [] { return true; };
        expectChinese(libraryError([&] { kiln::calibrate(*model_, settings, callbacks); }), {});
    }

    void calibratedBuildLogIsChinese() {
        const QString folder = makeCalibrationFolder(QStringLiteral("calib-build"));
        const QString cache = dir_.filePath(QStringLiteral("tiny.calib"));
        for (int pass = 0; pass < 2; ++pass) {  // calibrate and write the cache, then read it back
            BuildController controller;
            QStringList log;
            connect(&controller, &BuildController::logLine, this, [&log](const QString& line) { log << line; });
            QSignalSpy finished(&controller, &BuildController::finished);
            controller.start(model_, int8Config(folder, cache));
            QVERIFY(finished.wait(120000));
            QVERIFY(!controller.engine()->calibration().empty());
            QCOMPARE(controller.report().calibrationFromCache, pass == 1);
            QStringList names{folder, cache, "test_data_set_0", "test_data_set_1"};
            for (const kiln::EngineLayer& l : controller.engine()->layers()) {
                names << QString::fromStdString(l.name);
                for (const std::string& o : l.origin) names << QString::fromStdString(o);
            }
            for (const kiln::Node* n : model_->nodes()) names << QString::fromStdString(n->name);
            for (const QString& line : log) expectChinese(line, names);
            const QString all = log.join('\n');
            // The int8 warning, and the Calibrate phase: its batches, then its summary (or the cache read).
            QVERIFY2(all.contains(QStringLiteral("警告：int8：")), qPrintable(all));
            if (pass == 0) {
                QVERIFY2(all.contains(QStringLiteral("第 2 批（共 2 批）：test_data_set_1")), qPrintable(all));
                QVERIFY2(all.contains(QRegularExpression(QStringLiteral("\\d+ 个张量范围（熵）"))), qPrintable(all));
                QVERIFY(QFileInfo::exists(cache));
            } else {
                QVERIFY2(all.contains(QStringLiteral("从 %1 读取了").arg(cache)), qPrintable(all));
            }
        }
    }

    void englishIsTheLibrarysText() {
        QVERIFY(language_.apply(QStringLiteral("en")));
        const std::string raw = rawError([&] { kiln::importOnnxFile(dir_.filePath("missing.onnx").toStdString()); });
        QCOMPARE(libraryError([&] { kiln::importOnnxFile(dir_.filePath("missing.onnx").toStdString()); }), QString::fromStdString(raw));
        QCOMPARE(LibraryText::message(QStringLiteral("optimization profile 4 does not exist (the engine has 1 profile)")),
                 QStringLiteral("optimization profile 4 does not exist (the engine has 1 profile)"));
        QCOMPARE(LibraryText::error(kiln::ErrorKind::Unsupported, QStringLiteral("something new")), QStringLiteral("something new"));
        // A structured message in English is the library's text, nested causes included.
        const kiln::Message nested = libraryMessage([] { kiln::parseShapeSpecs({"x:1xq"}, "shapes"); });
        QCOMPARE(LibraryText::message(nested), QString::fromStdString(nested.text()));
        QVERIFY(language_.apply(QStringLiteral("zh_CN")));
        // An unknown sentence: the translated kind comes first, the English detail stays.
        QCOMPARE(LibraryText::error(kiln::ErrorKind::Unsupported, QStringLiteral("something new")),
                 QStringLiteral("不支持：something new"));
        // A name containing a placeholder is not substituted again (free-text patterns).
        QCOMPARE(LibraryText::message(QStringLiteral("cannot open engine file '%2.kiln'")),
                 QStringLiteral("无法打开引擎文件“%2.kiln”"));
    }
};

QTEST_MAIN(LibraryTextTest)
#include "test_library_text.moc"
